/**
 * CyclicLR against PyTorch 1.13's get_last_lr() and momentum, step by step
 * (test/fixtures/cyclic_lr.json, from generate_cyclic_lr.py): the three modes, uneven halves,
 * per-group bounds, custom scale functions by cycle and by iteration, and no momentum cycling;
 * then a hand-derived triangle, Adam's β₁, and bad arguments.
 */
import { describe, expect, it } from 'vitest';
import { ValueError, zeros } from '../../src/index.js';
import { Adam, CyclicLR, SGD, type CyclicLROptions } from '../../src/optim/index.js';
import { fixture } from './support.js';

interface CyclicCase {
  name: string;
  groups: { lr: number; momentum: number }[];
  baseLr: number | number[];
  maxLr: number | number[];
  options: Record<string, unknown>;
  lrs: number[][];
  momentums: number[][];
}
const cases = fixture<{ cases: CyclicCase[] }>('cyclic_lr.json').cases;

// generate_cyclic_lr.py's SCALE_FNS, written again
const SCALE_FNS: Record<string, (x: number) => number> = { inverseSquare: (x) => 1 / (x * x), decay: (x) => 1 / (1 + 0.1 * x) };

const close = (got: number, want: number, what: string): void => {
  expect(Math.abs(got - want), `${what}: ${got}, PyTorch gives ${want}`).toBeLessThanOrEqual(1e-15 + 1e-13 * Math.abs(want));
};

describe('CyclicLR against PyTorch', () => {
  for (const c of cases) {
    it(c.name, () => {
      const opt = new SGD(
        c.groups.map((g) => ({ params: [zeros([2], { requiresGrad: true })], ...g })),
        { lr: 1 },
      );
      const options = { ...c.options } as CyclicLROptions & { scaleFn?: unknown };
      if (typeof options.scaleFn === 'string') options.scaleFn = SCALE_FNS[options.scaleFn]!;
      const sched = new CyclicLR(opt, c.baseLr, c.maxLr, options);
      c.lrs.forEach((lrs, t) => {
        if (t > 0) {
          opt.step();
          sched.step();
        }
        lrs.forEach((lr, i) => {
          close(sched.getLastLr()[i]!, lr, `lr of group ${i} after ${t} steps`);
          close(opt.paramGroups[i]!.lr, lr, `paramGroups[${i}].lr after ${t} steps`);
          close((opt.paramGroups[i] as unknown as { momentum: number }).momentum, c.momentums[t]![i]!, `momentum of group ${i} after ${t} steps`);
        });
      });
    });
  }
});

describe('CyclicLR', () => {
  it('rises and falls linearly between the bounds (hand-derived triangle, stepSizeUp 2, stepSizeDown 2)', () => {
    const opt = new SGD([zeros([1], { requiresGrad: true })], { lr: 1, momentum: 0.9 });
    const sched = new CyclicLR(opt, 1, 3, { stepSizeUp: 2 });
    const seen = [sched.getLastLr()[0]];
    for (let i = 0; i < 6; i++) {
      sched.step();
      seen.push(sched.getLastLr()[0]);
    }
    expect(seen).toEqual([1, 2, 3, 2, 1, 2, 3]);
  });

  it("cycles Adam's β₁ (as PyTorch 2 does), keeping β₂", () => {
    const opt = new Adam([zeros([1], { requiresGrad: true })], { lr: 1, betas: [0.9, 0.99] });
    const sched = new CyclicLR(opt, 0.1, 0.3, { stepSizeUp: 1, baseMomentum: 0.8, maxMomentum: 0.9 });
    expect(opt.paramGroups[0]!.betas).toEqual([0.9, 0.99]); // lr at its base: momentum at its max
    sched.step();
    expect(opt.paramGroups[0]!.betas![0]).toBeCloseTo(0.8, 15);
    expect(opt.paramGroups[0]!.betas![1]).toBe(0.99);
  });

  it('refuses bad arguments with its name', () => {
    const opt = (): SGD => new SGD([zeros([1], { requiresGrad: true })], { lr: 1 });
    expect(() => new CyclicLR(opt(), 0.1, 1, { mode: 'sawtooth' as never })).toThrow(ValueError);
    expect(() => new CyclicLR(opt(), 0.1, 1, { mode: 'sawtooth' as never })).toThrow(/CyclicLR: mode must be 'triangular', 'triangular2' or 'exp_range'/);
    expect(() => new CyclicLR(opt(), 0.1, 1, { stepSizeUp: 0 })).toThrow(/CyclicLR: stepSizeUp must be a positive number/);
    expect(() => new CyclicLR(opt(), [0.1, 0.2], 1)).toThrow(/CyclicLR: expected 1 values for baseLr/);
    expect(() => new CyclicLR(opt(), 0.1, 1, { scaleFn: 3 as never })).toThrow(/CyclicLR: scaleFn must be a function/);
    expect(() => new CyclicLR(opt(), 0.1, 1, { stepsizeUp: 4 } as never)).toThrow(/CyclicLR/);
  });

  it('refuses a bad maxMomentum before it changes the groups (their lr and momentum stay)', () => {
    const opt = new SGD([zeros([1], { requiresGrad: true })], { lr: 0.5, momentum: 0.7 });
    expect(() => new CyclicLR(opt, 0.1, 1, { baseMomentum: 0.8, maxMomentum: -1 })).toThrow(/CyclicLR: maxMomentum\[0\] must be/);
    expect(opt.paramGroups[0]!.momentum).toBe(0.7);
    expect(opt.paramGroups[0]!.lr).toBe(0.5);
  });
});
