/**
 * Exponentials and logarithms in other bases, and smooth binary functions: exp2, log2, log10,
 * logaddexp, hypot, lerp. int32 and bool inputs are computed as float32, as PyTorch.
 * @module
 */
import { broadcastShapes } from '../shape.js';
import { record } from '../autograd/node.js';
import { DTypeError, fmtShape } from '../errors.js';
import type { Tensor, TensorLike } from '../tensor/tensor.js';
import { promotedPair, runBinary } from './math-util.js';
import { requireTensor } from './promotion.js';
import { applyUnary, sigmoid } from './unary.js';

/**
 * 2ˣ.
 *
 * ```ts
 * exp2(tensor([0, 3, -1])); // [1, 8, 0.5]
 * ```
 */
export function exp2(x: Tensor): Tensor {
  const out = applyUnary('exp2', 'exp2', x);
  return record('Exp2Backward', out, [x], exp2Vjp, [out]);
}
// d 2ˣ = g·2ˣ·ln 2
function exp2Vjp(g: Tensor, [out]: readonly Tensor[]): Tensor[] {
  return [g.mul(out!).mul(Math.LN2)];
}

/**
 * log₂ x.
 *
 * ```ts
 * log2(tensor([1, 8])); // [0, 3]
 * ```
 */
export function log2(x: Tensor): Tensor {
  return record('Log2Backward', applyUnary('log2', 'log2', x), [x], log2Vjp, [x]);
}
// d log₂ x = g / (x·ln 2)
function log2Vjp(g: Tensor, [x]: readonly Tensor[]): Tensor[] {
  return [g.div(x!.mul(Math.LN2))];
}

/**
 * log₁₀ x.
 *
 * ```ts
 * log10(tensor([1, 1000])); // [0, 3]
 * ```
 */
export function log10(x: Tensor): Tensor {
  return record('Log10Backward', applyUnary('log10', 'log10', x), [x], log10Vjp, [x]);
}
// d log₁₀ x = g / (x·ln 10)
function log10Vjp(g: Tensor, [x]: readonly Tensor[]): Tensor[] {
  return [g.div(x!.mul(Math.LN10))];
}

/**
 * log(eᵃ + eᵇ), computed without overflow (broadcasting, promoting dtypes).
 *
 * ```ts
 * logaddexp(tensor([0, 1000]), tensor([0, 1000])); // [ln 2, 1000 + ln 2]
 * ```
 */
export function logaddexp(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = promotedPair('logaddexp', a, b, 'float32');
  return record('LogaddexpBackward', runBinary('logaddexp', x, y), [x, y], logaddexpVjp, [x, y]);
}
// d logaddexp(a, b) = (g·σ(a − b), g·σ(b − a))
function logaddexpVjp(g: Tensor, [x, y]: readonly Tensor[]): Tensor[] {
  return [g.mul(sigmoid(x!.sub(y!))), g.mul(sigmoid(y!.sub(x!)))];
}

/**
 * √(a² + b²) without overflow (broadcasting, promoting dtypes).
 *
 * ```ts
 * hypot(tensor([3, 5]), tensor([4, 12])); // [5, 13]
 * ```
 */
export function hypot(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = promotedPair('hypot', a, b, 'float32');
  const out = runBinary('hypot', x, y);
  return record('HypotBackward', out, [x, y], hypotVjp, [x, y, out]);
}
// d hypot(a, b) = (g·a, g·b) / hypot(a, b)
function hypotVjp(g: Tensor, [x, y, out]: readonly Tensor[]): Tensor[] {
  const scale = g.div(out!);
  return [scale.mul(x!), scale.mul(y!)];
}

/**
 * start + weight·(end − start), broadcasting; `weight` a number or a tensor. Float only, as PyTorch.
 * Differentiable in all three (d/dweight = end − start).
 *
 * ```ts
 * lerp(tensor([0, 10]), tensor([10, 20]), 0.25); // [2.5, 12.5]
 * ```
 */
export function lerp(start: Tensor, end: Tensor, weight: TensorLike): Tensor {
  requireTensor('lerp', start, 'start');
  requireTensor('lerp', end, 'end');
  if (typeof weight !== 'number') requireTensor('lerp', weight, 'weight');
  broadcastShapes('lerp', broadcastShapes('lerp', start.shape, end.shape), typeof weight === 'number' ? [] : weight.shape);
  for (const [name, t] of [['start', start], ['end', end], ['weight', weight]] as const) {
    if (typeof t !== 'number' && t.dtype !== 'float32' && t.dtype !== 'float64') {
      throw new DTypeError('lerp', `${name} must be float32 or float64, got ${t.dtype} (shape ${fmtShape(t.shape)})`);
    }
  }
  // a composite: add, sub and mul carry the gradients to start, end and weight
  return start.add(end.sub(start).mul(weight));
}
