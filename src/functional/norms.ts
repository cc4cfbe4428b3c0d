/**
 * `norm` as PyTorch's `torch.norm`: vector p-norms over any dims and the Frobenius norm, built from
 * primitives.
 * @module
 */
import { asOp, checkReduction } from '../checks/index.js';
import { ValueError } from '../errors.js';
import { formatValue } from '../errors.js';
import { where } from '../ops/binary.js';
import { eq, ne } from '../ops/compare.js';
import { amax, amin, sum } from '../ops/reduce.js';
import { requireFloat } from '../ops/util.js';
import type { Tensor } from '../tensor/tensor.js';
import { matrixNorm } from '../linalg/norms.js';

/** The order of a norm: a number (incl. ±Infinity and 0), or 'fro'. */
export type NormOrder = number | 'fro' | 'nuc';

/**
 * The p-norm of x over `dim` (all entries when omitted), PyTorch's `torch.norm(x, p, dim, keepdim)`:
 * (Σ|x|^p)^(1/p); p = Infinity is max |x|, −Infinity min |x|, 0 the count of non-zeros (no
 * gradient), 'fro' (default) the 2-norm of the entries. Where the norm is 0 its gradient is taken
 * as 0 (as PyTorch), not NaN. 'nuc' is the sum of singular values of a matrix (x 2-D, or `dim` two
 * dims), as `linalg.matrixNorm(x, 'nuc')`.
 *
 * @example
 * ```ts
 * norm(tensor([3, 4])); // 5
 * norm(tensor([3, -4]), 1); // 7
 * norm(tensor([[1, 2], [3, 4]]), Infinity, 1); // [2, 4]
 * ```
 */
export function norm(x: Tensor, p: NormOrder = 'fro', dim?: number | readonly number[], keepdim = false): Tensor {
  checkReduction('norm', x, dim, keepdim);
  requireFloat('norm', x);
  if (p === 'nuc') return nuclearNorm(x, dim, keepdim);
  if (p !== 'fro' && (typeof p !== 'number' || Number.isNaN(p))) throw new ValueError('norm', `p must be a number or 'fro', got ${formatValue(p)}`);
  const order = p === 'fro' ? 2 : p;
  const a = x.abs();
  if (order === Infinity) return asOp('norm', () => amax(a, dim, keepdim));
  if (order === -Infinity) return asOp('norm', () => amin(a, dim, keepdim));
  // the count of non-zeros; x·0 (exactly 0 where x = 0) keeps it in the graph with a zero gradient
  if (order === 0) return sum(where(ne(x, 0), 1, x.mul(0)), dim, keepdim);
  if (order === 1) return sum(a, dim, keepdim);
  // |x|^p has infinite slope at x = 0 for 0 < p < 1: routed around it (gradient 0, as PyTorch's; it was NaN)
  const powered = order === 2 ? x.mul(x) : order > 0 && order < 1 ? where(eq(a, 0), 0, where(eq(a, 0), 1, a).pow(order)) : a.pow(order);
  const total = sum(powered, dim, keepdim);
  // the root has infinite slope at 0: route zero sums around it (gradient 0 there)
  const isZero = eq(total, 0);
  return where(isZero, 0, where(isZero, 1, total).pow(1 / order));
}

/** torch.norm(x, 'nuc'): the sum of singular values over a 2-D x, or over the two dims of `dim`. */
function nuclearNorm(x: Tensor, dim: number | readonly number[] | undefined, keepdim: boolean): Tensor {
  if (dim === undefined) {
    if (x.ndim !== 2) throw new ValueError('norm', `p='nuc' without dim needs a 2-D tensor, got shape [${x.shape.join(', ')}]; give two dims`);
    return matrixNorm(x, 'nuc', [0, 1], keepdim);
  }
  const dims = typeof dim === 'number' ? [dim] : [...dim];
  if (dims.length !== 2) throw new ValueError('norm', `p='nuc' needs exactly two dims, got [${dims.join(', ')}]`);
  return matrixNorm(x, 'nuc', [dims[0]!, dims[1]!], keepdim);
}
