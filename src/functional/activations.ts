/**
 * Activations built from primitives: softmax, logSoftmax, GELU.
 * @module
 */
import { ValueError } from '../errors.js';
import { normalizeDim } from '../shape.js';
import { amax } from '../ops/reduce.js';
import { erf, tanh } from '../ops/unary.js';
import { requireFloat } from '../ops/util.js';
import type { Tensor } from '../tensor/tensor.js';
import { logsumexp } from './statistics.js';

/** softmax(x)_i = e^(x_i − m) / Σ_j e^(x_j − m), m the (detached) max along `dim`. */
export function softmax(x: Tensor, dim: number): Tensor {
  requireFloat('softmax', x);
  const d = normalizeDim('softmax', dim, x.ndim);
  const e = x.sub(amax(x.detach(), d, true)).exp();
  return e.div(e.sum(d, true));
}

/** log softmax(x) = x − logsumexp(x) along `dim`. */
export function logSoftmax(x: Tensor, dim: number): Tensor {
  requireFloat('logSoftmax', x);
  const d = normalizeDim('logSoftmax', dim, x.ndim);
  return x.sub(logsumexp(x, d, true));
}

/** Options of {@link gelu}. */
export interface GeluOptions {
  /** 'none' (default): x·Φ(x) with erf; 'tanh': the tanh approximation. */
  approximate?: 'none' | 'tanh';
}

/** GELU: x·Φ(x) = ½x(1 + erf(x/√2)), or ½x(1 + tanh(√(2/π)(x + 0.044715x³))) with approximate 'tanh'. */
export function gelu(x: Tensor, options: GeluOptions = {}): Tensor {
  requireFloat('gelu', x);
  const approximate = options.approximate ?? 'none';
  if (approximate === 'none') return x.mul(erf(x.mul(Math.SQRT1_2)).add(1)).mul(0.5);
  if (approximate === 'tanh') {
    const inner = x.add(x.mul(x).mul(x).mul(0.044715)).mul(Math.sqrt(2 / Math.PI));
    return x.mul(tanh(inner).add(1)).mul(0.5);
  }
  throw new ValueError('gelu', `approximate must be 'none' or 'tanh', got ${JSON.stringify(approximate)}`);
}
