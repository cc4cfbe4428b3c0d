/**
 * clipGradNorm / clipGradValue: by hand, and against torch.nn.utils.clip_grad_norm_
 * (test/fixtures/optim.json).
 */
import { describe, expect, it } from 'vitest';
import { ValueError, tensor, zeros, type Tensor } from '../../src/index.js';
import { clipGradNorm, clipGradValue } from '../../src/nn/index.js';
import { expectClose, fixture } from './support.js';

/** Parameters whose gradients are the given values. */
function withGrads(...values: number[][]): Tensor[] {
  return values.map((v) => {
    const p = zeros([v.length], { dtype: 'float64', requiresGrad: true });
    p.grad = tensor(v, { dtype: 'float64' });
    return p;
  });
}

describe('clipGradNorm by hand', () => {
  it('2-norm over all gradients together: √(3² + 4² + 12²) = 13, scaled by maxNorm/(13 + 1e−6)', () => {
    const ps = withGrads([3, 4], [12]);
    const total = clipGradNorm(ps, 6.5);
    expect(total.item()).toBe(13);
    expect(total.dtype).toBe('float64');
    const coef = 6.5 / (13 + 1e-6);
    expectClose(ps[0]!.grad!, [3 * coef, 4 * coef], 1e-15);
    expectClose(ps[1]!.grad!, [12 * coef], 1e-15);
  });

  it('1-norm 3 + 4 + 12 = 19 and ∞-norm max = 12', () => {
    expect(clipGradNorm(withGrads([3, -4], [12]), 100, { normType: 1 }).item()).toBe(19);
    expect(clipGradNorm(withGrads([3, -4], [-12]), 100, { normType: Infinity }).item()).toBe(12);
  });

  it('leaves gradients alone when the norm is within maxNorm', () => {
    const ps = withGrads([3, 4], [12]);
    expect(clipGradNorm(ps, 20).item()).toBe(13);
    expect(ps[0]!.grad!.toArray()).toEqual([3, 4]);
    expect(ps[1]!.grad!.toArray()).toEqual([12]);
  });

  it('skips parameters without a gradient; no gradients at all gives 0', () => {
    const [a] = withGrads([3, 4]);
    const b = zeros([2], { requiresGrad: true });
    expect(clipGradNorm([a!, b], 1).item()).toBe(5);
    expect(b.grad).toBeNull();
    expect(clipGradNorm(b, 1).item()).toBe(0);
  });

  it('non-finite norms: scaled anyway by default (as PyTorch), or an error that changes nothing', () => {
    const ps = withGrads([Infinity, 1]);
    expect(() => clipGradNorm(ps, 1, { errorIfNonfinite: true })).toThrow(/clipGradNorm: the total norm of order 2 of the gradients is Infinity/);
    expect(ps[0]!.grad!.toArray()).toEqual([Infinity, 1]);
    expect(clipGradNorm(ps, 1).item()).toBe(Infinity);
    expect(ps[0]!.grad!.toArray()).toEqual([NaN, 0]); // coefficient 1/∞ = 0; ∞·0 = NaN
  });

  it('rejects bad arguments', () => {
    const ps = withGrads([1]);
    expect(() => clipGradNorm(ps, -1)).toThrow(/maxNorm must be a number >= 0, got -1/);
    expect(() => clipGradNorm(ps, 1, { normType: 0 })).toThrow(/normType must be a number > 0 or Infinity, got 0/);
    expect(() => clipGradNorm([1 as never], 1)).toThrow(ValueError);
  });
});

describe('clipGradNorm matches PyTorch', () => {
  const clip = fixture<{ clip: { grads: [number[][], number[]]; cases: { maxNorm: number; normType: number | 'inf'; totalNorm: number; clipped: [number[][], number[]] }[] } }>(
    'optim.json',
  ).clip;
  for (const c of clip.cases) {
    it(`maxNorm ${c.maxNorm}, normType ${c.normType}`, () => {
      const ps = clip.grads.map((g) => {
        const grad = tensor(g, { dtype: 'float64' });
        const p = zeros(grad.shape, { dtype: 'float64', requiresGrad: true });
        p.grad = grad;
        return p;
      });
      const total = clipGradNorm(ps, c.maxNorm, { normType: c.normType === 'inf' ? Infinity : c.normType });
      expectClose(total, [c.totalNorm], 1e-14, 1e-13);
      ps.forEach((p, i) => expectClose(p.grad!, c.clipped[i]!, 1e-14, 1e-13, `grad ${i}`));
    });
  }
});

describe('clipGradValue', () => {
  it('clamps each gradient element into [−v, v]', () => {
    const ps = withGrads([3, -4, 0.5], [12]);
    clipGradValue(ps, 1);
    expect(ps[0]!.grad!.toArray()).toEqual([1, -1, 0.5]);
    expect(ps[1]!.grad!.toArray()).toEqual([1]);
    expect(() => clipGradValue(ps, -1)).toThrow(/clipValue must be a number >= 0/);
  });
});
