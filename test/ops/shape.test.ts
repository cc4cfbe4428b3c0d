/**
 * Shape ops (views and rearranging copies): each output element is checked against the input
 * element it should come from, computed by index arithmetic here, and each op passes gradcheck
 * over random shapes and non-contiguous inputs. These ops are linear, so their second
 * derivatives are zero and not checked separately.
 */
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ShapeError,
  ValueError,
  clone,
  contiguous,
  expand,
  flatten,
  flip,
  narrow,
  pad,
  permute,
  reshape,
  slice,
  squeeze,
  transpose,
  unsqueeze,
  view,
  type PadMode,
  type Tensor,
} from '../../src/index.js';
import { checkGradcheck, shapes, tensors } from '../../src/testing/index.js';
import { RUNS, at, expectValues, small, small1d, unflatten, values } from './support.js';

/** Expected values of an output of `shape` whose element at idx is x at source(idx) (or `fill` when null). */
function gathered(x: Tensor, shape: readonly number[], source: (idx: number[]) => number[] | null, fill = 0): number[] {
  const n = shape.reduce((p, q) => p * q, 1);
  return Array.from({ length: n }, (_, i) => {
    const src = source(unflatten(shape, i));
    return src === null ? fill : at(x, src);
  });
}

const dimOf = (rank: number) => fc.integer({ min: -Math.max(rank, 1), max: Math.max(rank - 1, 0) });
const norm = (d: number, rank: number) => (d < 0 ? d + rank : d);

function primeFactors(n: number): number[] {
  const out: number[] = [];
  for (let p = 2; n > 1; p++) while (n % p === 0) (out.push(p), (n /= p));
  return out;
}

/** Another shape with `numel` elements: the prime factors shuffled, grouped, with some 1s, maybe one −1. */
function sameNumel(numel: number): fc.Arbitrary<number[]> {
  const primes = primeFactors(numel);
  return fc
    .tuple(
      fc.shuffledSubarray(primes, { minLength: primes.length, maxLength: primes.length }),
      fc.array(fc.boolean(), { minLength: primes.length, maxLength: primes.length }),
      fc.integer({ min: 0, max: 2 }),
      fc.option(fc.nat(), { nil: undefined }),
    )
    .map(([ps, cuts, ones, minusOne]) => {
      const shape: number[] = [];
      ps.forEach((p, i) => (i === 0 || cuts[i] ? shape.push(p) : (shape[shape.length - 1]! *= p)));
      for (let i = 0; i < ones; i++) shape.splice(i % (shape.length + 1), 0, 1);
      if (minusOne !== undefined && shape.length > 0) shape[minusOne % shape.length] = -1;
      return shape;
    });
}
const resolved = (target: number[], numel: number) => {
  const known = target.filter((s) => s !== -1).reduce((p, q) => p * q, 1);
  return target.map((s) => (s === -1 ? numel / known : s));
};

describe('reshape and view', () => {
  const cases = small.chain((s) => fc.tuple(tensors({ shape: s, layout: 'any' }), sameNumel(s.reduce((p, q) => p * q, 1))));

  it('reshape keeps the row-major values; gradcheck', () => {
    fc.assert(
      fc.property(cases, ([x, target]) => expectValues(reshape(x, target), resolved(target, x.numel()), values(x), 0, 0)),
      RUNS,
    );
    checkGradcheck({ inputs: cases, f: (x, target) => x.reshape(target), ...RUNS });
  });

  it('view shares storage with the same values, or refuses with a ShapeError; gradcheck on contiguous inputs', () => {
    fc.assert(
      fc.property(cases, ([x, target]) => {
        let v: Tensor;
        try {
          v = view(x, target);
        } catch (e) {
          expect(e).toBeInstanceOf(ShapeError);
          expect(x.isContiguous()).toBe(false); // a contiguous tensor can always be viewed
          return;
        }
        expect(v.storage).toBe(x.storage);
        expectValues(v, resolved(target, x.numel()), values(x), 0, 0);
      }),
      { numRuns: 40 },
    );
    const contiguousCases = small.chain((s) => fc.tuple(tensors({ shape: s }), sameNumel(s.reduce((p, q) => p * q, 1))));
    checkGradcheck({ inputs: contiguousCases, f: (x, target) => x.view(target), ...RUNS });
  });

  it('flatten merges dims startDim..endDim', () => {
    const cases = small.chain((s) => {
      const r = Math.max(s.length, 1);
      return fc.tuple(tensors({ shape: s, layout: 'any' }), fc.integer({ min: 0, max: r - 1 }), fc.integer({ min: 0, max: r - 1 }), fc.boolean());
    }).map(([x, a, b, negative]): [Tensor, number, number] => {
      const [s, e] = [Math.min(a, b), Math.max(a, b)];
      return [x, s, negative ? e - Math.max(x.ndim, 1) : e];
    });
    fc.assert(
      fc.property(cases, ([x, s, e]) => {
        const end = norm(e, x.ndim);
        const shape = x.ndim === 0 ? [1] : [...x.shape.slice(0, s), x.shape.slice(s, end + 1).reduce((p, q) => p * q, 1), ...x.shape.slice(end + 1)];
        expectValues(flatten(x, s, e), shape, values(x), 0, 0);
      }),
      RUNS,
    );
    checkGradcheck({ inputs: cases, f: (x, s, e) => x.flatten(s, e), ...RUNS });
  });
});

describe('permute and transpose', () => {
  const perms = small.chain((s) =>
    fc.tuple(
      tensors({ shape: s, layout: 'any' }),
      fc.shuffledSubarray(s.map((_, d) => d), { minLength: s.length, maxLength: s.length }),
      fc.array(fc.boolean(), { minLength: s.length, maxLength: s.length }),
    ).map(([x, p, neg]): [Tensor, number[]] => [x, p.map((d, i) => (neg[i] ? d - s.length : d))]),
  );

  it('permute: out[i₀, i₁, …] = x at the permuted index; gradcheck', () => {
    fc.assert(
      fc.property(perms, ([x, dims]) => {
        const p = dims.map((d) => norm(d, x.ndim));
        const shape = p.map((d) => x.shape[d]!);
        const src = (idx: number[]) => {
          const j = new Array<number>(x.ndim);
          p.forEach((d, i) => (j[d] = idx[i]!));
          return j;
        };
        expectValues(permute(x, dims), shape, gathered(x, shape, src), 0, 0);
      }),
      RUNS,
    );
    checkGradcheck({ inputs: perms, f: (x, dims) => x.permute(dims), ...RUNS });
  });

  it('transpose swaps two dims; gradcheck', () => {
    const pairs = small.chain((s) => fc.tuple(tensors({ shape: s, layout: 'any' }), dimOf(s.length), dimOf(s.length)));
    fc.assert(
      fc.property(pairs, ([x, d0, d1]) => {
        const [a, b] = [norm(d0, x.ndim), norm(d1, x.ndim)];
        const swap = (idx: number[]) => {
          const j = idx.slice();
          [j[a], j[b]] = [idx[b]!, idx[a]!];
          return x.ndim === 0 ? [] : j;
        };
        const shape = x.ndim === 0 ? [] : swap(x.shape.slice());
        expectValues(transpose(x, d0, d1), shape, gathered(x, shape, swap), 0, 0);
      }),
      RUNS,
    );
    checkGradcheck({ inputs: pairs, f: (x, d0, d1) => x.transpose(d0, d1), ...RUNS });
  });
});

describe('squeeze, unsqueeze and expand', () => {
  // Many size-1 dims.
  const ones = shapes({ maxRank: 4, maxSide: 2 });

  it('squeeze() removes every size-1 dim, squeeze(dims) only those listed', () => {
    const cases = ones.chain((s) =>
      fc.tuple(tensors({ shape: s, layout: 'any' }), s.length === 0 ? fc.constant(undefined) : fc.option(fc.subarray(s.map((_, d) => d)), { nil: undefined })),
    );
    fc.assert(
      fc.property(cases, ([x, dims]) => {
        const shape = x.shape.filter((n, d) => !(n === 1 && (dims === undefined || dims.includes(d))));
        expectValues(squeeze(x, dims), shape, values(x), 0, 0);
      }),
      RUNS,
    );
    checkGradcheck({ inputs: cases, f: (x, dims) => x.squeeze(dims), ...RUNS });
  });

  it('unsqueeze inserts a size-1 dim (negative dims count from the end)', () => {
    const cases = small.chain((s) => fc.tuple(tensors({ shape: s, layout: 'any' }), fc.integer({ min: -s.length - 1, max: s.length })));
    fc.assert(
      fc.property(cases, ([x, dim]) => {
        const d = dim < 0 ? dim + x.ndim + 1 : dim;
        const shape = [...x.shape.slice(0, d), 1, ...x.shape.slice(d)];
        expectValues(unsqueeze(x, dim), shape, values(x), 0, 0);
      }),
      RUNS,
    );
    checkGradcheck({ inputs: cases, f: (x, dim) => x.unsqueeze(dim), ...RUNS });
  });

  it('expand broadcasts size-1 dims and adds leading dims (−1 keeps a size); its gradient sums', () => {
    const cases = ones.chain((s) =>
      fc.tuple(
        tensors({ shape: s, layout: 'any' }),
        fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 2 }),
        fc.array(fc.integer({ min: 1, max: 3 }), { minLength: s.length, maxLength: s.length }),
        fc.array(fc.boolean(), { minLength: s.length, maxLength: s.length }),
      ).map(([x, lead, grow, keep]): [Tensor, number[]] => [x, [...lead, ...x.shape.map((n, d) => (n === 1 ? grow[d]! : keep[d] ? -1 : n))]]),
    );
    fc.assert(
      fc.property(cases, ([x, sizes]) => {
        const lead = sizes.length - x.ndim;
        const shape = sizes.map((n, d) => (n === -1 ? x.shape[d - lead]! : n));
        const src = (idx: number[]) => x.shape.map((n, d) => (n === 1 ? 0 : idx[d + lead]!));
        expectValues(expand(x, sizes), shape, gathered(x, shape, src), 0, 0);
      }),
      RUNS,
    );
    checkGradcheck({ inputs: cases, f: (x, sizes) => x.expand(sizes), ...RUNS });
  });
});

describe('narrow and slice', () => {
  it('narrow(dim, start, length) (start may be negative)', () => {
    const cases = small1d.chain((s) =>
      dimOf(s.length).chain((dim) => {
        const n = s[norm(dim, s.length)]!;
        return fc.integer({ min: 0, max: n }).chain((start) =>
          fc.tuple(tensors({ shape: s, layout: 'any' }), fc.constant(dim), fc.constantFrom(start, start - n), fc.integer({ min: 0, max: n - start })),
        );
      }),
    );
    fc.assert(
      fc.property(cases, ([x, dim, start, length]) => {
        const d = norm(dim, x.ndim);
        const s0 = start < 0 ? start + x.shape[d]! : start;
        const shape = x.shape.map((n, k) => (k === d ? length : n));
        expectValues(narrow(x, dim, start, length), shape, gathered(x, shape, (idx) => idx.map((i, k) => (k === d ? i + s0 : i))), 0, 0);
      }),
      RUNS,
    );
    checkGradcheck({ inputs: cases, f: (x, dim, start, length) => x.narrow(dim, start, length), ...RUNS });
  });

  it('slice(dim, start, end, step) follows Python slicing (negative and out-of-range bounds clamp)', () => {
    const bound = fc.option(fc.integer({ min: -6, max: 6 }), { nil: undefined });
    const cases = small1d.chain((s) =>
      fc.tuple(tensors({ shape: s, layout: 'any' }), dimOf(s.length), bound, bound, fc.integer({ min: 1, max: 3 })),
    );
    /** Python's range(size)[start:end:step] for a positive step, written out. */
    const pythonSlice = (size: number, start: number | undefined, end: number | undefined, step: number): number[] => {
      const fix = (i: number | undefined, dflt: number) => (i === undefined ? dflt : Math.min(Math.max(i < 0 ? i + size : i, 0), size));
      const out: number[] = [];
      for (let i = fix(start, 0); i < fix(end, size); i += step) out.push(i);
      return out;
    };
    fc.assert(
      fc.property(cases, ([x, dim, start, end, step]) => {
        const d = norm(dim, x.ndim);
        const picked = pythonSlice(x.shape[d]!, start, end, step);
        const shape = x.shape.map((n, k) => (k === d ? picked.length : n));
        expectValues(slice(x, dim, start, end, step), shape, gathered(x, shape, (idx) => idx.map((i, k) => (k === d ? picked[i]! : i))), 0, 0);
      }),
      RUNS,
    );
    checkGradcheck({ inputs: cases, f: (x, dim, start, end, step) => x.slice(dim, start, end, step), ...RUNS });
  });
});

describe('contiguous, clone and flip', () => {
  const inputs = tensors({ shape: small, layout: 'any' });

  it('contiguous and clone copy the values into row-major order; gradcheck', () => {
    fc.assert(
      fc.property(inputs, (x) => {
        const c = contiguous(x);
        expect(c.isContiguous()).toBe(true);
        expectValues(c, x.shape, values(x), 0, 0);
        const k = clone(x);
        expect(k.storage).not.toBe(x.storage);
        expectValues(k, x.shape, values(x), 0, 0);
      }),
      RUNS,
    );
    checkGradcheck({ input: inputs, f: (x) => x.contiguous().mul(1), ...RUNS });
    checkGradcheck({ input: inputs, f: (x) => x.clone(), ...RUNS });
  });

  it('flip reverses each listed dim; gradcheck', () => {
    const cases = small.chain((s) =>
      fc.tuple(tensors({ shape: s, layout: 'any' }), s.length === 0 ? fc.constant([]) : fc.subarray(s.map((_, d) => d - (d % 2) * s.length))),
    );
    fc.assert(
      fc.property(cases, ([x, dims]) => {
        const ds = dims.map((d) => norm(d, x.ndim));
        const src = (idx: number[]) => idx.map((i, d) => (ds.includes(d) ? x.shape[d]! - 1 - i : i));
        expectValues(flip(x, dims), x.shape, gathered(x, x.shape, src), 0, 0);
      }),
      RUNS,
    );
    checkGradcheck({ inputs: cases, f: (x, dims) => x.flip(dims), ...RUNS });
  });
});

describe('pad', () => {
  /** Input position an output position reads in one dim, or null for the constant border. */
  const border: Record<PadMode, (i: number, n: number) => number | null> = {
    constant: (i, n) => (i < 0 || i >= n ? null : i),
    reflect: (i, n) => (i < 0 ? -i : i >= n ? 2 * (n - 1) - i : i),
    replicate: (i, n) => Math.min(Math.max(i, 0), n - 1),
    circular: (i, n) => ((i % n) + n) % n,
  };
  /** (left, right) ranges each mode accepts for a dim of size n; constant may crop up to the whole dim. */
  const amounts: Record<PadMode, (n: number) => fc.Arbitrary<[number, number]>> = {
    constant: (n) => fc.tuple(fc.integer({ min: -Math.floor(n / 2), max: 2 }), fc.integer({ min: -Math.ceil(n / 2), max: 2 })),
    reflect: (n) => fc.tuple(fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: 0, max: n - 1 })),
    replicate: () => fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 })),
    circular: (n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.integer({ min: 0, max: n })),
  };

  for (const mode of ['constant', 'reflect', 'replicate', 'circular'] as const) {
    it(`${mode}: every output element comes from the right input element (or the value); gradcheck`, () => {
      const cases = shapes({ minRank: 1, maxRank: 3, maxSide: 3 }).chain((s) =>
        fc.integer({ min: 1, max: s.length }).chain((padded) =>
          fc.tuple(
            tensors({ shape: s, layout: 'any' }),
            fc.tuple(...Array.from({ length: padded }, (_, i) => amounts[mode](s[s.length - 1 - i]!))).map((pairs) => pairs.flat()),
            fc.constantFrom(0, -1.5),
          ),
        ),
      );
      fc.assert(
        fc.property(cases, ([x, amount, value]) => {
          const before = x.shape.map(() => 0);
          const after = x.shape.map(() => 0);
          for (let i = 0; i < amount.length / 2; i++) {
            before[x.ndim - 1 - i] = amount[2 * i]!;
            after[x.ndim - 1 - i] = amount[2 * i + 1]!;
          }
          const shape = x.shape.map((n, d) => n + before[d]! + after[d]!);
          const src = (idx: number[]) => {
            const j = idx.map((i, d) => border[mode](i - before[d]!, x.shape[d]!));
            return j.some((v) => v === null) ? null : (j as number[]);
          };
          expectValues(pad(x, amount, mode, value), shape, gathered(x, shape, src, mode === 'constant' ? value : NaN), 0, 0);
        }),
        RUNS,
      );
      checkGradcheck({ inputs: cases, f: (x, amount, value) => x.pad(amount, mode, value), ...RUNS });
    });
  }

  it('rejects pads the mode cannot do, naming the sizes', () => {
    const [x] = fc.sample(tensors({ shape: [2, 3] }), { numRuns: 1, seed: 7 }) as [Tensor];
    expect(() => pad(x, [3, 0], 'reflect')).toThrow(ValueError);
    expect(() => pad(x, [3, 0], 'reflect')).toThrow(/reflect padding \(3, 0\) must be smaller than the size 3 of dim 1/);
    expect(() => pad(x, [-2, -2])).toThrow(/removes more than the 3 elements of dim 1/);
    expect(() => pad(x, [1])).toThrow(ShapeError);
  });
});

describe("to('float32') / to('float64')", () => {
  it('rounds to float32 and back, and converts the gradient back to the input dtype', () => {
    const inputs = tensors({ shape: small, layout: 'any' });
    fc.assert(
      fc.property(inputs, (x) => {
        const y = x.to('float32');
        expect(y.dtype).toBe('float32');
        expectValues(y, x.shape, values(x).map(Math.fround), 0, 0);
        expectValues(y.to('float64'), x.shape, values(x).map(Math.fround), 0, 0);
      }),
      RUNS,
    );
    // The round trip is the identity up to float32 rounding: a step of 1e-3 keeps that below atol.
    checkGradcheck({ input: inputs, f: (x) => x.to('float32').mul(3).to('float64'), eps: 1e-3, atol: 1e-3, ...RUNS });
    // A float32 leaf gets a float32 gradient: d Σ(w·x) / dx = w, rounded to float32.
    fc.assert(
      fc.property(tensors({ shape: [2, 3], dtype: 'float32' }), tensors({ shape: [2, 3] }), (x, w) => {
        x.requiresGrad_(true);
        x.to('float64').mul(w).sum().backward();
        expect(x.grad!.dtype).toBe('float32');
        expectValues(x.grad!, [2, 3], values(w).map(Math.fround), 0, 0);
      }),
      RUNS,
    );
  });
});
