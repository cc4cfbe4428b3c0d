/**
 * Channel-wise functions (PyTorch's F.dropout1d, F.dropout2d, F.dropout3d, F.channel_shuffle):
 * channel dropout zeroes whole channels, channel shuffle interleaves channel groups.
 * @module
 */
import { checkInt, checkTensor } from '../../checks/args.js';
import { checkOptions } from '../../checks/options.js';
import { ShapeError, ValueError, fmtShape } from '../../errors.js';
import { defaultGenerator, type Generator } from '../../random.js';
import { full } from '../../tensor/creation.js';
import type { Tensor } from '../../tensor/tensor.js';
import { bernoulli } from '../../functional/sampling.js';
import { checkDropoutP, dropout } from './dropout.js';
import { requireFloatTensor } from './window.js';

/** Options of the channel dropouts. */
export interface ChannelDropoutOptions {
  /** Probability of zeroing a channel (default 0.5). */
  p?: number;
  /** Dropout only in training (default true, as F.dropout2d's default). */
  training?: boolean;
  generator?: Generator;
}

function channelDropout(op: string, spatial: number, input: Tensor, options: ChannelDropoutOptions): Tensor {
  requireFloatTensor(op, 'input', input);
  checkOptions(op, options, { p: 'any', training: 'bool', generator: 'generator' });
  const p = options.p ?? 0.5;
  checkDropoutP(op, p);
  if (input.ndim !== spatial + 1 && input.ndim !== spatial + 2) {
    throw new ShapeError(op, `expected a ${spatial + 1}-D (unbatched) or ${spatial + 2}-D (batched) input, got shape ${fmtShape(input.shape)}`);
  }
  if (!(options.training ?? true) || p === 0) return input;
  if (p === 1) return input.mul(0); // no draw, as PyTorch
  const channels = input.shape.slice(0, input.ndim - spatial);
  const mask = bernoulli(full([...channels, ...new Array<number>(spatial).fill(1)], 1 - p, { dtype: input.dtype }), { generator: options.generator ?? defaultGenerator });
  return dropout(input, { p, training: true, mask });
}

/**
 * Zeroes whole channels of [N, C, L] (or [C, L]) with probability p, scaling the rest by 1/(1 − p).
 *
 * ```ts
 * F.dropout1d(ones([2, 3, 4]), { p: 0.5 }); // each of the 6 channels all 0 or all 2
 * ```
 */
export function dropout1d(input: Tensor, options: ChannelDropoutOptions = {}): Tensor {
  return channelDropout('dropout1d', 1, input, options);
}

/**
 * Zeroes whole channels of [N, C, H, W] (or [C, H, W]) with probability p (see {@link dropout1d}).
 *
 * ```ts
 * F.dropout2d(ones([1, 3, 2, 2]), { p: 0.5 }).shape; // [1, 3, 2, 2]
 * ```
 */
export function dropout2d(input: Tensor, options: ChannelDropoutOptions = {}): Tensor {
  return channelDropout('dropout2d', 2, input, options);
}

/**
 * Zeroes whole channels of [N, C, D, H, W] (or [C, D, H, W]) with probability p.
 *
 * ```ts
 * F.dropout3d(ones([1, 2, 2, 2, 2]), { training: false }).sum().item(); // 16
 * ```
 */
export function dropout3d(input: Tensor, options: ChannelDropoutOptions = {}): Tensor {
  return channelDropout('dropout3d', 3, input, options);
}

/**
 * Interleaves `groups` groups of channels of [N, C, *]: channel g·(C/g) + k goes to k·g + g
 * (ShuffleNet's channel shuffle).
 *
 * ```ts
 * F.channelShuffle(arange(4).reshape([1, 4, 1]), 2).reshape([-1]).toArray(); // [0, 2, 1, 3]
 * ```
 */
export function channelShuffle(input: Tensor, groups: number): Tensor {
  const op = 'channelShuffle';
  checkTensor(op, 'input', input);
  checkInt(op, 'groups', groups, 1);
  if (input.ndim < 3) throw new ShapeError(op, `expected an input [N, C, *] of at least 3 dims, got shape ${fmtShape(input.shape)}`);
  const [n, c] = input.shape as [number, number];
  if (c % groups !== 0) throw new ValueError(op, `the channel count ${c} must be divisible by groups=${groups}`);
  const rest = input.shape.slice(2);
  return input.reshape([n, groups, c / groups, ...rest]).transpose(1, 2).reshape([n, c, ...rest]);
}
