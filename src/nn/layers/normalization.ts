/**
 * Normalization layers: BatchNorm1d/BatchNorm2d (per channel, with running statistics) and
 * LayerNorm (per sample, over the trailing dims).
 * @module
 */
import { asOp } from '../../checks/rename.js';
import type { FloatDType } from '../../dtype.js';
import { formatValue } from '../../errors.js';
import { ShapeError, ValueError, fmtShape } from '../../errors.js';
import { requireFloat } from '../../ops/util.js';
import { ones, zeros } from '../../tensor/creation.js';
import type { Tensor } from '../../tensor/tensor.js';
import { checkParamDtypes } from '../functional/checks.js';
import { batchNorm, layerNorm } from '../functional/normalization.js';
import { Module } from '../module.js';
import { pyTuple } from '../repr.js';
import { checkSize } from './linear.js';
import { checkOptions } from '../../checks/options.js';
import { checkTensor, describe } from '../../checks/args.js';
import { BATCH_NORM_OPTIONS, LAYER_NORM_OPTIONS, checkLayerSizes } from '../schemas.js';

/** Options of {@link BatchNorm1d} and {@link BatchNorm2d}. */
export interface BatchNormLayerOptions {
  /** Added to the variance before the square root (default 1e-5). */
  eps?: number;
  /** Weight of each batch in the running statistics (default 0.1); null for a cumulative average. */
  momentum?: number | null;
  /** Learn a per-channel scale `weight` (ones) and shift `bias` (zeros) (default true). */
  affine?: boolean;
  /** Keep running_mean/running_var for eval mode (default true); otherwise eval uses batch statistics. */
  trackRunningStats?: boolean;
  /** dtype of the parameters and running statistics (default float32). */
  dtype?: FloatDType;
}


/** A normalization layer's learned affine and running statistics, as registered by {@link registerNormState}. */
export interface NormState {
  weight: Tensor | null;
  bias: Tensor | null;
  runningMean: Tensor | null;
  runningVar: Tensor | null;
  numBatchesTracked: Tensor | null;
}

/**
 * Registers under PyTorch's names what BatchNorm and InstanceNorm keep: γ = 1 and β = 0 when
 * `affine`; buffers running_mean = 0, running_var = 1 and num_batches_tracked = 0 when `track`.
 * A size beyond MAX_ELEMENTS is refused under the layer's name.
 */
export function registerNormState(layer: Module, numFeatures: number, affine: boolean, track: boolean, dtype: FloatDType): NormState {
  return asOp(layer.typeName, () => ({
    weight: layer.registerParameter('weight', affine ? ones([numFeatures], { dtype }) : null),
    bias: layer.registerParameter('bias', affine ? zeros([numFeatures], { dtype }) : null),
    runningMean: layer.registerBuffer('running_mean', track ? zeros([numFeatures], { dtype }) : null),
    runningVar: layer.registerBuffer('running_var', track ? ones([numFeatures], { dtype }) : null),
    numBatchesTracked: layer.registerBuffer('num_batches_tracked', track ? zeros([], { dtype: 'int32' }) : null),
  }));
}

/**
 * The shared batch normalization layer. In training it normalizes with the batch statistics and
 * updates the running ones; in eval mode it uses running_mean and running_var.
 */
export abstract class BatchNorm extends Module {
  readonly numFeatures: number;
  readonly eps: number;
  readonly momentum: number | null;
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
  /** Buffer `num_batches_tracked` (int32 scalar), or null without trackRunningStats. */
  readonly numBatchesTracked: Tensor | null;

  /** The input ranks this layer accepts, e.g. [2, 3] for BatchNorm1d. */
  protected abstract readonly ranks: readonly number[];
  /** How the accepted inputs are described in errors, e.g. '[N, C] or [N, C, L]'. */
  protected abstract readonly layout: string;

  constructor(numFeatures: number, options: BatchNormLayerOptions = {}) {
    super();
    const name = new.target.name;
    checkOptions(name, options, BATCH_NORM_OPTIONS);
    checkLayerSizes(name, { numFeatures });
    checkSize(name, 'numFeatures', numFeatures);
    const eps = options.eps ?? 1e-5;
    const momentum = options.momentum === undefined ? 0.1 : options.momentum;
    if (!(eps >= 0)) throw new ValueError(name, `eps must be a non-negative number, got ${formatValue(eps)}`);
    if (momentum !== null && !(momentum >= 0 && momentum <= 1)) {
      throw new ValueError(name, `momentum must be in [0, 1] or null, got ${formatValue(momentum)}`);
    }
    this.numFeatures = numFeatures;
    this.eps = eps;
    this.momentum = momentum;
    this.affine = options.affine ?? true;
    this.trackRunningStats = options.trackRunningStats ?? true;
    ({ weight: this.weight, bias: this.bias, runningMean: this.runningMean, runningVar: this.runningVar, numBatchesTracked: this.numBatchesTracked } =
      registerNormState(this, numFeatures, this.affine, this.trackRunningStats, options.dtype ?? 'float32'));
  }

  /** Resets running_mean to 0, running_var to 1 and num_batches_tracked to 0. */
  resetRunningStats(): void {
    this.runningMean?.zero_();
    this.runningVar?.fill_(1);
    this.numBatchesTracked?.zero_();
  }

  /** x [N, numFeatures, ...] → same shape. */
  forward(input: Tensor): Tensor {
    checkTensor(this.typeName, 'input', input);
    // Use batch statistics in training, and in eval when no running statistics are kept.
    const useBatchStats = this.training || this.runningMean === null;
    this.checkInput(input, useBatchStats);
    let factor = this.momentum ?? 0;
    if (this.training && this.numBatchesTracked !== null) {
      const tracked = this.numBatchesTracked.item() + 1;
      this.numBatchesTracked.fill_(tracked);
      if (this.momentum === null) factor = 1 / tracked;
    }
    return batchNorm(input, this.runningMean, this.runningVar, {
      weight: this.weight,
      bias: this.bias,
      training: useBatchStats,
      momentum: factor,
      eps: this.eps,
    });
  }

  /** All checks happen here, before num_batches_tracked or the running statistics change. */
  private checkInput(input: Tensor, useBatchStats: boolean): void {
    requireFloat(this.typeName, input);
    checkParamDtypes(this.typeName, input, { weight: this.weight, running_mean: this.runningMean });
    if (!this.ranks.includes(input.ndim)) {
      throw new ShapeError(this.typeName, `expected ${this.ranks.map((r) => `${r}-D`).join(' or ')} input ${this.layout}, got ${input.ndim}-D input ${fmtShape(input.shape)}`);
    }
    if (input.shape[1] !== this.numFeatures) {
      throw new ShapeError(
        this.typeName,
        `input has ${input.shape[1]} channels (dim 1 of ${fmtShape(input.shape)}) but numFeatures is ${this.numFeatures}`,
      );
    }
    if (useBatchStats && input.numel() / this.numFeatures <= 1) {
      throw new ValueError(this.typeName, `expected more than 1 value per channel when training, got input ${fmtShape(input.shape)}`);
    }
  }

  override extraRepr(): string {
    return `${this.numFeatures}, eps=${this.eps}, momentum=${this.momentum}, affine=${this.affine}, trackRunningStats=${this.trackRunningStats}`;
  }
}

/** Batch normalization of [N, C] or [N, C, L] inputs over N (and L) per channel C. */
export class BatchNorm1d extends BatchNorm {
  protected readonly ranks = [2, 3];
  protected readonly layout = '[N, C] or [N, C, L]';
}

/** Batch normalization of [N, C, H, W] inputs over N, H and W per channel C. */
export class BatchNorm2d extends BatchNorm {
  protected readonly ranks = [4];
  protected readonly layout = '[N, C, H, W]';
}

/** Options of {@link LayerNorm}. */
export interface LayerNormLayerOptions {
  /** Added to the variance before the square root (default 1e-5). */
  eps?: number;
  /** Learn an elementwise `weight` (ones) and `bias` (zeros) of shape normalizedShape (default true). */
  elementwiseAffine?: boolean;
  /** With elementwiseAffine, also learn the bias (default true). */
  bias?: boolean;
  /** dtype of the parameters (default float32). */
  dtype?: FloatDType;
}

/** Normalizes each sample over its trailing dims `normalizedShape`: (x − μ)/√(σ² + eps)·γ + β. */
export class LayerNorm extends Module {
  readonly normalizedShape: readonly number[];
  readonly eps: number;
  readonly elementwiseAffine: boolean;
  /** γ of shape normalizedShape, or null. */
  readonly weight: Tensor | null;
  /** β of shape normalizedShape, or null. */
  readonly bias: Tensor | null;

  constructor(normalizedShape: number | readonly number[], options: LayerNormLayerOptions = {}) {
    super();
    checkOptions('LayerNorm', options, LAYER_NORM_OPTIONS);
    if (typeof normalizedShape !== 'number' && !Array.isArray(normalizedShape)) {
      throw new ValueError('LayerNorm', `normalizedShape must be a size or an array of sizes, got ${describe(normalizedShape)}`);
    }
    const shape = typeof normalizedShape === 'number' ? [normalizedShape] : [...normalizedShape];
    checkLayerSizes('LayerNorm', Object.fromEntries(shape.map((s, i) => [`normalizedShape[${i}]`, s])));
    if (shape.length === 0) throw new ValueError('LayerNorm', 'normalizedShape must have at least one dim');
    shape.forEach((s) => checkSize('LayerNorm', 'normalizedShape', s));
    const eps = options.eps ?? 1e-5;
    if (!(eps >= 0)) throw new ValueError('LayerNorm', `eps must be a non-negative number, got ${formatValue(eps)}`);
    this.normalizedShape = Object.freeze(shape);
    this.eps = eps;
    this.elementwiseAffine = options.elementwiseAffine ?? true;
    const dtype = options.dtype ?? 'float32';
    this.weight = this.registerParameter('weight', asOp(this.typeName, () => this.elementwiseAffine ? ones(shape, { dtype }) : null));
    const withBias = this.elementwiseAffine && (options.bias ?? true);
    this.bias = this.registerParameter('bias', asOp(this.typeName, () => withBias ? zeros(shape, { dtype }) : null));
  }

  /** x [..., *normalizedShape] → same shape. */
  forward(input: Tensor): Tensor {
    checkTensor(this.typeName, 'input', input);
    const k = this.normalizedShape.length;
    if (input.ndim < k || input.shape.slice(input.ndim - k).join(',') !== this.normalizedShape.join(',')) {
      throw new ShapeError('LayerNorm', `input ${fmtShape(input.shape)} must end with normalizedShape ${fmtShape(this.normalizedShape)}`);
    }
    return layerNorm(input, this.normalizedShape, { weight: this.weight, bias: this.bias, eps: this.eps });
  }

  override extraRepr(): string {
    return `${pyTuple(this.normalizedShape)}, eps=${this.eps}, elementwiseAffine=${this.elementwiseAffine}`;
  }
}
