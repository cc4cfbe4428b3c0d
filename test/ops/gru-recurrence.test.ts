/**
 * gruRecurrence, a GRU layer's recurrence as one primitive (its input product x·W_ihᵀ + b_ih
 * included): values against the recurrence written independently in plain JS, float64 gradcheck
 * (the backpropagation-through-time kernel plus the weights' two products) and gradgradcheck (the
 * VJP in Tensor ops) over random sizes and layouts, with and without the biases, both VJPs
 * agreeing, empty sizes, one kernel call each way, errors.
 */
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { traceKernels, zeros, type Tensor } from '../../src/index.js';
import { gruRecurrence } from '../../src/ops/gru-recurrence.js';
import { checkGradcheck, checkGradgradcheck, tensors } from '../../src/testing/index.js';
import { expectKernelAndRecordedVjpsAgree, expectSubsetGradientsAgree, RUNS, RUNS2, values } from './support.js';

const sig = (x: number): number => 1 / (1 + Math.exp(-x));

/** (x [T, B, I], weightIh [3H, I], h0 [B, H], weightHh [3H, H], biasIh [3H], biasHh [3H]) of random sizes, each maybe a non-contiguous view. */
const caseArb = (maxT: number, maxB: number, maxH: number, minT = 1) =>
  fc
    .tuple(fc.integer({ min: minT, max: maxT }), fc.integer({ min: 1, max: maxB }), fc.integer({ min: 1, max: maxH }), fc.integer({ min: 1, max: 3 }))
    .chain(([t, b, h, i]) =>
      fc.tuple(
        tensors({ shape: [t, b, i], dtype: 'float64', layout: 'any', min: -2, max: 2 }),
        tensors({ shape: [3 * h, i], dtype: 'float64', layout: 'any', min: -1, max: 1 }),
        tensors({ shape: [b, h], dtype: 'float64', layout: 'any', min: -1, max: 1 }),
        tensors({ shape: [3 * h, h], dtype: 'float64', layout: 'any', min: -1, max: 1 }),
        tensors({ shape: [3 * h], dtype: 'float64', layout: 'any', min: -1, max: 1 }),
        tensors({ shape: [3 * h], dtype: 'float64', layout: 'any', min: -1, max: 1 }),
      ),
    );

/** The states [T, B, H] by the GRU recurrence (PyTorch's: the reset gate scales W_hn·h + b_hn), from the row-major values. */
function byFormula(x: Tensor, wIh: Tensor, biasIh: Tensor | null, h0: Tensor, w: Tensor, biasHh: Tensor | null): number[] {
  const [steps, b, inputs] = x.shape as [number, number, number];
  const width = w.shape[0]!;
  const hid = width / 3;
  const xv = values(x);
  const wiv = values(wIh);
  const wv = values(w);
  const biv = biasIh === null ? new Array(width).fill(0) : values(biasIh);
  const bv = biasHh === null ? new Array(width).fill(0) : values(biasHh);
  let h = values(h0);
  const out: number[] = [];
  for (let t = 0; t < steps; t++) {
    const next: number[] = [];
    for (let r = 0; r < b; r++) {
      // gh for gate block k, unit j: b_hh[k·H + j] + Σ_q h[r, q]·W_hh[k·H + j, q]
      const gh = (k: number, j: number): number => {
        let s = bv[k * hid + j]!;
        for (let q = 0; q < hid; q++) s += h[r * hid + q]! * wv[(k * hid + j) * hid + q]!;
        return s;
      };
      // the input's part: b_ih[k·H + j] + Σ_p x[t, r, p]·W_ih[k·H + j, p]
      const xg = (k: number, j: number): number => {
        let s = biv[k * hid + j]!;
        for (let p = 0; p < inputs; p++) s += xv[(t * b + r) * inputs + p]! * wiv[(k * hid + j) * inputs + p]!;
        return s;
      };
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
    const name = withBias ? 'with biases' : 'without biases';
    const f = (x: Tensor, wi: Tensor, h: Tensor, w: Tensor, bi: Tensor, bh: Tensor) => gruRecurrence(x, wi, withBias ? bi : null, h, w, withBias ? bh : null);

    it(`${name}: computes every step’s h_t by the GRU recurrence`, () => {
      fc.assert(
        fc.property(caseArb(4, 3, 4, 0), ([x, wi, h0, w, bi, bh]) => {
          const out = f(x, wi, h0, w, bi, bh);
          expect(out.shape).toEqual([x.shape[0], ...h0.shape]);
          const got = values(out);
          byFormula(x, wi, withBias ? bi : null, h0, w, withBias ? bh : null).forEach((v, k) => expect(Math.abs(got[k]! - v)).toBeLessThanOrEqual(1e-12 * (1 + Math.abs(v))));
        }),
        RUNS,
      );
    });

    it(`${name}: passes gradcheck (the backpropagation-through-time kernel and the weights’ products)`, () => {
      checkGradcheck({ inputs: caseArb(3, 2, 3), f, ...RUNS });
    });

    it(`${name}: passes gradgradcheck (the VJP in Tensor ops)`, () => {
      checkGradgradcheck({ inputs: caseArb(2, 2, 2), f, ...RUNS2 });
    });

    it(`${name}: the kernel backward and the recorded one give the same gradients`, () => {
      fc.assert(
        fc.property(caseArb(4, 3, 3), fc.double({ min: -1, max: 1, noNaN: true }), (inputs, scale) =>
          expectKernelAndRecordedVjpsAgree((x, wi, h, w, bi, bh) => f(x!, wi!, h!, w!, bi!, bh!), inputs, scale, withBias ? 6 : 4),
        ),
        RUNS,
      );
    });
  }

  it('one bias alone: b_ih without b_hh, and b_hh without b_ih', () => {
    fc.assert(
      fc.property(caseArb(3, 2, 3, 0), ([x, wi, h0, w, bi, bh]) => {
        for (const [ih, hh] of [[bi, null], [null, bh]] as const) {
          const got = values(gruRecurrence(x, wi, ih, h0, w, hh));
          byFormula(x, wi, ih, h0, w, hh).forEach((v, k) => expect(Math.abs(got[k]! - v)).toBeLessThanOrEqual(1e-12 * (1 + Math.abs(v))));
        }
      }),
      RUNS,
    );
    checkGradcheck({ inputs: caseArb(2, 2, 2).map(([x, wi, h0, w, bi]) => [x, wi, h0, w, bi] as [Tensor, Tensor, Tensor, Tensor, Tensor]), f: (x: Tensor, wi: Tensor, h: Tensor, w: Tensor, bi: Tensor) => gruRecurrence(x, wi, bi, h, w, null), ...RUNS });
    checkGradcheck({ inputs: caseArb(2, 2, 2).map(([x, wi, h0, w, , bh]) => [x, wi, h0, w, bh] as [Tensor, Tensor, Tensor, Tensor, Tensor]), f: (x: Tensor, wi: Tensor, h: Tensor, w: Tensor, bh: Tensor) => gruRecurrence(x, wi, null, h, w, bh), ...RUNS });
  });

  it('asked for some inputs only (frozen weights or biases), each gradient is the one of the full backward', () => {
    const f = (x: Tensor, wi: Tensor, h: Tensor, w: Tensor, bi: Tensor, bh: Tensor) => gruRecurrence(x, wi, bi, h, w, bh);
    fc.assert(
      fc.property(caseArb(3, 2, 3), fc.subarray([0, 1, 2, 3, 4, 5], { minLength: 1 }), (inputs, asked) =>
        expectSubsetGradientsAgree((...l) => f(...(l as [Tensor, Tensor, Tensor, Tensor, Tensor, Tensor])), inputs, asked),
      ),
      RUNS,
    );
  });

  it('empty sizes: no step, an empty batch or hidden size give empty states and zero gradients', () => {
    for (const [t, b, h] of [[0, 2, 2], [3, 0, 2], [3, 2, 0]] as const) {
      const leaves = [zeros([t, b, 2]), zeros([3 * h, 2]), zeros([b, h]), zeros([3 * h, h]), zeros([3 * h]), zeros([3 * h])].map((x) => x.requiresGrad_(true));
      const out = gruRecurrence(leaves[0]!, leaves[1]!, leaves[4]!, leaves[2]!, leaves[3]!, leaves[5]!);
      expect(out.shape).toEqual([t, b, h]);
      out.sum().backward();
      for (const leaf of leaves) expect(values(leaf.grad!)).toEqual(new Array(leaf.numel()).fill(0));
    }
  });

  it('one kernel forward and one backward, whatever the number of steps; a product for each weight’s gradients', () => {
    const leaves = [zeros([5, 2, 3]), zeros([6, 3]), zeros([2, 2]), zeros([6, 2]), zeros([6]), zeros([6])].map((t) => t.requiresGrad_(true));
    const { calls } = traceKernels(() => gruRecurrence(leaves[0]!, leaves[1]!, leaves[4]!, leaves[2]!, leaves[3]!, leaves[5]!).sum().backward());
    expect(calls.filter((k) => k.kernel.startsWith('gru')).map((k) => k.kernel)).toEqual(['gruRecurrence', 'gruRecurrenceBackward']);
    // dx = d xGates·W_ih [10, 6]·[6, 3]; [dW_ih | db_ih] = d xGatesᵀ·[x | 1] and [dW_hh | db_hh] = d ghᵀ·[h_{t−1} | 1], each [6, 10]·[10, ·]
    expect(calls.filter((k) => k.kernel === 'matmul').map((k) => k.shape.join('x')).sort()).toEqual(['1x10x6', '1x6x10', '1x6x10']);
  });

  it('names the op, the arguments and the shapes on bad input', () => {
    const x = zeros([3, 2, 4]);
    const wi = zeros([6, 4]);
    const h = zeros([2, 2]);
    const w = zeros([6, 2]);
    expect(() => gruRecurrence(x, wi, null, h, w, zeros([5]))).toThrow(
      'gruRecurrence: expected x [T, B, I], weightIh [3H, I], biasIh [3H], h0 [B, H], weightHh [3H, H] and biasHh [3H], got x [3,2,4], weightIh [6,4], biasIh null, h0 [2,2], weightHh [6,2] and biasHh [5]',
    );
    expect(() => gruRecurrence(zeros([3, 2]), wi, null, h, w, null)).toThrow('gruRecurrence: expected x [T, B, I]');
    expect(() => gruRecurrence(x, zeros([6, 3]), null, h, w, null)).toThrow('weightIh [6,3]');
    expect(() => gruRecurrence(x, wi, null, h, w, zeros([6], { dtype: 'float64' }))).toThrow('gruRecurrence: x are float32 but biasHh is float64');
    expect(() => gruRecurrence(x, wi, null, zeros([2, 2], { dtype: 'int32' }), w, null)).toThrow('gruRecurrence: h0 must be float32 or float64');
  });
});
