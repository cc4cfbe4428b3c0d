/**
 * The wasm LSTM recurrence kernels against ref: random step counts, batch, hidden and input sizes
 * (odd ones exercise the zero-padded lanes and the matmul's partial tiles), strided operands,
 * with and without a bias, float32.
 * ref accumulates each step's product in float64 and its cell in float64, wasm in float32, and
 * the difference is carried through the steps, so results agree to a few float32 ulps per step
 * (relative to 1 + |result|).
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { FloatView } from '../../../src/backend/backend.js';
import { refBackend as ref } from '../../../src/backend/ref/index.js';
import { contiguous, sizesArb, viewOf, weightOf, worst } from './recurrence-support.js';
import { wasm, ranOn } from './support.js';

/** Largest |wasm − ref| / (1 + |ref|) allowed: measured 8.4e-8 (about one float32 ulp) over these runs (T ≤ 6, weights within ±1/H: recurrence-support.ts). */
const TOL = 1e-6;

const caseArb = sizesArb.chain(([t, b, h]) =>
  fc.integer({ min: 1, max: 9 }).chain((i) =>
    fc.tuple(viewOf([t, b, i]), viewOf([4 * h, i], 1 / i), fc.option(viewOf([4 * h])), viewOf([b, h]), viewOf([b, h]), weightOf(4, h), viewOf([t, 2, b, h])),
  ),
);

describe('wasm lstmRecurrence / lstmRecurrenceBackward equal ref', () => {
  test('forward and backward over random sizes and layouts', () => {
    fc.assert(
      fc.property(caseArb, ([x, weightIh, bias, h0, c0, weight, grad]) => {
        const [t, b] = x.shape as [number, number];
        const h = weight.shape[1]!;
        const want = new Float32Array(2 * t * b * h);
        const got = new Float32Array(2 * t * b * h).fill(12345);
        const wantActs = new Float32Array(5 * t * b * h);
        const gotActs = new Float32Array(5 * t * b * h).fill(12345);
        ref.lstmRecurrence(x, weightIh, bias, h0, c0, weight, want, wantActs);
        expect(ranOn(() => wasm.lstmRecurrence(x, weightIh, bias, h0, c0, weight, got, gotActs))).toEqual(['wasm']);
        expect(worst(got, want)).toBeLessThan(TOL);
        expect(worst(gotActs, wantActs)).toBeLessThan(TOL);
        // the backward from the same states and activations (ref's)
        const acts = contiguous(wantActs, [t, b, 5 * h]);
        const states = contiguous(want, [t, 2, b, h]);
        const wantG = new Float32Array(4 * t * b * h);
        const wantH = new Float32Array(b * h);
        const wantC = new Float32Array(b * h);
        const gotG = new Float32Array(4 * t * b * h).fill(12345);
        const gotH = new Float32Array(b * h).fill(12345);
        const gotC = new Float32Array(b * h).fill(12345);
        ref.lstmRecurrenceBackward(acts, c0, states, weight, grad, wantG, wantH, wantC);
        expect(ranOn(() => wasm.lstmRecurrenceBackward(acts, c0, states, weight, grad, gotG, gotH, gotC))).toEqual(['wasm']);
        expect(worst(gotG, wantG)).toBeLessThan(TOL);
        expect(worst(gotH, wantH)).toBeLessThan(TOL);
        expect(worst(gotC, wantC)).toBeLessThan(TOL);
      }),
      { numRuns: 150 },
    );
  });

  test('no step: the states are empty and nothing flows back to h0 and c0', () => {
    const empty = contiguous(new Float32Array(0), [0, 2, 1, 1]);
    const acts = contiguous(new Float32Array(0), [0, 1, 5]);
    const one = contiguous(Float32Array.from([0.5]), [1, 1]);
    const w = contiguous(Float32Array.from([1, 2, 3, 4]), [4, 1]);
    for (const backend of [ref, wasm]) {
      const dG = new Float32Array(0);
      const dh = Float32Array.from([7]);
      const dc = Float32Array.from([7]);
      backend.lstmRecurrenceBackward(acts, one, empty, w, empty, dG, dh, dc);
      expect([dh[0], dc[0]]).toEqual([0, 0]);
    }
  });

  test('float64 runs on ref', () => {
    const f64 = (values: number[], shape: number[]): FloatView => ({ ...contiguous(new Float32Array(0), shape), storage: Float64Array.from(values) });
    const states = new Float64Array(2);
    // one step, B = H = I = 1, zero gates and weights: σ(0) = ½, tanh(0) = 0, so c_0 = ½·c0 and h_0 = ½·tanh(c_0)
    const zero4 = f64([0, 0, 0, 0], [4, 1]);
    expect(ranOn(() => wasm.lstmRecurrence(f64([3], [1, 1, 1]), zero4, null, f64([1], [1, 1]), f64([1], [1, 1]), zero4, states, new Float64Array(5)))).toEqual(['ref']);
    expect(Array.from(states)).toEqual([0.5 * Math.tanh(0.5), 0.5]);
  });
});
