/**
 * The wasm Adam update against ref, bit for bit: random lengths (every tail of the f32x4 loop),
 * offsets into larger storages, random scalars and values including zeros, and a parameter past
 * one chunk of the wasm call. ref's float32 loop rounds after every operation, which is what one
 * IEEE float32 operation gives, so the bits must agree exactly. (Not NaN: IEEE arithmetic leaves
 * a NaN's sign and payload open, and wasm's differ from JavaScript's.)
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { FloatView } from '../../../src/backend/backend.js';
import { refBackend as ref } from '../../../src/backend/ref/index.js';
import { wasm, ranOn } from './support.js';

const bits = (a: Float32Array): number[] => Array.from(new Uint32Array(a.buffer.slice(a.byteOffset, a.byteOffset + a.byteLength)));

/** A float32 view of `values` at offset `lead` of a larger storage. */
function view(values: readonly number[], lead: number): FloatView {
  const storage = new Float32Array(lead + values.length + 3).fill(77);
  storage.set(values, lead);
  return { storage, offset: lead, shape: [values.length], strides: [1] };
}

const clone = (v: FloatView): FloatView => ({ ...v, storage: v.storage.slice() });

/** Runs `step` on each backend from the same start; returns the param, m and v storages of each. */
function both(p: FloatView, g: FloatView, m: FloatView, v: FloatView, scalars: number[]): [Float32Array[], Float32Array[]] {
  const onRef = [clone(p), clone(m), clone(v)];
  const onWasm = [clone(p), clone(m), clone(v)];
  ref.adamStep(onRef[0]!, g, onRef[1]!, onRef[2]!, scalars);
  expect(ranOn(() => wasm.adamStep(onWasm[0]!, g, onWasm[1]!, onWasm[2]!, scalars))).toEqual(['wasm']);
  return [onRef.map((t) => t.storage as Float32Array), onWasm.map((t) => t.storage as Float32Array)];
}

describe('wasm adamStep equals ref bit for bit', () => {
  test('random lengths, offsets, scalars and values', () => {
    const value = fc.oneof(fc.float({ min: -4, max: 4, noNaN: true }), fc.constantFrom(0, -0, 1e-30));
    const arb = fc.integer({ min: 1, max: 37 }).chain((n) =>
      fc.tuple(
        fc.array(value, { minLength: n, maxLength: n }),
        fc.array(value, { minLength: n, maxLength: n }),
        fc.array(value, { minLength: n, maxLength: n }),
        fc.array(fc.float({ min: 0, max: 4, noNaN: true }), { minLength: n, maxLength: n }), // v ≥ 0
        fc.integer({ min: 0, max: 5 }),
        fc.tuple(...([[0, 0.999], [0, 0.9999], [0.01, 1], [1e-10, 1e-3], [0, 0.1]] as const).map(([min, max]) => fc.double({ min, max, noNaN: true }))),
      ),
    );
    fc.assert(
      fc.property(arb, ([p, g, m, v, lead, scalars]) => {
        const [want, got] = both(view(p, lead), view(g, lead + 1), view(m, lead), view(v, 2), scalars);
        want.forEach((w, k) => expect(bits(got[k]!)).toEqual(bits(w)));
      }),
      { numRuns: 300 },
    );
  });

  test('a parameter longer than one wasm call (2²⁰ elements + 5)', () => {
    const n = 2 ** 20 + 5;
    const values = (seed: number, scale: number, shift = 0) => Array.from({ length: n }, (_, i) => Math.sin(i * 0.37 + seed) * scale + shift);
    const [want, got] = both(view(values(1, 1), 0), view(values(2, 0.1), 0), view(values(3, 0.01), 0), view(values(4, 0.001, 0.001), 0), [0.9, 0.999, 0.3, 1e-8, 1e-3]);
    want.forEach((w, k) => expect(bits(got[k]!)).toEqual(bits(w)));
  });

  test('float64 runs on ref', () => {
    const f64 = (x: number): FloatView => ({ storage: Float64Array.from([x]), offset: 0, shape: [1], strides: [1] });
    const [p, m, v] = [f64(1), f64(0), f64(0)];
    expect(ranOn(() => wasm.adamStep(p, f64(2), m, v, [0.5, 0.75, 0.5, 0, 0.25]))).toEqual(['ref']);
    // m = ½·2 = 1, v = ¼·4 = 1, p = 1 − ¼·1 / (√1 / ½ + 0) = 1 − ⅛
    expect([p.storage[0], m.storage[0], v.storage[0]]).toEqual([0.875, 1, 1]);
  });
});
