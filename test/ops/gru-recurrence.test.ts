/**
 * gruRecurrence, a GRU layer's recurrence as one primitive: values against the recurrence written
 * independently in plain JS, float64 gradcheck (the backpropagation-through-time kernel plus the
 * weight's product and the bias's sum) and gradgradcheck (the VJP in Tensor ops) over random
 * sizes and layouts, with and without b_hh, both VJPs agreeing, empty sizes, one kernel call each
 * way, errors.
 */
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { traceKernels, zeros, type Tensor } from '../../src/index.js';
import { gruRecurrence } from '../../src/ops/gru-recurrence.js';
import { checkGradcheck, checkGradgradcheck, tensors } from '../../src/testing/index.js';
import { expectKernelAndRecordedVjpsAgree, RUNS, RUNS2, values } from './support.js';

const sig = (x: number): number => 1 / (1 + Math.exp(-x));

/** (xGates [T, B, 3H], h0 [B, H], weightHh [3H, H], biasHh [3H]) of random sizes, each maybe a non-contiguous view. */
const caseArb = (maxT: number, maxB: number, maxH: number, minT = 1) =>
  fc.tuple(fc.integer({ min: minT, max: maxT }), fc.integer({ min: 1, max: maxB }), fc.integer({ min: 1, max: maxH })).chain(([t, b, h]) =>
    fc.tuple(
      tensors({ shape: [t, b, 3 * h], dtype: 'float64', layout: 'any', min: -2, max: 2 }),
      tensors({ shape: [b, h], dtype: 'float64', layout: 'any', min: -1, max: 1 }),
      tensors({ shape: [3 * h, h], dtype: 'float64', layout: 'any', min: -1, max: 1 }),
      tensors({ shape: [3 * h], dtype: 'float64', layout: 'any', min: -1, max: 1 }),
    ),
  );

/** The states [T, B, H] by the GRU recurrence (PyTorch's: the reset gate scales W_hn·h + b_hn), from the row-major values. */
function byFormula(xGates: Tensor, h0: Tensor, w: Tensor, bias: Tensor | null): number[] {
  const [steps, b, width] = xGates.shape as [number, number, number];
  const hid = width / 3;
  const x = values(xGates);
  const wv = values(w);
  const bv = bias === null ? new Array(width).fill(0) : values(bias);
  let h = values(h0);
  const out: number[] = [];
  for (let t = 0; t < steps; t++) {
    const next: number[] = [];
    for (let r = 0; r < b; r++) {
      // gh for gate block k, unit j: b_hh[k·H + j] + Σ_q h[r, q]·W[k·H + j, q]
      const gh = (k: number, j: number): number => {
        let s = bv[k * hid + j]!;
        for (let q = 0; q < hid; q++) s += h[r * hid + q]! * wv[(k * hid + j) * hid + q]!;
        return s;
      };
      const xg = (k: number, j: number): number => x[(t * b + r) * width + k * hid + j]!;
      for (let j = 0; j < hid; j++) {
        const reset = sig(xg(0, j) + gh(0, j));
        const update = sig(xg(1, j) + gh(1, j));
        const n = Math.tanh(xg(2, j) + reset * gh(2, j));
        next.push((1 - update) * n + update * h[r * hid + j]!);
      }
    }
    out.push(...next);
    h = next;
  }
  return out;
}

describe('gruRecurrence', () => {
  for (const withBias of [true, false]) {
    const name = withBias ? 'with b_hh' : 'without b_hh';
    const f = (x: Tensor, h: Tensor, w: Tensor, b: Tensor) => gruRecurrence(x, h, w, withBias ? b : null);

    it(`${name}: computes every step’s h_t by the GRU recurrence`, () => {
      fc.assert(
        fc.property(caseArb(4, 3, 4, 0), ([xGates, h0, w, b]) => {
          const out = f(xGates, h0, w, b);
          expect(out.shape).toEqual([xGates.shape[0], ...h0.shape]);
          const got = values(out);
          byFormula(xGates, h0, w, withBias ? b : null).forEach((v, k) => expect(Math.abs(got[k]! - v)).toBeLessThanOrEqual(1e-12 * (1 + Math.abs(v))));
        }),
        RUNS,
      );
    });

    it(`${name}: passes gradcheck (the backpropagation-through-time kernel)`, () => {
      checkGradcheck({ inputs: caseArb(3, 2, 3), f, ...RUNS });
    });

    it(`${name}: passes gradgradcheck (the VJP in Tensor ops)`, () => {
      checkGradgradcheck({ inputs: caseArb(2, 2, 2), f, ...RUNS2 });
    });

    it(`${name}: the kernel backward and the recorded one give the same gradients`, () => {
      fc.assert(
        fc.property(caseArb(4, 3, 3), fc.double({ min: -1, max: 1, noNaN: true }), (inputs, scale) =>
          expectKernelAndRecordedVjpsAgree((x, h, w, b) => f(x!, h!, w!, b!), inputs, scale, withBias ? 4 : 3),
        ),
        RUNS,
      );
    });
  }

  it('empty sizes: no step, an empty batch or hidden size give empty states and zero gradients', () => {
    for (const [t, b, h] of [[0, 2, 2], [3, 0, 2], [3, 2, 0]] as const) {
      const leaves = [zeros([t, b, 3 * h]), zeros([b, h]), zeros([3 * h, h]), zeros([3 * h])].map((x) => x.requiresGrad_(true));
      const out = gruRecurrence(leaves[0]!, leaves[1]!, leaves[2]!, leaves[3]!);
      expect(out.shape).toEqual([t, b, h]);
      out.sum().backward();
      for (const leaf of leaves) expect(values(leaf.grad!)).toEqual(new Array(leaf.numel()).fill(0));
    }
  });

  it('one kernel forward and one backward, whatever the number of steps', () => {
    const leaves = [zeros([5, 2, 6]), zeros([2, 2]), zeros([6, 2]), zeros([6])].map((t) => t.requiresGrad_(true));
    const { calls } = traceKernels(() => gruRecurrence(leaves[0]!, leaves[1]!, leaves[2]!, leaves[3]!).sum().backward());
    expect(calls.filter((k) => k.kernel.startsWith('gru')).map((k) => k.kernel)).toEqual(['gruRecurrence', 'gruRecurrenceBackward']);
  });

  it('names the op, the arguments and the shapes on bad input', () => {
    const x = zeros([3, 2, 6]);
    const h = zeros([2, 2]);
    const w = zeros([6, 2]);
    expect(() => gruRecurrence(x, h, w, zeros([5]))).toThrow(
      'gruRecurrence: expected xGates [T, B, 3H], h0 [B, H], weightHh [3H, H] and biasHh [3H], got xGates [3,2,6], h0 [2,2], weightHh [6,2] and biasHh [5]',
    );
    expect(() => gruRecurrence(zeros([3, 2, 5]), h, w, null)).toThrow('gruRecurrence: expected xGates [T, B, 3H]');
    expect(() => gruRecurrence(x, h, w, zeros([6], { dtype: 'float64' }))).toThrow('gruRecurrence: xGates are float32 but biasHh is float64');
    expect(() => gruRecurrence(x, zeros([2, 2], { dtype: 'int32' }), w, null)).toThrow('gruRecurrence: h0 must be float32 or float64');
  });
});
