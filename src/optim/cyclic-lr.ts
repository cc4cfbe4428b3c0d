/**
 * CyclicLR: the cyclical learning-rate policy (Smith, "Cyclical Learning Rates for Training Neural
 * Networks"), as PyTorch 1.13's `torch.optim.lr_scheduler.CyclicLR`.
 * @module
 */
import { ValueError, formatValue } from '../errors.js';
import type { Optimizer } from './optimizer.js';
import { LRScheduler, type SchedulerOptions } from './lr-scheduler.js';
import { cycledMomentum, perGroupNumbers, type CycledMomentum } from './cycle-helpers.js';
import { checkBoolean, checkFinite } from './validate.js';

/** The built-in amplitude policies of {@link CyclicLR}. */
export type CyclicLRMode = 'triangular' | 'triangular2' | 'exp_range';

/** Options of {@link CyclicLR} (PyTorch's keyword arguments, camelCased). */
export interface CyclicLROptions extends SchedulerOptions {
  /** Steps in the rising half of a cycle (default 2000). */
  stepSizeUp?: number;
  /** Steps in the falling half (default: stepSizeUp). */
  stepSizeDown?: number;
  /**
   * 'triangular' (default): constant amplitude; 'triangular2': halved every cycle; 'exp_range':
   * scaled by gamma^step. Ignored when `scaleFn` is given.
   */
  mode?: CyclicLRMode;
  /** The base of 'exp_range' (default 1). */
  gamma?: number;
  /** A custom amplitude scale: called with the cycle number (from 1) or the step, per `scaleMode`. */
  scaleFn?: (x: number) => number;
  /** What `scaleFn` is called with: 'cycle' (default) or 'iterations'. */
  scaleMode?: 'cycle' | 'iterations';
  /** Cycle the momentum (SGD/RMSprop's momentum, Adam's β₁) inversely to the lr (default true). */
  cycleMomentum?: boolean;
  /** The momentum at the lr's peak (default 0.8), per group or one for all. */
  baseMomentum?: number | readonly number[];
  /** The momentum at the lr's base (default 0.9), per group or one for all. */
  maxMomentum?: number | readonly number[];
}

const KEYS = ['stepSizeUp', 'stepSizeDown', 'mode', 'gamma', 'scaleFn', 'scaleMode', 'cycleMomentum', 'baseMomentum', 'maxMomentum'];

/**
 * Cycles each group's lr between `baseLr` and `maxLr` (PyTorch 1.13's CyclicLR, stepped after every
 * batch): up linearly over stepSizeUp steps, down over stepSizeDown, the amplitude
 * (maxLr − baseLr) scaled by the mode's policy or by `scaleFn`. With `cycleMomentum` the momentum
 * moves the opposite way, between maxMomentum and baseMomentum. As PyTorch, a fresh start sets
 * each group's lr to baseLr (and momentum to baseMomentum), and the lr is computed in closed form
 * from the step count, so manual changes to it do not carry on. Like OneCycleLR here (and
 * PyTorch 2), an Adam-like optimizer has its β₁ cycled.
 *
 * ```ts
 * const opt = new SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
 * const sched = new CyclicLR(opt, 0.01, 0.1, { stepSizeUp: 4, mode: 'triangular2' });
 * // per batch: opt.step(); sched.step();  lr: 0.01, 0.0325, 0.055, 0.0775, 0.1, 0.0775, …
 * ```
 */
export class CyclicLR extends LRScheduler {
  readonly maxLrs: readonly number[];
  readonly totalSize: number;
  /** The rising half's share of a cycle. */
  readonly stepRatio: number;
  readonly mode: CyclicLRMode;
  readonly gamma: number;
  readonly scaleMode: 'cycle' | 'iterations';
  readonly cycleMomentum: boolean;
  private readonly scale: (x: number) => number;
  /** The cycled momentum (β₁ for Adam-like optimizers) and its bounds per group; null without cycleMomentum. */
  private readonly momentums: { momentum: CycledMomentum; base: readonly number[]; max: readonly number[] } | null = null;

  constructor(optimizer: Optimizer, baseLr: number | readonly number[], maxLr: number | readonly number[], options: CyclicLROptions = {}) {
    const name = 'CyclicLR';
    super(name, optimizer, options, KEYS);
    const groups = optimizer.paramGroups;
    const perGroup = (key: string, v: number | readonly number[]): number[] => perGroupNumbers(name, optimizer, key, v);
    const baseLrs = perGroup('baseLr', baseLr);
    this.maxLrs = perGroup('maxLr', maxLr);
    const up = checkPositive(name, 'stepSizeUp', options.stepSizeUp ?? 2000);
    const down = options.stepSizeDown === undefined ? up : checkPositive(name, 'stepSizeDown', options.stepSizeDown);
    this.totalSize = up + down;
    this.stepRatio = up / this.totalSize;
    this.mode = options.mode ?? 'triangular';
    this.gamma = checkFinite(name, 'gamma', options.gamma ?? 1);
    if (options.scaleFn !== undefined) {
      if (typeof options.scaleFn !== 'function') throw new ValueError(name, `scaleFn must be a function, got ${formatValue(options.scaleFn)}`);
      const mode = options.scaleMode ?? 'cycle';
      if (mode !== 'cycle' && mode !== 'iterations') throw new ValueError(name, `scaleMode must be 'cycle' or 'iterations', got ${formatValue(mode)}`);
      this.scale = options.scaleFn;
      this.scaleMode = mode;
    } else {
      const policies: Record<CyclicLRMode, [(x: number) => number, 'cycle' | 'iterations']> = {
        triangular: [() => 1, 'cycle'],
        triangular2: [(cycle) => 1 / 2 ** (cycle - 1), 'cycle'],
        exp_range: [(step) => this.gamma ** step, 'iterations'],
      };
      const policy = Object.hasOwn(policies, this.mode) ? policies[this.mode] : undefined;
      if (policy === undefined) throw new ValueError(name, `mode must be 'triangular', 'triangular2' or 'exp_range' (or give scaleFn), got ${formatValue(this.mode)}`);
      [this.scale, this.scaleMode] = policy;
    }
    this.cycleMomentum = checkBoolean(name, 'cycleMomentum', options.cycleMomentum ?? true);
    if (this.cycleMomentum) {
      const momentum = cycledMomentum(name, optimizer);
      const base = perGroup('baseMomentum', options.baseMomentum ?? 0.8);
      const max = perGroup('maxMomentum', options.maxMomentum ?? 0.9); // checked before any group changes
      if (this.lastEpoch === -1) base.forEach((m, i) => momentum.set(i, m));
      this.momentums = { momentum, base: groups.map((_, i) => momentum.get(i)), max };
    }
    // As PyTorch: a fresh start puts each group at its baseLr; the first step's base is the groups'
    // initialLr (baseLr unless a group already had one), later steps use baseLr itself.
    if (this.lastEpoch === -1) groups.forEach((g, i) => (g.lr = baseLrs[i]!));
    this.baseLrs = groups.map((g) => g.initialLr ?? g.lr);
    this.initialStep();
    this.baseLrs = baseLrs;
  }

  protected getLr(): number[] {
    const t = this.lastEpoch;
    const cycle = Math.floor(1 + t / this.totalSize);
    const x = 1 + t / this.totalSize - cycle;
    const factor = x <= this.stepRatio ? x / this.stepRatio : (x - 1) / (this.stepRatio - 1);
    const scale = this.scale(this.scaleMode === 'cycle' ? cycle : t);
    if (this.momentums !== null) {
      const { momentum, base, max } = this.momentums;
      base.forEach((b, i) => momentum.set(i, max[i]! - (max[i]! - b) * factor * scale));
    }
    return this.baseLrs.map((base, i) => base + (this.maxLrs[i]! - base) * factor * scale);
  }
}

/** A step size: a finite number > 0 (PyTorch takes it as a float). */
function checkPositive(op: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw new ValueError(op, `${name} must be a positive number, got ${formatValue(value)}`);
  return value;
}
