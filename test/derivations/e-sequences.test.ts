/**
 * Section E of the catalog (recurrent networks and sequences), the claims implemented so far.
 *
 * rnn-linear-gradient-criterion — REFUTED. For h_t = W_h h_{t−1} + W_x x_t and L = L(h_T),
 *   ∂L/∂h_{t−1} = W_hᵀ ∂L/∂h_t (h_t depends on h_{t−1} only through W_h h_{t−1}), hence
 *   ∂L/∂h_t = (W_hᵀ)^{T−t} ∂L/∂h_T — that part is right. The criterion is not: the long-run growth of
 *   ‖(W_hᵀ)^k g‖ is governed by the spectral radius ρ(W_h) (Gelfand: ‖M^k‖^{1/k} → ρ(M)), and
 *   ρ ≤ σ_max with strict inequality possible. Counterexamples:
 *     • W = [[0, 2], [0, 0]]: σ_max = 2 > 1, but W² = 0, so ∂L/∂h_t = 0 for T − t ≥ 2 (vanish, not explode);
 *     • any W with σ_max ≤ 1 but a singular value / eigenvalue of modulus exactly 1 in the direction of
 *       ∂L/∂h_T, e.g. an orthogonal W or diag(0, −1): the norm stays constant (neither vanishes nor explodes).
 *
 * beam-search-not-optimal — HOLDS (an existence claim plus two facts).
 *   • k = 2 can miss the optimum. Hand example (vocabulary {0, 1, 2}, length 2):
 *       P(first) = [0.4, 0.35, 0.25]; P(· | 0) = P(· | 1) = [0.5, 0.49, 0.01]; P(· | 2) = [0.98, 0.01, 0.01].
 *     Best sequence: [2, 0] with 0.25·0.98 = 0.245 > 0.4·0.5 = 0.2 > 0.35·0.5 = 0.175. Beam k = 2
 *     keeps the prefixes [0], [1] after step 1 and returns [0, 0] (0.2).
 *   • Greedy takes the arg-max at every step, which is exactly beam search keeping the single best
 *     prefix (k = 1), given the same tie-breaking.
 *   • With k ≥ V^L (the number of sequences) no prefix is ever dropped (step s has V^s ≤ k
 *     candidates), so the final ranking is over all sequences: exact.
 */
import { describe, expect, it } from 'vitest';
import { Generator, randn, tensor, type Tensor } from '../../src/index.js';
import { beamSearch, exhaustiveSearch, greedySearch } from '../../src/sequence/beam-search.js';
import { mat, norm, outcomeOf, shownAt } from './helpers.js';

/** σ_max of a 2×2 matrix in closed form: the largest eigenvalue of WᵀW is (‖W‖_F² + sqrt(‖W‖_F⁴ − 4det(W)²))/2. */
function sigmaMax2(W: number[][]): number {
  const fro2 = W.flat().reduce((s, v) => s + v * v, 0);
  const det = W[0]![0]! * W[1]![1]! - W[0]![1]! * W[1]![0]!;
  return Math.sqrt((fro2 + Math.sqrt(Math.max(0, fro2 * fro2 - 4 * det * det))) / 2);
}

/** The behaviour of ‖(Wᵀ)^{T−1}g‖/‖g‖ with the check's stated thresholds: 1 explode (> 10³), −1 vanish (< 10⁻³), 0 neither. */
function behaviour(W: number[][], T: number, g: number[]): number {
  const ratio = norm(mat.vec(mat.pow(mat.t(W), T - 1), g)) / norm(g);
  return ratio > 1e3 ? 1 : ratio < 1e-3 ? -1 : 0;
}

// Generic directions for ∂L/∂h_T (the check draws one at random; no coordinate is special).
const probes = [[0.37, -1.21], [1.9, 0.44], [-0.8, -1.3], [0.05, 2.2]];

describe('rnn-linear-gradient-criterion', () => {
  it('my counterexamples, in plain JS: σ_max > 1 yet vanishing; σ_max = 1 yet not vanishing', () => {
    const nil = [[0, 2], [0, 0]];
    expect(sigmaMax2(nil)).toBeCloseTo(2, 12);
    expect(mat.pow(nil, 2)).toEqual([[0, 0], [0, 0]]);
    for (const g of probes) expect(behaviour(nil, 60, g)).toBe(-1);
    const rotation = [[0, -1], [1, 0]];
    expect(sigmaMax2(rotation)).toBeCloseTo(1, 12);
    for (const g of probes) expect(behaviour(rotation, 60, g)).toBe(0);
  });

  it('is refuted: the formula part holds, the criterion fails on a counterexample that is genuine in plain JS', () => {
    const o = outcomeOf('rnn-linear-gradient-criterion');
    expect(o.verdict).toBe('refuted');
    const claimed = o.claimed as { formula: number; criterion: number };
    const computed = o.computed as { formula: number; criterion: number };
    // ∂L/∂h_t = (W_hᵀ)^{T−t}∂L/∂h_T: the reported relative gap is ~0
    expect(claimed.formula).toBe(0);
    expect(computed.formula).toBeLessThanOrEqual(1e-9);
    expect(o.note).toMatch(/refuted part\(s\): criterion( \||$)/);

    const T = Number(/T = (\d+) steps/.exec(o.note ?? '')![1]);
    expect(T).toBeGreaterThanOrEqual(30);
    const W = (o.counterexample as { criterion: number[][] }).criterion;
    expect(W).toHaveLength(2);
    // the claim's prediction, evaluated independently
    const predicted = sigmaMax2(W) > 1 + 1e-9 ? 1 : -1;
    expect(claimed.criterion).toBe(predicted);
    // what actually happens for generic ∂L/∂h_T: never the predicted behaviour
    const actual = probes.map((g) => behaviour(W, T, g));
    for (const a of actual) expect(a).not.toBe(predicted);
    expect(actual).toContain(computed.criterion);
    expect(computed.criterion).not.toBe(predicted);
  });
});

/** The check's random model: next-token log-probs from Generator(seed·7919 + hash(prefix)). Only a source of numbers. */
function randomModelTable(vocab: number, seed: number): (prefix: readonly number[]) => number[] {
  const hash = (prefix: readonly number[]): number => prefix.reduce((h, t) => (Math.imul(h, 31) + t + 1) >>> 0, 17);
  return (prefix) => {
    const gen = new Generator(seed * 7919 + hash(prefix));
    const z = (randn([vocab], { dtype: 'float64', generator: gen }).toArray() as number[]).map((v) => 2 * v);
    // log-softmax in plain JS
    const m = Math.max(...z);
    const lse = m + Math.log(z.reduce((s, v) => s + Math.exp(v - m), 0));
    return z.map((v) => v - lse);
  };
}

type Seq = { tokens: number[]; logProb: number };
/** Every sequence of `length` tokens with its log-probability, plain JS. */
function allSequences(model: (prefix: readonly number[]) => number[], vocab: number, length: number): Seq[] {
  let seqs: Seq[] = [{ tokens: [], logProb: 0 }];
  for (let s = 0; s < length; s++) seqs = seqs.flatMap((q) => model(q.tokens).map((lp, t) => ({ tokens: [...q.tokens, t], logProb: q.logProb + lp })));
  return seqs;
}
/** Beam search in plain JS (ties by smaller token sequence, which never matters for continuous random scores). */
function plainBeam(model: (prefix: readonly number[]) => number[], k: number, length: number): Seq {
  let beam: Seq[] = [{ tokens: [], logProb: 0 }];
  for (let s = 0; s < length; s++) {
    beam = beam
      .flatMap((q) => model(q.tokens).map((lp, t) => ({ tokens: [...q.tokens, t], logProb: q.logProb + lp })))
      .sort((a, b) => b.logProb - a.logProb)
      .slice(0, k);
  }
  return beam[0]!;
}

describe('beam-search-not-optimal', () => {
  it('my hand example: beam k = 2 returns [0, 0] (0.2) while [2, 0] (0.245) is best; k = 3 and k = 9 find it', () => {
    const table: Record<string, number[]> = {
      '': [0.4, 0.35, 0.25],
      '0': [0.5, 0.49, 0.01],
      '1': [0.5, 0.49, 0.01],
      '2': [0.98, 0.01, 0.01],
    };
    const model = (prefix: readonly number[]): Tensor => tensor(table[prefix.join(',')]!.map(Math.log), { dtype: 'float64' });
    const k2 = beamSearch(model, { beamWidth: 2, length: 2 });
    expect(k2.tokens).toEqual([0, 0]);
    expect(Math.exp(k2.logProb)).toBeCloseTo(0.2, 12);
    const best = exhaustiveSearch(model, { length: 2 });
    expect(best.tokens).toEqual([2, 0]);
    expect(Math.exp(best.logProb)).toBeCloseTo(0.245, 12);
    expect(greedySearch(model, { length: 2 }).tokens).toEqual([0, 0]);
    expect(beamSearch(model, { beamWidth: 1, length: 2 }).tokens).toEqual([0, 0]);
    expect(beamSearch(model, { beamWidth: 3, length: 2 }).tokens).toEqual([2, 0]);
    expect(beamSearch(model, { beamWidth: 9, length: 2 }).tokens).toEqual([2, 0]);
  });

  it('holds; the reported k = 2 failure is genuine under a plain-JS exhaustive search and beam search', () => {
    const o = outcomeOf('beam-search-not-optimal');
    expect(o.verdict).toBe('holds');
    const part = (o.computed as Record<string, unknown>)['k=2 can miss the optimum'] as {
      model: { vocab: number; length: number; seed: number };
      best: Seq;
      beam2: Seq;
    };
    expect(typeof part).toBe('object');
    const { vocab, length, seed } = part.model;
    const model = randomModelTable(vocab, seed);
    const all = allSequences(model, vocab, length);
    expect(all).toHaveLength(vocab ** length);
    // the probabilities of all sequences sum to 1 (the model is a proper distribution)
    expect(all.reduce((s, q) => s + Math.exp(q.logProb), 0)).toBeCloseTo(1, 12);
    const best = all.reduce((a, b) => (b.logProb > a.logProb ? b : a));
    const beam2 = plainBeam(model, 2, length);
    expect(part.best.tokens).toEqual(best.tokens);
    expect(part.best.logProb).toBeCloseTo(best.logProb, 12);
    expect(part.beam2.tokens).toEqual(beam2.tokens);
    expect(part.beam2.logProb).toBeCloseTo(beam2.logProb, 12);
    expect(best.logProb).toBeGreaterThan(beam2.logProb + 1e-9);
    expect(best.tokens).not.toEqual(beam2.tokens);
  });

  it('the greedy and exhaustive parts report the right sequences at their example (plain JS)', () => {
    const o = outcomeOf('beam-search-not-optimal');
    const claimed = o.claimed as Record<string, number[]>;
    const computed = o.computed as Record<string, number[]>;
    for (const key of ['greedy = beam(k=1)', 'k ≥ #sequences is exact']) {
      const { vocab, length, seed } = shownAt(o.note, key) as { vocab: number; length: number; seed: number };
      const model = randomModelTable(vocab, seed);
      const expected =
        key === 'greedy = beam(k=1)'
          ? Array.from({ length }).reduce<number[]>((toks) => {
              const lp = model(toks);
              return [...toks, lp.indexOf(Math.max(...lp))];
            }, [])
          : allSequences(model, vocab, length).reduce((a, b) => (b.logProb > a.logProb ? b : a)).tokens;
      expect(claimed[key]).toEqual(expected);
      expect(computed[key]).toEqual(expected);
    }
  });
});
