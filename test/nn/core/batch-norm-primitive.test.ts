/**
 * Training-mode batch normalization as a primitive (src/ops/batch-norm.ts) against float64 finite
 * differences over random shapes: [N, C] to [N, C, H, W], N·(spatial) ≥ 2 values per channel,
 * size-1 and odd dims, with and without γ and β, input as a non-contiguous view; second order too
 * (its VJP recomputes the statistics with Tensor ops). Also what it saves: input and weight only.
 */
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Generator, gradcheck, gradgradcheck, graphMemory, randn, type Tensor } from '../../../src/index.js';
import * as F from '../../../src/nn/functional/index.js';

const cases = fc.record({
  shape: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 2, maxLength: 4 }),
  affine: fc.constantFrom('none', 'weight', 'both'),
  transposed: fc.boolean(),
  seed: fc.integer({ min: 0, max: 1e6 }),
});
type Case = typeof cases extends fc.Arbitrary<infer T> ? T : never;
const perChannel = (c: Case) => c.shape.reduce((p, s) => p * s, 1) / c.shape[1]!;

function operands(c: Case): { inputs: Tensor[]; fn: (...t: Tensor[]) => Tensor } {
  const gen = new Generator(c.seed);
  const f64 = { dtype: 'float64' as const, generator: gen };
  const rank = c.shape.length;
  // a transposed view of the last two dims (rank ≥ 3) or of N and C (rank 2)
  const [d0, d1] = rank >= 3 ? [rank - 2, rank - 1] : [0, 1];
  const swapped = [...c.shape];
  [swapped[d0], swapped[d1]] = [swapped[d1]!, swapped[d0]!];
  const x = c.transposed ? randn(swapped, f64).requiresGrad_(true).transpose(d0, d1) : randn(c.shape, f64).requiresGrad_(true);
  const C = c.shape[1]!;
  const w = randn([C], f64).requiresGrad_(true);
  const b = randn([C], f64).requiresGrad_(true);
  const inputs = c.affine === 'none' ? [x] : c.affine === 'weight' ? [x, w] : [x, w, b];
  const fn = (xi: Tensor, wi?: Tensor, bi?: Tensor) => F.batchNorm(xi, null, null, { training: true, weight: wi ?? null, bias: bi ?? null });
  return { inputs, fn: fn as (...t: Tensor[]) => Tensor };
}

describe('batchNorm in training (primitive)', () => {
  it('gradcheck over random shapes, affine or not, contiguous or not', () => {
    fc.assert(
      fc.property(cases.filter((c) => perChannel(c) >= 2), (c) => {
        const { inputs, fn } = operands(c);
        expect(gradcheck(fn, inputs).ok).toBe(true);
      }),
      { numRuns: 40, seed: 21 },
    );
  });

  it('gradgradcheck (through the batch statistics)', () => {
    fc.assert(
      fc.property(cases.filter((c) => perChannel(c) >= 2 && c.shape.reduce((p, s) => p * s, 1) <= 12), (c) => {
        const { inputs, fn } = operands(c);
        expect(gradgradcheck((...t: Tensor[]) => fn(...t).tanh(), inputs, { seed: c.seed }).ok).toBe(true);
      }),
      { numRuns: 10, seed: 22 },
    );
  });

  it('writes its output in place of a temporary only: input, weight and bias keep values and versions', () => {
    // the forward divides, scales and shifts in place; none of that may reach its arguments
    const gen = new Generator(5);
    const x = randn([4, 3, 5], { generator: gen, requiresGrad: true });
    const w = randn([3], { generator: gen, requiresGrad: true });
    const b = randn([3], { generator: gen, requiresGrad: true });
    const before = [x, w, b].map((t) => ({ values: Array.from(t.toTypedArray()), version: t.versionCounter.value }));
    const y = F.batchNorm(x, null, null, { training: true, weight: w, bias: b });
    [x, w, b].forEach((t, i) => {
      expect(Array.from(t.toTypedArray())).toEqual(before[i]!.values);
      expect(t.versionCounter.value).toBe(before[i]!.version);
    });
    expect(y.storage).not.toBe(x.storage);
    // channel 0 by hand: (x − μ)/√(σ² + 1e-5)·γ + β over its 20 values
    const xs = x.toArray() as number[][][];
    const c0 = xs.flatMap((row) => row[0]!);
    const mu = c0.reduce((a, v) => a + v, 0) / c0.length;
    const sigma2 = c0.reduce((a, v) => a + (v - mu) ** 2, 0) / c0.length;
    const want = c0.map((v) => ((v - mu) / Math.sqrt(sigma2 + 1e-5)) * (w.toArray() as number[])[0]! + (b.toArray() as number[])[0]!);
    const got = (y.toArray() as number[][][]).flatMap((row) => row[0]!);
    got.forEach((v, i) => expect(Math.abs(v - want[i]!)).toBeLessThan(1e-5));
  });

  it('saves the input and the weight only', () => {
    // x [4, 3, 5] float32: 240 bytes; γ [3]: 12 bytes (β is not needed by the backward)
    const x = randn([4, 3, 5], { requiresGrad: true });
    const y = F.batchNorm(x, null, null, { training: true, weight: randn([3], { requiresGrad: true }), bias: randn([3], { requiresGrad: true }) });
    expect(Object.fromEntries(graphMemory(y).byOp)).toEqual({ BatchNormBackward: 240 + 12 });
  });
});
