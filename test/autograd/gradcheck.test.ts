/**
 * gradcheck / gradgradcheck catch wrong VJPs: the report names the worst element with its
 * analytic and numeric values; the fast (projection) mode catches them too; gradgradcheck
 * catches a VJP that is right but not correctly differentiable (it uses .detach()).
 */
import { describe, expect, it } from 'vitest';
import { DTypeError, GradcheckError, ValueError, defineFunction, gradcheck, gradgradcheck, tensor } from '../../src/index.js';
import { f64, thrown } from './support.js';


// y = x², but the VJP forgets the factor 2: analytic x vs numeric 2x, worst where |x| is largest
const WrongSquare = defineFunction({
  name: 'WrongSquare',
  forward(ctx, x) {
    ctx.saveForBackward(x);
    return x.mul(x);
  },
  backward(ctx, g) {
    return [g.mul(ctx.saved[0]!)];
  },
});

// y = x², VJP 2x·g but with x detached: right first derivative, second derivative lost
const DetachedSquare = defineFunction({
  name: 'DetachedSquare',
  forward(ctx, x) {
    ctx.saveForBackward(x);
    return x.mul(x);
  },
  backward(ctx, g) {
    return [g.mul(ctx.saved[0]!.detach()).mul(2)];
  },
});

describe('gradcheck', () => {
  it('passes for correct built-in ops, comparing every Jacobian entry', () => {
    const x = f64([0.5, -1.5, 2], true);
    const y = f64([1, 2, 3], true);
    const report = gradcheck((a, b) => a.mul(b).sin(), [x, y]);
    expect(report.ok).toBe(true);
    expect(report.mode).toBe('full');
    expect(report.compared).toBe(2 * 3 * 3); // 2 inputs × 3 outputs × 3 elements
  });

  it('throws GradcheckError naming the worst element with its analytic and numeric values', () => {
    const x = f64([0.5, -1.5, 2], true);
    const err = thrown(() => gradcheck((t) => WrongSquare.apply(t), [x]));
    expect(err).toBeInstanceOf(GradcheckError);
    const { report } = err as GradcheckError;
    expect(report.ok).toBe(false);
    // d y_2 / d x_2: analytic x = 2, numeric 2x = 4 (the largest gap, 2)
    expect(report.worst!.inputIndex).toEqual([2]);
    expect(report.worst!.outputIndex).toEqual([2]);
    expect(report.worst!.analytic).toBe(2);
    expect(report.worst!.numeric).toBeCloseTo(4, 6);
    expect(err.message).toMatch(/^gradcheck: Jacobian mismatch at d output\[0\]\[2\] \/ d input\[0\]\[2\]: analytic 2, numeric (4\.0000000|3\.9999999)/);
  });

  it('raiseException: false returns the failing report instead', () => {
    const report = gradcheck((t) => WrongSquare.apply(t), [f64([1, 3], true)], { raiseException: false });
    expect(report.ok).toBe(false);
    expect(report.worst!.inputIndex).toEqual([1]);
  });

  it('fast mode (random projections) catches the wrong VJP too', () => {
    const x = f64([0.5, -1.5, 2], true);
    const err = thrown(() => gradcheck((t) => WrongSquare.apply(t), [x], { fastMode: true }));
    expect(err).toBeInstanceOf(GradcheckError);
    const { report } = err as GradcheckError;
    expect(report.mode).toBe('fast');
    // vᵀ J u with the wrong J = diag(x) is exactly half of the true vᵀ diag(2x) u
    expect(report.worst!.analytic / report.worst!.numeric).toBeCloseTo(0.5, 6);
    expect(err.message).toContain('projection');
  });

  it('fast mode passes for a correct op', () => {
    expect(gradcheck((t) => t.tanh().mul(t), [f64([0.1, 0.2, -0.3], true)], { fastMode: true }).ok).toBe(true);
  });

  it('skips inputs that do not require grad and checks several outputs', () => {
    const report = gradcheck((a, c) => [a.mul(c), a.exp()], [f64([1, 2], true), f64([3, 4])]);
    expect(report.ok).toBe(true);
    expect(report.compared).toBe(2 * 2 + 2 * 2);
  });

  it('needs float64 inputs and at least one input requiring grad', () => {
    expect(() => gradcheck((t) => t.mul(2), [tensor([1], { requiresGrad: true })])).toThrow(DTypeError);
    expect(() => gradcheck((t) => t.mul(2), [tensor([1], { requiresGrad: true })])).toThrow(/input 0 \(shape \[1\]\) is float32/);
    expect(() => gradcheck((t) => t.mul(2), [f64([1])])).toThrow(ValueError);
  });

  it('restores the inputs after perturbing them', () => {
    const x = f64([0.5, -1.5], true);
    gradcheck((t) => t.pow(3), [x]);
    expect(x.toArray()).toEqual([0.5, -1.5]);
  });
});

describe('gradgradcheck', () => {
  it('passes for correct built-in ops', () => {
    expect(gradgradcheck((t) => t.sigmoid().mul(t), [f64([0.3, -0.7], true)]).ok).toBe(true);
  });

  it('the detached VJP passes gradcheck but fails gradgradcheck', () => {
    const x = f64([0.5, -1.5, 2], true);
    expect(gradcheck((t) => DetachedSquare.apply(t), [x]).ok).toBe(true);
    const err = thrown(() => gradgradcheck((t) => DetachedSquare.apply(t), [x]));
    expect(err).toBeInstanceOf(GradcheckError);
    // The first derivative as a function of x is v·2x, whose true derivative is 2v; the
    // detached VJP makes autograd see 0 instead.
    const { worst } = (err as GradcheckError).report;
    expect(worst!.input).toBe(0);
    expect(worst!.analytic).toBe(0);
    expect(Math.abs(worst!.numeric)).toBeGreaterThan(0.1);
  });
});
