/**
 * Section A of the catalog (backprop through small graphs): each claim's verdict and key values,
 * checked against hand derivations written out below and evaluated in plain JavaScript.
 *
 * The scalar RNN h_t = w·(u_t + h_{t−1}), h_0 = 0, y = h_3, unrolled by hand:
 *   h₁ = w·u₁
 *   h₂ = w·(u₂ + w·u₁)            = w·u₂ + w²·u₁
 *   h₃ = w·(u₃ + w·u₂ + w²·u₁)    = w·u₃ + w²·u₂ + w³·u₁          (= y)
 *   dy/dw = u₃ + 2w·u₂ + 3w²·u₁
 * The catalog's node graph: p = u₁, q = w·p, r = u₂ + q, s = w·r, t = s + u₃, y = w·t, so
 *   ∂y/∂t = w;  ∂y/∂s = ∂y/∂t·1 = w;  ∂y/∂r = ∂y/∂s·w = w²;  ∂y/∂q = ∂y/∂r·1 = w²;  ∂y/∂p = ∂y/∂q·w = w³.
 * The three uses of w contribute (local partial × upstream gradient):
 *   via y = w·t: t;   via s = w·r: (∂y/∂s)·r = w·r = s;   via q = w·p: (∂y/∂q)·p = w²·p = w·q,
 * and t + s + w·q = (w·u₂ + w²·u₁ + u₃) + (w·u₂ + w²·u₁) + w²·u₁ = u₃ + 2w·u₂ + 3w²·u₁ = dy/dw.
 *
 * Verdicts derived: rnn-scalar-forward holds; rnn-scalar-dydw is refuted (the claimed u₂ should be
 * u₃, so claimed − true = u₂ − u₃ ≠ 0 whenever u₂ ≠ u₃); rnn-scalar-node-grads holds;
 * rnn-scalar-edge-sum holds; mlp-manual-backprop holds (it is the chain rule written out);
 * sigmoid-derivative-bound holds (σ' = σ(1 − σ) ≤ 1/4 by AM–GM, equality at z = 0, σ'(z) ≤ e^{−|z|}).
 */
import { describe, expect, it } from 'vitest';
import { Generator } from '../../src/index.js';
import { mat, near, outcomeOf, shownAt } from './helpers.js';

type Rnn = [w: number, u1: number, u2: number, u3: number];

/** The recurrence, evaluated step by step in plain JS. */
const rnnLoop = ([w, u1, u2, u3]: Rnn): number => [u1, u2, u3].reduce((h, u) => w * (u + h), 0);
const trueY = ([w, u1, u2, u3]: Rnn): number => w ** 3 * u1 + w ** 2 * u2 + w * u3;
const trueDydw = ([w, u1, u2, u3]: Rnn): number => 3 * w ** 2 * u1 + 2 * w * u2 + u3;
const claimedDydw = ([w, u1, u2]: Rnn): number => u2 + 2 * w * u2 + 3 * w ** 2 * u1;

// The checks report their values at this example when a claim holds.
const EX: Rnn = [0.5, 1.5, -2, 3];
// By hand at EX: p = 1.5, q = 0.75, r = −2 + 0.75 = −1.25, s = −0.625, t = −0.625 + 3 = 2.375,
// y = 0.5·2.375 = 1.1875 (= 0.125·1.5 + 0.25·(−2) + 0.5·3 = 0.1875 − 0.5 + 1.5).
// dy/dw = 3·0.25·1.5 + 2·0.5·(−2) + 3 = 1.125 − 2 + 3 = 2.125.

describe('A. my own derivation, sanity-checked exhaustively in plain JS', () => {
  it('the unrolled form and dy/dw agree with the loop on every integer point of [−4, 4]⁴', () => {
    const mismatches: Rnn[] = [];
    for (let w = -4; w <= 4; w++)
      for (let u1 = -4; u1 <= 4; u1++)
        for (let u2 = -4; u2 <= 4; u2++)
          for (let u3 = -4; u3 <= 4; u3++) {
            const a: Rnn = [w, u1, u2, u3];
            // y is cubic in w, so the central difference is exact up to the third-derivative term:
            // (y(w+h) − y(w−h))/(2h) = dy/dw + (h²/6)·∂³y/∂w³ = dy/dw + u₁ for h = 1 (∂³y/∂w³ = 6u₁).
            const fd = (rnnLoop([w + 1, u1, u2, u3]) - rnnLoop([w - 1, u1, u2, u3])) / 2;
            if (rnnLoop(a) !== trueY(a) || fd !== trueDydw(a) + u1) mismatches.push(a);
          }
    expect(mismatches).toEqual([]);
  });
});

describe('rnn-scalar-forward', () => {
  it('holds, and y = 1.1875 at [w, u₁, u₂, u₃] = [0.5, 1.5, −2, 3] on both sides', () => {
    const o = outcomeOf('rnn-scalar-forward');
    expect(o.verdict).toBe('holds');
    expect(o.claimed).toBe(1.1875);
    expect(o.computed as number).toBeCloseTo(1.1875, 14);
    expect(o.counterexample).toBeUndefined();
    expect(o.note).toMatch(/agrees on \d+ random inputs/);
  });
});

describe('rnn-scalar-dydw', () => {
  it('is refuted: the reported counterexample violates the claimed formula under plain-JS evaluation', () => {
    const o = outcomeOf('rnn-scalar-dydw');
    expect(o.verdict).toBe('refuted');
    expect(o.counterexample).toBeDefined();
    const cx = o.counterexample as Rnn;
    expect(cx).toHaveLength(4);
    // claimed − true = u₂ − u₃, so a genuine counterexample must have u₂ ≠ u₃
    expect(cx[2]).not.toBe(cx[3]);
    expect(claimedDydw(cx)).not.toBe(trueDydw(cx));
    // the reported values are the two formulas at the counterexample
    expect(o.claimed).toBe(claimedDydw(cx));
    expect(o.computed as number).toBeCloseTo(trueDydw(cx), 12);
    // and the true value is the derivative of the loop (central difference, plain JS)
    const h = 1e-4;
    const fd = (rnnLoop([cx[0] + h, cx[1], cx[2], cx[3]]) - rnnLoop([cx[0] - h, cx[1], cx[2], cx[3]])) / (2 * h);
    expect(fd).toBeCloseTo(o.computed as number, 6);
    expect(o.note).toMatch(/counterexample/);
  });
});

describe('rnn-scalar-node-grads', () => {
  it('holds: [∂y/∂t, ∂y/∂s, ∂y/∂r, ∂y/∂q, ∂y/∂p] = [w, w, w², w², w³] = [0.5, 0.5, 0.25, 0.25, 0.125] at w = 0.5', () => {
    const o = outcomeOf('rnn-scalar-node-grads');
    expect(o.verdict).toBe('holds');
    const expected = [0.5, 0.5, 0.25, 0.25, 0.125];
    expect(o.claimed).toEqual(expected);
    expect(near(o.computed, expected, 1e-15)).toBe(true);
  });
});

describe('rnn-scalar-edge-sum', () => {
  it('holds: contributions [t, w·r, w²·p] = [2.375, −0.625, 0.375] and t + s + w·q = dy/dw = 2.125 at the example', () => {
    const o = outcomeOf('rnn-scalar-edge-sum');
    expect(o.verdict).toBe('holds');
    const claimed = o.claimed as { contributions: number[]; sum: number };
    const computed = o.computed as { contributions: number[]; sum: number };
    expect(near(claimed.contributions, [2.375, -0.625, 0.375], 1e-15)).toBe(true);
    expect(near(computed.contributions, [2.375, -0.625, 0.375], 1e-15)).toBe(true);
    expect(claimed.sum).toBeCloseTo(2.125, 14);
    expect(computed.sum).toBeCloseTo(2.125, 14);
    expect(trueDydw(EX)).toBe(2.125);
  });
});

describe('mlp-manual-backprop', () => {
  it('holds; the reported Jacobian size matches the MLP shown (Σᵢ m·nᵢ + m·nᵢ·nᵢ₋₁ entries)', () => {
    const o = outcomeOf('mlp-manual-backprop');
    expect(o.verdict).toBe('holds');
    expect(o.note).toMatch(/agrees on 40 random inputs \(seed \d+, atol [\d.e-]+, rtol [\d.e-]+\)/);
    const { sizes } = shownAt(o.note) as { sizes: number[] };
    // sizes = [n₀, n₁, …, n_L]; ∂y_L/∂b_i is m×nᵢ and ∂y_L/∂A_i is m×nᵢ×nᵢ₋₁ with m = n_L
    const m = sizes[sizes.length - 1]!;
    let entries = 0;
    for (let i = 1; i < sizes.length; i++) entries += m * sizes[i]! + m * sizes[i]! * sizes[i - 1]!;
    expect(o.claimed).toBe(`${entries} Jacobian entries`);
    expect(o.computed).toBe(`${entries} Jacobian entries`);
  });
});

describe('sigmoid-derivative-bound', () => {
  const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

  it('holds: max σ′ = σ′(0) = 1/4, σ′(±40) ≈ e^{−40}, bias-gradient norms strictly shrink with depth', () => {
    const o = outcomeOf('sigmoid-derivative-bound');
    expect(o.verdict).toBe('holds');
    const c = o.computed as { bound: number; tails: number[]; deepMlp: number[] };
    // σ'(z) = 1/4 − z²/16 + O(z⁴): the grid passes within rounding of z = 0
    expect(Math.abs(c.bound - 0.25)).toBeLessThanOrEqual(1e-12);
    expect(c.bound).toBeLessThanOrEqual(0.25);
    // σ'(−40) = e^{−40}/(1 + e^{−40})² ≈ 4.2484e−18; σ'(40) is the same number, but 1 − σ(40) rounds
    // to 0 in float64, so anything in [0, that] is an honest reading
    const tail = Math.exp(-40) / (1 + Math.exp(-40)) ** 2;
    expect(Math.abs(c.tails[0]! - tail) / tail).toBeLessThan(1e-9);
    expect(c.tails[1]!).toBeGreaterThanOrEqual(0);
    expect(c.tails[1]!).toBeLessThanOrEqual(tail * (1 + 1e-9));
  });

  it('the deep-MLP norms match an independent plain-JS evaluation of the same network', () => {
    // The check's network: 12 layers of width 4, weights 0.5·N(0,1), biases and input N(0,1), drawn
    // from Generator(7) in the order A₁, b₁, A₂, b₂, …, x (the check's randomMlp). chainrule's
    // Generator is used only as the source of those numbers; the Jacobians are products in plain JS:
    //   ∂y_L/∂b_i = A_L D_{L−1} A_{L−1} ⋯ A_{i+1} D_i,  D_k = diag(σ'(ỹ_k)),  ∂y_L/∂b_L = I.
    const depth = 12;
    const width = 4;
    const gen = new Generator(7);
    const A: number[][][] = [];
    const b: number[][] = [];
    for (let i = 0; i < depth; i++) {
      A.push(Array.from({ length: width }, () => Array.from({ length: width }, () => 0.5 * gen.normal())));
      b.push(Array.from({ length: width }, () => gen.normal()));
    }
    const x = Array.from({ length: width }, () => gen.normal());
    const pre: number[][] = [];
    let y = x;
    for (let i = 0; i < depth; i++) {
      const z = mat.vec(A[i]!, y).map((v, k) => v + b[i]![k]!);
      pre.push(z);
      y = i < depth - 1 ? z.map(sigmoid) : z;
    }
    const frob = (M: number[][]): number => Math.sqrt(M.flat().reduce((s, v) => s + v * v, 0));
    const norms: number[] = new Array(depth);
    let J = mat.eye(width);
    for (let i = depth - 1; i >= 0; i--) {
      norms[i] = frob(J);
      if (i > 0) {
        const d = pre[i - 1]!.map((z) => sigmoid(z) * (1 - sigmoid(z)));
        J = mat.mul(J, A[i]!).map((row) => row.map((v, k) => v * d[k]!));
      }
    }
    // Why the norms must shrink: ‖J·A·D‖_F ≤ ‖J‖_F·‖A‖₂·max σ' ≤ ‖J‖_F·‖A‖_F/4, and every ‖A_i‖_F < 4 here.
    for (const Ai of A) expect(frob(Ai)).toBeLessThan(4);

    const reported = (outcomeOf('sigmoid-derivative-bound').computed as { deepMlp: number[] }).deepMlp;
    expect(reported).toHaveLength(depth);
    expect(reported[depth - 1]).toBe(2); // ‖I₄‖_F = 2 exactly
    expect(norms[depth - 1]).toBe(2);
    // reported values are rounded to 4 significant digits
    reported.forEach((r, i) => expect(Math.abs(r - norms[i]!) / norms[i]!).toBeLessThan(6e-4));
    reported.forEach((r, i) => i > 0 && expect(r).toBeGreaterThan(reported[i - 1]!));
    expect(outcomeOf('sigmoid-derivative-bound').note).toMatch(/12 layers of width 4 \(11 sigmoid layers and a linear output\)/);
  });
});
