/**
 * Statistics built from the primitives (their gradients come from the primitives' VJPs).
 * @module
 */
import { ValueError, fmtShape } from '../errors.js';
import { normalizeDims, reductionDims } from '../shape.js';
import { amax, sum } from '../ops/reduce.js';
import { eq, isnan } from '../ops/compare.js';
import { where } from '../ops/binary.js';
import { requireFloat, scalar } from '../ops/util.js';
import { squeeze } from '../ops/views.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkOptions, checkReduction, type OptionSchema } from '../checks/index.js';

const VAR_OPTIONS: OptionSchema = { correction: 'finite', keepdim: 'bool' };

/** Options of var/std. */
export interface VarOptions {
  /** Subtracted from the count in the denominator: 1 = unbiased (default), 0 = population. */
  correction?: number;
  /** Keep the reduced dims with size 1. */
  keepdim?: boolean;
}

function countOver(op: string, x: Tensor, dim: number | readonly number[] | undefined): number {
  return reductionDims(op, dim, x.ndim).reduce((n, d) => n * x.shape[d]!, 1);
}

/** Mean over `dim` (all dims when omitted). */
export function mean(x: Tensor, dim?: number | readonly number[], keepdim = false): Tensor {
  checkReduction('mean', x, dim, keepdim);
  requireFloat('mean', x);
  return sum(x, dim, keepdim).div(countOver('mean', x, dim));
}

/** Variance Σ(x − x̄)² / (N − correction). Throws when N − correction ≤ 0 instead of returning NaN/Inf. */
export function variance(x: Tensor, dim?: number | readonly number[], options: VarOptions = {}): Tensor {
  return varianceOf('var', x, dim, options);
}

function varianceOf(op: string, x: Tensor, dim: number | readonly number[] | undefined, options: VarOptions): Tensor {
  checkReduction(op, x, dim, undefined);
  checkOptions(op, options, VAR_OPTIONS);
  requireFloat(op, x);
  const correction = options.correction ?? 1;
  const n = countOver(op, x, dim);
  if (n - correction <= 0) {
    throw new ValueError(
      op,
      `needs more than correction=${correction} elements over dims ${dim === undefined ? 'all' : fmtShape(([] as number[]).concat(dim))} of shape ${fmtShape(x.shape)}, got ${n}`,
    );
  }
  const centered = x.sub(mean(x, dim, true));
  return sum(centered.mul(centered), dim, options.keepdim ?? false).div(n - correction);
}

/** Standard deviation: √var. Where it is 0 its gradient is taken as 0 (as PyTorch), not NaN. */
export function std(x: Tensor, dim?: number | readonly number[], options: VarOptions = {}): Tensor {
  const v = varianceOf('std', x, dim, options);
  // √ has infinite slope at 0 (and 0·∞ = NaN further back): route zero variances around it.
  const isZero = eq(v, 0);
  return where(isZero, 0, where(isZero, 1, v).sqrt());
}

/** log Σ exp(x) over `dim`, shifted by the (detached) max so it never overflows. */
export function logsumexp(x: Tensor, dim: number | readonly number[], keepdim = false): Tensor {
  checkReduction('logsumexp', x, dim, keepdim);
  requireFloat('logsumexp', x);
  const dims = normalizeDims('logsumexp', dim, x.ndim);
  const m = amax(x.detach(), dims, true);
  // An all −∞ (or +∞) slice would give ∞ − ∞; shift by 0 there instead.
  const shift = where(isnan(m.sub(m)), scalar(0, x.dtype), m);
  const out = sum(x.sub(shift).exp(), dims, true).log().add(shift);
  return keepdim ? out : squeeze(out, dims);
}
