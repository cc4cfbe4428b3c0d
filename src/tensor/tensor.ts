/**
 * The Tensor: a strided view over a typed-array storage, plus its place in the autograd graph.
 * Methods are thin sugar over the functions in `src/ops` and `src/functional`.
 * @module
 */
import { runBackward } from '../autograd/engine.js';
import { AccumulateGrad, type GradHook, type HookHandle, Node, type VersionCounter } from '../autograd/node.js';
import { dtypeOfArray, isFloating, type DType, type TypedArray } from '../dtype.js';
import { AutogradError, DTypeError, ValueError } from '../errors.js';
import { activations, binary, cast, compare, flipOp, indexing, inplace, join, matmulOp, padOp, reduce, statistics, unary, views } from '../ops/all.js';
import { contiguousStrides, sizeOf } from '../shape.js';
import { formatTensor, toNested, type NestedArray } from './format.js';

/** A number or a tensor: most binary ops accept either. */
export type TensorLike = Tensor | number;

/** Options of {@link Tensor.backward}. */
export interface BackwardOptions {
  /** Keep the saved tensors so backward can run through this graph again. */
  retainGraph?: boolean;
  /** Record the backward pass itself, for higher-order gradients. Implies retainGraph. */
  createGraph?: boolean;
  /** Only accumulate into these leaves' `.grad`. */
  inputs?: readonly Tensor[];
}

/** Result of `max(dim)` / `min(dim)`: the values and where they are (int32 indices). */
export interface ValuesIndices {
  values: Tensor;
  indices: Tensor;
}

const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/** An n-dimensional array of float32, float64, int32 or bool elements, with autograd. */
export class Tensor {
  /** The storage array; several views can share it. Prefer {@link Tensor.toTypedArray} to read values. */
  readonly storage: TypedArray;
  /** Size of each dimension. */
  readonly shape: readonly number[];
  /** Storage step of each dimension (0 for broadcast dims). */
  readonly strides: readonly number[];
  /** Storage index of element [0, 0, …]. */
  readonly offset: number;
  /** Element type. */
  readonly dtype: DType;
  /** Bumped by every in-place change; shared with all views of the same storage. */
  readonly versionCounter: VersionCounter;
  /** The tensor this one is a view of (null when it owns its storage). */
  readonly base: Tensor | null;
  /** Accumulated gradient of a leaf after backward(); retained gradient of a non-leaf after retainGrad(). */
  grad: Tensor | null = null;
  /** A label shown by printGraph/toDot; set it to name your variables (`w.name = 'w'`). */
  name: string | undefined = undefined;

  private _requiresGrad = false;
  private _gradFn: Node | null = null;
  private _accumulator: AccumulateGrad | null = null;

  /** @internal Use the creation functions (`tensor`, `zeros`, …) instead. */
  constructor(
    storage: TypedArray,
    shape: readonly number[],
    strides: readonly number[] = contiguousStrides(shape),
    offset = 0,
    dtype: DType = dtypeOfArray(storage),
    base: Tensor | null = null,
    versionCounter: VersionCounter = { value: 0, lastOp: '' },
  ) {
    this.storage = storage;
    this.shape = shape;
    this.strides = strides;
    this.offset = offset;
    this.dtype = dtype;
    this.base = base;
    this.versionCounter = versionCounter;
  }

  // ---------------------------------------------------------------- autograd state

  /** Whether gradients flow to this tensor. Settable on leaves only (like PyTorch). */
  get requiresGrad(): boolean {
    return this._requiresGrad;
  }
  set requiresGrad(value: boolean) {
    this.requiresGrad_(value);
  }

  /** The node that created this tensor (null for leaves). */
  get gradFn(): Node | null {
    return this._gradFn;
  }

  /** True for tensors created by the user rather than by a recorded op. */
  get isLeaf(): boolean {
    return this._gradFn === null;
  }

  /** Sets requiresGrad in place (leaves only); returns this. */
  requiresGrad_(value = true): this {
    if (this._gradFn !== null) {
      throw new AutogradError(
        'requiresGrad_',
        `can only change requiresGrad of a leaf tensor; this one was made by ${this._gradFn.name}. Use detach() first.`,
      );
    }
    if (value && !isFloating(this.dtype)) {
      throw new DTypeError('requiresGrad_', `only float32/float64 tensors can require gradients, this one is ${this.dtype}`);
    }
    this._requiresGrad = value;
    return this;
  }

  /** @internal Makes this tensor the output of `node` (called by `record`). */
  setGradFn(node: Node): void {
    this._gradFn = node;
    this._requiresGrad = true;
  }

  /** @internal The node gradients for this tensor flow into (its gradFn, or the leaf's AccumulateGrad). */
  gradEdge(): Node {
    if (this._gradFn !== null) return this._gradFn;
    if (this._accumulator === null) this._accumulator = new AccumulateGrad(this);
    return this._accumulator;
  }

  /** Computes gradients of this tensor w.r.t. the graph's leaves, accumulating into their `.grad`. */
  backward(gradient?: Tensor, options: BackwardOptions = {}): void {
    runBackward([this], gradient === undefined ? [null] : [gradient], options);
  }

  /** Keeps this non-leaf tensor's gradient in `.grad` after backward (leaves always keep theirs). */
  retainGrad(): this {
    if (!this._requiresGrad) {
      throw new AutogradError('retainGrad', 'cannot retain the gradient of a tensor that does not require grad');
    }
    if (this._gradFn !== null) this._gradFn.retainedOutput = this;
    return this;
  }

  /** True when {@link Tensor.retainGrad} was called on this non-leaf (or it is a leaf requiring grad). */
  get retainsGrad(): boolean {
    return this._gradFn === null ? this._requiresGrad : this._gradFn.retainedOutput === this;
  }

  /**
   * Calls `hook(grad)` whenever the gradient w.r.t. this tensor is computed; a returned tensor
   * replaces the gradient. Returns a handle whose `remove()` unregisters it.
   */
  registerHook(hook: GradHook): HookHandle {
    if (!this._requiresGrad) {
      throw new AutogradError('registerHook', 'cannot register a hook on a tensor that does not require grad');
    }
    const hooks = this.gradEdge().hooks;
    hooks.push(hook);
    return {
      remove: () => {
        const i = hooks.indexOf(hook);
        if (i >= 0) hooks.splice(i, 1);
      },
    };
  }

  /** A tensor sharing this one's storage, cut from the graph (requiresGrad false). */
  detach(): Tensor {
    return new Tensor(this.storage, this.shape, this.strides, this.offset, this.dtype, this.base ?? this, this.versionCounter);
  }

  /** Detaches this tensor from the graph in place (it becomes a leaf). */
  detach_(): this {
    this._gradFn = null;
    this._requiresGrad = false;
    return this;
  }

  // ---------------------------------------------------------------- metadata and values

  /** Number of dimensions. */
  get ndim(): number {
    return this.shape.length;
  }
  /** Number of dimensions (PyTorch's `dim()`). */
  dim(): number {
    return this.shape.length;
  }
  /** Number of elements. */
  numel(): number {
    return sizeOf(this.shape);
  }
  /** The shape, or the size of one dim (negative dims count from the end). */
  size(): number[];
  size(dim: number): number;
  size(dim?: number): number[] | number {
    if (dim === undefined) return this.shape.slice();
    return this.shape[views.normalizeDimFor('size', dim, this.ndim)]!;
  }
  /** True when the elements lie row-major and gap-free in storage. */
  isContiguous(): boolean {
    let expected = 1;
    for (let d = this.shape.length - 1; d >= 0; d--) {
      const s = this.shape[d]!;
      if (s !== 1 && this.strides[d] !== expected) return false;
      expected *= s;
    }
    return true;
  }

  /** The single value of a one-element tensor. */
  item(): number {
    if (this.numel() !== 1) {
      throw new ValueError('item', `only one-element tensors can be converted to a number; shape is [${this.shape.join(',')}]`);
    }
    return this.storage[this.offset]!;
  }

  /** The values as nested arrays (numbers; booleans for bool tensors). */
  toArray(): NestedArray {
    return toNested(this);
  }

  /** A fresh contiguous typed array holding the values in row-major order. */
  toTypedArray(): TypedArray {
    if (this.isContiguous()) return this.storage.slice(this.offset, this.offset + this.numel());
    return views.contiguous(this.detach()).storage;
  }

  /** PyTorch-style text: `tensor([1.0000, 2.5000], gradFn=<MulBackward>)`. */
  toString(): string {
    return formatTensor(this);
  }

  /** Node's util.inspect / console.log print the PyTorch-style text. */
  [INSPECT](): string {
    return formatTensor(this);
  }

  // ---------------------------------------------------------------- elementwise

  /** this + other (broadcasting). */
  add(other: TensorLike): Tensor { return binary.add(this, other); }
  /** this − other (broadcasting). */
  sub(other: TensorLike): Tensor { return binary.sub(this, other); }
  /** this · other (broadcasting). */
  mul(other: TensorLike): Tensor { return binary.mul(this, other); }
  /** this / other (broadcasting). */
  div(other: TensorLike): Tensor { return binary.div(this, other); }
  /** this ^ exponent (number or tensor, broadcasting). */
  pow(exponent: TensorLike): Tensor { return binary.pow(this, exponent); }
  /** Elementwise maximum (broadcasting). */
  maximum(other: TensorLike): Tensor { return binary.maximum(this, other); }
  /** Elementwise minimum (broadcasting). */
  minimum(other: TensorLike): Tensor { return binary.minimum(this, other); }
  /** −this. */
  neg(): Tensor { return unary.neg(this); }
  /** e^this. */
  exp(): Tensor { return unary.exp(this); }
  /** Natural logarithm. */
  log(): Tensor { return unary.log(this); }
  /** log(1 + this). */
  log1p(): Tensor { return unary.log1p(this); }
  /** e^this − 1. */
  expm1(): Tensor { return unary.expm1(this); }
  /** Square root. */
  sqrt(): Tensor { return unary.sqrt(this); }
  /** 1 / sqrt(this). */
  rsqrt(): Tensor { return unary.rsqrt(this); }
  /** this². */
  square(): Tensor { return unary.square(this); }
  /** 1 / this. */
  reciprocal(): Tensor { return unary.reciprocal(this); }
  /** |this| (gradient sign(x), 0 at 0). */
  abs(): Tensor { return unary.abs(this); }
  /** −1, 0 or 1 (not differentiable: zero gradient). */
  sign(): Tensor { return unary.sign(this); }
  /** Sine. */
  sin(): Tensor { return unary.sin(this); }
  /** Cosine. */
  cos(): Tensor { return unary.cos(this); }
  /** Hyperbolic tangent. */
  tanh(): Tensor { return unary.tanh(this); }
  /** Logistic sigmoid 1/(1+e^−x). */
  sigmoid(): Tensor { return unary.sigmoid(this); }
  /** max(x, 0) (gradient 0 at 0, as PyTorch). */
  relu(): Tensor { return unary.relu(this); }
  /** x for x > 0, negativeSlope·x otherwise. */
  leakyRelu(negativeSlope = 0.01): Tensor { return unary.leakyRelu(this, negativeSlope); }
  /** Gaussian error function. */
  erf(): Tensor { return unary.erf(this); }
  /** GELU, exact (erf) or with `{ approximate: 'tanh' }`. */
  gelu(options: activations.GeluOptions = {}): Tensor { return activations.gelu(this, options); }
  /** log(1 + e^(βx))/β, linear above the threshold. */
  softplus(options: unary.SoftplusOptions = {}): Tensor { return unary.softplus(this, options); }
  /** Clamps into [min, max] (either may be omitted). */
  clamp(min?: number | null, max?: number | null): Tensor { return unary.clamp(this, min, max); }
  /** this where cond, other elsewhere. */
  where(condition: Tensor, other: TensorLike): Tensor { return binary.where(condition, this, other); }

  // ---------------------------------------------------------------- comparisons (bool results)

  /** this == other. */
  eq(other: TensorLike): Tensor { return compare.eq(this, other); }
  /** this != other. */
  ne(other: TensorLike): Tensor { return compare.ne(this, other); }
  /** this < other. */
  lt(other: TensorLike): Tensor { return compare.lt(this, other); }
  /** this <= other. */
  le(other: TensorLike): Tensor { return compare.le(this, other); }
  /** this > other. */
  gt(other: TensorLike): Tensor { return compare.gt(this, other); }
  /** this >= other. */
  ge(other: TensorLike): Tensor { return compare.ge(this, other); }
  /** True where the value is NaN. */
  isnan(): Tensor { return compare.isnan(this); }

  // ---------------------------------------------------------------- reductions

  /** Sum over `dim` (all dims when omitted). */
  sum(dim?: number | readonly number[], keepdim = false): Tensor { return reduce.sum(this, dim, keepdim); }
  /** Mean over `dim` (all dims when omitted). */
  mean(dim?: number | readonly number[], keepdim = false): Tensor { return statistics.mean(this, dim, keepdim); }
  /** Maximum over all elements, or `{values, indices}` along `dim`. */
  max(): Tensor;
  max(dim: number, keepdim?: boolean): ValuesIndices;
  max(dim?: number, keepdim = false): Tensor | ValuesIndices {
    return dim === undefined ? reduce.amax(this) : reduce.maxAlong(this, dim, keepdim);
  }
  /** Minimum over all elements, or `{values, indices}` along `dim`. */
  min(): Tensor;
  min(dim: number, keepdim?: boolean): ValuesIndices;
  min(dim?: number, keepdim = false): Tensor | ValuesIndices {
    return dim === undefined ? reduce.amin(this) : reduce.minAlong(this, dim, keepdim);
  }
  /** Maximum over dims; ties share the gradient equally. */
  amax(dim?: number | readonly number[], keepdim = false): Tensor { return reduce.amax(this, dim, keepdim); }
  /** Minimum over dims; ties share the gradient equally. */
  amin(dim?: number | readonly number[], keepdim = false): Tensor { return reduce.amin(this, dim, keepdim); }
  /** Index of the maximum (flattened when dim is omitted), int32. */
  argmax(dim?: number, keepdim = false): Tensor { return reduce.argmax(this, dim, keepdim); }
  /** Index of the minimum (flattened when dim is omitted), int32. */
  argmin(dim?: number, keepdim = false): Tensor { return reduce.argmin(this, dim, keepdim); }
  /** Variance with Bessel's `correction` (default 1). */
  var(dim?: number | readonly number[], options: statistics.VarOptions = {}): Tensor { return statistics.variance(this, dim, options); }
  /** Standard deviation with Bessel's `correction` (default 1). */
  std(dim?: number | readonly number[], options: statistics.VarOptions = {}): Tensor { return statistics.std(this, dim, options); }
  /** log Σ exp, computed stably. */
  logsumexp(dim: number | readonly number[], keepdim = false): Tensor { return statistics.logsumexp(this, dim, keepdim); }
  /** Softmax along `dim`. */
  softmax(dim: number): Tensor { return activations.softmax(this, dim); }
  /** log(softmax) along `dim`, computed stably. */
  logSoftmax(dim: number): Tensor { return activations.logSoftmax(this, dim); }

  // ---------------------------------------------------------------- linear algebra

  /** Matrix product with PyTorch's 1-D, 2-D and batched (broadcast) rules. */
  matmul(other: Tensor): Tensor { return matmulOp.matmul(this, other); }

  // ---------------------------------------------------------------- shape and views

  /** Same data, new shape (a view when the strides allow, a copy otherwise); one size may be -1. */
  reshape(...shape: number[] | [readonly number[]]): Tensor { return views.reshape(this, flatArgs(shape)); }
  /** Like reshape, but only as a view: throws when the strides do not allow one. */
  view(...shape: number[] | [readonly number[]]): Tensor { return views.view(this, flatArgs(shape)); }
  /** Reorders the dims (a view). */
  permute(...dims: number[] | [readonly number[]]): Tensor { return views.permute(this, flatArgs(dims)); }
  /** Swaps two dims (a view). */
  transpose(dim0: number, dim1: number): Tensor { return views.transpose(this, dim0, dim1); }
  /** Transpose of a matrix (≤ 2 dims). */
  t(): Tensor { return views.t(this); }
  /** Transpose of a matrix (PyTorch's `.T` for ≤ 2 dims). */
  get T(): Tensor { return views.t(this); }
  /** Flattens dims startDim..endDim into one. */
  flatten(startDim = 0, endDim = -1): Tensor { return views.flatten(this, startDim, endDim); }
  /** Removes size-1 dims (all, or the given ones). */
  squeeze(dim?: number | readonly number[]): Tensor { return views.squeeze(this, dim); }
  /** Inserts a size-1 dim at `dim`. */
  unsqueeze(dim: number): Tensor { return views.unsqueeze(this, dim); }
  /** Broadcasts size-1 dims to `sizes` without copying (-1 keeps a size). */
  expand(...sizes: number[] | [readonly number[]]): Tensor { return views.expand(this, flatArgs(sizes)); }
  /** Expands to other's shape. */
  expandAs(other: Tensor): Tensor { return views.expand(this, other.shape); }
  /** The slice [start, start+length) along dim (a view). */
  narrow(dim: number, start: number, length: number): Tensor { return views.narrow(this, dim, start, length); }
  /** Python-style slice start:end:step along dim (a view; negative start/end count from the end). */
  slice(dim: number, start?: number, end?: number, step = 1): Tensor { return views.slice(this, dim, start, end, step); }
  /** This tensor in row-major order (itself when already contiguous). */
  contiguous(): Tensor { return views.contiguous(this); }
  /** A copy that stays in the graph (gradient passes straight through). */
  clone(): Tensor { return views.clone(this); }
  /** Reverses the order along `dims` (a copy). */
  flip(dims: number | readonly number[]): Tensor { return flipOp.flip(this, dims); }
  /** Splits into pieces of `splitSize` (number) or of the given sizes along `dim`. */
  split(splitSizeOrSections: number | readonly number[], dim = 0): Tensor[] { return join.split(this, splitSizeOrSections, dim); }
  /** Splits into `chunks` nearly equal pieces along `dim`. */
  chunk(chunks: number, dim = 0): Tensor[] { return join.chunk(this, chunks, dim); }
  /** The slice at `index` along `dim`, with that dim removed (a view). */
  select(dim: number, index: number): Tensor { return join.select(this, dim, index); }
  /** The slices along `dim`, with that dim removed. */
  unbind(dim = 0): Tensor[] { return join.unbind(this, dim); }
  /** Pads the last dims: `pad` is [left, right, top, bottom, …] as in PyTorch's F.pad. */
  pad(pad: readonly number[], mode: padOp.PadMode = 'constant', value = 0): Tensor { return padOp.pad(this, pad, mode, value); }
  /** Picks entries `index` (1-D int32) along `dim`. */
  indexSelect(dim: number, index: Tensor): Tensor { return indexing.indexSelect(this, dim, index); }
  /** Picks along `dim` with an index tensor of the output's shape. */
  gather(dim: number, index: Tensor): Tensor { return indexing.gather(this, dim, index); }
  /** Out-of-place scatter-add: a copy of this with src added at index along dim. */
  scatterAdd(dim: number, index: Tensor, src: Tensor): Tensor { return indexing.scatterAdd(this, dim, index, src); }
  /** Out-of-place index-add: a copy of this with src's slices added at positions index along dim. */
  indexAdd(dim: number, index: Tensor, source: Tensor): Tensor { return indexing.indexAdd(this, dim, index, source); }

  // ---------------------------------------------------------------- dtype

  /** Converts to `dtype` (differentiable between float dtypes). */
  to(dtype: DType): Tensor { return cast.toDtype(this, dtype); }
  /** Converts to float64. */
  double(): Tensor { return cast.toDtype(this, 'float64'); }
  /** Converts to float32. */
  float(): Tensor { return cast.toDtype(this, 'float32'); }
  /** Converts to int32 (truncating toward zero). */
  int(): Tensor { return cast.toDtype(this, 'int32'); }
  /** Converts to bool (nonzero is true). */
  bool(): Tensor { return cast.toDtype(this, 'bool'); }

  // ---------------------------------------------------------------- in place

  /** this += other · alpha, in place. */
  add_(other: TensorLike, alpha = 1): this { return inplace.add_(this, other, alpha); }
  /** this −= other · alpha, in place. */
  sub_(other: TensorLike, alpha = 1): this { return inplace.sub_(this, other, alpha); }
  /** this ·= other, in place. */
  mul_(other: TensorLike): this { return inplace.mul_(this, other); }
  /** this /= other, in place. */
  div_(other: TensorLike): this { return inplace.div_(this, other); }
  /** Sets every element to 0, in place. */
  zero_(): this { return inplace.zero_(this); }
  /** Sets every element to `value`, in place. */
  fill_(value: number): this { return inplace.fill_(this, value); }
  /** Copies src (broadcast to this shape) into this, in place. */
  copy_(src: Tensor): this { return inplace.copy_(this, src); }
  /** Clamps in place. */
  clamp_(min?: number | null, max?: number | null): this { return inplace.clamp_(this, min, max); }
}

function flatArgs(args: number[] | [readonly number[]]): readonly number[] {
  return args.length === 1 && Array.isArray(args[0]) ? (args[0] as readonly number[]) : (args as number[]);
}
