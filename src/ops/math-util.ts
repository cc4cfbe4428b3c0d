/**
 * Helpers of issue 10's elementwise ops (rounding.ts, trig.ts, exp-log.ts, bitwise.ts):
 * promoted and broadcast operand pairs, kernel calls, the zero VJP of rounding ops.
 * @module
 */
import type { BinaryOp } from '../backend/backend.js';
import { kernels } from '../backend/registry.js';
import type { DType } from '../dtype.js';
import { ValueError, fmtShape } from '../errors.js';
import { broadcastShapes, sameShape } from '../shape.js';
import type { Tensor, TensorLike } from '../tensor/tensor.js';
import { promotedOperands } from './promotion.js';
import { empty } from './util.js';
import { expand } from './views.js';

/**
 * Both operands promoted to their result dtype (at least `floor` when given: float32 for float
 * functions, int32 for integer arithmetic on bools), then broadcast (recorded as expands).
 */
export function promotedPair(op: string, a: TensorLike, b: TensorLike, floor?: DType): [Tensor, Tensor] {
  const [ta, tb] = promotedOperands(op, a, b, floor);
  if (sameShape(ta.shape, tb.shape)) return [ta, tb];
  const shape = broadcastShapes(op, ta.shape, tb.shape);
  return [expand(ta, shape), expand(tb, shape)];
}

/** Runs a binary kernel on two same-shape, same-dtype operands; the result has their dtype. */
export function runBinary(kernel: BinaryOp, x: Tensor, y: Tensor): Tensor {
  const out = empty(x.shape, x.dtype);
  kernels().binary(kernel, x, y, out.storage);
  return out;
}

/** Integer division by zero is an error (PyTorch's ZeroDivisionError); float division gives ±∞/NaN. */
export function checkIntegerDivisor(op: string, y: Tensor): void {
  if (y.dtype !== 'int32') return;
  const n = y.numel();
  if (n === 0) return;
  const values = y.contiguous().toTypedArray();
  if (values.includes(0)) throw new ValueError(op, `integer division by zero (divisor of shape ${fmtShape(y.shape)} holds a 0)`);
}

/** The VJP of ops whose gradient is zero almost everywhere (rounding), as PyTorch: zeros for every input. */
export function zerosVjp(g: Tensor, _saved: readonly Tensor[], node: { inputShapes: readonly (readonly number[])[] }): Tensor[] {
  return node.inputShapes.map((shape) => empty(shape, g.dtype));
}
