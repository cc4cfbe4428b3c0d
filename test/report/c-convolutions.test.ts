/**
 * Section C of the catalog (convolutions and pooling): each claim's verdict and key values,
 * checked against hand derivations written out below and evaluated in plain JavaScript.
 *
 * receptive-field-stack — HOLDS under the check's reading (1-based rows, inclusive, pad 1 on all
 *   four 3×3 convs). A 3×3 pad-1 conv maps row r to rows r−1..r+1 of its input; two of them:
 *   y₁[i] ← X[i−2 : i+2]. A 2×2 pool takes rows 2i−1, 2i: y₂[i] ← X[(2i−1)−2 : 2i+2] = X[2i−3 : 2i+2].
 *   Two more convs: rows j−2..j+2 of y₂; the pool: j ∈ {2i−1, 2i} → y₂[2i−3 : 2i+2] → X[2(2i−3)−3 :
 *   2(2i+2)+2] = X[4i−9 : 4i+6]. Clipping commutes with these monotone maps. Why this reading: the
 *   catalog writes the y₁ pair as "conv3×3 (pad 1), conv3×3 (pad 1)" and the y₃ pair as "conv3×3,
 *   conv3×3 (pad 1)" — the shared "(pad 1)" read for both keeps every map size-preserving
 *   (40 → 40 → 20 → 20 → 10) and gives a field centred like y₁'s; with the first y₃ conv unpadded
 *   the field would be X[4i−7 : 4i+8] instead, and the claim would be refuted. "Sees" = can
 *   influence: for max-pool the union over inputs of the arg-max routes is the whole window.
 *
 * inception-naive-counts — HOLDS (reading: "same" padding keeps 32×32, biases, a ReLU after each
 *   conv, the pool branch has no parameters, one multiplication per weight per output position,
 *   additions = (K − 1) per dot product + 1 for the bias = K).
 *   Parameters: (256·128 + 128) + (256·192·9 + 192) + (256·96·25 + 96) = 32,896 + 442,560 + 614,496 = 1,089,952.
 *   Multiplications = additions: 32·32·(256·128 + 256·192·9 + 256·96·25) = 1024·1,089,536 = 1,115,684,864.
 *   Activations (ReLU outputs): (128 + 192 + 96)·32·32 = 416·1024 = 425,984.
 *
 * inception-bottleneck-counts — HOLDS, same reading. Convs: 256→128 (1×1), 256→64 (1×1), 64→192 (3×3),
 *   256→64 (1×1), 64→96 (5×5), 256→64 (1×1 after the pool).
 *   Parameters: 32,896 + 16,448 + (64·192·9 + 192 = 110,784) + 16,448 + (64·96·25 + 96 = 153,696) + 16,448 = 346,720.
 *   Multiplications = additions: 1024·(32,768 + 16,384 + 110,592 + 16,384 + 153,600 + 16,384) = 1024·346,112 = 354,418,688.
 *   Activations: (128 + 64 + 192 + 64 + 96 + 64)·1024 = 608·1024 = 622,592.
 *
 * depthwise-separable-params — HOLDS: 3·4·3·3 = 108; depthwise 3·(1·3·3) = 27; pointwise 3·4 = 12; 39.
 *
 * conv-weight-grad — HOLDS. y_{ij} = Σ_{h,l} x_{i+h−1, j+l−1} w_{hl} (1-based), so
 *   ∂L/∂w_{hl} = Σ_{ij} dy_{ij}·∂y_{ij}/∂w_{hl} = Σ_{ij} x_{i+h−1, j+l−1}·dy_{ij}: dW = X ⋆ dY.
 *
 * conv-bias-grad — REFUTED. Every output adds b: ∂y_{ij}/∂b = 1, so ∂L/∂b = Σ_{ij} dy_{ij}, zero only
 *   when dY happens to sum to 0; an SGD step moves b by −lr·Σ dY.
 *
 * conv-weight-grad-variance — REFUTED (the mean part holds). dw_{hl} = Σ over the m = (n−k+1)²
 *   output positions of x·dy, m products of independent zero-mean factors, pairwise uncorrelated,
 *   each of variance σx²σg²: E = 0 and Var = (n−k+1)²·σx²σg², not (n−k+1)·σx²σg². At the check's
 *   n = 8, k = 3, σx = 1.5, σg = 0.5: v := σx²σg² = 0.5625, true Var = 36v = 20.25, claimed 6v = 3.375.
 *   Standard errors from N samples, for Gaussian x and dy: SE(mean) = sqrt(m·v/N);
 *   E[S⁴] = m·E[(x·dy)⁴] + 3m(m−1)v² = (9m + 3m(m−1))v², so Var(S²) = (2m² + 6m)v² and
 *   SE(sample variance) = v·sqrt((2m² + 6m)/N). N = 40,000: SE(mean) = 0.0225, SE(var) = 0.1490.
 *
 * conv-weight-grad-std-growth — HOLDS: std = (n−k+1)·σxσg, linear in n (Θ(n), so O(n)). The relative
 *   SE of a sample std is about half that of the sample variance: ½·sqrt((2 + 6/m)/N) ≤ 0.0055 for
 *   m ≥ 16, N = 20,000; 5 of them is 0.0275.
 *
 * maxpool-avgpool-backward — HOLDS: y = max of the window has ∂y/∂x = 1 at the (unique) arg-max and 0
 *   elsewhere; y = (x₁ + x₂ + x₃ + x₄)/4 has ∂y/∂x_k = 1/4.
 *
 * conv1d-filter-recovery — HOLDS. With filter [p, q, r]: [1p + 4q + 0r, 4p + 0q − 2r, 0p − 2q + 3r]
 *   = [−2, 2, 11]. The matrix [[1,4,0],[4,0,−2],[0,−2,3]] has det = 1·(0 − 4) − 4·(12 − 0) = −52 ≠ 0,
 *   so the filter is unique; [2, −1, 3] gives 2 − 4 = −2, 8 − 6 = 2, 2 + 9 = 11.
 *
 * conv-transpose-1d — HOLDS: input i scatters its filter copy to outputs 2i..2i+2 (0-based):
 *   a → 0,1,2; b → 2,3,4; c → 4,5,6; output length (3 − 1)·2 + 3 = 7, overlaps at 2 and 4.
 *
 * conv-transpose-2d — REFUTED. Stride 1: output (2 − 1) + 2 = 3 per side; each input value scatters
 *   a scaled filter copy with its top-left at its own position:
 *     −1·[[1,−1],[0,1]] at (0,0), 2·… at (0,1), 3·… at (1,0), 1·… at (1,1):
 *     row 0: [−1, 1 + 2, −2] = [−1, 3, −2]
 *     row 1: [0 + 3, −1 + 0 − 3 + 1, 2 − 1] = [3, −3, 1]
 *     row 2: [0, 0 + 3, 1] = [0, 3, 1].
 *   The claimed [[−1, −2], [0, 1]] is just the four corners (the entries with a single contribution).
 *
 * conv-output-length — HOLDS: windows start at 0, 2, 4 (the next, at 6, would need index 8 > 6):
 *   ⌊(7 − 3)/2⌋ + 1 = 3.
 */
import { describe, expect, it } from 'vitest';
import { Generator, randn } from '../../src/index.js';
import { near, outcomeOf, shownAt } from './helpers.js';

/** Timeout for the tests that run a slow check (training, Monte Carlo, ResNet-152) on a shared, loaded machine. */
const SLOW = 180_000;

type Field = [number, number];

/** Plain-JS dependency sets: fields[r] = the set of input rows (1-based) output row r + 1 depends on. */
type Rows = Set<number>[];
const union = (sets: Set<number>[]): Set<number> => new Set(sets.flatMap((s) => [...s]));
const conv3Pad1 = (f: Rows): Rows => f.map((_, r) => union([f[r - 1], f[r], f[r + 1]].filter((s): s is Set<number> => s !== undefined)));
const conv3Valid = (f: Rows): Rows => f.slice(0, f.length - 2).map((_, r) => union([f[r]!, f[r + 1]!, f[r + 2]!]));
const pool2 = (f: Rows): Rows => Array.from({ length: Math.floor(f.length / 2) }, (_, r) => union([f[2 * r]!, f[2 * r + 1]!]));
/** [first, last] of each set, after checking it is a contiguous range. */
const ranges = (f: Rows): Field[] =>
  f.map((s) => {
    const lo = Math.min(...s);
    const hi = Math.max(...s);
    expect(s.size).toBe(hi - lo + 1);
    return [lo, hi];
  });

describe('receptive-field-stack', () => {
  const S = 40;
  const identity: Rows = Array.from({ length: S }, (_, r) => new Set([r + 1]));
  const y1 = conv3Pad1(conv3Pad1(identity));
  const y2 = pool2(y1);
  const y3 = pool2(conv3Pad1(conv3Pad1(y2)));
  const clip = ([lo, hi]: Field): Field => [Math.max(lo, 1), Math.min(hi, S)];

  it('my interval formulas agree with plain-JS dependency propagation on a 40-row input', () => {
    expect(ranges(y1)).toEqual(y1.map((_, k) => clip([k + 1 - 2, k + 1 + 2])));
    expect(ranges(y2)).toEqual(y2.map((_, k) => clip([2 * (k + 1) - 3, 2 * (k + 1) + 2])));
    expect(ranges(y3)).toEqual(y3.map((_, k) => clip([4 * (k + 1) - 9, 4 * (k + 1) + 6])));
    // the other reading (first y₃ conv unpadded) gives X[4i−7 : 4i+8] — a different claim
    const y3Unpadded = pool2(conv3Pad1(conv3Valid(y2)));
    expect(ranges(y3Unpadded)).toEqual(y3Unpadded.map((_, k) => clip([4 * (k + 1) - 7, 4 * (k + 1) + 8])));
  });

  it('holds: the computed fields of every output row equal the plain-JS ones (40, 20 and 10 rows), max-pool routes stay inside', () => {
    const o = outcomeOf('receptive-field-stack');
    expect(o.verdict).toBe('holds');
    const computed = o.computed as Record<string, unknown>;
    const claimed = o.claimed as Record<string, unknown>;
    for (const [name, rows] of [['y1', y1], ['y2', y2], ['y3', y3]] as const) {
      expect(computed[name]).toEqual(ranges(rows));
      expect(claimed[name]).toEqual(ranges(rows));
    }
    expect(computed['sampled max-pool routes stay inside the field']).toBe(true);
    expect(o.note).toMatch(/padding 1 on all four 3×3 convolutions/);
  }, SLOW);
});

/** Plain-JS counts of a "same"-padded k×k conv with bias on a 32×32 map, followed by a ReLU. */
const convCounts = (cin: number, cout: number, k: number): number[] => {
  const positions = 32 * 32;
  const K = cin * k * k; // terms of each dot product
  return [cin * cout * k * k + cout, positions * cout * K, positions * cout * (K - 1 + 1), positions * cout];
};
const add = (parts: number[][]): number[] => parts.reduce((s, p) => s.map((v, i) => v + p[i]!), [0, 0, 0, 0]);

describe('inception-naive-counts', () => {
  it('holds: [1,089,952 parameters, 1,115,684,864 mults, as many adds, 425,984 ReLU outputs]', () => {
    const hand = add([convCounts(256, 128, 1), convCounts(256, 192, 3), convCounts(256, 96, 5)]);
    expect(hand).toEqual([32_896 + 442_560 + 614_496, 1024 * 1_089_536, 1024 * 1_089_536, 416 * 1024]);
    expect(hand).toEqual([1_089_952, 1_115_684_864, 1_115_684_864, 425_984]);
    const o = outcomeOf('inception-naive-counts');
    expect(o.verdict).toBe('holds');
    expect(o.claimed).toEqual(hand);
    expect(o.computed).toEqual(hand);
  });
});

describe('inception-bottleneck-counts', () => {
  it('holds: [346,720 parameters, 354,418,688 mults, as many adds, 622,592 ReLU outputs]', () => {
    const hand = add([convCounts(256, 128, 1), convCounts(256, 64, 1), convCounts(64, 192, 3), convCounts(256, 64, 1), convCounts(64, 96, 5), convCounts(256, 64, 1)]);
    expect(hand).toEqual([346_720, 1024 * 346_112, 1024 * 346_112, 608 * 1024]);
    expect(hand).toEqual([346_720, 354_418_688, 354_418_688, 622_592]);
    const o = outcomeOf('inception-bottleneck-counts');
    expect(o.verdict).toBe('holds');
    expect(o.claimed).toEqual(hand);
    expect(o.computed).toEqual(hand);
  });
});

describe('depthwise-separable-params', () => {
  it('holds: [3·4·9, 3·9, 3·4, 27 + 12] = [108, 27, 12, 39]', () => {
    const hand = [3 * 4 * 9, 3 * 9, 3 * 4, 3 * 9 + 3 * 4];
    expect(hand).toEqual([108, 27, 12, 39]);
    const o = outcomeOf('depthwise-separable-params');
    expect(o.verdict).toBe('holds');
    expect(o.computed).toEqual(hand);
  });
});

type ConvProblem = { X: number[][]; W: number[][]; dY: number[][] };
/** Valid single-channel cross-correlation, plain JS. */
const correlate = (X: number[][], W: number[][]): number[][] =>
  Array.from({ length: X.length - W.length + 1 }, (_, i) =>
    Array.from({ length: X[0]!.length - W[0]!.length + 1 }, (_, j) => W.reduce((s, row, h) => s + row.reduce((t, w, l) => t + w * X[i + h]![j + l]!, 0), 0)),
  );
/** L = Σ dY ⊙ (X ⋆ W + b) and its exact gradients: L is linear in W and b, so unit perturbations give them exactly. */
const lossOf = ({ X, dY }: ConvProblem, W: number[][], b: number): number => correlate(X, W).reduce((s, row, i) => s + row.reduce((t, y, j) => t + (y + b) * dY[i]![j]!, 0), 0);

describe('conv-weight-grad', () => {
  it('holds: at the shown example dW = X ⋆ dY equals the exact derivative of Σ dY ⊙ (X ⋆ W) (plain JS)', () => {
    const o = outcomeOf('conv-weight-grad');
    expect(o.verdict).toBe('holds');
    const p = shownAt(o.note) as ConvProblem;
    const exact = p.W.map((row, h) =>
      row.map((_, l) => {
        const bumped = p.W.map((r, hh) => r.map((w, ll) => (hh === h && ll === l ? w + 1 : w)));
        return lossOf(p, bumped, 0) - lossOf(p, p.W, 0);
      }),
    );
    expect(correlate(p.X, p.dY)).toEqual(exact); // dW = X ⋆ dY
    expect(o.claimed).toEqual(exact);
    expect(o.computed).toEqual(exact);
    expect(o.note).toMatch(/agrees on 150 random inputs/);
  });
});

describe('conv-bias-grad', () => {
  it('is refuted: at the counterexample ∂L/∂b = Σ dY ≠ 0', () => {
    const o = outcomeOf('conv-bias-grad');
    expect(o.verdict).toBe('refuted');
    const p = o.counterexample as ConvProblem;
    const exact = lossOf(p, p.W, 1) - lossOf(p, p.W, 0);
    expect(exact).toBe(p.dY.flat().reduce((s, v) => s + v, 0));
    expect(exact).not.toBe(0);
    expect(o.claimed).toBe(0);
    expect(o.computed).toBe(exact);
  });
});

describe('conv-weight-grad-variance', () => {
  const [n, k, sx, sg, N] = [8, 3, 1.5, 0.5, 40_000];
  const m = (n - k + 1) ** 2;
  const v = sx ** 2 * sg ** 2;
  const seMean = Math.sqrt((m * v) / N);
  const seVar = v * Math.sqrt((2 * m * m + 6 * m) / N);

  it('my standard errors: SE(mean) = 0.0225, SE(variance) ≈ 0.149', () => {
    expect(v).toBe(0.5625);
    expect(m * v).toBe(20.25);
    expect(seMean).toBeCloseTo(0.0225, 12);
    expect(seVar).toBeCloseTo(0.149, 3);
  });

  it('is refuted: the Monte-Carlo variance is within 5 SE of (n−k+1)²σx²σg² = 20.25 and > 100 SE from the claimed 3.375', () => {
    const o = outcomeOf('conv-weight-grad-variance');
    expect(o.verdict).toBe('refuted');
    expect(o.note).toMatch(/refuted part\(s\): variance( \||$)/);
    const claimed = o.claimed as { mean: number; variance: number };
    const computed = o.computed as { mean: { mean: number; standardError: number }; variance: { variance: number; standardError: number; withSquare: number } };
    expect(claimed).toEqual({ mean: 0, variance: (n - k + 1) * v });
    expect(claimed.variance).toBe(3.375);
    // the reported standard errors estimate mine (sample moments: a few % of sampling error at N = 40,000)
    expect(Math.abs(computed.mean.standardError - seMean) / seMean).toBeLessThan(0.05);
    expect(Math.abs(computed.variance.standardError - seVar) / seVar).toBeLessThan(0.05);
    // by the CLT the estimates are normal to a good approximation: 5 SE leaves a chance < 1e−6 of a false alarm
    expect(Math.abs(computed.mean.mean)).toBeLessThanOrEqual(5 * seMean);
    expect(Math.abs(computed.variance.variance - m * v)).toBeLessThanOrEqual(5 * seVar);
    expect(Math.abs(computed.variance.variance - claimed.variance)).toBeGreaterThan(100 * seVar);
    expect(computed.variance.withSquare).toBe(20.25);
  }, SLOW);
});

describe('conv-weight-grad-std-growth', () => {
  it('holds: std ≈ n − 2 (k = 3, σx = σg = 1) at n = 6, 10, 18, 34, within 5 relative SE each', () => {
    const o = outcomeOf('conv-weight-grad-std-growth');
    expect(o.verdict).toBe('holds');
    const rows = o.computed as { n: number; std: number; stdOverNMinusKPlus1: number }[];
    expect(rows.map((r) => r.n)).toEqual([6, 10, 18, 34]);
    for (const { n, std, stdOverNMinusKPlus1 } of rows) {
      const m = (n - 2) ** 2;
      const relSe = 0.5 * Math.sqrt((2 + 6 / m) / 20_000);
      expect(relSe).toBeLessThanOrEqual(0.0055);
      // values are reported to 4 significant digits (≤ 5e−4 relative rounding)
      expect(Math.abs(stdOverNMinusKPlus1 - 1)).toBeLessThanOrEqual(5 * relSe + 5e-4);
      expect(Math.abs(std / (n - 2) - 1)).toBeLessThanOrEqual(5 * relSe + 5e-4);
    }
    // linear growth: from n = 6 to n = 34 the std grows (34 − 2)/(6 − 2) = 8× (√n growth would be √(34/6) ≈ 2.4×)
    expect(rows[3]!.std / rows[0]!.std).toBeGreaterThan(7.5);
  }, SLOW);
});

describe('maxpool-avgpool-backward', () => {
  /** The check's problem at {h, w, seed}: Generator and randn are only the source of the numbers. */
  const problem = ({ h, w, seed }: { h: number; w: number; seed: number }): { X: number[][]; G: number[][] } => {
    const gen = new Generator(seed);
    const values = Array.from({ length: 4 * h * w }, (_, i) => i).sort(() => gen.uniform() - 0.5);
    const G = (randn([1, 1, h, w], { dtype: 'float64', generator: gen }).toArray() as number[][][][])[0]![0]!;
    const X = Array.from({ length: 2 * h }, (_, r) => values.slice(r * 2 * w, (r + 1) * 2 * w));
    return { X, G };
  };

  it('holds: at the shown example the max-pool gradient is dY at each window’s arg-max (0 elsewhere) and the avg-pool one dY/4', () => {
    const o = outcomeOf('maxpool-avgpool-backward');
    expect(o.verdict).toBe('holds');
    const claimed = o.claimed as Record<string, number[][]>;
    const computed = o.computed as Record<string, number[][]>;
    for (const part of ['maxPool', 'avgPool']) {
      const at = shownAt(o.note, part) as { h: number; w: number; seed: number };
      const { X, G } = problem(at);
      const expected = X.map((row) => row.map(() => 0));
      for (let i = 0; i < at.h; i++)
        for (let j = 0; j < at.w; j++) {
          const cells: [number, number][] = [[2 * i, 2 * j], [2 * i, 2 * j + 1], [2 * i + 1, 2 * j], [2 * i + 1, 2 * j + 1]];
          if (part === 'avgPool') for (const [r, c] of cells) expected[r]![c] = G[i]![j]! / 4;
          else {
            const [r, c] = cells.reduce((a, b) => (X[b[0]]![b[1]]! > X[a[0]]![a[1]]! ? b : a));
            expected[r]![c] = G[i]![j]!;
          }
        }
      expect(near(claimed[part], expected, 1e-15)).toBe(true);
      expect(near(computed[part], expected, 1e-15)).toBe(true);
    }
  });
});

describe('conv1d-filter-recovery', () => {
  it('holds: Cramer’s rule on the 3×3 system (det −52) gives [2, −1, 3], whose forward pass is [−2, 2, 11]', () => {
    const A = [[1, 4, 0], [4, 0, -2], [0, -2, 3]];
    const b = [-2, 2, 11];
    const det3 = (M: number[][]): number =>
      M[0]![0]! * (M[1]![1]! * M[2]![2]! - M[1]![2]! * M[2]![1]!) - M[0]![1]! * (M[1]![0]! * M[2]![2]! - M[1]![2]! * M[2]![0]!) + M[0]![2]! * (M[1]![0]! * M[2]![1]! - M[1]![1]! * M[2]![0]!);
    expect(det3(A)).toBe(-52);
    const filter = [0, 1, 2].map((c) => det3(A.map((row, r) => row.map((a, cc) => (cc === c ? b[r]! : a)))) / det3(A));
    expect(filter).toEqual([2, -1, 3]);
    const o = outcomeOf('conv1d-filter-recovery');
    expect(o.verdict).toBe('holds');
    const c = o.computed as { recovered: number[]; forward: number[] };
    expect(near(c.recovered, [2, -1, 3], 1e-12)).toBe(true);
    expect(c.forward).toEqual(correlate([[1, 4, 0, -2, 3]], [[2, -1, 3]])[0]);
    expect(c.forward).toEqual([-2, 2, 11]);
  });
});

/** Transposed convolution by scattering scaled filter copies (plain JS), 1-D. */
const scatter1d = (input: number[], filter: number[], stride: number): number[] => {
  const out = new Array<number>((input.length - 1) * stride + filter.length).fill(0);
  input.forEach((v, i) => filter.forEach((f, k) => (out[i * stride + k]! += v * f)));
  return out;
};

describe('conv-transpose-1d', () => {
  it('my formula equals the scatter on every input in {−1, 0, 1, 2}⁶', () => {
    const vals = [-1, 0, 1, 2];
    for (let code = 0; code < 4 ** 6; code++) {
      const [a, b, c, x, y, z] = Array.from({ length: 6 }, (_, t) => vals[Math.floor(code / 4 ** t) % 4]!) as [number, number, number, number, number, number];
      expect(near(scatter1d([a, b, c], [x, y, z], 2), [a * x, a * y, a * z + b * x, b * y, b * z + c * x, c * y, c * z], 0)).toBe(true); // exact (near, not toEqual: 0 vs −0)
    }
  });

  it('holds: at [a, b, c, x, y, z] = [1, 2, 3, 4, 5, 6] the output is [4, 5, 14, 10, 24, 15, 18]', () => {
    expect(scatter1d([1, 2, 3], [4, 5, 6], 2)).toEqual([4, 5, 14, 10, 24, 15, 18]);
    const o = outcomeOf('conv-transpose-1d');
    expect(o.verdict).toBe('holds');
    expect(shownAt(o.note)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(o.claimed).toEqual([4, 5, 14, 10, 24, 15, 18]);
    expect(o.computed).toEqual([4, 5, 14, 10, 24, 15, 18]);
  });
});

describe('conv-transpose-2d', () => {
  it('is refuted: the output is the 3×3 [[−1, 3, −2], [3, −3, 1], [0, 3, 1]]; the claim lists only its corners', () => {
    const input = [[-1, 2], [3, 1]];
    const filter = [[1, -1], [0, 1]];
    const out = [0, 1, 2].map(() => [0, 0, 0]);
    input.forEach((row, i) => row.forEach((v, j) => filter.forEach((frow, h) => frow.forEach((f, l) => (out[i + h]![j + l]! += v * f)))));
    const hand = [[-1, 3, -2], [3, -3, 1], [0, 3, 1]];
    expect(out).toEqual(hand);
    const o = outcomeOf('conv-transpose-2d');
    expect(o.verdict).toBe('refuted');
    expect(o.claimed).toEqual([[-1, -2], [0, 1]]);
    expect(o.computed).toEqual(hand);
    expect([[hand[0]![0], hand[0]![2]], [hand[2]![0], hand[2]![2]]]).toEqual(o.claimed);
  });
});

describe('conv-output-length', () => {
  it('holds: window starts 0, 2, 4 fit in length 7 (⌊(7 − 3)/2⌋ + 1 = 3)', () => {
    const starts: number[] = [];
    for (let s = 0; s + 3 <= 7; s += 2) starts.push(s);
    expect(starts).toEqual([0, 2, 4]);
    const o = outcomeOf('conv-output-length');
    expect(o.verdict).toBe('holds');
    expect(o.claimed).toBe(3);
    expect(o.computed).toBe(starts.length);
  });
});
