/**
 * norm (torch.norm), varMean/stdMean, aminmax, countNonzero and the thin aliases (swapaxes,
 * broadcastTo, unflatten, takeAlongDim, indexFill): hand-computed values and float64 gradcheck over
 * random shapes (size-0/1 dims, 0-d, non-contiguous views).
 */
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValueError, aminmax, countNonzero, norm, stdMean, tensor, varMean, zeros, type Tensor } from '../../src/index.js';
import { checkGradcheck, shapes, tensors } from '../../src/testing/index.js';
import { RUNS, indexTensor } from './support.js';

const withEmpty = shapes({ maxRank: 3, minSide: 0, maxSide: 4, maxNumel: 24 });
/** A tensor and a list of its dims (or undefined: all). */
const withDims = (options = {}) =>
  tensors({ shape: withEmpty, layout: 'any', ...options }).chain((x) =>
    fc.tuple(fc.constant(x), x.ndim === 0 ? fc.constant(undefined) : fc.option(fc.subarray(x.shape.map((_, d) => d), { minLength: 1 }), { nil: undefined }), fc.boolean()),
  );

describe('norm', () => {
  it('hand-computed values', () => {
    expect(norm(tensor([3, 4])).item()).toBe(5);
    expect(norm(tensor([3, -4]), 1).item()).toBe(7);
    expect(norm(tensor([3, -4]), Infinity).item()).toBe(4);
    expect(norm(tensor([3, -4]), -Infinity).item()).toBe(3);
    expect(norm(tensor([3, 0, -4]), 0).item()).toBe(2);
    expect(norm(tensor([[1, 2], [3, 4]]), Infinity, 1).toArray()).toEqual([2, 4]);
    expect(tensor([[3, 4], [6, 8]]).norm('fro', 1, true).toArray()).toEqual([[5], [10]]);
    expect(norm(tensor([1, 1], { dtype: 'float64' }), 3).item()).toBeCloseTo(Math.cbrt(2), 14);
  });

  it('the 2-norm of zeros has gradient 0 (as PyTorch), not NaN', () => {
    const x = zeros([3], { requiresGrad: true });
    norm(x).backward();
    expect(x.grad!.toArray()).toEqual([0, 0, 0]);
  });

  it('passes gradcheck for each p', () => {
    for (const p of [2, 1, 3, 0.5, 'fro'] as const) {
      checkGradcheck({ inputs: withDims({ avoid: [0], margin: 0.1 }), f: (x: Tensor, d: number[] | undefined, k: boolean) => norm(x, p, d, k), wrt: [0], ...RUNS });
    }
    for (const p of [Infinity, -Infinity]) {
      // distinct |x| (no ties for the max/min), negatives included
      const signs = fc.array(fc.boolean(), { minLength: 24, maxLength: 24 });
      const nonEmpty = fc.tuple(tensors({ shape: shapes({ maxRank: 3, minSide: 1, maxSide: 4, maxNumel: 24 }), layout: 'any', distinct: 0.05, min: 0.1, max: 3 }), signs)
        .map(([x, s]) => x.mul(tensor(s.slice(0, x.numel()).map((b) => (b ? 1 : -1)), { dtype: 'float64' }).reshape(x.shape)).detach());
      checkGradcheck({ input: nonEmpty, f: (x: Tensor) => norm(x, p), ...RUNS });
    }
  });

  it("'nuc' is the sum of singular values, as torch.norm(x, 'nuc')", () => {
    // PyTorch 1.13: torch.norm(tensor([[1., 2.], [3., 4.]], dtype=float64), 'nuc') = 5.8309518948453,
    // its gradient U·Vᵀ = [[-0.5144957554275266, 0.8574929257125443], [0.8574929257125443, 0.5144957554275266]]
    const x = tensor([[1, 2], [3, 4]], { dtype: 'float64', requiresGrad: true });
    const n = norm(x, 'nuc');
    expect(n.item()).toBeCloseTo(5.8309518948453, 12);
    n.backward();
    const expected = [[-0.5144957554275266, 0.8574929257125443], [0.8574929257125443, 0.5144957554275266]];
    (x.grad!.toArray() as number[][]).forEach((row, i) => row.forEach((g, j) => expect(g).toBeCloseTo(expected[i]![j]!, 12)));
    // over dims (1, 2) of arange(12).reshape(2, 2, 3): [8.348469228349535, 21.580012475823526]
    const y = tensor([[[0, 1, 2], [3, 4, 5]], [[6, 7, 8], [9, 10, 11]]], { dtype: 'float64' });
    (norm(y, 'nuc', [1, 2]).toArray() as number[]).forEach((v, i) => expect(v).toBeCloseTo([8.348469228349535, 21.580012475823526][i]!, 12));
  });

  it("refuses 'nuc' on a 3-D tensor without dims, and a NaN order, naming norm", () => {
    expect(() => norm(zeros([2, 2, 3]), 'nuc')).toThrow(/norm: p='nuc' without dim needs a 2-D tensor/);
    expect(() => norm(zeros([2]), Number.NaN)).toThrow(ValueError);
  });
});

describe('varMean, stdMean, aminmax, countNonzero', () => {
  it('hand-computed values', () => {
    const [v, m] = varMean(tensor([1, 2, 3, 4], { dtype: 'float64' }));
    expect([v.item(), m.item()]).toEqual([5 / 3, 2.5]);
    const [s] = stdMean(tensor([1, 3], { dtype: 'float64' }), 0, { correction: 0 });
    expect(s.item()).toBe(1);
    const r = aminmax(tensor([[3, 1], [2, 5]]), { dim: 1 });
    expect([r.min.toArray(), r.max.toArray()]).toEqual([[1, 2], [3, 5]]);
    expect(countNonzero(tensor([[0, 1], [2, 0]]), 0).toArray()).toEqual([1, 1]);
    expect(countNonzero(tensor([[0, 1], [2, 0]])).dtype).toBe('int32');
  });

  it('pass gradcheck', () => {
    const args = tensors({ shape: shapes({ minRank: 1, maxRank: 3, minSide: 2, maxSide: 4, maxNumel: 24 }), layout: 'any', distinct: 0.1 });
    checkGradcheck({ input: args, f: (x: Tensor) => varMean(x, undefined, { correction: 1 }), ...RUNS });
    checkGradcheck({ input: args, f: (x: Tensor) => stdMean(x, 0), ...RUNS });
    checkGradcheck({ input: args, f: (x: Tensor) => [...aminmax(x, { dim: -1, keepdim: true })], ...RUNS });
  });
});

describe('aliases and thin compositions', () => {
  it('pass gradcheck', () => {
    const x3 = tensors({ shape: shapes({ minRank: 3, maxRank: 3, minSide: 0, maxSide: 3 }), layout: 'any' });
    checkGradcheck({ input: x3, f: (x: Tensor) => x.swapaxes(0, 2), ...RUNS });
    checkGradcheck({ input: x3, f: (x: Tensor) => x.unflatten(1, [1, -1]), ...RUNS });
    checkGradcheck({ input: tensors({ shape: shapes({ maxRank: 2, minSide: 0, maxSide: 3 }), layout: 'any' }), f: (x: Tensor) => x.broadcastTo([2, ...x.shape]), ...RUNS });
    const along = tensors({ shape: shapes({ minRank: 2, maxRank: 2, minSide: 1, maxSide: 3 }), layout: 'any' }).chain((x) => fc.tuple(fc.constant(x), indexTensor([1, 2], x.shape[1]!), indexTensor([2], x.shape[1]!)));
    checkGradcheck({ inputs: along, f: (x: Tensor, i: Tensor, _j: Tensor) => x.takeAlongDim(i, 1), wrt: [0], ...RUNS });
    checkGradcheck({ inputs: along, f: (x: Tensor, _i: Tensor, j: Tensor) => x.indexFill(1, j, 2), wrt: [0], ...RUNS });
  });
});
