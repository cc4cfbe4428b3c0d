/**
 * Bitwise ops on int32 and bool tensors (bool: the logical ops). Not differentiable; float
 * operands are rejected, as in PyTorch.
 * @module
 */
import { isFloating } from '../dtype.js';
import { DTypeError, fmtShape } from '../errors.js';
import type { Tensor, TensorLike } from '../tensor/tensor.js';
import { logicalNot } from './compare.js';
import { promotedPair, runBinary } from './math-util.js';
import { requireTensor } from './promotion.js';
import { scalar } from './util.js';

function bitwise(op: string, kernel: 'bitAnd' | 'bitOr' | 'bitXor', a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = promotedPair(op, a, b);
  if (isFloating(x.dtype)) {
    throw new DTypeError(op, `operands must be int32 or bool, got ${describe(a)} and ${describe(b)}`);
  }
  return runBinary(kernel, x, y);
}

function describe(t: TensorLike): string {
  return typeof t === 'number' ? `the number ${t}` : `${t.dtype} ${fmtShape(t.shape)}`;
}

/**
 * Bitwise AND of int32 or bool tensors (or a tensor and an integer), broadcasting.
 *
 * ```ts
 * bitwiseAnd(tensor([12, 10], { dtype: 'int32' }), 6); // [4, 2]
 * ```
 */
export function bitwiseAnd(a: TensorLike, b: TensorLike): Tensor {
  return bitwise('bitwiseAnd', 'bitAnd', a, b);
}

/**
 * Bitwise OR of int32 or bool tensors, broadcasting.
 *
 * ```ts
 * bitwiseOr(tensor([12, 10], { dtype: 'int32' }), 1); // [13, 11]
 * ```
 */
export function bitwiseOr(a: TensorLike, b: TensorLike): Tensor {
  return bitwise('bitwiseOr', 'bitOr', a, b);
}

/**
 * Bitwise XOR of int32 or bool tensors, broadcasting.
 *
 * ```ts
 * bitwiseXor(tensor([12, 10], { dtype: 'int32' }), 6); // [10, 12]
 * ```
 */
export function bitwiseXor(a: TensorLike, b: TensorLike): Tensor {
  return bitwise('bitwiseXor', 'bitXor', a, b);
}

/**
 * Bitwise NOT: ~x (= −x − 1) for int32, logical NOT for bool.
 *
 * ```ts
 * bitwiseNot(tensor([0, 5], { dtype: 'int32' })); // [-1, -6]
 * ```
 */
export function bitwiseNot(x: Tensor): Tensor {
  requireTensor('bitwiseNot', x);
  if (x.dtype === 'bool') return logicalNot(x);
  if (x.dtype !== 'int32') throw new DTypeError('bitwiseNot', `input must be int32 or bool, got ${describe(x)}`);
  return runBinary('bitXor', x, scalar(-1, 'int32').expand(x.shape));
}
