/**
 * Indexing ops of issue 10 (index / at, indexPut, maskedFill, indexFill, maskedSelect, nonzero,
 * take, takeAlongDim, scatter, scatterReduce) and einsum: hand-computed values and gradients,
 * float64 gradcheck over random shapes (size-0/1 dims, non-contiguous views), and the errors.
 */
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DTypeError, ValueError, arange, einsum, index, indexPut, scatter, scatterReduce, take, tensor, zeros, type Tensor } from '../../src/index.js';
import { checkGradcheck, checkGradgradcheck, shapes, tensors } from '../../src/testing/index.js';
import { RUNS, RUNS2, indexTensor } from './support.js';

const i32 = (v: number[] | number[][]) => tensor(v, { dtype: 'int32' });
const anyLayout = (shape: fc.Arbitrary<number[]> | number[]) => tensors({ shape, layout: 'any' });

describe('index and at', () => {
  const x = arange(12).reshape(3, 4);
  it('hand-computed picks', () => {
    expect(index(x, [i32([0, 2]), i32([1, 3])]).toArray()).toEqual([1, 11]);
    expect(x.index([i32([[0], [2]]), i32([1, 3])]).toArray()).toEqual([[1, 3], [9, 11]]); // broadcast [2,1] with [2]
    expect(x.index([null, i32([0, 2])]).toArray()).toEqual([[0, 2], [4, 6], [8, 10]]);
    expect(x.index([tensor([true, false, true])]).toArray()).toEqual([[0, 1, 2, 3], [8, 9, 10, 11]]);
    expect(x.at('1:, ::2').toArray()).toEqual([[4, 6], [8, 10]]);
    expect(x.at('-1').toArray()).toEqual([8, 9, 10, 11]);
    expect(x.at('..., 1').toArray()).toEqual([1, 5, 9]);
    expect(x.at(' ::2 ').toArray()).toEqual([[0, 1, 2, 3], [8, 9, 10, 11]]);
  });

  it('the gradient adds back to the picked entries, repeats adding up (hand-computed)', () => {
    const w = tensor([1, 2, 3]).requiresGrad_(true);
    w.index([i32([0, 0, 2])]).sum().backward();
    expect(w.grad!.toArray()).toEqual([2, 0, 1]);
  });

  it('passes gradcheck with index tensors, slices and numbers mixed', () => {
    const args = anyLayout(shapes({ minRank: 2, maxRank: 3, minSide: 1, maxSide: 4, maxNumel: 24 })).chain((t) =>
      fc.tuple(fc.constant(t), indexTensor([2], t.shape[0]!), indexTensor([1, 2], t.shape[t.ndim - 1]!), indexTensor([3], t.shape[1]!)),
    );
    checkGradcheck({ inputs: args, f: (t: Tensor, i: Tensor, j: Tensor, _k: Tensor) => t.index([i, '...', j]), wrt: [0], ...RUNS });
    checkGradcheck({ inputs: args, f: (t: Tensor, _i: Tensor, _j: Tensor, k: Tensor) => t.index(['1:', k]), wrt: [0], ...RUNS });
    checkGradgradcheck({ inputs: args, f: (t: Tensor, i: Tensor, j: Tensor, _k: Tensor) => t.index([i, '...', j]), wrt: [0], ...RUNS2 });
  });

  it('errors name the op and the problem', () => {
    expect(() => x.index([i32([3])])).toThrow(/index: index 3 is out of range for dim 0 of size 3/);
    expect(() => x.index([tensor([0.5])])).toThrow(DTypeError);
    expect(() => x.at('1, 2, 3')).toThrow(/at: too many indices \(3\) for a tensor of shape \[3,4\]/);
    expect(() => x.at('a')).toThrow(ValueError);
  });
});

describe('indexPut, maskedFill, indexFill, maskedSelect, nonzero, take, takeAlongDim', () => {
  it('hand-computed values', () => {
    expect(indexPut(zeros([3]), [i32([0, 2])], tensor(1)).toArray()).toEqual([1, 0, 1]);
    expect(indexPut(zeros([3]), [i32([0, 0])], tensor([1, 2])).toArray()).toEqual([2, 0, 0]); // the last write wins
    expect(indexPut(zeros([3]), [i32([0, 0])], tensor([1, 2]), { accumulate: true }).toArray()).toEqual([3, 0, 0]);
    expect(tensor([1, 2, 3]).maskedFill(tensor([true, false, true]), 0).toArray()).toEqual([0, 2, 0]);
    expect(zeros([2, 3]).indexFill(1, i32([0, 2]), 5).toArray()).toEqual([[5, 0, 5], [5, 0, 5]]);
    expect(tensor([[1, 2], [3, 4]]).maskedSelect(tensor([true, false])).toArray()).toEqual([1, 3]);
    expect(tensor([[0, 1], [2, 0]]).nonzero().toArray()).toEqual([[0, 1], [1, 0]]);
    expect(take(tensor([[1, 2], [3, 4]]), i32([0, -1])).toArray()).toEqual([1, 4]);
    const y = tensor([[10, 30, 20], [60, 40, 50]]);
    expect(y.takeAlongDim(y.argmax(1, true), 1).toArray()).toEqual([[30], [60]]);
  });

  it('pass gradcheck', () => {
    const withMask = anyLayout(shapes({ maxRank: 3, minSide: 0, maxSide: 3 })).chain((t) => fc.tuple(fc.constant(t), tensors({ shape: t.shape.slice(1) }).map((m) => m.gt(0))));
    checkGradcheck({ inputs: withMask, f: (t: Tensor, m: Tensor) => t.maskedFill(m, 0.5), wrt: [0], ...RUNS });
    checkGradcheck({ inputs: withMask, f: (t: Tensor, m: Tensor) => t.maskedSelect(m), wrt: [0], ...RUNS });
    const flat = anyLayout(shapes({ maxRank: 3, minSide: 1, maxSide: 3 })).chain((t) => fc.tuple(fc.constant(t), indexTensor([2, 2], t.numel())));
    checkGradcheck({ inputs: flat, f: (t: Tensor, i: Tensor) => t.take(i), wrt: [0], ...RUNS });
    const puts = anyLayout(shapes({ minRank: 1, maxRank: 3, minSide: 1, maxSide: 3 })).chain((t) =>
      fc.tuple(fc.constant(t), indexTensor([3], t.shape[0]!), anyLayout([3, ...t.shape.slice(1)]), fc.boolean()),
    );
    checkGradcheck({ inputs: puts, f: (t: Tensor, i: Tensor, v: Tensor, acc: boolean) => t.indexPut([i], v, { accumulate: acc }), wrt: [0, 2], ...RUNS });
  });
});

describe('scatter and scatterReduce', () => {
  it('hand-computed values', () => {
    expect(scatter(zeros([3]), 0, i32([2, 0]), tensor([5, 7])).toArray()).toEqual([7, 0, 5]);
    expect(scatter(zeros([3]), 0, i32([1, 1]), tensor([5, 7])).toArray()).toEqual([0, 7, 0]); // the last write wins
    expect(scatter(zeros([2, 3]), 1, i32([[2], [0]]), 9).toArray()).toEqual([[0, 0, 9], [9, 0, 0]]);
    expect(scatter(tensor([1, 1]), 0, i32([0, 0, 1]), tensor([2, 3, 4]), { reduce: 'multiply' }).toArray()).toEqual([6, 4]);
    // src larger than index: only its index-shaped corner is read
    expect(scatter(zeros([4]), 0, i32([3]), tensor([5, 6])).toArray()).toEqual([0, 0, 0, 5]);
    const idx = i32([0, 0, 1]);
    const src = tensor([2, 3, 4]);
    expect(scatterReduce(tensor([1, 1, 1]), 0, idx, src, 'sum').toArray()).toEqual([6, 5, 1]);
    expect(scatterReduce(tensor([1, 1, 1]), 0, idx, src, 'mean').toArray()).toEqual([2, 2.5, 1]);
    expect(scatterReduce(tensor([1, 1, 1]), 0, idx, src, 'mean', { includeSelf: false }).toArray()).toEqual([2.5, 4, 1]);
    expect(scatterReduce(tensor([5, 1, 1]), 0, idx, src, 'amax').toArray()).toEqual([5, 4, 1]);
    expect(scatterReduce(tensor([5, 1, 1]), 0, idx, src, 'amax', { includeSelf: false }).toArray()).toEqual([3, 4, 1]);
    expect(scatterReduce(tensor([5, 1, 1]), 0, idx, src, 'amin', { includeSelf: false }).toArray()).toEqual([2, 4, 1]);
  });

  it('prod and amax gradients (hand-computed)', () => {
    // out[0] = x0·s0·s1 = 1·0·3: d/dx0 = 0, d/ds0 = x0·s1 = 3, d/ds1 = 0
    const x = tensor([1, 2]).requiresGrad_(true);
    const s = tensor([0, 3, 4]).requiresGrad_(true);
    scatterReduce(x, 0, i32([0, 0, 1]), s, 'prod').sum().backward();
    expect(x.grad!.toArray()).toEqual([0, 4]);
    expect(s.grad!.toArray()).toEqual([3, 0, 2]);
    // a tie between self and src at the max shares the gradient
    const a = tensor([3, 1]).requiresGrad_(true);
    const b = tensor([3, 2]).requiresGrad_(true);
    scatterReduce(a, 0, i32([0, 1]), b, 'amax').sum().backward();
    expect(a.grad!.toArray()).toEqual([0.5, 0]);
    expect(b.grad!.toArray()).toEqual([0.5, 1]);
  });

  it('pass gradcheck for every reduction, with and without self', () => {
    // values kept away from 0: prod's gradient divides by the non-zero entries, as PyTorch's
    // (exact zeros take the counting branch, checked by hand above and in the fixtures)
    const away = { avoid: [0], margin: 0.1 } as const;
    const args = tensors({ shape: shapes({ minRank: 1, maxRank: 2, minSide: 1, maxSide: 3 }), layout: 'any', ...away }).chain((t) =>
      fc.tuple(fc.constant(t), indexTensor([4, ...t.shape.slice(1)], t.shape[0]!), tensors({ shape: [4, ...t.shape.slice(1)], layout: 'any', distinct: 0.05, ...away }), fc.boolean()),
    );
    for (const reduce of ['sum', 'prod', 'mean', 'amax', 'amin'] as const) {
      checkGradcheck({ inputs: args.map(([t, i, s, inc]) => [t.add(10 * (reduce === 'amax' ? -1 : 1) * (reduce === 'amax' || reduce === 'amin' ? 1 : 0)).detach(), i, s, inc] as [Tensor, Tensor, Tensor, boolean]), f: (t: Tensor, i: Tensor, s: Tensor, inc: boolean) => scatterReduce(t, 0, i, s, reduce, { includeSelf: inc }), wrt: [0, 2], ...RUNS });
    }
    checkGradcheck({ inputs: args, f: (t: Tensor, i: Tensor, s: Tensor, _inc: boolean) => scatter(t, 0, i, s), wrt: [0, 2], ...RUNS });
  });

  it('errors name the op', () => {
    expect(() => scatter(zeros([3]), 0, i32([3]), tensor([1]))).toThrow(/scatter: index 3 \(at flat position 0\) is out of range for dim 0 of size 3/);
    expect(() => scatterReduce(zeros([3]), 0, i32([0]), tensor([1]), 'max' as 'amax')).toThrow(/scatterReduce: reduce must be/);
    expect(() => scatter(zeros([3]), 0, tensor([0]), tensor([1]))).toThrow(DTypeError);
  });
});

describe('einsum', () => {
  it('hand-computed values', () => {
    const a = tensor([[1, 2], [3, 4]]);
    expect(einsum('ij,jk->ik', a, a).toArray()).toEqual([[7, 10], [15, 22]]);
    expect(einsum('ii', a).item()).toBe(5);
    expect(einsum('ii->i', a).toArray()).toEqual([1, 4]);
    expect(einsum('ij->ji', a).toArray()).toEqual([[1, 3], [2, 4]]);
    expect(einsum('i,j->ij', tensor([1, 2]), tensor([3, 4, 5])).toArray()).toEqual([[3, 4, 5], [6, 8, 10]]);
    expect(einsum('...i,...i->...', a, a).toArray()).toEqual([5, 25]);
    expect(einsum('ij,jk', [a, a]).shape).toEqual([2, 2]);
  });

  it('passes gradcheck for products, traces and ellipses over random sizes', () => {
    const dims = fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }));
    const three = dims.chain(([p, q, r]) => fc.tuple(anyLayout([p, q]), anyLayout([2, q, r]), anyLayout([r, r])));
    checkGradcheck({ inputs: three, f: (a: Tensor, b: Tensor, c: Tensor) => einsum('pq,bqr,rr->bp', a, b, c), ...RUNS });
    checkGradcheck({ inputs: three, f: (a: Tensor, b: Tensor, _c: Tensor) => einsum('...qr,pq->...pr', b, a), wrt: [0, 1], ...RUNS });
    checkGradgradcheck({ inputs: three, f: (a: Tensor, b: Tensor, _c: Tensor) => einsum('pq,bqr->pbr', a, b), wrt: [0, 1], ...RUNS2 });
  });

  it('errors name einsum', () => {
    expect(() => einsum('ij,jk->ik', zeros([2, 3]))).toThrow(/einsum: equation 'ij,jk->ik' has 2 operand terms but 1 tensors were given/);
    expect(() => einsum('ij,jk->ik', zeros([2, 3]), zeros([4, 2]))).toThrow(/einsum: index 'j' has sizes 3 and 4/);
    expect(() => einsum('ij->k', zeros([2, 3]))).toThrow(/einsum: output index 'k' appears in no operand/);
    expect(() => einsum('i,i', zeros([2]), tensor([1, 2], { dtype: 'int32' }))).toThrow(/einsum: operand 1 must be float32 or float64, got int32/);
    expect(() => einsum('ii', zeros([2, 3]))).toThrow(/einsum: index 'i' repeats with sizes 2 and 3/);
  });
});
