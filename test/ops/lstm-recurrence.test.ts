/**
 * lstmRecurrence, an LSTM layer's recurrence as one primitive (its input product x·W_ihᵀ + bias
 * included): values against the textbook recurrence written independently in plain JS, float64
 * gradcheck (the backpropagation-through-time kernel plus the weights' one product) and
 * gradgradcheck (the VJP in Tensor ops a recording backward pass uses) over random sizes and
 * layouts, with and without a bias, both VJPs agreeing, no step, one kernel call each way
 * whatever the step count, and errors.
 */
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { traceKernels, zeros, type Tensor } from '../../src/index.js';
import { lstmRecurrence } from '../../src/ops/lstm-recurrence.js';
import { checkGradcheck, checkGradgradcheck, tensors } from '../../src/testing/index.js';
import { expectKernelAndRecordedVjpsAgree, expectSubsetGradientsAgree, RUNS, RUNS2, values } from './support.js';

const sig = (x: number): number => 1 / (1 + Math.exp(-x));

/** (x [T, B, I], weightIh [4H, I], bias [4H], h0 [B, H], c0 [B, H], weightHh [4H, H]) of random sizes, each maybe a non-contiguous view. */
const caseArb = (maxT: number, maxB: number, maxH: number, minT = 1) =>
  fc
    .tuple(fc.integer({ min: minT, max: maxT }), fc.integer({ min: 1, max: maxB }), fc.integer({ min: 1, max: maxH }), fc.integer({ min: 1, max: 3 }))
    .chain(([t, b, h, i]) =>
      fc.tuple(
        tensors({ shape: [t, b, i], dtype: 'float64', layout: 'any', min: -2, max: 2 }),
        tensors({ shape: [4 * h, i], dtype: 'float64', layout: 'any', min: -1, max: 1 }),
        tensors({ shape: [4 * h], dtype: 'float64', layout: 'any', min: -1, max: 1 }),
        tensors({ shape: [b, h], dtype: 'float64', layout: 'any', min: -1, max: 1 }),
        tensors({ shape: [b, h], dtype: 'float64', layout: 'any', min: -1, max: 1 }),
        tensors({ shape: [4 * h, h], dtype: 'float64', layout: 'any', min: -1, max: 1 }),
      ),
    );

/** The states [T, 2, B, H] by the textbook recurrence, from the row-major values (no bias: null). */
function byFormula(x: Tensor, wIh: Tensor, bias: Tensor | null, h0: Tensor, c0: Tensor, w: Tensor): number[] {
  const [steps, b, inputs] = x.shape as [number, number, number];
  const width = w.shape[0]!;
  const hid = width / 4;
  const xv = values(x);
  const wiv = values(wIh);
  const bv = bias === null ? new Array<number>(width).fill(0) : values(bias);
  const wv = values(w);
  let h = values(h0);
  let c = values(c0);
  const out: number[] = [];
  for (let t = 0; t < steps; t++) {
    const hNew: number[] = [];
    const cNew: number[] = [];
    for (let r = 0; r < b; r++) {
      // gate k of unit j: Σ_p x[t, r, p]·W_ih[k·H + j, p] + bias[k·H + j] + Σ_q h[r, q]·W_hh[k·H + j, q]
      const gate = (k: number, j: number): number => {
        let s = bv[k * hid + j]!;
        for (let p = 0; p < inputs; p++) s += xv[(t * b + r) * inputs + p]! * wiv[(k * hid + j) * inputs + p]!;
        for (let q = 0; q < hid; q++) s += h[r * hid + q]! * wv[(k * hid + j) * hid + q]!;
        return s;
      };
      for (let j = 0; j < hid; j++) {
        const cell = sig(gate(1, j)) * c[r * hid + j]! + sig(gate(0, j)) * Math.tanh(gate(2, j));
        cNew.push(cell);
        hNew.push(sig(gate(3, j)) * Math.tanh(cell));
      }
    }
    out.push(...hNew, ...cNew);
    h = hNew;
    c = cNew;
  }
  return out;
}

type Leaves = [Tensor, Tensor, Tensor, Tensor, Tensor, Tensor];
/** The op on leaves in the order (x, W_ih, bias, h0, c0, W_hh), with or without its bias. */
const withBias = (x: Tensor, wi: Tensor, b: Tensor, h: Tensor, c: Tensor, w: Tensor): Tensor => lstmRecurrence(x, wi, b, h, c, w);
const noBias = (x: Tensor, wi: Tensor, h: Tensor, c: Tensor, w: Tensor): Tensor => lstmRecurrence(x, wi, null, h, c, w);
const dropBias = ([x, wi, , h, c, w]: Leaves): [Tensor, Tensor, Tensor, Tensor, Tensor] => [x, wi, h, c, w];

describe('lstmRecurrence', () => {
  it('computes every step’s h_t and c_t by the LSTM recurrence, with and without a bias', () => {
    fc.assert(
      fc.property(caseArb(4, 3, 4, 0), fc.boolean(), ([x, wIh, bias, h0, c0, w], biased) => {
        const out = lstmRecurrence(x, wIh, biased ? bias : null, h0, c0, w);
        expect(out.shape).toEqual([x.shape[0], 2, ...h0.shape]);
        const want = byFormula(x, wIh, biased ? bias : null, h0, c0, w);
        const got = values(out);
        want.forEach((v, k) => expect(Math.abs(got[k]! - v)).toBeLessThanOrEqual(1e-12 * (1 + Math.abs(v))));
      }),
      RUNS,
    );
  });

  it('passes gradcheck (the backpropagation-through-time kernel and the weights’ one product)', () => {
    checkGradcheck({ inputs: caseArb(3, 2, 3), f: withBias, ...RUNS });
    checkGradcheck({ inputs: caseArb(3, 2, 2).map((l) => dropBias(l as Leaves)), f: noBias, ...RUNS });
  });

  it('passes gradgradcheck (the VJP in Tensor ops)', () => {
    checkGradgradcheck({ inputs: caseArb(2, 2, 2), f: withBias, ...RUNS2 });
  });

  it('the kernel backward and the recorded one give the same gradients', () => {
    fc.assert(
      fc.property(caseArb(4, 3, 3), fc.double({ min: -1, max: 1, noNaN: true }), (inputs, scale) =>
        expectKernelAndRecordedVjpsAgree((x, wi, b, h, c, w) => withBias(x!, wi!, b!, h!, c!, w!), inputs, scale),
      ),
      RUNS,
    );
  });

  it('asked for some inputs only (a frozen weight, an input that needs none), each gradient is the one of the full backward', () => {
    // the weights' one product then forms only the columns asked for: [h_{t−1} | 1], [x], …
    fc.assert(
      fc.property(caseArb(3, 2, 3), fc.subarray([0, 1, 2, 3, 4, 5], { minLength: 1 }), (inputs, asked) =>
        expectSubsetGradientsAgree((...l) => withBias(...(l as Leaves)), inputs, asked),
      ),
      RUNS,
    );
  });

  it('no step: empty states, and zero gradients for the weights, the bias, h0 and c0', () => {
    const leaves = [zeros([0, 2, 3]), zeros([8, 3]), zeros([8]), zeros([2, 2]), zeros([2, 2]), zeros([8, 2])].map((t) => t.requiresGrad_(true)) as Leaves;
    const out = withBias(...leaves);
    expect(out.shape).toEqual([0, 2, 2, 2]);
    out.sum().backward();
    expect(leaves[0].grad!.shape).toEqual([0, 2, 3]);
    for (const leaf of leaves.slice(1)) expect(values(leaf.grad!)).toEqual(new Array(leaf.numel()).fill(0));
  });

  it('an empty batch, hidden or input size: empty states and gradients of the inputs’ shapes', () => {
    for (const [b, h, i] of [[0, 3, 2], [2, 0, 2], [2, 3, 0]] as const) {
      const leaves = [zeros([3, b, i]), zeros([4 * h, i]), zeros([4 * h]), zeros([b, h]), zeros([b, h]), zeros([4 * h, h])].map((t) => t.requiresGrad_(true)) as Leaves;
      const out = withBias(...leaves);
      expect(out.shape).toEqual([3, 2, b, h]);
      out.sum().backward();
      for (const leaf of leaves) expect(leaf.grad!.shape).toEqual(leaf.shape);
      expect(values(leaves[5].grad!)).toEqual(new Array(4 * h * h).fill(0));
    }
  });

  it('one kernel forward and one backward, whatever the number of steps; the weights’ gradients in one product', () => {
    const leaves = [zeros([5, 2, 3]), zeros([8, 3]), zeros([8]), zeros([2, 2]), zeros([2, 2]), zeros([8, 2])].map((t) => t.requiresGrad_(true)) as Leaves;
    const { calls } = traceKernels(() => withBias(...leaves).sum().backward());
    expect(calls.filter((k) => k.kernel.startsWith('lstm')).map((k) => k.kernel)).toEqual(['lstmRecurrence', 'lstmRecurrenceBackward']);
    // dx = d gates·W_ih [10, 8]·[8, 3], and [dW_ih | dW_hh | db] = d gatesᵀ·[x | h_{t−1} | 1] [8, 10]·[10, 3 + 2 + 1]
    expect(calls.filter((k) => k.kernel === 'matmul').map((k) => k.shape.join('x')).sort()).toEqual(['1x10x8', '1x8x10']);
  });

  it('names the op, the arguments and the shapes on bad input', () => {
    const x = zeros([3, 2, 5]);
    const wi = zeros([8, 5]);
    const s = zeros([2, 2]);
    const w = zeros([8, 2]);
    expect(() => lstmRecurrence(x, wi, null, s, zeros([2, 3]), w)).toThrow(
      'lstmRecurrence: expected x [T, B, I], weightIh [4H, I], bias [4H], h0 and c0 [B, H] and weightHh [4H, H], got x [3,2,5], weightIh [8,5], bias null, h0 [2,2], c0 [2,3] and weightHh [8,2]',
    );
    expect(() => lstmRecurrence(zeros([2, 8]), wi, null, s, s, w)).toThrow('lstmRecurrence: expected x [T, B, I]');
    expect(() => lstmRecurrence(x, zeros([8, 4]), null, s, s, w)).toThrow('weightIh [8,4]');
    expect(() => lstmRecurrence(x, wi, zeros([4]), s, s, w)).toThrow('bias [4]');
    expect(() => lstmRecurrence(x, wi, null, s, s, zeros([8, 2], { dtype: 'float64' }))).toThrow('lstmRecurrence: x are float32 but weightHh is float64');
    expect(() => lstmRecurrence(x, wi, null, zeros([2, 2], { dtype: 'int32' }), s, w)).toThrow('lstmRecurrence: h0 must be float32 or float64');
  });
});
