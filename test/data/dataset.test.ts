/**
 * TensorDataset and Subset (torch.utils.data): length, get(i) as views of row i, negative
 * indices, plain objects as data sets, and errors naming the public class.
 */
import { describe, expect, it } from 'vitest';
import { arange, tensor, zeros } from '../../src/index.js';
import { ShapeError, IndexError, ValueError } from '../../src/errors.js';
import { Subset, TensorDataset, type Dataset } from '../../src/data/index.js';

describe('TensorDataset', () => {
  it('sample i is row i of every tensor', () => {
    const x = tensor([[1, 2], [3, 4], [5, 6]]);
    const y = tensor(Int32Array.from([7, 8, 9]));
    const ds = new TensorDataset(x, y);
    expect(ds.length).toBe(3);
    const [xi, yi] = ds.get(1);
    expect(xi!.toArray()).toEqual([3, 4]);
    expect(yi!.shape).toEqual([]);
    expect(yi!.item()).toBe(8);
    expect(yi!.dtype).toBe('int32');
    expect(ds.get(-1)[0]!.toArray()).toEqual([5, 6]); // as tensor[-1]
    expect(ds.tensors).toEqual([x, y]);
  });

  it('iterates over its samples in order with for…of', () => {
    const seen: number[][] = [];
    for (const [a, b] of new TensorDataset(arange(3), arange(3).mul(10))) seen.push([a!.item(), b!.item()]);
    expect(seen).toEqual([[0, 0], [1, 10], [2, 20]]);
    expect([...new Subset(new TensorDataset(arange(5)), [4, 1])].map(([t]) => t!.item())).toEqual([4, 1]);
  });

  it('a sample is a view (no copy): it shares the storage', () => {
    const x = arange(6).reshape([3, 2]);
    expect(new TensorDataset(x).get(2)[0]!.storage).toBe(x.storage);
  });

  it('takes one tensor, and a size-0 first dim', () => {
    expect(new TensorDataset(zeros([0, 3])).length).toBe(0);
    expect(new TensorDataset(arange(4)).get(3)[0]!.item()).toBe(3);
  });

  it('refuses tensors whose first dims differ, naming both shapes', () => {
    expect(() => new TensorDataset(zeros([3, 2]), zeros([4]))).toThrow(ShapeError);
    expect(() => new TensorDataset(zeros([3, 2]), zeros([4]))).toThrow(
      /^TensorDataset: size mismatch between tensors: tensors\[1\] has shape \[4\] \(first dim 4\) but tensors\[0\] has \[3,2\] \(first dim 3\)/,
    );
  });

  it('refuses no tensors, a non-tensor, a 0-d tensor, and indices out of range', () => {
    expect(() => new TensorDataset()).toThrow(/^TensorDataset: needs at least one tensor/);
    expect(() => new TensorDataset(zeros([2]), [1, 2] as never)).toThrow(/^TensorDataset: tensors\[1\] must be a Tensor, got an array of length 2/);
    expect(() => new TensorDataset(tensor(1))).toThrow(/^TensorDataset: tensors\[0\] is 0-d/);
    const ds = new TensorDataset(zeros([3]));
    expect(() => ds.get(3)).toThrow(IndexError);
    expect(() => ds.get(3)).toThrow(/^TensorDataset.get: index=3 is out of range for a data set of length 3/);
    expect(() => ds.get(-4)).toThrow(/out of range/);
    expect(() => ds.get(0.5)).toThrow(/^TensorDataset.get: index must be an integer, got 0.5/);
  });
});

describe('Subset', () => {
  const ds = new TensorDataset(arange(10).mul(10));

  it('get(k) is dataset.get(indices[k]), in the order given (repeats allowed)', () => {
    const s = new Subset(ds, [3, 1, 1, -1]);
    expect(s.length).toBe(4);
    expect([0, 1, 2, 3].map((k) => s.get(k)[0]!.item())).toEqual([30, 10, 10, 90]);
    expect(s.indices).toEqual([3, 1, 1, 9]);
    expect(s.get(-1)[0]!.item()).toBe(90);
  });

  it('takes a 1-d int32 tensor of indices, and nests', () => {
    const s = new Subset(ds, tensor(Int32Array.from([8, 6, 4])));
    expect(new Subset(s, [2, 0]).get(0)[0]!.item()).toBe(40);
  });

  it('works over any object with length and get', () => {
    const squares: Dataset<number> = { length: 5, get: (i) => i * i };
    expect(new Subset(squares, [4, 2]).get(0)).toBe(16);
  });

  it('refuses indices out of range, non-integers, float tensors and non-data-sets', () => {
    expect(() => new Subset(ds, [0, 10])).toThrow(/^Subset: indices\[1\]=10 is out of range for a data set of length 10/);
    expect(() => new Subset(ds, [1.5])).toThrow(/^Subset: indices\[0\] must be an integer, got 1.5/);
    expect(() => new Subset(ds, tensor([1, 2]))).toThrow(/^Subset: indices must be a 1-d int32 tensor/);
    expect(() => new Subset(ds, 3 as never)).toThrow(/^Subset: indices must be an array of integers/);
    expect(() => new Subset([1, 2] as never, [0])).toThrow(ValueError);
    expect(() => new Subset({ length: -1, get: () => 0 }, [])).toThrow(/^Subset: dataset.length must be an integer ≥ 0, got -1/);
    expect(() => new Subset(ds, [0]).get(1)).toThrow(/^Subset.get: index=1 is out of range for a data set of length 1/);
  });
});
