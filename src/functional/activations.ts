/**
 * Activations: GELU built from primitives, and softmax/logSoftmax, which are primitives with
 * fused kernels (src/ops/softmax.ts) re-exported here next to the other activations.
 * @module
 */
import { ValueError } from '../errors.js';
import { formatValue } from '../errors.js';
import { erf, tanh } from '../ops/unary.js';
import { requireFloat } from '../ops/util.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkOptions } from '../checks/options.js';

export { softmax, logSoftmax } from '../ops/softmax.js';

/** Options of {@link gelu}. */
export interface GeluOptions {
  /** 'none' (default): x·Φ(x) with erf; 'tanh': the tanh approximation. */
  approximate?: 'none' | 'tanh';
}

/** GELU: x·Φ(x) = ½x(1 + erf(x/√2)), or ½x(1 + tanh(√(2/π)(x + 0.044715x³))) with approximate 'tanh'. */
export function gelu(x: Tensor, options: GeluOptions = {}): Tensor {
  requireFloat('gelu', x);
  checkOptions('gelu', options, { approximate: ['none', 'tanh'] });
  const approximate = options.approximate ?? 'none';
  if (approximate === 'none') return x.mul(erf(x.mul(Math.SQRT1_2)).add(1)).mul(0.5);
  if (approximate === 'tanh') {
    const inner = x.add(x.mul(x).mul(x).mul(0.044715)).mul(Math.sqrt(2 / Math.PI));
    return x.mul(tanh(inner).add(1)).mul(0.5);
  }
  throw new ValueError('gelu', `approximate must be 'none' or 'tanh', got ${formatValue(approximate)}`);
}
