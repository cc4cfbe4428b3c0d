/**
 * Parity of the wasm `compare` and `where` kernels with ref: bit-identical results on random
 * layouts (transposed, stepped, flipped, broadcast with stride 0, offset), odd lengths for the
 * SIMD tails, empty and size-1 dims, and NaN/±Inf/±0.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { CompareOp, View } from '../../../src/backend/backend.js';
import { refBackend as ref } from '../../../src/backend/ref/index.js';
import { firstMismatch, identical, layoutArb, makeView, numelOf, shapeArb, valueArb, wasm, type Layout, ranOn } from './support.js';

const OPS: CompareOp[] = ['eq', 'ne', 'lt', 'le', 'gt', 'ge'];


/** Values with many exact ties, so eq/le/ge see equal operands, plus the special values. */
const tieValueArb = fc.oneof(valueArb(true), fc.constantFrom(0, -0, 1, -1, 2.5, NaN, Infinity, -Infinity));

/** `count` same-shape float32 operands, each with its own layout (so broadcasts and transposes mix). */
const operandsArb = (count: number, maxRank = 4, max = 19) =>
  shapeArb(maxRank, max).chain((shape) =>
    fc.tuple(
      ...Array.from({ length: count }, () =>
        fc.tuple(layoutArb(shape.length), fc.array(tieValueArb, { minLength: 1, maxLength: 40 })).map(([l, v]) => makeView(shape, l, v)),
      ),
    ),
  );

/** The same view over a Uint8Array (bool) storage: nonzero floats become 1, NaN 0. */
const asBool = (v: View): View => ({ ...v, storage: Uint8Array.from(v.storage, (x) => (x > 0 || x < 0 ? 1 : 0)) });

const plain = (rank: number, broadcast: boolean[] = Array(rank).fill(false)): Layout => ({
  perm: [...Array(rank).keys()],
  steps: Array(rank).fill(1),
  flips: Array(rank).fill(false),
  broadcast,
  lead: 0,
});

const SPECIALS = [0, -0, 1, -1, NaN, Infinity, -Infinity, 3.5, 1e-40, -2];

describe('wasm compare equals ref', () => {
  for (const op of OPS) {
    test(`${op}: bit-identical on random layouts, odd sizes and special values`, () => {
      fc.assert(
        fc.property(operandsArb(2), ([a, b]) => {
          const n = numelOf(a!.shape);
          const want = new Uint8Array(n);
          const got = new Uint8Array(n).fill(7);
          ref.compare(op, a!, b!, want);
          expect(ranOn(() => wasm.compare(op, a!, b!, got))).toEqual(['wasm']);
          expect(firstMismatch(got, want, Object.is)).toBe(-1);
        }),
        { numRuns: 120 },
      );
    });
  }

  test('scalar (stride 0), row and column broadcasts over long odd rows with NaN, ±Inf and ±0', () => {
    const [m, n] = [5, 37];
    const a = makeView([m, n], plain(2), SPECIALS);
    for (const broadcast of [[true, true], [true, false], [false, true], [false, false]]) {
      const b = makeView([m, n], { ...plain(2, broadcast), lead: 1 }, [...SPECIALS].reverse());
      for (const op of OPS) {
        for (const [x, y] of [[a, b], [b, a]] as const) {
          const want = new Uint8Array(m * n);
          const got = new Uint8Array(m * n);
          ref.compare(op, x, y, want);
          wasm.compare(op, x, y, got);
          expect(Array.from(got), `${op} ${broadcast}`).toEqual(Array.from(want));
        }
      }
    }
  });

  test('non-float32 operands (int32, bool, float64) run on ref', () => {
    const i: View = { storage: Int32Array.from([1, 2, 3]), offset: 0, shape: [3], strides: [1] };
    const two: View = { storage: Int32Array.from([2]), offset: 0, shape: [3], strides: [0] };
    const out = new Uint8Array(3);
    expect(ranOn(() => wasm.compare('gt', i, two, out))).toEqual(['ref']);
    expect(Array.from(out)).toEqual([0, 0, 1]);
    const d: View = { storage: Float64Array.from([1, NaN]), offset: 0, shape: [2], strides: [1] };
    expect(ranOn(() => wasm.compare('ne', d, d, new Uint8Array(2)))).toEqual(['ref']);
  });
});

describe('wasm where equals ref', () => {
  test('bit-identical on random layouts of condition and both operands', () => {
    fc.assert(
      fc.property(operandsArb(3), ([c, a, b]) => {
        const cond = asBool(c!);
        const n = numelOf(a!.shape);
        const want = new Float32Array(n);
        const got = new Float32Array(n).fill(12345);
        ref.where(cond, a!, b!, want);
        expect(ranOn(() => wasm.where(cond, a!, b!, got))).toEqual(['wasm']);
        expect(firstMismatch(got, want, identical)).toBe(-1);
      }),
      { numRuns: 200 },
    );
  });

  test("ReLU's backward pattern where(out <= 0, 0, g) and broadcast conditions, long odd rows", () => {
    const [m, n] = [3, 53];
    const out = makeView([m, n], plain(2), SPECIALS);
    const zero = makeView([m, n], plain(2, [true, true]), [-0]);
    const g = makeView([m, n], { ...plain(2), lead: 2 }, [0.25, -7, NaN, 3]);
    const mask = new Uint8Array(m * n);
    wasm.compare('le', out, zero, mask);
    const condViews: View[] = [
      { storage: mask, offset: 0, shape: [m, n], strides: [n, 1] },
      { storage: mask, offset: 0, shape: [m, n], strides: [0, 1] }, // row broadcast
      { storage: mask, offset: 3, shape: [m, n], strides: [1, 0] }, // column broadcast
      { storage: Uint8Array.from([0, 2]), offset: 1, shape: [m, n], strides: [0, 0] }, // scalar, nonzero ≠ 1
    ];
    for (const cond of condViews) {
      for (const [x, y] of [[zero, g], [g, zero], [g, out]] as const) {
        const want = new Float32Array(m * n);
        const got = new Float32Array(m * n);
        ref.where(cond, x, y, want);
        expect(ranOn(() => wasm.where(cond, x, y, got))).toEqual(['wasm']);
        expect(firstMismatch(got, want, identical)).toBe(-1);
      }
    }
  });

  test('float64 operands run on ref', () => {
    const c: View = { storage: Uint8Array.from([1, 0]), offset: 0, shape: [2], strides: [1] };
    const d: View = { storage: Float64Array.from([1, 2]), offset: 0, shape: [2], strides: [1] };
    const out = new Float64Array(2);
    expect(ranOn(() => wasm.where(c, d, d, out))).toEqual(['ref']);
    expect(Array.from(out)).toEqual([1, 2]);
  });
});
