/**
 * Parity of the wasm cumsum kernel with ref: random shapes (rank 0–4, odd inner sizes for the
 * f64x2 tail, empty and size-1 dims), every axis, non-contiguous views (transposed, stepped,
 * flipped, broadcast) and special values. Both accumulate in float64 in the same order and round
 * once per element, so the results are bit-identical.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { FloatView, View } from '../../../src/backend/backend.js';
import { refBackend as ref } from '../../../src/backend/ref/index.js';
import { firstMismatch, identical, numelOf, ranOn, viewArb, wasm } from './support.js';

/** A view and an axis of it (axis 0 for a 0-d view). */
const withAxis = (views: fc.Arbitrary<View>): fc.Arbitrary<[View, number]> =>
  views.chain((x) => fc.tuple(fc.constant(x), fc.integer({ min: 0, max: Math.max(x.shape.length - 1, 0) })));

function expectParity(x: View, axis: number): void {
  const n = numelOf(x.shape);
  const want = new Float32Array(n);
  const got = new Float32Array(n).fill(12345);
  ref.cumsum(x as FloatView, axis, want);
  expect(ranOn(() => wasm.cumsum(x as FloatView, axis, got))).toEqual(['wasm']);
  const bad = firstMismatch(got, want, identical);
  if (bad >= 0) expect.fail(`cumsum along ${axis} of [${x.shape}] (strides [${x.strides}]): element ${bad} is ${got[bad]}, ref ${want[bad]}`);
}

describe('wasm cumsum equals ref bit for bit', () => {
  test('random shapes, axes and layouts', () => {
    fc.assert(fc.property(withAxis(viewArb({ maxRank: 4, max: 9 })), ([x, axis]) => expectParity(x, axis)), { numRuns: 300 });
  });

  test('with NaN, ±Infinity, signed zeros and subnormals', () => {
    fc.assert(fc.property(withAxis(viewArb({ specials: true, maxRank: 3 })), ([x, axis]) => expectParity(x, axis)), { numRuns: 200 });
  });

  test('a float32 running sum kept in float64 (1e8 + 1 − 1e8 = 1), inner sizes 1, 2 and 3', () => {
    for (const inner of [1, 2, 3]) {
      const values = [1e8, 1, -1e8].flatMap((v) => Array<number>(inner).fill(v));
      const x: View = { storage: Float32Array.from(values), offset: 0, shape: [3, inner], strides: [inner, 1] };
      const got = new Float32Array(3 * inner);
      expect(ranOn(() => wasm.cumsum(x as FloatView, 0, got))).toEqual(['wasm']);
      expect(Array.from(got)).toEqual([1e8, 1e8, 1].flatMap((v) => Array<number>(inner).fill(v)));
    }
  });

  test('float64 runs on ref', () => {
    const x: View = { storage: Float64Array.from([1, 2, 3]), offset: 0, shape: [3], strides: [1] };
    const out = new Float64Array(3);
    expect(ranOn(() => wasm.cumsum(x as FloatView, 0, out))).toEqual(['ref']);
    expect(Array.from(out)).toEqual([1, 3, 6]);
  });
});
