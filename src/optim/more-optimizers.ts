/**
 * More of PyTorch 1.13's optimizers, each following its single-tensor `torch.optim` update
 * exactly: Adadelta, Adamax, NAdam, RAdam, Rprop and ASGD. Scalars (bias corrections, NAdam's μ products,
 * RAdam's rectification) are computed in double precision, as PyTorch computes its Python floats.
 * @module
 */
import { ValueError } from '../errors.js';
import { formatValue } from '../errors.js';
import { div, where } from '../ops/binary.js';
import { full, zerosLike } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { decayedGradient, nextStep, Optimizer, stateTensor, type ParamGroup, type ParamState, type ParamsInput } from './optimizer.js';
import { checkBetas, checkBoolean, checkNonNegative, rejectUnknownKeys } from './validate.js';

/** Options of {@link Adadelta} (PyTorch's keyword arguments, camelCase). */
export interface AdadeltaOptions {
  /** Scale of the delta (default 1). */
  lr: number;
  /** Decay ρ of both running averages (default 0.9). */
  rho: number;
  /** Added inside both square roots (default 1e-6). */
  eps: number;
  /** L2 penalty λ added to the gradient (default 0). */
  weightDecay: number;
  /** Maximize the objective instead of minimizing it (default false). */
  maximize: boolean;
}

/**
 * Adadelta (Zeiler). Per parameter:
 * ```
 * g ← −g if maximize;  g ← g + λθ if weightDecay
 * s ← ρ·s + (1 − ρ)·g²;   Δ ← √(u + ε)/√(s + ε) · g;   u ← ρ·u + (1 − ρ)·Δ²;   θ ← θ − lr·Δ
 * ```
 * State: `step`, `squareAvg` and `accDelta`.
 */
export class Adadelta extends Optimizer<AdadeltaOptions> {
  constructor(params: ParamsInput<AdadeltaOptions>, options: Partial<AdadeltaOptions> = {}) {
    rejectUnknownKeys('Adadelta', options, ['lr', 'rho', 'eps', 'weightDecay', 'maximize'], 'options');
    super('Adadelta', params, { lr: options.lr ?? 1, rho: options.rho ?? 0.9, eps: options.eps ?? 1e-6, weightDecay: options.weightDecay ?? 0, maximize: options.maximize ?? false });
  }

  protected checkOptions(o: AdadeltaOptions, where: string): void {
    checkNonNegative('Adadelta', 'lr', o.lr, where);
    if (typeof o.rho !== 'number' || !(o.rho >= 0 && o.rho <= 1)) throw new ValueError('Adadelta', `rho must be a number in [0, 1], got ${formatValue(o.rho)} (${where})`);
    checkNonNegative('Adadelta', 'eps', o.eps, where);
    checkNonNegative('Adadelta', 'weightDecay', o.weightDecay, where);
    checkBoolean('Adadelta', 'maximize', o.maximize, where);
  }

  protected updateParam(param: Tensor, grad: Tensor, state: ParamState, group: ParamGroup<AdadeltaOptions>): void {
    const g = decayedGradient(param, grad, group.maximize, group.weightDecay);
    nextStep(state);
    const squareAvg = stateTensor(state, 'squareAvg', () => zerosLike(param));
    const accDelta = stateTensor(state, 'accDelta', () => zerosLike(param));
    squareAvg.mul_(group.rho).add_(g.mul(g), 1 - group.rho);
    const std = squareAvg.add(group.eps).sqrt();
    const delta = accDelta.add(group.eps).sqrt().div(std).mul(g);
    accDelta.mul_(group.rho).add_(delta.mul(delta), 1 - group.rho);
    param.add_(delta, -group.lr);
  }
}

/** Options of {@link Adamax} (PyTorch's keyword arguments, camelCase). */
export interface AdamaxOptions {
  /** Learning rate (default 2e-3). */
  lr: number;
  /** β1 of the gradient average and β2 of the infinity norm (default [0.9, 0.999]). */
  betas: [number, number];
  /** Added to |g| in the infinity norm (default 1e-8). */
  eps: number;
  /** L2 penalty λ added to the gradient (default 0). */
  weightDecay: number;
  /** Maximize the objective instead of minimizing it (default false). */
  maximize: boolean;
}

/**
 * Adamax (Kingma & Ba): Adam with the infinity norm. Per parameter, at step t:
 * ```
 * m ← β1·m + (1 − β1)·g;   u ← max(β2·u, |g| + ε);   θ ← θ − lr/(1 − β1^t) · m/u
 * ```
 * State: `step`, `expAvg` and `expInf`.
 */
export class Adamax extends Optimizer<AdamaxOptions> {
  constructor(params: ParamsInput<AdamaxOptions>, options: Partial<AdamaxOptions> = {}) {
    rejectUnknownKeys('Adamax', options, ['lr', 'betas', 'eps', 'weightDecay', 'maximize'], 'options');
    super('Adamax', params, { lr: options.lr ?? 2e-3, betas: options.betas ?? [0.9, 0.999], eps: options.eps ?? 1e-8, weightDecay: options.weightDecay ?? 0, maximize: options.maximize ?? false });
  }

  protected checkOptions(o: AdamaxOptions, where: string): void {
    checkNonNegative('Adamax', 'lr', o.lr, where);
    checkBetas('Adamax', o.betas, where);
    checkNonNegative('Adamax', 'eps', o.eps, where);
    checkNonNegative('Adamax', 'weightDecay', o.weightDecay, where);
    checkBoolean('Adamax', 'maximize', o.maximize, where);
  }

  protected updateParam(param: Tensor, grad: Tensor, state: ParamState, group: ParamGroup<AdamaxOptions>): void {
    const g = decayedGradient(param, grad, group.maximize, group.weightDecay);
    const step = nextStep(state);
    const [beta1, beta2] = group.betas;
    const expAvg = stateTensor(state, 'expAvg', () => zerosLike(param));
    const expInf = stateTensor(state, 'expInf', () => zerosLike(param));
    expAvg.mul_(beta1).add_(g, 1 - beta1);
    expInf.copy_(expInf.mul(beta2).maximum(g.abs().add(group.eps)));
    param.add_(expAvg.div(expInf), -group.lr / (1 - beta1 ** step));
  }
}

/** Options of {@link NAdam} (PyTorch's keyword arguments, camelCase). */
export interface NAdamOptions {
  /** Learning rate (default 2e-3). */
  lr: number;
  /** Decay rates of the first and second moments (default [0.9, 0.999]). */
  betas: [number, number];
  /** Added to the denominator (default 1e-8). */
  eps: number;
  /** L2 penalty λ added to the gradient (default 0). */
  weightDecay: number;
  /** ψ of the momentum schedule μ_t = β1·(1 − ½·0.96^(t·ψ)) (default 4e-3). */
  momentumDecay: number;
}

/**
 * NAdam (Dozat): Adam with Nesterov momentum. Per parameter, at step t, with
 * μ_t = β1·(1 − ½·0.96^(t·ψ)) and Π_t = μ_1⋯μ_t:
 * ```
 * m ← β1·m + (1 − β1)·g;   v ← β2·v + (1 − β2)·g²;   d = √(v/(1 − β2^t)) + ε
 * θ ← θ − lr·(1 − μ_t)/(1 − Π_t) · g/d − lr·μ_{t+1}/(1 − Π_t·μ_t·μ_{t+1}) · m/d   (PyTorch 1.13's μ_t twice)
 * ```
 * State: `step`, `muProduct` (a number, so in double precision: PyTorch 1.13 keeps it in a 0-d tensor
 * of the default dtype, float32 unless changed), `expAvg` and `expAvgSq`.
 */
export class NAdam extends Optimizer<NAdamOptions> {
  constructor(params: ParamsInput<NAdamOptions>, options: Partial<NAdamOptions> = {}) {
    rejectUnknownKeys('NAdam', options, ['lr', 'betas', 'eps', 'weightDecay', 'momentumDecay'], 'options');
    super('NAdam', params, { lr: options.lr ?? 2e-3, betas: options.betas ?? [0.9, 0.999], eps: options.eps ?? 1e-8, weightDecay: options.weightDecay ?? 0, momentumDecay: options.momentumDecay ?? 4e-3 });
  }

  protected checkOptions(o: NAdamOptions, where: string): void {
    checkNonNegative('NAdam', 'lr', o.lr, where);
    checkBetas('NAdam', o.betas, where);
    checkNonNegative('NAdam', 'eps', o.eps, where);
    checkNonNegative('NAdam', 'weightDecay', o.weightDecay, where);
    checkNonNegative('NAdam', 'momentumDecay', o.momentumDecay, where);
  }

  protected updateParam(param: Tensor, grad: Tensor, state: ParamState, group: ParamGroup<NAdamOptions>): void {
    const step = nextStep(state);
    const [beta1, beta2] = group.betas;
    const g = decayedGradient(param, grad, false, group.weightDecay);
    const mu = beta1 * (1 - 0.5 * 0.96 ** (step * group.momentumDecay));
    const muNext = beta1 * (1 - 0.5 * 0.96 ** ((step + 1) * group.momentumDecay));
    const muProduct = (typeof state.muProduct === 'number' ? state.muProduct : 1) * mu;
    state.muProduct = muProduct;
    const expAvg = stateTensor(state, 'expAvg', () => zerosLike(param));
    const expAvgSq = stateTensor(state, 'expAvgSq', () => zerosLike(param));
    expAvg.mul_(beta1).add_(g, 1 - beta1);
    expAvgSq.mul_(beta2).add_(g.mul(g), 1 - beta2);
    const denom = expAvgSq.div(1 - beta2 ** step).sqrt().add(group.eps);
    param.add_(g.div(denom), (-group.lr * (1 - mu)) / (1 - muProduct));
    // PyTorch 1.13's Π for the look-ahead term is Π_t·μ_t·μ_{t+1} (μ_t counted twice; later versions use Π_t·μ_{t+1})
    param.add_(expAvg.div(denom), (-group.lr * muNext) / (1 - muProduct * mu * muNext));
  }
}

/** Options of {@link RAdam} (PyTorch's keyword arguments, camelCase). */
export interface RAdamOptions {
  /** Learning rate (default 1e-3). */
  lr: number;
  /** Decay rates of the first and second moments (default [0.9, 0.999]). */
  betas: [number, number];
  /** Added to the denominator (default 1e-8). */
  eps: number;
  /** L2 penalty λ added to the gradient (default 0). */
  weightDecay: number;
}

/**
 * RAdam (Liu et al.): Adam with the variance of its adaptive rate rectified. Per parameter, at
 * step t, with ρ∞ = 2/(1 − β2) − 1 and ρ_t = ρ∞ − 2t·β2^t/(1 − β2^t):
 * ```
 * m ← β1·m + (1 − β1)·g;   v ← β2·v + (1 − β2)·g²;   m̂ = m/(1 − β1^t)
 * ρ_t > 5: θ ← θ − lr·m̂·r_t·√(1 − β2^t)/(√v + ε), r_t = √((ρ_t − 4)(ρ_t − 2)ρ∞/((ρ∞ − 4)(ρ∞ − 2)ρ_t))
 * else:    θ ← θ − lr·m̂
 * ```
 * State: `step`, `expAvg` and `expAvgSq`.
 */
export class RAdam extends Optimizer<RAdamOptions> {
  constructor(params: ParamsInput<RAdamOptions>, options: Partial<RAdamOptions> = {}) {
    rejectUnknownKeys('RAdam', options, ['lr', 'betas', 'eps', 'weightDecay'], 'options');
    super('RAdam', params, { lr: options.lr ?? 1e-3, betas: options.betas ?? [0.9, 0.999], eps: options.eps ?? 1e-8, weightDecay: options.weightDecay ?? 0 });
  }

  protected checkOptions(o: RAdamOptions, where: string): void {
    checkNonNegative('RAdam', 'lr', o.lr, where);
    checkBetas('RAdam', o.betas, where);
    checkNonNegative('RAdam', 'eps', o.eps, where);
    checkNonNegative('RAdam', 'weightDecay', o.weightDecay, where);
  }

  protected updateParam(param: Tensor, grad: Tensor, state: ParamState, group: ParamGroup<RAdamOptions>): void {
    const step = nextStep(state);
    const [beta1, beta2] = group.betas;
    const g = decayedGradient(param, grad, false, group.weightDecay);
    const biasCorrection1 = 1 - beta1 ** step;
    const biasCorrection2 = 1 - beta2 ** step;
    const expAvg = stateTensor(state, 'expAvg', () => zerosLike(param));
    const expAvgSq = stateTensor(state, 'expAvgSq', () => zerosLike(param));
    expAvg.mul_(beta1).add_(g, 1 - beta1);
    expAvgSq.mul_(beta2).add_(g.mul(g), 1 - beta2);
    const corrected = expAvg.div(biasCorrection1);
    const rhoInf = 2 / (1 - beta2) - 1;
    const rhoT = rhoInf - (2 * step * beta2 ** step) / biasCorrection2;
    if (rhoT > 5) {
      const rect = Math.sqrt(((rhoT - 4) * (rhoT - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rhoT));
      const adaptive = div(Math.sqrt(biasCorrection2), expAvgSq.sqrt().add(group.eps));
      param.add_(corrected.mul(group.lr).mul(adaptive).mul(rect), -1);
    } else {
      param.add_(corrected.mul(group.lr), -1);
    }
  }
}

/** Options of {@link Rprop} (PyTorch's keyword arguments, camelCase). */
export interface RpropOptions {
  /** Initial step size of every element (default 1e-2). */
  lr: number;
  /** [η−, η+]: the step size's factor after a sign change and after a same-sign step (default [0.5, 1.2]). */
  etas: [number, number];
  /** [min, max] of the step sizes (default [1e-6, 50]). */
  stepSizes: [number, number];
  /** Maximize the objective instead of minimizing it (default false). */
  maximize: boolean;
}

/**
 * Rprop (Riedmiller & Braun): per element, a step size that grows by η+ while the gradient keeps
 * its sign and shrinks by η− when it flips (that step is skipped and its gradient remembered as 0):
 * ```
 * f = η+ if g·g_prev > 0, η− if < 0, else 1;   s ← clamp(s·f, min, max);   g ← 0 where f = η−
 * θ ← θ − sign(g)·s;   g_prev ← g
 * ```
 * State: `step`, `prev` and `stepSize`.
 */
export class Rprop extends Optimizer<RpropOptions> {
  constructor(params: ParamsInput<RpropOptions>, options: Partial<RpropOptions> = {}) {
    rejectUnknownKeys('Rprop', options, ['lr', 'etas', 'stepSizes', 'maximize'], 'options');
    super('Rprop', params, { lr: options.lr ?? 1e-2, etas: options.etas ?? [0.5, 1.2], stepSizes: options.stepSizes ?? [1e-6, 50], maximize: options.maximize ?? false });
  }

  protected checkOptions(o: RpropOptions, where: string): void {
    checkNonNegative('Rprop', 'lr', o.lr, where);
    const [minus, plus] = Array.isArray(o.etas) && o.etas.length === 2 ? o.etas : [NaN, NaN];
    if (!(minus > 0 && minus < 1 && plus > 1)) throw new ValueError('Rprop', `etas must be [etaminus, etaplus] with 0 < etaminus < 1 < etaplus, got ${formatValue(o.etas)} (${where})`);
    const [lo, hi] = Array.isArray(o.stepSizes) && o.stepSizes.length === 2 ? o.stepSizes : [NaN, NaN];
    if (!(lo >= 0 && hi >= lo)) throw new ValueError('Rprop', `stepSizes must be [min, max] with 0 <= min <= max, got ${formatValue(o.stepSizes)} (${where})`);
    checkBoolean('Rprop', 'maximize', o.maximize, where);
  }

  protected updateParam(param: Tensor, grad: Tensor, state: ParamState, group: ParamGroup<RpropOptions>): void {
    const g = group.maximize ? grad.neg() : grad;
    nextStep(state);
    const [etaMinus, etaPlus] = group.etas;
    const prev = stateTensor(state, 'prev', () => zerosLike(param));
    const stepSize = stateTensor(state, 'stepSize', () => zerosLike(param).add(group.lr));
    const s = g.mul(prev).sign();
    // the factors in the parameter's dtype, as PyTorch writes them into sign's tensor
    const as = (v: number) => full([], v, { dtype: param.dtype });
    const factor = where(s.gt(0), as(etaPlus), where(s.lt(0), as(etaMinus), as(1)));
    stepSize.copy_(stepSize.mul(factor).clamp(group.stepSizes[0], group.stepSizes[1]));
    const kept = where(factor.eq(etaMinus), 0, g);
    param.sub_(kept.sign().mul(stepSize));
    prev.copy_(kept);
  }
}

/** Options of {@link ASGD} (PyTorch's keyword arguments, camelCase). */
export interface ASGDOptions {
  /** Learning rate (default 1e-2). */
  lr: number;
  /** Decay term λ (default 1e-4). */
  lambd: number;
  /** Power of the η update (default 0.75). */
  alpha: number;
  /** The step from which averaging starts (default 1e6). */
  t0: number;
  /** L2 penalty λ added to the gradient (default 0). */
  weightDecay: number;
  /** Maximize the objective instead of minimizing it (default false). */
  maximize: boolean;
}

/**
 * Averaged SGD (Polyak & Juditsky), as PyTorch 1.13's ASGD. Per parameter, at step t:
 * ```
 * θ ← θ·(1 − λη) − η·g;   ax ← ax + μ·(θ − ax) (ax ← θ while μ = 1)
 * η ← lr/(1 + λ·lr·t)^α;   μ ← 1/max(1, t − t0)
 * ```
 * State: `step`, `eta` and `mu` (numbers, in double precision: PyTorch keeps them in 0-d tensors of
 * the default dtype) and `ax`, the average.
 */
export class ASGD extends Optimizer<ASGDOptions> {
  constructor(params: ParamsInput<ASGDOptions>, options: Partial<ASGDOptions> = {}) {
    rejectUnknownKeys('ASGD', options, ['lr', 'lambd', 'alpha', 't0', 'weightDecay', 'maximize'], 'options');
    super('ASGD', params, { lr: options.lr ?? 1e-2, lambd: options.lambd ?? 1e-4, alpha: options.alpha ?? 0.75, t0: options.t0 ?? 1e6, weightDecay: options.weightDecay ?? 0, maximize: options.maximize ?? false });
  }

  protected checkOptions(o: ASGDOptions, where: string): void {
    checkNonNegative('ASGD', 'lr', o.lr, where);
    checkNonNegative('ASGD', 'lambd', o.lambd, where);
    checkNonNegative('ASGD', 'alpha', o.alpha, where);
    checkNonNegative('ASGD', 't0', o.t0, where);
    checkNonNegative('ASGD', 'weightDecay', o.weightDecay, where);
    checkBoolean('ASGD', 'maximize', o.maximize, where);
  }

  protected updateParam(param: Tensor, grad: Tensor, state: ParamState, group: ParamGroup<ASGDOptions>): void {
    const g = decayedGradient(param, grad, group.maximize, group.weightDecay);
    const step = nextStep(state);
    const eta = typeof state.eta === 'number' ? state.eta : group.lr;
    const mu = typeof state.mu === 'number' ? state.mu : 1;
    const ax = stateTensor(state, 'ax', () => zerosLike(param));
    param.mul_(1 - group.lambd * eta);
    param.add_(g, -eta);
    if (mu !== 1) ax.add_(param.sub(ax).mul(mu));
    else ax.copy_(param);
    state.eta = group.lr / (1 + group.lambd * group.lr * step) ** group.alpha;
    state.mu = 1 / Math.max(1, step - group.t0);
  }
}
