/**
 * The DataLoader's indexSelect shortcut for TensorDatasets (src/data/fetch.ts) gives exactly the
 * batches of the generic path (get each sample, defaultCollate stacks them): same values, shapes
 * and dtypes for every dtype, non-contiguous tensors, Subsets of Subsets and shuffled passes; it
 * is taken only where it is exact (not for subclasses, custom collate or tensors needing grad).
 */
import { describe, expect, it } from 'vitest';
import { arange, Generator, randn, traceKernels, type Tensor } from '../../src/index.js';
import { DataLoader, defaultCollate, randomSplit, Subset, TensorDataset, type Dataset } from '../../src/data/index.js';

type Batch = Tensor[];
/** The generic path: a collateFn that is not defaultCollate itself. */
const generic = (items: Batch[]): Batch => defaultCollate(items);
const dump = (batches: Batch[]) => batches.map((b) => b.map((t) => ({ shape: t.shape, dtype: t.dtype, data: Array.from(t.toTypedArray()) })));
const kernelsOf = (loader: DataLoader<Batch, Batch>) => new Set(traceKernels(() => [...loader]).calls.map((c) => c.kernel));

function datasets(): Dataset<Batch>[] {
  const x = randn(3, 11, { generator: new Generator(4) }).transpose(0, 1); // [11, 3], non-contiguous
  const ds = new TensorDataset(
    x,
    arange(11, { dtype: 'int32' }),
    randn(11, 2, 2, { dtype: 'float64', generator: new Generator(5) }),
    arange(11).remainder(3).eq(0), // bool
  );
  const [a] = randomSplit(ds, [7, 4], { generator: new Generator(6) });
  return [ds, a!, new Subset(a!, [6, 0, 3, 3, 1])];
}

describe('DataLoader batch shortcut', () => {
  it('equals the generic path for every dtype, views, Subsets and shuffling', () => {
    for (const ds of datasets()) {
      for (const shuffle of [false, true]) {
        for (const batchSize of [1, 3, 64]) {
          const fast = [...new DataLoader(ds, { batchSize, shuffle, generator: new Generator(9) })];
          const slow = [...new DataLoader(ds, { batchSize, shuffle, generator: new Generator(9), collateFn: generic })];
          expect(dump(fast)).toEqual(dump(slow));
          expect(fast.length).toBe(Math.ceil(ds.length / batchSize));
        }
      }
    }
  });

  it('is taken for a TensorDataset with defaultCollate (one indexSelect per tensor), and not otherwise', () => {
    const [ds, subset] = datasets();
    expect(kernelsOf(new DataLoader(ds!, { batchSize: 4 }))).toContain('indexSelect');
    expect(kernelsOf(new DataLoader(subset!, { batchSize: 4 }))).toContain('indexSelect');
    expect(kernelsOf(new DataLoader(ds!, { batchSize: 4, collateFn: generic }))).not.toContain('indexSelect');
    class Doubled extends TensorDataset {
      override get(index: number): Tensor[] {
        return super.get(index).map((t) => t.mul(2));
      }
    }
    const doubled = new DataLoader(new Doubled(arange(4)), { batchSize: 4 });
    expect(kernelsOf(doubled)).not.toContain('indexSelect');
    expect([...doubled][0]![0]!.toArray()).toEqual([0, 2, 4, 6]); // the override ran
  });

  it('tensors that require grad take the generic path: the batch is a stack, and gradients reach the data', () => {
    const w = randn(5, 2, { requiresGrad: true });
    const loader = new DataLoader(new TensorDataset(w), { batchSize: 5 });
    const [[batch]] = [...loader] as Tensor[][];
    expect(batch!.gradFn?.name).toMatch(/Cat|Stack/);
    batch!.sum().backward();
    expect(Array.from(w.grad!.toTypedArray())).toEqual(new Array(10).fill(1));
  });
});
