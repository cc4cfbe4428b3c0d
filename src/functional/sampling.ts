/**
 * Sampling a course reaches for (PyTorch's multinomial, bernoulli, normal with tensor
 * arguments), drawing from chainrule's generators (so the numbers differ from PyTorch's, the
 * distributions do not), plus emptyLike, tensorSplit and combinations. Not differentiable.
 * @module
 */
import { checkBool, checkInt, checkTensor, describe } from '../checks/args.js';
import { checkOptions } from '../checks/options.js';
import { asOp } from '../checks/rename.js';
import { MAX_ELEMENTS, checkNumel } from '../checks/limits.js';
import { DTypeError, ShapeError, ValueError, fmtShape } from '../errors.js';
import { isFloating, type DType } from '../dtype.js';
import { defaultGenerator, type Generator } from '../random.js';
import { add, mul } from '../ops/binary.js';
import { broadcastShapes, checkShape } from '../shape.js';
import { contiguous, narrow } from '../ops/views.js';
import { full, randn, tensor, type RandomOptions, type TensorOptions } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { dimIn } from './products.js';

const gen = (options: { generator?: Generator }): Generator => options.generator ?? defaultGenerator;

/** Options of {@link multinomial}. */
export interface MultinomialOptions {
  /** Draw with replacement (default false: each category at most once per row). */
  replacement?: boolean;
  generator?: Generator;
}

/**
 * Draws `numSamples` category indices per row from the non-negative weights `input` ([K] or
 * [N, K]; they need not sum to 1), int32. Without replacement a drawn category's weight drops out.
 *
 * ```ts
 * multinomial(tensor([0, 1, 3]), 4, { replacement: true }).shape; // [4], indices 1 or 2, 2 about 3× as often
 * ```
 */
export function multinomial(input: Tensor, numSamples: number, options: MultinomialOptions = {}): Tensor {
  const op = 'multinomial';
  checkTensor(op, 'input', input);
  if (!isFloating(input.dtype)) throw new DTypeError(op, `input must be float32 or float64, got ${input.dtype}`);
  if (input.ndim !== 1 && input.ndim !== 2) throw new ShapeError(op, `input must be 1-D or 2-D, got shape ${fmtShape(input.shape)}`);
  checkInt(op, 'numSamples', numSamples, 1);
  checkOptions(op, options, { replacement: 'bool', generator: 'generator' }); // null was a raw TypeError
  const replacement = options.replacement ?? false;
  checkBool(op, 'replacement', replacement);
  const k = input.shape[input.ndim - 1]!;
  const rows = input.ndim === 1 ? 1 : input.shape[0]!;
  if (!replacement && numSamples > k) throw new ValueError(op, `cannot draw ${numSamples} samples without replacement from ${k} categories`);
  checkNumel(op, rows * numSamples, `the ${rows}×${numSamples} samples`); // numSamples = 10¹² with replacement hung
  const w = Array.from(contiguous(input).toTypedArray(), Number);
  if (w.some((v) => !(v >= 0) || !Number.isFinite(v))) throw new ValueError(op, 'weights must be finite and non-negative');
  const g = gen(options);
  const out: number[] = [];
  for (let r = 0; r < rows; r++) {
    const weights = w.slice(r * k, (r + 1) * k);
    for (let s = 0; s < numSamples; s++) {
      const total = weights.reduce((a, b) => a + b, 0);
      if (!(total > 0)) throw new ValueError(op, `row ${r} has no positive weight left to draw from`);
      let u = g.uniform() * total;
      let c = 0;
      while (c < k - 1 && (weights[c] === 0 || u >= weights[c]!)) {
        u -= weights[c]!;
        c++;
      }
      while (weights[c] === 0) c--; // rounding at the top end: the last category with weight
      out.push(c);
      if (!replacement) weights[c] = 0;
    }
  }
  return tensor(out, { dtype: 'int32' }).reshape(input.ndim === 1 ? [numSamples] : [rows, numSamples]);
}

/**
 * 1 with probability p (each entry of `input`, in [0, 1]), else 0, in input's dtype.
 *
 * ```ts
 * bernoulli(full([3], 0.5)).toArray(); // e.g. [1, 0, 0]
 * ```
 */
export function bernoulli(input: Tensor, options: { generator?: Generator } = {}): Tensor {
  checkTensor('bernoulli', 'input', input);
  checkOptions('bernoulli', options, { generator: 'generator' });
  if (!isFloating(input.dtype)) throw new DTypeError('bernoulli', `input must be float32 or float64, got ${input.dtype}`);
  const p = Array.from(contiguous(input).toTypedArray(), Number);
  if (p.some((v) => !(v >= 0 && v <= 1))) throw new ValueError('bernoulli', 'probabilities must be in [0, 1]');
  const g = gen(options);
  return tensor(p.map((v) => (g.uniform() < v ? 1 : 0)), { dtype: input.dtype }).reshape(input.shape.slice());
}

/**
 * Normal samples with tensor (or number) means and standard deviations, broadcast together
 * (torch.normal(mean, std)); with two numbers, `size` gives the shape. Not differentiable.
 *
 * ```ts
 * normal(tensor([0, 10]), tensor([1, 0])).toArray()[1]; // 10
 * ```
 */
export function normal(mean: Tensor | number, std: Tensor | number, size?: readonly number[], options: RandomOptions = {}): Tensor {
  const shapeOf = (t: Tensor | number): number[] => (typeof t === 'number' ? [] : t.shape.slice());
  if (typeof mean !== 'number') checkTensor('normal', 'mean', mean);
  if (typeof std !== 'number') checkTensor('normal', 'std', std);
  if (size !== undefined && (typeof mean !== 'number' || typeof std !== 'number')) {
    throw new ValueError('normal', `size is only for a number mean and std (tensors give the shape), got ${describe(size)}`);
  }
  if (size !== undefined) checkShape('normal', size, 'size');
  checkOptions('normal', options, { dtype: 'any', requiresGrad: 'bool', generator: 'generator' });
  if (typeof std === 'number' ? std < 0 : Array.from(std.toTypedArray(), Number).some((v) => v < 0)) throw new ValueError('normal', 'std must be non-negative');
  const shape = typeof mean === 'number' && typeof std === 'number' ? [...(size ?? [])] : broadcastShapes('normal', shapeOf(mean), shapeOf(std));
  const dtype = (typeof mean !== 'number' ? mean.dtype : typeof std !== 'number' ? std.dtype : options.dtype ?? 'float32') as DType;
  if (!isFloating(dtype)) throw new DTypeError('normal', `mean and std must be float, got ${dtype}`);
  const z = randn(shape, { dtype, ...(options.generator ? { generator: options.generator } : {}) });
  const m = typeof mean === 'number' ? mean : mean.detach();
  const s = typeof std === 'number' ? std : std.detach();
  return add(mul(z, s), m);
}

/**
 * An uninitialized tensor of t's shape and dtype (zeros here), torch.empty_like.
 *
 * ```ts
 * emptyLike(ones([2, 3])).shape; // [2, 3]
 * ```
 */
export function emptyLike(t: Tensor, options: TensorOptions = {}): Tensor {
  checkTensor('emptyLike', 'input', t);
  checkOptions('emptyLike', options, { dtype: 'any', requiresGrad: 'bool' });
  return asOp('emptyLike', () => full(t.shape, 0, { dtype: t.dtype, ...options }));
}

/**
 * Splits x along `dim` into `sections` nearly equal parts (the first x.size % sections one longer),
 * or at the given indices (torch.tensor_split); views.
 *
 * ```ts
 * tensorSplit(arange(7), 3).map((t) => t.toArray()); // [[0, 1, 2], [3, 4], [5, 6]]
 * tensorSplit(arange(7), [1, 5]).map((t) => t.shape); // [[1], [4], [2]]
 * ```
 */
export function tensorSplit(x: Tensor, sectionsOrIndices: number | readonly number[], dim = 0): Tensor[] {
  checkTensor('tensorSplit', 'input', x);
  if (x.ndim === 0) throw new ShapeError('tensorSplit', 'input must be at least 1-D, got a 0-d tensor');
  const d = dimIn('tensorSplit', 'dim', dim, x.ndim);
  const n = x.shape[d]!;
  let bounds: number[];
  if (typeof sectionsOrIndices === 'number') {
    checkInt('tensorSplit', 'sections', sectionsOrIndices, 1);
    checkNumel('tensorSplit', sectionsOrIndices, `sections=${sectionsOrIndices} (one tensor each)`);
    const s = sectionsOrIndices;
    const base = Math.floor(n / s);
    const extra = n % s;
    bounds = Array.from({ length: s - 1 }, (_, i) => (i + 1) * base + Math.min(i + 1, extra));
  } else {
    if (!Array.isArray(sectionsOrIndices)) throw new ValueError('tensorSplit', 'expects a number of sections or an array of indices');
    for (let k = 0; k < sectionsOrIndices.length; k++) checkInt('tensorSplit', `indices[${k}]`, sectionsOrIndices[k]); // holes too
    bounds = sectionsOrIndices.map((i) => Math.min(Math.max(i < 0 ? i + n : i, 0), n));
  }
  const edges = [0, ...bounds, n];
  return edges.slice(0, -1).map((start, i) => narrow(x, d, Math.min(start, n), Math.max(edges[i + 1]! - start, 0)));
}

/**
 * The r-length combinations of a 1-D tensor's entries, [C(n, r), r] in lexicographic order of
 * positions (torch.combinations; `withReplacement` allows repeats). Differentiable (picks).
 *
 * ```ts
 * combinations(tensor([1, 2, 3])).toArray(); // [[1, 2], [1, 3], [2, 3]]
 * ```
 */
export function combinations(x: Tensor, r = 2, withReplacement = false): Tensor {
  checkTensor('combinations', 'input', x);
  if (x.ndim !== 1) throw new ShapeError('combinations', `input must be 1-D, got shape ${fmtShape(x.shape)}`);
  checkInt('combinations', 'r', r, 0);
  const n = x.shape[0]!;
  // counted before anything is built (C(100, 50) ≈ 10²⁹ hung; a deep recursion overflowed the stack)
  const count = r === 0 ? 0 : binomialUpTo(withReplacement ? n + r - 1 : n, r, MAX_ELEMENTS + 1);
  if (count > MAX_ELEMENTS) {
    const pool = withReplacement ? `${n} entries with repeats` : `${n} entries`;
    throw new ValueError('combinations', `there are more than MAX_ELEMENTS (${MAX_ELEMENTS}) combinations of r=${r} from ${pool}`);
  }
  checkNumel('combinations', count * r, `the [${count}, ${r}] result`);
  if (count === 0) return full([0, r], 0, { dtype: x.dtype });
  // the combinations in lexicographic order, as positions into x, row after row
  const positions = new Int32Array(count * r);
  const picked = new Int32Array(r); // 0, 0, … with repeats; 0, 1, 2, … without
  if (!withReplacement) for (let j = 0; j < r; j++) picked[j] = j;
  for (let row = 0; row < count; row++) {
    positions.set(picked, row * r);
    let j = r - 1; // the rightmost position that can still move up
    while (j >= 0 && picked[j] === (withReplacement ? n - 1 : n - r + j)) j--;
    if (j < 0) break;
    picked[j]!++;
    for (let t = j + 1; t < r; t++) picked[t] = withReplacement ? picked[j]! : picked[t - 1]! + 1;
  }
  return x.indexSelect(0, tensor(positions)).reshape([count, r]);
}

/** C(n, k), or `cap` once it reaches cap (every step of the product is ≤ C(n, k), so it stops early). */
function binomialUpTo(n: number, k: number, cap: number): number {
  if (k > n) return 0;
  const m = Math.min(k, n - k);
  let c = 1;
  for (let i = 1; i <= m; i++) {
    c = Math.round((c * (n - m + i)) / i);
    if (c >= cap) return cap;
  }
  return c;
}
