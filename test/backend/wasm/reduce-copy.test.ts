import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { ReduceOp, View } from '../../../src/backend/backend.js';
import { refBackend as ref } from '../../../src/backend/ref/index.js';
import { traceKernels } from '../../../src/backend/select.js';
import { kernels, useBackend } from '../../../src/backend/registry.js';
import { firstMismatch, identical, numelOf, ulps, viewArb, wasm } from './support.js';

function ranOn(fn: () => void): string[] {
  const prev = kernels();
  useBackend(wasm);
  try {
    return traceKernels(fn).calls.map((c) => c.backend);
  } finally {
    useBackend(prev);
  }
}

/** A view and a sorted set of axes to reduce, biased to single runs (last axis, leading axes). */
const reductionArb = viewArb({ specials: false, maxRank: 4, max: 11 }).chain((x) => {
  const rank = x.shape.length;
  const run = fc.tuple(fc.integer({ min: 0, max: rank }), fc.integer({ min: 0, max: rank })).map(([p, q]) => {
    const [lo, hi] = p <= q ? [p, q] : [q, p];
    return [...Array(hi - lo).keys()].map((i) => i + lo);
  });
  const last = fc.constant<number[]>(rank > 0 ? [rank - 1] : []);
  return fc.tuple(fc.constant(x), fc.oneof(last, run));
});

describe('wasm reductions equal ref', () => {
  for (const op of ['sum', 'max', 'min'] as ReduceOp[]) {
    test(`${op}: random views and axis runs`, () => {
      fc.assert(
        fc.property(reductionArb, ([x, axes]) => {
          const outSize = x.shape.reduce((p, s, d) => p * (axes.includes(d) ? 1 : s), 1);
          if (op !== 'sum' && axes.some((d) => x.shape[d] === 0)) return; // amax rejects empty dims
          const want = new Float32Array(outSize);
          const got = new Float32Array(outSize).fill(12345);
          ref.reduce(op, x, axes, want);
          const backends = ranOn(() => wasm.reduce(op, x, axes, got));
          if (numelOf(x.shape) > 0) expect(backends).toEqual(['wasm']);
          // sums: both accumulate in float64, so they differ only where the final rounding does
          const same = op === 'sum' ? (g: number, w: number) => ulps(g, w) <= 1 : (g: number, w: number) => g === w || identical(g, w);
          expect(firstMismatch(got, want, same)).toBe(-1);
        }),
        { numRuns: 200 },
      );
    });
  }

  test('NaN propagates through max and min along and across rows', () => {
    const x: View = { storage: Float32Array.from([1, NaN, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]), offset: 0, shape: [3, 4], strides: [4, 1] };
    for (const axes of [[0], [1]]) {
      const out = new Float32Array(axes[0] === 0 ? 4 : 3);
      wasm.reduce('max', x, axes, out);
      expect(Number.isNaN(out[axes[0] === 0 ? 1 : 0]!)).toBe(true);
    }
  });

  test('prod and non-run axis sets ([0, 2] of 3 dims) run on ref', () => {
    const x: View = { storage: new Float32Array(24).fill(1.5), offset: 0, shape: [2, 3, 4], strides: [12, 4, 1] };
    expect(ranOn(() => wasm.reduce('prod', x, [2], new Float32Array(6)))).toEqual(['ref']);
    const out = new Float32Array(3);
    expect(ranOn(() => wasm.reduce('sum', x, [0, 2], out))).toEqual(['ref']);
    expect(Array.from(out)).toEqual([12, 12, 12]);
  });
});

describe('wasm copy equals ref', () => {
  test('strided float32 sources into contiguous destinations are bit-identical', () => {
    fc.assert(
      fc.property(viewArb({ specials: true, maxRank: 5, max: 7 }), (src) => {
        const n = numelOf(src.shape);
        const strides = src.shape.map((_, d) => src.shape.slice(d + 1).reduce((p, s) => p * s, 1));
        const want = new Float32Array(n + 2);
        const got = new Float32Array(n + 2).fill(9);
        got[0] = want[0] = 0; // offset 1 into the destination
        ref.copy(src, { storage: want, offset: 1, shape: src.shape, strides });
        wasm.copy(src, { storage: got, offset: 1, shape: src.shape, strides });
        expect(firstMismatch(got.subarray(1, n + 1), want.subarray(1, n + 1), identical)).toBe(-1);
        expect(got[n + 1]).toBe(9); // nothing written past the view
      }),
      { numRuns: 200 },
    );
  });

  test('a transpose runs in wasm; contiguous sources and dtype conversions stay on ref', () => {
    const t: View = { storage: Float32Array.from({ length: 12 }, (_, i) => i), offset: 0, shape: [4, 3], strides: [1, 4] };
    const out = new Float32Array(12);
    expect(ranOn(() => wasm.copy(t, { storage: out, offset: 0, shape: [4, 3], strides: [3, 1] }))).toEqual(['wasm']);
    expect(Array.from(out)).toEqual([0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11]);
    const c: View = { storage: new Float32Array(4), offset: 0, shape: [4], strides: [1] };
    expect(ranOn(() => wasm.copy(c, { storage: new Float64Array(4), offset: 0, shape: [4], strides: [1] }))).toEqual(['ref']);
  });
});
