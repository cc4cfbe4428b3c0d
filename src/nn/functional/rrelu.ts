/**
 * RReLU, the randomized leaky ReLU (Xu et al. 2015; PyTorch's torch.nn.functional.rrelu): in
 * training, each element at or below zero is multiplied by its own slope drawn uniformly from
 * [lower, upper); in evaluation, by the fixed slope (lower + upper)/2. A composite: training is
 * x·noise with the noise drawn, so the gradient is g·noise (PyTorch's RreluWithNoiseBackward); in
 * evaluation it is leakyRelu.
 * @module
 */
import { checkFinite } from '../../checks/args.js';
import { checkOptions } from '../../checks/options.js';
import { ValueError, formatValue } from '../../errors.js';
import { noGrad } from '../../autograd/grad-mode.js';
import { where } from '../../ops/binary.js';
import { le } from '../../ops/compare.js';
import { requireTensor } from '../../ops/promotion.js';
import { leakyRelu } from '../../ops/unary.js';
import { requireFloat } from '../../ops/util.js';
import { defaultGenerator, type Generator } from '../../random.js';
import { rand } from '../../tensor/creation.js';
import type { Tensor } from '../../tensor/tensor.js';
import { activate } from '../layers/inplace.js';

/** Options of {@link rrelu}. */
export interface RreluOptions {
  /** Lower bound of the random slope (default 1/8). */
  lower?: number;
  /** Upper bound of the random slope (default 1/3). */
  upper?: number;
  /** Draw a slope per element (default false, as PyTorch's functional); false uses (lower + upper)/2. */
  training?: boolean;
  /** Generator to draw the slopes from (default: the global one). */
  generator?: Generator;
  /** Write the result into the input and return it (default false). */
  inplace?: boolean;
}

/** RReLU's bounds: finite numbers with lower ≤ upper, as PyTorch requires. Shared with the RReLU module. */
export function checkRreluBounds(op: string, lower: unknown, upper: unknown): void {
  checkFinite(op, 'lower', lower);
  checkFinite(op, 'upper', upper);
  if ((lower as number) > (upper as number)) {
    throw new ValueError(op, `lower must be less than or equal to upper, got lower=${formatValue(lower)}, upper=${formatValue(upper)}`);
  }
}

/**
 * x for x > 0, a·x otherwise: with `training`, a drawn per element uniformly from [lower, upper)
 * (elements at or below zero; the gradient there is that a, as PyTorch's), else
 * a = (lower + upper)/2 (leakyRelu with that slope).
 *
 * ```ts
 * rrelu(tensor([-2, 3])); // [-0.4583, 3]: the slope (1/8 + 1/3)/2
 * rrelu(tensor([-2, 3]), { training: true, generator: new Generator(0) }); // [-2·a, 3], a in [1/8, 1/3)
 * ```
 */
export function rrelu(input: Tensor, options: RreluOptions = {}): Tensor {
  checkOptions('rrelu', options, { lower: 'any', upper: 'any', training: 'bool', generator: 'generator', inplace: 'bool' });
  requireFloat('rrelu', requireTensor('rrelu', input));
  const { lower = 1 / 8, upper = 1 / 3, training = false, generator = defaultGenerator, inplace = false } = options;
  checkRreluBounds('rrelu', lower, upper);
  return activate('rrelu', inplace, input, (x) => {
    if (!training) return leakyRelu(x, (lower + upper) / 2);
    // the slopes, drawn for every element and kept where x ≤ 0 (1 elsewhere): a constant of the graph
    const noise = noGrad(() => where(le(x, 0), rand(x.shape, { dtype: x.dtype, generator }).mul(upper - lower).add(lower), 1));
    return x.mul(noise);
  });
}
