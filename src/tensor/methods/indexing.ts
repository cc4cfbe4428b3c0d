/**
 * Tensor methods, indexing with index tensors: `x.gather(1, idx)`, … (src/ops/indexing.ts).
 * @module
 */
import * as indexing from '../../ops/indexing.js';
import type { Tensor } from '../tensor.js';

/** The index-tensor methods of {@link Tensor}; indices are int32 tensors. */
export interface IndexingMethods {
  /** Picks entries `index` (1-D int32) along `dim`. */
  indexSelect(dim: number, index: Tensor): Tensor;
  /** Picks along `dim` with an index tensor of the output's shape. */
  gather(dim: number, index: Tensor): Tensor;
  /** Out-of-place scatter-add: a copy of this with src added at index along dim. */
  scatterAdd(dim: number, index: Tensor, src: Tensor): Tensor;
  /** Out-of-place index-add: a copy of this with src's slices added at positions index along dim. */
  indexAdd(dim: number, index: Tensor, source: Tensor): Tensor;
}

/** @internal Installed on Tensor.prototype by tensor.ts. */
export const indexingMethods: IndexingMethods & ThisType<Tensor> = {
  indexSelect(dim, index) { return indexing.indexSelect(this, dim, index); },
  gather(dim, index) { return indexing.gather(this, dim, index); },
  scatterAdd(dim, index, src) { return indexing.scatterAdd(this, dim, index, src); },
  indexAdd(dim, index, source) { return indexing.indexAdd(this, dim, index, source); },
};
