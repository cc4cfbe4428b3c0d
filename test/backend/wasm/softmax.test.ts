/**
 * Parity of the wasm softmax/logSoftmax kernel with ref: random shapes (rank 0–4, odd lengths for
 * the SIMD tails, empty and size-1 dims), every axis (rows along the lanes when the axis is last,
 * lanes across the columns otherwise), non-contiguous views, large magnitudes and the special
 * values, which must give PyTorch's NaN/0/−∞ in the same places as ref.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { FloatView, SoftmaxOp, View } from '../../../src/backend/backend.js';
import { refBackend as ref } from '../../../src/backend/ref/index.js';
import { firstMismatch, identical, numelOf, ranOn, ulps, viewArb, wasm } from './support.js';

const OPS: readonly SoftmaxOp[] = ['softmax', 'logSoftmax'];

/**
 * Largest distance from ref allowed, in float32 ulps. Measured maxima: softmax 2 ulps, logSoftmax
 * 1 ulp (over these properties at 10× their runs, and 2·10⁵ random [≤24]³ blocks at scales ±1…±60:
 * of 1.4·10⁷ softmax outputs that differed from ref at all, 603 by 2 ulps, the rest by 1). wasm
 * rounds e^d to float32 in the exp kernel's expF32x4 (≤ 0.75 ulp) before scaling it by 1/Σ,
 * while ref does everything in float64 and rounds once; logSoftmax needs no e^d per output.
 */
const MAX_ULPS = 3;

/**
 * Both sum Σ e^(x − m) ≥ 1 in float64, in different orders, so log Σ may differ by the float64
 * reordering error, 2·n·2⁻⁵³ at most. That is far below float32's resolution except where
 * logSoftmax is itself tiny (the max of a row whose other entries are e^−30 smaller: −1.6e-13 was
 * seen 16 384 ulps apart, 3e-17 in absolute terms; ref is no closer to the exact value there).
 */
const reorderingBound = (n: number): number => 2 * n * 2 ** -53;

/** A view and an axis of it (axis 0 for a 0-d view). */
const withAxis = (views: fc.Arbitrary<View>): fc.Arbitrary<[View, number]> =>
  views.chain((x) => fc.tuple(fc.constant(x), fc.integer({ min: 0, max: Math.max(x.shape.length - 1, 0) })));

/** Runs one op on ref and wasm; returns both outputs and the backends the wasm call ran on. */
function both(op: SoftmaxOp, x: View, axis: number): { want: Float32Array; got: Float32Array; backends: string[] } {
  const n = numelOf(x.shape);
  const want = new Float32Array(n);
  const got = new Float32Array(n).fill(12345);
  ref.softmax(op, x as FloatView, axis, want);
  const backends = ranOn(() => wasm.softmax(op, x as FloatView, axis, got));
  return { want, got, backends };
}

/** Index of the first element further from ref than MAX_ULPS (and the reordering bound), or -1. */
function firstBad(got: Float32Array, want: Float32Array, rowLength: number): number {
  for (let i = 0; i < got.length; i++) {
    const g = got[i]!;
    const w = want[i]!;
    if (ulps(g, w) > MAX_ULPS && !(Math.abs(g - w) <= reorderingBound(rowLength))) return i;
  }
  return -1;
}

function expectParity(op: SoftmaxOp, x: View, axis: number): void {
  const { want, got, backends } = both(op, x, axis);
  expect(backends).toEqual(['wasm']);
  const bad = firstBad(got, want, x.shape[axis] ?? 1);
  if (bad >= 0) expect.fail(`${op} along ${axis} of [${x.shape}]: element ${bad} is ${got[bad]}, ref ${want[bad]} (${ulps(got[bad]!, want[bad]!)} ulps)`);
}

describe('wasm softmax equals ref', () => {
  for (const op of OPS) {
    test(`${op}: random views, every axis, within ${MAX_ULPS} ulps`, () => {
      fc.assert(
        fc.property(withAxis(viewArb({ maxRank: 4, max: 11 })), ([x, axis]) => expectParity(op, x, axis)),
        { numRuns: 400 },
      );
    });

    test(`${op}: rows spanning e^−100…1 (values up to ±60) within ${MAX_ULPS} ulps`, () => {
      const wide = fc.float({ min: -60, max: 60, noNaN: true });
      const arb = fc
        .tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 23 }), fc.integer({ min: 1, max: 6 }), fc.boolean())
        .chain(([outer, size, inner, last]) => {
          // along axis 1 either way: rows when it is the last axis, columns when it is not
          const shape = last ? [outer * inner, size] : [outer, size, inner];
          const n = numelOf(shape);
          return fc.array(wide, { minLength: n, maxLength: n }).map((values): [View, number] => [
            { storage: Float32Array.from(values), offset: 0, shape, strides: shape.map((_, d) => numelOf(shape.slice(d + 1))) },
            1,
          ]);
        });
      fc.assert(fc.property(arb, ([x, axis]) => expectParity(op, x, axis)), { numRuns: 300 });
    });

    test(`${op}: NaN, ±∞, −3e38 and subnormals land where ref puts them`, () => {
      fc.assert(
        fc.property(withAxis(viewArb({ specials: true, maxRank: 3, max: 9 })), ([x, axis]) => {
          const { want, got, backends } = both(op, x, axis);
          expect(backends).toEqual(['wasm']);
          // NaN where ref has NaN, the same infinities and zeros; finite values within the tolerance
          expect(firstMismatch(got, want, (g, w) => (Number.isNaN(w) ? Number.isNaN(g) : !Number.isNaN(g)))).toBe(-1);
          expect(firstBad(got, want, x.shape[axis] ?? 1)).toBe(-1);
        }),
        { numRuns: 300 },
      );
    });
  }

  test('long rows and wide columns ([3, 1000] along 1, [2, 37, 130] along 1) within the tolerance', () => {
    const values = (n: number): Float32Array => Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.61) * 9 + Math.cos(i * 0.017) * 4);
    const rows: View = { storage: values(3000), offset: 0, shape: [3, 1000], strides: [1000, 1] };
    const cols: View = { storage: values(2 * 37 * 130), offset: 0, shape: [2, 37, 130], strides: [37 * 130, 130, 1] };
    for (const op of OPS) {
      expectParity(op, rows, 1);
      expectParity(op, cols, 1);
    }
  });

  test('PyTorch’s special rows: any NaN or +∞, or only −∞, gives NaN; −∞ entries give 0 / −∞', () => {
    const inf = Infinity;
    const cases: [number[], number[], number[]][] = [
      // row, softmax, logSoftmax (torch 1.13, float32)
      [[-inf, -inf], [NaN, NaN], [NaN, NaN]],
      [[inf, 1], [NaN, NaN], [NaN, NaN]],
      [[NaN, 1], [NaN, NaN], [NaN, NaN]],
      [[-inf, 1], [0, 1], [-inf, 0]],
      [[1e30, 1e30], [0.5, 0.5], [Math.fround(-Math.LN2), Math.fround(-Math.LN2)]],
      [[-1e30, -1e30, 0], [0, 0, 1], [Math.fround(-1e30), Math.fround(-1e30), 0]],
    ];
    for (const [row, soft, logSoft] of cases) {
      for (const [op, expected] of [['softmax', soft], ['logSoftmax', logSoft]] as const) {
        // the row alone (lanes along it) and as a column of [len, 5] (lanes across)
        const x: View = { storage: Float32Array.from(row), offset: 0, shape: [row.length], strides: [1] };
        const got = new Float32Array(row.length);
        expect(ranOn(() => wasm.softmax(op, x as FloatView, 0, got))).toEqual(['wasm']);
        expect(firstMismatch(got, expected, identical)).toBe(-1);
        const wide: View = { storage: Float32Array.from(row), offset: 0, shape: [row.length, 5], strides: [1, 0] };
        const columns = new Float32Array(row.length * 5);
        wasm.softmax(op, wide as FloatView, 0, columns);
        expect(firstMismatch(columns.filter((_, i) => i % 5 === 3), expected, identical)).toBe(-1);
      }
    }
  });

  test('float64 runs on ref; empty tensors run on wasm and write nothing', () => {
    const d: View = { storage: Float64Array.from([1, 2, 3, 4, 5, 6]), offset: 0, shape: [2, 3], strides: [3, 1] };
    for (const op of OPS) {
      const want = new Float64Array(6);
      const got = new Float64Array(6);
      ref.softmax(op, d as FloatView, 1, want);
      expect(ranOn(() => wasm.softmax(op, d as FloatView, 1, got))).toEqual(['ref']);
      expect(firstMismatch(got, want, identical)).toBe(-1);
      for (const shape of [[3, 0], [0, 4], [2, 0, 3]]) {
        const empty: View = { storage: new Float32Array(0), offset: 0, shape, strides: shape.map(() => 1) };
        for (let axis = 0; axis < shape.length; axis++) {
          expect(ranOn(() => wasm.softmax(op, empty as FloatView, axis, new Float32Array(0)))).toEqual(['wasm']);
        }
      }
    }
  });
});
