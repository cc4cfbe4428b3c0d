/**
 * nn.init: gains and fans from their closed forms; distributions checked with a fixed seed.
 * Tolerances are 5 standard errors of the statistic for the sample size (SE of a mean σ/√n; of
 * a variance √((μ₄ − σ⁴)/n), with μ₄ = 9σ⁴/5 for a uniform and 3σ⁴ for a normal), so a
 * wrong scale fails while sampling noise cannot; uniform bounds are checked exactly.
 */
import { describe, expect, it } from 'vitest';
import { DTypeError, Generator, ValueError, manualSeed, rand, randn, zeros, type Tensor } from '../../../src/index.js';
import { Bilinear, Embedding, Linear, init } from '../../../src/nn/index.js';

function stats(t: Tensor): { n: number; mean: number; variance: number; min: number; max: number } {
  const v = Array.from(t.toTypedArray(), Number);
  const n = v.length;
  const mean = v.reduce((a, b) => a + b, 0) / n;
  const variance = v.reduce((a, b) => a + (b - mean) ** 2, 0) / n;
  const min = v.reduce((a, b) => Math.min(a, b), Infinity);
  const max = v.reduce((a, b) => Math.max(a, b), -Infinity);
  return { n, mean, variance, min, max };
}

/** Checks U(−bound, bound): exact bounds, both ends nearly reached, mean 0 and variance bound²/3. */
function expectUniform(t: Tensor, lo: number, hi: number): void {
  const s = stats(t);
  expect(s.min).toBeGreaterThanOrEqual(lo);
  expect(s.max).toBeLessThanOrEqual(hi);
  // With n ≥ 1000 draws, P(no draw within 1% of an end) = 0.99^n < 5e-5.
  expect(s.min).toBeLessThan(lo + 0.01 * (hi - lo));
  expect(s.max).toBeGreaterThan(hi - 0.01 * (hi - lo));
  const sigma2 = (hi - lo) ** 2 / 12;
  expect(Math.abs(s.mean - (lo + hi) / 2)).toBeLessThan(5 * Math.sqrt(sigma2 / s.n));
  expect(Math.abs(s.variance - sigma2)).toBeLessThan(5 * Math.sqrt(((9 / 5 - 1) * sigma2 ** 2) / s.n));
}

/** Checks N(mean, std²) through its sample mean and variance. */
function expectNormal(t: Tensor, mean: number, std: number): void {
  const s = stats(t);
  const sigma2 = std * std;
  expect(Math.abs(s.mean - mean)).toBeLessThan(5 * Math.sqrt(sigma2 / s.n));
  expect(Math.abs(s.variance - sigma2)).toBeLessThan(5 * Math.sqrt((2 * sigma2 ** 2) / s.n));
}

const f64 = { dtype: 'float64' as const };

describe('calculateGain and fans', () => {
  it('gives the closed-form gains', () => {
    for (const n of ['linear', 'identity', 'conv1d', 'conv2d', 'conv3d', 'conv_transpose2d', 'sigmoid'] as const) {
      expect(init.calculateGain(n)).toBe(1);
    }
    expect(init.calculateGain('tanh')).toBe(5 / 3);
    expect(init.calculateGain('relu')).toBe(Math.SQRT2);
    expect(init.calculateGain('selu')).toBe(0.75);
    expect(init.calculateGain('leaky_relu')).toBeCloseTo(Math.sqrt(2 / 1.0001), 15);
    expect(init.calculateGain('leaky_relu', 0.2)).toBeCloseTo(Math.sqrt(2 / 1.04), 15);
    expect(init.calculateGain('leakyRelu', Math.sqrt(5))).toBeCloseTo(Math.sqrt(1 / 3), 15);
    expect(() => init.calculateGain('swish' as never)).toThrow(/calculateGain: unsupported nonlinearity "swish"/);
  });
  it('computes fan in/out with the receptive field', () => {
    expect(init.calculateFanInAndFanOut(zeros([3, 4]))).toEqual({ fanIn: 4, fanOut: 3 });
    expect(init.calculateFanInAndFanOut(zeros([8, 4, 3, 2]))).toEqual({ fanIn: 24, fanOut: 48 });
    expect(() => init.calculateFanInAndFanOut(zeros([5]))).toThrow(/at least 2 dims, got shape \[5\]/);
  });
});

describe('initializer distributions', () => {
  const gen = (seed = 0) => ({ generator: new Generator(seed) });
  it('uniform_ and normal_', () => {
    expectUniform(init.uniform_(zeros([100, 200], f64), -0.3, 0.7, gen(1)), -0.3, 0.7);
    expectUniform(init.uniform_(zeros([4000], f64), 0, 1, gen(2)), 0, 1);
    expectNormal(init.normal_(zeros([100, 200], f64), 2, 0.5, gen(3)), 2, 0.5);
    expectNormal(init.normal_(zeros([20000], f64), 0, 1, gen(4)), 0, 1);
  });
  it('constant_, zeros_, ones_', () => {
    expect(init.constant_(zeros([2, 2]), 0.25).toArray()).toEqual([[0.25, 0.25], [0.25, 0.25]]);
    expect(init.ones_(zeros([3])).toArray()).toEqual([1, 1, 1]);
    expect(init.zeros_(init.ones_(zeros([2]))).toArray()).toEqual([0, 0]);
  });
  it('xavierUniform_: bound gain·√(6/(fanIn + fanOut))', () => {
    const bound = Math.sqrt(6 / (200 + 100));
    expectUniform(init.xavierUniform_(zeros([100, 200], f64), gen(5)), -bound, bound);
    const g = init.calculateGain('tanh');
    expectUniform(init.xavierUniform_(zeros([20, 10, 3, 3], f64), { ...gen(6), gain: g }), -g * Math.sqrt(6 / 270), g * Math.sqrt(6 / 270));
  });
  it('xavierNormal_: std gain·√(2/(fanIn + fanOut))', () => {
    expectNormal(init.xavierNormal_(zeros([100, 200], f64), { ...gen(7), gain: 2 }), 0, 2 * Math.sqrt(2 / 300));
  });
  it('kaimingUniform_: bound gain·√(3/fan), fan_in by default, leaky_relu with slope a', () => {
    const w = zeros([64, 32, 3, 3], f64);
    expectUniform(init.kaimingUniform_(w, gen(8)), -Math.sqrt(6 / 288), Math.sqrt(6 / 288));
    const fanOut = Math.sqrt(3 / 576) * init.calculateGain('relu');
    expectUniform(init.kaimingUniform_(w, { ...gen(9), mode: 'fan_out', nonlinearity: 'relu' }), -fanOut, fanOut);
    // a = √5 (Linear's default) gives gain √(1/3): bound 1/√fanIn.
    expectUniform(init.kaimingUniform_(zeros([200, 50], f64), { ...gen(10), a: Math.sqrt(5) }), -1 / Math.sqrt(50), 1 / Math.sqrt(50));
  });
  it('kaimingNormal_: std gain/√fan', () => {
    expectNormal(init.kaimingNormal_(zeros([100, 200], f64), gen(11)), 0, Math.sqrt(2 / 200));
    expectNormal(init.kaimingNormal_(zeros([100, 200], f64), { ...gen(12), mode: 'fan_out', nonlinearity: 'tanh' }), 0, (5 / 3) / Math.sqrt(100));
  });
  it('float32 tensors stay inside the float32-rounded bounds', () => {
    const bound = 1 / Math.sqrt(3);
    const s = stats(init.uniform_(zeros([5000]), -bound, bound, gen(13)));
    expect(s.min).toBeGreaterThanOrEqual(Math.fround(-bound));
    expect(s.max).toBeLessThanOrEqual(Math.fround(bound));
  });
});

describe('initializers: the same numbers as rand/randn scaled, in every layout', () => {
  // uniform_ and normal_ fill element by element; these pin the values to the definition they
  // replaced (rand/randn into float64, scaled, rounded once to the target's dtype), so a seeded
  // model keeps its initial weights.
  const drawn = (kind: 'rand' | 'randn', shape: number[], seed: number, scale: number, shift: number) =>
    Array.from((kind === 'rand' ? rand : randn)(shape, { dtype: 'float64', generator: new Generator(seed) }).toTypedArray(), (v) => Number(v) * scale + shift);
  it('float32 and float64 targets: values, order, and the generator left where rand/randn leave it', () => {
    for (const dtype of ['float32', 'float64'] as const) {
      const round = dtype === 'float32' ? Math.fround : (v: number) => v;
      const g = new Generator(31);
      const u = init.uniform_(zeros([7, 5], { dtype }), -0.3, 0.9, { generator: g });
      expect(Array.from(u.toTypedArray(), Number)).toEqual(drawn('rand', [35], 31, 1.2, -0.3).map(round));
      // 35 normals: an odd count leaves the spare of the last pair in the generator
      const n = init.normal_(zeros([35], { dtype }), 1.5, 0.25, { generator: g });
      const ref = new Generator(31);
      rand([35], { dtype: 'float64', generator: ref });
      const z = Array.from(randn([35], { dtype: 'float64', generator: ref }).toTypedArray(), Number);
      expect(Array.from(n.toTypedArray(), Number)).toEqual(z.map((v) => round(v * 0.25 + 1.5)));
      expect(g.getState()).toEqual(ref.getState());
    }
  });
  it('a view at an offset is filled alone; a transposed view in its own row-major order', () => {
    const base = zeros([4, 5], { dtype: 'float64' });
    init.normal_(base.narrow(0, 1, 2), 0, 1, { generator: new Generator(32) });
    const rows = base.toArray() as number[][];
    expect(rows[0]).toEqual([0, 0, 0, 0, 0]);
    expect(rows[3]).toEqual([0, 0, 0, 0, 0]);
    expect([...rows[1]!, ...rows[2]!]).toEqual(drawn('randn', [10], 32, 1, 0));
    const t = zeros([3, 4], { dtype: 'float64' }).t();
    expect(t.isContiguous()).toBe(false);
    init.uniform_(t, 2, 3, { generator: new Generator(33) });
    expect((t.toArray() as number[][]).flat()).toEqual(drawn('rand', [12], 33, 1, 2));
  });
  it('float32 kaiming fills have the intended distribution', () => {
    const w = zeros([128, 64, 3, 3]);
    expectNormal(init.kaimingNormal_(w, { generator: new Generator(34), mode: 'fan_out', nonlinearity: 'relu' }), 0, Math.sqrt(2 / (128 * 9)));
    const bound = 1 / Math.sqrt(64 * 9);
    expectUniform(init.kaimingUniform_(w, { generator: new Generator(35), a: Math.sqrt(5) }), Math.fround(-bound), Math.fround(bound));
  });
});

describe('initializers: in place, seeded, checked', () => {
  it('fill parameters in place without recording, returning the same tensor', () => {
    const w = zeros([3, 4], { requiresGrad: true });
    const before = w.versionCounter.value;
    expect(init.kaimingUniform_(w, { generator: new Generator(0) })).toBe(w);
    expect(w.isLeaf).toBe(true);
    expect(w.gradFn).toBeNull();
    expect(w.versionCounter.value).toBeGreaterThan(before);
  });
  it('are deterministic per seed and use the default generator seeded by manualSeed', () => {
    const a = init.normal_(zeros([5]), 0, 1, { generator: new Generator(42) }).toArray();
    const b = init.normal_(zeros([5]), 0, 1, { generator: new Generator(42) }).toArray();
    expect(a).toEqual(b);
    manualSeed(7);
    const c = init.xavierUniform_(zeros([3, 3])).toArray();
    manualSeed(7);
    expect(init.xavierUniform_(zeros([3, 3])).toArray()).toEqual(c);
    expect(init.xavierUniform_(zeros([3, 3])).toArray()).not.toEqual(c);
  });
  it('reject bad arguments with clear errors, leaving the tensor untouched', () => {
    const t = zeros([2, 2]);
    expect(() => init.uniform_(t, 1, 0)).toThrow(new ValueError('uniform_', 'needs finite bounds with a <= b, got a=1, b=0'));
    expect(() => init.normal_(t, 0, -1)).toThrow(/normal_: needs a finite mean and a finite std >= 0, got mean=0, std=-1/);
    expect(() => init.kaimingUniform_(t, { mode: 'fanIn' as never })).toThrow(/kaimingUniform_: mode must be 'fan_in' or 'fan_out', got "fanIn"/);
    expect(() => init.kaimingNormal_(zeros([4]))).toThrow(/at least 2 dims, got shape \[4\]/);
    expect(() => init.ones_(zeros([2], { dtype: 'int32' }))).toThrow(DTypeError);
    expect(t.toArray()).toEqual([[0, 0], [0, 0]]);
  });
  it('leave zero-element tensors alone', () => {
    expect(init.kaimingUniform_(zeros([0, 3])).shape).toEqual([0, 3]);
  });
});

describe('layer initialization (PyTorch defaults)', () => {
  it('Linear: weight and bias ~ U(±1/√inFeatures)', () => {
    const layer = new Linear(50, 1000, { dtype: 'float64', generator: new Generator(20) });
    const bound = 1 / Math.sqrt(50);
    expectUniform(layer.weight, -bound, bound);
    expectUniform(layer.bias!, -bound, bound);
  });
  it('Bilinear: weight and bias ~ U(±1/√in1Features)', () => {
    const layer = new Bilinear(16, 10, 1000, { dtype: 'float64', generator: new Generator(21) });
    expectUniform(layer.weight, -0.25, 0.25);
    expectUniform(layer.bias!, -0.25, 0.25);
  });
  it('Embedding: N(0, 1) with the padding row zeroed', () => {
    const emb = new Embedding(1000, 20, { dtype: 'float64', paddingIdx: -2, generator: new Generator(22) });
    expect(emb.paddingIdx).toBe(998);
    expect(emb.weight.select(0, 998).toArray()).toEqual(new Array(20).fill(0));
    expectNormal(emb.weight.narrow(0, 0, 998), 0, 1);
  });
  it('an explicit generator makes layers reproducible; the default one follows manualSeed', () => {
    const a = new Linear(3, 2, { generator: new Generator(5) });
    const b = new Linear(3, 2, { generator: new Generator(5) });
    expect(a.weight.toArray()).toEqual(b.weight.toArray());
    expect(a.bias!.toArray()).toEqual(b.bias!.toArray());
    manualSeed(3);
    const c = new Linear(3, 2);
    manualSeed(3);
    expect(new Linear(3, 2).weight.toArray()).toEqual(c.weight.toArray());
  });
});
