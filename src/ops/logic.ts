/**
 * Truth tests and reductions over truth values: any, all, isinf, isfinite, isclose, allclose.
 * All return bool tensors (or a boolean) and are not differentiable, as in PyTorch.
 * @module
 */
import { asOp, checkOptions, checkReduction, checkTensor } from '../checks/index.js';
import { formatValue } from '../errors.js';
import { broadcastShapes, sameShape } from '../shape.js';
import { isFloating } from '../dtype.js';
import { ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { eq, gt, le, logicalAnd, logicalNot, logicalOr, ne } from './compare.js';
import { promotedOperands, requireTensor } from './promotion.js';
import { sum } from './reduce.js';
import { abs } from './unary.js';
import { empty } from './util.js';

/**
 * True where any element is nonzero: over all elements (a 0-d bool tensor) or along `dim`
 * (one or several dims). Any dtype; an empty reduction is false. Not differentiable.
 *
 * ```ts
 * any(tensor([0, 0, 3])); // tensor(true)
 * any(tensor([[0, 1], [0, 0]]), 1); // [true, false]
 * ```
 */
export function any(x: Tensor, dim?: number | readonly number[], keepdim = false): Tensor {
  checkReduction('any', x, dim, keepdim);
  return gt(sum(ne(x.detach(), 0), dim, keepdim), 0);
}

/**
 * True where every element is nonzero: over all elements (a 0-d bool tensor) or along `dim`.
 * Any dtype; an empty reduction is true. Not differentiable.
 *
 * ```ts
 * all(tensor([1, 2, 0])); // tensor(false)
 * all(tensor([[1, 1], [0, 1]]), 0); // [false, true]
 * ```
 */
export function all(x: Tensor, dim?: number | readonly number[], keepdim = false): Tensor {
  checkReduction('all', x, dim, keepdim);
  return eq(sum(eq(x.detach(), 0), dim, keepdim), 0);
}

/**
 * True where the value is +∞ or −∞ (false for NaN and for every int32 or bool value). Not differentiable.
 *
 * ```ts
 * isinf(tensor([1, Infinity, -Infinity, NaN])); // [false, true, true, false]
 * ```
 */
export function isinf(x: Tensor): Tensor {
  requireTensor('isinf', x);
  if (!isFloating(x.dtype)) return empty(x.shape, 'bool');
  return eq(abs(x.detach()), Infinity);
}

/**
 * True where the value is neither ±∞ nor NaN (always true for int32 and bool). Not differentiable.
 *
 * ```ts
 * isfinite(tensor([1, Infinity, NaN])); // [true, false, false]
 * ```
 */
export function isfinite(x: Tensor): Tensor {
  requireTensor('isfinite', x);
  if (!isFloating(x.dtype)) return eq(empty(x.shape, 'bool'), 0);
  return logicalNot(logicalOr(isinf(x), ne(x.detach(), x.detach())));
}

/** Options of {@link isclose} and {@link allclose} (PyTorch's defaults). */
export interface CloseOptions {
  /** Relative tolerance (default 1e-5). */
  rtol?: number;
  /** Absolute tolerance (default 1e-8). */
  atol?: number;
  /** Whether two NaNs count as close (default false). */
  equalNan?: boolean;
}

/**
 * True where |a − b| ≤ atol + rtol·|b| (PyTorch's `isclose`, broadcasting, in the operands'
 * promoted dtype); equal infinities are close, NaN is close to NaN only with `equalNan`.
 * Not differentiable.
 *
 * ```ts
 * isclose(tensor([1, 2]), tensor([1 + 1e-7, 2.1])); // [true, false]
 * ```
 */
export function isclose(a: Tensor, b: Tensor, options: CloseOptions = {}): Tensor {
  checkOptions('isclose', options, { rtol: 'number', atol: 'number', equalNan: 'bool' });
  const rtol = options.rtol ?? 1e-5;
  const atol = options.atol ?? 1e-8;
  for (const [name, v] of [['rtol', rtol], ['atol', atol]] as const) {
    if (typeof v !== 'number' || !(v >= 0)) throw new ValueError('isclose', `${name} must be a number ≥ 0, got ${formatValue(v)}`);
  }
  const [x, y] = promotedOperands('isclose', requireTensor('isclose', a, 'a').detach(), requireTensor('isclose', b, 'b').detach());
  broadcastShapes('isclose', x.shape, y.shape);
  const equal = eq(x, y);
  if (!isFloating(x.dtype)) {
    if (x.dtype === 'bool') return equal;
    return logicalOr(equal, le(abs(x.to('float64').sub(y.to('float64'))), abs(y.to('float64')).mul(rtol).add(atol)));
  }
  const diff = abs(x.sub(y));
  // finite |a − b| within the tolerance; the bound is computed in the operands' dtype, as PyTorch
  const within = logicalAnd(le(diff, abs(y).mul(rtol).add(atol)), isfinite(diff));
  const close = logicalOr(equal, within);
  return options.equalNan ? logicalOr(close, logicalAnd(ne(x, x), ne(y, y))) : close;
}

/**
 * True when every pair of elements is {@link isclose} (a JavaScript boolean, as PyTorch's Python
 * bool). Not differentiable.
 *
 * ```ts
 * allclose(tensor([1, 2]), tensor([1, 2 + 1e-9])); // true
 * ```
 */
export function allclose(a: Tensor, b: Tensor, options: CloseOptions = {}): boolean {
  return asOp('allclose', () => all(isclose(a, b, options)).item() === 1);
}

/**
 * True when a and b have the same shape and equal elements, as PyTorch's `torch.equal` (a
 * JavaScript boolean): no broadcasting, dtypes compared by value, and NaN is not equal to itself.
 *
 * ```ts
 * equal(tensor([1, 2]), tensor([1, 2], { dtype: 'int32' })); // true
 * equal(tensor([1, 2]), tensor([[1, 2]])); // false: shapes differ
 * ```
 */
export function equal(a: Tensor, b: Tensor): boolean {
  checkTensor('equal', 'input', a);
  checkTensor('equal', 'other', b);
  if (!sameShape(a.shape, b.shape)) return false;
  return asOp('equal', () => all(eq(a, b)).item() === 1);
}
