/**
 * Adam's one-pass update (contiguous float tensors) against the chain of tensor ops it replaces,
 * written out here with the public ops: the same bits, step after step, in float32 and float64,
 * with weight decay and maximize, for AdamW, and for the layouts that still take the chain.
 */
import { describe, expect, it } from 'vitest';
import { Generator, detectAnomaly, noGrad, randn, zerosLike, type Tensor } from '../../src/index.js';
import { Adam, AdamW } from '../../src/optim/index.js';

type Dtype = 'float32' | 'float64';
const lr = 3e-3;
const [beta1, beta2] = [0.9, 0.999];
const eps = 1e-8;

/** PyTorch 1.13's single-tensor Adam as tensor ops (the definition adamUpdate follows). */
function chainStep(p: Tensor, grad: Tensor, m: Tensor, v: Tensor, step: number, o: { weightDecay?: number; maximize?: boolean; decoupled?: boolean }): void {
  noGrad(() => {
    let g = o.maximize ? grad.neg() : grad;
    if (o.decoupled) p.mul_(1 - lr * (o.weightDecay ?? 0));
    else if (o.weightDecay) g = g.add(p.mul(o.weightDecay));
    m.mul_(beta1).add_(g, 1 - beta1);
    v.mul_(beta2).add_(g.mul(g), 1 - beta2);
    const denom = v.sqrt().div(Math.sqrt(1 - beta2 ** step)).add(eps);
    p.add_(m.div(denom), -lr / (1 - beta1 ** step));
  });
}

const bits = (t: Tensor): number[] => Array.from(t.contiguous().toTypedArray(), Number);

/** Runs `steps` Adam (or AdamW) steps and the chain side by side from the same start; compares every tensor's bits. */
function compare(dtype: Dtype, o: { weightDecay?: number; maximize?: boolean; decoupled?: boolean }, makeParam = (x: Tensor) => x): void {
  const gen = new Generator(40);
  const start = randn([37, 29], { dtype, generator: gen });
  const p = makeParam(start.clone()).requiresGrad_(true);
  const q = start.clone();
  const [m, v] = [zerosLike(q), zerosLike(q)];
  const options = { lr, betas: [beta1, beta2] as [number, number], eps, weightDecay: o.weightDecay ?? 0, maximize: o.maximize ?? false };
  const opt = o.decoupled ? new AdamW([p], options) : new Adam([p], options);
  for (let step = 1; step <= 6; step++) {
    // gradients of very different sizes, so every rounding step matters
    const grad = randn([37, 29], { dtype, generator: gen }).mul(10 ** (step - 3));
    p.grad = makeParam(grad.clone());
    opt.step();
    chainStep(q, grad, m, v, step, o);
    expect(bits(p), `${dtype} step ${step}: parameter`).toEqual(bits(q));
    const state = opt.state.get(p)!;
    expect(bits(state.expAvg as Tensor), `step ${step}: expAvg`).toEqual(bits(m));
    expect(bits(state.expAvgSq as Tensor), `step ${step}: expAvgSq`).toEqual(bits(v));
  }
}

describe('Adam in one pass equals the chain of ops', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    it(`${dtype}: plain, with L2 weight decay and maximize, and AdamW`, () => {
      compare(dtype, {});
      compare(dtype, { weightDecay: 0.05, maximize: true });
      compare(dtype, { weightDecay: 0.05, decoupled: true });
    });
  }
  it('a transposed (non-contiguous) parameter and forward checks in anomaly mode take the chain, with the same result', () => {
    compare('float32', {}, (x) => x.t().contiguous().t());
    detectAnomaly(() => compare('float32', { weightDecay: 0.01 }));
  });
  it('bumps the parameter version, as add_ does', () => {
    const p = randn([4], { generator: new Generator(1) }).requiresGrad_(true);
    const opt = new Adam([p]);
    p.grad = randn([4], { generator: new Generator(2) });
    const before = p.versionCounter.value;
    opt.step();
    expect(p.versionCounter.value).toBeGreaterThan(before);
  });
});
