/**
 * Group normalization (PyTorch's F.group_norm), composed from mean and rsqrt so its gradient,
 * including through the group statistics, comes from the primitives.
 * @module
 */
import { ShapeError, ValueError, fmtShape } from '../../errors.js';
import { checkNumel } from '../../checks/limits.js';
import { checkOptions } from '../../checks/options.js';
import { formatValue } from '../../errors.js';
import { requireFloat } from '../../ops/util.js';
import type { Tensor } from '../../tensor/tensor.js';
import { checkParamDtypes } from './checks.js';

/** Options of {@link groupNorm}. */
export interface GroupNormOptions {
  /** Per-channel scale γ [C] (default none). */
  weight?: Tensor | null;
  /** Per-channel shift β [C] (default none). */
  bias?: Tensor | null;
  /** Added to the variance before the square root (default 1e-5). */
  eps?: number;
}

/** Checks per-channel parameters: each null or of shape [channels]. */
export function checkChannelParams(op: string, input: Tensor, channels: number, params: Record<string, Tensor | null | undefined>): void {
  checkParamDtypes(op, input, params);
  for (const [name, t] of Object.entries(params)) {
    if (t && (t.ndim !== 1 || t.shape[0] !== channels)) {
      throw new ShapeError(op, `${name} must have shape [${channels}] for input ${fmtShape(input.shape)} with ${channels} channels, got ${fmtShape(t.shape)}`);
    }
  }
}

/** Applies a per-channel scale and shift to y [N, C, ...]. */
export function affinePerChannel(y: Tensor, weight: Tensor | null | undefined, bias: Tensor | null | undefined): Tensor {
  const channelShape = y.shape.map((s, d) => (d === 1 ? s : 1));
  let out = y;
  if (weight) out = out.mul(weight.reshape(channelShape));
  if (bias) out = out.add(bias.reshape(channelShape));
  return out;
}

/**
 * Group normalization of x [N, C, ...]: the C channels form `numGroups` groups of C/G
 * consecutive channels, and each (sample, group) block is normalized by its own mean and biased
 * variance, y = (x − μ)/√(σ² + eps), then scaled and shifted per channel.
 *
 * ```ts
 * import { randn } from 'chainrule';
 * import { functional as F } from 'chainrule/nn';
 * const y = F.groupNorm(randn([2, 4, 3]), 2); // each [2 channels × 3] block: mean 0, variance ≈ 1
 * ```
 */
export function groupNorm(input: Tensor, numGroups: number, options: GroupNormOptions = {}): Tensor {
  checkOptions('groupNorm', options, { weight: 'any', bias: 'any', eps: 'any' });
  const op = 'groupNorm';
  requireFloat(op, input);
  if (input.ndim < 2) throw new ShapeError(op, `input must have at least 2 dims [N, C, ...], got ${fmtShape(input.shape)}`);
  const [n, channels] = input.shape as [number, number];
  if (!Number.isInteger(numGroups) || numGroups < 1 || channels % numGroups !== 0) {
    throw new ValueError(op, `numGroups must be a positive integer dividing the ${channels} channels of input ${fmtShape(input.shape)}, got ${formatValue(numGroups)}`);
  }
  // one mean and variance per image and group: with 0 channels any numGroups divides them (fuzz)
  checkNumel(op, n * numGroups, `the statistics [${n}, ${numGroups}] (per image and group)`);
  checkChannelParams(op, input, channels, { weight: options.weight, bias: options.bias });
  const eps = options.eps ?? 1e-5;
  if (!(eps >= 0)) throw new ValueError(op, `eps must be a non-negative number, got ${formatValue(eps)}`);
  const perGroup = (channels / numGroups) * input.shape.slice(2).reduce((a, b) => a * b, 1);
  const x = input.reshape([n, numGroups, perGroup]);
  const centered = x.sub(x.mean(2, true));
  const variance = centered.mul(centered).mean(2, true);
  const y = centered.div(variance.add(eps).sqrt()).reshape(input.shape);
  return affinePerChannel(y, options.weight, options.bias);
}
