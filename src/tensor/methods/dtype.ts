/**
 * Tensor methods, dtype conversions: `x.double()`, `x.to('int32')`, … (src/ops/cast.ts).
 * @module
 */
import type { DType } from '../../dtype.js';
import * as cast from '../../ops/cast.js';
import type { Tensor } from '../tensor.js';

/** The dtype-conversion methods of {@link Tensor}. */
export interface DTypeMethods {
  /** Converts to `dtype` (differentiable between float dtypes). */
  to(dtype: DType): Tensor;
  /** Converts to float64. */
  double(): Tensor;
  /** Converts to float32. */
  float(): Tensor;
  /** Converts to int32 (truncating toward zero). */
  int(): Tensor;
  /** Converts to bool (nonzero is true). */
  bool(): Tensor;
}

/** @internal Installed on Tensor.prototype by tensor.ts. */
export const dtypeMethods: DTypeMethods & ThisType<Tensor> = {
  to(dtype) { return cast.toDtype(this, dtype); },
  double() { return cast.toDtype(this, 'float64'); },
  float() { return cast.toDtype(this, 'float32'); },
  int() { return cast.toDtype(this, 'int32'); },
  bool() { return cast.toDtype(this, 'bool'); },
};
