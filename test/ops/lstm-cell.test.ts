/**
 * lstmCellStates, the LSTM cell's fused pointwise step: values against the formulas written
 * independently in plain JS, float64 gradcheck (the fused backward kernel) and gradgradcheck (the
 * VJP in Tensor ops that a recording backward pass uses) over random sizes and layouts, both VJPs
 * agreeing, and errors.
 */
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gradients, tensor, traceKernels, type Tensor } from '../../src/index.js';
import { lstmCellStates } from '../../src/ops/lstm-cell.js';
import { checkGradcheck, checkGradgradcheck, tensors } from '../../src/testing/index.js';
import { RUNS, RUNS2, values } from './support.js';

const sig = (x: number): number => 1 / (1 + Math.exp(-x));

/** (gates [B, 4H], c [B, H]) of random sizes, each maybe a non-contiguous view. */
const cellArb = (maxB: number, maxH: number, dtype: 'float32' | 'float64' = 'float64') =>
  fc.tuple(fc.integer({ min: 1, max: maxB }), fc.integer({ min: 1, max: maxH })).chain(([b, h]) =>
    fc.tuple(tensors({ shape: [b, 4 * h], dtype, layout: 'any', min: -3, max: 3 }), tensors({ shape: [b, h], dtype, layout: 'any', min: -2, max: 2 })),
  );

/** h' and c' by the textbook formulas, from the row-major values. */
function byFormula(gates: Tensor, c: Tensor): { h: number[]; c: number[] } {
  const [b, h] = c.shape as [number, number];
  const g = values(gates);
  const cv = values(c);
  const hs: number[] = [];
  const cs: number[] = [];
  for (let r = 0; r < b; r++) {
    for (let j = 0; j < h; j++) {
      const at = (k: number): number => g[r * 4 * h + k * h + j]!;
      const cNew = sig(at(1)) * cv[r * h + j]! + sig(at(0)) * Math.tanh(at(2));
      cs.push(cNew);
      hs.push(sig(at(3)) * Math.tanh(cNew));
    }
  }
  return { h: hs, c: cs };
}

describe('lstmCellStates', () => {
  it('computes h′ = σ(o)·tanh(c′) and c′ = σ(f)·c + σ(i)·tanh(g), h′ then c′', () => {
    fc.assert(
      fc.property(cellArb(4, 6), ([gates, c]) => {
        const out = lstmCellStates(gates, c);
        expect(out.shape).toEqual([2, ...c.shape]);
        const want = byFormula(gates, c);
        const got = values(out);
        [...want.h, ...want.c].forEach((w, k) => expect(Math.abs(got[k]! - w)).toBeLessThanOrEqual(1e-12 * (1 + Math.abs(w))));
      }),
      RUNS,
    );
  });

  it('passes gradcheck (fused backward kernel)', () => {
    checkGradcheck({ inputs: cellArb(3, 3), f: (gates: Tensor, c: Tensor) => lstmCellStates(gates, c), ...RUNS });
  });

  it('passes gradgradcheck (the VJP in Tensor ops)', () => {
    checkGradgradcheck({ inputs: cellArb(2, 2), f: (gates: Tensor, c: Tensor) => lstmCellStates(gates, c), ...RUNS2 });
  });

  it('the fused backward and the recorded one give the same gradients', () => {
    fc.assert(
      fc.property(cellArb(3, 5), tensors({ shape: [2, 3, 5], min: -1, max: 1 }), ([gates, c], seed) => {
        const [b, h] = c.shape as [number, number];
        const upstream = tensor(values(seed).slice(0, 2 * b * h), { dtype: 'float64' }).reshape([2, b, h]);
        const leaves = [gates.detach().requiresGrad_(true), c.detach().requiresGrad_(true)];
        const fused = gradients([lstmCellStates(leaves[0]!, leaves[1]!)], leaves, { gradOutputs: [upstream] });
        const recorded = gradients([lstmCellStates(leaves[0]!, leaves[1]!)], leaves, { gradOutputs: [upstream], createGraph: true });
        fused.forEach((g, k) => values(g!).forEach((v, e) => expect(Math.abs(v - values(recorded[k]!)[e]!)).toBeLessThanOrEqual(1e-12 * (1 + Math.abs(v)))));
      }),
      RUNS,
    );
  });

  it('one kernel forward and one backward', () => {
    const gates = tensor([[0.1, -0.2, 0.3, 0.4, 0.5, -0.6, 0.7, 0.8]], { requiresGrad: true });
    const c = tensor([[0.5, -0.5]], { requiresGrad: true });
    const { calls } = traceKernels(() => lstmCellStates(gates, c).sum().backward());
    expect(calls.filter((k) => k.kernel.startsWith('lstmCell')).map((k) => k.kernel)).toEqual(['lstmCell', 'lstmCellBackward']);
  });

  it('names the op, the arguments and the shapes on bad input', () => {
    const gates = tensor([[1, 2, 3, 4, 5, 6, 7, 8]]);
    expect(() => lstmCellStates(gates, tensor([[1, 2, 3]]))).toThrow('lstmCellStates: expected gates [B, 4H] and c [B, H], got gates [1,8] and c [1,3]');
    expect(() => lstmCellStates(gates, tensor([[1, 2]], { dtype: 'float64' }))).toThrow('lstmCellStates: gates are float32 but c is float64');
    expect(() => lstmCellStates(gates, tensor([[1, 2]], { dtype: 'int32' }))).toThrow('lstmCellStates: c must be float32 or float64');
  });
});
