/**
 * InstanceNorm1d / InstanceNorm2d (PyTorch's nn.InstanceNorm1d/2d): per-sample, per-channel
 * normalization over the spatial dims, optionally affine and with running statistics.
 * @module
 */
import type { FloatDType } from '../../dtype.js';
import { formatValue } from '../../errors.js';
import { ShapeError, ValueError, fmtShape } from '../../errors.js';
import { requireFloat } from '../../ops/util.js';
import type { Tensor } from '../../tensor/tensor.js';
import { instanceNorm } from '../functional/instance-norm.js';
import { Module } from '../module.js';
import { checkSize } from './linear.js';
import { registerNormState } from './normalization.js';
import { checkOptions } from '../../checks/options.js';

/** Options of {@link InstanceNorm1d} and {@link InstanceNorm2d} (PyTorch's defaults: no affine, no running statistics). */
export interface InstanceNormLayerOptions {
  /** Added to the variance before the square root (default 1e-5). */
  eps?: number;
  /** Weight of each batch in the running statistics (default 0.1). */
  momentum?: number;
  /** Learn a per-channel `weight` (ones) and `bias` (zeros) (default false). */
  affine?: boolean;
  /** Keep running_mean/running_var and use them in eval mode (default false). */
  trackRunningStats?: boolean;
  /** dtype of the parameters and running statistics (default float32). */
  dtype?: FloatDType;
}

/** The shared instance normalization layer; subclasses fix the number of spatial dims. */
export abstract class InstanceNorm extends Module {
  readonly numFeatures: number;
  readonly eps: number;
  readonly momentum: number;
  readonly affine: boolean;
  readonly trackRunningStats: boolean;
  /** γ [numFeatures], or null when not affine. */
  readonly weight: Tensor | null;
  /** β [numFeatures], or null when not affine. */
  readonly bias: Tensor | null;
  /** Buffer `running_mean` [numFeatures] (zeros), or null without trackRunningStats. */
  readonly runningMean: Tensor | null;
  /** Buffer `running_var` [numFeatures] (ones), or null without trackRunningStats. */
  readonly runningVar: Tensor | null;
  /** Buffer `num_batches_tracked` (int32 scalar, kept for PyTorch's state dict names), or null. */
  readonly numBatchesTracked: Tensor | null;
  /** Number of spatial dims (1 or 2). */
  protected abstract readonly spatialDims: number;

  constructor(numFeatures: number, options: InstanceNormLayerOptions = {}) {
    super();
    const name = new.target.name;
    checkOptions(name, options, { eps: 'any', momentum: 'any', affine: 'bool', trackRunningStats: 'bool', dtype: 'any' });
    checkSize(name, 'numFeatures', numFeatures);
    const eps = options.eps ?? 1e-5;
    const momentum = options.momentum ?? 0.1;
    if (!(eps >= 0)) throw new ValueError(name, `eps must be a non-negative number, got ${formatValue(eps)}`);
    if (!(momentum >= 0 && momentum <= 1)) throw new ValueError(name, `momentum must be in [0, 1], got ${formatValue(momentum)}`);
    this.numFeatures = numFeatures;
    this.eps = eps;
    this.momentum = momentum;
    this.affine = options.affine ?? false;
    this.trackRunningStats = options.trackRunningStats ?? false;
    ({ weight: this.weight, bias: this.bias, runningMean: this.runningMean, runningVar: this.runningVar, numBatchesTracked: this.numBatchesTracked } =
      registerNormState(this, numFeatures, this.affine, this.trackRunningStats, options.dtype ?? 'float32'));
  }

  /** x [N, C, ...spatial] or unbatched [C, ...spatial] → same shape. */
  forward(input: Tensor): Tensor {
    const name = this.typeName;
    requireFloat(name, input);
    const k = this.spatialDims;
    if (input.ndim !== k + 1 && input.ndim !== k + 2) {
      throw new ShapeError(name, `expected a ${k + 1}-D (unbatched) or ${k + 2}-D input, got ${fmtShape(input.shape)}`);
    }
    const batched = input.ndim === k + 2 ? input : input.unsqueeze(0);
    if ((this.affine || this.trackRunningStats) && batched.shape[1] !== this.numFeatures) {
      throw new ShapeError(name, `input has ${batched.shape[1]} channels (${fmtShape(input.shape)}) but numFeatures is ${this.numFeatures}`);
    }
    const y = instanceNorm(batched, {
      runningMean: this.runningMean,
      runningVar: this.runningVar,
      weight: this.weight,
      bias: this.bias,
      useInputStats: this.training || !this.trackRunningStats,
      momentum: this.momentum,
      eps: this.eps,
    });
    return input.ndim === k + 2 ? y : y.squeeze(0);
  }

  override extraRepr(): string {
    return `${this.numFeatures}, eps=${this.eps}, momentum=${this.momentum}, affine=${this.affine}, trackRunningStats=${this.trackRunningStats}`;
  }
}

/**
 * Instance normalization of [N, C, L] (or [C, L]) inputs over L, per sample and channel.
 *
 * ```ts
 * import { randn } from 'chainrule';
 * import { InstanceNorm1d } from 'chainrule/nn';
 * new InstanceNorm1d(3).forward(randn([2, 3, 10])).shape; // [2, 3, 10]
 * ```
 */
export class InstanceNorm1d extends InstanceNorm {
  protected readonly spatialDims = 1;
}

/**
 * Instance normalization of [N, C, H, W] (or [C, H, W]) inputs over H and W, per sample and channel.
 *
 * ```ts
 * import { randn } from 'chainrule';
 * import { InstanceNorm2d } from 'chainrule/nn';
 * new InstanceNorm2d(3, { affine: true }).forward(randn([2, 3, 4, 4])).shape; // [2, 3, 4, 4]
 * ```
 */
export class InstanceNorm2d extends InstanceNorm {
  protected readonly spatialDims = 2;
}

/**
 * Instance normalization of [N, C, D, H, W] (or [C, D, H, W]) inputs over D, H and W, per sample and channel.
 *
 * ```ts
 * import { randn } from 'chainrule';
 * import { InstanceNorm3d } from 'chainrule/nn';
 * new InstanceNorm3d(2).forward(randn([1, 2, 3, 4, 4])).shape; // [1, 2, 3, 4, 4]
 * ```
 */
export class InstanceNorm3d extends InstanceNorm {
  protected readonly spatialDims = 3;
}
