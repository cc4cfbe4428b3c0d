/**
 * Comparisons and logical ops. They return bool tensors and are not differentiable (their
 * results never require grad).
 * @module
 */
import type { CompareOp } from '../backend/backend.js';
import { kernels } from '../backend/registry.js';
import { DTypeError, fmtShape } from '../errors.js';
import { broadcastShapes } from '../shape.js';
import type { Tensor, TensorLike } from '../tensor/tensor.js';
import { broadcastView, empty, operands } from './util.js';
import { checkTensor } from '../checks/args.js';

function applyCompare(op: CompareOp, a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = operands(op, a, b);
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

function requireBool(op: string, t: Tensor): void {
  checkTensor(op, 'input', t);
  if (t.dtype !== 'bool') throw new DTypeError(op, `expects bool tensors, got ${t.dtype} (shape ${fmtShape(t.shape)})`);
}

/** Elementwise AND of two bool tensors (broadcasting). */
export function logicalAnd(a: Tensor, b: Tensor): Tensor {
  requireBool('logicalAnd', a);
  requireBool('logicalAnd', b);
  // For 0/1 values, a AND b is min(a, b) = (a + b > 1).
  const shape = broadcastShapes('logicalAnd', a.shape, b.shape);
  const sum = empty(shape, 'int32');
  kernels().binary('add', broadcastView(a, shape), broadcastView(b, shape), sum.storage);
  return gt(sum, 1);
}

/** Elementwise OR of two bool tensors (broadcasting). */
export function logicalOr(a: Tensor, b: Tensor): Tensor {
  requireBool('logicalOr', a);
  requireBool('logicalOr', b);
  const shape = broadcastShapes('logicalOr', a.shape, b.shape);
  const sum = empty(shape, 'int32');
  kernels().binary('add', broadcastView(a, shape), broadcastView(b, shape), sum.storage);
  return gt(sum, 0);
}

/** Elementwise NOT of a bool tensor. */
export function logicalNot(a: Tensor): Tensor {
  requireBool('logicalNot', a);
  return eq(a, 0);
}
