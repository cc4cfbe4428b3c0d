/**
 * Tensor methods, comparisons with bool results: `x.lt(0)`, `x.isnan()`, … (src/ops/compare.ts).
 * @module
 */
import * as compare from '../../ops/compare.js';
import type { Tensor, TensorLike } from '../tensor.js';

/** The comparison methods of {@link Tensor}; each returns a bool tensor. */
export interface ComparisonMethods {
  /** this == other. */
  eq(other: TensorLike): Tensor;
  /** this != other. */
  ne(other: TensorLike): Tensor;
  /** this < other. */
  lt(other: TensorLike): Tensor;
  /** this <= other. */
  le(other: TensorLike): Tensor;
  /** this > other. */
  gt(other: TensorLike): Tensor;
  /** this >= other. */
  ge(other: TensorLike): Tensor;
  /** True where the value is NaN. */
  isnan(): Tensor;
}

/** @internal Installed on Tensor.prototype by tensor.ts. */
export const comparisonMethods: ComparisonMethods & ThisType<Tensor> = {
  eq(other) { return compare.eq(this, other); },
  ne(other) { return compare.ne(this, other); },
  lt(other) { return compare.lt(this, other); },
  le(other) { return compare.le(this, other); },
  gt(other) { return compare.gt(this, other); },
  ge(other) { return compare.ge(this, other); },
  isnan() { return compare.isnan(this); },
};
