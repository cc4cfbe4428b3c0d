/**
 * rnnRecurrence, an Elman RNN layer's recurrence as one primitive (tanh and relu; its input
 * product x·W_ihᵀ + bias included): values against the recurrence written independently in plain
 * JS, float64 gradcheck (the backpropagation-through-time kernel plus the weights' one product)
 * and gradgradcheck (the VJP in Tensor ops) over random sizes and layouts, with and without a
 * bias, both VJPs agreeing, empty sizes, one kernel call each way, errors.
 */
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { traceKernels, zeros, type Tensor } from '../../src/index.js';
import { rnnRecurrence, type RnnActivation } from '../../src/ops/rnn-recurrence.js';
import { checkGradcheck, checkGradgradcheck, tensors } from '../../src/testing/index.js';
import { expectKernelAndRecordedVjpsAgree, RUNS, RUNS2, values } from './support.js';

/** (x [T, B, I], weightIh [H, I], bias [H], h0 [B, H], weightHh [H, H]) of random sizes, each maybe a non-contiguous view. */
const caseArb = (maxT: number, maxB: number, maxH: number, minT = 1) =>
  fc
    .tuple(fc.integer({ min: minT, max: maxT }), fc.integer({ min: 1, max: maxB }), fc.integer({ min: 1, max: maxH }), fc.integer({ min: 1, max: 3 }))
    .chain(([t, b, h, i]) =>
      fc.tuple(
        tensors({ shape: [t, b, i], dtype: 'float64', layout: 'any', min: -2, max: 2 }),
        tensors({ shape: [h, i], dtype: 'float64', layout: 'any', min: -1, max: 1 }),
        tensors({ shape: [h], dtype: 'float64', layout: 'any', min: -1, max: 1 }),
        tensors({ shape: [b, h], dtype: 'float64', layout: 'any', min: -1, max: 1 }),
        tensors({ shape: [h, h], dtype: 'float64', layout: 'any', min: -1, max: 1 }),
      ),
    );

const ACTIVATIONS: Record<RnnActivation, (z: number) => number> = { tanh: Math.tanh, relu: (z) => Math.max(z, 0) };

/**
 * The pre-activations and states [T, B, H] by the recurrence h_t = act(z_t),
 * z_t = x_t·W_ihᵀ + bias + h_{t−1}·W_hhᵀ, from the row-major values (no bias: null).
 */
function recurrence(x: Tensor, wIh: Tensor, bias: Tensor | null, h0: Tensor, w: Tensor, act: RnnActivation): { z: number[]; h: number[] } {
  const [steps, b, inputs] = x.shape as [number, number, number];
  const hid = w.shape[0]!;
  const xv = values(x);
  const wiv = values(wIh);
  const bv = bias === null ? new Array<number>(hid).fill(0) : values(bias);
  const wv = values(w);
  let h = values(h0);
  const zs: number[] = [];
  const hs: number[] = [];
  for (let t = 0; t < steps; t++) {
    const next: number[] = [];
    for (let r = 0; r < b; r++) {
      for (let j = 0; j < hid; j++) {
        let z = bv[j]!;
        for (let p = 0; p < inputs; p++) z += xv[(t * b + r) * inputs + p]! * wiv[j * inputs + p]!;
        for (let q = 0; q < hid; q++) z += h[r * hid + q]! * wv[j * hid + q]!;
        zs.push(z);
        next.push(ACTIVATIONS[act](z));
      }
    }
    hs.push(...next);
    h = next;
  }
  return { z: zs, h: hs };
}

type Leaves = [Tensor, Tensor, Tensor, Tensor, Tensor];

/** relu's kink: cases whose pre-activations all keep 10⁻³ from 0, so that finite differences (steps of 10⁻⁶) never cross it. */
const offKink = (act: RnnActivation) => ([x, wIh, b, h0, w]: [Tensor, Tensor, Tensor | null, Tensor, Tensor]): boolean => act === 'tanh' || recurrence(x, wIh, b, h0, w, act).z.every((z) => Math.abs(z) > 1e-3);

describe('rnnRecurrence', () => {
  for (const act of ['tanh', 'relu'] as const) {
    const op = (x: Tensor, wi: Tensor, b: Tensor, h: Tensor, w: Tensor): Tensor => rnnRecurrence(x, wi, b, h, w, act);
    it(`${act}: computes every step’s h_t by the recurrence, with and without a bias`, () => {
      fc.assert(
        fc.property(caseArb(4, 3, 4, 0), fc.boolean(), ([x, wIh, bias, h0, w], biased) => {
          const out = rnnRecurrence(x, wIh, biased ? bias : null, h0, w, act);
          expect(out.shape).toEqual([x.shape[0], ...h0.shape]);
          const got = values(out);
          recurrence(x, wIh, biased ? bias : null, h0, w, act).h.forEach((v, k) => expect(Math.abs(got[k]! - v)).toBeLessThanOrEqual(1e-12 * (1 + Math.abs(v))));
        }),
        RUNS,
      );
    });

    it(`${act}: passes gradcheck (the backpropagation-through-time kernel and the weights’ one product)`, () => {
      checkGradcheck({ inputs: caseArb(3, 2, 3).filter(offKink(act)), f: op, ...RUNS });
      const noBias = (x: Tensor, wi: Tensor, h: Tensor, w: Tensor): Tensor => rnnRecurrence(x, wi, null, h, w, act);
      const withoutBias = ([x, wi, , h, w]: Leaves): [Tensor, Tensor, Tensor, Tensor] => [x, wi, h, w];
      checkGradcheck({ inputs: caseArb(3, 2, 2).filter(([x, wi, , h, w]) => offKink(act)([x, wi, null, h, w])).map(withoutBias), f: noBias, ...RUNS });
    });

    it(`${act}: passes gradgradcheck (the VJP in Tensor ops)`, () => {
      checkGradgradcheck({ inputs: caseArb(2, 2, 2).filter(offKink(act)), f: op, ...RUNS2 });
    });

    it(`${act}: the kernel backward and the recorded one give the same gradients`, () => {
      fc.assert(
        // off relu's kink: there the two sum x + h·W_hhᵀ in different orders and may land on either side of 0
        fc.property(caseArb(4, 3, 3).filter(offKink(act)), fc.double({ min: -1, max: 1, noNaN: true }), (inputs, scale) =>
          expectKernelAndRecordedVjpsAgree((x, wi, b, h, w) => op(x!, wi!, b!, h!, w!), inputs, scale),
        ),
        RUNS,
      );
    });
  }

  it('empty sizes: no step, an empty batch or hidden size give empty states and zero gradients', () => {
    for (const [t, b, h, i] of [[0, 2, 2, 3], [3, 0, 2, 3], [3, 2, 0, 3]] as const) {
      const leaves = [zeros([t, b, i]), zeros([h, i]), zeros([h]), zeros([b, h]), zeros([h, h])].map((x) => x.requiresGrad_(true)) as Leaves;
      const out = rnnRecurrence(leaves[0], leaves[1], leaves[2], leaves[3], leaves[4], 'tanh');
      expect(out.shape).toEqual([t, b, h]);
      out.sum().backward();
      for (const leaf of leaves) expect(values(leaf.grad!)).toEqual(new Array(leaf.numel()).fill(0));
    }
  });

  it('no input (I = 0): the gates are the bias alone', () => {
    // T = 3, B = 2, H = 2, zero bias and W_hh: every h_t = tanh(0) = 0, and each of the T·B rows passes
    // d gates = 1·(1 − 0²) = 1 to the bias, so db = [6, 6]; the other gradients are 0
    const leaves = [zeros([3, 2, 0]), zeros([2, 0]), zeros([2]), zeros([2, 2]), zeros([2, 2])].map((x) => x.requiresGrad_(true)) as Leaves;
    const out = rnnRecurrence(leaves[0], leaves[1], leaves[2], leaves[3], leaves[4], 'tanh');
    expect(values(out)).toEqual(new Array(12).fill(0));
    out.sum().backward();
    expect(values(leaves[2].grad!)).toEqual([6, 6]);
    for (const leaf of [leaves[3], leaves[4]]) expect(values(leaf.grad!)).toEqual([0, 0, 0, 0]);
    expect(leaves[0].grad!.shape).toEqual([3, 2, 0]);
  });

  it('one kernel forward and one backward, whatever the number of steps; the weights’ gradients in one product', () => {
    const leaves = [zeros([5, 2, 4]), zeros([3, 4]), zeros([3]), zeros([2, 3]), zeros([3, 3])].map((t) => t.requiresGrad_(true)) as Leaves;
    const { calls } = traceKernels(() => rnnRecurrence(leaves[0], leaves[1], leaves[2], leaves[3], leaves[4], 'relu').sum().backward());
    expect(calls.filter((k) => k.kernel.startsWith('rnn')).map((k) => k.kernel)).toEqual(['rnnRecurrence', 'rnnRecurrenceBackward']);
    // dx = d gates·W_ih [10, 3]·[3, 4], and [dW_ih | dW_hh | db] = d gatesᵀ·[x | h_{t−1} | 1] [3, 10]·[10, 4 + 3 + 1]
    expect(calls.filter((k) => k.kernel === 'matmul').map((k) => k.shape.join('x')).sort()).toEqual(['1x10x3', '1x3x10']);
  });

  it('names the op, the arguments and the shapes on bad input', () => {
    const x = zeros([3, 2, 5]);
    const wi = zeros([4, 5]);
    const h = zeros([2, 4]);
    expect(() => rnnRecurrence(x, wi, null, h, zeros([4, 3]), 'tanh')).toThrow(
      'rnnRecurrence: expected x [T, B, I], weightIh [H, I], bias [H], h0 [B, H] and weightHh [H, H], got x [3,2,5], weightIh [4,5], bias null, h0 [2,4] and weightHh [4,3]',
    );
    expect(() => rnnRecurrence(x, zeros([4, 4]), null, h, zeros([4, 4]), 'tanh')).toThrow('weightIh [4,4]');
    expect(() => rnnRecurrence(x, wi, zeros([3]), h, zeros([4, 4]), 'tanh')).toThrow('bias [3]');
    expect(() => rnnRecurrence(x, wi, null, zeros([2, 4], { dtype: 'float64' }), zeros([4, 4]), 'tanh')).toThrow('rnnRecurrence: x are float32 but h0 is float64');
    expect(() => rnnRecurrence(x, wi, null, h, zeros([4, 4]), 'gelu' as RnnActivation)).toThrow("rnnRecurrence: nonlinearity must be 'tanh' or 'relu', got gelu");
  });
});
