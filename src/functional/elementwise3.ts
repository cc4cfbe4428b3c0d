/**
 * Elementwise helpers a course reaches for, as compositions of primitives (gradients from their
 * VJPs, with PyTorch's values at the special points): clip, xlogy, sinc, deg2rad, rad2deg, logit,
 * heaviside, fmax, fmin, nanToNum, nansum, nanmean.
 * @module
 */
import { checkFinite, checkNumber, checkTensor } from '../checks/args.js';
import { checkOptions } from '../checks/options.js';
import { asOp } from '../checks/rename.js';
import { DTypeError, fmtShape } from '../errors.js';
import { isFloating } from '../dtype.js';
import { broadcastShapes } from '../shape.js';
import { div, mul, sub, where } from '../ops/binary.js';
import { eq, ge, gt, isnan, le, logicalAnd, logicalNot, logicalOr } from '../ops/compare.js';
import { toDtype } from '../ops/cast.js';
import { sum } from '../ops/reduce.js';
import { clamp, log, sin } from '../ops/unary.js';
import type { Tensor } from '../tensor/tensor.js';

function float(op: string, arg: string, x: unknown): asserts x is Tensor {
  checkTensor(op, arg, x);
  if (!isFloating(x.dtype)) throw new DTypeError(op, `${arg} must be float32 or float64, got ${x.dtype} (shape ${fmtShape(x.shape)})`);
}

/**
 * torch.clip: an alias of clamp.
 *
 * ```ts
 * clip(tensor([-2, 0.5, 3]), -1, 1).toArray(); // [-1, 0.5, 1]
 * ```
 */
export function clip(x: Tensor, min?: number | Tensor | null, max?: number | Tensor | null): Tensor {
  return asOp('clip', () => clamp(x, min, max));
}

/**
 * x·log(y), with 0 where x = 0 (unless y is NaN), as torch.xlogy: the entropy term that stays finite
 * at p = 0. Gradients as PyTorch's: log(y) (0 where x = 0 and y ≤ 0) and x/y, except at x = y = 0,
 * where the gradient w.r.t. y is 0 (PyTorch: 0/0 = NaN).
 *
 * ```ts
 * xlogy(tensor([0, 2]), tensor([0, Math.E])).toArray(); // [0, 2]
 * ```
 */
export function xlogy(x: Tensor, y: Tensor): Tensor {
  float('xlogy', 'input', x);
  float('xlogy', 'other', y);
  broadcastShapes('xlogy', x.shape, y.shape);
  // where x = 0 and y ≤ 0, log(y) is −∞ or NaN: log(1) keeps that branch (and its gradient) finite
  const bad = logicalAnd(eq(x, 0), le(y, 0));
  return where(bad, 0, mul(x, log(where(bad, 1, y))));
}

/**
 * The normalized sinc, sin(πx)/(πx), 1 at x = 0 (gradient 0 there), as torch.sinc.
 *
 * ```ts
 * sinc(tensor([0, 0.5, 1])).toArray(); // [1, 2/π, ~0]
 * ```
 */
export function sinc(x: Tensor): Tensor {
  float('sinc', 'input', x);
  const zero = eq(x, 0);
  const px = mul(where(zero, 1, x), Math.PI);
  return where(zero, 1, div(sin(px), px));
}

/**
 * Degrees to radians, x·π/180.
 *
 * ```ts
 * deg2rad(tensor([180])).toArray(); // [π]
 * ```
 */
export function deg2rad(x: Tensor): Tensor {
  checkTensor('deg2rad', 'input', x);
  return mul(x, Math.PI / 180);
}

/**
 * Radians to degrees, x·180/π.
 *
 * ```ts
 * rad2deg(tensor([Math.PI])).toArray(); // [180]
 * ```
 */
export function rad2deg(x: Tensor): Tensor {
  checkTensor('rad2deg', 'input', x);
  return mul(x, 180 / Math.PI);
}

/**
 * The log-odds log(z/(1 − z)), with z = clamp(x, eps, 1 − eps) when `eps` is given (gradient 0
 * outside [eps, 1 − eps], as PyTorch's).
 *
 * ```ts
 * logit(tensor([0.5, 0.75])).toArray(); // [0, log 3]
 * ```
 */
export function logit(x: Tensor, eps: number | null = null): Tensor {
  float('logit', 'input', x);
  if (eps !== null) checkFinite('logit', 'eps', eps);
  const z = eps === null ? x : clamp(x, eps, 1 - eps);
  return log(div(z, sub(1, z)));
}

/**
 * The Heaviside step: 0 for x < 0, `values` for x = 0, 1 for x > 0 (x's dtype; values broadcast).
 * Not differentiable (PyTorch has no gradient for it): the result never requires grad.
 *
 * ```ts
 * heaviside(tensor([-1, 0, 2]), tensor([0.5])).toArray(); // [0, 0.5, 1]
 * ```
 */
export function heaviside(x: Tensor, values: Tensor): Tensor {
  checkTensor('heaviside', 'input', x);
  checkTensor('heaviside', 'values', values);
  if (x.dtype !== values.dtype) throw new DTypeError('heaviside', `input is ${x.dtype} but values is ${values.dtype}; PyTorch requires the same dtype`);
  const xs = x.detach();
  return asOp('heaviside', () => where(eq(xs, 0), values.detach(), toDtype(gt(xs, 0), x.dtype)));
}

/**
 * The elementwise maximum that ignores NaN (NaN only where both are NaN), as torch.fmax; a tie
 * sends the gradient to `a` (PyTorch's rule).
 *
 * ```ts
 * fmax(tensor([1, NaN, NaN]), tensor([2, 3, NaN])).toArray(); // [2, 3, NaN]
 * ```
 */
export function fmax(a: Tensor, b: Tensor): Tensor {
  float('fmax', 'input', a);
  float('fmax', 'other', b);
  return asOp('fmax', () => where(logicalOr(ge(a, b), isnan(b)), a, b));
}

/**
 * The elementwise minimum that ignores NaN, as torch.fmin; a tie sends the gradient to `a`.
 *
 * ```ts
 * fmin(tensor([1, NaN]), tensor([2, 3])).toArray(); // [1, 3]
 * ```
 */
export function fmin(a: Tensor, b: Tensor): Tensor {
  float('fmin', 'input', a);
  float('fmin', 'other', b);
  return asOp('fmin', () => where(logicalOr(ge(b, a), isnan(b)), a, b));
}

/** A number, or null for the default. */
const numberOrNull = (op: string, arg: string, v: unknown): void => {
  if (v !== null) checkNumber(op, arg, v);
};

/** Options of {@link nanToNum}: the replacements (defaults 0, the dtype's largest and lowest finite values). */
export interface NanToNumOptions {
  nan?: number;
  posinf?: number | null;
  neginf?: number | null;
}

/**
 * NaN → `nan` (0), +∞ → `posinf` (the dtype's largest finite value), −∞ → `neginf` (its lowest);
 * the gradient flows only through the finite entries.
 *
 * ```ts
 * nanToNum(tensor([NaN, Infinity, -Infinity, 1]), { posinf: 9, neginf: -9 }).toArray(); // [0, 9, -9, 1]
 * ```
 */
export function nanToNum(x: Tensor, options: NanToNumOptions = {}): Tensor {
  float('nanToNum', 'input', x);
  checkOptions('nanToNum', options, { nan: 'number', posinf: numberOrNull, neginf: numberOrNull });
  const big = x.dtype === 'float32' ? 3.4028234663852886e38 : Number.MAX_VALUE;
  const nan = options.nan ?? 0;
  const posinf = options.posinf ?? big;
  const neginf = options.neginf ?? -big;
  for (const [n, v] of [['nan', nan], ['posinf', posinf], ['neginf', neginf]] as const) checkNumber('nanToNum', n, v);
  return where(isnan(x), nan, where(eq(x, Infinity), posinf, where(eq(x, -Infinity), neginf, x)));
}

/**
 * Sum treating NaN as 0, over `dim` (all dims when omitted).
 *
 * ```ts
 * nansum(tensor([1, NaN, 2])).item(); // 3
 * ```
 */
export function nansum(x: Tensor, dim?: number | readonly number[], keepdim = false): Tensor {
  float('nansum', 'input', x);
  return asOp('nansum', () => sum(where(isnan(x), 0, x), dim, keepdim));
}

/**
 * Mean of the non-NaN entries over `dim` (all dims when omitted); NaN where all are NaN. The
 * gradient of an all-NaN slice is 0 (PyTorch's is NaN there: 0/0 in its backward).
 *
 * ```ts
 * nanmean(tensor([1, NaN, 2])).item(); // 1.5
 * ```
 */
export function nanmean(x: Tensor, dim?: number | readonly number[], keepdim = false): Tensor {
  float('nanmean', 'input', x);
  const notNan = logicalNot(isnan(x));
  return asOp('nanmean', () => div(nansum(x, dim, keepdim), sum(toDtype(notNan, x.dtype), dim, keepdim)));
}

