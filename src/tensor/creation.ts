/**
 * Creating tensors: from data, filled, ranges, identity, and random (seeded).
 * @module
 */
import { asOp } from '../checks/rename.js';
import { allocate, checkDType, DEFAULT_DTYPE, dtypeOfArray, isFloating, type DType, type FloatArray, type TypedArray } from '../dtype.js';
import { DTypeError, ShapeError, ValueError, fmtShape, formatValue } from '../errors.js';
import { defaultGenerator, type Generator } from '../random.js';
import { checkShape, contiguousStrides, sizeOf } from '../shape.js';
import { checkFinite, checkInt, checkOptions, checkTensor, describe, numberAs, type OptionSchema } from '../checks/index.js';
import { checkNumel } from '../checks/limits.js';
import { Tensor } from './tensor.js';
import type { NestedArray } from './format.js';
import { sizesAndOptions, type SizesAndOptions } from './sizes.js';

/** Options accepted by every creation function. */
export interface TensorOptions {
  /** Element type (default float32; for `tensor()` of a Float32Array/Float64Array its own type, of an integer typed array int32). */
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

const TENSOR_OPTIONS: OptionSchema = { dtype: 'any', requiresGrad: 'bool' };
/** The deepest nested array tensor() reads: the rank limit safetensors files have too. */
const MAX_NESTING = 64;
const RANDOM_OPTIONS: OptionSchema = { ...TENSOR_OPTIONS, generator: 'generator' };

/** Checks the options and resolves the dtype (rejecting requiresGrad on a non-float dtype) before anything is allocated. */
function resolve(op: string, options: TensorOptions, fallback: DType, schema = TENSOR_OPTIONS): DType {
  checkOptions(op, options, schema);
  const dtype = options.dtype === undefined ? fallback : checkDType(op, options.dtype);
  if (options.requiresGrad === true && !isFloating(dtype)) {
    throw new DTypeError(op, `only float32/float64 tensors can require gradients, got requiresGrad with dtype ${dtype}`);
  }
  return dtype;
}

function finish(storage: TypedArray, shape: readonly number[], dtype: DType, options: TensorOptions): Tensor {
  const t = new Tensor(storage, shape, contiguousStrides(shape), 0, dtype);
  if (options.requiresGrad) t.requiresGrad_(true);
  return t;
}

function shapeOf(op: string, shape: ShapeArg): number[] {
  return checkShape(op, typeof shape === 'number' ? [shape] : shape);
}

/**
 * A tensor holding a copy of `data`: a number, nested arrays of numbers/booleans, or a typed array
 * (1-D). Booleans give a bool tensor; a Float32Array/Float64Array keeps its type; an integer typed
 * array (Uint8Array, Int16Array, …) gives int32 with the same values, as PyTorch keeps a uint8
 * array's values (chainrule has no uint8 dtype). With `{ dtype: 'int32' }` values are truncated
 * toward zero and one that does not fit (±∞, NaN, past ±2³¹) is an error, as in PyTorch.
 *
 * ```ts
 * tensor([[1, 2], [3, 4]]).shape;             // [2, 2]
 * tensor(new Uint8Array([0, 128, 255])).dtype; // 'int32', values 0, 128, 255
 * ```
 */
export function tensor(data: number | boolean | NestedArray | TypedArray | IntegerArray, options: TensorOptions = {}): Tensor {
  checkOptions('tensor', options, TENSOR_OPTIONS);
  if (ArrayBuffer.isView(data)) {
    const source = data as TypedArray;
    if (!('length' in source)) throw new ValueError('tensor', `data must be a typed array, not a ${(data as object).constructor.name}`);
    // the array's own dtype only when none is given (a Uint32Array past 2³¹ is fine as float64)
    const dtype = resolve('tensor', options, options.dtype === undefined ? inferTypedArrayDType(source) : DEFAULT_DTYPE);
    checkNumel('tensor', source.length, 'data');
    const storage = allocate(dtype, source.length);
    // values that always fit the dtype are copied in one go; the rest go one by one through numberAs
    const fits = isFloating(dtype) || (dtype === 'int32' && !(source instanceof Float32Array || source instanceof Float64Array || source instanceof Uint32Array));
    if (fits) storage.set(source);
    else for (let i = 0; i < source.length; i++) storage[i] = numberAs('tensor', 'data value', Number(source[i]!), dtype);
    return finish(storage, [source.length], dtype, options);
  }
  const shape: number[] = [];
  let level: unknown = data;
  while (Array.isArray(level)) {
    shape.push(level.length);
    level = level[0];
    // an array that holds itself first ([a] with a[0] = a) looped here until memory ran out; data
    // nested thousands deep overflowed the stack in flattenInto (a raw RangeError)
    if (shape.length > MAX_NESTING) throw new ShapeError('tensor', `data is nested more than ${MAX_NESTING} arrays deep (or holds itself)`);
  }
  const values: (number | boolean)[] = [];
  checkNumel('tensor', sizeOf(shape), `data of shape ${fmtShape(shape)}`);
  flattenInto(data, shape, 0, values);
  const allBool = values.length > 0 && values.every((v) => typeof v === 'boolean');
  const dtype = resolve('tensor', options, allBool ? 'bool' : DEFAULT_DTYPE);
  const storage = allocate(dtype, values.length);
  for (let i = 0; i < values.length; i++) storage[i] = numberAs('tensor', 'data value', Number(values[i]), dtype);
  return finish(storage, shape, dtype, options);
}

/** The integer typed arrays `tensor()` reads as int32 (PyTorch keeps their values; so does chainrule). */
export type IntegerArray = Int8Array | Uint8Array | Uint8ClampedArray | Int16Array | Uint16Array | Int32Array | Uint32Array;

/**
 * The dtype a typed array maps to without an explicit dtype: Float32Array → float32,
 * Float64Array → float64, every integer array (Uint8Array too: image bytes keep their values) →
 * int32; a Uint32Array must fit in int32. Bool comes only from booleans or `{ dtype: 'bool' }`.
 */
function inferTypedArrayDType(source: ArrayBufferView): DType {
  if (source instanceof Float32Array || source instanceof Float64Array) return dtypeOfArray(source);
  if (source instanceof Int8Array || source instanceof Uint8Array || source instanceof Uint8ClampedArray) return 'int32';
  if (source instanceof Int16Array || source instanceof Uint16Array || source instanceof Int32Array) return 'int32';
  if (source instanceof Uint32Array) {
    const i = source.findIndex((v) => v > 0x7fffffff);
    if (i >= 0) throw new ValueError('tensor', `Uint32Array value ${source[i]} at index ${i} does not fit in int32; pass { dtype: 'float64' }`);
    return 'int32';
  }
  throw new DTypeError('tensor', `cannot infer a dtype from a ${source.constructor.name}; pass { dtype } or convert it to a Float64Array`);
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

/**
 * A tensor of `fillValue` (PyTorch's `full(size, fill_value)`: the size is one array, or one number),
 * converted to the dtype as PyTorch does (see {@link numberAs}).
 *
 * ```ts
 * full([2, 2], 7).toArray(); // [[7, 7], [7, 7]]
 * ```
 */
export function full(shape: ShapeArg, fillValue: number | boolean, options: TensorOptions = {}): Tensor {
  return fullOf('full', shape, fillValue, options);
}

function fullOf(op: string, shape: ShapeArg, fillValue: number | boolean, options: TensorOptions): Tensor {
  const s = shapeOf(op, shape);
  if (typeof fillValue !== 'number' && typeof fillValue !== 'boolean') throw new ValueError(op, `fillValue must be a number, got ${describe(fillValue)}`);
  // full(size, true) is bool, as tensor([true]) and PyTorch's full
  const dtype = resolve(op, options, typeof fillValue === 'boolean' ? 'bool' : DEFAULT_DTYPE);
  const value = numberAs(op, 'fillValue', Number(fillValue), dtype);
  const storage = allocate(dtype, sizeOf(s));
  storage.fill(value);
  return finish(storage, s, dtype, options);
}

/**
 * A tensor of zeros. The size is one array or the sizes one by one, as in PyTorch, optionally
 * followed by the options.
 *
 * ```ts
 * zeros(2, 3).shape;                       // [2, 3]
 * zeros([2, 3], { dtype: 'float64' }).shape; // [2, 3]
 * ```
 */
export function zeros(...args: SizesAndOptions<TensorOptions>): Tensor {
  const [shape, options] = sizesAndOptions('zeros', args);
  return fullOf('zeros', shape, 0, options);
}

/**
 * A tensor of ones; sizes as for {@link zeros}.
 *
 * ```ts
 * ones(2).toArray(); // [1, 1]
 * ```
 */
export function ones(...args: SizesAndOptions<TensorOptions>): Tensor {
  const [shape, options] = sizesAndOptions('ones', args);
  return fullOf('ones', shape, 1, options);
}

/**
 * Values start, start+step, … below end (or arange(end) from 0). Default dtype float32. The options
 * may follow any of the numbers, as PyTorch's keywords do.
 *
 * ```ts
 * arange(4);                          // [0, 1, 2, 3]
 * arange(4, { dtype: 'int32' });      // [0, 1, 2, 3], int32
 * arange(1, 2, 0.25);                 // [1, 1.25, 1.5, 1.75]
 * ```
 */
export function arange(start: number, end?: number, step?: number, options?: TensorOptions): Tensor;
export function arange(end: number, options: TensorOptions): Tensor;
export function arange(start: number, end: number, options: TensorOptions): Tensor;
export function arange(start: number, ...rest: (number | TensorOptions | undefined)[]): Tensor {
  // the options object ends the argument list wherever it comes: arange(4, { dtype }) = arange(0, 4, 1, { dtype })
  const at = rest.findIndex((r) => typeof r === 'object' && r !== null);
  const numbers = (at < 0 ? rest : rest.slice(0, at)) as (number | undefined)[];
  const options = (at < 0 ? rest[3] : rest[at]) as TensorOptions | undefined ?? {};
  const [end, step = 1] = numbers;
  const [lo, hi] = end === undefined ? [0, start] : [start, end];
  if (![lo, hi, step].every((v) => typeof v === 'number' && Number.isFinite(v)) || step === 0) {
    throw new ValueError('arange', `start, end and step must be finite with step ≠ 0, got start=${formatValue(lo)}, end=${formatValue(hi)}, step=${formatValue(step)}`);
  }
  if ((hi - lo) * step < 0) throw new ValueError('arange', `step=${step} points away from end=${hi} (start=${lo})`);
  const n = Math.max(0, Math.ceil((hi - lo) / step));
  const dtype = resolve('arange', options, DEFAULT_DTYPE);
  // bool would store 2, 3, … in a bool tensor; int32 would wrap past 2³¹ (both silently)
  if (dtype === 'bool') throw new DTypeError('arange', "dtype 'bool' is not supported (as in PyTorch); use a float or 'int32' dtype");
  if (n > 0) {
    numberAs('arange', 'start', lo, dtype);
    numberAs('arange', 'the last value', lo + (n - 1) * step, dtype);
  }
  checkNumel('arange', n, `the range from ${lo} to ${hi} by ${step}`);
  const storage = allocate(dtype, n);
  for (let i = 0; i < n; i++) storage[i] = lo + i * step;
  return finish(storage, [n], dtype, options);
}

/**
 * `steps` evenly spaced values from start to end inclusive; an int32 dtype truncates them, as
 * PyTorch does, and bool is refused.
 *
 * ```ts
 * linspace(0, 1, 5);                        // [0, 0.25, 0.5, 0.75, 1]
 * linspace(0, 10, 4, { dtype: 'int32' }); // [0, 3, 6, 10]
 * ```
 */
export function linspace(start: number, end: number, steps: number, options: TensorOptions = {}): Tensor {
  checkFinite('linspace', 'start', start);
  checkFinite('linspace', 'end', end);
  checkInt('linspace', 'steps', steps, 0);
  checkNumel('linspace', steps, 'steps');
  const dtype = resolve('linspace', options, DEFAULT_DTYPE);
  if (dtype === 'bool') throw new DTypeError('linspace', "dtype 'bool' is not supported (as in PyTorch); use a float or 'int32' dtype");
  // every value lies between the endpoints, so they alone must fit an int32 dtype
  numberAs('linspace', 'start', start, dtype);
  numberAs('linspace', 'end', end, dtype);
  const storage = allocate(dtype, steps);
  const step = steps > 1 ? (end - start) / (steps - 1) : 0;
  // Like PyTorch, fill the second half from the end so both endpoints are exact.
  for (let i = 0; i < steps; i++) storage[i] = i < steps / 2 ? start + i * step : end - (steps - 1 - i) * step;
  return finish(storage, [steps], dtype, options);
}

/** The n×m identity matrix (m defaults to n). */
export function eye(n: number, m: number = n, options: TensorOptions = {}): Tensor {
  const shape = checkShape('eye', [n, m]);
  const dtype = resolve('eye', options, DEFAULT_DTYPE);
  const storage = allocate(dtype, n * m);
  for (let i = 0; i < Math.min(n, m); i++) storage[i * m + i] = 1;
  return finish(storage, shape, dtype, options);
}

/** A tensor of `shape` whose storage `fill` writes from the generator (the options' or the default one). */
function randomTensor(op: string, shape: ShapeArg, options: RandomOptions, fill: (g: Generator, storage: TypedArray) => void): Tensor {
  const s = shapeOf(op, shape);
  const dtype = resolve(op, options, DEFAULT_DTYPE, RANDOM_OPTIONS);
  const storage = allocate(dtype, sizeOf(s));
  fill(options.generator ?? defaultGenerator, storage);
  return finish(storage, s, dtype, options);
}

/** Rejects an int32/bool dtype for a float-only random function (as PyTorch does). */
function requireFloatDType(op: string, options: RandomOptions): void {
  if (options.dtype !== undefined && !isFloating(checkDType(op, options.dtype))) {
    throw new DTypeError(op, `dtype must be float32 or float64, got ${options.dtype}; use randint for integers`);
  }
}

/**
 * Uniform samples in [0, 1); sizes as for {@link zeros}.
 *
 * ```ts
 * rand(2, 3).shape; // [2, 3]
 * ```
 */
export function rand(...args: SizesAndOptions<RandomOptions>): Tensor {
  const [shape, options] = sizesAndOptions('rand', args);
  requireFloatDType('rand', options);
  // float32 gets 24 random bits, exact in float32 (53 would round up to 1 now and then)
  return randomTensor('rand', shape, options, (g, storage) =>
    storage instanceof Float64Array ? g.fillUniform(storage, 0, storage.length) : g.fillUniformFloat32(storage as Float32Array, 0, storage.length));
}

/**
 * Standard normal samples; sizes as for {@link zeros}.
 *
 * ```ts
 * randn(2, 3, { dtype: 'float64' }).shape; // [2, 3]
 * ```
 */
export function randn(...args: SizesAndOptions<RandomOptions>): Tensor {
  const [shape, options] = sizesAndOptions('randn', args);
  requireFloatDType('randn', options);
  return randomTensor('randn', shape, options, (g, storage) => g.fillNormal(storage as FloatArray, 0, storage.length));
}

/**
 * Uniform integers in [low, high) (int32 unless a dtype is given; for int32, −2³¹ ≤ low < high ≤ 2³¹).
 * As PyTorch, low may be left out when the sizes are an array: `randint(10, [5])` is `randint(0, 10, [5])`.
 */
export function randint(high: number, shape: readonly number[], options?: RandomOptions): Tensor;
export function randint(low: number, high: number, shape: ShapeArg, options?: RandomOptions): Tensor;
export function randint(...args: [number, readonly number[], RandomOptions?] | [number, number, ShapeArg, RandomOptions?]): Tensor {
  // torch.randint(high, size): an array in second place can only be the sizes (a number there is high)
  const [low, high, shape, options = {}] = Array.isArray(args[1])
    ? [0, args[0], args[1] as readonly number[], args[2] as RandomOptions | undefined]
    : (args as [number, number, ShapeArg, RandomOptions?]);
  if (typeof low !== 'number' || typeof high !== 'number' || !Number.isInteger(low) || !Number.isInteger(high) || low >= high) {
    throw new ValueError('randint', `need integers low < high, got low=${formatValue(low)}, high=${formatValue(high)}`);
  }
  const withDType: RandomOptions = { dtype: 'int32', ...options };
  // high is exclusive: 2³¹ is a valid high for int32 (PyTorch checks high − 1); a wider range would wrap
  if (withDType.dtype === 'int32' && (low < -(2 ** 31) || high > 2 ** 31)) {
    throw new ValueError('randint', `low=${low}, high=${high} do not fit int32 (need −2³¹ ≤ low < high ≤ 2³¹); pass { dtype: 'float64' } for a wider range`);
  }
  // a bool tensor holds 0 and 1 only (3 and 4 were stored in one, as PyTorch refuses)
  if (withDType.dtype === 'bool' && (low < 0 || high > 2)) {
    throw new ValueError('randint', `low=${low}, high=${high} do not fit bool (need 0 ≤ low < high ≤ 2)`);
  }
  return randomTensor('randint', shape, withDType, (g, storage) => {
    for (let i = 0; i < storage.length; i++) storage[i] = g.integer(low, high);
  });
}

/** Zeros with t's shape (and dtype unless given). */
export function zerosLike(t: Tensor, options: TensorOptions = {}): Tensor {
  checkTensor('zerosLike', 'input', t);
  return fullOf('zerosLike', t.shape, 0, { dtype: t.dtype, ...options });
}
/** Ones with t's shape (and dtype unless given). */
export function onesLike(t: Tensor, options: TensorOptions = {}): Tensor {
  checkTensor('onesLike', 'input', t);
  return fullOf('onesLike', t.shape, 1, { dtype: t.dtype, ...options });
}
/** `fillValue` with t's shape (and dtype unless given). */
export function fullLike(t: Tensor, fillValue: number | boolean, options: TensorOptions = {}): Tensor {
  checkTensor('fullLike', 'input', t);
  return fullOf('fullLike', t.shape, fillValue, { dtype: t.dtype, ...options });
}
/** Uniform [0, 1) samples with t's shape (and dtype unless given). */
export function randLike(t: Tensor, options: RandomOptions = {}): Tensor {
  checkTensor('randLike', 'input', t);
  checkOptions('randLike', options, RANDOM_OPTIONS);
  return asOp('randLike', () => rand(t.shape, { dtype: t.dtype, ...options }));
}
/** Standard normal samples with t's shape (and dtype unless given). */
export function randnLike(t: Tensor, options: RandomOptions = {}): Tensor {
  checkTensor('randnLike', 'input', t);
  checkOptions('randnLike', options, RANDOM_OPTIONS);
  return asOp('randnLike', () => randn(t.shape, { dtype: t.dtype, ...options }));
}
/** Uniform integers in [low, high) with t's shape (dtype int32 unless given); `randintLike(t, high)` starts at 0, as PyTorch. */
export function randintLike(t: Tensor, high: number, options?: RandomOptions): Tensor;
export function randintLike(t: Tensor, low: number, high: number, options?: RandomOptions): Tensor;
export function randintLike(t: Tensor, ...args: [number, RandomOptions?] | [number, number, RandomOptions?]): Tensor {
  checkTensor('randintLike', 'input', t);
  const [low, high, options = {}] = typeof args[1] === 'number' ? (args as [number, number, RandomOptions?]) : [0, args[0], args[1]];
  checkOptions('randintLike', options, RANDOM_OPTIONS);
  return asOp('randintLike', () => randint(low, high, t.shape, options));
}
