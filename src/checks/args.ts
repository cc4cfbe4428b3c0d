/**
 * Argument checks at the public boundary. Each takes the PUBLIC op's name (the function or method
 * the user called) and the argument's name, and throws a chainrule error naming both; each costs
 * a `typeof` or two when the argument is right.
 * @module
 */
import type { DType } from '../dtype.js';
import { DTypeError, IndexError, ValueError, formatValue } from '../errors.js';
import { Generator } from '../random.js';
import { Tensor } from '../tensor/tensor.js';

/** A short description of any value, for error messages: `'a'`, `null`, `a float32 tensor [2,3]` (never throws; see {@link formatValue}). */
export function describe(x: unknown): string {
  if (typeof x === 'string') return `the string '${x.length > 40 ? `${x.slice(0, 40)}…` : x}'`;
  if (Array.isArray(x)) return `an array of length ${x.length}, ${formatValue(x)}`;
  return formatValue(x);
}

/** Throws unless `x` is a Tensor. */
export function checkTensor(op: string, arg: string, x: unknown): asserts x is Tensor {
  if (!(x instanceof Tensor)) throw new ValueError(op, `${arg} must be a Tensor, got ${describe(x)}`);
}

/** Throws unless `x` is a Tensor or a finite-or-infinite number (NaN is a value like any other). */
export function checkTensorLike(op: string, arg: string, x: unknown): void {
  if (!(x instanceof Tensor) && typeof x !== 'number') {
    throw new ValueError(op, `${arg} must be a Tensor or a number, got ${describe(x)}`);
  }
}

/** Throws unless `x` is a number (any number: ±Infinity and NaN are values PyTorch accepts here). */
export function checkNumber(op: string, arg: string, x: unknown): asserts x is number {
  if (typeof x !== 'number') throw new ValueError(op, `${arg} must be a number, got ${describe(x)}`);
}

/** Throws unless `x` is a finite number. */
export function checkFinite(op: string, arg: string, x: unknown): asserts x is number {
  if (typeof x !== 'number' || !Number.isFinite(x)) throw new ValueError(op, `${arg} must be a finite number, got ${describe(x)}`);
}

/** Throws unless `x` is an integer (at least `min` when given). */
export function checkInt(op: string, arg: string, x: unknown, min?: number): asserts x is number {
  if (typeof x !== 'number' || !Number.isInteger(x)) throw new ValueError(op, `${arg} must be an integer, got ${describe(x)}`);
  if (min !== undefined && x < min) throw new ValueError(op, `${arg} must be at least ${min}, got ${formatValue(x)}`);
}

/** Throws unless `x` is `true` or `false` (truthy strings such as `'false'` are not booleans). */
export function checkBool(op: string, arg: string, x: unknown): asserts x is boolean {
  if (typeof x !== 'boolean') throw new ValueError(op, `${arg} must be true or false, got ${describe(x)}`);
}

/** Throws unless `x` is one of `choices`. */
export function checkChoice<T extends string>(op: string, arg: string, x: unknown, choices: readonly T[]): asserts x is T {
  if (!choices.includes(x as T)) throw new ValueError(op, `${arg} must be one of ${choices.map((c) => `'${c}'`).join(', ')}, got ${describe(x)}`);
}

/** Throws unless `dim` is an integer dim of a rank-`rank` tensor (negative counts from the end). */
export function checkDim(op: string, arg: string, dim: unknown, rank: number): asserts dim is number {
  const lo = rank === 0 ? -1 : -rank;
  const hi = rank === 0 ? 0 : rank - 1;
  if (typeof dim !== 'number' || !Number.isInteger(dim)) throw new IndexError(op, `${arg} must be an integer dim, got ${describe(dim)}`);
  if (dim < lo || dim > hi) throw new IndexError(op, `${arg}=${dim} is out of range for a tensor of rank ${rank} (expected ${lo}..${hi})`);
}

/** Throws unless `dims` is undefined, an integer dim, or an array of distinct integer dims. */
export function checkDims(op: string, arg: string, dims: unknown, rank: number): void {
  if (dims === undefined || typeof dims === 'number') {
    if (dims !== undefined) checkDim(op, arg, dims, rank);
    return;
  }
  if (!Array.isArray(dims)) throw new IndexError(op, `${arg} must be a dim or an array of dims, got ${describe(dims)}`);
  const seen: number[] = [];
  for (const d of dims) {
    checkDim(op, arg, d, rank);
    const n = rank === 0 ? 0 : d < 0 ? d + rank : d;
    if (seen.includes(n)) throw new IndexError(op, `dim ${d} appears more than once in dims [${dims.join(',')}]`);
    seen.push(n);
  }
}

/** Throws unless `x` is an array of tensors (at least one). */
export function checkTensorList(op: string, arg: string, xs: unknown): asserts xs is Tensor[] {
  if (!Array.isArray(xs)) throw new ValueError(op, `${arg} must be an array of tensors, got ${describe(xs)}`);
  if (xs.length === 0) throw new ValueError(op, `${arg} must hold at least one tensor, got an empty array`);
  xs.forEach((x, i) => checkTensor(op, `${arg}[${i}]`, x));
}

/** Throws unless all tensors in `xs` share one dtype (names the public op, not an internal one). */
export function checkSameDType(op: string, arg: string, xs: readonly Tensor[]): void {
  for (let i = 1; i < xs.length; i++) {
    if (xs[i]!.dtype !== xs[0]!.dtype) {
      throw new DTypeError(op, `${arg}[${i}] is ${xs[i]!.dtype} but ${arg}[0] is ${xs[0]!.dtype}; convert with .to()`);
    }
  }
}

/** The common signature of a reduction `(input, dim?, keepdim?)`: a tensor, distinct dims in range, a boolean. */
export function checkReduction(op: string, x: unknown, dim: unknown, keepdim: unknown): asserts x is Tensor {
  checkTensor(op, 'input', x);
  checkDims(op, 'dim', dim, x.ndim);
  if (keepdim !== undefined) checkBool(op, 'keepdim', keepdim);
}

/** Throws unless `xs` is an array of integers (each at least `min` when given): sizes, shifts, dims lists. */
export function checkIntList(op: string, arg: string, xs: unknown, min?: number): asserts xs is number[] {
  if (!Array.isArray(xs)) throw new ValueError(op, `${arg} must be an array of integers, got ${describe(xs)}`);
  for (const x of xs) {
    if (typeof x !== 'number' || !Number.isInteger(x) || (min !== undefined && x < min)) {
      throw new ValueError(op, `${arg} must be an array of integers${min !== undefined ? ` ≥ ${min}` : ''}, got ${describe(xs)}`);
    }
  }
}

/** Throws unless `x` is an integer or an array of integers. */
export function checkIntOrList(op: string, arg: string, x: unknown): asserts x is number | number[] {
  if (typeof x === 'number') return checkInt(op, arg, x);
  checkIntList(op, arg, x);
}

/** Throws unless `f` is a function (a callback the op will call). */
export function checkFunction(op: string, arg: string, f: unknown): asserts f is (...args: never[]) => unknown {
  if (typeof f !== 'function') throw new ValueError(op, `${arg} must be a function, got ${describe(f)}`);
}

/** Throws unless `value` is a chainrule {@link Generator} (a `generator` option or argument). */
export function checkGenerator(op: string, arg: string, value: unknown): void {
  if (!(value instanceof Generator)) throw new ValueError(op, `${arg} must be a chainrule Generator, got ${describe(value)}`);
}

/**
 * A number as a tensor of `dtype` stores it, converted as PyTorch converts a Python number into a
 * tensor (`full`, `fill_`, `masked_fill`, `scatter`, `tensor(..., dtype=)`): int32 truncates (−2.7
 * → −2) and refuses what does not fit (±∞, NaN, |x| past 2³¹), bool is `value ≠ 0` (NaN is true),
 * the floats keep it. A typed array would silently wrap or zero what int32 refuses here.
 */
export function numberAs(op: string, arg: string, value: number, dtype: DType): number {
  if (dtype === 'bool') return value !== 0 ? 1 : 0;
  if (dtype !== 'int32') return value;
  const n = Math.trunc(value);
  if (!(n >= -(2 ** 31) && n < 2 ** 31)) throw new ValueError(op, `${arg} ${formatValue(value)} cannot be converted to int32 without overflow`);
  return n;
}
