/**
 * Tensor methods, elementwise math: `x.add(y)`, `x.tanh()`, … Each is sugar for the function of
 * the same name in src/ops (unary.ts, binary.ts) or src/functional (activations.ts).
 * @module
 */
import * as activations from '../../functional/activations.js';
import * as binary from '../../ops/binary.js';
import * as unary from '../../ops/unary.js';
import * as bitwise from '../../ops/bitwise.js';
import * as expLog from '../../ops/exp-log.js';
import * as rounding from '../../ops/rounding.js';
import * as trig from '../../ops/trig.js';
import type { Tensor, TensorLike } from '../tensor.js';

/** The elementwise methods of {@link Tensor}. */
export interface ElementwiseMethods {
  /** this + alpha·other (broadcasting; alpha defaults to 1). */
  add(other: TensorLike, options?: binary.AlphaOptions): Tensor;
  /** this − alpha·other (broadcasting; alpha defaults to 1). */
  sub(other: TensorLike, options?: binary.AlphaOptions): Tensor;
  /** this · other (broadcasting). */
  mul(other: TensorLike): Tensor;
  /** this / other (broadcasting); true division unless `roundingMode` is given. */
  div(other: TensorLike, options?: binary.DivOptions): Tensor;
  /** this ^ exponent (number or tensor, broadcasting). */
  pow(exponent: TensorLike): Tensor;
  /** Elementwise maximum (broadcasting). */
  maximum(other: TensorLike): Tensor;
  /** Elementwise minimum (broadcasting). */
  minimum(other: TensorLike): Tensor;
  /** −this. */
  neg(): Tensor;
  /** e^this. */
  exp(): Tensor;
  /** Natural logarithm. */
  log(): Tensor;
  /** log(1 + this). */
  log1p(): Tensor;
  /** e^this − 1. */
  expm1(): Tensor;
  /** Square root. */
  sqrt(): Tensor;
  /** 1 / sqrt(this). */
  rsqrt(): Tensor;
  /** this². */
  square(): Tensor;
  /** 1 / this. */
  reciprocal(): Tensor;
  /** |this| (gradient sign(x), 0 at 0). */
  abs(): Tensor;
  /** −1, 0 or 1 (not differentiable: zero gradient). */
  sign(): Tensor;
  /** Sine. */
  sin(): Tensor;
  /** Cosine. */
  cos(): Tensor;
  /** Hyperbolic tangent. */
  tanh(): Tensor;
  /** Logistic sigmoid 1/(1+e^−x). */
  sigmoid(): Tensor;
  /** max(x, 0) (gradient 0 at 0, as PyTorch). */
  relu(): Tensor;
  /** x for x > 0, negativeSlope·x otherwise (negativeSlope defaults to 0.01). */
  leakyRelu(negativeSlope?: number): Tensor;
  /** Gaussian error function. */
  erf(): Tensor;
  /** GELU, exact (erf) or with `{ approximate: 'tanh' }`. */
  gelu(options?: activations.GeluOptions): Tensor;
  /** log(1 + e^(βx))/β, linear above the threshold. */
  softplus(options?: unary.SoftplusOptions): Tensor;
  /** Clamps into [min, max] (either may be omitted). */
  clamp(min?: number | Tensor | null, max?: number | Tensor | null): Tensor;
  /** this where cond, other elsewhere. */
  where(condition: Tensor, other: TensorLike): Tensor;
  // Issue 10 (G1): rounding and division (src/ops/rounding.ts).
  /** Largest whole number ≤ this (zero gradient). */
  floor(): Tensor;
  /** Smallest whole number ≥ this (zero gradient). */
  ceil(): Tensor;
  /** Rounded half to even, at `decimals` places (zero gradient). */
  round(options?: rounding.RoundOptions): Tensor;
  /** Rounded toward zero (zero gradient). */
  trunc(): Tensor;
  /** this − trunc(this). */
  frac(): Tensor;
  /** ⌊this / other⌋ (zero gradient). */
  floorDivide(other: TensorLike): Tensor;
  /** this − ⌊this/other⌋·other (the divisor's sign). */
  remainder(other: TensorLike): Tensor;
  /** this − trunc(this/other)·other (the dividend's sign). */
  fmod(other: TensorLike): Tensor;
  /** |this| with the sign of other. */
  copysign(other: TensorLike): Tensor;
  // Trigonometric and hyperbolic (src/ops/trig.ts).
  /** Tangent. */
  tan(): Tensor;
  /** Arcsine. */
  asin(): Tensor;
  /** Arccosine. */
  acos(): Tensor;
  /** Arctangent. */
  atan(): Tensor;
  /** atan2(this, other): the angle of the point (other, this). */
  atan2(other: TensorLike): Tensor;
  /** Hyperbolic sine. */
  sinh(): Tensor;
  /** Hyperbolic cosine. */
  cosh(): Tensor;
  /** Inverse hyperbolic sine. */
  asinh(): Tensor;
  /** Inverse hyperbolic cosine. */
  acosh(): Tensor;
  /** Inverse hyperbolic tangent. */
  atanh(): Tensor;
  // Exponentials and logarithms (src/ops/exp-log.ts).
  /** 2^this. */
  exp2(): Tensor;
  /** Base-2 logarithm. */
  log2(): Tensor;
  /** Base-10 logarithm. */
  log10(): Tensor;
  /** log(e^this + e^other). */
  logaddexp(other: TensorLike): Tensor;
  /** √(this² + other²). */
  hypot(other: TensorLike): Tensor;
  /** this + weight·(end − this). */
  lerp(end: Tensor, weight: TensorLike): Tensor;
  // Bitwise, int32 and bool (src/ops/bitwise.ts).
  /** Bitwise AND. */
  bitwiseAnd(other: TensorLike): Tensor;
  /** Bitwise OR. */
  bitwiseOr(other: TensorLike): Tensor;
  /** Bitwise XOR. */
  bitwiseXor(other: TensorLike): Tensor;
  /** Bitwise NOT. */
  bitwiseNot(): Tensor;
}

/** @internal Installed on Tensor.prototype by tensor.ts. */
export const elementwiseMethods: ElementwiseMethods & ThisType<Tensor> = {
  add(other, options = {}) { return binary.add(this, other, options); },
  sub(other, options = {}) { return binary.sub(this, other, options); },
  mul(other) { return binary.mul(this, other); },
  div(other, options = {}) { return binary.div(this, other, options); },
  pow(exponent) { return binary.pow(this, exponent); },
  maximum(other) { return binary.maximum(this, other); },
  minimum(other) { return binary.minimum(this, other); },
  neg() { return unary.neg(this); },
  exp() { return unary.exp(this); },
  log() { return unary.log(this); },
  log1p() { return unary.log1p(this); },
  expm1() { return unary.expm1(this); },
  sqrt() { return unary.sqrt(this); },
  rsqrt() { return unary.rsqrt(this); },
  square() { return unary.square(this); },
  reciprocal() { return unary.reciprocal(this); },
  abs() { return unary.abs(this); },
  sign() { return unary.sign(this); },
  sin() { return unary.sin(this); },
  cos() { return unary.cos(this); },
  tanh() { return unary.tanh(this); },
  sigmoid() { return unary.sigmoid(this); },
  relu() { return unary.relu(this); },
  leakyRelu(negativeSlope = 0.01) { return unary.leakyRelu(this, negativeSlope); },
  erf() { return unary.erf(this); },
  gelu(options = {}) { return activations.gelu(this, options); },
  softplus(options = {}) { return unary.softplus(this, options); },
  clamp(min, max) { return unary.clamp(this, min, max); },
  where(condition, other) { return binary.where(condition, this, other); },
  floor() { return rounding.floor(this); },
  ceil() { return rounding.ceil(this); },
  round(options = {}) { return rounding.round(this, options); },
  trunc() { return rounding.trunc(this); },
  frac() { return rounding.frac(this); },
  floorDivide(other) { return rounding.floorDivide(this, other); },
  remainder(other) { return rounding.remainder(this, other); },
  fmod(other) { return rounding.fmod(this, other); },
  copysign(other) { return rounding.copysign(this, other); },
  tan() { return trig.tan(this); },
  asin() { return trig.asin(this); },
  acos() { return trig.acos(this); },
  atan() { return trig.atan(this); },
  atan2(other) { return trig.atan2(this, other); },
  sinh() { return trig.sinh(this); },
  cosh() { return trig.cosh(this); },
  asinh() { return trig.asinh(this); },
  acosh() { return trig.acosh(this); },
  atanh() { return trig.atanh(this); },
  exp2() { return expLog.exp2(this); },
  log2() { return expLog.log2(this); },
  log10() { return expLog.log10(this); },
  logaddexp(other) { return expLog.logaddexp(this, other); },
  hypot(other) { return expLog.hypot(this, other); },
  lerp(end, weight) { return expLog.lerp(this, end, weight); },
  bitwiseAnd(other) { return bitwise.bitwiseAnd(this, other); },
  bitwiseOr(other) { return bitwise.bitwiseOr(this, other); },
  bitwiseXor(other) { return bitwise.bitwiseXor(this, other); },
  bitwiseNot() { return bitwise.bitwiseNot(this); },
};
