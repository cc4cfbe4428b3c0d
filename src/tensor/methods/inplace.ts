/**
 * Tensor methods that change the tensor in place, named with a trailing `_` as in PyTorch:
 * `p.sub_(g, lr)`, `x.zero_()`, … (src/ops/inplace.ts). Each returns the tensor itself.
 * @module
 */
import * as inplace from '../../ops/inplace.js';
import * as inplaceIndex from '../../ops/inplace-index.js';
import type { IndexPutOptions } from '../../ops/advanced-index.js';
import type { ScatterOptions, ScatterReduce, ScatterReduceOptions } from '../../ops/scatter.js';
import type { Tensor, TensorLike } from '../tensor.js';
import * as init from '../../nn/init.js';
import type { InitOptions } from '../../nn/init.js';
import { isGradEnabled } from '../../autograd/grad-mode.js';
import { AutogradError, fmtShape } from '../../errors.js';

/** The in-place methods of {@link Tensor}. */
export interface InplaceMethods {
  /** this += other · alpha (alpha defaults to 1), in place. */
  add_(other: TensorLike, alpha?: number): this;
  /** this −= other · alpha (alpha defaults to 1), in place. */
  sub_(other: TensorLike, alpha?: number): this;
  /** this ·= other, in place. */
  mul_(other: TensorLike): this;
  /** this /= other, in place. */
  div_(other: TensorLike): this;
  /** Sets every element to 0, in place. */
  zero_(): this;
  /** Sets every element to `value`, in place. */
  fill_(value: number): this;
  /** Copies src (broadcast to this shape) into this, in place. */
  copy_(src: Tensor): this;
  /** Clamps in place. */
  clamp_(min?: number | Tensor | null, max?: number | Tensor | null): this;
  /**
   * `this[mask] = value` in place (mask bool, broadcastable to this shape), as PyTorch's
   * `masked_fill_`. Like every in-place op: the version counter moves, a leaf that requires grad is
   * refused while grad mode is on, and gradients flow through to the old values and to a 0-d
   * tensor value.
   *
   * ```ts
   * const x = tensor([1, 2, 3]);
   * x.maskedFill_(x.gt(1), 0); // x is now [1, 0, 0]
   * ```
   */
  maskedFill_(mask: Tensor, value: number | Tensor): this;
  /**
   * Sets the entries `index` (int32, 0-D or 1-D) along `dim` to `value`, in place (`index_fill_`).
   *
   * ```ts
   * zeros([2, 3]).indexFill_(1, tensor([0, 2], { dtype: 'int32' }), 5); // [[5, 0, 5], [5, 0, 5]]
   * ```
   */
  indexFill_(dim: number, index: Tensor, value: number | Tensor): this;
  /**
   * `this[i, j, …] = values` in place (`index_put_`); with `accumulate`, `+=` (repeats add up).
   *
   * ```ts
   * zeros([3]).indexPut_([tensor([0, 0], { dtype: 'int32' })], tensor([1, 2]), { accumulate: true }); // [3, 0, 0]
   * ```
   */
  indexPut_(indices: readonly Tensor[], values: Tensor, options?: IndexPutOptions): this;
  /**
   * Adds `source`'s slices at positions `index` (int32, 1-D) along `dim`, in place (`index_add_`).
   *
   * ```ts
   * zeros([3]).indexAdd_(0, tensor([0, 0, 2], { dtype: 'int32' }), tensor([1, 2, 5])); // [3, 0, 5]
   * ```
   */
  indexAdd_(dim: number, index: Tensor, source: Tensor): this;
  /**
   * Writes src (or a number) at `index` along `dim`, in place (`scatter_`); `reduce: 'add' |
   * 'multiply'` folds in instead of writing.
   *
   * ```ts
   * zeros([3]).scatter_(0, tensor([2, 0], { dtype: 'int32' }), tensor([7, 8])); // [8, 0, 7]
   * ones([3]).scatter_(0, tensor([1, 1], { dtype: 'int32' }), tensor([2, 3]), { reduce: 'multiply' }); // [1, 6, 1]
   * ```
   */
  scatter_(dim: number, index: Tensor, src: Tensor | number, options?: ScatterOptions): this;
  /**
   * Adds src at `index` along `dim`, in place (`scatter_add_`).
   *
   * ```ts
   * zeros([3]).scatterAdd_(0, tensor([1, 1], { dtype: 'int32' }), tensor([2, 3])); // [0, 5, 0]
   * ```
   */
  scatterAdd_(dim: number, index: Tensor, src: Tensor): this;
  /**
   * Folds src into this at `index` along `dim` by 'sum' | 'prod' | 'mean' | 'amax' | 'amin', in
   * place (`scatter_reduce_`), with `includeSelf` (default true).
   *
   * ```ts
   * tensor([1, 1]).scatterReduce_(0, tensor([0, 0, 1], { dtype: 'int32' }), tensor([4, 6, 3]), 'mean'); // [11/3, 2]
   * ```
   */
  scatterReduce_(dim: number, index: Tensor, src: Tensor, reduce: ScatterReduce, options?: ScatterReduceOptions): this;
  /**
   * Fills with samples of U(from, to) (default [0, 1)), in place, as PyTorch's `uniform_`
   * (nn.init.uniform_ draws them). A tensor that requires grad is refused while grad mode is on,
   * as PyTorch refuses a leaf.
   */
  uniform_(from?: number, to?: number, options?: InitOptions): this;
  /** Fills with samples of N(mean, std²) (default N(0, 1)), in place, as PyTorch's `normal_` (see uniform_). */
  normal_(mean?: number, std?: number, options?: InitOptions): this;
}

/** PyTorch refuses a random fill of a leaf that requires grad outside no_grad; the fill here is never recorded, so any tensor that requires grad is refused. */
function checkRandomFill(op: string, self: Tensor): void {
  if (isGradEnabled() && self.requiresGrad) {
    throw new AutogradError(op, `a tensor that requires grad (shape ${fmtShape(self.shape)}) cannot be filled in place while grad mode is on; wrap the fill in noGrad()`);
  }
}

/** @internal Installed on Tensor.prototype by tensor.ts. */
export const inplaceMethods: InplaceMethods & ThisType<Tensor> = {
  add_(other, alpha = 1) { return inplace.add_(this, other, alpha); },
  sub_(other, alpha = 1) { return inplace.sub_(this, other, alpha); },
  mul_(other) { return inplace.mul_(this, other); },
  div_(other) { return inplace.div_(this, other); },
  zero_() { return inplace.zero_(this); },
  fill_(value) { return inplace.fill_(this, value); },
  copy_(src) { return inplace.copy_(this, src); },
  clamp_(min, max) { return inplace.clamp_(this, min, max); },
  maskedFill_(mask, value) { return inplaceIndex.maskedFill_(this, mask, value); },
  indexFill_(dim, index, value) { return inplaceIndex.indexFill_(this, dim, index, value); },
  indexPut_(indices, values, options = {}) { return inplaceIndex.indexPut_(this, indices, values, options); },
  indexAdd_(dim, index, source) { return inplaceIndex.indexAdd_(this, dim, index, source); },
  scatter_(dim, index, src, options = {}) { return inplaceIndex.scatter_(this, dim, index, src, options); },
  scatterAdd_(dim, index, src) { return inplaceIndex.scatterAdd_(this, dim, index, src); },
  scatterReduce_(dim, index, src, reduce, options = {}) { return inplaceIndex.scatterReduce_(this, dim, index, src, reduce, options); },
  uniform_(from = 0, to = 1, options = {}) { checkRandomFill('uniform_', this); init.uniform_(this, from, to, options); return this; },
  normal_(mean = 0, std = 1, options = {}) { checkRandomFill('normal_', this); init.normal_(this, mean, std, options); return this; },
};
