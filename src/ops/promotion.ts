/**
 * Type promotion, PyTorch's rules (`torch.result_type`) on chainrule's four dtypes, ordered
 * bool < int32 < float32 < float64 (kinds: boolean < integer < floating).
 *
 * Operands fall in three classes, strongest first: tensors with at least one dim, 0-d tensors,
 * and numbers. Within a class the higher dtype wins. A weaker class changes the result only when
 * its *kind* is higher than the stronger class's: `int32 [3] + float64 0-d` is float64, but
 * `float32 [3] + float64 0-d` stays float32. A number is int32 when it is an integer and float32
 * (the default dtype) otherwise — JavaScript cannot tell `2` from `2.0`, so `floatTensor.add(2)`
 * stays float, `intTensor.add(2)` stays int32 and `intTensor.add(0.5)` is float32.
 * @module
 */
import type { UnaryOp } from '../backend/backend.js';
import { formatValue } from '../errors.js';
import { DEFAULT_DTYPE, type DType } from '../dtype.js';
import { DTypeError, fmtShape } from '../errors.js';
import { Tensor, type TensorLike } from '../tensor/tensor.js';
import { toDtype } from './cast.js';
import { scalar } from './util.js';
import { checkTensor, checkTensorLike, numberAs } from '../checks/args.js';

const ORDER: readonly DType[] = ['bool', 'int32', 'float32', 'float64'];
const KIND: Readonly<Record<DType, number>> = { bool: 0, int32: 1, float32: 2, float64: 2 };

/**
 * The smaller dtype that holds both (PyTorch's `torch.promote_types`).
 *
 * ```ts
 * promoteTypes('int32', 'float32'); // 'float32'
 * promoteTypes('bool', 'int32');    // 'int32'
 * ```
 */
export function promoteTypes(a: DType, b: DType): DType {
  return ORDER.indexOf(a) >= ORDER.indexOf(b) ? a : b;
}

/** The dtype a number operand counts as: int32 for integers, float32 (the default) otherwise. */
export function numberDtype(value: number): DType {
  return Number.isInteger(value) ? 'int32' : DEFAULT_DTYPE;
}

/** PyTorch's combine_categories: the stronger class wins unless the weaker one is of a higher kind. */
function combine(higher: DType | undefined, lower: DType | undefined): DType | undefined {
  if (higher === undefined) return lower;
  if (lower === undefined) return higher;
  if (KIND[higher] === 2) return higher;
  if (higher === 'bool' || KIND[lower] === 2) return promoteTypes(higher, lower);
  return higher;
}

/**
 * The dtype PyTorch gives an elementwise op of these two operands (`torch.result_type`).
 *
 * ```ts
 * resultType(tensor([1, 2], { dtype: 'int32' }), 0.5); // 'float32'
 * resultType(zeros([3]), tensor(1, { dtype: 'float64' })); // 'float32' (a 0-d tensor is weaker)
 * ```
 */
export function resultType(a: TensorLike, b: TensorLike): DType {
  return resultTypeOf('resultType', [a, b]);
}

/** {@link resultType} of any number of operands, errors naming `op`. */
export function resultTypeOf(op: string, operands: readonly TensorLike[]): DType {
  let dims: DType | undefined;
  let zeroDim: DType | undefined;
  let numbers: DType | undefined;
  const join = (acc: DType | undefined, d: DType): DType => (acc === undefined ? d : promoteTypes(acc, d));
  for (const [i, x] of operands.entries()) {
    checkTensorLike(op, operands.length === 2 ? ['input', 'other'][i]! : `operands[${i}]`, x);
    if (typeof x === 'number') numbers = join(numbers, numberDtype(x));
    else if (x instanceof Tensor) {
      if (x.ndim > 0) dims = join(dims, x.dtype);
      else zeroDim = join(zeroDim, x.dtype);
    }
  }
  const result = combine(dims, combine(zeroDim, numbers));
  if (result === undefined) throw new DTypeError(op, 'needs at least one operand');
  return result;
}

/** `x` as a tensor of `dtype`: a number becomes a 0-d tensor, a tensor is cast (differentiably between floats). */
export function asDtype(x: TensorLike, dtype: DType): Tensor {
  return typeof x === 'number' ? scalar(x, dtype) : toDtype(x, dtype);
}

/**
 * Both operands of a binary op as tensors of their promoted dtype (see the module doc). Two
 * numbers are rejected: at least one operand must be a tensor.
 */
export function promotedOperands(op: string, a: TensorLike, b: TensorLike, floor?: DType): [Tensor, Tensor] {
  if (typeof a === 'number' && typeof b === 'number') {
    throw new DTypeError(op, `needs at least one tensor operand, got the numbers ${a} and ${b}`);
  }
  // fast paths (the common cases: one dtype, or a float tensor and a number) when no floor applies
  if (floor === undefined) {
    if (a instanceof Tensor && b instanceof Tensor && a.dtype === b.dtype) return [a, b];
    if (a instanceof Tensor && typeof b === 'number' && KIND[a.dtype] === 2) return [a, scalar(b, a.dtype)];
    if (b instanceof Tensor && typeof a === 'number' && KIND[b.dtype] === 2) return [scalar(a, b.dtype), b];
  }
  let dtype = resultTypeOf(op, [a, b]);
  if (floor !== undefined) dtype = promoteTypes(dtype, floor);
  return [asDtype(a, dtype), asDtype(b, dtype)];
}

/**
 * True when a result of dtype `from` may be written into a tensor of dtype `to` (PyTorch's
 * `can_cast`: never to a lower kind, so an int tensor cannot take a float result in place).
 */
export function canCast(from: DType, to: DType): boolean {
  return KIND[from] <= KIND[to];
}

/** Rejects writing a `result` into `self` of a lower kind (`intTensor.add_(0.5)`), as PyTorch does. */
export function checkCastInPlace(op: string, result: Tensor, self: Tensor): void {
  if (!canCast(result.dtype, self.dtype)) {
    throw new DTypeError(op, `result type ${result.dtype} can't be cast to the tensor's dtype ${self.dtype} (shape ${fmtShape(self.shape)})`);
  }
}

/** Rejects a non-Tensor argument with a ValueError naming `op` and `arg` (before any dtype check reads it). */
export function requireTensor(op: string, x: unknown, arg = 'input'): Tensor {
  checkTensor(op, arg, x);
  return x;
}

/**
 * An index argument as int32. `tensor([1, 2])` is float32 (JavaScript cannot tell 1 from 1.0), so
 * a float tensor holding whole numbers is accepted and converted; a fractional or non-finite
 * value, or a bool tensor, is an error naming `op` and `arg`.
 */
export function integerIndex(op: string, t: Tensor, arg = 'index'): Tensor {
  requireTensor(op, t, arg);
  if (t.dtype === 'int32') return t;
  if (t.dtype === 'bool') {
    throw new DTypeError(op, `${arg} must be an int32 tensor (or a float tensor of whole numbers), got bool (shape ${fmtShape(t.shape)})`);
  }
  const values = t.contiguous().toTypedArray();
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isInteger(v) || Math.abs(v) > 2147483647) {
      throw new DTypeError(op, `${arg} must hold whole numbers, got ${formatValue(v)} at flat position ${i} (${t.dtype}, shape ${fmtShape(t.shape)})`);
    }
  }
  return t.detach().to('int32');
}

/** Unary kernels that are float functions: an int32 or bool input is computed in float32 (as PyTorch). */
const FLOAT_FUNCTIONS: ReadonlySet<UnaryOp> = new Set<UnaryOp>([
  'exp', 'log', 'sqrt', 'sin', 'cos', 'tanh', 'sigmoid', 'erf', 'log1p', 'expm1', 'reciprocal',
  'tan', 'asin', 'acos', 'atan', 'sinh', 'cosh', 'asinh', 'acosh', 'atanh', 'exp2', 'log2', 'log10',
]);
/** Unary kernels that keep an int32 input int32 (PyTorch rejects bool for these, except sign). */
const INTEGER_PRESERVING: ReadonlySet<UnaryOp> = new Set<UnaryOp>(['neg', 'abs', 'sign', 'relu']);

/**
 * How a unary op treats a non-float input `x`: 'float32' (computed as float32), 'int32' (kept
 * int32), 'same' (returned as is: sign of a bool). Throws where PyTorch does.
 */
export function unaryInputDtype(op: string, kernel: UnaryOp, x: Tensor, a = 0, b = 0): 'float32' | 'int32' | 'same' {
  requireTensor(op, x);
  if (FLOAT_FUNCTIONS.has(kernel)) return 'float32';
  if (kernel === 'clamp') {
    // clamp(intTensor, 0, 5) stays int32; a fractional bound promotes to float32 (as PyTorch)
    const whole = (v: number): boolean => Number.isInteger(v) || v === Infinity || v === -Infinity;
    if (!whole(a) || !whole(b)) return 'float32';
    // a finite bound must fit int32 (PyTorch refuses clamp(intTensor, 2 ** 31); it would wrap here)
    for (const bound of [a, b]) if (Number.isFinite(bound)) numberAs(op, 'bound', bound, 'int32');
    return 'int32';
  }
  if (INTEGER_PRESERVING.has(kernel)) {
    if (x.dtype === 'int32') return 'int32';
    if (kernel === 'sign') return 'same';
  }
  throw new DTypeError(op, `input must be float32 or float64${INTEGER_PRESERVING.has(kernel) ? ' or int32' : ''}, got ${x.dtype} (shape ${fmtShape(x.shape)}); convert with .to('float32')`);
}
