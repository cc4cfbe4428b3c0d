/**
 * Helpers shared by the ops: allocation, operand checks and broadcasting.
 * @module
 */
import { allocate, isFloating, type DType } from '../dtype.js';
import { DTypeError, fmtShape } from '../errors.js';
import { broadcastShapes, contiguousStrides, sameShape, sizeOf } from '../shape.js';
import { Tensor, type TensorLike } from '../tensor/tensor.js';
import { expand } from './views.js';
import { checkTensor, checkTensorLike } from '../checks/args.js';
import { checkNumel, MAX_ELEMENTS } from '../checks/limits.js';

const SCALAR_SHAPE: readonly number[] = Object.freeze([]) as readonly number[];

/**
 * A new contiguous tensor of zeros (the kernels' output buffer). Past MAX_ELEMENTS it throws a
 * ValueError instead of allocating: ops check their sizes first, and this is the last guard
 * against an out-of-memory kill, which no try/catch can stop.
 */
export function empty(shape: readonly number[], dtype: DType): Tensor {
  const n = sizeOf(shape);
  if (n > MAX_ELEMENTS) checkNumel('empty', n, `an intermediate of shape ${fmtShape(shape)}`);
  return new Tensor(allocate(dtype, n), shape, contiguousStrides(shape), 0, dtype);
}

/** A 0-d tensor holding `value`. */
export function scalar(value: number, dtype: DType): Tensor {
  const storage = allocate(dtype, 1);
  storage[0] = value;
  return new Tensor(storage, SCALAR_SHAPE, SCALAR_SHAPE, 0, dtype);
}

/** A strided view of `t` broadcast to `shape` (stride 0 on new/expanded dims), outside the graph. */
export function broadcastView(t: Tensor, shape: readonly number[]): Tensor {
  if (sameShape(t.shape, shape)) return t;
  const lead = shape.length - t.ndim;
  const strides = shape.map((size, d) => {
    const i = d - lead;
    return i < 0 || t.shape[i] !== size ? 0 : t.strides[i]!;
  });
  return new Tensor(t.storage, shape, strides, t.offset, t.dtype, t.base ?? t, t.versionCounter);
}

/** Rejects a non-float tensor for a float-only op. */
export function requireFloat(op: string, t: Tensor, arg = 'input'): void {
  checkTensor(op, arg, t);
  if (!isFloating(t.dtype)) {
    throw new DTypeError(op, `${arg} must be float32 or float64, got ${t.dtype} (shape ${fmtShape(t.shape)}); convert with .to('float32')`);
  }
}

/** Turns a number operand into a tensor of the other operand's dtype; rejects dtype mixing. */
export function operands(op: string, a: TensorLike, b: TensorLike): [Tensor, Tensor] {
  checkTensorLike(op, 'input', a);
  checkTensorLike(op, 'other', b);
  if (typeof a === 'number' && typeof b === 'number') {
    throw new DTypeError(op, `needs at least one tensor operand, got the numbers ${a} and ${b}`);
  }
  const ta = typeof a === 'number' ? scalar(a, (b as Tensor).dtype) : a;
  const tb = typeof b === 'number' ? scalar(b, ta.dtype) : b;
  if (!(ta instanceof Tensor) || !(tb instanceof Tensor)) {
    throw new DTypeError(op, `operands must be tensors or numbers, got ${describe(a)} and ${describe(b)}`);
  }
  if (ta.dtype !== tb.dtype) {
    throw new DTypeError(
      op,
      `cannot mix dtypes ${ta.dtype} ${fmtShape(ta.shape)} and ${tb.dtype} ${fmtShape(tb.shape)}; convert one with .to()`,
    );
  }
  return [ta, tb];
}

/** Both operands expanded to their broadcast shape (recorded as ExpandBackward where needed). */
export function broadcastPair(op: string, a: TensorLike, b: TensorLike): [Tensor, Tensor] {
  const [ta, tb] = operands(op, a, b);
  if (sameShape(ta.shape, tb.shape)) return [ta, tb];
  const shape = broadcastShapes(op, ta.shape, tb.shape);
  return [expand(ta, shape), expand(tb, shape)];
}

function describe(x: unknown): string {
  if (x === null) return 'null';
  if (typeof x === 'object') return (x as object).constructor?.name ?? 'object';
  return typeof x;
}
