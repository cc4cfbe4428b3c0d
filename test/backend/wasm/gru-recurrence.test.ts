/**
 * The wasm GRU recurrence kernels against ref: random step counts, batch, hidden and input sizes
 * (odd ones exercise partial lanes and tiles), strided operands, with and without b_ih and b_hh,
 * float32. ref
 * computes in float64 and rounds each stored value once, wasm in float32, and the difference is
 * carried through the steps, so results agree to a few float32 ulps.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { refBackend as ref } from '../../../src/backend/ref/index.js';
import { contiguous, sizesArb, viewOf, weightOf, worst } from './recurrence-support.js';
import { wasm, ranOn } from './support.js';

/** Largest |wasm − ref| / (1 + |ref|) allowed: measured 5.7e-8 over these runs (T ≤ 6, weights within ±1/H: recurrence-support.ts; with entries up to 2 one seed reached 2.2e-6). */
const TOL = 1e-6;

const caseArb = sizesArb.chain(([t, b, h]) =>
  fc.integer({ min: 1, max: 9 }).chain((i) =>
    fc.tuple(
      fc.record({ x: viewOf([t, b, i]), weightIh: viewOf([3 * h, i], 1 / i), biasIh: fc.option(viewOf([3 * h])) }),
      viewOf([b, h]), weightOf(3, h), fc.option(viewOf([3 * h])), viewOf([t, b, h]),
    ),
  ),
);

describe('wasm gruRecurrence / gruRecurrenceBackward equal ref', () => {
  test('forward and backward over random sizes and layouts, with and without b_ih and b_hh', () => {
    fc.assert(
      fc.property(caseArb, ([{ x, weightIh, biasIh }, h0, weight, bias, grad]) => {
        const [t, b] = x.shape as [number, number];
        const h = weight.shape[1]!;
        const want = new Float32Array(t * b * h);
        const got = new Float32Array(t * b * h).fill(12345);
        const wantActs = new Float32Array(4 * t * b * h);
        const gotActs = new Float32Array(4 * t * b * h).fill(12345);
        ref.gruRecurrence(x, weightIh, biasIh, h0, weight, bias, want, wantActs);
        expect(ranOn(() => wasm.gruRecurrence(x, weightIh, biasIh, h0, weight, bias, got, gotActs))).toEqual(['wasm']);
        expect(worst(got, want)).toBeLessThan(TOL);
        expect(worst(gotActs, wantActs)).toBeLessThan(TOL);
        // the backward from the same states and activations (ref's)
        const acts = contiguous(wantActs, [t, b, 4 * h]);
        const states = contiguous(want, [t, b, h]);
        const wanted = [new Float32Array(3 * t * b * h), new Float32Array(3 * t * b * h), new Float32Array(b * h)] as const;
        const gotten = [new Float32Array(3 * t * b * h).fill(9), new Float32Array(3 * t * b * h).fill(9), new Float32Array(b * h).fill(9)] as const;
        ref.gruRecurrenceBackward(acts, h0, states, weight, grad, ...wanted);
        expect(ranOn(() => wasm.gruRecurrenceBackward(acts, h0, states, weight, grad, ...gotten))).toEqual(['wasm']);
        wanted.forEach((w, k) => expect(worst(gotten[k]!, w)).toBeLessThan(TOL));
      }),
      { numRuns: 150 },
    );
  });

  test('one step by hand: zero weight and bias, so gh = 0, r = z = σ(x), n = tanh(xn)', () => {
    // B = H = I = 1, x = 1 and W_ih = [0, 0, 0.5]: xGates = [0, 0, 0.5], so r = z = ½, n = tanh(0.5), h_0 = n + ½·(h0 − n)
    const x = contiguous(Float32Array.from([1]), [1, 1, 1]);
    const weightIh = contiguous(Float32Array.from([0, 0, 0.5]), [3, 1]);
    const h0 = contiguous(Float32Array.from([2]), [1, 1]);
    const w = contiguous(new Float32Array(3), [3, 1]);
    const n = Math.tanh(0.5);
    for (const backend of [ref, wasm]) {
      const states = new Float32Array(1);
      backend.gruRecurrence(x, weightIh, null, h0, w, null, states, new Float32Array(4));
      expect(states[0]).toBeCloseTo(n + 0.5 * (2 - n), 6);
    }
  });

  test('no step: nothing flows back to h0', () => {
    const empty = (shape: number[]) => contiguous(new Float32Array(0), shape);
    const h0 = contiguous(Float32Array.from([1]), [1, 1]);
    const w = contiguous(Float32Array.from([1, 2, 3]), [3, 1]);
    for (const backend of [ref, wasm]) {
      const dh = Float32Array.from([7]);
      backend.gruRecurrenceBackward(empty([0, 1, 4]), h0, empty([0, 1, 1]), w, empty([0, 1, 1]), new Float32Array(0), new Float32Array(0), dh);
      expect(dh[0]).toBe(0);
    }
  });
});
