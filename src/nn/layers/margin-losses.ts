/**
 * Modules of the margin and likelihood losses (src/nn/functional/margin-losses.ts): each holds
 * its options and forwards to the function.
 * @module
 */
import type { Tensor } from '../../tensor/tensor.js';
import { checkOptions } from '../../checks/options.js';
import { checkReduction, type LossOptions, type Reduction } from '../functional/loss.js';
import * as L from '../functional/margin-losses.js';
import { Module } from '../module.js';

/**
 * max(0, −y·(x1 − x2) + margin); see {@link L.marginRankingLoss}.
 *
 * ```ts
 * new MarginRankingLoss({ margin: 0.5 }).forward(tensor([1]), tensor([0]), tensor([-1])).item(); // 1.5
 * ```
 */
export class MarginRankingLoss extends Module {
  readonly reduction: Reduction;
  readonly margin: number;
  constructor(options: L.MarginLossOptions = {}) {
    super();
    checkOptions('MarginRankingLoss', options, { margin: 'finite', reduction: 'any' });
    this.reduction = checkReduction('MarginRankingLoss', options.reduction);
    this.margin = options.margin ?? 0;
  }
  forward(x1: Tensor, x2: Tensor, y: Tensor): Tensor {
    return L.marginRankingLoss(x1, x2, y, { margin: this.margin, reduction: this.reduction });
  }
}

/**
 * x where y = 1, max(0, margin − x) where y = −1; see {@link L.hingeEmbeddingLoss}.
 *
 * ```ts
 * new HingeEmbeddingLoss().forward(tensor([0.3, 0.4]), tensor([1, -1])).item(); // 0.45
 * ```
 */
export class HingeEmbeddingLoss extends Module {
  readonly reduction: Reduction;
  readonly margin: number;
  constructor(options: L.MarginLossOptions = {}) {
    super();
    checkOptions('HingeEmbeddingLoss', options, { margin: 'finite', reduction: 'any' });
    this.reduction = checkReduction('HingeEmbeddingLoss', options.reduction);
    this.margin = options.margin ?? 1;
  }
  forward(x: Tensor, y: Tensor): Tensor {
    return L.hingeEmbeddingLoss(x, y, { margin: this.margin, reduction: this.reduction });
  }
}

/**
 * log(1 + exp(−y·x)); see {@link L.softMarginLoss}.
 *
 * ```ts
 * new SoftMarginLoss().forward(tensor([0]), tensor([1])).item(); // log 2
 * ```
 */
export class SoftMarginLoss extends Module {
  readonly reduction: Reduction;
  constructor(options: LossOptions = {}) {
    super();
    checkOptions('SoftMarginLoss', options, { reduction: 'any' });
    this.reduction = checkReduction('SoftMarginLoss', options.reduction);
  }
  forward(x: Tensor, y: Tensor): Tensor {
    return L.softMarginLoss(x, y, { reduction: this.reduction });
  }
}

/**
 * 1 − cos where y = 1, max(0, cos − margin) where y = −1; see {@link L.cosineEmbeddingLoss}.
 *
 * ```ts
 * new CosineEmbeddingLoss().forward(tensor([[1, 0]]), tensor([[1, 0]]), tensor([1])).item(); // 0
 * ```
 */
export class CosineEmbeddingLoss extends Module {
  readonly reduction: Reduction;
  readonly margin: number;
  constructor(options: L.MarginLossOptions = {}) {
    super();
    checkOptions('CosineEmbeddingLoss', options, { margin: 'finite', reduction: 'any' });
    this.reduction = checkReduction('CosineEmbeddingLoss', options.reduction);
    this.margin = options.margin ?? 0;
  }
  forward(x1: Tensor, x2: Tensor, y: Tensor): Tensor {
    return L.cosineEmbeddingLoss(x1, x2, y, { margin: this.margin, reduction: this.reduction });
  }
}

/**
 * The Gaussian negative log-likelihood; see {@link L.gaussianNllLoss}.
 *
 * ```ts
 * new GaussianNLLLoss().forward(tensor([1]), tensor([3]), tensor([4])).item(); // ½(log 4 + 1)
 * ```
 */
export class GaussianNLLLoss extends Module {
  readonly reduction: Reduction;
  readonly full: boolean;
  readonly eps: number;
  constructor(options: L.GaussianNllLossOptions = {}) {
    super();
    checkOptions('GaussianNLLLoss', options, { full: 'bool', eps: 'finite', reduction: 'any' });
    this.reduction = checkReduction('GaussianNLLLoss', options.reduction);
    this.full = options.full ?? false;
    this.eps = options.eps ?? 1e-6;
  }
  forward(input: Tensor, target: Tensor, variance: Tensor): Tensor {
    return L.gaussianNllLoss(input, target, variance, { full: this.full, eps: this.eps, reduction: this.reduction });
  }
}

/**
 * The Poisson negative log-likelihood; see {@link L.poissonNllLoss}.
 *
 * ```ts
 * new PoissonNLLLoss().forward(tensor([0]), tensor([2])).item(); // 1
 * ```
 */
export class PoissonNLLLoss extends Module {
  readonly reduction: Reduction;
  readonly logInput: boolean;
  readonly full: boolean;
  readonly eps: number;
  constructor(options: L.PoissonNllLossOptions = {}) {
    super();
    checkOptions('PoissonNLLLoss', options, { logInput: 'bool', full: 'bool', eps: 'finite', reduction: 'any' });
    this.reduction = checkReduction('PoissonNLLLoss', options.reduction);
    this.logInput = options.logInput ?? true;
    this.full = options.full ?? false;
    this.eps = options.eps ?? 1e-8;
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return L.poissonNllLoss(input, target, { logInput: this.logInput, full: this.full, eps: this.eps, reduction: this.reduction });
  }
}

/**
 * The multi-class hinge loss; see {@link L.multiMarginLoss}.
 *
 * ```ts
 * new MultiMarginLoss().forward(tensor([[0.1, 0.2, 0.4, 0.8]]), tensor([3], { dtype: 'int32' })).item(); // 0.325
 * ```
 */
export class MultiMarginLoss extends Module {
  readonly reduction: Reduction;
  readonly p: 1 | 2;
  readonly margin: number;
  readonly weight: Tensor | null;
  constructor(options: L.MultiMarginLossOptions = {}) {
    super();
    checkOptions('MultiMarginLoss', options, { p: 'any', margin: 'finite', weight: 'any', reduction: 'any' });
    this.reduction = checkReduction('MultiMarginLoss', options.reduction);
    this.p = options.p ?? 1;
    this.margin = options.margin ?? 1;
    this.weight = options.weight ?? null;
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return L.multiMarginLoss(input, target, { p: this.p, margin: this.margin, weight: this.weight, reduction: this.reduction });
  }
}

/**
 * The multi-label logistic loss; see {@link L.multilabelSoftMarginLoss}.
 *
 * ```ts
 * new MultiLabelSoftMarginLoss().forward(tensor([[0, 0]]), tensor([[1, 0]])).item(); // log 2
 * ```
 */
export class MultiLabelSoftMarginLoss extends Module {
  readonly reduction: Reduction;
  constructor(options: LossOptions = {}) {
    super();
    checkOptions('MultiLabelSoftMarginLoss', options, { reduction: 'any' });
    this.reduction = checkReduction('MultiLabelSoftMarginLoss', options.reduction);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return L.multilabelSoftMarginLoss(input, target, { reduction: this.reduction });
  }
}
