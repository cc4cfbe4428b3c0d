/**
 * Reductions given an empty dim list reduce over every dim, as PyTorch 1.13 does
 * (torch.sum(x, dim=[]) on arange(6).reshape(2, 3) is 15; mean 2.5; amax 5).
 */
import { describe, expect, it } from 'vitest';
import { arange } from '../../src/index.js';

describe('reductions with dim = []', () => {
  const x = arange(6, undefined, 1, { dtype: 'float64' }).reshape(2, 3);
  it('sum reduces everything: 0+1+2+3+4+5 = 15', () => expect(x.sum([]).item()).toBe(15));
  it('mean reduces everything: 15/6 = 2.5', () => expect(x.mean([]).item()).toBe(2.5));
  it('amax reduces everything: 5', () => expect(x.amax([]).item()).toBe(5));
  it('keepdim keeps both dims as size 1', () => expect(x.sum([], true).shape).toEqual([1, 1]));
  it('the gradient of sum over dim [] is all ones', () => {
    const y = x.detach().requiresGrad_(true);
    y.sum([]).backward();
    expect(y.grad!.toArray()).toEqual([[1, 1, 1], [1, 1, 1]]);
  });
});
