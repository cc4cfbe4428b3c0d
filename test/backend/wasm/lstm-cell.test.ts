/**
 * The wasm LSTM cell kernels against ref: random batch and hidden sizes (odd ones exercise the
 * zero-padded lanes at a row's end), strided layouts, float32. The wasm sigmoid and tanh are
 * within 0.75 ulp of ref's float64 ones and the rest is float32 arithmetic, so results agree to a
 * few float32 ulps (relative to 1 + |result|).
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { FloatView } from '../../../src/backend/backend.js';
import { refBackend as ref } from '../../../src/backend/ref/index.js';
import { layoutArb, makeView, wasm, ranOn } from './support.js';

/** Largest |wasm − ref| / (1 + |ref|) allowed: measured 6e-8 (about one float32 ulp) over these runs. */
const TOL = 4e-7;
const value = fc.double({ min: -4, max: 4, noNaN: true, noDefaultInfinity: true });

/** A float32 view of `shape` in a random layout, filled with values in [−4, 4]. */
const viewOf = (shape: number[]) =>
  fc.tuple(layoutArb(shape.length, false), fc.array(value, { minLength: 1, maxLength: 60 })).map(([l, v]) => makeView(shape, l, v) as FloatView);

const caseArb = fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 11 })).chain(([b, h]) =>
  fc.tuple(viewOf([b, 4 * h]), viewOf([b, h]), viewOf([2, b, h])),
);

/** Largest |got − want| / (1 + |want|) over the elements. */
function worst(got: Float32Array, want: Float32Array): number {
  let w = 0;
  for (let k = 0; k < want.length; k++) w = Math.max(w, Math.abs(got[k]! - want[k]!) / (1 + Math.abs(want[k]!)));
  return w;
}

describe('wasm lstmCell / lstmCellBackward equal ref', () => {
  test('forward and backward over random sizes and layouts', () => {
    fc.assert(
      fc.property(caseArb, ([gates, c, grad]) => {
        const [b, h] = c.shape as [number, number];
        const want = new Float32Array(2 * b * h);
        const got = new Float32Array(2 * b * h).fill(12345);
        const wantActs = new Float32Array(5 * b * h);
        const gotActs = new Float32Array(5 * b * h).fill(12345);
        ref.lstmCell(gates, c, want, wantActs);
        expect(ranOn(() => wasm.lstmCell(gates, c, got, gotActs))).toEqual(['wasm']);
        expect(worst(got, want)).toBeLessThan(TOL);
        expect(worst(gotActs, wantActs)).toBeLessThan(TOL);
        // the backward from the same activations (ref's)
        const acts: FloatView = { storage: wantActs, offset: 0, shape: [b, 5 * h], strides: [5 * h, 1] };
        const wantG = new Float32Array(4 * b * h);
        const wantC = new Float32Array(b * h);
        const gotG = new Float32Array(4 * b * h).fill(12345);
        const gotC = new Float32Array(b * h).fill(12345);
        ref.lstmCellBackward(acts, c, grad, wantG, wantC);
        expect(ranOn(() => wasm.lstmCellBackward(acts, c, grad, gotG, gotC))).toEqual(['wasm']);
        expect(worst(gotG, wantG)).toBeLessThan(TOL);
        expect(worst(gotC, wantC)).toBeLessThan(TOL);
      }),
      { numRuns: 200 },
    );
  });

  test('float64 runs on ref', () => {
    const gates: FloatView = { storage: new Float64Array(4), offset: 0, shape: [1, 4], strides: [4, 1] };
    const c: FloatView = { storage: Float64Array.from([1]), offset: 0, shape: [1, 1], strides: [1, 1] };
    const out = new Float64Array(2);
    expect(ranOn(() => wasm.lstmCell(gates, c, out, new Float64Array(5)))).toEqual(['ref']);
    // σ(0) = ½, tanh(0) = 0: c′ = ½·1 + ½·0 = ½, h′ = ½·tanh(½)
    expect(Array.from(out)).toEqual([0.5 * Math.tanh(0.5), 0.5]);
  });
});
