/**
 * DataLoader (torch.utils.data.DataLoader, single process): batch counts and sizes with and
 * without dropLast against PyTorch (test/fixtures/data.json) and by hand, stacked shapes, order
 * without shuffle, shuffle as a seeded permutation that differs across epochs (property), a
 * custom collateFn, and option errors naming DataLoader and the camelCase key.
 */
import * as fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { arange, Generator, manualSeed, randn, type Tensor } from '../../src/index.js';
import { ValueError } from '../../src/errors.js';
import { DataLoader, TensorDataset, type Dataset } from '../../src/data/index.js';

const FIXTURE = JSON.parse(readFileSync(new URL('../fixtures/data.json', import.meta.url), 'utf8')) as {
  loaderLengths: { n: number; batchSize: number; dropLast: boolean; length: number; batchSizes: number[] }[];
};
const ids = (n: number) => new TensorDataset(arange(n, { dtype: 'int32' }));
/** The sample ids of every batch of one pass. */
const pass = (loader: DataLoader<Tensor[]>): number[][] => [...loader].map(([b]) => Array.from(b!.toTypedArray()));

describe('DataLoader', () => {
  it.each(FIXTURE.loaderLengths.map((c) => [c.n, c.batchSize, c.dropLast, c] as const))('n=%i batchSize=%i dropLast=%s: length and batch sizes as PyTorch', (n, batchSize, dropLast, c) => {
    const loader = new DataLoader(ids(n), { batchSize, dropLast });
    expect(loader.length).toBe(c.length);
    expect(pass(loader).map((b) => b.length)).toEqual(c.batchSizes);
  });

  it('hand-derived: 10 samples in batches of 4 are [4, 4, 2], or [4, 4] with dropLast; in order without shuffle', () => {
    expect(pass(new DataLoader(ids(10), { batchSize: 4 }))).toEqual([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]);
    expect(pass(new DataLoader(ids(10), { batchSize: 4, dropLast: true }))).toEqual([[0, 1, 2, 3], [4, 5, 6, 7]]);
    expect(new DataLoader(ids(10)).length).toBe(10); // batchSize defaults to 1
  });

  it('stacks each field: x [n, 3] float32 and y [n] int32 give batches [b, 3] and [b]', () => {
    const x = randn(10, 3);
    const y = arange(10, { dtype: 'int32' });
    const batches = [...new DataLoader(new TensorDataset(x, y), { batchSize: 4 })];
    expect(batches.map(([xb, yb]) => [xb!.shape, yb!.shape, xb!.dtype, yb!.dtype])).toEqual([
      [[4, 3], [4], 'float32', 'int32'],
      [[4, 3], [4], 'float32', 'int32'],
      [[2, 3], [2], 'float32', 'int32'],
    ]);
    expect(batches[2]![0]!.toArray()).toEqual(x.narrow(0, 8, 2).toArray());
  });

  it('shuffle: every pass is a permutation, passes differ, and the same seed replays them (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 80 }), fc.integer({ min: 1, max: 12 }), fc.integer(), (n, batchSize, seed) => {
        const loader = new DataLoader(ids(n), { batchSize, shuffle: true, generator: new Generator(seed) });
        const epoch1 = pass(loader);
        const epoch2 = pass(loader);
        for (const epoch of [epoch1, epoch2]) {
          expect(epoch.length).toBe(Math.ceil(n / batchSize));
          expect(epoch.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
        }
        const again = new DataLoader(ids(n), { batchSize, shuffle: true, generator: new Generator(seed) });
        expect(pass(again)).toEqual(epoch1);
        expect(pass(again)).toEqual(epoch2);
        if (n >= 8) expect(epoch2.flat()).not.toEqual(epoch1.flat()); // 1/8! chance of a tie otherwise
      }),
      { numRuns: 100, seed: 11 },
    );
  });

  it('shuffle with dropLast: ⌊n/b⌋ full batches of distinct samples', () => {
    const epoch = pass(new DataLoader(ids(23), { batchSize: 5, shuffle: true, dropLast: true, generator: new Generator(1) }));
    expect(epoch.map((b) => b.length)).toEqual([5, 5, 5, 5]);
    expect(new Set(epoch.flat()).size).toBe(20);
  });

  it('without a generator, shuffling draws from the global one (manualSeed replays it)', () => {
    const loader = new DataLoader(ids(30), { batchSize: 30, shuffle: true });
    manualSeed(9);
    const a = pass(loader);
    manualSeed(9);
    expect(pass(loader)).toEqual(a);
    expect(a[0]).not.toEqual(Array.from({ length: 30 }, (_, i) => i));
  });

  it('runs a custom collateFn on each batch of samples, and takes any Dataset', () => {
    const words: Dataset<string> = { length: 5, get: (i) => 'abcde'[i]! };
    const loader = new DataLoader(words, { batchSize: 2, collateFn: (items) => items.join('') });
    expect([...loader]).toEqual(['ab', 'cd', 'e']);
  });

  it('an empty data set gives no batches', () => {
    expect([...new DataLoader(ids(0), { batchSize: 3, shuffle: true })]).toEqual([]);
  });

  it('checks every option, naming DataLoader and the key', () => {
    const ds = ids(4);
    expect(() => new DataLoader(ds, { batchSize: 0 })).toThrow(ValueError);
    expect(() => new DataLoader(ds, { batchSize: 0 })).toThrow(/^DataLoader: batchSize must be a positive integer, got 0/);
    expect(() => new DataLoader(ds, { batchSize: 2.5 })).toThrow(/^DataLoader: batchSize must be a positive integer, got 2.5/);
    expect(() => new DataLoader(ds, { batch_size: 2 } as object)).toThrow(/^DataLoader: unknown option 'batch_size' \(did you mean 'batchSize'\?\)/);
    expect(() => new DataLoader(ds, { drop_last: true } as object)).toThrow(/did you mean 'dropLast'/);
    expect(() => new DataLoader(ds, { shuffle: 'yes' } as never)).toThrow(/^DataLoader: shuffle must be true or false, got the string 'yes'/);
    expect(() => new DataLoader(ds, { generator: 3 } as never)).toThrow(/^DataLoader: generator must be a chainrule Generator, got 3/);
    expect(() => new DataLoader(ds, { collateFn: 'stack' } as never)).toThrow(/^DataLoader: collateFn must be a function/);
    expect(() => new DataLoader(null as never)).toThrow(/^DataLoader: dataset must be a Dataset/);
  });
});
