/**
 * The first steps of every optimizer, worked out by hand (arithmetic in the comments), with the
 * gradient set directly so each step's input is known exactly. float64 throughout.
 */
import { describe, expect, it } from 'vitest';
import { tensor, type Tensor } from '../../src/index.js';
import { Adagrad, Adam, AdamW, RMSprop, SGD } from '../../src/optim/index.js';
import { expectClose, param } from './support.js';

/** Sets p.grad to `grad` and steps. */
function stepWith(opt: { step(): unknown }, p: Tensor, grad: number[]): void {
  p.grad = tensor(grad, { dtype: 'float64' });
  opt.step();
}

describe('SGD by hand', () => {
  it('momentum 0.9 with weight decay 0.1, lr 0.1', () => {
    const p = param([1, -2]);
    const opt = new SGD([p], { lr: 0.1, momentum: 0.9, weightDecay: 0.1 });
    // d = g + 0.1·p = [0.5 + 0.1, 1 − 0.2] = [0.6, 0.8]; b = d; p = p − 0.1·b = [0.94, −2.08]
    stepWith(opt, p, [0.5, 1]);
    expectClose(p, [0.94, -2.08]);
    // d = [0.5 + 0.094, 1 − 0.208] = [0.594, 0.792]; b = 0.9·[0.6, 0.8] + d = [1.134, 1.512]
    // p = [0.94 − 0.1134, −2.08 − 0.1512] = [0.8266, −2.2312]
    stepWith(opt, p, [0.5, 1]);
    expectClose(p, [0.8266, -2.2312]);
    expectClose(opt.state.get(p)!.momentumBuffer as Tensor, [1.134, 1.512]);
  });

  it('plain SGD keeps no state: p ← p − lr·g', () => {
    const p = param([3]);
    const opt = new SGD([p], { lr: 0.5 });
    stepWith(opt, p, [4]); // 3 − 0.5·4 = 1
    expectClose(p, [1]);
    expect(opt.state.get(p)).toEqual({});
  });

  it('Nesterov: g + μ·b', () => {
    const p = param([0, 0]);
    const opt = new SGD([p], { lr: 0.1, momentum: 0.5, nesterov: true });
    // b = g = [1, −1]; d = g + 0.5·b = [1.5, −1.5]; p = −0.1·d = [−0.15, 0.15]
    stepWith(opt, p, [1, -1]);
    expectClose(p, [-0.15, 0.15]);
    // b = 0.5·[1, −1] + [1, −1] = [1.5, −1.5]; d = [1, −1] + 0.5·b = [1.75, −1.75]; p = [−0.325, 0.325]
    stepWith(opt, p, [1, -1]);
    expectClose(p, [-0.325, 0.325]);
  });

  it('dampening applies from the second step (the first buffer is the gradient itself)', () => {
    const p = param([0]);
    const opt = new SGD([p], { lr: 1, momentum: 0.9, dampening: 0.5 });
    stepWith(opt, p, [2]); // b = 2; p = −2
    expectClose(p, [-2]);
    stepWith(opt, p, [2]); // b = 0.9·2 + (1 − 0.5)·2 = 2.8; p = −2 − 2.8 = −4.8
    expectClose(p, [-4.8]);
  });

  it('maximize ascends', () => {
    const p = param([0]);
    const opt = new SGD([p], { lr: 0.1, maximize: true });
    stepWith(opt, p, [2]); // p = 0 + 0.1·2
    expectClose(p, [0.2]);
  });
});

describe('Adam by hand', () => {
  it('constant gradient: each step moves by about lr', () => {
    const p = param([1]);
    const opt = new Adam([p], { lr: 0.1 });
    // m = 0.1·2 = 0.2; v = 0.001·4 = 0.004; step size = 0.1/(1 − 0.9) = 1
    // denom = √0.004/√(1 − 0.999) + 1e−8 = 2 + 1e−8; p = 1 − 0.2/(2 + 1e−8)
    stepWith(opt, p, [2]);
    expectClose(p, [1 - 0.2 / (2 + 1e-8)], 1e-15);
    // m = 0.9·0.2 + 0.2 = 0.38; v = 0.999·0.004 + 0.004 = 0.007996; bc1 = 0.19; bc2 = 0.001999
    // denom = √(0.007996/0.001999) + 1e−8 = 2 + 1e−8; p −= (0.1/0.19)·0.38/(2 + 1e−8) = 0.2/(2 + 1e−8)
    stepWith(opt, p, [2]);
    expectClose(p, [1 - 0.4 / (2 + 1e-8)], 1e-14);
    const s = opt.state.get(p)!;
    expect(s.step).toBe(2);
    expectClose(s.expAvg as Tensor, [0.38], 1e-15);
    expectClose(s.expAvgSq as Tensor, [0.007996], 1e-15);
  });

  it('amsgrad divides by the largest second moment so far', () => {
    // β = (0.5, 0.5), ε = 0, lr 1. Step 1, g = 2: m = 1, v = 2, bias corrections 0.5 and 0.5,
    // step size 2, denom = √2/√0.5 = 2, p = 0 − 2·1/2 = −1 (with or without amsgrad).
    // Step 2, g = 0: m = 0.5, v = 1, bc1 = bc2 = 0.75, step size 4/3.
    //   amsgrad: v̂ = max(2, 1) = 2, denom = √2/√0.75 = √(8/3): p = −1 − (4/3)·0.5/√(8/3)
    //   plain:   denom = 1/√0.75:                               p = −1 − (4/3)·0.5·√0.75 = −1 − 1/√3
    const a = param([0]);
    const b = param([0]);
    const ams = new Adam([a], { lr: 1, betas: [0.5, 0.5], eps: 0, amsgrad: true });
    const plain = new Adam([b], { lr: 1, betas: [0.5, 0.5], eps: 0 });
    stepWith(ams, a, [2]);
    stepWith(plain, b, [2]);
    expectClose(a, [-1]);
    expectClose(b, [-1]);
    stepWith(ams, a, [0]);
    stepWith(plain, b, [0]);
    expectClose(a, [-1 - (4 / 3) * 0.5 / Math.sqrt(8 / 3)]);
    expectClose(b, [-1 - 1 / Math.sqrt(3)]);
    expectClose(ams.state.get(a)!.maxExpAvgSq as Tensor, [2]);
  });

  it('weight decay is added to the gradient (coupled)', () => {
    // g' = 1 + 0.5·2 = 2; m = 1; v = 2; denom = √2/√0.5 = 2; p = 2 − (0.1/0.5)·1/2 = 1.9
    const p = param([2]);
    const opt = new Adam([p], { lr: 0.1, betas: [0.5, 0.5], eps: 0, weightDecay: 0.5 });
    stepWith(opt, p, [1]);
    expectClose(p, [1.9]);
  });
});

describe('AdamW by hand', () => {
  it('decays the parameter itself, then takes the Adam step with the raw gradient', () => {
    // p = 2·(1 − 0.1·0.5) = 1.9; m = 0.5; v = 0.5; denom = √0.5/√0.5 = 1; p = 1.9 − (0.1/0.5)·0.5 = 1.8
    const p = param([2]);
    const opt = new AdamW([p], { lr: 0.1, betas: [0.5, 0.5], eps: 0, weightDecay: 0.5 });
    stepWith(opt, p, [1]);
    expectClose(p, [1.8]);
  });

  it('defaults to weightDecay 0.01', () => {
    expect(new AdamW([param([0])]).defaults.weightDecay).toBe(0.01);
  });
});

describe('RMSprop by hand', () => {
  it('plain: p − lr·g/√s', () => {
    // s = 0.5·4 = 2; p = 1 − 0.1·2/√2 = 1 − 0.1·√2
    const p = param([1]);
    const opt = new RMSprop([p], { lr: 0.1, alpha: 0.5, eps: 0 });
    stepWith(opt, p, [2]);
    expectClose(p, [1 - 0.1 * Math.SQRT2]);
  });

  it('centered: divides by √(s − a²)', () => {
    // s = 2; a = 0.5·2 = 1; denom = √(2 − 1) = 1; p = 1 − 0.1·2 = 0.8
    const p = param([1]);
    const opt = new RMSprop([p], { lr: 0.1, alpha: 0.5, eps: 0, centered: true });
    stepWith(opt, p, [2]);
    expectClose(p, [0.8]);
  });

  it('momentum accumulates g/denom', () => {
    // step 1: s = 2; b = 2/√2 = √2; p = 1 − 0.1·√2
    // step 2: s = 0.5·2 + 0.5·4 = 3; b = 0.5·√2 + 2/√3; p −= 0.1·b
    const p = param([1]);
    const opt = new RMSprop([p], { lr: 0.1, alpha: 0.5, eps: 0, momentum: 0.5 });
    stepWith(opt, p, [2]);
    expectClose(p, [1 - 0.1 * Math.SQRT2]);
    stepWith(opt, p, [2]);
    expectClose(p, [1 - 0.1 * Math.SQRT2 - 0.1 * (0.5 * Math.SQRT2 + 2 / Math.sqrt(3))]);
    expectClose(opt.state.get(p)!.squareAvg as Tensor, [3]);
  });
});

describe('Adagrad by hand', () => {
  it('accumulates squared gradients and decays the lr', () => {
    // sum starts at 1. Step 1: sum = 1 + 9 = 10, lr = 1: p = −3/√10.
    // Step 2: sum = 19, lr = 1/(1 + 1·0.5) = 2/3: p −= (2/3)·3/√19 = 2/√19.
    const p = param([0]);
    const opt = new Adagrad([p], { lr: 1, lrDecay: 0.5, eps: 0, initialAccumulatorValue: 1 });
    stepWith(opt, p, [3]);
    expectClose(p, [-3 / Math.sqrt(10)]);
    stepWith(opt, p, [3]);
    expectClose(p, [-3 / Math.sqrt(10) - 2 / Math.sqrt(19)]);
    expect(opt.state.get(p)!.step).toBe(2);
    expectClose(opt.state.get(p)!.sum as Tensor, [19]);
  });
});
