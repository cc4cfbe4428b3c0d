/**
 * softmax and logSoftmax as primitives: forward values against a plain float64 reference written
 * here, their identities (rows sum to 1, logSoftmax = log softmax), gradcheck and gradgradcheck
 * over random shapes (0-d, size-1 and odd sizes, negative dims, non-contiguous views), PyTorch's
 * behaviour at extreme values (±1e30, ±∞, NaN) and on empty dims, and the graph they record.
 */
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AutogradError, DTypeError, IndexError, logSoftmax, softmax, tensor, traceKernels, zeros, type FloatDType, type Tensor } from '../../src/index.js';
import { checkGradcheck, checkGradgradcheck, shapes } from '../../src/testing/index.js';
import { RUNS, RUNS2, at, expectValues, small, tiny, unflatten, values, withDim } from './support.js';

type Op = (x: Tensor, dim: number) => Tensor;

/** softmax of one slice in float64: e^(v − m) / Σ e^(v − m). */
function softmaxRow(v: readonly number[]): number[] {
  const m = v.reduce((a, b) => Math.max(a, b), -Infinity);
  const e = v.map((x) => Math.exp(x - m));
  const total = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / total);
}

/** logSoftmax of one slice in float64: (v − m) − log Σ e^(v − m). */
function logSoftmaxRow(v: readonly number[]): number[] {
  const m = v.reduce((a, b) => Math.max(a, b), -Infinity);
  const logTotal = Math.log(v.reduce((s, x) => s + Math.exp(x - m), 0));
  return v.map((x) => x - m - logTotal);
}

/** Applies `row` to every slice of x along `dim`; the result in x's row-major order. */
function alongDim(x: Tensor, dim: number, row: (v: readonly number[]) => number[]): number[] {
  if (x.ndim === 0) return row([at(x, [])]);
  const d = dim < 0 ? dim + x.ndim : dim;
  const out = new Array<number>(x.numel());
  const size = x.shape[d]!;
  const inner = x.shape.slice(d + 1).reduce((p, q) => p * q, 1);
  const kept = x.shape.map((s, k) => (k === d ? 1 : s));
  const slices = kept.reduce((p, q) => p * q, 1);
  for (let o = 0; o < slices; o++) {
    const index = unflatten(kept, o);
    const slice = Array.from({ length: size }, (_, i) => at(x, index.map((j, k) => (k === d ? i : j))));
    // position of the slice's first element in row-major order, then `inner` apart
    const first = index.reduce((s, j, k) => s + j * x.shape.slice(k + 1).reduce((p, q) => p * q, 1), 0);
    row(slice).forEach((y, i) => (out[first + i * inner] = y));
  }
  return out;
}

/** Asserts `actual` (1-D) equals `expected`: NaN, ±∞ and zeros exactly, finite values to a relative 1e-7. */
function expectSpecials(actual: Tensor, expected: readonly number[]): void {
  expect(actual.shape).toEqual([expected.length]);
  values(actual).forEach((g, i) => {
    const w = expected[i]!;
    const ok = Number.isNaN(w) ? Number.isNaN(g) : Number.isFinite(w) ? Math.abs(g - w) <= 1e-7 * Math.abs(w) : g === w;
    if (!ok) expect.fail(`element ${i}: got ${g}, want ${w}`);
  });
}

const OPS: [string, Op, (v: readonly number[]) => number[]][] = [
  ['softmax', softmax, softmaxRow],
  ['logSoftmax', logSoftmax, logSoftmaxRow],
];

/** Shapes with odd and size-1 sides (up to 7) for first-order gradchecks. */
const oddSides = shapes({ minRank: 1, maxRank: 3, maxSide: 7, maxNumel: 21 });

for (const [name, op, row] of OPS) {
  describe(name, () => {
    const nodeName = name === 'softmax' ? 'SoftmaxBackward' : 'LogSoftmaxBackward';

    it('matches a plain float64 reference along any dim (float64 and float32, any layout)', () => {
      fc.assert(fc.property(withDim(small), ([x, dim]) => expectValues(op(x, dim), x.shape, alongDim(x, dim, row), 1e-12, 1e-12)), RUNS);
      fc.assert(
        fc.property(withDim(oddSides, { dtype: 'float32', min: -20, max: 20 }), ([x, dim]) => {
          const y = op(x, dim);
          expect(y.dtype).toBe('float32');
          expectValues(y, x.shape, alongDim(x, dim, row), 1e-6, 1e-6);
        }),
        RUNS,
      );
    });

    it('passes gradcheck (0-d, size-1, odd sizes, negative dims, strided views)', () => {
      checkGradcheck({ inputs: withDim(small), f: op, ...RUNS });
      checkGradcheck({ inputs: withDim(oddSides, { layout: 'strided' }), f: op, ...RUNS });
    });

    it('passes gradgradcheck', () => {
      checkGradgradcheck({ inputs: withDim(tiny), f: op, ...RUNS2 });
    });

    it('records one fused kernel call and one node that saves only the output', () => {
      const x = tensor([[1, 2, 3], [4, 5, 7]], { requiresGrad: true });
      const trace = traceKernels(() => op(x, -1));
      expect(trace.calls.map((c) => [c.kernel, c.op])).toEqual([['softmax', name]]);
      const y = trace.result;
      const node = y.gradFn!;
      expect(node.name).toBe(nodeName);
      expect(node.savedForInspection!.length).toBe(1);
      expect(node.savedForInspection![0]).toBe(y);
      expect(node.attrs).toEqual({ dim: 1 });
    });

    it('refuses a backward after its saved output was changed in place', () => {
      const x = tensor([0.5, -1, 2], { dtype: 'float64', requiresGrad: true });
      const y = op(x, 0);
      const z = y.mul(1);
      y.mul_(2);
      let error: unknown = null;
      try {
        z.sum().backward();
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(AutogradError);
      expect((error as Error).message).toMatch(new RegExp(`^${nodeName}: .*modified by the in-place op mul_`));
    });

    it('keeps the argument checks and their messages', () => {
      expect(() => op(tensor([1, 2], { dtype: 'int32' }), 0)).toThrow(DTypeError);
      expect(() => op(tensor([1, 2], { dtype: 'int32' }), 0)).toThrow(`${name}: input must be float32 or float64, got int32 (shape [2])`);
      expect(() => op(zeros([2, 3]), 2)).toThrow(IndexError);
      expect(() => op(zeros([2, 3]), -3)).toThrow(`${name}: dim=-3 is out of range for a tensor of rank 2 (expected -2..1)`);
    });
  });
}

describe('softmax and logSoftmax identities', () => {
  it('softmax rows are probabilities summing to 1', () => {
    for (const dtype of ['float64', 'float32'] as FloatDType[]) {
      const tolerance = dtype === 'float64' ? 1e-14 : 1e-6;
      fc.assert(
        fc.property(withDim(oddSides, { dtype, min: -30, max: 30 }), ([x, dim]) => {
          const y = softmax(x, dim);
          expect(values(y).every((p) => p >= 0 && p <= 1)).toBe(true);
          const d = dim < 0 ? dim + x.ndim : dim;
          for (const total of values(y.sum(d))) expect(Math.abs(total - 1)).toBeLessThanOrEqual(tolerance * x.shape[d]!);
        }),
        RUNS,
      );
    }
  });

  it('logSoftmax = log(softmax) where softmax is not tiny', () => {
    fc.assert(
      fc.property(withDim(small), ([x, dim]) => {
        // inputs lie in [−3, 3], so softmax ≥ e^−6/24 and its log loses nothing
        expectValues(logSoftmax(x, dim), x.shape, values(softmax(x, dim).log()), 1e-13, 1e-13);
      }),
      RUNS,
    );
    fc.assert(
      fc.property(withDim(small, { dtype: 'float32' }), ([x, dim]) => {
        expectValues(logSoftmax(x, dim), x.shape, values(softmax(x, dim).log()), 1e-6, 1e-6);
      }),
      RUNS,
    );
  });

  it('is unchanged by adding a constant along the dim (the max shift cancels)', () => {
    fc.assert(
      fc.property(withDim(small), fc.double({ min: -50, max: 50, noNaN: true }), ([x, dim], c) => {
        expectValues(softmax(x.add(c), dim), x.shape, values(softmax(x, dim)), 1e-12, 1e-11);
        expectValues(logSoftmax(x.add(c), dim), x.shape, values(logSoftmax(x, dim)), 1e-11, 1e-11);
      }),
      RUNS,
    );
  });
});

describe('extreme values, as PyTorch 1.13', () => {
  const inf = Infinity;
  // row → [softmax, logSoftmax], from torch.softmax / torch.log_softmax (float64; float32 rounds the same values)
  const rows: [number[], number[], number[]][] = [
    [[1e30, -1e30], [1, 0], [0, -2e30]],
    [[1e30, 1e30], [0.5, 0.5], [-Math.LN2, -Math.LN2]],
    [[-1e30, -1e30, 0], [0, 0, 1], [-1e30, -1e30, 0]],
    [[-inf, 1], [0, 1], [-inf, 0]],
    [[-inf, -inf], [NaN, NaN], [NaN, NaN]], // no finite entry: NaN
    [[inf, 1], [NaN, NaN], [NaN, NaN]], // +∞ anywhere: NaN everywhere
    [[inf, -inf], [NaN, NaN], [NaN, NaN]],
    [[NaN, 1], [NaN, NaN], [NaN, NaN]],
  ];
  for (const dtype of ['float64', 'float32'] as FloatDType[]) {
    it(`gives PyTorch's values at ±1e30, ±∞ and NaN (${dtype})`, () => {
      const round = dtype === 'float32' ? Math.fround : (v: number) => v;
      for (const [row, soft, logSoft] of rows) {
        const x = tensor(row, { dtype });
        // also as the columns of a [len, 3] tensor (the kernels' other layout)
        const columns = x.unsqueeze(1).expand([row.length, 3]);
        for (const [op, want] of [[softmax, soft], [logSoftmax, logSoft]] as const) {
          const expected = want.map((v) => round(v));
          expectSpecials(op(x, 0), expected);
          expectSpecials(op(columns, 0).select(1, 2), expected);
        }
      }
    });
  }

  it('gives PyTorch gradients next to −∞ entries', () => {
    // torch: x = [−∞, −∞, 1], g = [1, 2, 3] → softmax: [−0, −0, 0], logSoftmax: [1, 2, −3]
    const g = tensor([1, 2, 3], { dtype: 'float64' });
    const x = tensor([-Infinity, -Infinity, 1], { dtype: 'float64', requiresGrad: true });
    softmax(x, 0).backward(g);
    expect(Array.from(x.grad!.toTypedArray())).toEqual([-0, -0, 0]);
    x.grad = null;
    logSoftmax(x, 0).backward(g);
    expect(Array.from(x.grad!.toTypedArray())).toEqual([1, 2, -3]);
  });
});

describe('empty and 0-d tensors', () => {
  for (const [name, op] of OPS) {
    it(`${name}: empty dims give empty outputs and gradients of the input's shape`, () => {
      for (const shape of [[0], [3, 0], [0, 4], [2, 0, 3]]) {
        for (let dim = -shape.length; dim < shape.length; dim++) {
          const x = zeros(shape, { dtype: 'float64', requiresGrad: true });
          const y = op(x, dim);
          expect(y.shape).toEqual(shape);
          y.sum().backward();
          expect(x.grad!.shape).toEqual(shape);
        }
      }
    });

    it(`${name}: a 0-d tensor is a slice of one (dim 0 or −1)`, () => {
      for (const dim of [0, -1]) {
        const x = tensor(2.5, { dtype: 'float64', requiresGrad: true });
        const y = op(x, dim);
        expect(y.shape).toEqual([]);
        expect(y.item()).toBe(name === 'softmax' ? 1 : 0);
        y.backward();
        expect(x.grad!.item()).toBe(0);
      }
    });
  }
});
