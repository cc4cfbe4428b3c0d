/**
 * Element types. Floating tensors are `float32` (the default) or `float64`; `int32` holds indices
 * (argmax, gather, randint) and `bool` holds comparison results.
 * @module
 */
import { DTypeError } from './errors.js';
import { formatValue } from './errors.js';

/** The element type of a tensor. */
export type DType = 'float32' | 'float64' | 'int32' | 'bool';

/** Floating dtypes: the only ones that can require gradients. */
export type FloatDType = 'float32' | 'float64';

/** The typed array that stores each dtype. */
export interface DTypeArrayMap {
  float32: Float32Array;
  float64: Float64Array;
  int32: Int32Array;
  bool: Uint8Array;
}

/** Any storage array a tensor can have. */
export type TypedArray = Float32Array | Float64Array | Int32Array | Uint8Array;

/** Any floating storage array. */
export type FloatArray = Float32Array | Float64Array;

/** The dtype tensors get when none is given. */
export const DEFAULT_DTYPE: FloatDType = 'float32';

/** Allocates a zeroed storage array of `dtype` with `length` elements. */
export function allocate(dtype: DType, length: number): TypedArray {
  switch (dtype) {
    case 'float32':
      return new Float32Array(length);
    case 'float64':
      return new Float64Array(length);
    case 'int32':
      return new Int32Array(length);
    case 'bool':
      return new Uint8Array(length);
  }
}

/** The dtype whose storage is `array`. */
export function dtypeOfArray(array: TypedArray): DType {
  if (array instanceof Float32Array) return 'float32';
  if (array instanceof Float64Array) return 'float64';
  if (array instanceof Int32Array) return 'int32';
  return 'bool';
}

/** True for float32 and float64. */
export function isFloating(dtype: DType): dtype is FloatDType {
  return dtype === 'float32' || dtype === 'float64';
}

/**
 * Checks a user-supplied dtype name. PyTorch's 64-bit integers ('int64', 'long') are refused with
 * a message saying chainrule stores integers as int32 (docs/architecture.md, "Type promotion").
 */
export function checkDType(op: string, dtype: unknown): DType {
  if (dtype === 'float32' || dtype === 'float64' || dtype === 'int32' || dtype === 'bool') return dtype;
  if (dtype === 'int64' || dtype === 'long' || dtype === 'int') {
    throw new DTypeError(op, `dtype ${formatValue(dtype)} is not available: chainrule stores integers as 'int32' (PyTorch's int64 would need BigInt64Array); use 'int32'`);
  }
  throw new DTypeError(op, `unknown dtype ${formatValue(dtype)}; expected 'float32', 'float64', 'int32' or 'bool'`);
}
