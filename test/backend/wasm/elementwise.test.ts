import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { BinaryOp, UnaryOp, View } from '../../../src/backend/backend.js';
import { refBackend as ref } from '../../../src/backend/ref/index.js';
import { CHUNK_ELEMENTS, planPair, WASM_BINARY_OPS, WASM_UNARY_OPS } from '../../../src/backend/wasm/elementwise.js';
import type { Placement } from '../../../src/backend/wasm/staging.js';
import { firstMismatch, identical, layoutArb, makeView, numelOf, shapeArb, ulps, valueArb, viewArb, wasm, ranOn } from './support.js';


/** A pair of same-shape operands, each with its own layout (so broadcasts and transposes mix). */
const pairArb = (specials: boolean) =>
  shapeArb(4, 9).chain((shape) =>
    fc.tuple(
      ...[0, 1].map(() => fc.tuple(layoutArb(shape.length), fc.array(valueArb(specials), { minLength: 1, maxLength: 40 })).map(([l, v]) => makeView(shape, l, v))),
    ),
  );

describe('wasm binary kernels equal ref', () => {
  for (const op of WASM_BINARY_OPS) {
    test(`${op}: bit-identical on random layouts, odd sizes and special values`, () => {
      fc.assert(
        fc.property(pairArb(true), ([a, b]) => {
          const n = numelOf(a!.shape);
          const want = new Float32Array(n);
          const got = new Float32Array(n).fill(12345);
          ref.binary(op as BinaryOp, a!, b!, want);
          expect(ranOn(() => wasm.binary(op as BinaryOp, a!, b!, got))).toEqual(['wasm']);
          expect(firstMismatch(got, want, identical)).toBe(-1);
        }),
        { numRuns: 150 },
      );
    });
  }

  test('row, column and scalar broadcasts take the strided path (no gather) and agree', () => {
    const m = 7;
    const n = 13;
    const a = makeView([m, n], { perm: [0, 1], steps: [1, 1], flips: [false, false], broadcast: [false, false], lead: 0 }, [1.5, -2, 3.25]);
    for (const broadcast of [[true, false], [false, true], [true, true]]) {
      const b = makeView([m, n], { perm: [0, 1], steps: [1, 1], flips: [false, false], broadcast, lead: 1 }, [0.5, 4, -1]);
      const want = new Float32Array(m * n);
      const got = new Float32Array(m * n);
      ref.binary('mul', a, b, want);
      wasm.binary('mul', a, b, got);
      expect(Array.from(got)).toEqual(Array.from(want));
    }
  });

  test('a per-channel bias [C, 1, 1] over [N, C, H, W] runs as N × [C, H·W] without gathering the bias', () => {
    const [n, c, h, w] = [3, 5, 2, 7];
    const x: View = { storage: Float32Array.from({ length: n * c * h * w }, (_, i) => (i % 17) - 8.5), offset: 0, shape: [n, c, h, w], strides: [c * h * w, h * w, w, 1] };
    const bias: View = { storage: Float32Array.from([0.5, -1, 2, 3.25, -4]), offset: 0, shape: [n, c, h, w], strides: [0, 1, 0, 0] };
    const { plans, layout: grid } = planPair(x, bias);
    const [pa, pb] = plans as readonly [Placement, Placement];
    expect([pa.how, pb.how, pb.bytes]).toEqual(['span', 'span', 32]); // the bias's 5 floats, 16-byte aligned
    expect([grid.outer, grid.rows, grid.cols, grid.outerStrides, grid.rowStrides, grid.colStrides]).toEqual([n, c, h * w, [c * h * w, 0], [h * w, 1], [1, 0]]);
    for (const op of ['add', 'mul', 'sigmoidBackward'] as const) {
      const want = new Float32Array(n * c * h * w);
      const got = new Float32Array(n * c * h * w).fill(12345);
      ref.binary(op, x, bias, want);
      expect(ranOn(() => wasm.binary(op, x, bias, got))).toEqual(['wasm']);
      expect(firstMismatch(got, want, identical)).toBe(-1);
    }
    const wantLe = new Uint8Array(n * c * h * w);
    const gotLe = new Uint8Array(n * c * h * w).fill(7);
    ref.compare('le', x, bias, wantLe);
    expect(ranOn(() => wasm.compare('le', x, bias, gotLe))).toEqual(['wasm']);
    expect(Array.from(gotLe)).toEqual(Array.from(wantLe));
  });

  test('scaledAdd (y + alpha·x) is bit-identical to ref on random layouts and special values', () => {
    fc.assert(
      fc.property(pairArb(true), fc.double({ min: -4, max: 4, noNaN: true }), ([y, x], alpha) => {
        const n = numelOf(y!.shape);
        const want = new Float32Array(n);
        const got = new Float32Array(n).fill(12345);
        ref.scaledAdd(y!, alpha, x!, want);
        expect(ranOn(() => wasm.scaledAdd(y!, alpha, x!, got))).toEqual(['wasm']);
        expect(firstMismatch(got, want, identical)).toBe(-1);
      }),
      { numRuns: 150 },
    );
  });

  test('pow and non-float32 storage run on ref', () => {
    const a = makeView([5], { perm: [0], steps: [1], flips: [false], broadcast: [false], lead: 0 }, [2]);
    expect(ranOn(() => wasm.binary('pow', a, a, new Float32Array(5)))).toEqual(['ref']);
    const d: View = { storage: new Float64Array(5).fill(2), offset: 0, shape: [5], strides: [1] };
    const out = new Float64Array(5);
    expect(ranOn(() => wasm.binary('add', d, d, out))).toEqual(['ref']);
    expect(Array.from(out)).toEqual([4, 4, 4, 4, 4]);
  });
});

/** Largest allowed ulp distance from ref per unary op (ref rounds a float64 Math.* result once). */
const UNARY_ULPS: Partial<Record<UnaryOp, number>> = { exp: 1, log: 1, tanh: 1, sigmoid: 1, leakyRelu: 1 };

describe('wasm unary kernels equal ref', () => {
  const params: Partial<Record<UnaryOp, [number, number]>> = { leakyRelu: [0.01, 0], leakyReluSlope: [0.2, 0], clamp: [-0.5, 2.25] };
  for (const op of WASM_UNARY_OPS) {
    const maxUlps = UNARY_ULPS[op] ?? 0;
    test(`${op}: within ${maxUlps} ulp on random layouts, odd sizes and special values`, () => {
      fc.assert(
        fc.property(viewArb({ specials: true }), (x) => {
          const [pa, pb] = params[op] ?? [0, 0];
          const n = numelOf(x.shape);
          const want = new Float32Array(n);
          const got = new Float32Array(n).fill(12345);
          ref.unary(op, x as never, want, pa, pb);
          expect(ranOn(() => wasm.unary(op, x as never, got, pa, pb))).toEqual(['wasm']);
          const bad = firstMismatch(got, want, maxUlps === 0 ? identical : (g, w) => ulps(g, w) <= maxUlps);
          if (bad >= 0) expect({ i: bad, got: got[bad], want: want[bad] }).toEqual({ i: bad, got: want[bad], want: want[bad] });
        }),
        { numRuns: 120 },
      );
    });
  }

  test('erf and other unaccelerated ops run on ref', () => {
    const x = makeView([6], { perm: [0], steps: [1], flips: [false], broadcast: [false], lead: 0 }, [0.5]);
    expect(ranOn(() => wasm.unary('erf', x as never, new Float32Array(6), 0, 0))).toEqual(['ref']);
  });
});

describe('chunked elementwise calls (more than CHUNK_ELEMENTS elements) equal ref', () => {
  /** [rows, cols] past the chunk size: many short rows, or rows longer than a chunk (odd sizes). */
  const bigShapeArb = fc.oneof(
    fc.tuple(fc.integer({ min: 2, max: 40 }), fc.integer({ min: Math.ceil(CHUNK_ELEMENTS / 2) + 1, max: CHUNK_ELEMENTS + 999 })),
    fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: CHUNK_ELEMENTS + 1, max: 2 * CHUNK_ELEMENTS + 7 })),
    fc.tuple(fc.integer({ min: CHUNK_ELEMENTS + 1, max: CHUNK_ELEMENTS + 300 }), fc.integer({ min: 1, max: 3 })),
  );
  const bigPairArb = bigShapeArb.chain((shape) =>
    fc.tuple(
      ...[0, 1].map(() => fc.tuple(layoutArb(2), fc.array(valueArb(true), { minLength: 1, maxLength: 40 })).map(([l, v]) => makeView(shape, l, v))),
    ),
  );

  test('binary: bit-identical on broadcasts, slices and transposes', () => {
    fc.assert(
      fc.property(bigPairArb, fc.constantFrom(...WASM_BINARY_OPS), ([a, b], op) => {
        const n = numelOf(a!.shape);
        const want = new Float32Array(n);
        const got = new Float32Array(n).fill(12345);
        ref.binary(op, a!, b!, want);
        expect(ranOn(() => wasm.binary(op, a!, b!, got))).toEqual(['wasm']);
        expect(firstMismatch(got, want, identical)).toBe(-1);
      }),
      { numRuns: 25 },
    );
  });

  test('unary: tanh within 1 ulp, relu bit-identical', () => {
    fc.assert(
      fc.property(bigPairArb, ([x]) => {
        const n = numelOf(x!.shape);
        for (const [op, maxUlps] of [['tanh', 1], ['relu', 0]] as const) {
          const want = new Float32Array(n);
          const got = new Float32Array(n).fill(12345);
          ref.unary(op, x as never, want, 0, 0);
          expect(ranOn(() => wasm.unary(op, x as never, got, 0, 0))).toEqual(['wasm']);
          expect(firstMismatch(got, want, (g, w) => ulps(g, w) <= maxUlps)).toBe(-1);
        }
      }),
      { numRuns: 15 },
    );
  });
});
