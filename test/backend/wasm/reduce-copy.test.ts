import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { ReduceOp, View } from '../../../src/backend/backend.js';
import { refBackend as ref } from '../../../src/backend/ref/index.js';
import { firstMismatch, identical, layoutArb, makeView, numelOf, shapeArb, ulps, valueArb, viewArb, wasm, ranOn } from './support.js';


/**
 * A view and a sorted set of axes to reduce: single runs (last axis, leading axes, a middle run)
 * and arbitrary subsets, e.g. (0, 2, 3) of [N, C, H, W].
 */
const reductionArb = viewArb({ specials: false, maxRank: 5, max: 9 }).chain((x) => {
  const rank = x.shape.length;
  const dims = [...Array(rank).keys()];
  const run = fc.tuple(fc.integer({ min: 0, max: rank }), fc.integer({ min: 0, max: rank })).map(([p, q]) => {
    const [lo, hi] = p <= q ? [p, q] : [q, p];
    return dims.slice(lo, hi);
  });
  const last = fc.constant<number[]>(rank > 0 ? [rank - 1] : []);
  const subset = fc.subarray(dims); // keeps order: sorted
  return fc.tuple(fc.constant(x), fc.oneof(last, run, subset, subset));
});

/** Runs one reduction on ref and wasm; returns (want, got, backends that ran, and for sums Σ|x| per cell). */
function bothReduce(op: ReduceOp, x: View, axes: number[]): { want: Float32Array; got: Float32Array; backends: string[]; absSum: Float64Array } {
  const outShape = x.shape.map((s, d) => (axes.includes(d) ? 1 : s));
  const outSize = numelOf(outShape);
  const want = new Float32Array(outSize);
  const got = new Float32Array(outSize).fill(12345);
  ref.reduce(op, x, axes, want);
  const backends = ranOn(() => wasm.reduce(op, x, axes, got));
  // Σ|x| per output cell, for the float64 reordering bound of sums
  const abs = new Float64Array(numelOf(x.shape));
  ref.unary('abs', { ...x, storage: Float64Array.from(x.storage as Float32Array) }, abs, 0, 0);
  const absSum = new Float64Array(outSize);
  ref.reduce('sum', { storage: abs, offset: 0, shape: x.shape, strides: x.shape.map((_, d) => numelOf(x.shape.slice(d + 1))) }, axes, absSum);
  return { want, got, backends, absSum };
}

/**
 * Both sum in float64, in different orders (wasm's lanes), so they differ by the final rounding
 * (1 ulp) plus the reordering error of float64 sums, at most 2·n·2⁻⁵³·Σ|x| — which shows only
 * under cancellation. max and min are exact.
 */
function sameFor(op: ReduceOp, x: View, absSum: Float64Array): (g: number, w: number, i: number) => boolean {
  if (op !== 'sum') return (g, w) => g === w || identical(g, w);
  const n = numelOf(x.shape) / Math.max(absSum.length, 1);
  return (g, w, i) => ulps(g, w) <= 1 || Math.abs(g - w) <= 2 * n * 2 ** -53 * absSum[i]! + 2 ** -149;
}

/** Index of the first cell where `same(got, want, index)` fails, or -1. */
function firstBad(got: Float32Array, want: Float32Array, same: (g: number, w: number, i: number) => boolean): number {
  for (let i = 0; i < got.length; i++) if (!same(got[i]!, want[i]!, i)) return i;
  return -1;
}

describe('wasm reductions equal ref', () => {
  for (const op of ['sum', 'max', 'min'] as ReduceOp[]) {
    test(`${op}: random views and any axis set`, () => {
      fc.assert(
        fc.property(reductionArb, ([x, axes]) => {
          if (op !== 'sum' && axes.some((d) => x.shape[d] === 0)) return; // amax rejects empty dims
          const { want, got, backends, absSum } = bothReduce(op, x, axes);
          expect(backends).toEqual(['wasm']);
          expect(firstBad(got, want, sameFor(op, x, absSum))).toBe(-1);
        }),
        { numRuns: 300 },
      );
    });
  }

  test('conv bias gradients and BatchNorm statistics ((0, 2, 3) of [N, C, H, W]) run in wasm', () => {
    const [n, c, h, w] = [5, 7, 9, 11];
    const storage = Float32Array.from({ length: n * c * h * w }, (_, i) => Math.sin(i * 0.37) * 3);
    const contiguous: View = { storage, offset: 0, shape: [n, c, h, w], strides: [c * h * w, h * w, w, 1] };
    // the same values seen through an NHWC storage order (innermost dim C is kept)
    const nhwc: View = { storage, offset: 0, shape: [n, c, h, w], strides: [h * w * c, 1, w * c, c] };
    for (const x of [contiguous, nhwc]) {
      for (const op of ['sum', 'max', 'min'] as ReduceOp[]) {
        const { want, got, backends, absSum } = bothReduce(op, x, [0, 2, 3]);
        expect(backends).toEqual(['wasm']);
        expect(firstBad(got, want, sameFor(op, x, absSum))).toBe(-1);
      }
    }
    // [reduced…, kept…] accumulates each output in ref's order: bit-identical
    const { want, got } = bothReduce('sum', nhwc, [0, 2, 3]);
    expect(firstMismatch(got, want, identical)).toBe(-1);
  });

  test('reduced dims on both sides of the kept run, read in place: [N, C, D, H, W] over (0, 3, 4), with NaN in one cell', () => {
    const [n, c, d, h, w] = [3, 5, 2, 6, 7];
    const storage = Float32Array.from({ length: n * c * d * h * w }, (_, i) => Math.cos(i * 0.41) * 5);
    storage[2 * c * d * h * w + 3 * d * h * w + 11] = NaN; // image 2, channel 3, depth 0: cell 3·2 + 0 = 6
    const x: View = { storage, offset: 0, shape: [n, c, d, h, w], strides: [c * d * h * w, d * h * w, h * w, w, 1] };
    for (const op of ['sum', 'max', 'min'] as ReduceOp[]) {
      const { want, got, backends, absSum } = bothReduce(op, x, [0, 3, 4]);
      expect(backends).toEqual(['wasm']);
      expect(Number.isNaN(got[6]!)).toBe(true);
      expect(firstBad(got, want, sameFor(op, x, absSum))).toBe(-1);
    }
  });

  test('sums under cancellation stay within the float64 reordering bound (not 1 ulp)', () => {
    // ref: ((((a + 1) + b) − 1) + a) loses a to rounding; wasm's lanes add (a + b) + (1 − 1) + a
    const a = 2.331860145396374e-19;
    const b = -2.5518439520016408e-33;
    const x: View = { storage: Float32Array.from([a, 1, b, -1, a]), offset: 0, shape: [1, 5], strides: [5, 1] };
    const { want, got, absSum } = bothReduce('sum', x, [1]);
    expect(ulps(got[0]!, want[0]!)).toBeGreaterThan(1);
    expect(firstBad(got, want, sameFor('sum', x, absSum))).toBe(-1);
  });

  test('NaN propagates through max and min along and across rows', () => {
    const x: View = { storage: Float32Array.from([1, NaN, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]), offset: 0, shape: [3, 4], strides: [4, 1] };
    for (const axes of [[0], [1]]) {
      const out = new Float32Array(axes[0] === 0 ? 4 : 3);
      wasm.reduce('max', x, axes, out);
      expect(Number.isNaN(out[axes[0] === 0 ? 1 : 0]!)).toBe(true);
    }
  });

  test('float64 runs on ref; empty inputs give the identity', () => {
    const d: View = { storage: new Float64Array(24).fill(1.5), offset: 0, shape: [2, 3, 4], strides: [12, 4, 1] };
    const out = new Float64Array(3);
    expect(ranOn(() => wasm.reduce('sum', d, [0, 2], out))).toEqual(['ref']);
    expect(Array.from(out)).toEqual([12, 12, 12]);
    const empty: View = { storage: new Float32Array(0), offset: 0, shape: [3, 0, 2], strides: [0, 2, 1] };
    for (const [op, value] of [['sum', 0], ['max', -Infinity], ['min', Infinity]] as const) {
      const got = new Float32Array(6).fill(7);
      wasm.reduce(op, empty, [1], got);
      expect(Array.from(got)).toEqual(Array(6).fill(value));
    }
  });
});

/** A copy's source (any layout, broadcasts included) and destination (any layout but broadcast). */
const copyArb = shapeArb(6, 7).chain((shape) =>
  fc.tuple(
    fc.tuple(layoutArb(shape.length), fc.array(valueArb(true), { minLength: 1, maxLength: 64 })).map(([l, v]) => makeView(shape, l, v)),
    layoutArb(shape.length, false).map((l) => makeView(shape, l, [-99])),
  ),
);

/** A destination view like `dst` over a fresh copy of its storage. */
const cloneDst = (dst: View): View => ({ ...dst, storage: (dst.storage as Float32Array).slice() });

describe('wasm copy equals ref', () => {
  test('any float32 source into any destination layout (rank ≤ 6) is bit-identical, untouched cells untouched', () => {
    fc.assert(
      fc.property(copyArb, ([src, dst]) => {
        const want = cloneDst(dst);
        const got = cloneDst(dst);
        ref.copy(src, want);
        expect(ranOn(() => wasm.copy(src, got))).toEqual(['wasm']);
        expect(firstMismatch(got.storage as Float32Array, want.storage as Float32Array, identical)).toBe(-1);
      }),
      { numRuns: 300 },
    );
  });

  test('long rows (LSTM gate chunks, their embedSlice gradients, cat pieces) and transposes run on wasm', () => {
    const [b, h] = [16, 128];
    const gates = Float32Array.from({ length: b * 4 * h }, (_, i) => i * 0.5 - 7);
    const chunk = (k: number): View => ({ storage: gates, offset: k * h, shape: [b, h], strides: [4 * h, 1] });
    const into = (storage: Float32Array, k: number): View => ({ storage, offset: k * h, shape: [b, h], strides: [4 * h, 1] });
    const contiguous = (storage: Float32Array): View => ({ storage, offset: 0, shape: [b, h], strides: [h, 1] });
    for (let k = 0; k < 4; k++) {
      const out = new Float32Array(b * h);
      expect(ranOn(() => wasm.copy(chunk(k), contiguous(out)))).toEqual(['wasm']);
      const back = new Float32Array(b * 4 * h);
      expect(ranOn(() => wasm.copy(contiguous(out), into(back, k)))).toEqual(['wasm']);
      for (let r = 0; r < b; r++) for (let j = 0; j < h; j++) expect(back[r * 4 * h + k * h + j]).toBe(gates[r * 4 * h + k * h + j]);
    }
    const t: View = { storage: Float32Array.from({ length: 12 }, (_, i) => i), offset: 0, shape: [4, 3], strides: [1, 4] };
    const out = new Float32Array(12);
    expect(ranOn(() => wasm.copy(t, { storage: out, offset: 0, shape: [4, 3], strides: [3, 1] }))).toEqual(['wasm']);
    expect(Array.from(out)).toEqual([0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11]);
  });

  test('permutes whose runs are 16–300 long (gathered in wasm below MIN_SET_RUN_BEFORE_GATHER, set one by one above) are bit-identical', () => {
    for (const [c, n, l] of [[3, 5, 16], [4, 3, 49], [2, 3, 191], [2, 3, 192], [3, 2, 300]] as const) {
      const storage = Float32Array.from({ length: c * n * l + 3 }, (_, i) => Math.sin(i) * 50);
      const src: View = { storage, offset: 3, shape: [n, c, l], strides: [l, n * l, 1] }; // [C, N, L] read as [N, C, L]
      const want = new Float32Array(c * n * l);
      const got = new Float32Array(c * n * l);
      ref.copy(src, { storage: want, offset: 0, shape: [n, c, l], strides: [c * l, l, 1] });
      expect(ranOn(() => wasm.copy(src, { storage: got, offset: 0, shape: [n, c, l], strides: [c * l, l, 1] }))).toEqual(['wasm']);
      expect(firstMismatch(got, want, identical)).toBe(-1);
    }
  });

  test('transposes larger than a 16×16 tile (batched, flipped, stepped) are bit-identical', () => {
    const [b, r, c] = [3, 37, 33];
    const storage = Float32Array.from({ length: 2 * b * r * c + 5 }, (_, i) => Math.cos(i) * 100);
    const sources: View[] = [
      { storage, offset: 0, shape: [c, r], strides: [1, c] }, // a plain transpose
      { storage, offset: 1, shape: [b, c, r], strides: [r * c, 1, c] }, // batched
      { storage, offset: 2 + (c - 1) * 2, shape: [c, r], strides: [-2, 2 * c] }, // flipped, stepped
      { storage, offset: 3, shape: [r, 1, c, 2], strides: [1, 0, 2 * r, r] }, // size-1 dim, pairs
    ];
    for (const src of sources) {
      const n = numelOf(src.shape);
      const dst = (): View => ({ storage: new Float32Array(n), offset: 0, shape: src.shape, strides: src.shape.map((_, d) => numelOf(src.shape.slice(d + 1))) });
      const want = dst();
      const got = dst();
      ref.copy(src, want);
      expect(ranOn(() => wasm.copy(src, got))).toEqual(['wasm']);
      expect(firstMismatch(got.storage as Float32Array, want.storage as Float32Array, identical)).toBe(-1);
    }
  });

  test('dtype conversions and copies within one buffer run on ref', () => {
    const c: View = { storage: new Float32Array(4), offset: 0, shape: [4], strides: [1] };
    expect(ranOn(() => wasm.copy(c, { storage: new Float64Array(4), offset: 0, shape: [4], strides: [1] }))).toEqual(['ref']);
    const shared = Float32Array.from([1, 2, 3, 4, 5, 6]);
    const src: View = { storage: shared, offset: 0, shape: [4], strides: [1] };
    expect(ranOn(() => wasm.copy(src, { storage: shared.subarray(2), offset: 0, shape: [4], strides: [1] }))).toEqual(['ref']);
  });
});
