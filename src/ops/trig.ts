/**
 * Trigonometric and hyperbolic functions beyond sin/cos/tanh (unary.ts), each with its VJP.
 * int32 and bool inputs are computed as float32, as PyTorch.
 * @module
 */
import { record } from '../autograd/node.js';
import type { Tensor, TensorLike } from '../tensor/tensor.js';
import { promotedPair, runBinary } from './math-util.js';
import { applyUnary, rsqrt } from './unary.js';

/**
 * tan x.
 *
 * ```ts
 * tan(tensor([0, Math.PI / 4])); // [0, 1]
 * ```
 */
export function tan(x: Tensor): Tensor {
  const out = applyUnary('tan', 'tan', x);
  return record('TanBackward', out, [x], tanVjp, [out]);
}
// d tan x = g·(1 + tan² x)
function tanVjp(g: Tensor, [out]: readonly Tensor[]): Tensor[] {
  return [g.mul(out!.mul(out!).add(1))];
}

/**
 * arcsin x (NaN outside [−1, 1]).
 *
 * ```ts
 * asin(tensor([0, 1])); // [0, π/2]
 * ```
 */
export function asin(x: Tensor): Tensor {
  return record('AsinBackward', applyUnary('asin', 'asin', x), [x], asinVjp, [x]);
}
// d asin x = g / √(1 − x²)
function asinVjp(g: Tensor, [x]: readonly Tensor[]): Tensor[] {
  return [g.mul(rsqrt(x!.mul(x!).neg().add(1)))];
}

/**
 * arccos x (NaN outside [−1, 1]).
 *
 * ```ts
 * acos(tensor([1, 0])); // [0, π/2]
 * ```
 */
export function acos(x: Tensor): Tensor {
  return record('AcosBackward', applyUnary('acos', 'acos', x), [x], acosVjp, [x]);
}
// d acos x = −g / √(1 − x²)
function acosVjp(g: Tensor, [x]: readonly Tensor[]): Tensor[] {
  return [g.mul(rsqrt(x!.mul(x!).neg().add(1))).neg()];
}

/**
 * arctan x.
 *
 * ```ts
 * atan(tensor([0, 1])); // [0, π/4]
 * ```
 */
export function atan(x: Tensor): Tensor {
  return record('AtanBackward', applyUnary('atan', 'atan', x), [x], atanVjp, [x]);
}
// d atan x = g / (1 + x²)
function atanVjp(g: Tensor, [x]: readonly Tensor[]): Tensor[] {
  return [g.div(x!.mul(x!).add(1))];
}

/**
 * The angle of the point (x, y) — `atan2(y, x)` in (−π, π], broadcasting and promoting dtypes
 * (ints become float32).
 *
 * ```ts
 * atan2(tensor([1, -1]), tensor([-1, -1])); // [3π/4, −3π/4]
 * ```
 */
export function atan2(y: TensorLike, x: TensorLike): Tensor {
  const [a, b] = promotedPair('atan2', y, x, 'float32');
  return record('Atan2Backward', runBinary('atan2', a, b), [a, b], atan2Vjp, [a, b]);
}
// d atan2(y, x) = (g·x, −g·y) / (x² + y²)
function atan2Vjp(g: Tensor, [y, x]: readonly Tensor[]): Tensor[] {
  const scale = g.div(x!.mul(x!).add(y!.mul(y!)));
  return [scale.mul(x!), scale.mul(y!).neg()];
}

/**
 * sinh x = (eˣ − e⁻ˣ)/2.
 *
 * ```ts
 * sinh(tensor([0, 1])); // [0, 1.1752…]
 * ```
 */
export function sinh(x: Tensor): Tensor {
  return record('SinhBackward', applyUnary('sinh', 'sinh', x), [x], sinhVjp, [x]);
}
// d sinh x = g·cosh x
function sinhVjp(g: Tensor, [x]: readonly Tensor[]): Tensor[] {
  return [g.mul(cosh(x!))];
}

/**
 * cosh x = (eˣ + e⁻ˣ)/2.
 *
 * ```ts
 * cosh(tensor([0, 1])); // [1, 1.5431…]
 * ```
 */
export function cosh(x: Tensor): Tensor {
  return record('CoshBackward', applyUnary('cosh', 'cosh', x), [x], coshVjp, [x]);
}
// d cosh x = g·sinh x
function coshVjp(g: Tensor, [x]: readonly Tensor[]): Tensor[] {
  return [g.mul(sinh(x!))];
}

/**
 * arsinh x = log(x + √(x² + 1)).
 *
 * ```ts
 * asinh(tensor([0, 1])); // [0, 0.8814…]
 * ```
 */
export function asinh(x: Tensor): Tensor {
  return record('AsinhBackward', applyUnary('asinh', 'asinh', x), [x], asinhVjp, [x]);
}
// d asinh x = g / √(x² + 1)
function asinhVjp(g: Tensor, [x]: readonly Tensor[]): Tensor[] {
  return [g.mul(rsqrt(x!.mul(x!).add(1)))];
}

/**
 * arcosh x = log(x + √(x² − 1)) (NaN below 1).
 *
 * ```ts
 * acosh(tensor([1, 2])); // [0, 1.3169…]
 * ```
 */
export function acosh(x: Tensor): Tensor {
  return record('AcoshBackward', applyUnary('acosh', 'acosh', x), [x], acoshVjp, [x]);
}
// d acosh x = g / √((x − 1)(x + 1))
function acoshVjp(g: Tensor, [x]: readonly Tensor[]): Tensor[] {
  return [g.mul(rsqrt(x!.sub(1).mul(x!.add(1))))];
}

/**
 * artanh x = ½·log((1 + x)/(1 − x)) (±∞ at ±1, NaN beyond).
 *
 * ```ts
 * atanh(tensor([0, 0.5])); // [0, 0.5493…]
 * ```
 */
export function atanh(x: Tensor): Tensor {
  return record('AtanhBackward', applyUnary('atanh', 'atanh', x), [x], atanhVjp, [x]);
}
// d atanh x = g / (1 − x²)
function atanhVjp(g: Tensor, [x]: readonly Tensor[]): Tensor[] {
  return [g.div(x!.mul(x!).neg().add(1))];
}
