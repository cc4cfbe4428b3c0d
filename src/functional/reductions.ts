/**
 * Reductions built from primitives (their gradients come from the primitives' VJPs): prod (over
 * cumprod), aminmax, countNonzero.
 * @module
 */
import { asOp, checkInt, checkOptions, checkReduction, checkTensor } from '../checks/index.js';
import { reductionDims } from '../shape.js';
import { ne } from '../ops/compare.js';
import { namedTuple, type MinMaxTuple } from '../ops/named-tuple.js';
import { amax, amin, sum } from '../ops/reduce.js';
import { cumprod } from '../ops/scan.js';
import { requireFloat } from '../ops/util.js';
import { narrow, reshape, squeeze } from '../ops/views.js';
import type { Tensor } from '../tensor/tensor.js';

/**
 * Product of the entries over `dim` (all when omitted); the product of nothing is 1. Its gradient
 * is exact with zeros among the entries (it is cumprod's).
 *
 * @example
 * ```ts
 * prod(tensor([[1, 2], [3, 4]])); // 24
 * prod(tensor([[1, 2], [3, 4]]), 1); // [2, 12]
 * ```
 */
export function prod(x: Tensor, dim?: number, keepdim = false): Tensor {
  checkReduction('prod', x, dim, keepdim);
  if (dim !== undefined) checkInt('prod', 'dim', dim);
  requireFloat('prod', x);
  if (dim === undefined) {
    const all = prod(reshape(x, [x.numel()]), 0);
    return keepdim ? reshape(all, x.shape.map(() => 1)) : all;
  }
  const [d] = reductionDims('prod', dim, x.ndim);
  if (x.ndim === 0) return x;
  const n = x.shape[d!]!;
  // an empty product is 1; Σ·0 + 1 keeps it in the graph with a size-0 gradient
  const last = n === 0 ? sum(x, d, true).mul(0).add(1) : narrow(cumprod(x, d!), d!, n - 1, 1);
  return keepdim ? last : squeeze(last, d);
}

/** Options of {@link aminmax}. */
export interface AminmaxOptions {
  /** The dim to reduce (all dims when omitted). */
  dim?: number;
  /** Keep the reduced dim with size 1. */
  keepdim?: boolean;
}

/**
 * The minimum and the maximum (PyTorch's `torch.aminmax`): an array `[min, max]` that also has
 * `.min` and `.max`. Ties share the gradient as in amin/amax.
 *
 * @example
 * ```ts
 * const [lo, hi] = aminmax(tensor([3, 1, 2])); // 1, 3
 * ```
 */
export function aminmax(x: Tensor, options: AminmaxOptions = {}): MinMaxTuple {
  checkTensor('aminmax', 'input', x);
  checkOptions('aminmax', options, { dim: 'int', keepdim: 'bool' });
  checkReduction('aminmax', x, options.dim, options.keepdim);
  const keepdim = options.keepdim ?? false;
  return asOp('aminmax', () => namedTuple<MinMaxTuple>(['min', 'max'], [amin(x, options.dim, keepdim), amax(x, options.dim, keepdim)]));
}

/**
 * The number of non-zero entries over `dim` (all when omitted), as an int32 tensor; not differentiable.
 *
 * @example
 * ```ts
 * countNonzero(tensor([[0, 1], [2, 0]]), 0); // [1, 1]
 * ```
 */
export function countNonzero(x: Tensor, dim?: number | readonly number[]): Tensor {
  checkReduction('countNonzero', x, dim, undefined);
  return sum(ne(x.detach(), 0), dim);
}
