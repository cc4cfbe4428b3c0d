/**
 * Numerical integration, quantiles and Vandermonde matrices (PyTorch's trapezoid, trapz,
 * cumulative_trapezoid, quantile, vander, sgn), as compositions: gradients from the primitives
 * (quantile's through the sorted values, as PyTorch's).
 * @module
 */
import { checkNumel } from '../checks/limits.js';
import { checkBool, checkChoice, checkInt, checkNumber, checkTensor, checkTensorLike } from '../checks/args.js';
import { checkOptions } from '../checks/options.js';
import { asOp } from '../checks/rename.js';
import { DTypeError, ShapeError, ValueError, fmtShape } from '../errors.js';
import { isFloating } from '../dtype.js';
import { add, mul, pow, sub, where } from '../ops/binary.js';
import { isnan } from '../ops/compare.js';
import { gather } from '../ops/indexing.js';
import { any } from '../ops/logic.js';
import { cumsum } from '../ops/scan.js';
import { stack } from '../ops/join.js';
import { sort } from '../ops/sort.js';
import { sum } from '../ops/reduce.js';
import { sign } from '../ops/unary.js';
import { expand, narrow, reshape, unsqueeze } from '../ops/views.js';
import { tensor } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { dimIn } from './products.js';

/** Options of {@link trapezoid} and {@link cumulativeTrapezoid}. */
export interface TrapezoidOptions {
  /** Sample points along dim (1-D of that length, or y's shape); overrides `dx`. */
  x?: Tensor;
  /** Spacing of the samples when `x` is not given (default 1). */
  dx?: number;
  /** The dim to integrate along (default −1). */
  dim?: number;
}

/** Trapezoid areas between consecutive samples along d: ½(y[i] + y[i+1])·Δx[i]. */
function panels(op: string, y: Tensor, options: TrapezoidOptions): { areas: Tensor; d: number } {
  checkTensor(op, 'y', y);
  checkOptions(op, options, { x: 'tensor', dx: 'number', dim: 'int' });
  if (y.ndim === 0) throw new ShapeError(op, 'y must be at least 1-D, got a 0-d tensor');
  const d = dimIn(op, 'dim', options.dim ?? -1, y.ndim);
  const n = y.shape[d]!;
  // int and bool samples integrate in float32, as PyTorch's result: their int32 sums would wrap
  // (two samples of 2³¹ − 1 gave −1)
  if (!isFloating(y.dtype)) y = y.to('float32');
  if (n === 0) return { areas: narrow(y, d, 0, 0), d };
  const mid = mul(add(narrow(y, d, 0, n - 1), narrow(y, d, 1, n - 1)), 0.5);
  if (options.x === undefined) {
    const dx = options.dx ?? 1;
    checkNumber(op, 'dx', dx);
    return { areas: mul(mid, dx), d };
  }
  let x = options.x;
  checkTensor(op, 'x', x);
  if (!isFloating(x.dtype)) x = x.to('float32'); // as y: int32 differences wrap
  let spacing: Tensor;
  if (x.ndim === 1) {
    if (x.shape[0] !== n) throw new ShapeError(op, `x of shape ${fmtShape(x.shape)} must have y's length ${n} along dim ${d}`);
    const dx1 = sub(narrow(x, 0, 1, n - 1), narrow(x, 0, 0, n - 1));
    spacing = reshape(dx1, y.shape.map((s, k) => (k === d ? n - 1 : 1)));
  } else {
    if (x.ndim !== y.ndim || x.shape[d] !== n) throw new ShapeError(op, `x of shape ${fmtShape(x.shape)} must be 1-D of length ${n} or broadcast with y ${fmtShape(y.shape)}`);
    spacing = sub(narrow(x, d, 1, n - 1), narrow(x, d, 0, n - 1));
  }
  return { areas: mul(mid, spacing), d };
}

/**
 * ∫y dx by the trapezoid rule along `dim`, with sample points `x` or spacing `dx` (torch.trapezoid).
 *
 * ```ts
 * trapezoid(tensor([1, 2, 3])).item();                          // 4
 * trapezoid(tensor([1, 2, 3]), { x: tensor([0, 1, 3]) }).item(); // 1.5 + 5 = 6.5
 * ```
 */
export function trapezoid(y: Tensor, options: TrapezoidOptions = {}): Tensor {
  return asOp('trapezoid', () => {
    const { areas, d } = panels('trapezoid', y, options);
    return sum(areas, d);
  });
}

/**
 * torch.trapz: an alias of {@link trapezoid}.
 *
 * ```ts
 * trapz(tensor([1, 2, 3]), { dx: 0.5 }).item(); // 2
 * ```
 */
export function trapz(y: Tensor, options: TrapezoidOptions = {}): Tensor {
  return asOp('trapz', () => trapezoid(y, options));
}

/**
 * The running trapezoid integral along `dim` (one shorter than y there), torch.cumulative_trapezoid.
 *
 * ```ts
 * cumulativeTrapezoid(tensor([1, 2, 3])).toArray(); // [1.5, 4]
 * ```
 */
export function cumulativeTrapezoid(y: Tensor, options: TrapezoidOptions = {}): Tensor {
  return asOp('cumulativeTrapezoid', () => {
    const { areas, d } = panels('cumulativeTrapezoid', y, options);
    return cumsum(areas, d);
  });
}

/**
 * The Vandermonde matrix of a 1-D x with N columns (default len(x)): powers x^(N−1) … x^0, or
 * ascending with `increasing` (torch.vander).
 *
 * ```ts
 * vander(tensor([1, 2, 3]), 3).toArray(); // [[1, 1, 1], [4, 2, 1], [9, 3, 1]]
 * ```
 */
export function vander(x: Tensor, N?: number | null, increasing = false): Tensor {
  checkTensor('vander', 'x', x);
  if (x.ndim !== 1) throw new ShapeError('vander', `x must be 1-D, got shape ${fmtShape(x.shape)}`);
  const n = N ?? x.shape[0]!;
  checkInt('vander', 'N', n, 0);
  checkBool('vander', 'increasing', increasing);
  checkNumel('vander', Math.max(n, x.shape[0]! * n), `N=${n} columns for ${x.shape[0]} values`);
  const powers = Array.from({ length: n }, (_, k) => (increasing ? k : n - 1 - k));
  const exps = tensor(powers, { dtype: isFloating(x.dtype) ? x.dtype : 'int32' });
  return pow(unsqueeze(x, 1), unsqueeze(exps, 0));
}

/**
 * The sign of each element, torch.sgn (for real tensors the same as sign).
 *
 * ```ts
 * sgn(tensor([-2, 0, 3])).toArray(); // [-1, 0, 1]
 * ```
 */
export function sgn(x: Tensor): Tensor {
  return asOp('sgn', () => sign(x));
}

/** Options of {@link quantile}. */
export interface QuantileOptions {
  /** The dim to take quantiles along (default: the flattened input). */
  dim?: number | null;
  /** Keep the reduced dim with size 1. */
  keepdim?: boolean;
  /** Between two order statistics: 'linear' (default), 'lower', 'higher', 'nearest', 'midpoint'. */
  interpolation?: 'linear' | 'lower' | 'higher' | 'nearest' | 'midpoint';
}

/**
 * The q-th quantiles (q in [0, 1], a number or a 1-D tensor whose dim goes first in the result)
 * along `dim`, interpolating between order statistics as NumPy/PyTorch; NaN where the slice has a
 * NaN. The gradient flows to the order statistics used.
 *
 * ```ts
 * quantile(tensor([1, 2, 3, 4]), 0.5).item();                               // 2.5
 * quantile(tensor([1, 2, 3, 4]), tensor([0.25, 1])).toArray();               // [1.75, 4]
 * ```
 */
export function quantile(x: Tensor, q: number | Tensor, options: QuantileOptions = {}): Tensor {
  const op = 'quantile';
  checkTensor(op, 'input', x);
  checkTensorLike(op, 'q', q);
  checkOptions(op, options, { dim: 'any', keepdim: 'bool', interpolation: ['linear', 'lower', 'higher', 'nearest', 'midpoint'] });
  if (!isFloating(x.dtype)) throw new DTypeError(op, `input must be float32 or float64, got ${x.dtype}`);
  const interpolation = options.interpolation ?? 'linear';
  checkChoice(op, 'interpolation', interpolation, ['linear', 'lower', 'higher', 'nearest', 'midpoint'] as const);
  const qs = typeof q === 'number' ? [q] : Array.from(q.toTypedArray(), Number);
  if (typeof q !== 'number' && q.ndim > 1) throw new ShapeError(op, `q must be a number or a 0-D/1-D tensor, got shape ${fmtShape(q.shape)}`);
  qs.forEach((v) => {
    if (!(v >= 0 && v <= 1)) throw new ValueError(op, `q must be in [0, 1], got ${v}`);
  });
  const flat = options.dim === undefined || options.dim === null;
  const data = flat ? reshape(x, [-1]) : x;
  const d = flat ? 0 : dimIn(op, 'dim', options.dim!, x.ndim);
  const n = data.shape[d]!;
  if (n === 0) throw new ValueError(op, `input is empty along the dim (shape ${fmtShape(x.shape)})`);
  const sorted = sort(data, d)[0];
  const hasNan = any(isnan(data), d, true);
  const pick = (i: number): Tensor => gather(sorted, d, expand(tensor(i, { dtype: 'int32' }).reshape(data.shape.map(() => 1)), data.shape.map((s, k) => (k === d ? 1 : s))));
  const results = qs.map((v) => {
    const pos = v * (n - 1);
    const lo = Math.floor(pos);
    const hi = Math.ceil(pos);
    let value: Tensor;
    if (interpolation === 'lower' || lo === hi) value = pick(lo);
    else if (interpolation === 'higher') value = pick(hi);
    else if (interpolation === 'nearest') value = pick(Math.abs(pos - lo) < 0.5 || (pos - lo === 0.5 && lo % 2 === 0) ? lo : hi);
    else if (interpolation === 'midpoint') value = mul(add(pick(lo), pick(hi)), 0.5);
    else value = add(pick(lo), mul(sub(pick(hi), pick(lo)), pos - lo));
    value = where(hasNan, pick(n - 1), value); // a slice with a NaN gives its (last-sorted) NaN, which gets the gradient, as PyTorch
    const kept = options.keepdim && !flat ? value : reshape(value, value.shape.filter((_, k) => k !== d));
    return options.keepdim && flat ? reshape(value, x.shape.map(() => 1)) : kept;
  });
  if (typeof q === 'number' || q.ndim === 0) return results[0]!;
  if (results.length === 0) {
    // An empty q: PyTorch's result is [0, …the shape one quantile has].
    const one = quantile(x, 0.5, options);
    return expand(reshape(one, [1, ...one.shape]), [0, ...one.shape]);
  }
  return stack(results, 0);
}
