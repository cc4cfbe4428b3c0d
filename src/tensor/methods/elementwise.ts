/**
 * Tensor methods, elementwise math: `x.add(y)`, `x.tanh()`, … Each is sugar for the function of
 * the same name in src/ops (unary.ts, binary.ts) or src/functional (activations.ts).
 * @module
 */
import * as activations from '../../functional/activations.js';
import * as binary from '../../ops/binary.js';
import * as unary from '../../ops/unary.js';
import type { Tensor, TensorLike } from '../tensor.js';

/** The elementwise methods of {@link Tensor}. */
export interface ElementwiseMethods {
  /** this + other (broadcasting). */
  add(other: TensorLike): Tensor;
  /** this − other (broadcasting). */
  sub(other: TensorLike): Tensor;
  /** this · other (broadcasting). */
  mul(other: TensorLike): Tensor;
  /** this / other (broadcasting). */
  div(other: TensorLike): Tensor;
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
  clamp(min?: number | null, max?: number | null): Tensor;
  /** this where cond, other elsewhere. */
  where(condition: Tensor, other: TensorLike): Tensor;
}

/** @internal Installed on Tensor.prototype by tensor.ts. */
export const elementwiseMethods: ElementwiseMethods & ThisType<Tensor> = {
  add(other) { return binary.add(this, other); },
  sub(other) { return binary.sub(this, other); },
  mul(other) { return binary.mul(this, other); },
  div(other) { return binary.div(this, other); },
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
};
