/**
 * cumsum: running sums along one dim, as PyTorch's `torch.cumsum(x, dim)` for float tensors.
 * @module
 */
import type { FloatView } from '../backend/backend.js';
import { kernels } from '../backend/registry.js';
import { record, type Node } from '../autograd/node.js';
import type { FloatArray } from '../dtype.js';
import { normalizeDim } from '../shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { flip } from './flip.js';
import { empty, requireFloat } from './util.js';

/**
 * y_k = Σ_{j ≤ k} x_j along `dim` (negative counts from the end; a 0-d x gives itself), summed in
 * float64 and rounded once per element.
 *
 * @example
 * ```ts
 * cumsum(tensor([[1, 2, 3], [4, 5, 6]]), 1); // [[1, 3, 6], [4, 9, 15]]
 * ```
 */
export function cumsum(x: Tensor, dim: number): Tensor {
  requireFloat('cumsum', x);
  const d = normalizeDim('cumsum', dim, x.ndim);
  const out = empty(x.shape, x.dtype);
  kernels().cumsum(x as FloatView, d, out.storage as FloatArray);
  return record('CumsumBackward', out, [x], cumsumVjp, [], { dim: d });
}
// dx_j = Σ_{k ≥ j} g_k: the running sum from the end, flip(cumsum(flip(g)))
function cumsumVjp(g: Tensor, _saved: readonly Tensor[], node: Node<{ dim: number }>): Tensor[] {
  const d = node.attrs.dim;
  if (g.ndim === 0) return [g];
  return [flip(cumsum(flip(g, d), d), d)];
}
