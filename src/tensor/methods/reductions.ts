/**
 * Tensor methods, reductions and normalizations along dims: `x.sum(1)`, `x.max(0)`,
 * `x.softmax(-1)`, … (src/ops/reduce.ts, src/functional/statistics.ts and activations.ts).
 * @module
 */
import * as activations from '../../functional/activations.js';
import * as statistics from '../../functional/statistics.js';
import * as reduce from '../../ops/reduce.js';
import * as scan from '../../ops/scan.js';
import type { ValuesIndicesTuple as ValuesIndices } from '../../ops/named-tuple.js';
import type { Tensor } from '../tensor.js';

/** The reduction methods of {@link Tensor}. `keepdim` defaults to false. */
export interface ReductionMethods {
  /** Sum over `dim` (all dims when omitted). */
  sum(dim?: number | readonly number[], keepdim?: boolean): Tensor;
  /** Mean over `dim` (all dims when omitted). */
  mean(dim?: number | readonly number[], keepdim?: boolean): Tensor;
  /** Maximum over all elements, or `[values, indices]` (also `.values`, `.indices`) along `dim`. */
  max(): Tensor;
  max(dim: number, keepdim?: boolean): ValuesIndices;
  /** Minimum over all elements, or `[values, indices]` (also `.values`, `.indices`) along `dim`. */
  min(): Tensor;
  min(dim: number, keepdim?: boolean): ValuesIndices;
  /** Maximum over dims; ties share the gradient equally. */
  amax(dim?: number | readonly number[], keepdim?: boolean): Tensor;
  /** Minimum over dims; ties share the gradient equally. */
  amin(dim?: number | readonly number[], keepdim?: boolean): Tensor;
  /** Index of the maximum (flattened when dim is omitted), int32. */
  argmax(dim?: number, keepdim?: boolean): Tensor;
  /** Index of the minimum (flattened when dim is omitted), int32. */
  argmin(dim?: number, keepdim?: boolean): Tensor;
  /** Variance with Bessel's `correction` (default 1). */
  var(dim?: number | readonly number[], options?: statistics.VarOptions): Tensor;
  /** Standard deviation with Bessel's `correction` (default 1). */
  std(dim?: number | readonly number[], options?: statistics.VarOptions): Tensor;
  /** log Σ exp, computed stably. */
  logsumexp(dim: number | readonly number[], keepdim?: boolean): Tensor;
  /** Softmax along `dim`. */
  softmax(dim: number): Tensor;
  /** log(softmax) along `dim`, computed stably. */
  logSoftmax(dim: number): Tensor;
  /** Running sums along `dim`: `tensor([1, 2, 3]).cumsum(0)` → [1, 3, 6]. */
  cumsum(dim: number): Tensor;
}

/** @internal Installed on Tensor.prototype by tensor.ts. */
export const reductionMethods: ReductionMethods & ThisType<Tensor> = {
  sum(dim, keepdim = false) { return reduce.sum(this, dim, keepdim); },
  mean(dim, keepdim = false) { return statistics.mean(this, dim, keepdim); },
  max: maxOverloads as ReductionMethods['max'],
  min: minOverloads as ReductionMethods['min'],
  amax(dim, keepdim = false) { return reduce.amax(this, dim, keepdim); },
  amin(dim, keepdim = false) { return reduce.amin(this, dim, keepdim); },
  argmax(dim, keepdim = false) { return reduce.argmax(this, dim, keepdim); },
  argmin(dim, keepdim = false) { return reduce.argmin(this, dim, keepdim); },
  var(dim, options = {}) { return statistics.variance(this, dim, options); },
  std(dim, options = {}) { return statistics.std(this, dim, options); },
  logsumexp(dim, keepdim = false) { return statistics.logsumexp(this, dim, keepdim); },
  softmax(dim) { return activations.softmax(this, dim); },
  logSoftmax(dim) { return activations.logSoftmax(this, dim); },
  cumsum(dim) { return scan.cumsum(this, dim); },
};

// The one body behind each pair of overloads, as a class method's implementation signature would be.
function maxOverloads(this: Tensor, dim?: number, keepdim = false): Tensor | ValuesIndices {
  return reduce.max(this, dim as number, keepdim);
}
function minOverloads(this: Tensor, dim?: number, keepdim = false): Tensor | ValuesIndices {
  return reduce.min(this, dim as number, keepdim);
}
