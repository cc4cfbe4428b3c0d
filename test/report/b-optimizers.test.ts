/**
 * Section B of the catalog (optimizers): each claim's verdict and key values, checked against
 * hand derivations written out below and evaluated in plain JavaScript.
 *
 * momentum-two-forms — HOLDS. Form II gives θ_{t+1} − θ_t = −α·v_{t+1}, so v_t = −(θ_t − θ_{t−1})/α
 *   for t ≥ 1, and for t = 0 as well: v⁰ = 0 = θ⁰ − θ⁻¹ (θ⁻¹ = θ⁰). Substituting,
 *     θ_{t+1} = θ_t − α(g_t + β·v_t) = θ_t − α·g_t + β(θ_t − θ_{t−1}),
 *   which is form I: the same iterates for any gradient sequence. PyTorch-style SGD with momentum μ
 *   and dampening 0 keeps buf = g on the first step and buf = μ·buf + g afterwards, then
 *   θ ← θ − lr·buf: form II with v⁰ = 0 (0·β + g = g). Hand example (the check's shown one):
 *   g = [3, 0], [−1, 5], [−1, −2], θ⁰ = −3, α = 0.1, β = 0.9:
 *     v¹ = [3, 0],                         θ¹ = [−3.3, −3]
 *     v² = [−1 + 2.7, 5 + 0] = [1.7, 5],    θ² = [−3.47, −3.5]
 *     v³ = [−1 + 1.53, −2 + 4.5] = [0.53, 2.5], θ³ = [−3.523, −3.75].
 *
 * optimizer-state-memory — HOLDS. SGD keeps no state, momentum one buffer per parameter, Adam two
 *   (exp_avg, exp_avg_sq; its step count is a scalar). The check's MLP Linear(10→20), Linear(20→5)
 *   with biases has P = 10·20 + 20 + 20·5 + 5 = 325 float32 parameters: 0 < 4P = 1300 < 8P = 2600 bytes.
 *
 * grad-accumulation-layernorm — REFUTED. With mean-reduced losses, K equal micro-batches of size
 *   B/K and loss/K: Σ_k (1/K)·(1/(B/K·d))·Σ_{i∈k} ℓ_i = (1/(B·d))·Σ_i ℓ_i, the full-batch loss — as long
 *   as each ℓ_i depends on sample i alone. LayerNorm normalizes each sample by its own mean and
 *   variance, so ℓ_i depends on sample i alone and accumulation is exact (the claim that it fails
 *   is false). BatchNorm in training mode normalizes by the (micro-)batch statistics, so ℓ_i depends
 *   on the other samples of its micro-batch and the two updates differ.
 *
 * grad-accumulation-zero-grad — HOLDS. Zeroing only after the step lets .grad sum
 *   Σ_k ∇(L_k/K) = ∇L_full; zeroing before every micro-batch leaves only ∇(L_K/K), the last
 *   micro-batch's gradient divided by K, which differs from ∇L_full in general.
 *
 * The accumulation gaps are recomputed below in plain JS: the check's model (its weights are read
 * from chainrule layers built with the same seeds, used only as a source of numbers) is evaluated
 * by a plain-JS forward pass, and gradients are central differences of that forward pass.
 */
import { describe, expect, it } from 'vitest';
import { Generator, randn } from '../../src/index.js';
import { Linear } from '../../src/nn/index.js';
import { near, outcomeOf, shownAt } from './helpers.js';

type MomentumRun = { grads: number[][]; theta0: number; alpha: number; beta: number };

/** Form I in plain JS: θ⁺ = θ − α·g + β·(θ − θ⁻), θ⁻¹ = θ⁰. */
function formI({ grads, theta0, alpha, beta }: MomentumRun): number[][] {
  let prev = grads[0]!.map(() => theta0);
  let theta = [...prev];
  return grads.map((g) => {
    const next = theta.map((t, j) => t - alpha * g[j]! + beta * (t - prev[j]!));
    [prev, theta] = [theta, next];
    return next;
  });
}

/** Form II in plain JS: v⁺ = g + β·v, θ⁺ = θ − α·v⁺, v⁰ = 0. */
function formII({ grads, theta0, alpha, beta }: MomentumRun): number[][] {
  let theta = grads[0]!.map(() => theta0);
  let v = grads[0]!.map(() => 0);
  return grads.map((g) => {
    v = g.map((gj, j) => gj + beta * v[j]!);
    theta = theta.map((t, j) => t - alpha * v[j]!);
    return theta;
  });
}

/** PyTorch's documented SGD momentum (dampening 0): buf = g on the first step, then μ·buf + g. */
function torchSgd({ grads, theta0, alpha, beta }: MomentumRun): number[][] {
  let theta = grads[0]!.map(() => theta0);
  let buf: number[] | null = null;
  return grads.map((g) => {
    buf = buf === null ? [...g] : buf.map((b, j) => beta * b + g[j]!);
    theta = theta.map((t, j) => t - alpha * buf![j]!);
    return theta;
  });
}

describe('momentum-two-forms', () => {
  it('my derivation, sanity-checked exhaustively in plain JS: forms I, II and PyTorch-style SGD agree on every small case', () => {
    const values = [-1, 0, 2];
    let cases = 0;
    for (let len = 1; len <= 4; len++) {
      for (let code = 0; code < values.length ** len; code++) {
        const grads = Array.from({ length: len }, (_, t) => [values[Math.floor(code / values.length ** t) % values.length]!]);
        for (const theta0 of [-1, 3])
          for (const alpha of [0.5, 0.1])
            for (const beta of [0, 0.5, 0.9]) {
              const run = { grads, theta0, alpha, beta };
              expect(near(formI(run), formII(run), 1e-12)).toBe(true);
              expect(near(torchSgd(run), formII(run), 1e-12)).toBe(true);
              cases++;
            }
      }
    }
    expect(cases).toBe((3 + 9 + 27 + 81) * 12);
  });

  it('holds: the reported iterates at the shown example are the plain-JS ones (hand example: θ¹ = [−3.3, −3], θ² = [−3.47, −3.5], θ³ = [−3.523, −3.75])', () => {
    const o = outcomeOf('momentum-two-forms');
    expect(o.verdict).toBe('holds');
    expect(o.counterexample).toBeUndefined();
    // my hand iterates (header) are what both plain-JS forms and PyTorch-style SGD give
    const hand = [[-3.3, -3], [-3.47, -3.5], [-3.523, -3.75]];
    const example = { grads: [[3, 0], [-1, 5], [-1, -2]], theta0: -3, alpha: 0.1, beta: 0.9 };
    for (const form of [formI, formII, torchSgd]) expect(near(form(example), hand, 1e-12)).toBe(true);
    const claimed = o.claimed as Record<string, number[][]>;
    const computed = o.computed as Record<string, number[][]>;
    for (const part of ['form I = form II', 'SGD = form II']) {
      const run = shownAt(o.note, part) as MomentumRun;
      expect(near(claimed[part], formII(run), 1e-12)).toBe(true);
      expect(near(computed[part], formII(run), 1e-12)).toBe(true);
      expect(near(formI(run), formII(run), 1e-12)).toBe(true);
    }
    expect(o.note).toMatch(/form I = form II: agrees on 150 random inputs/);
    expect(o.note).toMatch(/SGD = form II: agrees on 150 random inputs/);
  });
});

describe('optimizer-state-memory', () => {
  it('holds: P = 325 float32 parameters, state 0 B (SGD) < 4P = 1300 B (momentum) < 8P = 2600 B (Adam)', () => {
    const P = 10 * 20 + 20 + (20 * 5 + 5);
    expect(P).toBe(325);
    const o = outcomeOf('optimizer-state-memory');
    expect(o.verdict).toBe('holds');
    const c = o.computed as { parameters: number; stateBytes: Record<string, number>; bytesPerParameter: Record<string, number> };
    expect(c.parameters).toBe(P);
    expect(c.stateBytes).toEqual({ SGD: 0, 'SGD+momentum': 4 * P, Adam: 2 * 4 * P });
    expect(c.bytesPerParameter).toEqual({ SGD: 0, 'SGD+momentum': 4, Adam: 8 });
  });
});

// ---------------------------------------------------------------------------------------------
// Gradient accumulation, recomputed in plain JS.

type Norm = 'layer' | 'batch' | 'none';
/** Flat parameter vector [W1 (6×4), b1 (6), γ (6), β (6), W2 (3×6), b2 (3)] (γ, β only with a norm). */
type Model = { theta: number[]; norm: Norm };
const EPS = 1e-5; // LayerNorm / BatchNorm default, as in PyTorch

/**
 * The check's model: Linear(4→6) [→ norm] → Linear(6→3), float64, both Linears drawn from
 * Generator(3) in that order. chainrule's Linear is used only as the source of the initial numbers;
 * the norm's affine parameters start at γ = 1, β = 0 by definition.
 */
function initialModel(norm: Norm): Model {
  const gen = new Generator(3);
  const l1 = new Linear(4, 6, { dtype: 'float64', generator: gen });
  const l2 = new Linear(6, 3, { dtype: 'float64', generator: gen });
  const flat = (l: Linear): number[] => [...(l.weight.toArray() as number[][]).flat(), ...(l.bias!.toArray() as number[])];
  const affine = norm === 'none' ? [] : [...new Array<number>(6).fill(1), ...new Array<number>(6).fill(0)];
  return { theta: [...flat(l1), ...affine, ...flat(l2)], norm };
}

/** Mean squared error of the model on the given rows, plain JS. */
function mse({ theta, norm }: Model, X: number[][], Y: number[][]): number {
  const W1 = (o: number, i: number): number => theta[o * 4 + i]!;
  const b1 = (o: number): number => theta[24 + o]!;
  const off = norm === 'none' ? 30 : 42;
  const gamma = (j: number): number => theta[30 + j]!;
  const beta = (j: number): number => theta[36 + j]!;
  const W2 = (o: number, i: number): number => theta[off + o * 6 + i]!;
  const b2 = (o: number): number => theta[off + 18 + o]!;
  let H = X.map((x) => Array.from({ length: 6 }, (_, o) => b1(o) + x.reduce((s, xi, i) => s + W1(o, i) * xi, 0)));
  if (norm === 'layer') {
    H = H.map((h) => {
      const mu = h.reduce((s, v) => s + v, 0) / 6;
      const va = h.reduce((s, v) => s + (v - mu) ** 2, 0) / 6;
      return h.map((v, j) => ((v - mu) / Math.sqrt(va + EPS)) * gamma(j) + beta(j));
    });
  } else if (norm === 'batch') {
    const n = H.length;
    const mu = Array.from({ length: 6 }, (_, j) => H.reduce((s, h) => s + h[j]!, 0) / n);
    const va = Array.from({ length: 6 }, (_, j) => H.reduce((s, h) => s + (h[j]! - mu[j]!) ** 2, 0) / n); // biased, as in training
    H = H.map((h) => h.map((v, j) => ((v - mu[j]!) / Math.sqrt(va[j]! + EPS)) * gamma(j) + beta(j)));
  }
  let total = 0;
  H.forEach((h, r) => {
    for (let o = 0; o < 3; o++) total += (b2(o) + h.reduce((s, v, i) => s + W2(o, i) * v, 0) - Y[r]![o]!) ** 2;
  });
  return total / (X.length * 3);
}

/** Central-difference gradient of f at θ (plain JS). */
function numericGrad(f: (theta: number[]) => number, theta: number[]): number[] {
  const h = 1e-6;
  return theta.map((_, k) => {
    const plus = [...theta];
    const minus = [...theta];
    plus[k]! += h;
    minus[k]! -= h;
    return (f(plus) - f(minus)) / (2 * h);
  });
}

/** The check's data: x [8×4] then y [8×3] drawn from Generator(5) (chainrule only as the number source). */
function data(): { X: number[][]; Y: number[][] } {
  const gen = new Generator(5);
  const X = randn([8, 4], { dtype: 'float64', generator: gen }).toArray() as number[][];
  const Y = randn([8, 3], { dtype: 'float64', generator: gen }).toArray() as number[][];
  return { X, Y };
}

/**
 * max |Δparameter| between one SGD step (lr 0.1) with the full batch and one with K = 4 micro-batches
 * of 2 (loss/4 each): lr·max|∇L_full − Σ_k ∇L_k/4|, or with zeroing every micro-batch lr·max|∇L_full − ∇L_4/4|.
 */
function plainGap(norm: Norm, zeroEveryMicroBatch = false): number {
  const { X, Y } = data();
  const { theta } = initialModel(norm);
  const full = numericGrad((t) => mse({ theta: t, norm }, X, Y), theta);
  const micro = [0, 1, 2, 3].filter((k) => !zeroEveryMicroBatch || k === 3);
  const acc = numericGrad((t) => micro.reduce((s, k) => s + mse({ theta: t, norm }, X.slice(2 * k, 2 * k + 2), Y.slice(2 * k, 2 * k + 2)) / 4, 0), theta);
  return 0.1 * Math.max(...full.map((g, k) => Math.abs(g - acc[k]!)));
}

// Central differences of a smooth O(1) loss with h = 1e−6: rounding error ≈ 1e−16/1e−6 = 1e−10 and
// truncation ≈ h² = 1e−12 per gradient entry, so the plain-JS gaps are good to ~1e−10 — far below
// the 3–4 significant digits the check reports.
const FD_NOISE = 1e-8;

describe('grad-accumulation-layernorm', () => {
  it('my derivation in plain JS: the mean-loss identity, and the gaps (LayerNorm ≈ 0, BatchNorm ≫ 0, no norm ≈ 0)', () => {
    // the identity Σ_k (1/K)·mean(micro-batch k) = mean(all) for equal micro-batches, on integers
    const l = [3, -1, 4, 1, -5, 9, 2, 6];
    const means = [0, 1, 2, 3].map((k) => (l[2 * k]! + l[2 * k + 1]!) / 2);
    expect(means.reduce((s, m) => s + m / 4, 0)).toBe(l.reduce((s, v) => s + v, 0) / 8);
    expect(plainGap('layer')).toBeLessThan(FD_NOISE);
    expect(plainGap('none')).toBeLessThan(FD_NOISE);
    expect(plainGap('batch')).toBeGreaterThan(1e-3);
  });

  it('is refuted: LayerNorm accumulation is exact; BatchNorm (training mode) is the one that fails, by the plain-JS gap', () => {
    const o = outcomeOf('grad-accumulation-layernorm');
    expect(o.verdict).toBe('refuted');
    expect(o.claimed).toEqual({ layerNorm: 'fails', batchNormTrain: 'not stated (checked too)' });
    const c = o.computed as { layerNorm: string; batchNormTrain: string; maxParameterDifference: Record<string, number> };
    expect(c.layerNorm).toBe('equivalent');
    expect(c.batchNormTrain).toBe('fails');
    const gaps = c.maxParameterDifference;
    expect(gaps.layerNorm).toBeLessThan(1e-12);
    expect(gaps.noNorm).toBeLessThan(1e-12);
    // reported to 3 significant digits: |reported − true| ≤ half a unit in the last place
    const batch = plainGap('batch');
    const halfUnit = 0.5 * 10 ** (Math.floor(Math.log10(batch)) - 2);
    expect(Math.abs(gaps.batchNormTrain! - batch)).toBeLessThanOrEqual(halfUnit + FD_NOISE);
    expect(o.note).toMatch(/K = 4 micro-batches/);
  });
});

describe('grad-accumulation-zero-grad', () => {
  it('holds: zeroing after the step matches the full batch (gap ≈ 0); zeroing every micro-batch leaves ∇L₄/4, off by the plain-JS gap', () => {
    const o = outcomeOf('grad-accumulation-zero-grad');
    expect(o.verdict).toBe('holds');
    const claimed = o.claimed as Record<string, unknown>;
    const computed = o.computed as Record<string, number>;
    expect(claimed['zero after step']).toBe(0);
    expect(computed['zero after step']).toBeLessThanOrEqual(1e-12);
    const everyMicro = plainGap('none', true);
    expect(everyMicro).toBeGreaterThan(1e-3);
    // reported to 4 significant digits
    const halfUnit = 0.5 * 10 ** (Math.floor(Math.log10(everyMicro)) - 3);
    expect(Math.abs(computed['zero every micro-batch differs']! - everyMicro)).toBeLessThanOrEqual(halfUnit + FD_NOISE);
  });
});
