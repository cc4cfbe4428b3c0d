/**
 * The Tensor: a strided view over a typed-array storage, plus its place in the autograd graph.
 * This file holds the core (storage, shape, autograd state, backward, metadata, printing); the op
 * methods, thin sugar over the functions in `src/ops` and `src/functional`, are in ./methods/.
 * @module
 */
import { runBackward } from '../autograd/engine.js';
import { AccumulateGrad, type GradHook, type HookHandle, Node, type VersionCounter } from '../autograd/node.js';
import { dtypeOfArray, isFloating, type DType, type TypedArray } from '../dtype.js';
import { AutogradError, DTypeError, ValueError } from '../errors.js';
import * as views from '../ops/views.js';
import { contiguousStrides, sizeOf } from '../shape.js';
import { formatTensor, toNested, type NestedArray } from './format.js';
import { comparisonMethods, type ComparisonMethods } from './methods/comparison.js';
import { dtypeMethods, type DTypeMethods } from './methods/dtype.js';
import { elementwiseMethods, type ElementwiseMethods } from './methods/elementwise.js';
import { indexingMethods, type IndexingMethods } from './methods/indexing.js';
import { inplaceMethods, type InplaceMethods } from './methods/inplace.js';
import { dataMembers, type DataMembers } from './methods/data.js'; // issue 10 (G3)
import { linalgMethods, type LinalgMethods } from './methods/linalg.js';
import { reductionMethods, type ReductionMethods } from './methods/reductions.js';
import { shapeMethods, type ShapeMethods } from './methods/shape.js';
// issue 10 (G2): sorting/scans/extra reductions, structure
import { orderMethods, type OrderMethods } from './methods/order.js';
import { structureMethods, type StructureMethods } from './methods/structure.js';
import { selectionMethods, type SelectionMethods } from './methods/selection.js';
// gap scan after issue 10 (helper i10)
import { parityMethods, type ParityMethods } from './methods/parity.js';

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

/** The op methods, declared by family in ./methods/ (see the end of this file). */
export interface Tensor
  extends ElementwiseMethods, ComparisonMethods, ReductionMethods, LinalgMethods, ShapeMethods, IndexingMethods, DTypeMethods, InplaceMethods,
    OrderMethods, StructureMethods, SelectionMethods, DataMembers,
    ParityMethods {}

/**
 * An n-dimensional array of float32, float64, int32 or bool elements, with autograd.
 *
 * ```ts
 * const x = tensor([[1, 2], [3, 4]], { requiresGrad: true });
 * x.matmul(x).tanh().sum().backward();
 * x.grad!.shape; // [2, 2]
 * ```
 */
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
}

// ---------------------------------------------------------------- the op methods

/**
 * The op methods (`add`, `sum`, `reshape`, …), one family per file in ./methods/: each file declares
 * its methods' signatures and docs as an interface, merged into Tensor here, and implements them
 * as one-line calls into src/ops. They are installed on the prototype below, when this module runs,
 * so every import of Tensor (from the entry points, or from any op module) has them.
 */
const METHOD_FAMILIES = [
  elementwiseMethods,
  comparisonMethods,
  reductionMethods,
  linalgMethods,
  shapeMethods,
  indexingMethods,
  dtypeMethods,
  inplaceMethods,
  // issue 10 (G2)
  orderMethods,
  structureMethods,
  selectionMethods,
  // issue 10 (G3): t.data
  dataMembers,
  // gap scan after issue 10 (helper i10)
  parityMethods,
];
for (const family of METHOD_FAMILIES) {
  for (const [name, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(family))) {
    if (Object.prototype.hasOwnProperty.call(Tensor.prototype, name)) throw new Error(`chainrule: Tensor.${name} is defined twice`);
    // Non-enumerable, as a class body's methods are.
    Object.defineProperty(Tensor.prototype, name, { ...descriptor, enumerable: false });
  }
}
