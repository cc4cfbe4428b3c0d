/**
 * Sums of int32/bool tensors: int32 results (PyTorch's are int64, which chainrule lacks), exact,
 * and a ValueError instead of a wrapped value when a sum leaves int32. Expected values by hand.
 */
import { describe, expect, it } from 'vitest';
import { cumsum, full, sum, tensor } from '../../src/index.js';
import { ValueError } from '../../src/errors.js';

describe('int32 and bool sums', () => {
  it('cumsum of int32 and bool gives int32 running sums (it refused them before)', () => {
    const r = cumsum(tensor([[1, 2], [3, 4]], { dtype: 'int32' }), 1);
    expect([r.dtype, r.toArray()]).toEqual(['int32', [[1, 3], [3, 7]]]);
    expect(cumsum(tensor([[1, 2], [3, 4]], { dtype: 'int32' }), 0).toArray()).toEqual([[1, 2], [4, 6]]);
    const b = cumsum(tensor([true, false, true, true]), 0);
    expect([b.dtype, b.toArray()]).toEqual(['int32', [1, 1, 2, 3]]);
    expect(cumsum(tensor([-5, 7], { dtype: 'int32' }), -1).toArray()).toEqual([-5, 2]);
    expect(cumsum(tensor([], { dtype: 'int32' }), 0).toArray()).toEqual([]);
    expect(cumsum(tensor([], { dtype: 'int32' }), 0).requiresGrad).toBe(false);
  });

  it('a sum past int32 is a ValueError naming the op, not a wrapped number', () => {
    // 3 · 2³⁰ = 3221225472 > 2³¹ − 1 (it came back as −1073741824)
    const x = full([3], 2 ** 30, { dtype: 'int32' });
    expect(() => sum(x)).toThrow(new ValueError('sum', "the sum 3221225472 of this int32 tensor (shape [3]) does not fit int32 (chainrule has no int64); sum x.to('float64') instead"));
    expect(() => x.sum(0)).toThrow(/^sum: the sum 3221225472/);
    // the running sum leaves int32 at its second element: 2 · 2³⁰ = 2³¹
    expect(() => cumsum(x, 0)).toThrow(new ValueError('cumsum', "the running sum 2147483648 of this int32 tensor (shape [3]) does not fit int32 (chainrule has no int64); use x.to('float64')"));
    // sums that fit, at the edges of int32
    expect(sum(tensor([2 ** 31 - 1, 0], { dtype: 'int32' })).item()).toBe(2 ** 31 - 1);
    expect(sum(tensor([-(2 ** 31), 5, -5], { dtype: 'int32' })).item()).toBe(-(2 ** 31));
    expect(sum(tensor([[2 ** 30, 2 ** 30 - 1], [-(2 ** 30), -(2 ** 30)]], { dtype: 'int32' }), 1).toArray()).toEqual([2 ** 31 - 1, -(2 ** 31)]);
  });
});
