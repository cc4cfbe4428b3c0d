/**
 * Statistics built from the primitives (their gradients come from the primitives' VJPs).
 * @module
 */
import { normalizeDims, reductionDims } from '../shape.js';
import { amax, sum } from '../ops/reduce.js';
import { eq, isnan } from '../ops/compare.js';
import { where } from '../ops/binary.js';
import { requireFloat, scalar } from '../ops/util.js';
import type { Tensor } from '../tensor/tensor.js';
import { record, type Node } from '../autograd/node.js';
import { reshape, squeeze } from '../ops/views.js';
import { ValueError } from '../errors.js';
import { asOp, checkOptions, checkReduction, type OptionSchema } from '../checks/index.js';

const VAR_OPTIONS: OptionSchema = { correction: 'finite', unbiased: 'bool', keepdim: 'bool' };

/** Options of var/std. */
export interface VarOptions {
  /** Subtracted from the count in the denominator: 1 = unbiased (default), 0 = population. */
  correction?: number;
  /** PyTorch's older spelling of correction: true = 1 (Bessel's), false = 0; not together with correction. */
  unbiased?: boolean;
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

/**
 * Variance Σ(x − x̄)² / max(0, N − correction). As PyTorch, N − correction ≤ 0 gives NaN (or ∞),
 * not an error.
 *
 * @example
 * ```ts
 * variance(tensor([1, 2, 3, 4])); // 1.6667
 * variance(tensor([1]));          // NaN (one value, correction 1)
 * ```
 */
export function variance(x: Tensor, dim?: number | readonly number[], options: VarOptions = {}): Tensor {
  return varianceOf('var', x, dim, options);
}

function varianceOf(op: string, x: Tensor, dim: number | readonly number[] | undefined, options: VarOptions): Tensor {
  checkReduction(op, x, dim, undefined);
  checkOptions(op, options, VAR_OPTIONS);
  requireFloat(op, x);
  if (options.unbiased !== undefined && options.correction !== undefined) {
    throw new ValueError(op, `give correction or unbiased, not both (got correction=${options.correction}, unbiased=${options.unbiased})`);
  }
  const correction = options.correction ?? (options.unbiased === false ? 0 : 1);
  const n = countOver(op, x, dim);
  const centered = x.sub(mean(x, dim, true));
  const squares = sum(centered.mul(centered), dim, options.keepdim ?? false);
  if (n - correction > 0) return squares.div(n - correction);
  return degenerateVariance(x, squares.detach().div(0), reductionDims(op, dim, x.ndim), n - correction);
}

/**
 * var where N − correction ≤ 0: the value Σ/0 (∞, or NaN for Σ = 0) with PyTorch's gradient
 * 2(x − x̄)/(N − correction), ±∞ for N − correction = 0 (a mean's gradient would make that ∞ − ∞).
 */
function degenerateVariance(x: Tensor, value: Tensor, axes: readonly number[], denominator: number): Tensor {
  const kept = x.shape.map((s, d) => (axes.includes(d) ? 1 : s));
  return record('VarBackward', value, [x], degenerateVarianceVjp, [x], { axes, kept, denominator });
}
// dx = g · 2(x − x̄)/(N − correction), g broadcast back over the reduced dims
function degenerateVarianceVjp(g: Tensor, [x]: readonly Tensor[], node: Node<{ axes: readonly number[]; kept: number[]; denominator: number }>): Tensor[] {
  const { axes, kept, denominator } = node.attrs;
  const centered = x!.sub(mean(x!.detach(), axes, true));
  return [reshape(g, kept).mul(centered).mul(2 / denominator)];
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
  if ((dims.length === 0 ? x.shape : dims.map((d) => x.shape[d]!)).some((s) => s === 0)) {
    // an empty sum: log(0) = −∞, as PyTorch
    const empty = sum(x.exp(), dims, true).log();
    return keepdim ? empty : squeeze(empty, dims);
  }
  const m = amax(x.detach(), dims, true);
  // An all −∞ (or +∞) slice would give ∞ − ∞; shift by 0 there instead.
  const shift = where(isnan(m.sub(m)), scalar(0, x.dtype), m);
  const out = sum(x.sub(shift).exp(), dims, true).log().add(shift);
  return keepdim ? out : squeeze(out, dims);
}

/**
 * The variance and the mean in one call, as PyTorch's `torch.var_mean`: `[var, mean]`.
 *
 * @example
 * ```ts
 * const [v, m] = varMean(tensor([1, 2, 3, 4])); // 1.6667, 2.5
 * ```
 */
export function varMean(x: Tensor, dim?: number | readonly number[], options: VarOptions = {}): [Tensor, Tensor] {
  return asOp('varMean', () => [variance(x, dim, options), mean(x, dim, options.keepdim ?? false)]);
}

/**
 * The standard deviation and the mean in one call, as PyTorch's `torch.std_mean`: `[std, mean]`.
 *
 * @example
 * ```ts
 * const [s, m] = stdMean(tensor([1, 2, 3, 4])); // 1.2910, 2.5
 * ```
 */
export function stdMean(x: Tensor, dim?: number | readonly number[], options: VarOptions = {}): [Tensor, Tensor] {
  return asOp('stdMean', () => [std(x, dim, options), mean(x, dim, options.keepdim ?? false)]);
}
