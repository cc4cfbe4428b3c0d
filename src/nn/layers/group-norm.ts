/**
 * GroupNorm and RMSNorm as modules (PyTorch's nn.GroupNorm, nn.RMSNorm).
 * @module
 */
import { asOp } from '../../checks/rename.js';
import { checkIntOrList, checkShapeNumel, checkTensor } from '../../checks/index.js';
import type { FloatDType } from '../../dtype.js';
import { formatValue } from '../../errors.js';
import { ShapeError, ValueError, fmtShape } from '../../errors.js';
import { ones, zeros } from '../../tensor/creation.js';
import type { Tensor } from '../../tensor/tensor.js';
import { groupNorm } from '../functional/group-norm.js';
import { rmsNorm } from '../functional/rms-norm.js';
import { Module } from '../module.js';
import { pyTuple } from '../repr.js';
import { checkSize } from './linear.js';
import { checkOptions } from '../../checks/options.js';

/** Options of {@link GroupNorm}. */
export interface GroupNormLayerOptions {
  /** Added to the variance before the square root (default 1e-5). */
  eps?: number;
  /** Learn a per-channel `weight` (ones) and `bias` (zeros) (default true). */
  affine?: boolean;
  /** dtype of the parameters (default float32). */
  dtype?: FloatDType;
}

/**
 * Group normalization of [N, C, ...] inputs: C channels in `numGroups` groups, each (sample,
 * group) normalized by its own statistics, then a per-channel affine map; see {@link groupNorm}.
 *
 * ```ts
 * import { randn } from 'chainrule';
 * import { GroupNorm } from 'chainrule/nn';
 * const gn = new GroupNorm(2, 4);
 * gn.forward(randn([8, 4, 5])).shape; // [8, 4, 5]
 * ```
 */
export class GroupNorm extends Module {
  readonly numGroups: number;
  readonly numChannels: number;
  readonly eps: number;
  readonly affine: boolean;
  /** γ [numChannels], or null when not affine. */
  readonly weight: Tensor | null;
  /** β [numChannels], or null when not affine. */
  readonly bias: Tensor | null;

  constructor(numGroups: number, numChannels: number, options: GroupNormLayerOptions = {}) {
    super();
    checkOptions('GroupNorm', options, { eps: 'any', affine: 'bool', dtype: 'any' });
    checkSize('GroupNorm', 'numGroups', numGroups);
    checkSize('GroupNorm', 'numChannels', numChannels);
    checkShapeNumel('GroupNorm', [numChannels], 'numChannels');
    if (numGroups === 0 || numChannels % numGroups !== 0) {
      throw new ValueError('GroupNorm', `numChannels (${numChannels}) must be divisible by numGroups (${numGroups})`);
    }
    const eps = options.eps ?? 1e-5;
    if (!(eps >= 0)) throw new ValueError('GroupNorm', `eps must be a non-negative number, got ${formatValue(eps)}`);
    this.numGroups = numGroups;
    this.numChannels = numChannels;
    this.eps = eps;
    this.affine = options.affine ?? true;
    const dtype = options.dtype ?? 'float32';
    this.weight = this.registerParameter('weight', asOp(this.typeName, () => this.affine ? ones([numChannels], { dtype }) : null));
    this.bias = this.registerParameter('bias', asOp(this.typeName, () => this.affine ? zeros([numChannels], { dtype }) : null));
  }

  /** x [N, numChannels, ...] → same shape. */
  forward(input: Tensor): Tensor {
    checkTensor('GroupNorm', 'input', input);
    if (input.ndim < 2 || input.shape[1] !== this.numChannels) {
      throw new ShapeError('GroupNorm', `expected input [N, ${this.numChannels}, ...], got ${fmtShape(input.shape)}`);
    }
    return groupNorm(input, this.numGroups, { weight: this.weight, bias: this.bias, eps: this.eps });
  }

  override extraRepr(): string {
    return `${this.numGroups}, ${this.numChannels}, eps=${this.eps}, affine=${this.affine}`;
  }
}

/** Options of {@link RMSNorm}. */
export interface RMSNormLayerOptions {
  /** Added to the mean square (default null: the input dtype's machine epsilon, as PyTorch). */
  eps?: number | null;
  /** Learn an elementwise `weight` (ones) of shape normalizedShape (default true). */
  elementwiseAffine?: boolean;
  /** dtype of the parameter (default float32). */
  dtype?: FloatDType;
}

/**
 * RMS normalization over the trailing dims `normalizedShape`: x / √(mean(x²) + eps)·γ; see
 * {@link rmsNorm}.
 *
 * ```ts
 * import { randn } from 'chainrule';
 * import { RMSNorm } from 'chainrule/nn';
 * const norm = new RMSNorm(16);
 * norm.forward(randn([2, 5, 16])).shape; // [2, 5, 16]
 * ```
 */
export class RMSNorm extends Module {
  readonly normalizedShape: readonly number[];
  readonly eps: number | null;
  readonly elementwiseAffine: boolean;
  /** γ of shape normalizedShape, or null. */
  readonly weight: Tensor | null;

  constructor(normalizedShape: number | readonly number[], options: RMSNormLayerOptions = {}) {
    super();
    checkOptions('RMSNorm', options, { eps: 'any', elementwiseAffine: 'bool', dtype: 'any' });
    checkIntOrList('RMSNorm', 'normalizedShape', normalizedShape);
    checkShapeNumel('RMSNorm', typeof normalizedShape === 'number' ? [normalizedShape] : normalizedShape, 'normalizedShape');
    const shape = typeof normalizedShape === 'number' ? [normalizedShape] : [...normalizedShape];
    if (shape.length === 0) throw new ValueError('RMSNorm', 'normalizedShape must have at least one dim');
    shape.forEach((s) => checkSize('RMSNorm', 'normalizedShape', s));
    const eps = options.eps ?? null;
    if (eps !== null && !(eps >= 0)) throw new ValueError('RMSNorm', `eps must be a non-negative number or null, got ${formatValue(eps)}`);
    this.normalizedShape = Object.freeze(shape);
    this.eps = eps;
    this.elementwiseAffine = options.elementwiseAffine ?? true;
    const dtype = options.dtype ?? 'float32';
    this.weight = this.registerParameter('weight', asOp(this.typeName, () => this.elementwiseAffine ? ones(shape, { dtype }) : null));
  }

  /** x [..., *normalizedShape] → same shape. */
  forward(input: Tensor): Tensor {
    checkTensor('RMSNorm', 'input', input);
    return rmsNorm(input, this.normalizedShape, { weight: this.weight, eps: this.eps });
  }

  override extraRepr(): string {
    return `${pyTuple(this.normalizedShape)}, eps=${this.eps}, elementwiseAffine=${this.elementwiseAffine}`;
  }
}
