/**
 * tanhBackward(g, y) = g·(1 − y²), sigmoidBackward(g, y) = g·y·(1 − y) and reluBackward(g, y) =
 * g·1(y > 0), the fused VJPs of tanh, sigmoid and relu: values against the formulas, float64
 * gradcheck and gradgradcheck in both arguments over random shapes and layouts (relu's y kept
 * away from its kink at 0), that the activations' gradients go through them, and errors.
 */
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { relu, sigmoid, tanh, tensor, traceKernels, type Tensor } from '../../src/index.js';
import { reluBackward, sigmoidBackward, tanhBackward } from '../../src/ops/activation-grads.js';
import { checkGradcheck, checkGradgradcheck, tensors } from '../../src/testing/index.js';
import { RUNS, RUNS2, expectValues, small, tiny, values } from './support.js';

const CASES = [
  { name: 'tanhBackward', fn: tanhBackward, ref: (g: number, y: number) => g * (1 - y * y), y: { min: -1, max: 1 } },
  { name: 'sigmoidBackward', fn: sigmoidBackward, ref: (g: number, y: number) => g * y * (1 - y), y: { min: 0, max: 1 } },
  { name: 'reluBackward', fn: reluBackward, ref: (g: number, y: number) => (y > 0 ? g : 0), y: { min: -1, max: 1, avoid: [0] } },
] as const;

/** (g, y) of one random shape, each maybe a non-contiguous view. */
const pairOf = (shape: fc.Arbitrary<number[]>, y: { min: number; max: number }, dtype: 'float32' | 'float64' = 'float64') =>
  shape.chain((s) => fc.tuple(tensors({ shape: s, dtype, layout: 'any' }), tensors({ shape: s, dtype, layout: 'any', ...y })));

for (const c of CASES) {
  describe(c.name, () => {
    it('computes the formula (float64 and float32)', () => {
      for (const dtype of ['float64', 'float32'] as const) {
        const tol = dtype === 'float64' ? 1e-12 : 1e-6;
        fc.assert(
          fc.property(pairOf(small, c.y, dtype), ([g, y]) => {
            const gv = values(g);
            expectValues(c.fn(g, y), y.shape, values(y).map((v, i) => c.ref(gv[i]!, v)), tol, tol);
          }),
          RUNS,
        );
      }
    });

    it('passes gradcheck in both arguments', () => {
      checkGradcheck({ inputs: pairOf(small, c.y), f: (g: Tensor, y: Tensor) => c.fn(g, y), ...RUNS });
    });

    it('passes gradgradcheck in both arguments', () => {
      checkGradgradcheck({ inputs: pairOf(tiny, c.y), f: (g: Tensor, y: Tensor) => c.fn(g, y), ...RUNS2 });
    });

    it('names the op, the arguments and the shapes on bad input', () => {
      const g = tensor([1, 2, 3]);
      expect(() => c.fn(g, tensor([1, 2]))).toThrow(`${c.name}: grad [3] and output [2] must have the same shape`);
      expect(() => c.fn(g, tensor([1, 2, 3], { dtype: 'float64' }))).toThrow(`${c.name}: grad is float32 but output is float64`);
      expect(() => c.fn(g, tensor([1, 2, 3], { dtype: 'int32' }))).toThrow(`${c.name}: output must be float32 or float64`);
    });
  });
}

describe('tanh, sigmoid and relu backpropagate through them', () => {
  it('one binary kernel per activation in the backward pass', () => {
    for (const [f, op] of [[tanh, 'tanhBackward'], [sigmoid, 'sigmoidBackward'], [relu, 'reluBackward']] as const) {
      const x = tensor([[0.5, -1, 2]], { requiresGrad: true });
      const y = f(x);
      const { calls } = traceKernels(() => y.backward(tensor([[1, 2, 3]])));
      expect(calls.map((k) => k.op)).toContain(op);
      expect(calls.filter((k) => k.kernel === 'binary' || k.kernel === 'unary').length).toBe(1);
    }
  });

  it("relu's gradient is 0 at and below 0 and passes through NaN (as PyTorch)", () => {
    const x = tensor([-1, 0, 2, NaN], { requiresGrad: true });
    x.relu().backward(tensor([5, 6, 7, 8]));
    expect(Array.from(x.grad!.toTypedArray())).toEqual([0, 0, 7, 8]);
  });
});
