/**
 * The kernel interface. Kernels see typed arrays with shapes and strides, nothing of Tensor or
 * autograd: a backend implements this interface and the compiler proves it complete. `ref` is the
 * plain-TypeScript oracle; faster backends must give the same answers.
 * @module
 */
import type { FloatArray, TypedArray } from '../dtype.js';

/**
 * A strided window onto a storage array: element `[i0, i1, …]` lives at
 * `storage[offset + i0*strides[0] + i1*strides[1] + …]`. Strides may be 0 (broadcast) or negative.
 */
export interface View {
  readonly storage: TypedArray;
  readonly offset: number;
  readonly shape: readonly number[];
  readonly strides: readonly number[];
}

/** A {@link View} whose storage holds floats. */
export interface FloatView extends View {
  readonly storage: FloatArray;
}

/** Elementwise functions of one argument; `a` and `b` are the op's scalar parameters. */
export type UnaryOp =
  | 'neg'
  | 'exp'
  | 'log'
  | 'sqrt'
  | 'abs'
  | 'sign'
  | 'sin'
  | 'cos'
  | 'tanh'
  | 'sigmoid'
  | 'relu'
  | 'erf'
  | 'log1p'
  | 'expm1'
  | 'reciprocal'
  | 'leakyRelu' // a = negative slope
  | 'leakyReluSlope' // x > 0 ? 1 : a
  | 'powScalar' // x^a
  | 'clamp' // min(max(x, a), b)
  | 'clampMask' // a <= x <= b ? 1 : 0
  | 'softplus' // log(1 + exp(a·x)) / a, linear above threshold b
  // Issue 10 (G1): rounding, trigonometric, hyperbolic and exponential kernels (ref only).
  | MathUnaryOp;

/**
 * Issue 10's unary math kernels. `round` rounds half to even at `a` decimals (PyTorch's
 * `round(decimals)`); the others are the math functions of their names.
 */
export type MathUnaryOp =
  | 'floor' | 'ceil' | 'round' | 'trunc' | 'frac'
  | 'tan' | 'asin' | 'acos' | 'atan' | 'sinh' | 'cosh' | 'asinh' | 'acosh' | 'atanh'
  | 'exp2' | 'log2' | 'log10';

/**
 * Elementwise functions of two same-shape arguments. `tanhBackward`, `sigmoidBackward` and
 * `reluBackward` take (g, y) with y the activation's output: g·(1 − y)(1 + y), g·y(1 − y), and
 * g where y > 0 (or NaN) else 0: the three VJPs as one pass each.
 */
export type BinaryOp = 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'maximum' | 'minimum' | 'tanhBackward' | 'sigmoidBackward' | 'reluBackward'
  // Issue 10 (G1)
  | MathBinaryOp;

/**
 * Issue 10's binary math kernels: `divTrunc`/`divFloor` (a / b rounded toward 0 / down),
 * `remainder` (a − ⌊a/b⌋·b, the divisor's sign), `fmod` (C's fmod, the dividend's sign),
 * `copysign`, `atan2` (a = y, b = x), `hypot`, `logaddexp` (log(eᵃ + eᵇ)) and the bitwise
 * `bitAnd`/`bitOr`/`bitXor` (int32 and 0/1 bool operands).
 */
export type MathBinaryOp =
  | 'divTrunc' | 'divFloor' | 'remainder' | 'fmod' | 'copysign'
  | 'atan2' | 'hypot' | 'logaddexp'
  | 'bitAnd' | 'bitOr' | 'bitXor';

/** Elementwise comparisons, producing 0/1 in a Uint8Array. */
export type CompareOp = 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge';

/** Reductions over a set of axes. */
export type ReduceOp = 'sum' | 'max' | 'min';

/** Index-producing reductions along one axis. */
export type ArgReduceOp = 'argmax' | 'argmin';

/** Normalised exponentials along one axis. */
export type SoftmaxOp = 'softmax' | 'logSoftmax';

// --- order kernels (sort, cummax/cummin, cumprod, logcumsumexp): issue 10 ---
/** Running products / log-sum-exps along an axis. */
export type CumulativeOp = 'cumprod' | 'logcumsumexp';
/** Running arg-max / arg-min along an axis. */
export type CumulativeIndexOp = 'cummax' | 'cummin';
/** How scatterReduce folds a value into its target. */
export type ScatterReduceOp = 'prod' | 'amax' | 'amin';
// --- end order kernels ---

/**
 * Where the sliding windows of im2col/col2im sit on a [N, C, H, W] image (1-D ops use H = 1).
 * Window (oy, ox) reads rows `oy·stride[0] − padding[0] + ki·dilation[0]` (ki < kernelSize[0]) and
 * likewise columns; positions outside the image are padding. `padding` is the amount before the
 * image; whatever `outputSize` reaches beyond the image's end is padding too (ceil mode, 'same').
 */
export interface WindowGeometry {
  /** [H, W] of the image. */
  readonly inputSize: readonly [number, number];
  /** [kH, kW]. */
  readonly kernelSize: readonly [number, number];
  readonly stride: readonly [number, number];
  /** Padding before the first row and column. */
  readonly padding: readonly [number, number];
  readonly dilation: readonly [number, number];
  /** Number of window positions [outH, outW]. */
  readonly outputSize: readonly [number, number];
}

/** Everything a compute backend provides. */
export interface Backend {
  /** Short name shown by the kernel trace (`'ref'`, `'wasm'`). */
  readonly name: string;

  /** Copies `src` into `dst` element by element (same shape; any strides; converts dtype). */
  copy(src: View, dst: View): void;

  /** `out[i] = op(x[i]; a, b)`, `out` contiguous with x's shape. */
  unary(op: UnaryOp, x: FloatView, out: FloatArray, a: number, b: number): void;

  /** `out[i] = a[i] op b[i]`; `a` and `b` have the same shape (broadcast dims have stride 0). */
  binary(op: BinaryOp, a: View, b: View, out: TypedArray): void;

  /**
   * out = y + alpha·x for same-shape views (`out` contiguous), rounded as a multiply then an add
   * in the result's dtype: the fused form of optimizers' `p.add_(g, alpha)`.
   */
  scaledAdd(y: View, alpha: number, x: View, out: TypedArray): void;

  /**
   * One Adam update, in place: the contiguous float tensors `param`, `expAvg` (m) and `expAvgSq`
   * (v) of one length, from the contiguous gradient `grad` (g), with `scalars` = [β1, β2, c2, ε,
   * stepSize] (c2 = √(1 − β2^t)): m ← β1·m + (1 − β1)·g; v ← β2·v + (1 − β2)·g·g;
   * param ← param − stepSize·m / (√v / c2 + ε). float32 rounds after every operation, each
   * scalar (and 1 − β) rounded to float32 first, exactly where the chain of float32 ops
   * (`expAvg.mul_(β1).add_(g, 1 − β1)`, …) rounds, so every backend gives the chain's bits.
   */
  adamStep(param: FloatView, grad: FloatView, expAvg: FloatView, expAvgSq: FloatView, scalars: readonly number[]): void;

  /** `out[i] = a[i] op b[i] ? 1 : 0`. */
  compare(op: CompareOp, a: View, b: View, out: Uint8Array): void;

  /** `out[i] = cond[i] ? a[i] : b[i]`; all three of one shape. */
  where(cond: View, a: View, b: View, out: TypedArray): void;

  /**
   * Reduces `x` over `axes` (sorted, distinct). `out` is contiguous with x's shape where the
   * reduced axes have size 1. max/min propagate NaN.
   */
  reduce(op: ReduceOp, x: View, axes: readonly number[], out: TypedArray): void;

  /** Index of the first max (min) along `axis`; NaN counts as the max. `out` as for reduce. */
  argReduce(op: ArgReduceOp, x: View, axis: number, out: Int32Array): void;

  /**
   * Max pooling's arg-max: for each window of `x` [N, C, H, W] (any strides), the flat index
   * iy·W + ix of its largest in-image value, PyTorch's rule (first of equal maxima, last NaN; an
   * all −∞ window gives its first in-image position). `out` is contiguous [N, C, outH, outW].
   * When `values` is given (contiguous, like `out`), each window's max, the value at that index,
   * goes there too: max pooling's output without a gather.
   */
  maxPoolIndices(x: FloatView, geometry: WindowGeometry, out: Int32Array, values?: FloatArray): void;

  /**
   * The LSTM cell's pointwise part. From the gate pre-activations `gates` [B, 4H] (column blocks
   * i, f, g, o) and the cell state `c` [B, H]: c' = σ(f)·c + σ(i)·tanh(g), h' = σ(o)·tanh(c').
   * `out` is contiguous [2, B, H]: h' then c'; `acts` receives [B, 5H], per row σ(i), σ(f),
   * tanh(g), σ(o) and tanh(c'), which the backward kernel reuses.
   */
  lstmCell(gates: FloatView, c: FloatView, out: FloatArray, acts: FloatArray): void;

  /**
   * lstmCell's VJP from its activations `acts` [B, 5H] (contiguous, as lstmCell wrote them), the
   * cell state `c` [B, H] and `grad` [2, B, H] (the gradients of h' and c'): writes the gradient
   * of the gates into `outGates` [B, 4H] and of `c` into `outC` [B, H] (contiguous).
   */
  lstmCellBackward(acts: FloatView, c: FloatView, grad: FloatView, outGates: FloatArray, outC: FloatArray): void;

  /**
   * An LSTM layer's recurrence over its T steps (no projection). From the input `x` [T, B, I],
   * `weightIh` [4H, I], `bias` [4H] (b_ih + b_hh, or null), the initial states `h0`, `c0` [B, H]
   * and `weightHh` [4H, H]: first the input's part of every step, xGates = x·W_ihᵀ + bias, as one
   * product over all steps; then for t = 0 … T−1, gates_t = xGates[t] + h_{t−1}·W_hhᵀ and
   * (h_t, c_t) = {@link lstmCell}(gates_t, c_{t−1}). `states` is contiguous [T, 2, B, H] (h_t then
   * c_t per step); `acts` receives [T, B, 5H], each step's activations as lstmCell keeps them.
   */
  lstmRecurrence(
    x: FloatView, weightIh: FloatView, bias: FloatView | null, h0: FloatView, c0: FloatView, weightHh: FloatView, states: FloatArray, acts: FloatArray,
  ): void;

  /**
   * lstmRecurrence's backpropagation through time, from its `acts` [T, B, 5H] and `states`
   * [T, 2, B, H] (contiguous, as it wrote them), `c0`, `weightHh` and `grad` [T, 2, B, H] (the
   * gradients of each h_t and c_t from outside the recurrence): for t = T−1 … 0, with dh and dc
   * carried back from step t + 1 (zero at first), (d gates_t, dc) = {@link lstmCellBackward}
   * at [grad_h[t] + dh, grad_c[t] + dc] and dh = d gates_t·W_hh. Writes d gates into
   * `outGates` [T, B, 4H] and the last dh and dc into `outH0` and `outC0` [B, H] (contiguous).
   * The weight's gradient Σ_t d gates_tᵀ·h_{t−1} is left to one product over all steps.
   */
  lstmRecurrenceBackward(
    acts: FloatView,
    c0: FloatView,
    states: FloatView,
    weightHh: FloatView,
    grad: FloatView,
    outGates: FloatArray,
    outH0: FloatArray,
    outC0: FloatArray,
  ): void;

  /**
   * An Elman RNN layer's recurrence over its T steps. From the input `x` [T, B, I], `weightIh`
   * [H, I], `bias` [H] (b_ih + b_hh, or null), the initial state `h0` [B, H] and `weightHh` [H, H]:
   * xGates = x·W_ihᵀ + bias for all steps at once (as lstmRecurrence), then for t = 0 … T−1,
   * h_t = act(xGates[t] + h_{t−1}·W_hhᵀ), act = tanh, or relu when `relu`. `states` is contiguous
   * [T, B, H].
   */
  rnnRecurrence(x: FloatView, weightIh: FloatView, bias: FloatView | null, h0: FloatView, weightHh: FloatView, relu: boolean, states: FloatArray): void;

  /**
   * rnnRecurrence's backpropagation through time, from its `states` [T, B, H] (contiguous, as it
   * wrote them), `weightHh` and `grad` [T, B, H] (the gradients of each h_t from outside the
   * recurrence): for t = T−1 … 0, with dh carried back from step t + 1 (zero at first),
   * d gates_t = (grad[t] + dh)·act′, act′ = 1 − h_t² (tanh) or 1(h_t > 0) (relu), and
   * dh = d gates_t·W_hh. Writes d gates into `outGates` [T, B, H] and the last dh into `outH0`
   * [B, H] (contiguous). The weight's gradient is left to one product over all steps.
   */
  rnnRecurrenceBackward(states: FloatView, weightHh: FloatView, relu: boolean, grad: FloatView, outGates: FloatArray, outH0: FloatArray): void;

  /**
   * A GRU layer's recurrence over its T steps. From the input `x` [T, B, I], `weightIh` [3H, I],
   * `biasIh` [3H] (or null), `h0` [B, H], `weightHh` [3H, H] and `biasHh` [3H] (or null):
   * xGates = x·W_ihᵀ + b_ih for all steps at once (as lstmRecurrence; blocks r, z, n), then for
   * t = 0 … T−1, with gh = h_{t−1}·W_hhᵀ + b_hh, r = σ(xr + ghr), z = σ(xz + ghz),
   * n = tanh(xn + r·ghn) and h_t = n + z·(h_{t−1} − n). `states` is contiguous [T, B, H]; `acts`
   * receives [T, B, 4H], each step's r, z, n and gh_n.
   */
  gruRecurrence(
    x: FloatView, weightIh: FloatView, biasIh: FloatView | null, h0: FloatView, weightHh: FloatView, biasHh: FloatView | null, states: FloatArray, acts: FloatArray,
  ): void;

  /**
   * gruRecurrence's backpropagation through time, from its `acts` and `states` (contiguous, as it
   * wrote them), `h0`, `weightHh` and `grad` [T, B, H] (the gradients of each h_t from outside):
   * for t = T−1 … 0, with g = grad[t] + dh (dh carried back, zero at first), writes the gradients
   * of xGates[t] into `outXGates` and of gh_t into `outGh` (both [T, B, 3H]), then
   * dh = g·z + d gh_t·W_hh; the last dh goes into `outH0` [B, H]. The weights' and biases'
   * gradients are left to products over all steps.
   */
  gruRecurrenceBackward(
    acts: FloatView,
    h0: FloatView,
    states: FloatView,
    weightHh: FloatView,
    grad: FloatView,
    outXGates: FloatArray,
    outGh: FloatArray,
    outH0: FloatArray,
  ): void;

  /**
   * Inclusive prefix sums of `x` along `axis` (0 for a 0-d x), accumulated in float64 and rounded
   * once per element: `out[…, k, …] = Σ_{j ≤ k} x[…, j, …]`; `out` contiguous with x's shape.
   */
  cumsum(x: FloatView, axis: number, out: FloatArray): void;

  // --- order kernels: issue 10 ---
  /**
   * The stable sorting permutation of each slice of `x` along `axis` (0 for a 0-d x): `out[…, k, …]`
   * is the position along `axis` of the k-th smallest (largest when `descending`), NaN counted as
   * larger than every number, equal values in their original order; `out` contiguous with x's shape.
   */
  sortIndices(x: View, axis: number, descending: boolean, out: Int32Array): void;
  /**
   * Running arg-max (`cummax`) or arg-min (`cummin`) along `axis`: a later element takes over on ties,
   * and a NaN takes over and stays (PyTorch's rule); `out` contiguous with x's shape.
   */
  cumulativeIndices(op: CumulativeIndexOp, x: View, axis: number, out: Int32Array): void;
  /**
   * Running product (`cumprod`) or log Σ exp (`logcumsumexp`, shifted by the running max) along
   * `axis`, in float64 rounded once per element; `out` contiguous with x's shape.
   */
  cumulative(op: CumulativeOp, x: FloatView, axis: number, out: FloatArray): void;
  /**
   * Folds `src` into `dst` in place with `op` (product, or max / min with NaN propagating), at
   * `index` along `dim`, as scatterAdd does with +: `dst[…, index[i…], …] = op(dst[…], src[i…])`.
   */
  scatterReduce(op: ScatterReduceOp, dst: View, dim: number, index: View, src: View): void;
  // --- end order kernels ---

  /** softmax (or its log) of `x` along `axis` (0 for a 0-d x), shifted by the max; `out` contiguous with x's shape. */
  softmax(op: SoftmaxOp, x: FloatView, axis: number, out: FloatArray): void;

  /**
   * Batched matrix product: `a` is [B, M, K], `b` is [B, K, N] with any strides (a transposed
   * operand is just a stride pattern); `out` is contiguous [B, M, N]. With `accumulate` the
   * product is added to out's values (the engine summing a weight's gradient over its uses).
   */
  matmul(a: FloatView, b: FloatView, out: FloatArray, accumulate: boolean): void;

  /** `out[...i...] = x[... index[...i...] along dim ...]`, out contiguous with index's shape. */
  gather(x: View, dim: number, index: View, out: TypedArray): void;

  /** `dst[... index[i] along dim ...] += src[i]` for every element i of index (dst contiguous). */
  scatterAdd(dst: View, dim: number, index: View, src: View): void;

  /** `out = x` restricted to positions `index` along `dim`; out contiguous. */
  indexSelect(x: View, dim: number, index: Int32Array, out: TypedArray): void;

  /** `dst[..., index[j], ...] += src[..., j, ...]` along `dim` (dst contiguous). */
  indexAdd(dst: View, dim: number, index: Int32Array, src: View): void;

  /**
   * im2col: copies every window of `x` ([N, C, H, W], any strides) into a column of `out`
   * (contiguous [N, C·kH·kW, outH·outW]; row (c·kH + ki)·kW + kj, column oy·outW + ox).
   * Padding positions get `padValue`. With `byRows`, `out` is laid out [C·kH·kW, N, outH·outW]
   * instead (each row holds every image's columns side by side: the operand of one product over
   * the whole batch); the values are the same.
   */
  im2col(x: FloatView, geometry: WindowGeometry, padValue: number, out: FloatArray, byRows?: boolean): void;

  /**
   * col2im, the adjoint of im2col: adds every entry of `cols` ([N, C·kH·kW, outH·outW], any
   * strides) into the image position it came from; padding positions are dropped. `out` is
   * contiguous [N, C, H, W] and zero on entry.
   */
  col2im(cols: FloatView, geometry: WindowGeometry, out: FloatArray): void;

  /**
   * A convolution's product with its columns in one call: `out = a·b` as {@link matmul} (no
   * accumulate), `b` being the view `cols` (shape [B, K, N], strides, offset) of the columns
   * `im2col(x, geometry, 0, ·, byRows)` writes. The same bits as those two kernels; a backend
   * whose kernels work in memory of their own (wasm) keeps the columns there instead of copying
   * them out and back in. Ref runs exactly those two kernels. With `bias` ([B, M], any strides:
   * a convolution's bias per output row), `bias[b, m]` is then added to row m of product b, one
   * rounding per element as {@link binary}'s add. For a product by rows (`byRows`, a weight
   * gradient's G · colsᵀ), `a` may also be [B, M, N, L] with any strides, read as the matrix
   * [B, M, N·L] (K = n·L + l): the gradient [N, Cout, L] viewed in place, where a [B, M, K] view
   * would need a copy.
   */
  im2colMatmul(x: FloatView, geometry: WindowGeometry, byRows: boolean, a: FloatView, cols: ColumnsLayout, out: FloatArray, bias?: FloatView): void;

  /**
   * The input gradient's product and col2im in one call: `col2im` of the contiguous product a·b
   * ([B, M, N] read as columns [N images, C·kH·kW, L]) into `out` [B, C, H, W], zero on entry.
   * The same bits as {@link matmul} then {@link col2im} (which ref runs). For a product by rows
   * (`byRows`: one product over every image's positions, as im2colMatmul's), `a` is [1, M, K]
   * and `b` [1, K, N·L], or [1, K, N, L] with any strides read as that (the gradient [N, Cout, L]
   * viewed in place); the product [1, M, N·L] is read as the columns [N, M, L], strides
   * (L, N·L, 1).
   */
  matmulCol2im(a: FloatView, b: FloatView, geometry: WindowGeometry, out: FloatArray, byRows?: boolean): void;
}

/** Where a view of im2col's columns reads them: a {@link View} without its storage. */
export type ColumnsLayout = Omit<View, 'storage'>;
