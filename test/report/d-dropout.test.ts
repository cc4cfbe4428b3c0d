/**
 * Section D of the catalog (dropout and regularization): verdicts and key values against hand
 * derivations, re-evaluated in plain JavaScript; the two training claims (at the end) against a
 * plain-JS simulation of the same training with an independent random number generator.
 *
 * Toy data: x = [10, 1], y = 11, ŷ = w·x; ‖x‖² = 101.
 *
 * dropout-ols-minnorm — HOLDS. Every w with 10w₁ + w₂ = 11 fits exactly; the min-norm one lies in
 *   span(x): w = x·y/‖x‖² = [110/101, 11/101] = [1.0891089108…, 0.1089108910…]; the claimed 8-digit
 *   values are within 1.1e−9 of it. GD from 0 on (11 − w·x)² moves along x only, and the residual
 *   is multiplied by (1 − 2·lr·‖x‖²) = 1 − 0.808 = 0.192 per step (lr = 0.004), so it converges there.
 *
 * dropout-augmented-ols — HOLDS. Keep-masks (1 = keep) [0,0], [0,1], [1,0], [1,1] scaled by
 *   1/(1 − 0.5) = 2 give rows [0,0], [0,2], [20,0], [20,2]. XᵀX = [[0+400+0+400, 20·2], [40, 4+4]]
 *   = [[800, 40], [40, 8]], Xᵀy = [11·(20+20), 11·(2+2)] = [440, 44]; det = 6400 − 1600 = 4800;
 *   w₁ = (440·8 − 40·44)/4800 = 1760/4800 = 11/30, w₂ = (800·44 − 40·440)/4800 = 17600/4800 = 11/3.
 *   Claimed [0.36666667, 3.6666667] is within 3.4e−8 of [11/30, 11/3].
 *
 * dropout-rate-discontinuity — HOLDS. Drop probability p, keep q = 1 − p, mask m_j ~ Bernoulli(q),
 *   input m_j·x_j/q: E[m_j/q] = 1, Var(m_j/q) = p/q, so with ρ = p/q
 *     E(y − Σ_j m_j x_j w_j/q)² = (y − x·w)² + ρ·Σ_j x_j² w_j².
 *   Gradient zero: ρ·x_j·w_j = y − x·w =: r for j = 1, 2, so 10w₁ = w₂ = a with a = r/ρ and
 *   r = 11 − 2a ⇒ a(ρ + 2) = 11 ⇒ a = 11/(2 + ρ) = 11q/(2q + p) = 11(1 − p)/(2 − p).
 *     w(p) = [11(1 − p)/(10(2 − p)), 11(1 − p)/(2 − p)]   (p = 0.5: [11/30, 11/3], as above)
 *   Hessian H = 2(xxᵀ + ρ·diag(x²)), det H = 4(100(1+ρ)² − 100) = 400(2ρ + ρ²) > 0 for p > 0 (unique
 *   minimizer, a rational function of p: smooth), = 0 at p = 0 (a line of minimizers, GD picks the
 *   min-norm [110/101, 11/101]). Limit p → 0⁺: [0.55, 5.5] ≠ [1.089…, 0.1089…]: a jump of
 *   ‖[0.55 − 110/101, 5.5 − 11/101]‖ ≈ 5.42.
 *
 * dropout-tikhonov — HOLDS. Row i: r_i = y_i − Σ_j R_ij X_ij w_j with R_ij ~ Bernoulli(p) independent:
 *   E r_i² = (y_i − p(Xw)_i)² + Σ_j p(1−p) X_ij² w_j²; summing over i gives
 *   ‖y − pXw‖² + p(1−p) Σ_j (Σ_i X_ij²) w_j² = ‖y − pXw‖² + p(1−p)‖Γ̃w‖².
 *
 * dropout-rescale — HOLDS. With w = p·w̃: ‖y − pXw̃‖² = ‖y − Xw‖² and
 *   p(1−p)‖Γ̃w̃‖² = p(1−p)‖Γ̃w‖²/p² = ((1−p)/p)‖Γ̃w‖² = ‖sqrt((1−p)/p)·Γ̃w‖².
 *
 * dropout-ridge-change-of-variables-a — REFUTED. ‖y − Xw‖² + λ‖Γw‖² with w̃ = Γw, i.e. w = Γ⁻¹w̃,
 *   is ‖y − XΓ⁻¹w̃‖² + λ‖w̃‖²: X̃ = XΓ⁻¹ (columns scaled, a right product). The claimed
 *   √Γ·Γ⁻¹·X = Γ^{−1/2}X scales rows (and is not even defined unless X is square).
 *
 * dropout-ridge-change-of-variables-b — REFUTED. X̃Γ = X is right (see a), but the penalty becomes
 *   λ‖w̃‖²: the ridge weight stays λ̃ = λ, not λΓ⁻¹. One false part refutes the conjunction.
 *
 * dropout-column-norms — HOLDS. Γ = sqrt((1−p)/p)·Γ̃ and X̃ = XΓ⁻¹: column j of X̃ is
 *   X_j/(sqrt((1−p)/p)·‖X_j‖), of norm sqrt(p/(1−p)) for every j, increasing in p:
 *   p = 0.1, 0.25, 0.5, 0.75, 0.9 → 1/3, 1/√3, 1, √3, 3.
 *
 * gaussian-multiplicative-noise — HOLDS. As for tikhonov with E R_ij = μ and Var R_ij = σ²:
 *   E r_i² = (y_i − μ(Xw)_i)² + σ² Σ_j X_ij² w_j². Moreover r_i ~ N(m_i, s_i²) with
 *   m_i = y_i − μ(Xw)_i, s_i² = σ² Σ_j X_ij² w_j², independent across i, so
 *   Var(Σ r_i²) = Σ_i (2s_i⁴ + 4m_i²s_i²): the standard error of a Monte-Carlo mean is known exactly.
 *
 * dropout-sgd-converges — HOLDS. One SGD step on (w·x̃ − 11)² with x̃ = m⊙x/(1 − p), m a fresh mask:
 *   w⁺ = w − lr·2(x̃x̃ᵀw − 11x̃). The mask is independent of the current w and the step is linear in w,
 *   so E[w⁺] = E[w] − lr·(H·E[w] − 2·11·E[x̃]) with H = 2E[x̃x̃ᵀ] = ½·[[800, 40], [40, 8]] = [[400, 20], [20, 4]]:
 *   the mean iterate follows exact GD on the expected loss, whose unique minimizer is [11/30, 11/3]
 *   (dropout-augmented-ols). H's eigenvalues are 202 ± √39604 ≈ 401.0 and 2.9925, so with lr = 0.001
 *   the mean contracts by ≤ 1 − 0.0029925 per step: after 20,000 steps the transient is
 *   ≈ e^{−60}, and the average of the iterates over steps 20,000..40,000 is unbiased for the
 *   minimizer. There w₂ = 11/3 = 10·(11/30) = 10·w₁: the contributions 10·w₁ and w₂ are equal.
 *   Its scatter (the iterates keep jumping with the masks) is measured by simulating the same run
 *   40 times in plain JS with an independent generator; it sets the tolerance below.
 *
 * dropout-adam-same-solution — HOLDS (reading: the same point up to the iterates' noise, as the check's
 *   3 % tolerance states). Adam's update −lr·m̂/(√v̂ + ε) is not linear in the gradient, so there is no
 *   exact argument; but v̂ averages ~1000 squared gradients and is nearly constant, so the mean update
 *   vanishes where E[g] = 0, i.e. at the same minimizer. The plain-JS simulation of PyTorch's Adam
 *   (lr 0.01, β = (0.9, 0.999), ε = 1e−8) confirms it: its averaged iterate agrees with [11/30, 11/3]
 *   within the simulation's standard error.
 */
import { describe, expect, it } from 'vitest';
import { TOY_X, TOY_Y } from '../../src/report/d-dropout.js';
import { mat, near, outcomeOf, shownAt, sumSq } from './helpers.js';

/** Timeout for the tests that run a slow check (training, Monte Carlo, ResNet-152) on a shared, loaded machine. */
const SLOW = 180_000;

const minNorm = [110 / 101, 11 / 101];
const wOf = (p: number): number[] => [(11 * (1 - p)) / (10 * (2 - p)), (11 * (1 - p)) / (2 - p)];
const detOf = (p: number): number => {
  const rho = p / (1 - p);
  return 400 * (2 * rho + rho * rho);
};

describe('my own derivations, cross-checked in plain JS', () => {
  it('the closed form w(p) is stationary for the enumerated expected dropout loss (plain JS, exact masks)', () => {
    // E over the 4 masks, written out directly; its gradient by central differences (exact for a quadratic up to rounding)
    const loss = (w: number[], p: number): number => {
      let e = 0;
      for (const m of [[0, 0], [0, 1], [1, 0], [1, 1]]) {
        const pr = m.reduce((a, k) => a * (k ? 1 - p : p), 1);
        const r = 11 - (m[0]! * 10 * w[0]! + m[1]! * 1 * w[1]!) / (1 - p);
        e += pr * r * r;
      }
      return e;
    };
    for (const p of [0.5, 0.2, 0.01]) {
      const w = wOf(p);
      const h = 1e-4;
      for (let j = 0; j < 2; j++) {
        const plus = [...w];
        const minus = [...w];
        plus[j]! += h;
        minus[j]! -= h;
        expect(Math.abs((loss(plus, p) - loss(minus, p)) / (2 * h))).toBeLessThan(1e-7);
      }
    }
    expect(wOf(0.5)[0]).toBeCloseTo(11 / 30, 15);
    expect(wOf(0.5)[1]).toBeCloseTo(11 / 3, 14);
  });
});

describe('dropout-ols-minnorm', () => {
  it('holds: GD from 0 reaches x·y/‖x‖² = [110/101, 11/101]', () => {
    const o = outcomeOf('dropout-ols-minnorm');
    expect(o.verdict).toBe('holds');
    expect(o.claimed).toEqual([1.08910891, 0.10891089]);
    expect(near(o.computed, minNorm, 1e-12)).toBe(true);
    expect(near(o.claimed, minNorm, 5e-9)).toBe(true);
  });
});

describe('dropout-augmented-ols', () => {
  it('holds: rows {[0,0],[0,2],[20,0],[20,2]} and w = [11/30, 11/3] from XᵀX = [[800,40],[40,8]], Xᵀy = [440,44]', () => {
    const o = outcomeOf('dropout-augmented-ols');
    expect(o.verdict).toBe('holds');
    const computed = o.computed as { rows: number[][]; solution: number[] };
    const asSet = (rows: number[][]): string[] => rows.map((r) => JSON.stringify(r)).sort();
    expect(asSet(computed.rows)).toEqual(asSet([[0, 0], [0, 2], [20, 0], [20, 2]]));
    // the hand solution of the normal equations, in plain JS
    const [[a, b], [c, d]] = [[800, 40], [40, 8]];
    const [e, f] = [440, 44];
    const det = a! * d! - b! * c!;
    const w = [(e * d! - b! * f) / det, (a! * f - c! * e) / det];
    expect(det).toBe(4800);
    expect(near(w, [11 / 30, 11 / 3], 1e-15, 1e-15)).toBe(true);
    expect(near(computed.solution, [11 / 30, 11 / 3], 1e-12)).toBe(true);
  });
});

describe('dropout-rate-discontinuity', () => {
  it('holds: the sweep follows w(p) = [11(1−p)/(10(2−p)), 11(1−p)/(2−p)], det H = 400(2ρ+ρ²), limit [0.55, 5.5], jump to min-norm at p = 0', () => {
    const o = outcomeOf('dropout-rate-discontinuity');
    expect(o.verdict).toBe('holds');
    const c = o.computed as {
      sweep: { p: number; w: number[]; hessianDet: number }[];
      limitAsPToZero: number[];
      atPZero: number[];
      jumpSize: number;
    };
    expect(c.sweep.length).toBeGreaterThanOrEqual(5);
    expect(Math.min(...c.sweep.map((s) => s.p))).toBeLessThanOrEqual(1e-4);
    for (const s of c.sweep) {
      // reported to 8 significant digits
      expect(near(s.w, wOf(s.p), 0, 1e-7)).toBe(true);
      // reported to 4 significant digits
      expect(Math.abs(s.hessianDet - detOf(s.p)) / detOf(s.p)).toBeLessThan(6e-4);
    }
    expect(near(c.limitAsPToZero, [0.55, 5.5], 1e-5)).toBe(true);
    expect(near(c.atPZero, minNorm, 1e-8)).toBe(true);
    // the jump: from the limit to the min-norm solution
    expect(c.jumpSize).toBeCloseTo(Math.hypot(0.55 - minNorm[0]!, 5.5 - minNorm[1]!), 4);
    expect(c.jumpSize).toBeGreaterThan(5.4);
  });
});

describe('dropout-tikhonov', () => {
  // The check reports both sides at X = [[1,2],[3,−1]], y = [2,1], w̃ = [1,−2], p = 0.5 (keep prob).
  // By hand: Xw̃ = [−3, 5], y − pXw̃ = [3.5, −1.5] → 12.25 + 2.25 = 14.5; column norms² 10 and 5,
  // ‖Γ̃w̃‖² = 10·1 + 5·4 = 30, p(1−p)·30 = 7.5 → 22.
  // Gradient: −2p·Xᵀ(y − pXw̃) + 2p(1−p)·diag(10, 5)·w̃ = −[1·3.5 + 3·(−1.5), 2·3.5 − 1·(−1.5)] + 0.5·[10, −10]
  //         = −[−1, 8.5] + [5, −5] = [6, −13.5].
  const X = [[1, 2], [3, -1]];
  const y = [2, 1];
  const p = 0.5;
  /** E_R‖y − (R⊙X)w‖² by enumerating the 16 keep-masks of the 2×2 X, plain JS. */
  const enumerated = (w: number[]): number => {
    let total = 0;
    for (let k = 0; k < 16; k++) {
      const R = [[(k >> 3) & 1, (k >> 2) & 1], [(k >> 1) & 1, k & 1]];
      const prob = R.flat().reduce((a, r) => a * (r ? p : 1 - p), 1);
      total += prob * sumSq(y.map((yi, i) => yi - (R[i]![0]! * X[i]![0]! * w[0]! + R[i]![1]! * X[i]![1]! * w[1]!)));
    }
    return total;
  };

  it('holds: value 22 and gradient [6, −13.5] at the example, matching exact mask enumeration', () => {
    expect(enumerated([1, -2])).toBeCloseTo(22, 12);
    const h = 1e-3;
    const fd = [0, 1].map((j) => {
      const plus = [1, -2];
      const minus = [1, -2];
      plus[j]! += h;
      minus[j]! -= h;
      return (enumerated(plus) - enumerated(minus)) / (2 * h);
    });
    expect(near(fd, [6, -13.5], 1e-8)).toBe(true);

    const o = outcomeOf('dropout-tikhonov');
    expect(o.verdict).toBe('holds');
    const claimed = o.claimed as { value: number[]; gradient: number[] };
    const computed = o.computed as { value: number[]; gradient: number[] };
    expect(near(claimed.value, [22], 1e-12)).toBe(true);
    expect(near(computed.value, [22], 1e-12)).toBe(true);
    expect(near(claimed.gradient, [6, -13.5], 1e-12)).toBe(true);
    expect(near(computed.gradient, [6, -13.5], 1e-12)).toBe(true);
    expect(o.note).toMatch(/value: agrees on \d+ random inputs/);
    expect(o.note).toMatch(/gradient: agrees on \d+ random inputs/);
  });
});

describe('dropout-rescale', () => {
  it('holds: at the reported example both sides equal ‖y − pXw̃‖² + p(1−p)‖Γ̃w̃‖², evaluated in plain JS', () => {
    const o = outcomeOf('dropout-rescale');
    expect(o.verdict).toBe('holds');
    const { X, y, w, p } = shownAt(o.note) as { X: number[][]; y: number[]; w: number[]; p: number };
    const colSq = X[0]!.map((_, j) => X.reduce((s, row) => s + row[j]! ** 2, 0));
    const dropout = sumSq(y.map((yi, i) => yi - p * X[i]!.reduce((s, x, j) => s + x * w[j]!, 0))) + p * (1 - p) * w.reduce((s, wj, j) => s + colSq[j]! * wj * wj, 0);
    const v = w.map((wj) => p * wj); // w = p·w̃
    const ridge = sumSq(y.map((yi, i) => yi - X[i]!.reduce((s, x, j) => s + x * v[j]!, 0))) + ((1 - p) / p) * v.reduce((s, vj, j) => s + colSq[j]! * vj * vj, 0);
    expect(ridge).toBeCloseTo(dropout, 9);
    expect(o.computed as number).toBeCloseTo(dropout, 9);
    expect(o.claimed as number).toBeCloseTo(dropout, 9);
  });
});

type Ridge = { X: number[][]; y: number[]; v: number[]; gamma: number[]; lambda: number };
const matVec = (X: number[][], v: number[]): number[] => X.map((row) => row.reduce((s, x, j) => s + x * v[j]!, 0));
/** The original objective ‖y − Xw‖² + λ‖Γw‖² at w = Γ⁻¹v (v plays w̃). */
const original = ({ X, y, v, gamma, lambda }: Ridge): number => {
  const w = v.map((vj, j) => vj / gamma[j]!);
  return sumSq(y.map((yi, i) => yi - matVec(X, w)[i]!)) + lambda * sumSq(w.map((wj, j) => gamma[j]! * wj));
};
/** The correct ridge form: X̃ = XΓ⁻¹ (columns divided), penalty λ‖v‖². */
const correctRidge = ({ X, y, v, gamma, lambda }: Ridge): number => {
  const Xt = X.map((row) => row.map((x, j) => x / gamma[j]!));
  return sumSq(y.map((yi, i) => yi - matVec(Xt, v)[i]!)) + lambda * sumSq(v);
};

describe('dropout-ridge-change-of-variables-a', () => {
  it('is refuted: at the counterexample Γ^{−1/2}X (rows scaled) gives a different objective than the original', () => {
    const o = outcomeOf('dropout-ridge-change-of-variables-a');
    expect(o.verdict).toBe('refuted');
    expect(o.counterexample).toBeDefined();
    const r = o.counterexample as Ridge;
    // claimed: X̃ = √Γ·Γ⁻¹·X = Γ^{−1/2}X, i.e. row i of X divided by sqrt(γ_i) (square X)
    expect(r.X.length).toBe(r.X[0]!.length);
    const Xclaimed = r.X.map((row, i) => row.map((x) => x / Math.sqrt(r.gamma[i]!)));
    const claimed = sumSq(r.y.map((yi, i) => yi - matVec(Xclaimed, r.v)[i]!)) + r.lambda * sumSq(r.v);
    const truth = original(r);
    expect(correctRidge(r)).toBeCloseTo(truth, 10); // the correct change of variables agrees
    expect(Math.abs(claimed - truth)).toBeGreaterThan(1e-6); // the claimed one does not
    expect(o.claimed as number).toBeCloseTo(claimed, 10);
    expect(o.computed as number).toBeCloseTo(truth, 10);
  });
});

describe('dropout-ridge-change-of-variables-b', () => {
  it('is refuted: X̃ = XΓ⁻¹ holds, but λ̃ = λΓ⁻¹ changes the objective at the counterexample (λ̃ = λ)', () => {
    const o = outcomeOf('dropout-ridge-change-of-variables-b');
    expect(o.verdict).toBe('refuted');
    expect(o.note).toMatch(/refuted part\(s\): ridgeWeight$|refuted part\(s\): ridgeWeight \|/);
    // the data-matrix part holds: at its reported example, the correct form equals the original
    const shown = shownAt(o.note, 'dataMatrix') as Ridge;
    const claimed = o.claimed as { dataMatrix: number; ridgeWeight: number };
    const computed = o.computed as { dataMatrix: number; ridgeWeight: number };
    expect(claimed.dataMatrix).toBeCloseTo(correctRidge(shown), 10);
    expect(computed.dataMatrix).toBeCloseTo(original(shown), 10);
    expect(correctRidge(shown)).toBeCloseTo(original(shown), 10);
    // the ridge-weight part: penalty Σ_j (λ/γ_j)·v_j² instead of λ‖v‖²
    const cx = (o.counterexample as { ridgeWeight: Ridge }).ridgeWeight;
    const Xt = cx.X.map((row) => row.map((x, j) => x / cx.gamma[j]!));
    const withClaimedWeight = sumSq(cx.y.map((yi, i) => yi - matVec(Xt, cx.v)[i]!)) + cx.v.reduce((s, vj, j) => s + (cx.lambda / cx.gamma[j]!) * vj * vj, 0);
    expect(Math.abs(withClaimedWeight - original(cx))).toBeGreaterThan(1e-6);
    expect(claimed.ridgeWeight).toBeCloseTo(withClaimedWeight, 10);
    expect(computed.ridgeWeight).toBeCloseTo(original(cx), 10);
  });
});

describe('dropout-column-norms', () => {
  it('holds: every column of X̃ has norm sqrt(p/(1−p)) = 1/3, 1/√3, 1, √3, 3 for p = 0.1 … 0.9', () => {
    const o = outcomeOf('dropout-column-norms');
    expect(o.verdict).toBe('holds');
    const computed = o.computed as Record<string, number[]>;
    const ps = [0.1, 0.25, 0.5, 0.75, 0.9];
    expect(Object.keys(computed)).toEqual(ps.map((p) => `p=${p}`));
    const expected = [1 / 3, 1 / Math.sqrt(3), 1, Math.sqrt(3), 3];
    ps.forEach((p, i) => {
      expect(expected[i]).toBeCloseTo(Math.sqrt(p / (1 - p)), 12);
      const norms = computed[`p=${p}`]!;
      expect(norms.length).toBeGreaterThan(1);
      for (const n of norms) expect(Math.abs(n - expected[i]!) / expected[i]!).toBeLessThan(1e-7); // 8 significant digits reported
    });
  });
});

describe('gaussian-multiplicative-noise', () => {
  // X = [[1,2],[−1,0.5],[3,−2]], y = [1,−2,0.5], w = [0.7,−1.3] (the check's data).
  // Xw = [0.7 − 2.6, −0.7 − 0.65, 2.1 + 2.6] = [−1.9, −1.35, 4.7];
  // Σ_j X_ij² w_j² per row: 0.49 + 6.76 = 7.25, 0.49 + 0.4225 = 0.9125, 4.41 + 6.76 = 11.17 (sum ‖Γw‖² = 19.3325).
  // μ = 1, σ = 0.5:  y − Xw = [2.9, −0.65, −4.2] → 26.4725;  + 0.25·19.3325 = 31.305625.
  // μ = 0.5, σ = 1:  y − 0.5Xw = [1.95, −1.325, −1.85] → 8.980625;  + 19.3325 = 28.313125.
  const X = [[1, 2], [-1, 0.5], [3, -2]];
  const y = [1, -2, 0.5];
  const w = [0.7, -1.3];
  const rowVar = X.map((row) => row.reduce((s, x, j) => s + x * x * w[j]! * w[j]!, 0));
  const configs = [
    { key: 'mu=1,sigma=0.5', mu: 1, sigma: 0.5, expected: 31.305625 },
    { key: 'mu=0.5,sigma=1', mu: 0.5, sigma: 1, expected: 28.313125 },
  ];

  it('my hand values agree with the plain-JS formula', () => {
    expect(rowVar.reduce((a, b) => a + b)).toBeCloseTo(19.3325, 12);
    for (const { mu, sigma, expected } of configs) {
      const m = y.map((yi, i) => yi - mu * matVec(X, w)[i]!);
      expect(sumSq(m) + sigma * sigma * rowVar.reduce((a, b) => a + b)).toBeCloseTo(expected, 12);
    }
  });

  it('holds: the Monte-Carlo mean is within 5 SE of the formula, and the SE matches the exact one', () => {
    const o = outcomeOf('gaussian-multiplicative-noise');
    expect(o.verdict).toBe('holds');
    const claimed = o.claimed as Record<string, number>;
    const computed = o.computed as Record<string, { monteCarloMean: number; standardError: number }>;
    const samples = Number(/(\d[\d_,]*) samples/.exec(o.note ?? '')![1]!.replace(/[_,]/g, ''));
    expect(samples).toBeGreaterThanOrEqual(10_000);
    for (const { key, mu, sigma, expected } of configs) {
      expect(claimed[key]).toBeCloseTo(expected, 6);
      const m = y.map((yi, i) => yi - mu * matVec(X, w)[i]!);
      const s2 = rowVar.map((v) => sigma * sigma * v);
      const exactSe = Math.sqrt(m.reduce((acc, mi, i) => acc + 2 * s2[i]! ** 2 + 4 * mi * mi * s2[i]!, 0) / samples);
      const { monteCarloMean, standardError } = computed[key]!;
      expect(Math.abs(standardError - exactSe) / exactSe).toBeLessThan(0.05);
      expect(Math.abs(monteCarloMean - expected)).toBeLessThanOrEqual(5 * exactSe);
    }
    // the note states the sample size, seed and tolerance for each configuration
    expect(o.note).toMatch(/samples \(seed \d+\)/);
    expect(o.note).toMatch(/5 standard errors/);
  });
});

// ---------------------------------------------------------------------------------------------
// The training claims: a plain-JS simulation of the check's runs (w = 0, 40,000 steps, average of
// the iterates over the second half) with an independent generator, replicated to measure the scatter.

/** mulberry32: a small, well-known 32-bit generator, independent of chainrule's. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One run with dropout p = 0.5 on x = [10, 1]: SGD (lr 0.001) or PyTorch's Adam (lr 0.01); returns the second-half average. */
function simulate(optimizer: 'sgd' | 'adam', seed: number, steps = 40_000): number[] {
  const rand = mulberry32(seed);
  const [x1, x2] = TOY_X;
  const w = [0, 0];
  const m = [0, 0];
  const v = [0, 0];
  const sum = [0, 0];
  let counted = 0;
  for (let t = 1; t <= steps; t++) {
    const xt = [rand() < 0.5 ? 2 * x1 : 0, rand() < 0.5 ? 2 * x2 : 0]; // kept features scaled by 1/(1 − p) = 2
    const r = w[0]! * xt[0]! + w[1]! * xt[1]! - TOY_Y;
    for (let j = 0; j < 2; j++) {
      const g = 2 * r * xt[j]!;
      if (optimizer === 'sgd') w[j]! -= 0.001 * g;
      else {
        m[j] = 0.9 * m[j]! + 0.1 * g;
        v[j] = 0.999 * v[j]! + 0.001 * g * g;
        w[j]! -= (0.01 * (m[j]! / (1 - 0.9 ** t))) / (Math.sqrt(v[j]! / (1 - 0.999 ** t)) + 1e-8);
      }
    }
    if (t - 1 >= steps / 2) {
      sum[0]! += w[0]!;
      sum[1]! += w[1]!;
      counted++;
    }
  }
  return sum.map((s) => s / counted);
}

type Spread = { mean: number[]; sd: number[]; ratioMean: number; ratioSd: number; replicates: number };
const spreads = new Map<string, Spread>();
/** Mean and standard deviation of the second-half average (and of w₂/(10·w₁)) over 40 replicates. */
function spreadOf(optimizer: 'sgd' | 'adam'): Spread {
  if (!spreads.has(optimizer)) {
    const R = 40;
    const runs = Array.from({ length: R }, (_, i) => simulate(optimizer, 1000 + i));
    const stat = (f: (w: number[]) => number): [number, number] => {
      const vals = runs.map(f);
      const mu = vals.reduce((a, b) => a + b, 0) / R;
      return [mu, Math.sqrt(vals.reduce((a, b) => a + (b - mu) ** 2, 0) / (R - 1))];
    };
    const [m1, s1] = stat((w) => w[0]!);
    const [m2, s2] = stat((w) => w[1]!);
    const [rm, rs] = stat((w) => w[1]! / (10 * w[0]!));
    spreads.set(optimizer, { mean: [m1, m2], sd: [s1, s2], ratioMean: rm, ratioSd: rs, replicates: R });
  }
  return spreads.get(optimizer)!;
}
const wStar = [11 / 30, 11 / 3];

describe('dropout-sgd-converges', () => {
  it('my derivation in plain JS: H = [[400, 20], [20, 4]] from the 4 masks, the mean iterate contracts by ≤ 0.99701 per step, and the simulated runs average to [11/30, 11/3]', () => {
    // E[x̃x̃ᵀ] over the four equally likely masks (rows of dropout-augmented-ols)
    const rows = [[0, 0], [0, 2], [20, 0], [20, 2]];
    const H = [0, 1].map((i) => [0, 1].map((j) => (2 * rows.reduce((s, r) => s + r[i]! * r[j]!, 0)) / 4));
    expect(H).toEqual([[400, 20], [20, 4]]);
    const lambdaMin = (404 - Math.sqrt(404 ** 2 - 4 * 1200)) / 2;
    expect(lambdaMin).toBeCloseTo(2.9925, 4);
    expect((1 - 0.001 * lambdaMin) ** 20_000).toBeLessThan(1e-25);
    // H·w* = 2·11·E[x̃] = 22·[10, 1]: w* is the stationary point of the mean dynamics
    expect(near(mat.vec(H, wStar), [220, 22], 1e-12)).toBe(true);
    const { mean, sd, replicates } = spreadOf('sgd');
    for (const j of [0, 1]) expect(Math.abs(mean[j]! - wStar[j]!)).toBeLessThanOrEqual((4 * sd[j]!) / Math.sqrt(replicates));
  });

  it('holds: chainrule’s averaged iterate is within 4 simulated SDs of [11/30, 11/3], w₂/(10w₁) within 4 SDs of 1; the 3 % tolerance is ≥ 3.5 SDs', () => {
    const o = outcomeOf('dropout-sgd-converges');
    expect(o.verdict).toBe('holds');
    const ratioKey = 'w₂ ≈ 10·w₁ (equal contributions 10·w₁ and w₂)';
    const claimed = o.claimed as Record<string, unknown>;
    const computed = o.computed as Record<string, unknown>;
    expect(claimed.solution).toEqual([0.36666667, 3.6666667]);
    expect(near(claimed.solution, wStar, 5e-8)).toBe(true);
    expect(claimed[ratioKey]).toBe(1);
    const { sd, ratioSd } = spreadOf('sgd');
    const w = computed.solution as number[];
    for (const j of [0, 1]) {
      expect(Math.abs(w[j]! - wStar[j]!)).toBeLessThanOrEqual(4 * sd[j]!);
      // the check's 3 % relative tolerance: wide enough for the scatter, …
      expect(0.03 * wStar[j]!).toBeGreaterThanOrEqual(3.5 * sd[j]!);
    }
    expect(Math.abs((computed[ratioKey] as number) - 1)).toBeLessThanOrEqual(4 * ratioSd);
    expect(0.03).toBeGreaterThanOrEqual(2.5 * ratioSd);
    // … and narrow enough to tell the dropout solution from the no-dropout min-norm one
    expect(Math.abs(minNorm[0]! - wStar[0]!) / wStar[0]!).toBeGreaterThan(0.5);
    expect(o.note).toMatch(/40000 steps, seed 11\); tolerance 3 % relative/);
  }, SLOW);
});

describe('dropout-adam-same-solution', () => {
  it('my simulation: PyTorch-style Adam’s averaged iterate agrees with [11/30, 11/3] within its standard error', () => {
    const { mean, sd, replicates } = spreadOf('adam');
    for (const j of [0, 1]) expect(Math.abs(mean[j]! - wStar[j]!)).toBeLessThanOrEqual((4 * sd[j]!) / Math.sqrt(replicates));
  });

  it('holds: chainrule’s Adam average is within 4 simulated SDs of [11/30, 11/3] and within 3 % of its SGD run (≥ 3 SDs of the difference)', () => {
    const o = outcomeOf('dropout-adam-same-solution');
    expect(o.verdict).toBe('holds');
    // claimed = the SGD run (same seed, same steps as dropout-sgd-converges)
    expect(o.claimed).toEqual((outcomeOf('dropout-sgd-converges').computed as { solution: number[] }).solution);
    const sgdW = o.claimed as number[];
    const adamW = o.computed as number[];
    const adam = spreadOf('adam');
    const sgd = spreadOf('sgd');
    for (const j of [0, 1]) {
      expect(Math.abs(adamW[j]! - wStar[j]!)).toBeLessThanOrEqual(4 * adam.sd[j]!);
      expect(Math.abs(adamW[j]! - sgdW[j]!)).toBeLessThanOrEqual(0.03 * Math.abs(adamW[j]!));
      // independent runs would differ by sqrt(sd_sgd² + sd_adam²); 3 % is at least 3 of those
      expect(0.03 * wStar[j]!).toBeGreaterThanOrEqual(3 * Math.hypot(sgd.sd[j]!, adam.sd[j]!));
    }
  }, SLOW);
});
