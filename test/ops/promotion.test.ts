/**
 * Type promotion beyond the PyTorch fixtures (test/pytorch/promotion.test.ts): gradients flow to
 * float operands only and come back in each operand's own dtype, in-place ops refuse a result of
 * a higher kind, unary float functions promote ints, int64 is refused with a clear message, and
 * index arguments accept float tensors of whole numbers. Expected values are hand-derived.
 */
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as F from '../../src/nn/functional/index.js';
import { DTypeError, gather, promoteTypes, resultType, tensor, where, zeros, type Tensor } from '../../src/index.js';
import { checkGradcheck } from '../../src/testing/index.js';
import { RUNS, broadcastPairs } from './support.js';

const i32 = { dtype: 'int32' } as const;
const f64 = { dtype: 'float64' } as const;
const vals = (t: Tensor): number[] => Array.from(t.toTypedArray(), Number);

describe('promotion rules (hand-derived)', () => {
  it('promoteTypes and resultType', () => {
    expect(promoteTypes('bool', 'int32')).toBe('int32');
    expect(promoteTypes('int32', 'float32')).toBe('float32');
    expect(promoteTypes('float64', 'float32')).toBe('float64');
    expect(resultType(tensor([1, 2], i32), 0.5)).toBe('float32');
    expect(resultType(tensor([1, 2], i32), 2)).toBe('int32');
    expect(resultType(tensor([1.5]), 2)).toBe('float32');
    expect(resultType(tensor([true], { dtype: 'bool' }), 1)).toBe('int32');
    expect(resultType(zeros([3]), tensor(1, f64))).toBe('float32'); // a 0-d tensor of the same kind is weaker
    expect(resultType(zeros([3], i32), tensor(1, f64))).toBe('float64'); // ... unless its kind is higher
  });

  it('the issue examples', () => {
    const t = tensor([0, 2, 3]);
    expect(vals(t.mul(t.ne(0)))).toEqual([0, 2, 3]); // t * (t != 0)
    const q = tensor([1, 2, 3], i32).div(2);
    expect(q.dtype).toBe('float32');
    expect(vals(q)).toEqual([0.5, 1, 1.5]);
    const w = where(tensor([true, false], { dtype: 'bool' }), 4, 2);
    expect(w.dtype).toBe('int32');
    expect(vals(w)).toEqual([4, 2]);
  });
});

describe('gradients flow to float operands only', () => {
  it('float32 · float64: the result is float64, each gradient in its operand dtype', () => {
    const a = tensor([1, 2], { requiresGrad: true });
    const b = tensor([3, 4], { dtype: 'float64', requiresGrad: true });
    const y = a.mul(b);
    expect(y.dtype).toBe('float64');
    y.sum().backward();
    expect(a.grad!.dtype).toBe('float32');
    expect(vals(a.grad!)).toEqual([3, 4]); // d(ab)/da = b
    expect(b.grad!.dtype).toBe('float64');
    expect(vals(b.grad!)).toEqual([1, 2]);
  });

  it('float · int and float · bool mask: gradient of the float operand only', () => {
    const x = tensor([1, -2, 3], { requiresGrad: true });
    const y = x.mul(tensor([2, 0, 5], i32)).add(x.mul(x.gt(0)));
    y.sum().backward();
    expect(vals(x.grad!)).toEqual([2 + 1, 0 + 0, 5 + 1]);
  });

  it('gradcheck of float64 operands mixed with bool masks, int32 tensors and 0-d float32 tensors', () => {
    checkGradcheck({
      inputs: broadcastPairs({ dtype: 'float64', avoid: [0, 0.5] }),
      f: (x: Tensor, y: Tensor) => {
        const z = x.mul(y.gt(0)).add(y.mul(x.lt(0.5).to('int32'))).mul(tensor(2.5)); // 0-d float32 is weaker: stays float64
        if (z.dtype !== 'float64') throw new Error(`promoted to ${z.dtype}`);
        return z.div(tensor(4, i32)).sub(y.maximum(tensor(0, i32)));
      },
      ...RUNS,
    });
  });
});

describe('in place, unary ops, dtype names, indices', () => {
  it('an in-place op refuses a result of a higher kind, as PyTorch', () => {
    const x = tensor([1, 2], i32);
    expect(() => x.add_(0.5)).toThrow(DTypeError);
    expect(vals(x)).toEqual([1, 2]);
    expect(vals(x.add_(1))).toEqual([2, 3]);
  });

  it('float functions of ints are float32; neg/abs/sign of ints stay int32', () => {
    const x = tensor([3, -2, 0], i32);
    expect(x.exp().dtype).toBe('float32');
    expect(vals(x.exp())).toEqual([Math.fround(Math.exp(3)), Math.fround(Math.exp(-2)), 1]);
    expect(x.neg().dtype).toBe('int32');
    expect(vals(x.abs())).toEqual([3, 2, 0]);
    expect(vals(x.sign())).toEqual([1, -1, 0]);
    expect(vals(tensor([2147483647], i32).neg())).toEqual([-2147483647]); // exact through float64
    expect(tensor([true], { dtype: 'bool' }).sign().dtype).toBe('bool');
    // clamp keeps int32 with whole bounds, promotes with a fractional one (torch 1.13)
    expect(vals(x.clamp(0, 2))).toEqual([2, 0, 0]);
    expect(x.clamp(null, 1).dtype).toBe('int32');
    const half = x.clamp(0.5);
    expect(half.dtype).toBe('float32');
    expect(vals(half)).toEqual([3, 0.5, 0.5]);
  });

  it("'int64' is refused with a message saying chainrule stores int32", () => {
    expect(() => zeros([2], { dtype: 'int64' as 'int32' })).toThrow(/zeros: dtype "int64" is not available: chainrule stores integers as 'int32'/);
  });

  it('index arguments accept float tensors of whole numbers', () => {
    const x = tensor([[10, 11, 12], [20, 21, 22]]);
    expect(vals(x.indexSelect(1, tensor([2, 0])))).toEqual([12, 10, 22, 20]);
    expect(vals(gather(x, 1, tensor([[1], [2]])))).toEqual([11, 22]);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 5 }), (idx) => {
        const byFloat = x.indexSelect(1, tensor(idx));
        const byInt = x.indexSelect(1, tensor(idx, i32));
        expect(vals(byFloat)).toEqual(vals(byInt));
      }),
      RUNS,
    );
  });

  it('class targets may be float tensors of whole numbers (crossEntropy, nllLoss)', () => {
    const logits = tensor([[1, 2, 0.5], [0, -1, 3]], f64);
    const byFloat = F.crossEntropy(logits, tensor([1, 2]));
    const byInt = F.crossEntropy(logits, tensor([1, 2], i32));
    expect(byFloat.item()).toBe(byInt.item());
    expect(F.nllLoss(logits, tensor([0, 2])).item()).toBe(-(1 + 3) / 2);
  });
});
