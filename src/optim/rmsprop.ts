/**
 * RMSprop (Hinton), optionally centered and with momentum, following PyTorch 1.13's
 * `torch.optim.RMSprop` exactly.
 * @module
 */
import { zerosLike } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { decayedGradient, nextStep, Optimizer, stateTensor, type ParamGroup, type ParamState, type ParamsInput } from './optimizer.js';
import { checkBoolean, checkNonNegative, rejectUnknownKeys } from './validate.js';

/** Options of {@link RMSprop} (PyTorch's keyword arguments, camelCase). */
export interface RMSpropOptions {
  /** Learning rate (default 1e-2). */
  lr: number;
  /** Smoothing constant α of the squared-gradient average (default 0.99). */
  alpha: number;
  /** Added to the denominator for stability (default 1e-8). */
  eps: number;
  /** L2 penalty λ added to the gradient (default 0). */
  weightDecay: number;
  /** Momentum factor μ (default 0). */
  momentum: number;
  /** Normalize by an estimate of the gradient's variance instead of its second moment (default false). */
  centered: boolean;
  /** Maximize the objective instead of minimizing it (default false). */
  maximize: boolean;
}

/**
 * RMSprop. Per parameter:
 * ```
 * g ← −g if maximize;  g ← g + λθ if weightDecay
 * s ← α·s + (1 − α)·g²
 * centered: a ← α·a + (1 − α)·g;  d ← √(s − a²) + ε      otherwise d ← √s + ε
 * momentum: b ← μ·b + g/d;  θ ← θ − lr·b                 otherwise θ ← θ − lr·g/d
 * ```
 * State: `step` (a number), `squareAvg`, plus `momentumBuffer` (momentum > 0) and `gradAvg` (centered).
 */
export class RMSprop extends Optimizer<RMSpropOptions> {
  constructor(params: ParamsInput<RMSpropOptions>, options: Partial<RMSpropOptions> = {}) {
    rejectUnknownKeys('RMSprop', options, ['lr', 'alpha', 'eps', 'weightDecay', 'momentum', 'centered', 'maximize'], 'options');
    super('RMSprop', params, {
      lr: options.lr ?? 1e-2,
      alpha: options.alpha ?? 0.99,
      eps: options.eps ?? 1e-8,
      weightDecay: options.weightDecay ?? 0,
      momentum: options.momentum ?? 0,
      centered: options.centered ?? false,
      maximize: options.maximize ?? false,
    });
  }

  protected checkOptions(o: RMSpropOptions, where: string): void {
    checkNonNegative('RMSprop', 'lr', o.lr, where);
    checkNonNegative('RMSprop', 'alpha', o.alpha, where);
    checkNonNegative('RMSprop', 'eps', o.eps, where);
    checkNonNegative('RMSprop', 'weightDecay', o.weightDecay, where);
    checkNonNegative('RMSprop', 'momentum', o.momentum, where);
    checkBoolean('RMSprop', 'centered', o.centered, where);
    checkBoolean('RMSprop', 'maximize', o.maximize, where);
  }

  protected updateParam(param: Tensor, grad: Tensor, state: ParamState, group: ParamGroup<RMSpropOptions>): void {
    const g = decayedGradient(param, grad, group.maximize, group.weightDecay);
    nextStep(state);
    const squareAvg = stateTensor(state, 'squareAvg', () => zerosLike(param));
    squareAvg.mul_(group.alpha).add_(g.mul(g), 1 - group.alpha);
    let avg: Tensor;
    if (group.centered) {
      const gradAvg = stateTensor(state, 'gradAvg', () => zerosLike(param));
      gradAvg.mul_(group.alpha).add_(g, 1 - group.alpha);
      avg = squareAvg.sub(gradAvg.mul(gradAvg)).sqrt();
    } else {
      avg = squareAvg.sqrt();
    }
    avg = avg.add(group.eps);
    if (group.momentum > 0) {
      const buf = stateTensor(state, 'momentumBuffer', () => zerosLike(param));
      buf.mul_(group.momentum).add_(g.div(avg));
      param.add_(buf, -group.lr);
    } else {
      param.add_(g.div(avg), -group.lr);
    }
  }
}
