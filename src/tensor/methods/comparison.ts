/**
 * Tensor methods, comparisons with bool results: `x.lt(0)`, `x.isnan()`, … (src/ops/compare.ts).
 * @module
 */
import * as compare from '../../ops/compare.js';
import * as logic from '../../ops/logic.js';
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
  // Issue 10 (G1): logic on any dtype.
  /** Elementwise AND of the truth values (nonzero is true); any dtypes, broadcasting. */
  logicalAnd(other: Tensor): Tensor;
  /** Elementwise OR of the truth values; any dtypes, broadcasting. */
  logicalOr(other: Tensor): Tensor;
  /** Elementwise XOR of the truth values; any dtypes, broadcasting. */
  logicalXor(other: Tensor): Tensor;
  /** True where the value is 0 (any dtype). */
  logicalNot(): Tensor;
  /** True if any element (or any along `dim`) is nonzero. */
  any(dim?: number | readonly number[], keepdim?: boolean): Tensor;
  /** True if every element (or every one along `dim`) is nonzero. */
  all(dim?: number | readonly number[], keepdim?: boolean): Tensor;
  /** True where the value is ±∞. */
  isinf(): Tensor;
  /** True where the value is finite (not ±∞, not NaN). */
  isfinite(): Tensor;
  /** True where |this − other| ≤ atol + rtol·|other| (see {@link logic.isclose}). */
  isclose(other: Tensor, options?: logic.CloseOptions): Tensor;
  /** True when every element is close to `other`'s (see {@link logic.allclose}). */
  allclose(other: Tensor, options?: logic.CloseOptions): boolean;
  /** True when `other` has this shape and equal elements (see {@link logic.equal}). */
  equal(other: Tensor): boolean;
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
  logicalAnd(other) { return compare.logicalAnd(this, other); },
  logicalOr(other) { return compare.logicalOr(this, other); },
  logicalXor(other) { return compare.logicalXor(this, other); },
  logicalNot() { return compare.logicalNot(this); },
  any(dim, keepdim = false) { return logic.any(this, dim, keepdim); },
  all(dim, keepdim = false) { return logic.all(this, dim, keepdim); },
  isinf() { return logic.isinf(this); },
  isfinite() { return logic.isfinite(this); },
  isclose(other, options = {}) { return logic.isclose(this, other, options); },
  allclose(other, options = {}) { return logic.allclose(this, other, options); },
  equal(other) { return logic.equal(this, other); },
};
