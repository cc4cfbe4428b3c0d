/**
 * Learning-rate schedulers against their closed forms (written out here) and against PyTorch 1.13's
 * get_last_lr() sequences (test/fixtures/optim.json), plus resuming and bad arguments.
 */
import { describe, expect, it } from 'vitest';
import { ValueError, zeros } from '../../src/index.js';
import { CosineAnnealingLR, ExponentialLR, LambdaLR, SGD, StepLR, type LRScheduler } from '../../src/optim/index.js';
import { expectClose, fixture } from './support.js';

interface SchedulerCase {
  scheduler: string;
  options: Record<string, number | string[]>;
  lrs: number[][];
}
const cases = fixture<{ schedulers: SchedulerCase[] }>('optim.json').schedulers;
const BASES = [0.1, 0.05];

/** SGD with two groups, lr 0.1 and 0.05, as in generate_optim.py. */
function optimizer(): SGD {
  return new SGD([{ params: [zeros([1], { requiresGrad: true })] }, { params: [zeros([1], { requiresGrad: true })], lr: 0.05 }], { lr: 0.1 });
}

/** The learning rates after construction and after each of `steps` steps. */
function run(s: LRScheduler, steps: number): number[][] {
  const out = [s.getLastLr()];
  for (let i = 0; i < steps; i++) {
    s.optimizer.step();
    s.step();
    out.push(s.getLastLr());
  }
  return out;
}

const LAMBDAS: Record<string, (e: number) => number> = { inverse: (e) => 1 / (1 + e), power: (e) => 0.95 ** e };

function closedForm(c: SchedulerCase, t: number, base: number, group: number): number {
  const o = c.options as Record<string, number>;
  switch (c.scheduler) {
    case 'StepLR':
      return base * o.gamma! ** Math.floor(t / o.stepSize!);
    case 'ExponentialLR':
      return base * o.gamma! ** t;
    case 'CosineAnnealingLR': {
      const etaMin = o.etaMin ?? 0;
      return etaMin + ((base - etaMin) * (1 + Math.cos((Math.PI * t) / o.tMax!))) / 2;
    }
    case 'LambdaLR':
      return base * LAMBDAS[(c.options.lambdas as string[])[group]!]!(t);
    default: // StepLR then ExponentialLR on the same optimizer: the factors multiply
      return base * o.gamma! ** Math.floor(t / o.stepSize!) * o.gamma2! ** t;
  }
}

function build(c: SchedulerCase, opt: SGD): LRScheduler[] {
  const o = c.options as Record<string, number>;
  switch (c.scheduler) {
    case 'StepLR':
      return [new StepLR(opt, o.stepSize!, { gamma: o.gamma! })];
    case 'ExponentialLR':
      return [new ExponentialLR(opt, o.gamma!)];
    case 'CosineAnnealingLR':
      return [new CosineAnnealingLR(opt, o.tMax!, o.etaMin === undefined ? {} : { etaMin: o.etaMin })];
    case 'LambdaLR':
      return [new LambdaLR(opt, (c.options.lambdas as string[]).map((n) => LAMBDAS[n]!))];
    default:
      return [new StepLR(opt, o.stepSize!, { gamma: o.gamma! }), new ExponentialLR(opt, o.gamma2!)];
  }
}

describe('schedulers match PyTorch 1.13 and their closed forms', () => {
  for (const c of cases) {
    it(`${c.scheduler} ${JSON.stringify(c.options)}`, () => {
      const opt = optimizer();
      const schedulers = build(c, opt);
      const lrs = [opt.paramGroups.map((g) => g.lr)];
      for (let t = 1; t < c.lrs.length; t++) {
        opt.step();
        for (const s of schedulers) s.step();
        lrs.push(opt.paramGroups.map((g) => g.lr));
      }
      lrs.forEach((row, t) => {
        expectClose(row, c.lrs[t]!, 1e-15, 1e-12, `PyTorch, epoch ${t}`);
        expectClose(row, BASES.map((b, g) => closedForm(c, t, b, g)), 1e-15, 1e-12, `closed form, epoch ${t}`);
      });
      if (schedulers.length === 1) expect(schedulers[0]!.getLastLr()).toEqual(lrs[lrs.length - 1]);
    });
  }

  it('cosine annealing reaches etaMin at tMax and climbs back after it', () => {
    const lrs = run(new CosineAnnealingLR(optimizer(), 4, { etaMin: 0.01 }), 8).map((r) => r[0]!);
    expectClose(lrs[4]!, 0.01, 1e-15);
    expectClose(lrs[8]!, 0.1, 1e-15);
    expect(lrs[5]!).toBeGreaterThan(lrs[4]!);
  });
});

describe('scheduler bookkeeping', () => {
  it('records initialLr on each group and getLastLr returns a copy', () => {
    const opt = optimizer();
    const s = new StepLR(opt, 2);
    expect(opt.paramGroups.map((g) => g.initialLr)).toEqual(BASES);
    s.getLastLr()[0] = 99;
    expect(s.getLastLr()).toEqual(BASES);
  });

  it('resumes at lastEpoch from the groups initialLr (closed form)', () => {
    const opt = optimizer();
    run(new StepLR(opt, 3, { gamma: 0.5 }), 4); // lr now 0.1·0.5
    const resumed = new StepLR(opt, 3, { gamma: 0.5, lastEpoch: 4 });
    expect(resumed.lastEpoch).toBe(5);
    expectClose(resumed.getLastLr(), [0.05, 0.025], 1e-15);
    // Cosine, resumed: its first step uses the closed form from the base lrs.
    const opt2 = optimizer();
    new ExponentialLR(opt2, 1); // sets initialLr
    const cos = new CosineAnnealingLR(opt2, 4, { lastEpoch: 1 }); // now at epoch 2: base·(1 + cos(π/2))/2
    expectClose(cos.getLastLr(), [0.05, 0.025], 1e-15);
  });

  it('resuming needs initialLr', () => {
    expect(() => new StepLR(optimizer(), 3, { lastEpoch: 2 })).toThrow(/StepLR: resuming at lastEpoch=2 needs paramGroups\[0\]\.initialLr/);
  });

  it('stateDict round-trips progress', () => {
    const opt = optimizer();
    const s = new StepLR(opt, 2, { gamma: 0.5 });
    run(s, 3);
    const state = s.stateDict();
    const opt2 = optimizer();
    const s2 = new StepLR(opt2, 2, { gamma: 0.5 });
    s2.loadStateDict(state);
    opt2.paramGroups.forEach((g, i) => (g.lr = s2.getLastLr()[i]!));
    s.step();
    s2.step();
    expect(s2.getLastLr()).toEqual(s.getLastLr());
    expect(() => s2.loadStateDict({ ...state, baseLrs: [1] })).toThrow(/baseLrs must list 2 learning rates/);
  });

  it('rejects bad arguments before touching the optimizer', () => {
    const opt = optimizer();
    expect(() => new StepLR(opt, 0)).toThrow(/StepLR: stepSize must be an integer >= 1, got 0/);
    expect(() => new StepLR(opt, 2, { gamma: -1 })).toThrow(/gamma must be/);
    expect(() => new StepLR(opt, 2, { gama: 0.5 } as never)).toThrow(/unknown option 'gama'/);
    expect(() => new ExponentialLR(opt, NaN)).toThrow(ValueError);
    expect(() => new CosineAnnealingLR(opt, 0)).toThrow(/tMax must be an integer >= 1/);
    expect(() => new LambdaLR(opt, [(e: number) => e])).toThrow(/a function or a list of 2 functions/);
    expect(() => new StepLR({} as never, 2)).toThrow(/must be an Optimizer/);
    expect(opt.paramGroups.map((g) => g.initialLr)).toEqual([undefined, undefined]);
    expect(opt.paramGroups.map((g) => g.lr)).toEqual(BASES);
  });

  it('a lambda returning NaN throws and leaves the lr and the epoch as they were', () => {
    const opt = optimizer();
    const s = new LambdaLR(opt, (e) => (e === 2 ? NaN : 1));
    s.step();
    expect(() => s.step()).toThrow(/LambdaLR: lrLambda\[0\]\(2\) must be a finite number, got NaN/);
    expect(s.lastEpoch).toBe(1);
    expect(opt.paramGroups.map((g) => g.lr)).toEqual(BASES);
  });
});
