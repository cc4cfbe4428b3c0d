/**
 * Comparisons and logical ops. They return bool tensors and are not differentiable (their
 * results never require grad).
 * @module
 */
import type { CompareOp } from '../backend/backend.js';
import { kernels } from '../backend/registry.js';
import { DTypeError } from '../errors.js';
import { broadcastShapes } from '../shape.js';
import { Tensor, type TensorLike } from '../tensor/tensor.js';
import { promotedOperands } from './promotion.js';
import { broadcastView, empty } from './util.js';
import { checkTensor } from '../checks/args.js';

/** Compares in the operands' promoted dtype (src/ops/promotion.ts), as PyTorch does. */
function applyCompare(op: CompareOp, a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = promotedOperands(op, a, b);
  const shape = broadcastShapes(op, x.shape, y.shape);
  const out = empty(shape, 'bool');
  kernels().compare(op, broadcastView(x, shape), broadcastView(y, shape), out.storage as Uint8Array);
  return out;
}

/** a == b */
export function eq(a: TensorLike, b: TensorLike): Tensor {
  return applyCompare('eq', a, b);
}
/** a != b */
export function ne(a: TensorLike, b: TensorLike): Tensor {
  return applyCompare('ne', a, b);
}
/** a < b */
export function lt(a: TensorLike, b: TensorLike): Tensor {
  return applyCompare('lt', a, b);
}
/** a <= b */
export function le(a: TensorLike, b: TensorLike): Tensor {
  return applyCompare('le', a, b);
}
/** a > b */
export function gt(a: TensorLike, b: TensorLike): Tensor {
  return applyCompare('gt', a, b);
}
/** a >= b */
export function ge(a: TensorLike, b: TensorLike): Tensor {
  return applyCompare('ge', a, b);
}
/** True where x is NaN. */
export function isnan(x: Tensor): Tensor {
  checkTensor('isnan', 'input', x);
  return applyCompare('ne', x, x);
}

/** `t` as bool: itself if bool, else `t ≠ 0` (NaN counts as true, as in PyTorch). */
function truth(t: TensorLike, op: string): Tensor {
  if (typeof t === 'number') throw new DTypeError(op, `expects tensors, got the number ${t}`);
  if (!(t instanceof Tensor)) throw new DTypeError(op, `expects tensors, got ${t === null ? 'null' : typeof t}`);
  return t.dtype === 'bool' ? t : applyCompare('ne', t, 0);
}

/** Sum of the truth values of a and b (0, 1 or 2) in an int32 tensor of their broadcast shape. */
function countTrue(op: string, a: Tensor, b: Tensor): Tensor {
  const x = truth(a, op);
  const y = truth(b, op);
  const shape = broadcastShapes(op, x.shape, y.shape);
  const sum = empty(shape, 'int32');
  kernels().binary('add', broadcastView(x, shape), broadcastView(y, shape), sum.storage);
  return sum;
}

/**
 * Elementwise AND of the truth values (nonzero is true) of two tensors of any dtype, broadcasting;
 * a bool tensor, not differentiable.
 *
 * ```ts
 * logicalAnd(tensor([1, 0, 2]), tensor([true, true, false], { dtype: 'bool' })); // [true, false, false]
 * ```
 */
export function logicalAnd(a: Tensor, b: Tensor): Tensor {
  return applyCompare('gt', countTrue('logicalAnd', a, b), 1);
}

/**
 * Elementwise OR of the truth values of two tensors of any dtype (broadcasting); bool, not differentiable.
 *
 * ```ts
 * logicalOr(tensor([1, 0, 0]), tensor([0, 0, 3])); // [true, false, true]
 * ```
 */
export function logicalOr(a: Tensor, b: Tensor): Tensor {
  return applyCompare('gt', countTrue('logicalOr', a, b), 0);
}

/**
 * Elementwise XOR of the truth values of two tensors of any dtype (broadcasting); bool, not differentiable.
 *
 * ```ts
 * logicalXor(tensor([1, 0, 2]), tensor([1, 0, 0])); // [false, false, true]
 * ```
 */
export function logicalXor(a: Tensor, b: Tensor): Tensor {
  return applyCompare('eq', countTrue('logicalXor', a, b), 1);
}

/**
 * Elementwise NOT of a tensor of any dtype (true where the value is 0); bool, not differentiable.
 *
 * ```ts
 * logicalNot(tensor([0, 1.5, -2])); // [true, false, false]
 * ```
 */
export function logicalNot(a: Tensor): Tensor {
  return applyCompare('eq', truth(a, 'logicalNot'), 0);
}
