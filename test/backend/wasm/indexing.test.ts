/**
 * Parity of the wasm index kernels with ref: argmax/argmin (first index on ties, NaN counts as
 * the max and the first NaN wins), gather and scatterAdd (sums in ref's order, so repeated
 * targets round alike) on random layouts, odd and empty sizes; and max-pooling, which is built
 * on them, trained on wasm with the same values and gradients as ref.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, test } from 'vitest';
import type { ArgReduceOp, View } from '../../../src/backend/backend.js';
import { refBackend as ref } from '../../../src/backend/ref/index.js';
import { traceKernels } from '../../../src/backend/select.js';
import { Generator, randn, setBackend } from '../../../src/index.js';
import { maxPool2d } from '../../../src/nn/functional/pooling.js';
import { firstMismatch, identical, layoutArb, makeView, numelOf, shapeArb, valueArb, wasm, ranOn } from './support.js';

afterEach(() => setBackend('ref'));


/** Values with many ties and the special values. */
const tieValueArb = fc.oneof(valueArb(true), fc.constantFrom(0, -0, 1, 1, -1, NaN, Infinity, -Infinity));

/** A float32 view of `shape` with a random layout. */
const floatViewArb = (shape: number[], values = tieValueArb) =>
  fc.tuple(layoutArb(shape.length), fc.array(values, { minLength: 1, maxLength: 48 })).map(([l, v]) => makeView(shape, l, v));

/** An int32 index view of `shape` with a random layout (no broadcast), values in [0, size). */
const indexViewArb = (shape: number[], size: number) =>
  fc
    .tuple(layoutArb(shape.length, false), fc.array(fc.integer({ min: 0, max: size - 1 }), { minLength: 1, maxLength: 48 }))
    .map(([l, v]): View => {
      const view = makeView(shape, l, v);
      return { ...view, storage: Int32Array.from(view.storage) };
    });

/** A shape with a dim `dim` of size ≥ 1, and an index shape no larger off `dim` (any size along it). */
const gatherShapesArb = shapeArb(4, 9)
  .filter((s) => s.length > 0)
  .chain((shape) =>
    fc.integer({ min: 0, max: shape.length - 1 }).chain((dim) =>
      fc
        .tuple(
          fc.integer({ min: 1, max: 9 }),
          fc.tuple(...shape.map((s, d) => (d === dim ? fc.integer({ min: 0, max: 11 }) : fc.integer({ min: 0, max: s })))),
          fc.boolean(),
        )
        .map(([along, idx, full]) => {
          const x = shape.map((s, d) => (d === dim ? along : s));
          // half the time the index covers x off `dim` (the max-pool layout), else it may be smaller
          const index = full ? x.map((s, d) => (d === dim ? idx[d]! : s)) : idx;
          return { x, index, dim };
        }),
    ),
  );

describe('wasm argReduce equals ref', () => {
  for (const op of ['argmax', 'argmin'] as ArgReduceOp[]) {
    test(`${op}: identical on random layouts, ties, NaN and ±Inf`, () => {
      const arb = shapeArb(4, 11)
        .filter((s) => s.length > 0)
        .chain((shape) => fc.tuple(floatViewArb(shape), fc.integer({ min: 0, max: shape.length - 1 })));
      fc.assert(
        fc.property(arb, ([x, axis]) => {
          fc.pre(x.shape[axis]! > 0);
          const n = numelOf(x.shape) / x.shape[axis]!;
          const want = new Int32Array(n);
          const got = new Int32Array(n).fill(-5);
          ref.argReduce(op, x, axis, want);
          expect(ranOn(() => wasm.argReduce(op, x, axis, got))).toEqual(['wasm']);
          expect(Array.from(got)).toEqual(Array.from(want));
        }),
        { numRuns: 300 },
      );
    });
  }

  test('the first NaN wins, ties keep the first index, along a middle axis with unit-stride lanes', () => {
    // [2, 3, 7]: reduced along axis 1, so lanes run along the last axis (7 = one vector + 3 tail lanes)
    const col = (k: number) => [
      [1, 1, NaN],
      [-Infinity, -Infinity, -Infinity],
      [0, -0, 0],
      [2, NaN, NaN],
      [-1, 5, 5],
      [Infinity, NaN, Infinity],
      [NaN, 1, 2],
    ].map((c) => c[k]!);
    const values = [0, 1].flatMap(() => [0, 1, 2].flatMap(col));
    const x: View = { storage: Float32Array.from(values), offset: 0, shape: [2, 3, 7], strides: [21, 7, 1] };
    for (const op of ['argmax', 'argmin'] as ArgReduceOp[]) {
      const want = new Int32Array(14);
      const got = new Int32Array(14);
      ref.argReduce(op, x, 1, want);
      wasm.argReduce(op, x, 1, got);
      expect(Array.from(got)).toEqual(Array.from(want));
      expect(Array.from(got.subarray(0, 7))).toEqual(op === 'argmax' ? [2, 0, 0, 1, 1, 1, 0] : [2, 0, 0, 1, 0, 1, 0]);
    }
  });
});

describe('wasm gather equals ref', () => {
  test('identical on random layouts and index shapes (ref where the dims do not collapse)', () => {
    const arb = gatherShapesArb.chain(({ x, index, dim }) => fc.tuple(floatViewArb(x), indexViewArb(index, x[dim]!), fc.constant(dim)));
    let onWasm = 0;
    fc.assert(
      fc.property(arb, ([x, index, dim]) => {
        const n = numelOf(index.shape);
        const want = new Float32Array(n);
        const got = new Float32Array(n).fill(12345);
        ref.gather(x, dim, index, want);
        const ran = ranOn(() => wasm.gather(x, dim, index, got));
        onWasm += ran[0] === 'wasm' ? 1 : 0;
        expect(firstMismatch(got, want, identical)).toBe(-1);
      }),
      { numRuns: 300 },
    );
    expect(onWasm).toBeGreaterThan(200);
  });
});

describe('wasm scatterAdd equals ref', () => {
  test('bit-identical sums on random layouts, repeated targets and mixed magnitudes', () => {
    const magnitudes = fc.oneof(valueArb(true), fc.constantFrom(1e8, -1e8, 3, 1e-3, 0.1));
    const arb = gatherShapesArb.chain(({ x, index, dim }) => {
      // src is at least index's shape, and may be larger in every dim
      const srcShape = fc.tuple(...index.map((s) => fc.integer({ min: s, max: s + 2 })));
      return fc.tuple(floatViewArb(x, magnitudes), indexViewArb(index, x[dim]!), srcShape.chain((s) => floatViewArb(s, magnitudes)), fc.constant(dim));
    });
    let onWasm = 0;
    fc.assert(
      fc.property(arb, ([init, index, src, dim]) => {
        // dst is contiguous (as the op passes it): a copy of init's values
        const n = numelOf(init.shape);
        const values = new Float32Array(n);
        ref.copy(init, { storage: values, offset: 0, shape: init.shape, strides: contiguous(init.shape) });
        const dst = (lead: number): View => {
          const storage = new Float32Array(lead + n + 3).fill(-9);
          storage.set(values, lead);
          return { storage, offset: lead, shape: init.shape, strides: contiguous(init.shape) };
        };
        const want = dst(0);
        const got = dst(2);
        ref.scatterAdd(want, dim, index, src);
        const ran = ranOn(() => wasm.scatterAdd(got, dim, index, src));
        onWasm += ran[0] === 'wasm' ? 1 : 0;
        expect(firstMismatch(got.storage.subarray(2, 2 + n), want.storage.subarray(0, n), identical)).toBe(-1);
        expect(Array.from(got.storage.subarray(0, 2)).concat(Array.from(got.storage.subarray(2 + n)))).toEqual([-9, -9, -9, -9, -9]);
      }),
      { numRuns: 300 },
    );
    expect(onWasm).toBeGreaterThan(200);
  });

  test('float64 data runs on ref', () => {
    const dst: View = { storage: new Float64Array(3), offset: 0, shape: [3], strides: [1] };
    const index: View = { storage: Int32Array.from([2, 2]), offset: 0, shape: [2], strides: [1] };
    const src: View = { storage: Float64Array.from([0.5, 0.25]), offset: 0, shape: [2], strides: [1] };
    expect(ranOn(() => wasm.scatterAdd(dst, 0, index, src))).toEqual(['ref']);
    expect(Array.from(dst.storage)).toEqual([0, 0, 0.75]);
  });
});

function contiguous(shape: readonly number[]): number[] {
  const strides: number[] = [];
  let s = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = s;
    s *= shape[d]!;
  }
  return strides;
}

describe('max pooling on wasm', () => {
  test('values and gradients equal ref bit for bit, with maxPoolIndices (values too, no gather) and scatterAdd on wasm', () => {
    const run = (backend: 'ref' | 'wasm') => {
      setBackend(backend);
      const g = new Generator(5);
      const x = randn([3, 4, 13, 11], { generator: g }).requiresGrad_(true);
      const weights = randn([3, 4, 7, 6], { generator: g });
      const { calls, result: out } = traceKernels(() => {
        const y = maxPool2d(x, 3, { stride: 2, padding: 1 });
        y.mul(weights).sum().backward();
        return y;
      });
      return { out: out.contiguous().storage, grad: x.grad!.contiguous().storage, calls };
    };
    const want = run('ref');
    const got = run('wasm');
    expect(firstMismatch(got.out, want.out, identical)).toBe(-1);
    expect(firstMismatch(got.grad, want.grad, identical)).toBe(-1);
    for (const kernel of ['maxPoolIndices', 'scatterAdd']) {
      expect(got.calls.filter((c) => c.kernel === kernel).map((c) => c.backend), kernel).toEqual(['wasm']);
    }
    expect(got.calls.filter((c) => c.kernel === 'gather')).toEqual([]); // the kernel wrote the values
  });
});
