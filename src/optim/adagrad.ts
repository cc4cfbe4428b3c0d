/**
 * Adagrad (Duchi et al.), following PyTorch 1.13's `torch.optim.Adagrad` exactly.
 * @module
 */
import { fullLike } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { decayedGradient, nextStep, Optimizer, stateTensor, type ParamGroup, type ParamState, type ParamsInput } from './optimizer.js';
import { checkBoolean, checkNonNegative, rejectUnknownKeys } from './validate.js';

/** Options of {@link Adagrad} (PyTorch's keyword arguments, camelCase). */
export interface AdagradOptions {
  /** Learning rate (default 1e-2). */
  lr: number;
  /** Learning-rate decay: step t uses lr / (1 + (t − 1)·lrDecay) (default 0). */
  lrDecay: number;
  /** L2 penalty λ added to the gradient (default 0). */
  weightDecay: number;
  /** Starting value of the sum of squared gradients (default 0). */
  initialAccumulatorValue: number;
  /** Added to the denominator for stability (default 1e-10). */
  eps: number;
  /** Maximize the objective instead of minimizing it (default false). */
  maximize: boolean;
}

/**
 * Adagrad. Per parameter, at step t:
 * ```
 * g ← −g if maximize;  g ← g + λθ if weightDecay
 * s ← s + g²;   θ ← θ − lr/(1 + (t − 1)·lrDecay) · g / (√s + ε)
 * ```
 * State: `step` (a number) and `sum`, created for every parameter when it joins the optimizer (as
 * in PyTorch, so {@link Optimizer.stateBytes} counts it before the first step). Unlike PyTorch
 * 1.13, which fills `sum` with the constructor's value for every group, a group's own
 * `initialAccumulatorValue` is honored.
 */
export class Adagrad extends Optimizer<AdagradOptions> {
  constructor(params: ParamsInput<AdagradOptions>, options: Partial<AdagradOptions> = {}) {
    rejectUnknownKeys('Adagrad', options, ['lr', 'lrDecay', 'weightDecay', 'initialAccumulatorValue', 'eps', 'maximize'], 'options');
    super('Adagrad', params, {
      lr: options.lr ?? 1e-2,
      lrDecay: options.lrDecay ?? 0,
      weightDecay: options.weightDecay ?? 0,
      initialAccumulatorValue: options.initialAccumulatorValue ?? 0,
      eps: options.eps ?? 1e-10,
      maximize: options.maximize ?? false,
    });
  }

  protected checkOptions(o: AdagradOptions, where: string): void {
    checkNonNegative('Adagrad', 'lr', o.lr, where);
    checkNonNegative('Adagrad', 'lrDecay', o.lrDecay, where);
    checkNonNegative('Adagrad', 'weightDecay', o.weightDecay, where);
    checkNonNegative('Adagrad', 'initialAccumulatorValue', o.initialAccumulatorValue, where);
    checkNonNegative('Adagrad', 'eps', o.eps, where);
    checkBoolean('Adagrad', 'maximize', o.maximize, where);
  }

  protected override initGroupState(group: ParamGroup<AdagradOptions>): void {
    for (const p of group.params) {
      this.state.set(p, { step: 0, sum: fullLike(p, group.initialAccumulatorValue) });
    }
  }

  protected updateParam(param: Tensor, grad: Tensor, state: ParamState, group: ParamGroup<AdagradOptions>): void {
    const g = decayedGradient(param, grad, group.maximize, group.weightDecay);
    const step = nextStep(state);
    const clr = group.lr / (1 + (step - 1) * group.lrDecay);
    const sum = stateTensor(state, 'sum', () => fullLike(param, group.initialAccumulatorValue));
    sum.add_(g.mul(g));
    const std = sum.sqrt().add(group.eps);
    param.add_(g.div(std), -clr);
  }
}
