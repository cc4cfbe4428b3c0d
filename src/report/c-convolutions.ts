/**
 * Section C of the catalog: convolutions and pooling, settled with chainrule's conv/pool layers
 * and functional forms, autograd and Monte Carlo.
 * @module
 */
import fc from 'fast-check';
import { Generator, noGrad, randn, tensor, type GeneratorState, type Tensor } from 'chainrule';
import { AvgPool2d, Conv2d, MaxPool2d, functional as F } from 'chainrule/nn';
import { allOf, checkFormula, compareValues, defineClaim, type Claim, type ClaimOutcome } from './claims.js';
import { quadraticMinimizer } from './linalg.js';

const f64 = (v: number[] | number[][]): Tensor => tensor(v, { dtype: 'float64' });

/**
 * Rows of X (1-based, inclusive) where ∂y[i, c]/∂X is nonzero, for output row i and the middle
 * column c, united over `inputs`.
 */
function gradientRows(net: (x: Tensor) => Tensor, size: number, row: number, inputs: readonly Tensor[]): [number, number] {
  const rows = new Set<number>();
  for (const input of inputs) {
    const x = input.detach().requiresGrad_(true);
    const y = net(x);
    y.select(0, 0).select(0, 0).select(0, row - 1).select(0, Math.floor(y.shape[3]! / 2)).backward();
    (x.grad!.toArray() as number[][][][])[0]![0]!.forEach((r, ri) => {
      if (r.some((v) => v !== 0)) rows.add(ri + 1);
    });
  }
  return [Math.min(...rows), Math.max(...rows)];
}

const receptiveFieldStack = defineClaim({
  id: 'receptive-field-stack',
  section: 'C',
  title: 'y₁[i] sees X[i−2 : i+2], y₂[i] sees X[2i−3 : 2i+2], y₃[i] sees X[4i−9 : 4i+6] (clipped)',
  check: () => {
    const S = 40;
    // The field is the set of inputs that CAN influence the output. A max-pool gradient reaches one
    // arg-max per window; the union over all inputs of those routes is every input of the window,
    // which is exactly where an average pool's gradient goes. So the field of the max-pool network
    // is the gradient support of the same network with AvgPool2d and positive conv weights (no
    // cancellation). Sampled max-pool routes must stay inside it (checked too).
    const build = (pool: MaxPool2d | AvgPool2d, positive: boolean): ((x: Tensor) => Tensor)[] => {
      const gen = new Generator(7);
      const conv = (): Conv2d => {
        const c = new Conv2d(1, 1, 3, { padding: 1, dtype: 'float64', generator: gen });
        if (positive) noGrad(() => c.weight.copy_(c.weight.abs().add(0.1)));
        return c;
      };
      const [c1, c2, c3, c4] = [conv(), conv(), conv(), conv()];
      const y1 = (x: Tensor): Tensor => c2.forward(c1.forward(x));
      const y2 = (x: Tensor): Tensor => pool.forward(y1(x));
      const y3 = (x: Tensor): Tensor => pool.forward(c4.forward(c3.forward(y2(x))));
      return [y1, y2, y3];
    };
    const exact = build(new AvgPool2d(2), true);
    const sampled = build(new MaxPool2d(2), false);
    const ones = [tensor(1, { dtype: 'float64' }).expand([1, 1, S, S]).contiguous()];
    const randomInputs = Array.from({ length: 12 }, (_, t) => randn([1, 1, S, S], { dtype: 'float64', generator: new Generator(1000 + t) }));
    const clip = ([lo, hi]: [number, number]): [number, number] => [Math.max(lo, 1), Math.min(hi, S)];
    const claimed: ((i: number) => [number, number])[] = [(i) => [i - 2, i + 2], (i) => [2 * i - 3, 2 * i + 2], (i) => [4 * i - 9, 4 * i + 6]];
    const parts: Record<string, ClaimOutcome> = {};
    let sampledInside = true;
    ['y1', 'y2', 'y3'].forEach((name, level) => {
      const outRows = S / 2 ** level;
      const rowsToCheck = Array.from({ length: outRows }, (_, k) => k + 1);
      const fields = rowsToCheck.map((i) => gradientRows(exact[level]!, S, i, ones));
      rowsToCheck.forEach((i, k) => {
        const [lo, hi] = gradientRows(sampled[level]!, S, i, randomInputs);
        if (lo < fields[k]![0] || hi > fields[k]![1]) sampledInside = false;
      });
      parts[name] = compareValues(rowsToCheck.map((i) => clip(claimed[level]!(i))), fields, { atol: 0 }, `[first, last] row for every output row i = 1..${outRows} of a ${S}×${S} input`);
    });
    parts['sampled max-pool routes stay inside the field'] = {
      verdict: sampledInside ? 'holds' : 'refuted',
      claimed: true,
      computed: sampledInside,
      note: 'the max-pool network with random weights, 12 random inputs: rows where ∂y/∂X ≠ 0',
    };
    const outcome = allOf(parts);
    return {
      ...outcome,
      note: `reading: 1-based rows, inclusive ranges, padding 1 on all four 3×3 convolutions (as written for y₁; the claim’s “conv3×3, conv3×3 (pad 1)” for y₃ read the same way — with the first y₃ conv unpadded the field would be X[4i−7 : 4i+8]); computed with real Conv2d and pooling layers | ${outcome.note ?? ''}`,
    };
  },
});

const depthwiseSeparableParams = defineClaim({
  id: 'depthwise-separable-params',
  section: 'C',
  title: '3×3 conv 3→4 without bias: 108 parameters; depthwise 3×3 + pointwise 1×1 3→4: 27 + 12 = 39',
  check: () => {
    const count = (m: Conv2d): number => m.parameters().reduce((n, p) => n + p.numel(), 0);
    const plain = count(new Conv2d(3, 4, 3, { bias: false }));
    const depthwise = count(new Conv2d(3, 3, 3, { groups: 3, bias: false }));
    const pointwise = count(new Conv2d(3, 4, 1, { bias: false }));
    return compareValues([108, 27, 12, 39], [plain, depthwise, pointwise, depthwise + pointwise], { atol: 0 }, 'values are [plain, depthwise, pointwise, depthwise + pointwise], counted from real Conv2d layers');
  },
});

/** Random single-channel valid convolutions: input n×m, kernel k×l, integer data. */
const convProblems = fc
  .record({ n: fc.integer({ min: 2, max: 6 }), m: fc.integer({ min: 2, max: 6 }), k: fc.integer({ min: 1, max: 3 }), l: fc.integer({ min: 1, max: 3 }), seed: fc.integer({ min: 0, max: 1e6 }) })
  .filter(({ n, m, k, l }) => k <= n && l <= m)
  .map(({ n, m, k, l, seed }) => {
    const g = new Generator(seed);
    const draw = (): number => g.integer(-3, 4);
    return {
      X: Array.from({ length: n }, () => Array.from({ length: m }, draw)),
      W: Array.from({ length: k }, () => Array.from({ length: l }, draw)),
      dY: Array.from({ length: n - k + 1 }, () => Array.from({ length: m - l + 1 }, draw)),
    };
  });
type ConvProblem = { X: number[][]; W: number[][]; dY: number[][] };

/** dW and db of Y = X ⋆ W + b for the upstream gradient dY, by autograd. */
function convGradients({ X, W, dY }: ConvProblem): { dW: number[][]; db: number } {
  const x = f64(X).reshape([1, 1, X.length, X[0]!.length]);
  const w = f64(W).reshape([1, 1, W.length, W[0]!.length]).requiresGrad_(true);
  const b = f64([0]).requiresGrad_(true);
  F.conv2d(x, w, b).backward(f64(dY).reshape([1, 1, dY.length, dY[0]!.length]));
  return { dW: (w.grad!.toArray() as number[][][][])[0]![0]!, db: b.grad!.item() };
}

const convWeightGrad = defineClaim({
  id: 'conv-weight-grad',
  section: 'C',
  title: 'single-channel Y = X ⋆ W (valid): dW = X ⋆ dY, dw_{h,l} = Σ_{i,j} x_{i+h−1, j+l−1}·dy_{i,j}',
  check: () =>
    checkFormula({
      args: convProblems,
      numRuns: 150,
      claimed: ({ X, W, dY }) =>
        W.map((row, h) => row.map((_, l) => dY.reduce((s, dyRow, i) => s + dyRow.reduce((t, dy, j) => t + X[i + h]![j + l]! * dy, 0), 0))),
      computed: (p) => convGradients(p).dW,
      atol: 0,
      note: 'claimed: the sum written out (0-based here: x[i+h][j+l]); computed: autograd through functional.conv2d',
    }),
});

const convBiasGrad = defineClaim({
  id: 'conv-bias-grad',
  section: 'C',
  title: 'the bias gradient of that layer is 0, so an SGD step leaves the bias unchanged',
  check: () =>
    checkFormula({
      args: convProblems,
      numRuns: 100,
      claimed: () => 0,
      computed: (p) => convGradients(p).db,
      atol: 0,
      note: 'computed: ∂L/∂b by autograd; it is Σ_{i,j} dy_{i,j} (every output adds b), so SGD moves b by −lr·Σ dY',
    }),
});

/** Per-sample dW for N independent (X, dY) pairs at once: the samples become groups of one conv. */
function weightGradSamples(n: number, k: number, samples: number, sigmaX: number, sigmaG: number, seed: number, progress?: (step: string) => void): Float64Array {
  // The draws of randn([1, samples, n, n]) for x, then of dy, then of w, from one generator. The
  // convolution runs over chunks of samples (its unfolded input for all 20,000 samples at n = 34 would
  // take 1.5 GB): a first pass records the generator's state where each chunk's x and dy begin
  // (randn draws one normal() per element, in order), so every sample gets the same values.
  const gen = new Generator(seed);
  const chunkStarts = Array.from({ length: Math.ceil(samples / SAMPLES_PER_CHUNK) }, (_, i) => i * SAMPLES_PER_CHUNK);
  const chunkSize = (start: number): number => Math.min(SAMPLES_PER_CHUNK, samples - start);
  const statesBeforeChunks = (valuesPerSample: number): GeneratorState[] =>
    chunkStarts.map((start) => {
      const state = gen.getState();
      for (let i = 0; i < chunkSize(start) * valuesPerSample; i++) gen.normal();
      return state;
    });
  const xStates = statesBeforeChunks(n * n);
  const dyStates = statesBeforeChunks((n - k + 1) ** 2);
  const w = randn([samples, 1, k, k], { dtype: 'float64', generator: gen });
  const dw11 = new Float64Array(samples);
  chunkStarts.forEach((start, c) => {
    const size = chunkSize(start);
    const x = randn([1, size, n, n], { dtype: 'float64', generator: generatorAt(xStates[c]!) }).mul(sigmaX);
    const dy = randn([1, size, n - k + 1, n - k + 1], { dtype: 'float64', generator: generatorAt(dyStates[c]!) }).mul(sigmaG);
    const wChunk = w.narrow(0, start, size).detach().requiresGrad_(true);
    F.conv2d(x, wChunk, null, { groups: size }).backward(dy);
    dw11.set(wChunk.grad!.select(3, 0).select(2, 0).select(1, 0).toTypedArray() as Float64Array, start); // dw_{1,1} of each sample
    progress?.(`n = ${n}: ${start + size} of ${samples} samples`);
  });
  return dw11;
}

/** Samples per convolution in {@link weightGradSamples}: bounds its memory (≈ 75 MB at n = 34). */
const SAMPLES_PER_CHUNK = 1000;

/** A generator that continues from a recorded state. */
function generatorAt(state: GeneratorState): Generator {
  const generator = new Generator(0);
  generator.setState(state);
  return generator;
}

function meanAndVariance(v: Float64Array): { mean: number; variance: number; seMean: number; seVariance: number } {
  const n = v.length;
  const mean = v.reduce((a, b) => a + b, 0) / n;
  const m2 = v.reduce((a, b) => a + (b - mean) ** 2, 0) / n;
  const m4 = v.reduce((a, b) => a + (b - mean) ** 4, 0) / n;
  return { mean, variance: m2, seMean: Math.sqrt(m2 / n), seVariance: Math.sqrt((m4 - m2 * m2) / n) };
}

const convWeightGradVariance = defineClaim({
  id: 'conv-weight-grad-variance',
  section: 'C',
  title: 'x, dy independent zero-mean: E[dw_ij] = 0 and Var(dw_ij) = (n−k+1)·σx²·σg²',
  check: () => {
    const [n, k, sx, sg, samples] = [8, 3, 1.5, 0.5, 40_000];
    const s = meanAndVariance(weightGradSamples(n, k, samples, sx, sg, 99));
    const claimedVar = (n - k + 1) * sx ** 2 * sg ** 2;
    return allOf({
      mean: { verdict: Math.abs(s.mean) <= 5 * s.seMean ? 'holds' : 'refuted', claimed: 0, computed: { mean: s.mean, standardError: s.seMean }, note: 'holds if |mean| ≤ 5 standard errors' },
      variance: {
        verdict: Math.abs(s.variance - claimedVar) <= 5 * s.seVariance ? 'holds' : 'refuted',
        claimed: claimedVar,
        computed: { variance: s.variance, standardError: s.seVariance, withSquare: (n - k + 1) ** 2 * sx ** 2 * sg ** 2 },
        note: `${samples} Monte Carlo samples of dw (seed 99), n = ${n}, k = ${k}, σx = ${sx}, σg = ${sg}; tolerance 5 standard errors of the sample variance. dw_ij sums (n−k+1)² independent products x·dy (one per output position), so Var = (n−k+1)²·σx²·σg²`,
      },
    });
  },
});

const convWeightGradStdGrowth = defineClaim({
  id: 'conv-weight-grad-std-growth',
  section: 'C',
  title: 'the standard deviation of dw_ij grows as O(n) in the image side n',
  check: ({ progress }) => {
    const k = 3;
    const sides = [6, 10, 18, 34];
    const stds = sides.map((n) => Math.sqrt(meanAndVariance(weightGradSamples(n, k, 20_000, 1, 1, n, progress)).variance));
    const perSide = stds.map((s, i) => s / (sides[i]! - k + 1));
    const linear = perSide.every((r) => Math.abs(r - 1) < 0.05);
    return {
      verdict: linear ? 'holds' : 'refuted',
      claimed: 'std(dw) = O(n)',
      computed: sides.map((n, i) => ({ n, std: Number(stds[i]!.toPrecision(4)), stdOverNMinusKPlus1: Number(perSide[i]!.toPrecision(4)) })),
      note: 'σx = σg = 1, k = 3, 20,000 Monte Carlo samples per n; std/(n−k+1) stays at 1 (within 5 %): the std grows linearly, std = (n−k+1)·σx·σg',
    };
  },
});

const maxpoolAvgpoolBackward = defineClaim({
  id: 'maxpool-avgpool-backward',
  section: 'C',
  title: '2×2 max-pool routes each dY to the arg-max of its window (0 elsewhere); 2×2 avg-pool gives each input dY/4',
  check: () => {
    const problems = fc.record({ h: fc.integer({ min: 1, max: 3 }), w: fc.integer({ min: 1, max: 3 }), seed: fc.integer({ min: 0, max: 1e6 }) });
    const setup = ({ h, w, seed }: { h: number; w: number; seed: number }) => {
      const gen = new Generator(seed);
      // distinct values: a random permutation, so every window has one arg-max
      const values = Array.from({ length: 4 * h * w }, (_, i) => i).sort(() => gen.uniform() - 0.5);
      const x = f64(values).reshape([1, 1, 2 * h, 2 * w]);
      const dY = randn([1, 1, h, w], { dtype: 'float64', generator: gen });
      return { x, dY, X: x.toArray() as number[][][][], G: dY.toArray() as number[][][][] };
    };
    const byHand = (p: ReturnType<typeof setup>, kind: 'max' | 'avg'): number[][] =>
      p.X[0]![0]!.map((row, r) =>
        row.map((v, c) => {
          const [i, j] = [Math.floor(r / 2), Math.floor(c / 2)];
          const g = p.G[0]![0]![i]![j]!;
          if (kind === 'avg') return g / 4;
          const window = [p.X[0]![0]![2 * i]![2 * j]!, p.X[0]![0]![2 * i]![2 * j + 1]!, p.X[0]![0]![2 * i + 1]![2 * j]!, p.X[0]![0]![2 * i + 1]![2 * j + 1]!];
          return v === Math.max(...window) ? g : 0;
        }),
      );
    const viaAutograd = (p: ReturnType<typeof setup>, kind: 'max' | 'avg'): number[][] => {
      const x = p.x.detach().requiresGrad_(true);
      (kind === 'max' ? F.maxPool2d(x, 2) : F.avgPool2d(x, 2)).backward(p.dY);
      return (x.grad!.toArray() as number[][][][])[0]![0]!;
    };
    return allOf({
      maxPool: checkFormula({ args: problems, numRuns: 100, claimed: (a) => byHand(setup(a), 'max'), computed: (a) => viaAutograd(setup(a), 'max') }),
      avgPool: checkFormula({ args: problems, numRuns: 100, claimed: (a) => byHand(setup(a), 'avg'), computed: (a) => viaAutograd(setup(a), 'avg') }),
    });
  },
});

const conv1dFilterRecovery = defineClaim({
  id: 'conv1d-filter-recovery',
  section: 'C',
  title: 'signal [1, 4, 0, −2, 3] ⋆ length-3 filter = [−2, 2, 11] (valid, stride 1): the filter is [2, −1, 3]',
  check: () => {
    const signal = f64([1, 4, 0, -2, 3]).reshape([1, 1, 5]);
    const target = f64([-2, 2, 11]);
    // recover the filter: least squares over w of ‖conv1d(signal, w) − target‖², one Newton step with autograd
    const { w } = quadraticMinimizer((v) => {
      const r = F.conv1d(signal, v.reshape([1, 1, 3])).reshape([3]).sub(target);
      return r.mul(r).sum();
    }, 3);
    const forward = F.conv1d(signal, f64([2, -1, 3]).reshape([1, 1, 3])).reshape([3]).toArray() as number[];
    return allOf({
      recovered: compareValues([2, -1, 3], w, { atol: 1e-12 }, 'the unique filter solving the 3×3 system conv1d(signal, w) = output'),
      forward: compareValues([-2, 2, 11], forward, { atol: 0 }, 'conv1d of the signal with the claimed filter'),
    });
  },
});

const convTranspose1d = defineClaim({
  id: 'conv-transpose-1d',
  section: 'C',
  title: 'input [a, b, c], filter [x, y, z], stride 2, no padding: output [ax, ay, az+bx, by, bz+cx, cy, cz]',
  check: () =>
    checkFormula({
      args: fc.tuple(...Array.from({ length: 6 }, () => fc.integer({ min: -5, max: 5 }))),
      numRuns: 150,
      claimed: ([a, b, c, x, y, z]) => [a * x, a * y, a * z + b * x, b * y, b * z + c * x, c * y, c * z],
      computed: ([a, b, c, x, y, z]) => F.convTranspose1d(f64([a, b, c]).reshape([1, 1, 3]), f64([x, y, z]).reshape([1, 1, 3]), null, { stride: 2 }).reshape([7]).toArray() as number[],
      atol: 0,
      example: [1, 2, 3, 4, 5, 6],
      note: 'args are [a, b, c, x, y, z]; computed with functional.convTranspose1d',
    }),
});

const convTranspose2d = defineClaim({
  id: 'conv-transpose-2d',
  section: 'C',
  title: 'input [[−1, 2], [3, 1]], filter [[1, −1], [0, 1]], stride 1, no padding: output [[−1, −2], [0, 1]]',
  check: () => {
    const out = F.convTranspose2d(f64([[-1, 2], [3, 1]]).reshape([1, 1, 2, 2]), f64([[1, -1], [0, 1]]).reshape([1, 1, 2, 2]));
    return compareValues(
      [[-1, -2], [0, 1]],
      (out.toArray() as number[][][][])[0]![0]!,
      { atol: 0 },
      'a stride-1 transposed convolution of a 2×2 input with a 2×2 filter is 3×3: each input value scatters a scaled copy of the filter, [[−1, 3, −2], [3, −3, 1], [0, 3, 1]]',
    );
  },
});

const convOutputLength = defineClaim({
  id: 'conv-output-length',
  section: 'C',
  title: 'length-7 signal, filter 3, stride 2, no padding: output length 3',
  check: () => {
    const out = F.conv1d(randn([1, 1, 7]), randn([1, 1, 3]), null, { stride: 2 });
    return compareValues(3, out.shape[2]!, { atol: 0 }, 'shape of functional.conv1d’s output; ⌊(7 − 3)/2⌋ + 1 = 3');
  },
});

/** Section C claims that need no counting pass (the Inception counts are in c-inception.ts). */
export const sectionCConv = {
  receptiveFieldStack,
  depthwiseSeparableParams,
  convWeightGrad,
  convBiasGrad,
  convWeightGradVariance,
  convWeightGradStdGrowth,
  maxpoolAvgpoolBackward,
  conv1dFilterRecovery,
  convTranspose1d,
  convTranspose2d,
  convOutputLength,
} satisfies Record<string, Claim>;
