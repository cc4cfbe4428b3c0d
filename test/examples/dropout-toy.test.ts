/**
 * dropout-toy: the smoke run, and the numbers the example computes that have a known answer —
 * the closed forms against hand derivations (docs/examples.md), the expected loss against an
 * enumeration of the four masks by hand, and training through real dropout against the closed form.
 */
import { describe, expect, it } from 'vitest';
import { runQuickExample } from './smoke.js';
// @ts-expect-error: a plain JavaScript module without declarations
import { closedForm, expectedLoss, train } from '../../docs/examples/dropout-toy.mjs';

const close = (actual: number[], expected: number[], tol: number): void => {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((a, i) => expect(Math.abs(a - expected[i]!), `component ${i}: ${a} vs ${expected[i]}`).toBeLessThanOrEqual(tol));
};

describe('dropout-toy', () => {
  it('dropout-toy trains and draws in quick mode', async () => {
    const result = await runQuickExample('dropout-toy');
    // the closed form the example prints next to each p = 0.5 run: [11/30, 11/3] to 4 digits
    for (const row of result.rows.filter((r) => r.p === 0.5 && String(r.run).includes('batch'))) {
      expect([row['closed w1'], row['closed w2']]).toEqual([0.3667, 3.667]);
    }
  }, 120_000);

  it('closed forms equal the hand derivations: min-norm 11·x/‖x‖², and w_i = y/((2 + λ)·x_i) with λ = p/(1 − p)', () => {
    close(closedForm(0), [110 / 101, 11 / 101], 1e-12);
    // p = 0.5: λ = 1, (x xᵀ + diag(x²)) w = 11·x → [[200, 10], [10, 2]] w = [110, 11] → w = [11/30, 11/3]
    close(closedForm(0.5), [11 / 30, 11 / 3], 1e-12);
    // p = 0.2: λ = 1/4, w = 11/(2.25·[10, 1]) = [0.48888…, 4.8888…]
    close(closedForm(0.2), [44 / 90, 44 / 9], 1e-12);
    // p → 0⁺: w → [0.55, 5.5], far from the min-norm [1.089, 0.109] (the jump). At p = 1e-6 the
    // system is ill-conditioned (cond ≈ 1e8), so the tolerance is 1e-7.
    const lambda = 1e-6 / (1 - 1e-6);
    close(closedForm(1e-6), [11 / (10 * (2 + lambda)), 11 / (2 + lambda)], 1e-7);
    expect(Math.hypot(closedForm(1e-6)[0]! - 110 / 101, closedForm(1e-6)[1]! - 11 / 101)).toBeGreaterThan(5);
  });

  it('the expected loss equals the average over the four masks, by hand', () => {
    // p = 0.5, w = [0.1, 1]: x̃ ∈ {[0,0], [20,0], [0,2], [20,2]} equally likely, ŷ = 0, 2, 2, 4,
    // squared residuals 121, 81, 81, 49: mean 83.
    expect(expectedLoss([0.1, 1], 0.5)).toBeCloseTo(83, 12);
    // p = 0: the plain loss (11 − 10·0.5 − 1)² = 25
    expect(expectedLoss([0.5, 1], 0)).toBe(25);
  });

  it('SGD through real nn.Dropout at a large batch converges to the closed form (p = 0.5)', () => {
    // lr 0.8/λmax with λmax(x xᵀ + diag(x²)) ≈ 200.5; the slow mode (λmin ≈ 1.5) decays as
    // (1 − 2·lr·λmin)^t ≈ e^−24 over 2000 steps; the dropout noise at batch 1024 averages out over the last quarter.
    const run = train({ p: 0.5, batch: 1024, steps: 2000, lr: 0.8 / 200.5, optimizer: 'sgd', seed: 7, averageFrom: 0.75 });
    close(run.averageW, [11 / 30, 11 / 3], 0.01 * (11 / 3));
    // …and without dropout to the min-norm point
    const plain = train({ p: 0, batch: 1, steps: 200, lr: 0.004, optimizer: 'sgd', seed: 7 });
    close(plain.finalW, [110 / 101, 11 / 101], 1e-5);
  }, 60_000);
});
