/**
 * issue 10's losses as modules: SmoothL1Loss, HuberLoss, KLDivLoss, TripletMarginLoss (PyTorch's
 * names and defaults). Each checks its options when built and calls the functional form.
 * @module
 */
import { ValueError } from '../../errors.js';
import { formatValue } from '../../errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import { checkKlDivReduction, klDiv, type KlDivOptions, type KlDivReduction } from '../functional/kl-div.js';
import { checkReduction, type Reduction } from '../functional/loss.js';
import { huberLoss, smoothL1Loss, type HuberLossOptions, type SmoothL1LossOptions } from '../functional/robust-loss.js';
import { tripletMarginLoss, type TripletMarginLossOptions } from '../functional/triplet-margin.js';
import { Module } from '../module.js';
import { checkOptions } from '../../checks/options.js';

function nonNegative(layer: string, name: string, value: number): number {
  if (!(value >= 0) || !Number.isFinite(value)) throw new ValueError(layer, `${name} must be a finite non-negative number, got ${formatValue(value)}`);
  return value;
}

/**
 * Smooth L1 loss; see {@link smoothL1Loss}.
 *
 * ```ts
 * import { tensor } from 'chainrule';
 * import { SmoothL1Loss } from 'chainrule/nn';
 * new SmoothL1Loss({ beta: 0.5 }).forward(tensor([0.2, 2]), tensor([0, 0])).item(); // 0.895 = (0.04 + 1.75) / 2
 * ```
 */
export class SmoothL1Loss extends Module {
  readonly reduction: Reduction;
  readonly beta: number;

  constructor(options: SmoothL1LossOptions = {}) {
    super();
    checkOptions('SmoothL1Loss', options, { reduction: 'any', beta: 'any' });
    this.reduction = checkReduction('SmoothL1Loss', options.reduction);
    this.beta = nonNegative('SmoothL1Loss', 'beta', options.beta ?? 1);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return smoothL1Loss(input, target, { reduction: this.reduction, beta: this.beta });
  }
}

/**
 * Huber loss; see {@link huberLoss}.
 *
 * ```ts
 * import { tensor } from 'chainrule';
 * import { HuberLoss } from 'chainrule/nn';
 * new HuberLoss({ delta: 2, reduction: 'sum' }).forward(tensor([0.5, 3]), tensor([0, 0])).item(); // 4.125
 * ```
 */
export class HuberLoss extends Module {
  readonly reduction: Reduction;
  readonly delta: number;

  constructor(options: HuberLossOptions = {}) {
    super();
    checkOptions('HuberLoss', options, { reduction: 'any', delta: 'any' });
    this.reduction = checkReduction('HuberLoss', options.reduction);
    this.delta = nonNegative('HuberLoss', 'delta', options.delta ?? 1);
    if (this.delta === 0) throw new ValueError('HuberLoss', 'delta must be positive, got 0');
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return huberLoss(input, target, { reduction: this.reduction, delta: this.delta });
  }
}

/**
 * KL divergence loss of log-probabilities from a target; see {@link klDiv}.
 *
 * ```ts
 * import { tensor } from 'chainrule';
 * import { KLDivLoss } from 'chainrule/nn';
 * const loss = new KLDivLoss({ reduction: 'batchmean' });
 * loss.forward(tensor([[0.25, 0.75]]).log(), tensor([[0.5, 0.5]])).item(); // 0.1438…
 * ```
 */
export class KLDivLoss extends Module {
  readonly reduction: KlDivReduction;
  readonly logTarget: boolean;

  constructor(options: KlDivOptions = {}) {
    super();
    checkOptions('KLDivLoss', options, { reduction: 'any', logTarget: 'bool' });
    this.reduction = checkKlDivReduction('KLDivLoss', options.reduction);
    this.logTarget = options.logTarget ?? false;
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return klDiv(input, target, { reduction: this.reduction, logTarget: this.logTarget });
  }
}

/**
 * Triplet margin loss of (anchor, positive, negative); see {@link tripletMarginLoss}.
 *
 * ```ts
 * import { randn } from 'chainrule';
 * import { TripletMarginLoss } from 'chainrule/nn';
 * new TripletMarginLoss({ margin: 0.5 }).forward(randn([8, 16]), randn([8, 16]), randn([8, 16])).shape; // []
 * ```
 */
export class TripletMarginLoss extends Module {
  readonly margin: number;
  readonly p: number;
  readonly eps: number;
  readonly swap: boolean;
  readonly reduction: Reduction;

  constructor(options: TripletMarginLossOptions = {}) {
    super();
    checkOptions('TripletMarginLoss', options, { reduction: 'any', margin: 'any', p: 'any', eps: 'any', swap: 'bool' });
    this.margin = options.margin ?? 1;
    this.p = options.p ?? 2;
    this.eps = options.eps ?? 1e-6;
    this.swap = options.swap ?? false;
    this.reduction = checkReduction('TripletMarginLoss', options.reduction);
    if (!Number.isFinite(this.margin)) throw new ValueError('TripletMarginLoss', `margin must be a finite number, got ${formatValue(this.margin)}`);
    if (!(this.p > 0)) throw new ValueError('TripletMarginLoss', `p must be a positive number or Infinity, got ${formatValue(this.p)}`);
  }
  forward(anchor: Tensor, positive: Tensor, negative: Tensor): Tensor {
    const { margin, p, eps, swap, reduction } = this;
    return tripletMarginLoss(anchor, positive, negative, { margin, p, eps, swap, reduction });
  }
}
