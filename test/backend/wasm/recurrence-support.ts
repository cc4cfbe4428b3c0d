/**
 * What the wasm recurrence tests (lstm-, rnn-, gru-recurrence.test.ts) share: random strided
 * float32 operands, contiguous views of results, and the error measure against ref.
 */
import fc from 'fast-check';
import type { FloatView } from '../../../src/backend/backend.js';
import { layoutArb, makeView } from './support.js';

/** A float32 view of `shape` in a random layout, filled with values in [−bound, bound]. */
export const viewOf = (shape: number[], bound = 2): fc.Arbitrary<FloatView> =>
  fc
    .tuple(layoutArb(shape.length, false), fc.array(fc.double({ min: -bound, max: bound, noNaN: true, noDefaultInfinity: true }), { minLength: 1, maxLength: 80 }))
    .map(([l, v]) => makeView(shape, l, v) as FloatView);

/**
 * A recurrent weight [gates·H, H] with entries in [−1/H, 1/H], so each gate's row sums to at most
 * 1 in size: the recurrence then does not amplify rounding from step to step, and wasm (float32)
 * and ref (float64, rounded per stored value) stay within a few ulps however many steps. (With
 * entries up to 2, a weight of one sign multiplied the difference by about 2H a step.)
 */
export const weightOf = (gates: number, hidden: number): fc.Arbitrary<FloatView> => viewOf([gates * hidden, hidden], 1 / hidden);

/** Random step counts (0–6), batch (1–5) and hidden (1–11) sizes. */
export const sizesArb = fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 11 }));

/** Largest |got − want| / (1 + |want|) over the elements; a NaN must meet a NaN. */
export function worst(got: Float32Array, want: Float32Array): number {
  let w = 0;
  for (let k = 0; k < want.length; k++) {
    if (Number.isNaN(want[k]!) || Number.isNaN(got[k]!)) w = Math.max(w, Number.isNaN(want[k]!) === Number.isNaN(got[k]!) ? 0 : Infinity);
    else w = Math.max(w, Math.abs(got[k]! - want[k]!) / (1 + Math.abs(want[k]!)));
  }
  return w;
}

/** `storage` as a contiguous view of `shape`. */
export const contiguous = (storage: Float32Array, shape: number[]): FloatView => ({
  storage,
  offset: 0,
  shape,
  strides: shape.map((_, i) => shape.slice(i + 1).reduce((p, s) => p * s, 1)),
});
