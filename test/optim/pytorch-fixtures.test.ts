/**
 * Every optimizer against PyTorch 1.13 (test/fixtures/optim.json, made by
 * test/fixtures/generate_optim.py): six steps on the fixed problem of support.ts, for many option
 * combinations and parameter groups; the parameters after each step and the state after the last.
 * float64 configurations agree to ~1e-12; float32 ones to float32 rounding.
 */
import { describe, expect, it } from 'vitest';
import { Tensor, tensor, type DType } from '../../src/index.js';
import { Adagrad, Adam, AdamW, RMSprop, SGD, type Optimizer } from '../../src/optim/index.js';
import { expectClose, fixture, problemLoss, type Problem } from './support.js';

interface OptimizerCase {
  optimizer: 'SGD' | 'Adam' | 'AdamW' | 'RMSprop' | 'Adagrad';
  options: Record<string, unknown>;
  groups: { params: number[]; options: Record<string, unknown> }[] | null;
  dtype: DType;
  steps: number[][][][]; // per step, per parameter, nested values
  finalState: Record<string, Record<string, number | number[]>>;
}

const data = fixture<{ problem: Problem; optimizers: OptimizerCase[] }>('optim.json');
const CLASSES = { SGD, Adam, AdamW, RMSprop, Adagrad } as const;

function build(c: OptimizerCase, params: Tensor[]): Optimizer {
  const Cls = CLASSES[c.optimizer] as unknown as new (params: unknown, options: unknown) => Optimizer;
  if (c.groups === null) return new Cls(params, c.options);
  return new Cls(c.groups.map((g) => ({ params: g.params.map((i) => params[i]!), ...g.options })), c.options);
}

function label(c: OptimizerCase): string {
  const groups = c.groups ? ` groups ${JSON.stringify(c.groups.map((g) => g.options))}` : '';
  return `${c.optimizer} ${JSON.stringify(c.options)}${groups} ${c.dtype}`;
}

describe('optimizers match PyTorch 1.13 step by step', () => {
  it('covers every optimizer and option', () => {
    const names = new Set(data.optimizers.map((c) => c.optimizer));
    expect([...names].sort()).toEqual(['Adagrad', 'Adam', 'AdamW', 'RMSprop', 'SGD']);
    const options = new Set(data.optimizers.flatMap((c) => [...Object.keys(c.options), ...(c.groups ?? []).flatMap((g) => Object.keys(g.options))]));
    for (const o of ['momentum', 'dampening', 'nesterov', 'weightDecay', 'maximize', 'amsgrad', 'betas', 'eps', 'alpha', 'centered', 'lrDecay', 'initialAccumulatorValue']) {
      expect(options.has(o), o).toBe(true);
    }
  });

  for (const c of data.optimizers) {
    it(label(c), () => {
      const { problem } = data;
      const params = [problem.init.p0, problem.init.p1, problem.init.p2].map((v) => tensor(v, { dtype: c.dtype, requiresGrad: true }));
      const opt = build(c, params);
      const [atol, rtol] = c.dtype === 'float64' ? [1e-13, 1e-11] : [2e-6, 2e-5];
      c.steps.forEach((expected, step) => {
        opt.zeroGrad();
        problemLoss(problem, params[0]!, params[1]!).backward();
        opt.step();
        params.forEach((p, i) => expectClose(p, expected[i]!, atol, rtol, `step ${step + 1} param ${i}`));
      });
      // p2 never gets a gradient: untouched, and no state unless the optimizer makes it up front (Adagrad).
      expect(params[2]!.grad).toBeNull();
      for (const [index, expectedState] of Object.entries(c.finalState)) {
        const state = opt.state.get(params[Number(index)]!)!;
        expect(Object.keys(state).sort(), `state keys of param ${index}`).toEqual(Object.keys(expectedState).sort());
        for (const [key, value] of Object.entries(expectedState)) {
          const got = state[key]!;
          if (typeof value === 'number' && typeof got === 'number') expect(got).toBe(value);
          else expectClose(got as Tensor, value as number[], atol, rtol, `state ${key} of param ${index}`);
        }
      }
      for (let i = 0; i < params.length; i++) {
        if (!(String(i) in c.finalState)) expect(opt.state.has(params[i]!), `state of param ${i}`).toBe(false);
      }
    });
  }
});
