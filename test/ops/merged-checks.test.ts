/**
 * Argument checks added when the fuzz ran over the merged surface (issue 12 after issue 10's gap
 * scan), where the fuzz itself does not pin the behaviour: what is accepted (null defaults, a
 * number mean with a size) as well as what is refused, and that a refused call changes nothing.
 */
import { describe, expect, it } from 'vitest';
import * as cr from '../../src/index.js';
import * as nn from '../../src/nn/index.js';

const { tensor } = cr;

describe('checks from the merged-surface fuzz', () => {
  it('null option values still mean the default', () => {
    expect(cr.nanToNum(tensor([NaN, 1]), { posinf: null, neginf: null }).toArray()).toEqual([0, 1]);
    expect(cr.bincount(tensor([0, 2], { dtype: 'int32' }), { weights: null }).toArray()).toEqual([1, 0, 1]);
    expect(cr.quantile(tensor([1, 2, 3]), 0.5, { dim: null }).item()).toBe(2);
  });

  it('normal takes a size only with a number mean and std', () => {
    expect(cr.normal(0, 1, [2, 3]).shape).toEqual([2, 3]);
    expect(() => cr.normal(tensor([0, 1]), tensor([1, 1]), [2])).toThrow(/^normal: size is only for a number mean and std/);
    expect(() => cr.normal(0, 1, { generator: undefined } as never)).toThrow(/^normal: size must be an array of sizes/);
  });

  it('Fold and Unfold check their sizes when made, so their repr never fails', () => {
    expect(() => new nn.Unfold({ a: 1 } as never)).toThrow(/^Unfold: kernelSize must be a number or an array of 2 numbers, got an object with keys a/);
    expect(() => new nn.Fold([3, 3], 2, { stride: 0 })).toThrow(/^Fold: stride must be positive integers, got 0$/);
    expect(new nn.Unfold(2, { padding: 1 }).toString()).toBe('Unfold(kernel_size=2, dilation=1, padding=1, stride=1)') // PyTorch's repr;
  });

  it('the padding modules check padding before reading it', () => {
    expect(() => new nn.ReflectionPad2d({} as never)).toThrow(/^ReflectionPad2d: padding must be a number or 4 numbers, got an object/);
    expect(() => new nn.ConstantPad1d(Symbol('p') as never, 0)).toThrow(/^ConstantPad1d: padding must be a number or 2 numbers/);
  });

  it('tensorSplit refuses a 0-d input and more sections than MAX_ELEMENTS', () => {
    expect(() => cr.tensorSplit(tensor(1), 2)).toThrow(/^tensorSplit: input must be at least 1-D/);
    expect(() => cr.tensorSplit(tensor([1, 2]), 1e12)).toThrow(/^tensorSplit: sections=1000000000000 \(one tensor each\) has 1000000000000 elements, more than MAX_ELEMENTS/);
    expect(cr.tensorSplit(tensor([1, 2]), 3).map((t) => t.toArray())).toEqual([[1], [2], []]);
  });

  it('a refused option leaves the input untouched', () => {
    const x = tensor([1, 2, 3]);
    expect(() => cr.addcmul(x, x, x, { value: 1, alpha: 2 } as never)).toThrow(/^addcmul: unknown option 'alpha'/);
    expect(() => x.diff(1, { dims: 0 } as never)).toThrow(/^diff: unknown option 'dims' \(did you mean 'dim'\?\)/);
    expect(x.toArray()).toEqual([1, 2, 3]);
    expect(x.versionCounter.value).toBe(0);
  });

  it('quantile with an empty q gives [0, …] as PyTorch; bucketize names itself', () => {
    const x = tensor([[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]]);
    expect(cr.quantile(x, tensor([])).shape).toEqual([0]);
    expect(cr.quantile(x, tensor([]), { dim: 0 }).shape).toEqual([0, 4]);
    expect(cr.quantile(x, tensor([]), { dim: 1, keepdim: true }).shape).toEqual([0, 3, 1]);
    expect(() => cr.bucketize((() => 0) as never, tensor([1, 2]))).toThrow(/^bucketize: input must be a Tensor/);
  });

  it('trilIndices/triuIndices bound the matrix before walking it (a hang of fuzz seed 4)', () => {
    expect(() => cr.trilIndices(2 ** 31, 1e12)).toThrow(/^trilIndices: the 2147483648×1000000000000 matrix has .* elements, more than MAX_ELEMENTS/);
    expect(cr.trilIndices(3, 2, -1).toArray()).toEqual([[1, 2, 2], [0, 0, 1]]);
    expect(cr.triuIndices(2, 3, 1).toArray()).toEqual([[0, 0, 1], [1, 2, 2]]);
  });

  it('mm, bmm and mv name themselves when the product refuses (fuzz seed 6)', () => {
    const f = cr.zeros([2, 2]);
    const i = cr.zeros([2], { dtype: 'int32' });
    expect(() => cr.mv(f, i)).toThrow(/^mv: cannot mix dtypes/);
    expect(() => cr.mm(f, cr.zeros([2, 2], { dtype: 'int32' }))).toThrow(/^mm: cannot mix dtypes/);
    expect(() => cr.bmm(cr.zeros([1, 2, 2]), cr.zeros([1, 2, 2], { dtype: 'int32' }))).toThrow(/^bmm: cannot mix dtypes/);
  });

  it('cdist refuses non-float inputs as PyTorch does (fuzz seed 6)', () => {
    expect(() => cr.cdist(cr.zeros([0, 2], { dtype: 'bool' }), cr.zeros([0, 2]))).toThrow(/^cdist: cdist only supports floating-point dtypes/);
  });

  it('a layer whose parameters would pass MAX_ELEMENTS names the layer (fuzz seeds 7 and 9)', () => {
    expect(() => new nn.Linear(0, 1e12)).toThrow(/^Linear: size \[1000000000000\] has 1000000000000 elements, more than MAX_ELEMENTS/);
    expect(() => new nn.ConvTranspose3d(1e12, 2 ** 31, 3)).toThrow(/^ConvTranspose3d: .*more than MAX_ELEMENTS/);
    expect(() => new nn.BatchNorm1d(1e12)).toThrow(/^BatchNorm1d: .*more than MAX_ELEMENTS/);
  });

  it('adaptiveMaxPool2d checks its output size before allocating (fuzz seed 12)', () => {
    expect(() => nn.functional.adaptiveMaxPool2d(cr.zeros([1, 1, 1]), 2 ** 31)).toThrow(/^adaptiveMaxPool2d: the output \(outputSize \[2147483648,2147483648\].*more than MAX_ELEMENTS/);
  });

  it('logit refuses a NaN eps under its own name (fuzz seed 13)', () => {
    expect(() => cr.logit(tensor([0.5]), Number.NaN)).toThrow(/^logit: eps must be a finite number/);
  });

  it('vander checks N against MAX_ELEMENTS before building its powers (a heap OOM: fuzz seed 13)', () => {
    expect(() => cr.vander(tensor([1, 2], { dtype: 'int32' }), 2 ** 31)).toThrow(/^vander: N=2147483648 columns for 2 values has .* elements, more than MAX_ELEMENTS/);
    expect(() => cr.vander(cr.zeros([0]), 2 ** 31)).toThrow(/^vander: .*MAX_ELEMENTS/);
  });

  it('histc and bincount check their sizes before allocating (a heap OOM: fuzz seed 15)', () => {
    expect(() => cr.histc(cr.zeros([3, 0, 2], { dtype: 'float64' }), 2 ** 31)).toThrow(/^histc: bins=2147483648 has .* elements, more than MAX_ELEMENTS/);
    expect(() => cr.bincount(tensor([0], { dtype: 'int32' }), { minlength: 2 ** 31 })).toThrow(/^bincount: the counts .*more than MAX_ELEMENTS/);
  });

  it('multiMarginLoss checks its class indices itself (fuzz seed 16)', () => {
    expect(() => nn.functional.multiMarginLoss(cr.zeros([0]), tensor(-5))).toThrow(/^multiMarginLoss: target holds -5, not a class index in \[0, 0\)/);
    expect(() => nn.functional.multiMarginLoss(cr.zeros([2, 3]), tensor([0, 3]))).toThrow(/^multiMarginLoss: target holds 3/);
  });

  it('addmm, addmv, baddbmm, addcmul and addcdiv name themselves for the errors of their parts (fuzz seed 16)', () => {
    const b = cr.zeros([2, 2], { dtype: 'bool' });
    expect(() => cr.addmv(cr.zeros([2]), b, cr.zeros([2]))).toThrow(/^addmv: cannot mix dtypes/);
    expect(() => cr.addmm(cr.zeros([2, 2]), b, cr.zeros([2, 2]))).toThrow(/^addmm: cannot mix dtypes/);
    expect(() => cr.addcmul(cr.zeros([2]), cr.zeros([3]), cr.zeros([2]))).toThrow(/^addcmul: /);
  });

  it('groupNorm refuses more statistics than MAX_ELEMENTS before computing any (0 channels, 2^31 groups: an out-of-memory kill before; fuzz seed 25, wasm)', () => {
    expect(() => nn.functional.groupNorm(cr.zeros([1, 0], { dtype: 'float64' }), 2 ** 31)).toThrow(/^groupNorm: the statistics \[1, 2147483648\] \(per image and group\) has 2147483648 elements, more than MAX_ELEMENTS/);
    expect(nn.functional.groupNorm(cr.zeros([2, 0, 3]), 4).shape).toEqual([2, 0, 3]);
  });

  it('takeAlongDim names itself for an index out of range; a generator option must be a Generator (fuzz seeds 26, 27 on wasm)', () => {
    expect(() => tensor(-5).takeAlongDim(tensor(-5, { dtype: 'int32' }), 0)).toThrow(/^takeAlongDim: index -5/);
    expect(() => nn.functional.dropout(tensor([1, 2]), { generator: tensor(1) as never })).toThrow(/^dropout: generator must be a chainrule Generator, got a float32 tensor/);
    expect(() => cr.rand([2], { generator: {} as never })).toThrow(/^rand: generator must be a chainrule Generator/);
    expect(cr.rand([2], { generator: new cr.Generator(1) }).shape).toEqual([2]);
  });

  it('tensordot names itself for its product\'s dtype error (fuzz seed 21)', () => {
    expect(() => cr.tensordot(tensor(-5), tensor(false), 0)).toThrow(/^tensordot: cannot mix dtypes float32 \[1,1\] and bool \[1,1\]/);
  });
});
