/**
 * The ref backend's reduce and copy take shortcuts for common layouts (a contiguous input whose
 * reduced dims are adjacent: one [outer, size, inner] loop; a copy with one contiguous side: row
 * by row). Each shortcut must give exactly the bits of the general element-by-element path, which
 * the same values reach through a non-contiguous view of a padded storage.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { ReduceOp, View } from '../../../src/backend/backend.js';
import { refBackend as ref } from '../../../src/backend/ref/index.js';
import { contiguousStrides } from '../../../src/shape.js';

const numel = (shape: readonly number[]): number => shape.reduce((p, s) => p * s, 1);

/** A shape (dims 0–4, sizes of 1 included), float32 or float64 values with NaN and ±∞ among them. */
const caseArb = fc
  .tuple(fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 0, maxLength: 4 }), fc.boolean())
  .chain(([shape, float64]) =>
    fc.tuple(
      fc.constant(shape),
      fc.constant(float64),
      fc.array(fc.oneof({ weight: 20, arbitrary: fc.double({ min: -100, max: 100, noNaN: true }) }, fc.constantFrom(NaN, Infinity, -Infinity, -0)), {
        minLength: numel(shape),
        maxLength: numel(shape),
      }),
      fc.subarray([...Array(shape.length).keys()]),
    ),
  );

/** The values as a contiguous view, and as a view whose last dim's elements sit two apart (never contiguous unless size ≤ 1). */
function twoLayouts(shape: number[], float64: boolean, values: number[]): { contiguous: View; strided: View } {
  const make = (n: number): Float32Array | Float64Array => (float64 ? new Float64Array(n) : new Float32Array(n));
  const contiguous = { storage: make(values.length), offset: 0, shape, strides: contiguousStrides(shape) };
  contiguous.storage.set(values);
  // every stride doubled and an offset of 1: the same logical values, none of them adjacent
  const stridedStorage = make(2 * values.length + 1).fill(777);
  const strided = { storage: stridedStorage, offset: 1, shape, strides: contiguousStrides(shape).map((s) => 2 * s) };
  values.forEach((v, i) => (stridedStorage[1 + 2 * i] = v));
  return { contiguous, strided };
}

const bits = (a: ArrayLike<number>): string[] => Array.from(a, (v) => (Object.is(v, -0) ? '-0' : String(v)));

describe('ref reduce: the [outer, size, inner] loop equals the general path', () => {
  for (const op of ['sum', 'max', 'min'] as ReduceOp[]) {
    test(`${op} over any set of axes, float32 and float64, NaN and ±∞ included`, () => {
      fc.assert(
        fc.property(caseArb, ([shape, float64, values, axes]) => {
          const { contiguous, strided } = twoLayouts(shape, float64, values);
          const size = numel(shape.map((s, d) => (axes.includes(d) ? 1 : s)));
          const fast = float64 ? new Float64Array(size) : new Float32Array(size);
          const general = float64 ? new Float64Array(size) : new Float32Array(size);
          ref.reduce(op, contiguous, axes, fast);
          ref.reduce(op, strided, axes, general);
          expect(bits(fast)).toEqual(bits(general));
        }),
        { numRuns: 300 },
      );
    });
  }

  test('by hand: [2, 3] summed over dim 1 and over dim 0, max over both', () => {
    const x: View = { storage: Float32Array.of(1, 2, 3, 4, 5, 6), offset: 0, shape: [2, 3], strides: [3, 1] };
    const rows = new Float32Array(2);
    const columns = new Float32Array(3);
    const all = new Float32Array(1);
    ref.reduce('sum', x, [1], rows);
    ref.reduce('sum', x, [0], columns);
    ref.reduce('max', x, [0, 1], all);
    expect(Array.from(rows)).toEqual([6, 15]);
    expect(Array.from(columns)).toEqual([5, 7, 9]);
    expect(Array.from(all)).toEqual([6]);
  });
});

describe('ref copy: the row-by-row walks equal the general path', () => {
  test('contiguous → strided and strided → contiguous give the values of a strided → strided copy', () => {
    fc.assert(
      fc.property(caseArb, ([shape, float64, values]) => {
        const { contiguous, strided } = twoLayouts(shape, float64, values);
        const into = twoLayouts(shape, float64, values.map(() => 0));
        ref.copy(contiguous, into.strided); // contiguous source, strided destination
        ref.copy(strided, into.contiguous); // strided source, contiguous destination
        const reference = twoLayouts(shape, float64, values.map(() => 0)).strided;
        ref.copy(strided, reference); // both strided: the element-by-element path
        const read = (v: View): number[] => Array.from({ length: values.length }, (_, i) => v.storage[v.offset + i * (v.strides.at(-1) ?? 1)]!);
        expect(bits(read(into.strided))).toEqual(bits(read(reference)));
        expect(bits(into.contiguous.storage)).toEqual(bits(read(reference)));
        expect(into.strided.storage[0]).toBe(777); // nothing written outside the view
      }),
      { numRuns: 300 },
    );
  });

  test('by hand: a transposed [2, 3] into a contiguous one, and a row into every other cell of a strided destination', () => {
    const t: View = { storage: Float32Array.of(1, 2, 3, 4, 5, 6), offset: 0, shape: [3, 2], strides: [1, 3] }; // [[1, 4], [2, 5], [3, 6]]
    const out = new Float32Array(6);
    ref.copy(t, { storage: out, offset: 0, shape: [3, 2], strides: [2, 1] });
    expect(Array.from(out)).toEqual([1, 4, 2, 5, 3, 6]);
    const into = new Float32Array(7).fill(9);
    ref.copy({ storage: Float32Array.of(7, 8, 6), offset: 0, shape: [3], strides: [1] }, { storage: into, offset: 1, shape: [3], strides: [2] });
    expect(Array.from(into)).toEqual([9, 7, 9, 8, 9, 6, 9]);
  });

  test('by hand: float64 → int32 truncates toward zero and → uint8 wraps modulo 256, as an assignment does', () => {
    const source: View = { storage: Float64Array.of(1.5, -2.7, 255.9, -1), offset: 0, shape: [4], strides: [1] };
    const ints = new Int32Array(4);
    const bytes = new Uint8Array(4);
    ref.copy(source, { storage: ints, offset: 0, shape: [4], strides: [1] });
    ref.copy(source, { storage: bytes, offset: 0, shape: [4], strides: [1] });
    expect(Array.from(ints)).toEqual([1, -2, 255, -1]);
    expect(Array.from(bytes)).toEqual([1, 254, 255, 255]);
  });

  test('a converting copy (float64 → float32, int32, bool) of contiguous views equals the element-by-element one', () => {
    const values = [1.5, -2.7, 3e40, -0, NaN, 255.9, -1, 0.1];
    const source: View = { storage: Float64Array.from(values), offset: 0, shape: [8], strides: [1] };
    const stridedSource: View = { storage: new Float64Array(16), offset: 0, shape: [8], strides: [2] };
    values.forEach((v, i) => (stridedSource.storage[2 * i] = v));
    for (const make of [(n: number) => new Float32Array(n), (n: number) => new Int32Array(n), (n: number) => new Uint8Array(n)]) {
      const fast: View = { storage: make(8), offset: 0, shape: [8], strides: [1] };
      const general: View = { storage: make(16), offset: 0, shape: [8], strides: [2] };
      ref.copy(source, fast);
      ref.copy(stridedSource, general);
      expect(bits(fast.storage)).toEqual(bits(Array.from({ length: 8 }, (_, i) => general.storage[2 * i]!)));
    }
  });
});
