/**
 * Channel layers of the gap scan: Dropout1d/2d/3d (whole-channel dropout), ChannelShuffle,
 * Softmax2d (softmax over the channels at every position) and BatchNorm3d.
 * @module
 */
import type { Generator } from '../../random.js';
import type { Tensor } from '../../tensor/tensor.js';
import { ShapeError, fmtShape } from '../../errors.js';
import { checkInt, checkTensor } from '../../checks/args.js';
import { softmax } from '../../functional/activations.js';
import { channelShuffle, dropout1d, dropout2d, dropout3d } from '../functional/channel.js';
import { checkDropoutP } from '../functional/dropout.js';
import { Module } from '../module.js';
import { BatchNorm } from './normalization.js';

abstract class ChannelDropout extends Module {
  protected abstract run(input: Tensor, options: { p: number; training: boolean; generator?: Generator }): Tensor;
  constructor(readonly p = 0.5, readonly generator?: Generator) {
    super();
    checkDropoutP(new.target.name, p);
  }
  forward(input: Tensor): Tensor {
    return this.run(input, { p: this.p, training: this.training, ...(this.generator ? { generator: this.generator } : {}) });
  }
  override extraRepr(): string {
    return `p=${this.p}, inplace=False`;
  }
}

/**
 * Zeroes whole channels of [N, C, L] in training; see F.dropout1d.
 *
 * ```ts
 * new Dropout1d(0.2).eval().forward(ones([1, 2, 3])).sum().item(); // 6: identity in eval
 * ```
 */
export class Dropout1d extends ChannelDropout {
  protected run(input: Tensor, options: { p: number; training: boolean; generator?: Generator }): Tensor {
    return dropout1d(input, options);
  }
}

/**
 * Zeroes whole channels of [N, C, H, W] in training; see F.dropout2d.
 *
 * ```ts
 * new Dropout2d().forward(ones([1, 4, 2, 2])).shape; // [1, 4, 2, 2]
 * ```
 */
export class Dropout2d extends ChannelDropout {
  protected run(input: Tensor, options: { p: number; training: boolean; generator?: Generator }): Tensor {
    return dropout2d(input, options);
  }
}

/** Zeroes whole channels of [N, C, D, H, W] in training; see F.dropout3d. */
export class Dropout3d extends ChannelDropout {
  protected run(input: Tensor, options: { p: number; training: boolean; generator?: Generator }): Tensor {
    return dropout3d(input, options);
  }
}

/**
 * Interleaves channel groups; see F.channelShuffle.
 *
 * ```ts
 * new ChannelShuffle(2).forward(arange(4).reshape([1, 4, 1])).reshape([-1]).toArray(); // [0, 2, 1, 3]
 * ```
 */
export class ChannelShuffle extends Module {
  constructor(readonly groups: number) {
    super();
    checkInt('ChannelShuffle', 'groups', groups, 1);
  }
  forward(input: Tensor): Tensor {
    return channelShuffle(input, this.groups);
  }
  override extraRepr(): string {
    return `groups=${this.groups}`;
  }
}

/**
 * Softmax over the channels (dim −3) of [N, C, H, W] or [C, H, W].
 *
 * ```ts
 * new Softmax2d().forward(zeros([1, 2, 1, 1])).reshape([-1]).toArray(); // [0.5, 0.5]
 * ```
 */
export class Softmax2d extends Module {
  forward(input: Tensor): Tensor {
    checkTensor('Softmax2d', 'input', input);
    if (input.ndim !== 3 && input.ndim !== 4) throw new ShapeError('Softmax2d', `expected a 3-D or 4-D input, got shape ${fmtShape(input.shape)}`);
    return softmax(input, -3);
  }
}

/**
 * Batch normalization of [N, C, D, H, W] inputs over N, D, H and W per channel C.
 *
 * ```ts
 * new BatchNorm3d(2).forward(randn([2, 2, 2, 2, 2])).shape; // [2, 2, 2, 2, 2]
 * ```
 */
export class BatchNorm3d extends BatchNorm {
  protected readonly ranks = [5];
  protected readonly layout = '[N, C, D, H, W]';
}
