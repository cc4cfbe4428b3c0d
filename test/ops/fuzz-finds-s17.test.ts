/**
 * Checks added for what the fuzz found on seeds 37 and up (session 17), and for the PyTorch
 * behaviour of common ops checked by hand beside it. Each expected error text was written by hand
 * from the contract: the error names the op the user called, the argument and its shape or value.
 */
import { describe, expect, it } from 'vitest';
import * as cr from '../../src/index.js';
import { functional as F } from '../../src/nn/index.js';

const { tensor, zeros } = cr;
const i32 = (v: number[]) => tensor(v, { dtype: 'int32' });

describe('fuzz finds of session 17', () => {
  it('indexFill and indexFill_ name themselves for a value tensor that is not 0-d (fuzz seed 49)', () => {
    const x = zeros([2, 2]);
    expect(() => cr.indexFill(x, 1, i32([0]), zeros([1, 1]))).toThrow(/^indexFill: value must be a number or a 0-d tensor, got shape \[1,1\]$/);
    expect(() => x.indexFill_(1, i32([0]), zeros([2]))).toThrow(/^indexFill_: value must be a number or a 0-d tensor, got shape \[2\]$/);
    expect(x.toArray()).toEqual([[0, 0], [0, 0]]);
    expect(x.versionCounter.value).toBe(0);
    expect(cr.indexFill(x, 1, i32([1]), tensor(7)).toArray()).toEqual([[0, 7], [0, 7]]);
  });

  it('triuIndices/trilIndices count in closed form and walk only rows that keep something (a hang of fuzz seed 65)', () => {
    expect(cr.triuIndices(1e12, 0).shape).toEqual([2, 0]);
    expect(cr.trilIndices(1e12, 0, 5).shape).toEqual([2, 0]);
    // one entry, in the last of 2²⁷ rows: (2²⁷ − 1, 0)
    expect(cr.trilIndices(2 ** 27, 1, -(2 ** 27) + 1).toArray()).toEqual([[2 ** 27 - 1], [0]]);
    // (before, these walked every row: the first never returned, the third took seconds)
    // the 2²⁸×1 lower triangle has 2²⁸ entries, a [2, 2²⁸] result: refused before it is allocated, naming the op
    expect(() => cr.trilIndices(2 ** 28, 1)).toThrow(/^trilIndices: the \[2, 268435456\] result has 536870912 elements, more than MAX_ELEMENTS/);
    // rows 0..3 of a 4×3 matrix keep j ≥ i − 1: 3 + 3 + 2 + 1 entries
    expect(cr.triuIndices(4, 3, -1).toArray()).toEqual([[0, 0, 0, 1, 1, 1, 2, 2, 3], [0, 1, 2, 0, 1, 2, 1, 2, 2]]);
    expect(cr.trilIndices(4, 3, -3).toArray()).toEqual([[3], [0]]);
    expect(cr.trilIndices(3, 2, 5).toArray()).toEqual([[0, 0, 1, 1, 2, 2], [0, 1, 0, 1, 0, 1]]);
    expect(cr.triuIndices(4, 3, 3).shape).toEqual([2, 0]);
  });

  it('interpolate, multinomial and combinations bound their sizes before building anything (probing sizes like seed 65 s)', () => {
    // an empty batch still builds a sampling table per output position: a raw RangeError, and a hang for [10⁹, 10⁹]
    expect(() => F.interpolate(zeros([0, 1, 2]), { size: 1e12 })).toThrow(/^interpolate: the output size of spatial dim 0 has 1000000000000 elements, more than MAX_ELEMENTS/);
    expect(() => F.interpolate(zeros([0, 1, 2, 2]), { size: [4, 1e9], mode: 'bilinear' })).toThrow(/^interpolate: the output size of spatial dim 1 has 1000000000 elements/);
    expect(F.interpolate(zeros([0, 1, 2]), { size: 4 }).shape).toEqual([0, 1, 4]);
    expect(() => cr.multinomial(tensor([1, 1]), 1e12, { replacement: true })).toThrow(/^multinomial: the 1×1000000000000 samples has 1000000000000 elements, more than MAX_ELEMENTS/);
    // C(100, 50) ≈ 1.0e29 rows were walked one by one
    expect(() => cr.combinations(zeros([100]), 50)).toThrow(/^combinations: there are more than MAX_ELEMENTS \(268435456\) combinations of r=50 from 100 entries$/);
    expect(() => cr.combinations(zeros([2]), 2 ** 28, true)).toThrow(/^combinations: there are more than MAX_ELEMENTS \(268435456\) combinations of r=268435456 from 2 entries with repeats$/);
    // one combination of 10⁵ repeats of the single entry: the recursion was 10⁵ calls deep
    const deep = cr.combinations(tensor([5]), 100000, true);
    expect(deep.shape).toEqual([1, 100000]);
    expect((deep.toArray() as number[][])[0]!.every((v) => v === 5)).toBe(true);
    // the order is still torch.combinations': lexicographic in the positions
    expect(cr.combinations(tensor([1, 2, 3, 4]), 3).toArray()).toEqual([[1, 2, 3], [1, 2, 4], [1, 3, 4], [2, 3, 4]]);
    expect(cr.combinations(tensor([1, 2]), 3, true).toArray()).toEqual([[1, 1, 1], [1, 1, 2], [1, 2, 2], [2, 2, 2]]);
    expect(cr.combinations(tensor([1, 2]), 3).shape).toEqual([0, 3]);
    const x = tensor([1, 2, 3], { requiresGrad: true });
    cr.combinations(x).sum().backward(); // each entry is in 2 of the 3 pairs
    expect(x.grad!.toArray()).toEqual([2, 2, 2]);
  });

  it('tensor() takes a Uint32Array past 2³¹ with an explicit float dtype (it demanded the dtype it was given)', () => {
    expect(tensor(new Uint32Array([3e9]), { dtype: 'float64' }).toArray()).toEqual([3000000000]);
    expect(() => tensor(new Uint32Array([3e9]), { dtype: 'int32' })).toThrow(/^tensor: data value 3000000000 cannot be converted to int32 without overflow$/);
    expect(() => tensor(new Uint32Array([3e9]))).toThrow(/^tensor: Uint32Array value 3000000000 at index 0 does not fit in int32; pass \{ dtype: 'float64' \}$/);
    expect(tensor(new Float32Array([2.7, -2.7]), { dtype: 'int32' }).toArray()).toEqual([2, -2]);
    expect(tensor(new Uint8Array([0, 2]), { dtype: 'bool' }).toArray()).toEqual([false, true]);
  });

  it('tril/triu and avgPool bound what they build from an empty tensor with a huge dim (a hang and an out-of-memory abort)', () => {
    expect(cr.tril(zeros([1e12, 0])).shape).toEqual([1e12, 0]);
    expect(() => cr.triu(zeros([0, 1e5, 1e5]))).toThrow(/^triu: its 100000×100000 mask has 10000000000 elements, more than MAX_ELEMENTS/);
    expect(cr.tril(cr.ones([3, 3]), -1).toArray()).toEqual([[0, 0, 0], [1, 0, 0], [1, 1, 0]]);
    expect(() => F.avgPool1d(zeros([0, 1, 1e12]), 1)).toThrow(/^avgPool1d: the 1×1000000000000 output positions has 1000000000000 elements, more than MAX_ELEMENTS/);
    expect(F.avgPool1d(zeros([0, 1, 4]), 2).shape).toEqual([0, 1, 2]);
  });

  it('softmax and matmul of an empty tensor compute nothing (a raw RangeError, a hang), and matmul names itself for a product too large', () => {
    expect(zeros([1e12, 0]).softmax(0).shape).toEqual([1e12, 0]);
    expect(zeros([1e12, 0]).logSoftmax(0).shape).toEqual([1e12, 0]);
    expect(cr.bmm(zeros([1e12, 0, 1]), zeros([1e12, 1, 0])).shape).toEqual([1e12, 0, 0]);
    expect(() => cr.matmul(zeros([1e6, 0]), zeros([0, 1e6]))).toThrow(/^matmul: the product \[1000000,1000000\] has 1000000000000 elements, more than MAX_ELEMENTS/);
    // k = 0: the product of [2, 0] and [0, 3] is 2×3 zeros, and the gradients are empty
    const a = zeros([2, 0], { requiresGrad: true });
    const p = cr.matmul(a, zeros([0, 3]));
    expect(p.toArray()).toEqual([[0, 0, 0], [0, 0, 0]]);
    p.sum().backward();
    expect(a.grad!.shape).toEqual([2, 0]);
    expect(tensor([0, 0]).softmax(0).toArray()).toEqual([0.5, 0.5]);
  });

  it('outer, kron and cartesianProd name themselves for a result past MAX_ELEMENTS (named expand)', () => {
    const v = zeros([1e5]);
    expect(() => cr.outer(v, v)).toThrow(/^outer: .*10000000000 elements, more than MAX_ELEMENTS/);
    expect(() => cr.kron(v, v)).toThrow(/^kron: .*10000000000 elements, more than MAX_ELEMENTS/);
    expect(() => cr.cartesianProd(v, v)).toThrow(/^cartesianProd: .*10000000000 elements, more than MAX_ELEMENTS/);
  });
});

describe('PyTorch behaviour checked by hand (session 17)', () => {
  it("maskedFill and indexFill keep the input's dtype, as torch.masked_fill (int32 filled with 3.5 was float32)", () => {
    const mask = tensor([true, false]);
    const filled = cr.maskedFill(zeros([2], { dtype: 'int32' }), mask, 3.5);
    expect(filled.dtype).toBe('int32');
    expect(filled.toArray()).toEqual([3, 0]);
    expect(cr.maskedFill(zeros([2], { dtype: 'int32' }), mask, tensor(-2.7)).toArray()).toEqual([-2, 0]);
    const flags = cr.maskedFill(zeros([2], { dtype: 'bool' }), mask, 1);
    expect(flags.dtype).toBe('bool');
    expect(flags.toArray()).toEqual([true, false]);
    expect(cr.indexFill(zeros([2, 2], { dtype: 'int32' }), 1, i32([0]), 3.5).toArray()).toEqual([[3, 0], [3, 0]]);
    const x = zeros([2], { dtype: 'int32' });
    expect(x.maskedFill_(mask, -100).toArray()).toEqual([-100, 0]);
    expect(x.maskedFill_(mask, 9.9).toArray()).toEqual([9, 0]);
  });

  it('maskedFill refuses an int32 fill that does not fit, naming the op and the value', () => {
    const x = zeros([2], { dtype: 'int32' });
    const mask = tensor([true, false]);
    expect(() => cr.maskedFill(x, mask, -Infinity)).toThrow(/^maskedFill: value -Infinity cannot be converted to int32 without overflow$/);
    expect(() => x.maskedFill_(mask, 2 ** 31)).toThrow(/^maskedFill_: value 2147483648 cannot be converted to int32 without overflow/);
    expect(() => cr.indexFill(x, 0, i32([1]), NaN)).toThrow(/^indexFill: value NaN cannot be converted to int32 without overflow/);
    expect(x.toArray()).toEqual([0, 0]);
  });

  it('maskedFill into a float tensor still passes the gradient to a 0-d value', () => {
    const v = tensor(2.0, { requiresGrad: true });
    cr.maskedFill(zeros([3]), tensor([true, false, true]), v).sum().backward();
    expect(v.grad!.item()).toBe(2);
  });

  it('an int32 tensor made or filled from a number that does not fit is an error, as in PyTorch (it wrapped silently)', () => {
    expect(() => tensor([1, 2 ** 31], { dtype: 'int32' })).toThrow(/^tensor: data value 2147483648 cannot be converted to int32 without overflow$/);
    expect(() => tensor([NaN], { dtype: 'int32' })).toThrow(/^tensor: data value NaN cannot be converted to int32 without overflow$/);
    expect(() => tensor(new Float64Array([-3e9]), { dtype: 'int32' })).toThrow(/^tensor: data value -3000000000 cannot be converted/);
    expect(() => cr.full([2], -Infinity, { dtype: 'int32' })).toThrow(/^full: fillValue -Infinity cannot be converted to int32 without overflow$/);
    expect(() => cr.fullLike(zeros([2], { dtype: 'int32' }), 1e10)).toThrow(/^fullLike: fillValue 10000000000 cannot be converted/);
    expect(() => cr.linspace(0, 3e9, 2, { dtype: 'int32' })).toThrow(/^linspace: end 3000000000 cannot be converted to int32 without overflow$/);
    const x = zeros([2], { dtype: 'int32' });
    expect(() => x.fill_(2 ** 31)).toThrow(/^fill_: value 2147483648 cannot be converted to int32 without overflow$/);
    expect(() => x.scatter_(0, i32([1]), -Infinity)).toThrow(/^scatter_: value -Infinity cannot be converted to int32 without overflow$/);
    expect(x.toArray()).toEqual([0, 0]);
    expect(x.versionCounter.value).toBe(0);
    // what fits is truncated toward zero, as torch.tensor([2.5, -2.5], dtype=torch.int32) gives [2, -2]
    expect(tensor([2.5, -2.5, 2 ** 31 - 1, -(2 ** 31)], { dtype: 'int32' }).toArray()).toEqual([2, -2, 2147483647, -2147483648]);
    expect(cr.full([1], -2.7, { dtype: 'int32' }).toArray()).toEqual([-2]);
    expect(cr.scatter(zeros([2], { dtype: 'int32' }), 0, i32([0]), -2.7).toArray()).toEqual([-2, 0]);
  });

  it('a bool tensor filled with a non-zero number is true, as in PyTorch (fill_ and scatter stored 0.5 as false)', () => {
    expect(zeros([2], { dtype: 'bool' }).fill_(0.5).toArray()).toEqual([true, true]);
    expect(cr.scatter(zeros([2], { dtype: 'bool' }), 0, i32([1]), 0.5).toArray()).toEqual([false, true]);
    expect(cr.full([1], NaN, { dtype: 'bool' }).toArray()).toEqual([true]);
    expect(tensor([0.5, 0, NaN], { dtype: 'bool' }).toArray()).toEqual([true, false, true]);
  });

  it('randint refuses an int32 range that would wrap (randint(0, 2 ** 32) drew negative numbers)', () => {
    expect(() => cr.randint(0, 2 ** 32, [2])).toThrow(/^randint: low=0, high=4294967296 do not fit int32 \(need −2³¹ ≤ low < high ≤ 2³¹\); pass \{ dtype: 'float64' \} for a wider range$/);
    expect(() => cr.randintLike(zeros([1]), -(2 ** 31) - 1, 0)).toThrow(/^randintLike: low=-2147483649, high=0 do not fit int32/);
    const g = new cr.Generator(5);
    const wide = cr.randint(-(2 ** 31), 2 ** 31, [64], { generator: g }).toArray() as number[];
    expect(wide.every((v) => Number.isInteger(v) && v >= -(2 ** 31) && v < 2 ** 31)).toBe(true);
    expect(wide.some((v) => v < 0) && wide.some((v) => v > 0)).toBe(true);
    const big = cr.randint(0, 2 ** 32, [64], { dtype: 'float64', generator: g }).toArray() as number[];
    expect(big.every((v) => Number.isInteger(v) && v >= 0 && v < 2 ** 32)).toBe(true);
  });

  it('where, clamp and pad refuse an int32 number that does not fit, as PyTorch (they wrapped 2³¹ to −2³¹)', () => {
    const x = tensor([1, 5], { dtype: 'int32' });
    const c = tensor([true, false]);
    expect(() => cr.where(c, 2 ** 31, x)).toThrow(/^where: a 2147483648 cannot be converted to int32 without overflow$/);
    expect(() => cr.clamp(x, 2 ** 31)).toThrow(/^clamp: bound 2147483648 cannot be converted to int32 without overflow$/);
    expect(() => cr.pad(x, [1, 0], 'constant', -(2 ** 31) - 1)).toThrow(/^pad: value -2147483649 cannot be converted to int32 without overflow$/);
    expect(cr.where(c, -7, x).toArray()).toEqual([-7, 5]);
    expect(cr.where(c, 2 ** 31, zeros([2])).toArray()).toEqual([2147483648, 0]);
    expect(cr.clamp(x, -Infinity, 3).toArray()).toEqual([1, 3]);
    expect(cr.pad(x, [1, 0], 'constant', 2.5).toArray()).toEqual([2, 1, 5]);
  });

  it('pad fills a bool tensor with value ≠ 0 and full(size, true) is bool, as in PyTorch', () => {
    expect(cr.pad(tensor([false]), [1, 1], 'constant', 0.5).toArray()).toEqual([true, false, true]);
    const t = cr.full([2], true);
    expect(t.dtype).toBe('bool');
    expect(t.toArray()).toEqual([true, true]);
    expect(cr.full([1], false, { dtype: 'float32' }).toArray()).toEqual([0]);
  });
});
