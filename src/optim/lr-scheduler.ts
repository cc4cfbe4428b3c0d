/**
 * Learning-rate schedulers (PyTorch's `torch.optim.lr_scheduler`): StepLR, ExponentialLR,
 * CosineAnnealingLR and LambdaLR. Call `scheduler.step()` once per epoch, after `optimizer.step()`.
 *
 * Each scheduler sets every group's `lr` in PyTorch's recursive ("chainable") form, computed from
 * the group's current lr, so several schedulers can be stacked and manual changes to `lr` carry
 * on, exactly as in PyTorch 1.13. Without such interference the values equal the closed forms
 * given on each class.
 * @module
 */
import { ValueError } from '../errors.js';
import { formatValue } from '../errors.js';
import { Optimizer } from './optimizer.js';
import { checkFinite, checkInteger, checkNonNegative, rejectUnknownKeys } from './validate.js';

/** Options every scheduler takes. */
export interface SchedulerOptions {
  /** The index of the last epoch when resuming (default −1: start fresh). Resuming needs each group's `initialLr`. */
  lastEpoch?: number;
}

/** What {@link LRScheduler.stateDict} returns. */
export interface SchedulerStateDict {
  lastEpoch: number;
  stepCount: number;
  baseLrs: number[];
  lastLr: number[];
}

/**
 * Base class of the schedulers. A subclass sets its fields, then calls {@link LRScheduler.initialStep}
 * at the end of its constructor (PyTorch's constructor does that step itself, which TypeScript
 * cannot do before the subclass's fields exist).
 */
export abstract class LRScheduler {
  /** The optimizer whose groups' `lr` this scheduler sets. */
  readonly optimizer: Optimizer;
  /** Each group's `initialLr`: where the schedule starts. */
  baseLrs: number[];
  /** Epochs stepped so far minus one (0 right after construction). */
  lastEpoch: number;
  /** How many times step() ran, including the one in the constructor. */
  protected stepCount = 0;
  private lastLr: number[] = [];
  /** The scheduler's name in error messages. */
  protected readonly name: string;

  protected constructor(name: string, optimizer: Optimizer, options: SchedulerOptions, known: readonly string[] = []) {
    this.name = name;
    if (!(optimizer instanceof Optimizer)) throw new ValueError(name, `the first argument must be an Optimizer, got ${typeof optimizer}`);
    rejectUnknownKeys(name, options, ['lastEpoch', ...known], 'options');
    const lastEpoch = checkInteger(name, 'lastEpoch', options.lastEpoch ?? -1, -1);
    const groups = optimizer.paramGroups;
    if (lastEpoch !== -1) {
      groups.forEach((g, i) => {
        if (g.initialLr === undefined) {
          throw new ValueError(name, `resuming at lastEpoch=${lastEpoch} needs paramGroups[${i}].initialLr (load the optimizer's state dict first)`);
        }
      });
    }
    this.optimizer = optimizer;
    // Groups get their initialLr (a fresh start keeps an existing one, as PyTorch's setdefault) in initialStep.
    this.baseLrs = groups.map((g) => g.initialLr ?? g.lr);
    this.lastEpoch = lastEpoch;
  }

  /** The learning rates for `this.lastEpoch` (already advanced), in the chainable form. */
  protected abstract getLr(): number[];

  /** The constructor's first step (from lastEpoch −1 to 0, which keeps the initial lr). */
  protected initialStep(): void {
    this.stepCount = 0;
    this.step();
    this.optimizer.paramGroups.forEach((g, i) => {
      g.initialLr ??= this.baseLrs[i]!;
    });
  }

  /** Advances one epoch and sets each group's lr (on an error nothing changes). */
  step(): void {
    this.stepCount++;
    this.lastEpoch++;
    let values: number[];
    try {
      values = this.getLr();
      values.forEach((lr, i) => {
        if (!Number.isFinite(lr) || lr < 0) {
          throw new ValueError(this.name, `the schedule gave paramGroups[${i}] the learning rate ${lr} at epoch ${this.lastEpoch}; it must be finite and >= 0`);
        }
      });
    } catch (error) {
      this.stepCount--;
      this.lastEpoch--;
      throw error;
    }
    this.optimizer.paramGroups.forEach((g, i) => {
      g.lr = values[i]!;
    });
    this.lastLr = values;
  }

  /** The learning rates the last step() set, one per group. */
  getLastLr(): number[] {
    return [...this.lastLr];
  }

  /** The scheduler's progress (hyperparameters are not included: pass them to the constructor again). */
  stateDict(): SchedulerStateDict {
    return { lastEpoch: this.lastEpoch, stepCount: this.stepCount, baseLrs: [...this.baseLrs], lastLr: [...this.lastLr] };
  }

  /** Restores progress saved by {@link LRScheduler.stateDict} (it does not touch the optimizer's lr). */
  loadStateDict(state: SchedulerStateDict): void {
    if (state === null || typeof state !== 'object') throw new ValueError(this.name, `loadStateDict: state must be a scheduler state dict, got ${formatValue(state)}`);
    const n = this.optimizer.paramGroups.length;
    checkInteger(this.name, 'lastEpoch', state.lastEpoch, -1);
    checkInteger(this.name, 'stepCount', state.stepCount, 0);
    for (const key of ['baseLrs', 'lastLr'] as const) {
      const list = state[key];
      if (!Array.isArray(list) || list.length !== n) {
        throw new ValueError(this.name, `${key} must list ${n} learning rates (one per group), got ${formatValue(list)}`);
      }
      list.forEach((v, i) => checkNonNegative(this.name, `${key}[${i}]`, v));
    }
    this.lastEpoch = state.lastEpoch;
    this.stepCount = state.stepCount;
    this.baseLrs = [...state.baseLrs];
    this.lastLr = [...state.lastLr];
  }

  /**
   * Inside a SequentialLR: PyTorch's `step(0)` at this scheduler's milestone, a restart at
   * epoch 0, from the base lrs where PyTorch uses a closed form (every scheduler here but
   * MultiplicativeLR, which continues from the current lr). Not for direct use.
   * @internal
   */
  restartForSequence(): void {
    const groups = this.optimizer.paramGroups;
    const before = groups.map((g) => g.lr);
    const epoch = this.lastEpoch;
    if (this.closedFormFromBase) groups.forEach((g, i) => (g.lr = this.baseLrs[i]!));
    this.lastEpoch = -1;
    try {
      this.step();
    } catch (error) {
      groups.forEach((g, i) => (g.lr = before[i]!));
      this.lastEpoch = epoch;
      throw error;
    }
  }

  /** Inside a SequentialLR: moves the epoch back by one, undoing the constructor's step (as PyTorch's SequentialLR does). @internal */
  rewindForSequence(): void {
    this.lastEpoch--;
  }

  /** Whether PyTorch's step(epoch) computes this scheduler's lr from the base lrs (see restartForSequence). */
  protected readonly closedFormFromBase: boolean = true;

  /** The current lr of every group. */
  protected groupLrs(): number[] {
    return this.optimizer.paramGroups.map((g) => g.lr);
  }
}

/** Options of {@link StepLR}. */
export interface StepLROptions extends SchedulerOptions {
  /** Factor applied every stepSize epochs (default 0.1). */
  gamma?: number;
}

/** Multiplies the lr by gamma every `stepSize` epochs: lr(t) = base · gamma^⌊t / stepSize⌋. */
export class StepLR extends LRScheduler {
  readonly stepSize: number;
  readonly gamma: number;

  constructor(optimizer: Optimizer, stepSize: number, options: StepLROptions = {}) {
    const size = checkInteger('StepLR', 'stepSize', stepSize, 1);
    const gamma = checkNonNegative('StepLR', 'gamma', options?.gamma ?? 0.1);
    super('StepLR', optimizer, options, ['gamma']);
    this.stepSize = size;
    this.gamma = gamma;
    this.initialStep();
  }

  protected getLr(): number[] {
    const lrs = this.groupLrs();
    if (this.lastEpoch === 0 || this.lastEpoch % this.stepSize !== 0) return lrs;
    return lrs.map((lr) => lr * this.gamma);
  }
}

/** Multiplies the lr by gamma every epoch: lr(t) = base · gamma^t. */
export class ExponentialLR extends LRScheduler {
  readonly gamma: number;

  constructor(optimizer: Optimizer, gamma: number, options: SchedulerOptions = {}) {
    checkNonNegative('ExponentialLR', 'gamma', gamma);
    super('ExponentialLR', optimizer, options);
    this.gamma = gamma;
    this.initialStep();
  }

  protected getLr(): number[] {
    const lrs = this.groupLrs();
    if (this.lastEpoch === 0) return lrs;
    return lrs.map((lr) => lr * this.gamma);
  }
}

/** Options of {@link CosineAnnealingLR}. */
export interface CosineAnnealingLROptions extends SchedulerOptions {
  /** The minimum learning rate (default 0). */
  etaMin?: number;
}

/**
 * Cosine annealing without restarts:
 * lr(t) = etaMin + (base − etaMin) · (1 + cos(π·t / tMax)) / 2,
 * which reaches etaMin at t = tMax and, as in PyTorch, rises again after it (period 2·tMax).
 */
export class CosineAnnealingLR extends LRScheduler {
  readonly tMax: number;
  readonly etaMin: number;

  constructor(optimizer: Optimizer, tMax: number, options: CosineAnnealingLROptions = {}) {
    checkInteger('CosineAnnealingLR', 'tMax', tMax, 1);
    const etaMin = checkNonNegative('CosineAnnealingLR', 'etaMin', options?.etaMin ?? 0);
    super('CosineAnnealingLR', optimizer, options, ['etaMin']);
    this.tMax = tMax;
    this.etaMin = etaMin;
    this.initialStep();
  }

  protected getLr(): number[] {
    const { lastEpoch: t, tMax, etaMin } = this;
    const lrs = this.groupLrs();
    if (t === 0) return lrs;
    // Resumed (the constructor's step with lastEpoch > 0): the closed form.
    if (this.stepCount === 1 && t > 0) {
      return this.baseLrs.map((base) => etaMin + ((base - etaMin) * (1 + Math.cos((t * Math.PI) / tMax))) / 2);
    }
    // Just past a minimum, where the ratio below would divide by zero.
    if ((t - 1 - tMax) % (2 * tMax) === 0) {
      return lrs.map((lr, i) => lr + ((this.baseLrs[i]! - etaMin) * (1 - Math.cos(Math.PI / tMax))) / 2);
    }
    return lrs.map(
      (lr) => ((1 + Math.cos((Math.PI * t) / tMax)) / (1 + Math.cos((Math.PI * (t - 1)) / tMax))) * (lr - etaMin) + etaMin,
    );
  }
}

/** A function of the epoch giving the factor applied to the base lr. */
export type LrLambda = (epoch: number) => number;

/** `lrLambda` as one function per parameter group: one for all groups, or a list of one per group. */
export function perGroupLambdas(op: string, optimizer: Optimizer, lrLambda: LrLambda | readonly LrLambda[]): readonly LrLambda[] {
  const n = optimizer.paramGroups.length;
  const list = typeof lrLambda === 'function' ? Array.from({ length: n }, () => lrLambda) : lrLambda;
  if (!Array.isArray(list) || list.length !== n || !list.every((f) => typeof f === 'function')) {
    throw new ValueError(op, `lrLambda must be a function or a list of ${n} functions (one per group), got ${Array.isArray(list) ? `${list.length} items` : typeof list}`);
  }
  return [...list];
}

/** Sets lr(t) = base · lrLambda(t), with one function for all groups or one per group. */
export class LambdaLR extends LRScheduler {
  readonly lrLambdas: readonly LrLambda[];

  constructor(optimizer: Optimizer, lrLambda: LrLambda | readonly LrLambda[], options: SchedulerOptions = {}) {
    super('LambdaLR', optimizer, options);
    this.lrLambdas = perGroupLambdas('LambdaLR', optimizer, lrLambda);
    this.initialStep();
  }

  protected getLr(): number[] {
    return this.baseLrs.map((base, i) => {
      const factor = this.lrLambdas[i]!(this.lastEpoch);
      checkFinite('LambdaLR', `lrLambda[${i}](${this.lastEpoch})`, factor);
      return base * factor;
    });
  }
}
