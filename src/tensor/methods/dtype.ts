/**
 * Tensor methods, dtype conversions: `x.double()`, `x.to('int32')`, … (src/ops/cast.ts).
 * @module
 */
import type { DType } from '../../dtype.js';
import * as cast from '../../ops/cast.js';
import { isDevice } from '../device.js';
import type { Tensor } from '../tensor.js';

/** The dtype-conversion methods of {@link Tensor}. */
export interface DTypeMethods {
  /**
   * Converts to `dtype` (differentiable between float dtypes). A device name is accepted too:
   * `'cpu'` returns this tensor (chainrule computes on the CPU only; 'cuda' and other devices throw).
   */
  to(dtype: DType | 'cpu'): Tensor;
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
  to(dtype) { return isDevice('Tensor.to', dtype) ? this : cast.toDtype(this, dtype as DType); },
  double() { return cast.toDtype(this, 'float64'); },
  float() { return cast.toDtype(this, 'float32'); },
  int() { return cast.toDtype(this, 'int32'); },
  bool() { return cast.toDtype(this, 'bool'); },
};
