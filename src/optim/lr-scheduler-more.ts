/**
 * More of PyTorch 1.13's schedulers on the {@link LRScheduler} base: MultiStepLR, OneCycleLR,
 * LinearLR, ConstantLR, MultiplicativeLR, PolynomialLR and CosineAnnealingWarmRestarts.
 * As the others, each is stepped once per epoch (OneCycleLR: once per batch) after
 * `optimizer.step()`, and gives the values of torch.optim.lr_scheduler step by step.
 * @module
 */
import { ValueError } from '../errors.js';
import { formatValue } from '../errors.js';
import { Optimizer } from './optimizer.js';
import { LRScheduler, perGroupLambdas, type LrLambda, type SchedulerOptions } from './lr-scheduler.js';
import { cycledMomentum, perGroupNumbers, type CycledMomentum } from './cycle-helpers.js';
import { checkBoolean, checkFinite, checkInteger, checkNonNegative } from './validate.js';

/** Options of {@link MultiStepLR}. */
export interface MultiStepLROptions extends SchedulerOptions {
  /** Factor applied at each milestone (default 0.1). */
  gamma?: number;
}

/**
 * Multiplies the lr by gamma at each of the `milestones` epochs:
 * lr(t) = base · gamma^(number of milestones ≤ t). A milestone listed twice applies gamma twice,
 * as PyTorch's (it counts them).
 *
 * ```ts
 * const sched = new MultiStepLR(opt, [30, 80], { gamma: 0.1 }); // 0.05 → 0.005 at 30 → 0.0005 at 80
 * ```
 */
export class MultiStepLR extends LRScheduler {
  readonly milestones: readonly number[];
  readonly gamma: number;

  constructor(optimizer: Optimizer, milestones: readonly number[], options: MultiStepLROptions = {}) {
    if (!Array.isArray(milestones)) throw new ValueError('MultiStepLR', `milestones must be an array of epochs, got ${formatValue(milestones)}`);
    milestones.forEach((m, i) => checkInteger('MultiStepLR', `milestones[${i}]`, m, 0));
    const gamma = checkNonNegative('MultiStepLR', 'gamma', options?.gamma ?? 0.1);
    super('MultiStepLR', optimizer, options, ['gamma']);
    this.milestones = [...milestones].sort((a, b) => a - b);
    this.gamma = gamma;
    this.initialStep();
  }

  protected getLr(): number[] {
    const hits = this.milestones.filter((m) => m === this.lastEpoch).length;
    const lrs = this.groupLrs();
    return hits === 0 ? lrs : lrs.map((lr) => lr * this.gamma ** hits);
  }
}

/** Options of {@link OneCycleLR}: the length of the cycle (totalSteps, or epochs and stepsPerEpoch) and its shape. */
export interface OneCycleLROptions extends SchedulerOptions {
  /** Steps in the cycle; or give epochs and stepsPerEpoch. */
  totalSteps?: number;
  epochs?: number;
  stepsPerEpoch?: number;
  /** Fraction of the cycle spent raising the lr (default 0.3). */
  pctStart?: number;
  /** 'cos' (default) or 'linear' interpolation within each phase. */
  annealStrategy?: 'cos' | 'linear';
  /** Cycle momentum (SGD/RMSprop's momentum, Adam's β₁) inversely to the lr (default true). */
  cycleMomentum?: boolean;
  /** The momentum at the lr's peak (default 0.85), per group or one for all. */
  baseMomentum?: number | readonly number[];
  /** The momentum at the start and end (default 0.95), per group or one for all. */
  maxMomentum?: number | readonly number[];
  /** The initial lr is maxLr / divFactor (default 25). */
  divFactor?: number;
  /** The final lr is the initial lr / finalDivFactor (default 1e4). */
  finalDivFactor?: number;
  /** Three phases (up, back down to the initial lr, then down to the final lr) instead of two (default false). */
  threePhase?: boolean;
}

const ONE_CYCLE_KEYS = ['totalSteps', 'epochs', 'stepsPerEpoch', 'pctStart', 'annealStrategy', 'cycleMomentum', 'baseMomentum', 'maxMomentum', 'divFactor', 'finalDivFactor', 'threePhase'];

/** One phase of the cycle: from step `start` to `end`, lr and momentum move between the named points. */
interface Phase {
  end: number;
  lr: ['initial' | 'max' | 'min', 'initial' | 'max' | 'min'];
  momentum: ['max' | 'base', 'max' | 'base'];
}

/**
 * The 1cycle policy (Smith & Topin), as PyTorch 1.13's OneCycleLR: the lr rises from
 * maxLr/divFactor to maxLr over the first pctStart of the steps, then anneals to
 * maxLr/(divFactor·finalDivFactor); the momentum moves the opposite way. Step it after every
 * batch; stepping past totalSteps is an error, as in PyTorch.
 *
 * ```ts
 * const sched = new OneCycleLR(opt, 0.1, { epochs: 10, stepsPerEpoch: batches.length });
 * ```
 */
export class OneCycleLR extends LRScheduler {
  readonly totalSteps: number;
  readonly maxLrs: readonly number[];
  readonly cycleMomentum: boolean;
  private readonly phases: readonly Phase[];
  private readonly anneal: (start: number, end: number, pct: number) => number;
  private readonly finalDivFactor: number;
  private readonly momentums: { max: readonly number[]; base: readonly number[] };
  /** The cycled momentum (Adam/AdamW's β₁, SGD's and RMSprop's momentum); null without cycleMomentum. */
  private readonly momentum: CycledMomentum | null;

  constructor(optimizer: Optimizer, maxLr: number | readonly number[], options: OneCycleLROptions = {}) {
    const name = 'OneCycleLR';
    super(name, optimizer, options, ONE_CYCLE_KEYS);
    const groups = optimizer.paramGroups;
    const perGroup = (key: string, v: number | readonly number[]): number[] => perGroupNumbers(name, optimizer, key, v);
    this.totalSteps = totalStepsOf(options);
    const pctStart = options.pctStart ?? 0.3;
    if (typeof pctStart !== 'number' || !(pctStart >= 0 && pctStart <= 1)) throw new ValueError(name, `pctStart must be a number in [0, 1], got ${formatValue(pctStart)}`);
    const strategy = options.annealStrategy ?? 'cos';
    if (strategy !== 'cos' && strategy !== 'linear') throw new ValueError(name, `annealStrategy must be 'cos' or 'linear', got ${formatValue(strategy)}`);
    this.anneal = strategy === 'cos' ? annealCos : annealLinear;
    const divFactor = checkNonNegative(name, 'divFactor', options.divFactor ?? 25);
    this.finalDivFactor = checkNonNegative(name, 'finalDivFactor', options.finalDivFactor ?? 1e4);
    this.maxLrs = perGroup('maxLr', maxLr);
    this.cycleMomentum = checkBoolean(name, 'cycleMomentum', options.cycleMomentum ?? true);
    this.momentum = this.cycleMomentum ? cycledMomentum(name, optimizer) : null;
    this.momentums = { max: perGroup('maxMomentum', options.maxMomentum ?? 0.95), base: perGroup('baseMomentum', options.baseMomentum ?? 0.85) };
    const n = this.totalSteps;
    // PyTorch's phase ends (as floats: pctStart·n need not be whole)
    this.phases = checkBoolean(name, 'threePhase', options.threePhase ?? false)
      ? [
          { end: pctStart * n - 1, lr: ['initial', 'max'], momentum: ['max', 'base'] },
          { end: 2 * pctStart * n - 2, lr: ['max', 'initial'], momentum: ['base', 'max'] },
          { end: n - 1, lr: ['initial', 'min'], momentum: ['max', 'max'] },
        ]
      : [
          { end: pctStart * n - 1, lr: ['initial', 'max'], momentum: ['max', 'base'] },
          { end: n - 1, lr: ['max', 'min'], momentum: ['base', 'max'] },
        ];
    // A fresh start sets each group's initial lr (and momentum), as PyTorch's constructor does.
    if (this.lastEpoch === -1) {
      groups.forEach((g, i) => {
        g.initialLr = this.maxLrs[i]! / divFactor;
        this.momentum?.set(i, this.momentums.max[i]!);
      });
      this.baseLrs = groups.map((g) => g.initialLr!);
    }
    this.initialStep();
  }

  protected getLr(): number[] {
    const t = this.lastEpoch;
    if (t > this.totalSteps) {
      throw new ValueError(this.name, `tried to step ${t + 1} times; the cycle has totalSteps=${this.totalSteps}`);
    }
    const phaseIndex = this.phases.findIndex((p, i) => t <= p.end || i === this.phases.length - 1);
    const phase = this.phases[phaseIndex]!;
    const start = phaseIndex === 0 ? 0 : this.phases[phaseIndex - 1]!.end;
    const pct = (t - start) / (phase.end - start);
    return this.optimizer.paramGroups.map((g, i) => {
      const initial = g.initialLr ?? this.baseLrs[i]!;
      const points = { initial, max: this.maxLrs[i]!, min: initial / this.finalDivFactor };
      if (this.momentum !== null) {
        const m = { max: this.momentums.max[i]!, base: this.momentums.base[i]! };
        this.momentum.set(i, this.anneal(m[phase.momentum[0]], m[phase.momentum[1]], pct));
      }
      return this.anneal(points[phase.lr[0]], points[phase.lr[1]], pct);
    });
  }
}

function totalStepsOf(options: OneCycleLROptions): number {
  if (options.totalSteps !== undefined) return checkInteger('OneCycleLR', 'totalSteps', options.totalSteps, 1);
  if (options.epochs === undefined || options.stepsPerEpoch === undefined) {
    throw new ValueError('OneCycleLR', 'give totalSteps, or epochs and stepsPerEpoch');
  }
  return checkInteger('OneCycleLR', 'epochs', options.epochs, 1) * checkInteger('OneCycleLR', 'stepsPerEpoch', options.stepsPerEpoch, 1);
}

// PyTorch's _annealing_cos and _annealing_linear: from start (pct 0) to end (pct 1)
function annealCos(start: number, end: number, pct: number): number {
  return end + ((start - end) / 2) * (Math.cos(Math.PI * pct) + 1);
}
function annealLinear(start: number, end: number, pct: number): number {
  return (end - start) * pct + start;
}

/** A factor in [0, 1], as PyTorch's LinearLR and ConstantLR require. */
function checkFactor(op: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) throw new ValueError(op, `${name} must be a number in [0, 1], got ${formatValue(value)}`);
  return value;
}

/** Options of {@link LinearLR}. */
export interface LinearLROptions extends SchedulerOptions {
  /** The factor at epoch 0 (default 1/3). */
  startFactor?: number;
  /** The factor from epoch totalIters on (default 1). */
  endFactor?: number;
  /** Epochs over which the factor moves linearly (default 5). */
  totalIters?: number;
}

/**
 * Linear warm-up (or decay): lr(t) = base · (startFactor + (endFactor − startFactor)·min(t, totalIters)/totalIters).
 *
 * ```ts
 * new LinearLR(opt, { startFactor: 0.5, totalIters: 4 }); // 0.025, 0.03125, 0.0375, 0.04375, 0.05 for lr 0.05
 * ```
 */
export class LinearLR extends LRScheduler {
  readonly startFactor: number;
  readonly endFactor: number;
  readonly totalIters: number;

  constructor(optimizer: Optimizer, options: LinearLROptions = {}) {
    const startFactor = checkFactor('LinearLR', 'startFactor', options?.startFactor ?? 1 / 3);
    const endFactor = checkFactor('LinearLR', 'endFactor', options?.endFactor ?? 1);
    const totalIters = checkInteger('LinearLR', 'totalIters', options?.totalIters ?? 5, 1);
    super('LinearLR', optimizer, options, ['startFactor', 'endFactor', 'totalIters']);
    this.startFactor = startFactor;
    this.endFactor = endFactor;
    this.totalIters = totalIters;
    this.initialStep();
  }

  protected getLr(): number[] {
    const { lastEpoch: t, startFactor: s, endFactor: e, totalIters: n } = this;
    const lrs = this.groupLrs();
    if (t === 0) return lrs.map((lr) => lr * s);
    if (t > n) return lrs;
    // PyTorch's chainable form: the ratio of consecutive factors
    return lrs.map((lr) => lr * (1 + (e - s) / (n * s + (t - 1) * (e - s))));
  }
}

/** Options of {@link ConstantLR}. */
export interface ConstantLROptions extends SchedulerOptions {
  /** The factor until totalIters (default 1/3). */
  factor?: number;
  /** Epochs with the lowered lr (default 5). */
  totalIters?: number;
}

/** lr(t) = base · factor for t < totalIters, then base (a constant warm-up). */
export class ConstantLR extends LRScheduler {
  readonly factor: number;
  readonly totalIters: number;

  constructor(optimizer: Optimizer, options: ConstantLROptions = {}) {
    const factor = checkFactor('ConstantLR', 'factor', options?.factor ?? 1 / 3);
    const totalIters = checkInteger('ConstantLR', 'totalIters', options?.totalIters ?? 5, 0);
    super('ConstantLR', optimizer, options, ['factor', 'totalIters']);
    this.factor = factor;
    this.totalIters = totalIters;
    this.initialStep();
  }

  protected getLr(): number[] {
    const lrs = this.groupLrs();
    if (this.lastEpoch === 0) return lrs.map((lr) => lr * this.factor);
    return this.lastEpoch === this.totalIters ? lrs.map((lr) => lr / this.factor) : lrs;
  }
}

/** Multiplies each group's lr by lrLambda(t) at every epoch t ≥ 1 (one function for all groups or one per group). */
export class MultiplicativeLR extends LRScheduler {
  readonly lrLambdas: readonly LrLambda[];
  // PyTorch has no closed form for it: a restart inside SequentialLR continues from the current lr
  protected override readonly closedFormFromBase = false;

  constructor(optimizer: Optimizer, lrLambda: LrLambda | readonly LrLambda[], options: SchedulerOptions = {}) {
    super('MultiplicativeLR', optimizer, options);
    this.lrLambdas = perGroupLambdas('MultiplicativeLR', optimizer, lrLambda);
    this.initialStep();
  }

  protected getLr(): number[] {
    const lrs = this.groupLrs();
    if (this.lastEpoch === 0) return lrs;
    return lrs.map((lr, i) => lr * checkFinite('MultiplicativeLR', `lrLambda[${i}](${this.lastEpoch})`, this.lrLambdas[i]!(this.lastEpoch)));
  }
}

/** Options of {@link PolynomialLR}. */
export interface PolynomialLROptions extends SchedulerOptions {
  /** Epochs until the lr reaches 0 (default 5). */
  totalIters?: number;
  /** The power of the decay (default 1: linear). */
  power?: number;
}

/** lr(t) = base · (1 − min(t, totalIters)/totalIters)^power. */
export class PolynomialLR extends LRScheduler {
  readonly totalIters: number;
  readonly power: number;

  constructor(optimizer: Optimizer, options: PolynomialLROptions = {}) {
    const totalIters = checkInteger('PolynomialLR', 'totalIters', options?.totalIters ?? 5, 1);
    const power = checkNonNegative('PolynomialLR', 'power', options?.power ?? 1);
    super('PolynomialLR', optimizer, options, ['totalIters', 'power']);
    this.totalIters = totalIters;
    this.power = power;
    this.initialStep();
  }

  protected getLr(): number[] {
    const { lastEpoch: t, totalIters: n } = this;
    const lrs = this.groupLrs();
    if (t === 0 || t > n) return lrs;
    const decay = ((1 - t / n) / (1 - (t - 1) / n)) ** this.power;
    return lrs.map((lr) => lr * decay);
  }
}

/** Options of {@link CosineAnnealingWarmRestarts}. */
export interface CosineAnnealingWarmRestartsOptions extends SchedulerOptions {
  /** Each period is tMult times the one before (an integer ≥ 1, default 1). */
  tMult?: number;
  /** The minimum learning rate (default 0). */
  etaMin?: number;
}

/**
 * SGDR: cosine annealing from base to etaMin over t0 epochs, then a restart at base, with each
 * period tMult times longer: lr = etaMin + (base − etaMin)·(1 + cos(π·tCur/tI))/2. Stepped
 * without an epoch argument (PyTorch's fractional step(epoch) is not supported).
 */
export class CosineAnnealingWarmRestarts extends LRScheduler {
  readonly t0: number;
  readonly tMult: number;
  readonly etaMin: number;

  constructor(optimizer: Optimizer, t0: number, options: CosineAnnealingWarmRestartsOptions = {}) {
    checkInteger('CosineAnnealingWarmRestarts', 't0', t0, 1);
    const tMult = checkInteger('CosineAnnealingWarmRestarts', 'tMult', options?.tMult ?? 1, 1);
    const etaMin = checkNonNegative('CosineAnnealingWarmRestarts', 'etaMin', options?.etaMin ?? 0);
    super('CosineAnnealingWarmRestarts', optimizer, options, ['tMult', 'etaMin']);
    this.t0 = t0;
    this.tMult = tMult;
    this.etaMin = etaMin;
    this.initialStep();
  }

  protected getLr(): number[] {
    // the position in the current period, by walking the periods (PyTorch's T_cur and T_i after lastEpoch steps)
    let tCur = this.lastEpoch;
    let tI = this.t0;
    while (tCur >= tI) {
      tCur -= tI;
      tI *= this.tMult;
    }
    return this.baseLrs.map((base) => this.etaMin + ((base - this.etaMin) * (1 + Math.cos((Math.PI * tCur) / tI))) / 2);
  }
}
