/**
 * Version counters: an in-place change of a tensor some node saved for backward makes that
 * node refuse to run (naming itself and the in-place op); in-place changes nobody saved are fine;
 * leaves requiring grad can only change in place under noGrad; views share the counter.
 */
import { describe, expect, it } from 'vitest';
import { AutogradError, noGrad, type Tensor } from '../../src/index.js';
import { expectClose, f64, thrown } from './support.js';


describe('in-place change of a saved tensor', () => {
  // exp saves its output, so changing eˣ in place invalidates ExpBackward.
  const cases: [string, (a: Tensor) => void][] = [
    ['mul_', (a) => a.mul_(2)],
    ['add_', (a) => a.add_(1)],
    ['zero_', (a) => a.zero_()],
    ['fill_', (a) => a.fill_(3)],
    ['copy_', (a) => a.copy_(f64([5, 6]))],
  ];
  for (const [op, change] of cases) {
    it(`${op} on exp's output throws at backward naming ExpBackward and ${op}`, () => {
      const x = f64([0, 1], true);
      const a = x.exp();
      change(a);
      const err = thrown(() => a.sum().backward());
      expect(err).toBeInstanceOf(AutogradError);
      expect((err as AutogradError).op).toBe('ExpBackward');
      expect(err.message).toContain(op);
      expect(err.message).toMatch(/version 0, now 1/);
      expect(x.grad).toBeNull();
    });
  }

  it('an in-place change of an input saved by mul (under noGrad) is caught too', () => {
    // y = w·c saves c for dy/dw; changing c afterwards must be caught
    const w = f64([1, 2], true);
    const c = f64([3, 4]);
    const y = w.mul(c);
    c.mul_(10);
    expect(() => y.sum().backward()).toThrow(/MulBackward.*mul_/s);
  });

  it('x.mul_(2) on a non-leaf that only feeds an add is fine and gives the right gradient', () => {
    // h = x + 1 (AddBackward saves nothing); h ·= 2; y = Σ h → dy/dx = 2
    const x = f64([1, 2], true);
    const h = x.add(1);
    const same = h.mul_(2);
    expect(same).toBe(h);
    expect(h.gradFn!.name).toBe('MulBackward');
    expectClose(h, [4, 6]);
    h.sum().backward();
    expectClose(x.grad!, [2, 2]);
  });

  it('in place on the output of an op that saved its input (not its output) is fine', () => {
    // h = sin x (SinBackward saves x), h ·= 3 → dy/dx = 3 cos x
    const xs = [0.2, -1.1];
    const x = f64(xs, true);
    const h = x.sin();
    h.mul_(3);
    h.sum().backward();
    expectClose(x.grad!, xs.map((v) => 3 * Math.cos(v)));
  });

  it('a chain of in-place ops differentiates through each of them', () => {
    // h = x + 0, h += x → 2x, h ·= 3 → 6x, h −= 1: dy/dx = 6
    const x = f64([1.5, -2], true);
    const h = x.add(0);
    h.add_(x).mul_(3).sub_(1);
    expectClose(h, [8, -13]);
    h.sum().backward();
    expectClose(x.grad!, [6, 6]);
  });

  // Ops whose out-of-place form saves self (mul by a tensor requiring grad, div, clamp) must keep
  // the values from before the write: expected values by hand, and from PyTorch 1.13.
  it('h.mul_(x) then h.sub_(1): d/dx Σ (x·x − 1) = 2x', () => {
    const x = f64([1.5, -2], true);
    const h = x.add(0);
    h.mul_(x).sub_(1);
    h.sum().backward();
    expectClose(x.grad!, [3, -4]);
  });

  it('h.div_(2): d/dx Σ x/2 = ½', () => {
    const x = f64([1.5, -2], true);
    const h = x.add(0);
    h.div_(2);
    h.sum().backward();
    expectClose(x.grad!, [0.5, 0.5]);
  });

  it('h.div_(y) with y requiring grad: d/dy Σ x/y = −x/y²', () => {
    const x = f64([1.5, -2], true);
    const y = f64([2, 4], true);
    const h = x.add(0);
    h.div_(y);
    h.sum().backward();
    expectClose(x.grad!, [0.5, 0.25]);
    expectClose(y.grad!, [-1.5 / 4, 2 / 16]);
  });

  it('h.clamp_(0, 1.7): gradient 1 inside the window, 0 outside', () => {
    const x = f64([1.5, -2, 3], true);
    const h = x.add(0);
    h.clamp_(0, 1.7);
    expectClose(h, [1.5, 0, 1.7]);
    h.sum().backward();
    expectClose(x.grad!, [1, 0, 0]);
  });

  it('c.mul_(w) on a constant c with w requiring grad: d/dw Σ c·w = c', () => {
    const c = f64([3, 4]);
    const w = f64([1, 2], true);
    c.mul_(w);
    expect(c.gradFn!.name).toBe('MulBackward');
    c.sum().backward();
    expectClose(w.grad!, [3, 4]);
  });

  it('h.mul_(x) on a tensor another node saved is still caught', () => {
    const x = f64([1.5, -2], true);
    const h = x.exp();
    h.mul_(x);
    expect(() => h.sum().backward()).toThrow(/ExpBackward.*mul_/s);
  });
});

describe('in place on leaves', () => {
  it('throws on a leaf that requires grad while grad mode is on, leaving it unchanged', () => {
    const x = f64([1, 2], true);
    const err = thrown(() => x.add_(1));
    expect(err).toBeInstanceOf(AutogradError);
    expect(err.message).toMatch(/^add_: .*leaf.*noGrad/);
    expectClose(x, [1, 2]);
    expect(x.versionCounter.value).toBe(0);
  });

  it('works inside noGrad (the optimizer-step pattern), bumping the version', () => {
    const x = f64([1, 2], true);
    noGrad(() => x.sub_(f64([0.5, 0.5])));
    expectClose(x, [0.5, 1.5]);
    expect(x.versionCounter.value).toBe(1);
    expect(x.versionCounter.lastOp).toBe('sub_');
    expect(x.isLeaf).toBe(true);
    expect(x.requiresGrad).toBe(true);
  });

  it('a leaf updated under noGrad after being saved invalidates the saved graph', () => {
    const w = f64([1, 2], true);
    const y = w.mul(w).sum();
    noGrad(() => w.mul_(2));
    expect(() => y.backward()).toThrow(/MulBackward.*mul_/s);
  });

  it('a leaf that does not require grad can change in place freely', () => {
    const c = f64([1, 2]);
    c.mul_(3).add_(1);
    expectClose(c, [4, 7]);
    expect(c.versionCounter.value).toBe(2);
  });
});

describe('views share the version counter', () => {
  it('a view and its base see each other’s in-place changes in their version', () => {
    const base = f64([[1, 2], [3, 4]]);
    const views = [base.narrow(0, 1, 1), base.t(), base.reshape([4]), base.unsqueeze(0), base.detach()];
    for (const v of views) expect(v.versionCounter).toBe(base.versionCounter);
    base.add_(1);
    for (const v of views) expect(v.versionCounter.value).toBe(1);
    views[0]!.mul_(2);
    expect(base.versionCounter.value).toBe(2);
    expectClose(base, [[2, 3], [8, 10]]);
  });

  it('an in-place change of the base invalidates a node that saved a view of it', () => {
    const w = f64([1, 2], true);
    const c = f64([3, 4, 5]);
    const y = w.mul(c.narrow(0, 0, 2)).sum(); // saves the view
    c.fill_(0);
    const err = thrown(() => y.backward());
    expect((err as AutogradError).op).toBe('MulBackward');
    expect(err.message).toContain('fill_');
  });

  it('an in-place change of a view invalidates a node that saved the base', () => {
    const w = f64([1, 2], true);
    const c = f64([3, 4]);
    const y = w.mul(c).sum();
    c.narrow(0, 1, 1).zero_();
    expect(() => y.backward()).toThrow(/MulBackward.*zero_/s);
  });
});
