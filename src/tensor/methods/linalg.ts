/**
 * Tensor methods, linear algebra: `a.matmul(b)` (src/ops/matmul.ts).
 * @module
 */
import * as matmulOp from '../../ops/matmul.js';
import type { Tensor } from '../tensor.js';

/** The linear-algebra methods of {@link Tensor}. */
export interface LinalgMethods {
  /** Matrix product with PyTorch's 1-D, 2-D and batched (broadcast) rules. */
  matmul(other: Tensor): Tensor;
}

/** @internal Installed on Tensor.prototype by tensor.ts. */
export const linalgMethods: LinalgMethods & ThisType<Tensor> = {
  matmul(other) { return matmulOp.matmul(this, other); },
};
