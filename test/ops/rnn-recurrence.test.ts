/**
 * rnnRecurrence, an Elman RNN layer's recurrence as one primitive (tanh and relu): values against
 * the recurrence written independently in plain JS, float64 gradcheck (the backpropagation-
 * through-time kernel plus the weight's product) and gradgradcheck (the VJP in Tensor ops) over
 * random sizes and layouts, both VJPs agreeing, empty sizes, one kernel call each way, errors.
 */
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { traceKernels, zeros, type Tensor } from '../../src/index.js';
import { rnnRecurrence, type RnnActivation } from '../../src/ops/rnn-recurrence.js';
import { checkGradcheck, checkGradgradcheck, tensors } from '../../src/testing/index.js';
import { expectKernelAndRecordedVjpsAgree, RUNS, RUNS2, values } from './support.js';

/** (xGates [T, B, H], h0 [B, H], weightHh [H, H]) of random sizes, each maybe a non-contiguous view. */
const caseArb = (maxT: number, maxB: number, maxH: number, minT = 1) =>
  fc.tuple(fc.integer({ min: minT, max: maxT }), fc.integer({ min: 1, max: maxB }), fc.integer({ min: 1, max: maxH })).chain(([t, b, h]) =>
    fc.tuple(
      tensors({ shape: [t, b, h], dtype: 'float64', layout: 'any', min: -2, max: 2 }),
      tensors({ shape: [b, h], dtype: 'float64', layout: 'any', min: -1, max: 1 }),
      tensors({ shape: [h, h], dtype: 'float64', layout: 'any', min: -1, max: 1 }),
    ),
  );

const ACTIVATIONS: Record<RnnActivation, (z: number) => number> = { tanh: Math.tanh, relu: (z) => Math.max(z, 0) };

/** The pre-activations and states [T, B, H] by the recurrence h_t = act(z_t), z_t = xGates[t] + h_{t−1}·W_hhᵀ, from the row-major values. */
function recurrence(xGates: Tensor, h0: Tensor, w: Tensor, act: RnnActivation): { z: number[]; h: number[] } {
  const [steps, b, hid] = xGates.shape as [number, number, number];
  const x = values(xGates);
  const wv = values(w);
  let h = values(h0);
  const zs: number[] = [];
  const hs: number[] = [];
  for (let t = 0; t < steps; t++) {
    const next: number[] = [];
    for (let r = 0; r < b; r++) {
      for (let j = 0; j < hid; j++) {
        let z = x[(t * b + r) * hid + j]!;
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

/** relu's kink: cases whose pre-activations all keep 10⁻³ from 0, so that finite differences (steps of 10⁻⁶) never cross it. */
const offKink = (act: RnnActivation) => ([x, h0, w]: Tensor[]): boolean => act === 'tanh' || recurrence(x!, h0!, w!, act).z.every((z) => Math.abs(z) > 1e-3);

describe('rnnRecurrence', () => {
  for (const act of ['tanh', 'relu'] as const) {
    it(`${act}: computes every step’s h_t by the recurrence`, () => {
      fc.assert(
        fc.property(caseArb(4, 3, 4, 0), ([xGates, h0, w]) => {
          const out = rnnRecurrence(xGates, h0, w, act);
          expect(out.shape).toEqual(xGates.shape);
          const got = values(out);
          recurrence(xGates, h0, w, act).h.forEach((v, k) => expect(Math.abs(got[k]! - v)).toBeLessThanOrEqual(1e-12 * (1 + Math.abs(v))));
        }),
        RUNS,
      );
    });

    it(`${act}: passes gradcheck (the backpropagation-through-time kernel)`, () => {
      checkGradcheck({ inputs: caseArb(3, 2, 3).filter(offKink(act)), f: (x: Tensor, h: Tensor, w: Tensor) => rnnRecurrence(x, h, w, act), ...RUNS });
    });

    it(`${act}: passes gradgradcheck (the VJP in Tensor ops)`, () => {
      checkGradgradcheck({ inputs: caseArb(2, 2, 2).filter(offKink(act)), f: (x: Tensor, h: Tensor, w: Tensor) => rnnRecurrence(x, h, w, act), ...RUNS2 });
    });

    it(`${act}: the kernel backward and the recorded one give the same gradients`, () => {
      fc.assert(
        // off relu's kink: there the two sum x + h·W_hhᵀ in different orders and may land on either side of 0
        fc.property(caseArb(4, 3, 3).filter(offKink(act)), fc.double({ min: -1, max: 1, noNaN: true }), (inputs, scale) =>
          expectKernelAndRecordedVjpsAgree((x, h, w) => rnnRecurrence(x!, h!, w!, act), inputs, scale),
        ),
        RUNS,
      );
    });
  }

  it('empty sizes: no step, an empty batch or hidden size give empty states and zero gradients', () => {
    for (const [t, b, h] of [[0, 2, 2], [3, 0, 2], [3, 2, 0]] as const) {
      const leaves = [zeros([t, b, h]), zeros([b, h]), zeros([h, h])].map((x) => x.requiresGrad_(true));
      const out = rnnRecurrence(leaves[0]!, leaves[1]!, leaves[2]!, 'tanh');
      expect(out.shape).toEqual([t, b, h]);
      out.sum().backward();
      for (const leaf of leaves) expect(values(leaf.grad!)).toEqual(new Array(leaf.numel()).fill(0));
    }
  });

  it('one kernel forward and one backward, whatever the number of steps', () => {
    const leaves = [zeros([5, 2, 3]), zeros([2, 3]), zeros([3, 3])].map((t) => t.requiresGrad_(true));
    const { calls } = traceKernels(() => rnnRecurrence(leaves[0]!, leaves[1]!, leaves[2]!, 'relu').sum().backward());
    expect(calls.filter((k) => k.kernel.startsWith('rnn')).map((k) => k.kernel)).toEqual(['rnnRecurrence', 'rnnRecurrenceBackward']);
  });

  it('names the op, the arguments and the shapes on bad input', () => {
    const x = zeros([3, 2, 4]);
    const h = zeros([2, 4]);
    expect(() => rnnRecurrence(x, h, zeros([4, 3]), 'tanh')).toThrow(
      'rnnRecurrence: expected xGates [T, B, H], h0 [B, H] and weightHh [H, H], got xGates [3,2,4], h0 [2,4] and weightHh [4,3]',
    );
    expect(() => rnnRecurrence(x, zeros([2, 4], { dtype: 'float64' }), zeros([4, 4]), 'tanh')).toThrow('rnnRecurrence: xGates are float32 but h0 is float64');
    expect(() => rnnRecurrence(x, h, zeros([4, 4]), 'gelu' as RnnActivation)).toThrow("rnnRecurrence: nonlinearity must be 'tanh' or 'relu', got gelu");
  });
});
