/**
 * AdamW (Loshchilov & Hutter): Adam with decoupled weight decay, following PyTorch 1.13's
 * `torch.optim.AdamW` exactly.
 * @module
 */
import type { Tensor } from '../tensor/tensor.js';
import { adamUpdate, checkAdamOptions, type AdamOptions } from './adam.js';
import { Optimizer, type ParamGroup, type ParamState, type ParamsInput } from './optimizer.js';
import { rejectUnknownKeys } from './validate.js';

/** Options of {@link AdamW}: Adam's, with weightDecay defaulting to 1e-2 (decoupled). */
export type AdamWOptions = AdamOptions;

/**
 * AdamW. Like {@link Adam}, except that weight decay shrinks the parameters directly instead of
 * being added to the gradient: first θ ← θ·(1 − lr·λ), then Adam's update with the raw gradient.
 * State as Adam's.
 */
export class AdamW extends Optimizer<AdamWOptions> {
  constructor(params: ParamsInput<AdamWOptions>, options: Partial<AdamWOptions> = {}) {
    rejectUnknownKeys('AdamW', options, ['lr', 'betas', 'eps', 'weightDecay', 'amsgrad', 'maximize'], 'options');
    super('AdamW', params, {
      lr: options.lr ?? 1e-3,
      betas: options.betas ?? [0.9, 0.999],
      eps: options.eps ?? 1e-8,
      weightDecay: options.weightDecay ?? 1e-2,
      amsgrad: options.amsgrad ?? false,
      maximize: options.maximize ?? false,
    });
  }

  protected checkOptions(o: AdamWOptions, where: string): void {
    checkAdamOptions('AdamW', o, where);
  }

  protected updateParam(param: Tensor, grad: Tensor, state: ParamState, group: ParamGroup<AdamWOptions>): void {
    const g = group.maximize ? grad.neg() : grad;
    param.mul_(1 - group.lr * group.weightDecay);
    adamUpdate(param, g, state, group);
  }
}
