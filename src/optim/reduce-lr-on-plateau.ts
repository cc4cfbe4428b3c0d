/**
 * ReduceLROnPlateau: PyTorch 1.13's scheduler that lowers the lr when a watched metric stops
 * improving. Unlike the epoch schedulers it is not an {@link LRScheduler}: its step takes the metric.
 * @module
 */
import { ValueError } from '../errors.js';
import { formatValue } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { Optimizer } from './optimizer.js';
import { checkInteger, checkNonNegative, checkUnitInterval, rejectUnknownKeys } from './validate.js';

/** Options of {@link ReduceLROnPlateau} (PyTorch's keyword arguments and defaults). */
export interface ReduceLROnPlateauOptions {
  /** 'min' (default): the metric should fall (a loss); 'max': it should rise (an accuracy). */
  mode?: 'min' | 'max';
  /** new lr = lr · factor (default 0.1; must be < 1). */
  factor?: number;
  /** Epochs without improvement tolerated before the lr is lowered (default 10). */
  patience?: number;
  /** How much better than the best a metric must be to count (default 1e-4). */
  threshold?: number;
  /** 'rel' (default): better than best·(1 ∓ threshold); 'abs': better than best ∓ threshold. */
  thresholdMode?: 'rel' | 'abs';
  /** Epochs to wait after lowering the lr before counting bad epochs again (default 0). */
  cooldown?: number;
  /** Lower bound of the lr, one for all groups or one per group (default 0). */
  minLr?: number | readonly number[];
  /** A change of the lr smaller than eps is skipped (default 1e-8). */
  eps?: number;
}

/** What {@link ReduceLROnPlateau.stateDict} returns. */
export interface ReduceLROnPlateauState {
  best: number;
  numBadEpochs: number;
  cooldownCounter: number;
  lastEpoch: number;
}

const KEYS = ['mode', 'factor', 'patience', 'threshold', 'thresholdMode', 'cooldown', 'minLr', 'eps'];

/**
 * Lowers every group's lr by `factor` when the metric passed to step() has not improved for more
 * than `patience` epochs, as PyTorch's ReduceLROnPlateau.
 *
 * ```ts
 * const sched = new ReduceLROnPlateau(opt, { patience: 2 });
 * for (const epoch of epochs) { train(); sched.step(validationLoss()); }
 * ```
 */
export class ReduceLROnPlateau {
  readonly optimizer: Optimizer;
  readonly mode: 'min' | 'max';
  readonly factor: number;
  readonly patience: number;
  readonly threshold: number;
  readonly thresholdMode: 'rel' | 'abs';
  readonly cooldown: number;
  readonly minLrs: readonly number[];
  readonly eps: number;
  /** The best metric so far (±∞ before the first step). */
  best: number;
  /** Epochs since the best metric, not counting cooldown. */
  numBadEpochs = 0;
  /** Epochs of cooldown left. */
  cooldownCounter = 0;
  /** Number of step() calls so far. */
  lastEpoch = 0;

  constructor(optimizer: Optimizer, options: ReduceLROnPlateauOptions = {}) {
    const name = 'ReduceLROnPlateau';
    if (!(optimizer instanceof Optimizer)) throw new ValueError(name, `the first argument must be an Optimizer, got ${formatValue(optimizer)}`);
    rejectUnknownKeys(name, options, KEYS, 'options');
    const mode = options.mode ?? 'min';
    if (mode !== 'min' && mode !== 'max') throw new ValueError(name, `mode must be 'min' or 'max', got ${formatValue(mode)}`);
    const thresholdMode = options.thresholdMode ?? 'rel';
    if (thresholdMode !== 'rel' && thresholdMode !== 'abs') throw new ValueError(name, `thresholdMode must be 'rel' or 'abs', got ${formatValue(thresholdMode)}`);
    const n = optimizer.paramGroups.length;
    const minLr = options.minLr ?? 0;
    const minLrs = Array.isArray(minLr) ? [...(minLr as readonly number[])] : Array.from({ length: n }, () => minLr as number);
    if (minLrs.length !== n) throw new ValueError(name, `expected ${n} minLr values (one per group), got ${minLrs.length}`);
    this.minLrs = minLrs.map((v, i) => checkNonNegative(name, `minLr[${i}]`, v));
    this.factor = checkUnitInterval(name, 'factor', options.factor ?? 0.1);
    this.patience = checkInteger(name, 'patience', options.patience ?? 10, 0);
    this.threshold = checkNonNegative(name, 'threshold', options.threshold ?? 1e-4);
    this.cooldown = checkInteger(name, 'cooldown', options.cooldown ?? 0, 0);
    this.eps = checkNonNegative(name, 'eps', options.eps ?? 1e-8);
    this.optimizer = optimizer;
    this.mode = mode;
    this.thresholdMode = thresholdMode;
    this.best = mode === 'min' ? Infinity : -Infinity;
  }

  /** Records this epoch's metric (a number or a one-element tensor such as a loss) and lowers the lr if it stalled. */
  step(metric: number | Tensor): void {
    const current = metric instanceof Tensor ? metric.item() : metric;
    if (typeof current !== 'number') throw new ValueError('ReduceLROnPlateau', `step needs the metric as a number or a one-element tensor, got ${formatValue(metric)}`);
    this.lastEpoch++;
    if (this.isBetter(current)) {
      this.best = current;
      this.numBadEpochs = 0;
    } else {
      this.numBadEpochs++;
    }
    if (this.cooldownCounter > 0) {
      this.cooldownCounter--;
      this.numBadEpochs = 0; // bad epochs in cooldown do not count
    }
    if (this.numBadEpochs > this.patience) {
      this.optimizer.paramGroups.forEach((g, i) => {
        const lr = Math.max(g.lr * this.factor, this.minLrs[i]!);
        if (g.lr - lr > this.eps) g.lr = lr;
      });
      this.cooldownCounter = this.cooldown;
      this.numBadEpochs = 0;
    }
  }

  /** Each group's current lr. */
  getLastLr(): number[] {
    return this.optimizer.paramGroups.map((g) => g.lr);
  }

  /** The scheduler's progress (the options are not included: pass them to the constructor again). */
  stateDict(): ReduceLROnPlateauState {
    return { best: this.best, numBadEpochs: this.numBadEpochs, cooldownCounter: this.cooldownCounter, lastEpoch: this.lastEpoch };
  }

  /** Restores progress saved by {@link ReduceLROnPlateau.stateDict}. */
  loadStateDict(state: ReduceLROnPlateauState): void {
    const name = 'ReduceLROnPlateau';
    if (state === null || typeof state !== 'object' || typeof state.best !== 'number') {
      throw new ValueError(name, `loadStateDict: state must be a ReduceLROnPlateau state dict, got ${formatValue(state)}`);
    }
    const numBadEpochs = checkInteger(name, 'numBadEpochs', state.numBadEpochs, 0);
    const cooldownCounter = checkInteger(name, 'cooldownCounter', state.cooldownCounter, 0);
    const lastEpoch = checkInteger(name, 'lastEpoch', state.lastEpoch, 0);
    this.lastEpoch = lastEpoch;
    this.best = state.best;
    this.numBadEpochs = numBadEpochs;
    this.cooldownCounter = cooldownCounter;
  }

  /** PyTorch's is_better: beyond the best by the relative or absolute threshold (NaN is never better). */
  private isBetter(a: number): boolean {
    const { best, threshold } = this;
    if (this.mode === 'min') return this.thresholdMode === 'rel' ? a < best * (1 - threshold) : a < best - threshold;
    return this.thresholdMode === 'rel' ? a > best * (threshold + 1) : a > best + threshold;
  }
}
