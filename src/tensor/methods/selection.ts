/**
 * Tensor methods, indexing of issue 10: `x.index([i, j])`, `x.at('1:3, :, ::2')`,
 * `x.maskedFill(m, 0)`, `x.scatter(0, idx, src)`, … (src/ops/advanced-index.ts, select.ts,
 * scatter.ts).
 * @module
 */
import * as advanced from '../../ops/advanced-index.js';
import * as scatterOps from '../../ops/scatter.js';
import * as select from '../../ops/select.js';
import type { Tensor } from '../tensor.js';

/** The selection and scatter methods of {@link Tensor}. */
export interface SelectionMethods {
  /** PyTorch's `x[e0, e1, …]`: numbers, slice strings ('1:3'), null (':'), '...', int32 or bool index tensors. */
  index(entries: readonly advanced.IndexEntry[]): Tensor;
  /** Python's subscript as a string: `x.at('1:3, :, ::2')` ≡ `x[1:3, :, ::2]`. */
  at(subscript: string): Tensor;
  /** Out-of-place `x[i, j] = values` (or `+=` with `accumulate`). */
  indexPut(indices: readonly Tensor[], values: Tensor, options?: advanced.IndexPutOptions): Tensor;
  /** `value` where the bool mask is true. */
  maskedFill(mask: Tensor, value: number | Tensor): Tensor;
  /** `value` at positions `index` along `dim`. */
  indexFill(dim: number, index: Tensor, value: number | Tensor): Tensor;
  /** The entries where the bool mask is true, as a 1-D tensor. */
  maskedSelect(mask: Tensor): Tensor;
  /** Positions of the non-zero entries, int32 [count, ndim] (not differentiable). */
  nonzero(): Tensor;
  /** Entries at flat row-major positions `index`. */
  take(index: Tensor): Tensor;
  /** Picks along `dim` with indices broadcast against this tensor. */
  takeAlongDim(indices: Tensor, dim?: number): Tensor;
  /** Out-of-place scatter: src (or a number) written at index along dim; `reduce` 'add' | 'multiply'. */
  scatter(dim: number, index: Tensor, src: Tensor | number, options?: scatterOps.ScatterOptions): Tensor;
  /** Out-of-place scatter_reduce: 'sum' | 'prod' | 'mean' | 'amax' | 'amin', `includeSelf`. */
  scatterReduce(dim: number, index: Tensor, src: Tensor, reduce: scatterOps.ScatterReduce, options?: scatterOps.ScatterReduceOptions): Tensor;
}

/** @internal Installed on Tensor.prototype by tensor.ts. */
export const selectionMethods: SelectionMethods & ThisType<Tensor> = {
  index(entries) { return advanced.index(this, entries); },
  at(subscript) { return advanced.at(this, subscript); },
  indexPut(indices, values, options = {}) { return advanced.indexPut(this, indices, values, options); },
  maskedFill(mask, value) { return select.maskedFill(this, mask, value); },
  indexFill(dim, index, value) { return select.indexFill(this, dim, index, value); },
  maskedSelect(mask) { return select.maskedSelect(this, mask); },
  nonzero() { return select.nonzero(this); },
  take(index) { return select.take(this, index); },
  takeAlongDim(indices, dim) { return select.takeAlongDim(this, indices, dim); },
  scatter(dim, index, src, options = {}) { return scatterOps.scatter(this, dim, index, src, options); },
  scatterReduce(dim, index, src, reduce, options = {}) { return scatterOps.scatterReduce(this, dim, index, src, reduce, options); },
};
