/**
 * Creating tensors: from data, filled, ranges, identity, and random (seeded).
 * @module
 */
import { allocate, checkDType, DEFAULT_DTYPE, dtypeOfArray, isFloating, type DType, type TypedArray } from '../dtype.js';
import { DTypeError, ShapeError, ValueError, fmtShape } from '../errors.js';
import { defaultGenerator, type Generator } from '../random.js';
import { checkShape, contiguousStrides, sizeOf } from '../shape.js';
import { Tensor } from './tensor.js';
import type { NestedArray } from './format.js';

/** Options accepted by every creation function. */
export interface TensorOptions {
  /** Element type (default float32; for `tensor()` of a typed array, the array's own type). */
  dtype?: DType;
  /** Make the tensor a leaf that requires grad. */
  requiresGrad?: boolean;
}

/** Options of the random creation functions. */
export interface RandomOptions extends TensorOptions {
  /** The generator to draw from (default: the global one, seeded by manualSeed). */
  generator?: Generator;
}

/** A shape given as one size or a list of sizes. */
export type ShapeArg = number | readonly number[];

function finish(storage: TypedArray, shape: readonly number[], dtype: DType, options: TensorOptions): Tensor {
  const t = new Tensor(storage, shape, contiguousStrides(shape), 0, dtype);
  if (options.requiresGrad) t.requiresGrad_(true);
  return t;
}

function shapeOf(op: string, shape: ShapeArg): number[] {
  return checkShape(op, typeof shape === 'number' ? [shape] : shape);
}

/** A tensor holding a copy of `data`: a number, nested arrays of numbers/booleans, or a typed array (1-D). */
export function tensor(data: number | boolean | NestedArray | TypedArray, options: TensorOptions = {}): Tensor {
  if (ArrayBuffer.isView(data)) {
    const source = data as TypedArray;
    const dtype = options.dtype === undefined ? inferTypedArrayDType(source) : checkDType('tensor', options.dtype);
    const storage = allocate(dtype, source.length);
    for (let i = 0; i < source.length; i++) storage[i] = toStored(dtype, Number(source[i]!));
    return finish(storage, [source.length], dtype, options);
  }
  const shape: number[] = [];
  let level: unknown = data;
  while (Array.isArray(level)) {
    shape.push(level.length);
    level = level[0];
  }
  const values: (number | boolean)[] = [];
  flattenInto(data, shape, 0, values);
  const allBool = values.length > 0 && values.every((v) => typeof v === 'boolean');
  const dtype = options.dtype === undefined ? (allBool ? 'bool' : DEFAULT_DTYPE) : checkDType('tensor', options.dtype);
  const storage = allocate(dtype, values.length);
  for (let i = 0; i < values.length; i++) storage[i] = toStored(dtype, Number(values[i]));
  return finish(storage, shape, dtype, options);
}

/** The dtype a typed array maps to without an explicit dtype; other typed arrays need one. */
function inferTypedArrayDType(source: ArrayBufferView): DType {
  if (source instanceof Float32Array || source instanceof Float64Array || source instanceof Int32Array || source instanceof Uint8Array) {
    return dtypeOfArray(source);
  }
  throw new DTypeError(
    'tensor',
    `cannot infer a dtype from a ${source.constructor.name}; pass { dtype } (Float32Array, Float64Array, Int32Array and Uint8Array (bool) are inferred)`,
  );
}

/** A value as stored for `dtype`: bool keeps 0/1 (any nonzero, and NaN, is true, as PyTorch). */
function toStored(dtype: DType, v: number): number {
  return dtype === 'bool' ? (v !== 0 ? 1 : 0) : v;
}

function flattenInto(data: unknown, shape: readonly number[], depth: number, out: (number | boolean)[]): void {
  if (depth === shape.length) {
    if (Array.isArray(data)) {
      throw new ShapeError('tensor', `ragged nested array: expected a number at depth ${depth} (inferred shape ${fmtShape(shape)}), got an array of length ${data.length}`);
    }
    if (typeof data !== 'number' && typeof data !== 'boolean') {
      throw new ValueError('tensor', `expected a number or boolean at depth ${depth}, got ${typeof data}`);
    }
    out.push(data);
    return;
  }
  if (!Array.isArray(data) || data.length !== shape[depth]) {
    throw new ShapeError('tensor', `ragged nested array: expected length ${shape[depth]} at depth ${depth} (inferred shape ${fmtShape(shape)}), got ${Array.isArray(data) ? data.length : typeof data}`);
  }
  for (const item of data) flattenInto(item, shape, depth + 1, out);
}

/** A tensor of `fillValue`. */
export function full(shape: ShapeArg, fillValue: number, options: TensorOptions = {}): Tensor {
  const s = shapeOf('full', shape);
  const dtype = checkDType('full', options.dtype ?? DEFAULT_DTYPE);
  const storage = allocate(dtype, sizeOf(s));
  storage.fill(toStored(dtype, fillValue));
  return finish(storage, s, dtype, options);
}

/** A tensor of zeros. */
export function zeros(shape: ShapeArg, options: TensorOptions = {}): Tensor {
  return full(shape, 0, options);
}

/** A tensor of ones. */
export function ones(shape: ShapeArg, options: TensorOptions = {}): Tensor {
  return full(shape, 1, options);
}

/** Values start, start+step, … below end (or arange(end) from 0). Default dtype float32. */
export function arange(start: number, end?: number, step = 1, options: TensorOptions = {}): Tensor {
  const [lo, hi] = end === undefined ? [0, start] : [start, end];
  if (![lo, hi, step].every(Number.isFinite) || step === 0) {
    throw new ValueError('arange', `start, end and step must be finite with step ≠ 0, got start=${lo}, end=${hi}, step=${step}`);
  }
  if ((hi - lo) * step < 0) throw new ValueError('arange', `step=${step} points away from end=${hi} (start=${lo})`);
  const n = Math.max(0, Math.ceil((hi - lo) / step));
  const dtype = checkDType('arange', options.dtype ?? DEFAULT_DTYPE);
  const storage = allocate(dtype, n);
  for (let i = 0; i < n; i++) storage[i] = lo + i * step;
  return finish(storage, [n], dtype, options);
}

/** `steps` evenly spaced values from start to end inclusive. */
export function linspace(start: number, end: number, steps: number, options: TensorOptions = {}): Tensor {
  if (!Number.isInteger(steps) || steps < 0) throw new ValueError('linspace', `steps must be a non-negative integer, got ${steps}`);
  const dtype = checkDType('linspace', options.dtype ?? DEFAULT_DTYPE);
  const storage = allocate(dtype, steps);
  const step = steps > 1 ? (end - start) / (steps - 1) : 0;
  // Like PyTorch, fill the second half from the end so both endpoints are exact.
  for (let i = 0; i < steps; i++) storage[i] = i < steps / 2 ? start + i * step : end - (steps - 1 - i) * step;
  return finish(storage, [steps], dtype, options);
}

/** The n×m identity matrix (m defaults to n). */
export function eye(n: number, m: number = n, options: TensorOptions = {}): Tensor {
  const shape = checkShape('eye', [n, m]);
  const dtype = checkDType('eye', options.dtype ?? DEFAULT_DTYPE);
  const storage = allocate(dtype, n * m);
  for (let i = 0; i < Math.min(n, m); i++) storage[i * m + i] = 1;
  return finish(storage, shape, dtype, options);
}

function randomTensor(op: string, shape: ShapeArg, options: RandomOptions, draw: (g: Generator, dtype: DType) => number): Tensor {
  const s = shapeOf(op, shape);
  const dtype = checkDType(op, options.dtype ?? DEFAULT_DTYPE);
  const generator = options.generator ?? defaultGenerator;
  const storage = allocate(dtype, sizeOf(s));
  for (let i = 0; i < storage.length; i++) storage[i] = draw(generator, dtype);
  return finish(storage, s, dtype, options);
}

/** Rejects an int32/bool dtype for a float-only random function (as PyTorch does). */
function requireFloatDType(op: string, options: RandomOptions): void {
  if (options.dtype !== undefined && !isFloating(checkDType(op, options.dtype))) {
    throw new DTypeError(op, `dtype must be float32 or float64, got ${options.dtype}; use randint for integers`);
  }
}

/** Uniform samples in [0, 1). */
export function rand(shape: ShapeArg, options: RandomOptions = {}): Tensor {
  requireFloatDType('rand', options);
  return randomTensor('rand', shape, options, (g, dtype) => (dtype === 'float64' ? g.uniform() : g.uniformFloat32()));
}

/** Standard normal samples. */
export function randn(shape: ShapeArg, options: RandomOptions = {}): Tensor {
  requireFloatDType('randn', options);
  return randomTensor('randn', shape, options, (g) => g.normal());
}

/** Uniform integers in [low, high) (int32 unless a dtype is given). */
export function randint(low: number, high: number, shape: ShapeArg, options: RandomOptions = {}): Tensor {
  if (!Number.isInteger(low) || !Number.isInteger(high) || low >= high) {
    throw new ValueError('randint', `need integers low < high, got low=${low}, high=${high}`);
  }
  return randomTensor('randint', shape, { dtype: 'int32', ...options }, (g) => g.integer(low, high));
}

/** Zeros with t's shape (and dtype unless given). */
export function zerosLike(t: Tensor, options: TensorOptions = {}): Tensor {
  return zeros(t.shape, { dtype: t.dtype, ...options });
}
/** Ones with t's shape (and dtype unless given). */
export function onesLike(t: Tensor, options: TensorOptions = {}): Tensor {
  return ones(t.shape, { dtype: t.dtype, ...options });
}
/** `fillValue` with t's shape (and dtype unless given). */
export function fullLike(t: Tensor, fillValue: number, options: TensorOptions = {}): Tensor {
  return full(t.shape, fillValue, { dtype: t.dtype, ...options });
}
/** Uniform [0, 1) samples with t's shape (and dtype unless given). */
export function randLike(t: Tensor, options: RandomOptions = {}): Tensor {
  return rand(t.shape, { dtype: t.dtype, ...options });
}
/** Standard normal samples with t's shape (and dtype unless given). */
export function randnLike(t: Tensor, options: RandomOptions = {}): Tensor {
  return randn(t.shape, { dtype: t.dtype, ...options });
}
/** Uniform integers in [low, high) with t's shape (dtype int32 unless given). */
export function randintLike(t: Tensor, low: number, high: number, options: RandomOptions = {}): Tensor {
  return randint(low, high, t.shape, options);
}
