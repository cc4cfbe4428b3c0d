/**
 * lstmRecurrence, an LSTM layer's recurrence as one primitive: values against the textbook
 * recurrence written independently in plain JS, float64 gradcheck (the backpropagation-through-
 * time kernel plus the weight's product) and gradgradcheck (the VJP in Tensor ops a recording
 * backward pass uses) over random sizes and layouts, both VJPs agreeing, no step, one kernel
 * call each way whatever the step count, and errors.
 */
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { traceKernels, zeros, type Tensor } from '../../src/index.js';
import { lstmRecurrence } from '../../src/ops/lstm-recurrence.js';
import { checkGradcheck, checkGradgradcheck, tensors } from '../../src/testing/index.js';
import { expectKernelAndRecordedVjpsAgree, RUNS, RUNS2, values } from './support.js';

const sig = (x: number): number => 1 / (1 + Math.exp(-x));

/** (xGates [T, B, 4H], h0 [B, H], c0 [B, H], weightHh [4H, H]) of random sizes, each maybe a non-contiguous view. */
const caseArb = (maxT: number, maxB: number, maxH: number, minT = 1) =>
  fc.tuple(fc.integer({ min: minT, max: maxT }), fc.integer({ min: 1, max: maxB }), fc.integer({ min: 1, max: maxH })).chain(([t, b, h]) =>
    fc.tuple(
      tensors({ shape: [t, b, 4 * h], dtype: 'float64', layout: 'any', min: -2, max: 2 }),
      tensors({ shape: [b, h], dtype: 'float64', layout: 'any', min: -1, max: 1 }),
      tensors({ shape: [b, h], dtype: 'float64', layout: 'any', min: -1, max: 1 }),
      tensors({ shape: [4 * h, h], dtype: 'float64', layout: 'any', min: -1, max: 1 }),
    ),
  );

/** The states [T, 2, B, H] by the textbook recurrence, from the row-major values. */
function byFormula(xGates: Tensor, h0: Tensor, c0: Tensor, w: Tensor): number[] {
  const [steps, b, width] = xGates.shape as [number, number, number];
  const hid = width / 4;
  const x = values(xGates);
  const wv = values(w);
  let h = values(h0);
  let c = values(c0);
  const out: number[] = [];
  for (let t = 0; t < steps; t++) {
    const hNew: number[] = [];
    const cNew: number[] = [];
    for (let r = 0; r < b; r++) {
      // gate k of unit j: xGates[t, r, k·H + j] + Σ_q h[r, q]·W[k·H + j, q]
      const gate = (k: number, j: number): number => {
        let s = x[(t * b + r) * width + k * hid + j]!;
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

describe('lstmRecurrence', () => {
  it('computes every step’s h_t and c_t by the LSTM recurrence', () => {
    fc.assert(
      fc.property(caseArb(4, 3, 4, 0), ([xGates, h0, c0, w]) => {
        const out = lstmRecurrence(xGates, h0, c0, w);
        expect(out.shape).toEqual([xGates.shape[0], 2, ...h0.shape]);
        const want = byFormula(xGates, h0, c0, w);
        const got = values(out);
        want.forEach((v, k) => expect(Math.abs(got[k]! - v)).toBeLessThanOrEqual(1e-12 * (1 + Math.abs(v))));
      }),
      RUNS,
    );
  });

  it('passes gradcheck (the backpropagation-through-time kernel)', () => {
    checkGradcheck({ inputs: caseArb(3, 2, 3), f: (x: Tensor, h: Tensor, c: Tensor, w: Tensor) => lstmRecurrence(x, h, c, w), ...RUNS });
  });

  it('passes gradgradcheck (the VJP in Tensor ops)', () => {
    checkGradgradcheck({ inputs: caseArb(2, 2, 2), f: (x: Tensor, h: Tensor, c: Tensor, w: Tensor) => lstmRecurrence(x, h, c, w), ...RUNS2 });
  });

  it('the kernel backward and the recorded one give the same gradients', () => {
    fc.assert(
      fc.property(caseArb(4, 3, 3), fc.double({ min: -1, max: 1, noNaN: true }), (inputs, scale) =>
        expectKernelAndRecordedVjpsAgree((x, h, c, w) => lstmRecurrence(x!, h!, c!, w!), inputs, scale),
      ),
      RUNS,
    );
  });

  it('no step: empty states, and zero gradients for h0, c0 and the weight', () => {
    const leaves = [zeros([0, 2, 8]), zeros([2, 2]), zeros([2, 2]), zeros([8, 2])].map((t) => t.requiresGrad_(true));
    const out = lstmRecurrence(leaves[0]!, leaves[1]!, leaves[2]!, leaves[3]!);
    expect(out.shape).toEqual([0, 2, 2, 2]);
    out.sum().backward();
    expect(leaves[0]!.grad!.shape).toEqual([0, 2, 8]);
    for (const leaf of leaves.slice(1)) expect(values(leaf.grad!)).toEqual(new Array(leaf.numel()).fill(0));
  });

  it('an empty batch or hidden size: empty states and gradients of the inputs’ shapes', () => {
    for (const [b, h] of [[0, 3], [2, 0]] as const) {
      const leaves = [zeros([3, b, 4 * h]), zeros([b, h]), zeros([b, h]), zeros([4 * h, h])].map((t) => t.requiresGrad_(true));
      const out = lstmRecurrence(leaves[0]!, leaves[1]!, leaves[2]!, leaves[3]!);
      expect(out.shape).toEqual([3, 2, b, h]);
      out.sum().backward();
      for (const leaf of leaves) expect(leaf.grad!.shape).toEqual(leaf.shape);
      expect(values(leaves[3]!.grad!)).toEqual(new Array(4 * h * h).fill(0));
    }
  });

  it('one kernel forward and one backward, whatever the number of steps', () => {
    const leaves = [zeros([5, 2, 8]), zeros([2, 2]), zeros([2, 2]), zeros([8, 2])].map((t) => t.requiresGrad_(true));
    const { calls } = traceKernels(() => lstmRecurrence(leaves[0]!, leaves[1]!, leaves[2]!, leaves[3]!).sum().backward());
    expect(calls.filter((k) => k.kernel.startsWith('lstm')).map((k) => k.kernel)).toEqual(['lstmRecurrence', 'lstmRecurrenceBackward']);
  });

  it('names the op, the arguments and the shapes on bad input', () => {
    const x = zeros([3, 2, 8]);
    const s = zeros([2, 2]);
    const w = zeros([8, 2]);
    expect(() => lstmRecurrence(x, s, zeros([2, 3]), w)).toThrow(
      'lstmRecurrence: expected xGates [T, B, 4H], h0 and c0 [B, H] and weightHh [4H, H], got xGates [3,2,8], h0 [2,2], c0 [2,3] and weightHh [8,2]',
    );
    expect(() => lstmRecurrence(zeros([2, 8]), s, s, w)).toThrow('lstmRecurrence: expected xGates [T, B, 4H]');
    expect(() => lstmRecurrence(x, s, s, zeros([8, 2], { dtype: 'float64' }))).toThrow('lstmRecurrence: xGates are float32 but weightHh is float64');
    expect(() => lstmRecurrence(x, zeros([2, 2], { dtype: 'int32' }), s, w)).toThrow('lstmRecurrence: h0 must be float32 or float64');
  });
});
