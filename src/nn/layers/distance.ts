/**
 * CosineSimilarity and PairwiseDistance as modules (PyTorch's nn.CosineSimilarity, nn.PairwiseDistance).
 * @module
 */
import type { Tensor } from '../../tensor/tensor.js';
import {
  cosineSimilarity,
  pairwiseDistance,
  type CosineSimilarityOptions,
  type PairwiseDistanceOptions,
} from '../functional/distance.js';
import { Module } from '../module.js';
import { checkOptions } from '../../checks/options.js';

/**
 * Cosine similarity of x1 and x2 along `dim` (default 1); see {@link cosineSimilarity}.
 *
 * ```ts
 * import { randn } from 'chainrule';
 * import { CosineSimilarity } from 'chainrule/nn';
 * new CosineSimilarity().forward(randn([4, 8]), randn([4, 8])).shape; // [4]
 * ```
 */
export class CosineSimilarity extends Module {
  readonly dim: number;
  readonly eps: number;

  constructor(options: CosineSimilarityOptions = {}) {
    super();
    checkOptions('CosineSimilarity', options, { dim: 'any', eps: 'any' });
    this.dim = options.dim ?? 1;
    this.eps = options.eps ?? 1e-8;
  }

  forward(x1: Tensor, x2: Tensor): Tensor {
    return cosineSimilarity(x1, x2, { dim: this.dim, eps: this.eps });
  }

  override extraRepr(): string {
    return ''; // PyTorch prints CosineSimilarity()
  }
}

/**
 * ‖x1 − x2 + eps‖_p over the last dim; see {@link pairwiseDistance}.
 *
 * ```ts
 * import { randn } from 'chainrule';
 * import { PairwiseDistance } from 'chainrule/nn';
 * new PairwiseDistance({ p: 1 }).forward(randn([4, 8]), randn([4, 8])).shape; // [4]
 * ```
 */
export class PairwiseDistance extends Module {
  readonly p: number;
  readonly eps: number;
  readonly keepdim: boolean;

  constructor(options: PairwiseDistanceOptions = {}) {
    super();
    checkOptions('PairwiseDistance', options, { p: 'any', eps: 'any', keepdim: 'bool' });
    this.p = options.p ?? 2;
    this.eps = options.eps ?? 1e-6;
    this.keepdim = options.keepdim ?? false;
  }

  forward(x1: Tensor, x2: Tensor): Tensor {
    return pairwiseDistance(x1, x2, { p: this.p, eps: this.eps, keepdim: this.keepdim });
  }

  override extraRepr(): string {
    return ''; // PyTorch prints PairwiseDistance()
  }
}
