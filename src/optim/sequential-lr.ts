/**
 * SequentialLR: PyTorch 1.13's chain of schedulers switched at milestone epochs (a warm-up, then a
 * decay). It drives the schedulers it holds; like ReduceLROnPlateau it is not an LRScheduler.
 * @module
 */
import { ValueError } from '../errors.js';
import { formatValue } from '../errors.js';
import { Optimizer } from './optimizer.js';
import { LRScheduler, type SchedulerStateDict } from './lr-scheduler.js';
import { checkInteger } from './validate.js';

/** What {@link SequentialLR.stateDict} returns: its epoch and each scheduler's state. */
export interface SequentialLRStateDict {
  lastEpoch: number;
  lastLr: number[];
  schedulers: SchedulerStateDict[];
}

/**
 * Runs `schedulers[0]` until `milestones[0]`, then `schedulers[1]` restarted at its epoch 0, and
 * so on, as PyTorch's SequentialLR. Build the schedulers on the same optimizer first; building the
 * SequentialLR resets each group's lr to its initial lr and undoes their constructors' steps.
 *
 * ```ts
 * const warmup = new LinearLR(opt, { startFactor: 0.1, totalIters: 5 });
 * const decay = new CosineAnnealingLR(opt, 95);
 * const sched = new SequentialLR(opt, [warmup, decay], [5]);
 * ```
 */
export class SequentialLR {
  readonly optimizer: Optimizer;
  readonly schedulers: readonly LRScheduler[];
  readonly milestones: readonly number[];
  /** Epochs stepped so far (0 right after construction). */
  lastEpoch = 0;
  private lastLr: number[];

  constructor(optimizer: Optimizer, schedulers: readonly LRScheduler[], milestones: readonly number[]) {
    const name = 'SequentialLR';
    if (!(optimizer instanceof Optimizer)) throw new ValueError(name, `the first argument must be an Optimizer, got ${formatValue(optimizer)}`);
    if (!Array.isArray(schedulers) || schedulers.length === 0) throw new ValueError(name, `schedulers must be a non-empty array of schedulers, got ${formatValue(schedulers)}`);
    schedulers.forEach((s, i) => {
      if (!(s instanceof LRScheduler)) throw new ValueError(name, `schedulers[${i}] is not an LRScheduler (ReduceLROnPlateau and SequentialLR cannot be chained)`);
      if (s.optimizer !== optimizer) throw new ValueError(name, `schedulers[${i}] belongs to another optimizer; every scheduler must drive the optimizer passed in`);
    });
    if (!Array.isArray(milestones) || milestones.length !== schedulers.length - 1) {
      throw new ValueError(name, `expected ${schedulers.length - 1} milestones (one fewer than the ${schedulers.length} schedulers), got ${formatValue(milestones)}`);
    }
    milestones.forEach((m, i) => checkInteger(name, `milestones[${i}]`, m, 1));
    this.optimizer = optimizer;
    this.schedulers = [...schedulers];
    this.milestones = [...milestones];
    // PyTorch: back to the initial lrs, every scheduler's constructor step undone, the first one's redone
    optimizer.paramGroups.forEach((g) => (g.lr = g.initialLr ?? g.lr));
    for (const s of this.schedulers) s.rewindForSequence();
    this.schedulers[0]!.step();
    this.lastLr = this.schedulers[0]!.getLastLr();
  }

  /** Advances one epoch: the scheduler whose span holds it steps, or restarts at its milestone. */
  step(): void {
    const epoch = this.lastEpoch + 1;
    const index = this.milestones.filter((m) => m <= epoch).length; // bisect_right
    const scheduler = this.schedulers[index]!;
    if (index > 0 && this.milestones[index - 1] === epoch) scheduler.restartForSequence();
    else scheduler.step();
    this.lastEpoch = epoch;
    this.lastLr = scheduler.getLastLr();
  }

  /** The learning rates the last step set, one per group. */
  getLastLr(): number[] {
    return [...this.lastLr];
  }

  /** Its epoch and the state of every scheduler it holds. */
  stateDict(): SequentialLRStateDict {
    return { lastEpoch: this.lastEpoch, lastLr: [...this.lastLr], schedulers: this.schedulers.map((s) => s.stateDict()) };
  }

  /** Restores what {@link SequentialLR.stateDict} saved (into schedulers built the same way). */
  loadStateDict(state: SequentialLRStateDict): void {
    if (state === null || typeof state !== 'object' || !Array.isArray(state.schedulers) || state.schedulers.length !== this.schedulers.length) {
      throw new ValueError('SequentialLR', `loadStateDict: state must be a SequentialLR state dict for ${this.schedulers.length} schedulers, got ${formatValue(state)}`);
    }
    const lastEpoch = checkInteger('SequentialLR', 'lastEpoch', state.lastEpoch, 0);
    this.schedulers.forEach((s, i) => s.loadStateDict(state.schedulers[i]!));
    this.lastEpoch = lastEpoch;
    this.lastLr = [...state.lastLr];
  }
}
