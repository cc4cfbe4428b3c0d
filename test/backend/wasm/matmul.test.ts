import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { FloatView } from '../../../src/backend/backend.js';
import { refBackend as ref } from '../../../src/backend/ref/index.js';
import { makeView, valueArb, wasm, type Layout } from './support.js';

/** |A|·|B|: the scale of float32 rounding error in each output element. */
function magnitude(a: FloatView, b: FloatView, size: number): Float32Array {
  const abs = (v: FloatView): FloatView => ({ ...v, storage: (v.storage as Float32Array).map(Math.abs) });
  const out = new Float32Array(size);
  ref.matmul(abs(a), abs(b), out, false);
  return out;
}

/**
 * Asserts wasm's float32 product is within float32 accumulation error of ref's float64 one; with
 * `start`, both add the product to those values (accumulate), one more term in each sum.
 */
function expectClose(a: FloatView, b: FloatView, start?: Float32Array): void {
  const [batch, m, k] = a.shape as [number, number, number];
  const n = b.shape[2]!;
  const want = start ? start.slice() : new Float32Array(batch * m * n);
  const got = start ? start.slice() : new Float32Array(batch * m * n).fill(12345);
  ref.matmul(a, b, want, start !== undefined);
  wasm.matmul(a, b, got, start !== undefined);
  const scale = magnitude(a, b, want.length);
  const eps = 2 ** -24;
  for (let i = 0; i < want.length; i++) {
    const tol = (k + 3) * eps * (scale[i]! + Math.abs(start?.[i] ?? 0)) + 1e-30;
    if (!(Math.abs(got[i]! - want[i]!) <= tol)) {
      expect({ i, got: got[i], want: want[i], tol, shapeA: a.shape, n }).toBe('within float32 accumulation error');
    }
  }
}

const TRANSPOSES = ['NN', 'NT', 'TN', 'TT'] as const;

/** [B, r, c] view: transposed ('T') means stored as [B, c, r]; batch broadcast gives stride 0. */
function operand(shape: [number, number, number], transposed: boolean, batchBroadcast: boolean, stepped: boolean, values: number[]): FloatView {
  const layout: Layout = {
    perm: transposed ? [0, 2, 1] : [0, 1, 2],
    steps: [1, stepped ? 2 : 1, 1],
    flips: [false, false, false],
    broadcast: [batchBroadcast, false, false],
    lead: 3,
  };
  return makeView(shape, layout, values) as FloatView;
}

describe('wasm matmul equals ref', () => {
  const dims = fc.oneof(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 1, max: 19 }));
  for (const t of TRANSPOSES) {
    test(`${t}: random batched shapes (empty, size-1, odd, broadcast batch, stepped rows)`, () => {
      fc.assert(
        fc.property(
          fc.record({ batch: fc.integer({ min: 1, max: 3 }), m: dims, k: dims, n: dims }),
          fc.boolean(),
          fc.boolean(),
          fc.boolean(),
          fc.array(valueArb(false, 4), { minLength: 1, maxLength: 50 }),
          ({ batch, m, k, n }, bcA, bcB, stepped, values) => {
            const a = operand([batch, m, k], t[0] === 'T', bcA, stepped, values);
            const b = operand([batch, k, n], t[1] === 'T', bcB, false, values.slice().reverse());
            expectClose(a, b);
          },
        ),
        { numRuns: 60 },
      );
    });
  }

  test('accumulate: out += A·B over random shapes and transposes (k = 0 leaves out as it was)', () => {
    fc.assert(
      fc.property(
        fc.record({ batch: fc.integer({ min: 1, max: 3 }), m: dims, k: dims, n: dims }),
        fc.constantFrom(...TRANSPOSES),
        fc.array(valueArb(false, 4), { minLength: 1, maxLength: 50 }),
        ({ batch, m, k, n }, t, values) => {
          const a = operand([batch, m, k], t[0] === 'T', false, false, values);
          const b = operand([batch, k, n], t[1] === 'T', false, false, values.slice().reverse());
          const start = Float32Array.from({ length: batch * m * n }, (_, i) => values[i % values.length]! - 1);
          expectClose(a, b, start);
          if (k === 0) {
            const got = start.slice();
            wasm.matmul(a, b, got, true);
            expect(Array.from(got)).toEqual(Array.from(start));
          }
        },
      ),
      { numRuns: 80 },
    );
  });

  test('blocks: K past one packed block (256), M past MC (64), N past NC (1024), all transposes', () => {
    const values = Array.from({ length: 97 }, (_, i) => Math.sin(i * 1.7) * 2);
    for (const t of TRANSPOSES) {
      expectClose(operand([1, 67, 301], t[0] === 'T', false, false, values), operand([1, 301, 13], t[1] === 'T', false, false, values));
    }
    expectClose(operand([1, 5, 7], false, false, false, values), operand([1, 7, 1031], true, false, false, values));
    const start = Float32Array.from({ length: 67 * 13 }, (_, i) => Math.cos(i));
    expectClose(operand([1, 67, 301], true, false, false, values), operand([1, 301, 13], false, false, false, values), start);
  });

  test('negative strides (a flipped operand) and k = 0', () => {
    const a = makeView([2, 5, 6], { perm: [0, 1, 2], steps: [1, 1, 1], flips: [false, true, true], broadcast: [false, false, false], lead: 0 }, [1, -2, 0.5, 3]) as FloatView;
    const b = makeView([2, 6, 9], { perm: [0, 2, 1], steps: [1, 1, 1], flips: [true, false, false], broadcast: [false, false, false], lead: 2 }, [0.25, 2, -1]) as FloatView;
    expectClose(a, b);
    const empty = makeView([1, 3, 0], { perm: [0, 1, 2], steps: [1, 1, 1], flips: [false, false, false], broadcast: [false, false, false], lead: 0 }, [1]) as FloatView;
    const emptyB = makeView([1, 0, 4], { perm: [0, 1, 2], steps: [1, 1, 1], flips: [false, false, false], broadcast: [false, false, false], lead: 0 }, [1]) as FloatView;
    const out = new Float32Array(12).fill(7);
    wasm.matmul(empty, emptyB, out, false);
    expect(Array.from(out)).toEqual(new Array(12).fill(0));
  });

  test('float64 operands run on ref (results identical)', () => {
    const a: FloatView = { storage: Float64Array.from([1, 2, 3, 4, 5, 6]), offset: 0, shape: [1, 2, 3], strides: [0, 3, 1] };
    const b: FloatView = { storage: Float64Array.from([1, 0.1, 0.01]), offset: 0, shape: [1, 3, 1], strides: [0, 1, 1] };
    const got = new Float64Array(2);
    const want = new Float64Array(2);
    wasm.matmul(a, b, got, false);
    ref.matmul(a, b, want, false);
    expect(Array.from(got)).toEqual(Array.from(want));
  });
});
