/**
 * clamp with tensor bounds (torch.clamp(input, min: Tensor, max: Tensor)), as a composition of
 * `where` over masks, so the gradient follows PyTorch's clamp_backward_min_max exactly:
 * - input gets g where min ≤ x ≤ max;
 * - min gets g where x < min < max;
 * - max gets g where x > max, or where max < min and x is not NaN (then the result is max, as PyTorch's);
 * - nobody where x, min or max is NaN (the result is NaN), or where x < min = max (the result is max).
 * The bounds broadcast with the input and promote with it, as PyTorch's.
 * @module
 */
import { isFloating } from '../dtype.js';
import type { Tensor } from '../tensor/tensor.js';
import { where } from './binary.js';
import { eq, ge, gt, isnan, le, logicalAnd, logicalOr, lt } from './compare.js';
import { resultTypeOf } from './promotion.js';

/** A bound: a tensor, a number, or null for none (at least one bound is a tensor). */
type Bound = Tensor | number | null;

/** min(max(x, lo), hi) elementwise with PyTorch's gradients (see the module comment). */
export function clampTensors(x: Tensor, lo: Bound, hi: Bound): Tensor {
  const inside = lo === null ? le(x, hi!) : hi === null ? ge(x, lo) : logicalAnd(ge(x, lo), le(x, hi));
  const branches: [Tensor, Tensor | number][] = [[inside, x]];
  if (lo !== null) branches.push([hi === null ? lt(x, lo) : logicalAnd(lt(x, lo), lt(lo, hi)), lo]);
  // max < min gives max, except for a NaN x (x = x is false only there): NaN, as PyTorch's (it gave max)
  if (hi !== null) branches.push([lo === null ? gt(x, hi) : logicalOr(gt(x, hi), logicalAnd(lt(hi, lo), eq(x, x))), hi]);
  // what no mask covers: a NaN anywhere (NaN), or x < lo = hi (hi), neither with a gradient
  const last = hi ?? lo!;
  const lastValue = typeof last === 'number' ? last : last.detach();
  const floating = isFloating(resultTypeOf('clamp', [x, lo, hi].filter((b) => b !== null)));
  let result: Tensor | number = floating ? where(anyNaN(x, lo, hi), NaN, lastValue) : lastValue;
  for (const [mask, value] of branches.reverse()) result = where(mask, value, result);
  return result as Tensor;
}

/** True where x or a tensor bound is NaN (number bounds are never NaN: clamp refuses them). */
function anyNaN(x: Tensor, lo: Bound, hi: Bound): Tensor {
  let nan = isnan(x);
  for (const b of [lo, hi]) if (b !== null && typeof b !== 'number') nan = logicalOr(nan, isnan(b));
  return nan;
}
