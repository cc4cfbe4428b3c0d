/**
 * Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and weight
 * decay, following PyTorch 1.13's `torch.optim.SGD` exactly.
 * @module
 */
import { ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { Optimizer, type ParamGroup, type ParamState, type ParamsInput } from './optimizer.js';
import { checkBoolean, checkFinite, checkNonNegative, rejectUnknownKeys } from './validate.js';

/** Options of {@link SGD} (PyTorch's keyword arguments, camelCase). */
export interface SGDOptions {
  /** Learning rate (required). */
  lr: number;
  /** Momentum factor μ (default 0: plain SGD, no state). */
  momentum: number;
  /** Dampening τ of the momentum (default 0). */
  dampening: number;
  /** L2 penalty λ added to the gradient (default 0). */
  weightDecay: number;
  /** Nesterov momentum (default false; needs momentum > 0 and dampening 0). */
  nesterov: boolean;
  /** Maximize the objective instead of minimizing it (default false). */
  maximize: boolean;
}

/**
 * SGD. Per parameter, with gradient g and parameters θ:
 * ```
 * g ← −g if maximize;  g ← g + λθ if weightDecay
 * if momentum: b ← g (first step) or μb + (1 − τ)g;  g ← g + μb if nesterov, else b
 * θ ← θ − lr·g
 * ```
 * State: `momentumBuffer` (one tensor per parameter) when momentum ≠ 0, otherwise none.
 *
 * ```ts
 * const opt = new SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
 * opt.zeroGrad(); loss.backward(); opt.step();
 * ```
 */
export class SGD extends Optimizer<SGDOptions> {
  constructor(params: ParamsInput<SGDOptions>, options: Partial<SGDOptions> & { lr: number }) {
    rejectUnknownKeys('SGD', options, ['lr', 'momentum', 'dampening', 'weightDecay', 'nesterov', 'maximize'], 'options');
    if (options.lr === undefined) throw new ValueError('SGD', 'lr is required (PyTorch has no default learning rate for SGD)');
    super('SGD', params, {
      lr: options.lr,
      momentum: options.momentum ?? 0,
      dampening: options.dampening ?? 0,
      weightDecay: options.weightDecay ?? 0,
      nesterov: options.nesterov ?? false,
      maximize: options.maximize ?? false,
    });
  }

  protected checkOptions(o: SGDOptions, where: string): void {
    checkNonNegative('SGD', 'lr', o.lr, where);
    checkNonNegative('SGD', 'momentum', o.momentum, where);
    checkFinite('SGD', 'dampening', o.dampening, where);
    checkNonNegative('SGD', 'weightDecay', o.weightDecay, where);
    checkBoolean('SGD', 'nesterov', o.nesterov, where);
    checkBoolean('SGD', 'maximize', o.maximize, where);
    if (o.nesterov && (o.momentum <= 0 || o.dampening !== 0)) {
      throw new ValueError('SGD', `Nesterov momentum requires momentum > 0 and dampening 0, got momentum=${o.momentum}, dampening=${o.dampening} (${where})`);
    }
  }

  protected updateParam(param: Tensor, grad: Tensor, state: ParamState, group: ParamGroup<SGDOptions>): void {
    let d = group.maximize ? grad.neg() : grad;
    if (group.weightDecay !== 0) d = d.add(param.mul(group.weightDecay));
    if (group.momentum !== 0) {
      let buf = state.momentumBuffer;
      if (buf === undefined || typeof buf === 'number') {
        buf = d.clone(); // the first step's buffer is the gradient itself
        state.momentumBuffer = buf;
      } else {
        buf.mul_(group.momentum).add_(d, 1 - group.dampening);
      }
      d = group.nesterov ? d.add(buf.mul(group.momentum)) : buf;
    }
    param.add_(d, -group.lr);
  }
}
