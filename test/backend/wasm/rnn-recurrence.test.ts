/**
 * The wasm Elman RNN recurrence kernels (tanh and relu) against ref: random step counts, batch,
 * hidden and input sizes (odd ones exercise partial lanes and tiles), strided operands, with and
 * without a bias, float32, and NaN through relu. ref accumulates each step's product in float64, wasm in float32, and the
 * difference is carried through the steps, so results agree to a few float32 ulps.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { FloatView } from '../../../src/backend/backend.js';
import { refBackend as ref } from '../../../src/backend/ref/index.js';
import { contiguous, sizesArb, viewOf, weightOf, worst } from './recurrence-support.js';
import { wasm, ranOn } from './support.js';

/** Largest |wasm − ref| / (1 + |ref|) allowed: measured 4e-8 over these runs (T ≤ 6, weights within ±1/H: recurrence-support.ts). */
const TOL = 1e-6;

/** The input's part: x [T, B, I], W_ih [H, I] and a bias [H] or none. */
interface Input {
  x: FloatView;
  weightIh: FloatView;
  bias: FloatView | null;
}

const caseArb = sizesArb.chain(([t, b, h]) =>
  fc.integer({ min: 1, max: 9 }).chain((i) =>
    fc.tuple(
      fc.record({ x: viewOf([t, b, i]), weightIh: viewOf([h, i], 1 / i), bias: fc.option(viewOf([h])) }),
      viewOf([b, h]), weightOf(1, h), viewOf([t, b, h]), fc.boolean(),
    ),
  ),
);

function both({ x, weightIh, bias }: Input, h0: FloatView, weight: FloatView, grad: FloatView, relu: boolean): number[] {
  const [t, b] = x.shape as [number, number];
  const h = weight.shape[0]!;
  const want = new Float32Array(t * b * h);
  const got = new Float32Array(t * b * h).fill(12345);
  ref.rnnRecurrence(x, weightIh, bias, h0, weight, relu, want);
  expect(ranOn(() => wasm.rnnRecurrence(x, weightIh, bias, h0, weight, relu, got))).toEqual(['wasm']);
  // the backward from the same states (ref's)
  const states = contiguous(want, [t, b, h]);
  const wantG = new Float32Array(t * b * h);
  const wantH = new Float32Array(b * h);
  const gotG = new Float32Array(t * b * h).fill(12345);
  const gotH = new Float32Array(b * h).fill(12345);
  ref.rnnRecurrenceBackward(states, weight, relu, grad, wantG, wantH);
  expect(ranOn(() => wasm.rnnRecurrenceBackward(states, weight, relu, grad, gotG, gotH))).toEqual(['wasm']);
  return [worst(got, want), worst(gotG, wantG), worst(gotH, wantH)];
}

describe('wasm rnnRecurrence / rnnRecurrenceBackward equal ref', () => {
  test('forward and backward, tanh and relu, over random sizes and layouts', () => {
    fc.assert(
      fc.property(caseArb, ([input, h0, weight, grad, relu]) => {
        for (const w of both(input, h0, weight, grad, relu)) expect(w).toBeLessThan(TOL);
      }),
      { numRuns: 150 },
    );
  });

  test('relu: NaN stays NaN and passes its gradient; −0 and negatives give 0 and stop it', () => {
    // one step, B = 1, H = 5, no input (I = 0) and a zero W_hh: h = relu(bias)
    const x = contiguous(new Float32Array(0), [1, 1, 0]);
    const weightIh = contiguous(new Float32Array(0), [5, 0]);
    const bias = contiguous(Float32Array.from([NaN, -0, -2, 0, 3]), [5]);
    const h0 = contiguous(new Float32Array(5), [1, 5]);
    const w = contiguous(new Float32Array(25), [5, 5]);
    const grad = contiguous(Float32Array.from([1, 1, 1, 1, 1]), [1, 1, 5]);
    for (const backend of [ref, wasm]) {
      const states = new Float32Array(5);
      backend.rnnRecurrence(x, weightIh, bias, h0, w, true, states);
      expect(Array.from(states)).toEqual([NaN, 0, 0, 0, 3]);
      expect(Object.is(states[1], -0)).toBe(false);
      const dG = new Float32Array(5);
      backend.rnnRecurrenceBackward(contiguous(states, [1, 1, 5]), w, true, grad, dG, new Float32Array(5));
      expect(Array.from(dG)).toEqual([1, 0, 0, 0, 1]);
    }
  });

  test('no step: nothing flows back to h0', () => {
    const empty = contiguous(new Float32Array(0), [0, 1, 1]);
    const w = contiguous(Float32Array.from([2]), [1, 1]);
    for (const backend of [ref, wasm]) {
      const dh = Float32Array.from([7]);
      backend.rnnRecurrenceBackward(empty, w, false, empty, new Float32Array(0), dh);
      expect(dh[0]).toBe(0);
    }
  });
});
