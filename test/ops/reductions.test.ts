/**
 * Reductions and normalisations: values against a reference that loops over each reduced slice,
 * gradcheck and gradgradcheck over random shapes, dims (single, negative, lists, all) and
 * keepdim. Max/min-type reductions get tie-free inputs (`distinct`), so their gradient is defined.
 */
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { amax, amin, logSoftmax, logsumexp, max, mean, min, softmax, std, sum, tensor, variance, type Tensor } from '../../src/index.js';
import { checkGradcheck, checkGradgradcheck, shapes, tensors, type TensorsOptions } from '../../src/testing/index.js';
import { RUNS, RUNS2, at, expectValues, small, tiny, unflatten, values } from './support.js';

type Dims = number | number[] | undefined;

/** The dims a reduction over `dims` of a rank-`rank` tensor covers, normalised and sorted. */
function reducedDims(dims: Dims, rank: number): number[] {
  if (dims === undefined) return Array.from({ length: rank }, (_, d) => d);
  const list = typeof dims === 'number' ? [dims] : dims;
  return rank === 0 ? [] : [...new Set(list.map((d) => (d < 0 ? d + rank : d)))].sort((a, b) => a - b);
}

/** Applies `fn` to each slice of x over `dims`; the result's shape follows keepdim. */
function reduceRef(x: Tensor, dims: Dims, keepdim: boolean, fn: (slice: number[]) => number): { shape: number[]; values: number[] } {
  const axes = reducedDims(dims, x.ndim);
  const kept = x.shape.map((s, d) => (axes.includes(d) ? 1 : s));
  const inner = axes.map((d) => x.shape[d]!);
  const count = inner.reduce((p, q) => p * q, 1);
  const n = kept.reduce((p, q) => p * q, 1);
  const out: number[] = [];
  for (let o = 0; o < n; o++) {
    const base = unflatten(kept, o);
    const slice: number[] = [];
    for (let r = 0; r < count; r++) {
      const offs = unflatten(inner, r);
      const idx = base.slice();
      axes.forEach((d, k) => (idx[d] = offs[k]!));
      slice.push(at(x, idx));
    }
    out.push(fn(slice));
  }
  return { shape: keepdim ? kept : x.shape.filter((_, d) => !axes.includes(d)), values: out };
}

/** Applies `fn` to each 1-D slice of x along `dim`, giving a result of x's shape. */
function sliceMapRef(x: Tensor, dim: number, fn: (slice: number[]) => number[]): number[] {
  if (x.ndim === 0) return fn([at(x, [])]);
  const d = dim < 0 ? dim + x.ndim : dim;
  const out = new Array<number>(x.numel());
  const kept = x.shape.map((s, k) => (k === d ? 1 : s));
  const n = kept.reduce((p, q) => p * q, 1);
  const strides = x.shape.map((_, k) => x.shape.slice(k + 1).reduce((p, q) => p * q, 1));
  for (let o = 0; o < n; o++) {
    const idx = unflatten(kept, o);
    const positions = Array.from({ length: x.shape[d]! }, (_, i) => {
      const j = idx.slice();
      j[d] = i;
      return j;
    });
    const result = fn(positions.map((j) => at(x, j)));
    positions.forEach((j, i) => (out[j.reduce((s, v, k) => s + v * strides[k]!, 0)] = result[i]!));
  }
  return out;
}

/** A tensor, a dims argument (omitted, one dim maybe negative, or a non-empty list) and keepdim. */
function withDims(shape: fc.Arbitrary<number[]>, options: TensorsOptions = {}): fc.Arbitrary<[Tensor, Dims, boolean]> {
  return shape.chain((s) => {
    const r = s.length;
    const one = fc.integer({ min: -Math.max(r, 1), max: Math.max(r - 1, 0) });
    const dims: fc.Arbitrary<Dims> =
      r === 0
        ? fc.oneof(fc.constant(undefined), one)
        : fc.oneof(fc.constant(undefined), one, fc.subarray(Array.from({ length: r }, (_, d) => d), { minLength: 1 }));
    return fc.tuple(tensors({ layout: 'any', ...options, shape: s }), dims, fc.boolean());
  });
}

const total = (v: number[]) => v.reduce((a, b) => a + b, 0);
const avg = (v: number[]) => total(v) / v.length;
const varianceRef = (correction: number) => (v: number[]) => {
  const m = avg(v);
  return total(v.map((x) => (x - m) ** 2)) / (v.length - correction);
};
const lseRef = (v: number[]) => {
  const m = Math.max(...v);
  return m + Math.log(total(v.map((x) => Math.exp(x - m))));
};
const TIES = { distinct: 0.05 };

interface ReductionCase {
  name: string;
  fn: (x: Tensor, dims: Dims, keepdim: boolean) => Tensor;
  ref: (slice: number[]) => number;
  domain?: TensorsOptions;
  shape?: fc.Arbitrary<number[]>;
  shape2?: fc.Arbitrary<number[]>;
}

// Shapes with every side ≥ 2, so an unbiased variance always has N − 1 > 0.
const sides2 = shapes({ minRank: 1, maxRank: 3, minSide: 2, maxSide: 3, maxNumel: 24 });
const sides2tiny = shapes({ minRank: 1, maxRank: 2, minSide: 2, maxSide: 3 });

const cases: ReductionCase[] = [
  { name: 'sum', fn: (x, d, k) => sum(x, d, k), ref: total },
  { name: 'mean', fn: (x, d, k) => mean(x, d, k), ref: avg },
  { name: 'amax', fn: (x, d, k) => amax(x, d, k), ref: (v) => Math.max(...v), domain: TIES },
  { name: 'amin', fn: (x, d, k) => x.amin(d, k), ref: (v) => Math.min(...v), domain: TIES },
  {
    name: 'logsumexp',
    fn: (x, d, k) => logsumexp(x, d ?? Array.from({ length: x.ndim }, (_, i) => i), k),
    ref: lseRef,
  },
  { name: 'var (correction 1)', fn: (x, d, k) => variance(x, d, { keepdim: k }), ref: varianceRef(1), shape: sides2, shape2: sides2tiny },
  { name: 'var (correction 0)', fn: (x, d, k) => x.var(d, { correction: 0, keepdim: k }), ref: varianceRef(0), shape: sides2, shape2: sides2tiny, domain: { distinct: 0.1 } },
  { name: 'std (correction 1)', fn: (x, d, k) => std(x, d, { keepdim: k }), ref: (v) => Math.sqrt(varianceRef(1)(v)), shape: sides2, shape2: sides2tiny, domain: { distinct: 0.1 } },
  { name: 'std (correction 0)', fn: (x, d, k) => x.std(d, { correction: 0, keepdim: k }), ref: (v) => Math.sqrt(varianceRef(0)(v)), shape: sides2, shape2: sides2tiny, domain: { distinct: 0.1 } },
];

for (const c of cases) {
  describe(c.name, () => {
    const shape = c.shape ?? small;
    it('matches a loop over each reduced slice', () => {
      fc.assert(
        fc.property(withDims(shape, c.domain), ([x, dims, keepdim]) => {
          const want = reduceRef(x, dims, keepdim, c.ref);
          expectValues(c.fn(x, dims, keepdim), want.shape, want.values, 1e-12, 1e-12);
        }),
        RUNS,
      );
    });

    it('passes gradcheck', () => {
      checkGradcheck({ inputs: withDims(shape, c.domain), f: c.fn, ...RUNS });
    });

    it('passes gradgradcheck', () => {
      checkGradgradcheck({ inputs: withDims(c.shape2 ?? tiny, c.domain), f: c.fn, ...RUNS2 });
    });
  });
}

describe('var/std with N − correction ≤ 0 (PyTorch: NaN or ∞, not an error)', () => {
  it('gives Σ(x − x̄)²/0 and PyTorch\'s gradient 2(x − x̄)/(N − correction)', () => {
    // one value per row: Σ = 0, N − 1 = 0 → 0/0 = NaN
    expect(variance(tensor([[1], [2], [3]]), 1).toArray()).toEqual([NaN, NaN, NaN]);
    // [1, 2, 3]: x̄ = 2, Σ = 2; correction 3 → 2/0 = ∞, std ∞
    expect(std(tensor([1, 2, 3]), 0, { correction: 3 }).item()).toBe(Infinity);
    // correction 4: N − correction = −1, value ∞, gradient 2(x − x̄)/(−1) = [2, 0, −2]
    const x = tensor([1, 2, 3], { dtype: 'float64', requiresGrad: true });
    const v = variance(x, 0, { correction: 4 });
    expect(v.item()).toBe(Infinity);
    v.backward();
    expect(Array.from(x.grad!.toTypedArray(), (g) => g + 0)).toEqual([2, 0, -2]); // + 0 folds −0 into 0
  });
});

describe('max/min along a dim (values and indices)', () => {
  const along = (shape: fc.Arbitrary<number[]>) =>
    shape.chain((s) => fc.tuple(tensors({ shape: s, layout: 'any', ...TIES }), fc.integer({ min: -Math.max(s.length, 1), max: Math.max(s.length - 1, 0) }), fc.boolean()));

  for (const [name, fn, pick] of [
    ['max', (x: Tensor, d: number, k: boolean) => max(x, d, k), (v: number[]) => Math.max(...v)],
    ['min', (x: Tensor, d: number, k: boolean) => min(x, d, k), (v: number[]) => Math.min(...v)],
  ] as const) {
    it(`${name}(x, dim, keepdim) gives the extreme and where it is`, () => {
      fc.assert(
        fc.property(along(small), ([x, dim, keepdim]) => {
          const { values, indices } = fn(x, dim, keepdim);
          const want = reduceRef(x, dim, keepdim, pick);
          expectValues(values, want.shape, want.values, 0, 0);
          const wantIdx = reduceRef(x, dim, keepdim, (v) => v.indexOf(pick(v)));
          expect(indices.dtype).toBe('int32');
          expectValues(indices, wantIdx.shape, wantIdx.values, 0, 0);
        }),
        RUNS,
      );
    });

    it(`${name}(x, dim) values pass gradcheck and gradgradcheck; ${name}(x) too`, () => {
      checkGradcheck({ inputs: along(small), f: (x, d, k) => fn(x, d, k).values, ...RUNS });
      checkGradgradcheck({ inputs: along(tiny), f: (x, d, k) => fn(x, d, k).values.square(), ...RUNS2 });
      const whole = tensors({ shape: small, layout: 'any', ...TIES });
      fc.assert(fc.property(whole, (x) => expectValues(name === 'max' ? max(x) : min(x), [], [pick(values(x))], 0, 0)), RUNS);
      checkGradcheck({ input: whole, f: (x) => (name === 'max' ? x.max() : x.min()), ...RUNS });
    });
  }

  it('amax/amin share the gradient equally between tied extremes (PyTorch)', () => {
    // x = [1, 3, 3, 2]: d amax / dx = [0, ½, ½, 0] by the tie rule; amin has one minimum.
    const x = fc.sample(tensors({ shape: [4] }), { numRuns: 1, seed: 7 })[0]!.detach();
    x.storage.set([1, 3, 3, 2], x.offset);
    x.requiresGrad_(true);
    amax(x).backward();
    expect(Array.from(x.grad!.toTypedArray())).toEqual([0, 0.5, 0.5, 0]);
    x.grad = null;
    amin(x).backward();
    expect(Array.from(x.grad!.toTypedArray())).toEqual([1, 0, 0, 0]);
  });
});

describe('softmax and logSoftmax', () => {
  const softmaxRef = (v: number[]) => {
    const m = Math.max(...v);
    const e = v.map((x) => Math.exp(x - m));
    return e.map((x) => x / total(e));
  };
  const ops: [string, (x: Tensor, d: number) => Tensor, (v: number[]) => number[]][] = [
    ['softmax', softmax, softmaxRef],
    ['logSoftmax', logSoftmax, (v) => softmaxRef(v).map(Math.log)],
  ];
  const withDim = (shape: fc.Arbitrary<number[]>) =>
    shape.chain((s) => fc.tuple(tensors({ shape: s, layout: 'any' }), fc.integer({ min: -Math.max(s.length, 1), max: Math.max(s.length - 1, 0) })));
  for (const [name, fn, ref] of ops) {
    it(`${name}: values along the dim, gradcheck and gradgradcheck`, () => {
      fc.assert(
        fc.property(withDim(small), ([x, dim]) => expectValues(fn(x, dim), x.shape, sliceMapRef(x, dim, ref), 1e-12, 1e-12)),
        RUNS,
      );
      checkGradcheck({ inputs: withDim(small), f: fn, ...RUNS });
      checkGradgradcheck({ inputs: withDim(tiny), f: fn, ...RUNS2 });
    });
  }
});
