/**
 * randomSplit (torch.utils.data.random_split): subset sizes for counts and fractions against
 * PyTorch 1.13 (test/fixtures/data.json), including its round-robin remainder and its errors;
 * the subsets partition the data set (property), seeded and reproducible.
 */
import * as fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { arange, Generator } from '../../src/index.js';
import { ValueError } from '../../src/errors.js';
import { randomSplit, TensorDataset } from '../../src/data/index.js';

const FIXTURE = JSON.parse(readFileSync(new URL('../fixtures/data.json', import.meta.url), 'utf8')) as {
  randomSplit: { n: number; lengths: number[]; sizes?: number[]; error?: string }[];
};
const dataset = (n: number) => new TensorDataset(arange(n, { dtype: 'int32' }));
const members = (s: { length: number; get(i: number): unknown[] }): number[] =>
  Array.from({ length: s.length }, (_, i) => (s.get(i)[0] as { item(): number }).item());

describe('randomSplit', () => {
  it('has PyTorch cases of both kinds (the checks below are not vacuous)', () => {
    expect(FIXTURE.randomSplit.filter((c) => c.sizes).length).toBeGreaterThan(15);
    expect(FIXTURE.randomSplit.filter((c) => c.error).length).toBe(4);
  });

  it.each(FIXTURE.randomSplit.map((c) => [c.n, JSON.stringify(c.lengths), c] as const))('n=%i, lengths %s: as PyTorch', (n, _, c) => {
    if (c.sizes) {
      expect(randomSplit(dataset(n), c.lengths, { generator: new Generator(0) }).map((s) => s.length)).toEqual(c.sizes);
    } else {
      expect(() => randomSplit(dataset(n), c.lengths)).toThrow(ValueError);
      expect(() => randomSplit(dataset(n), c.lengths)).toThrow(/^randomSplit: /);
    }
  });

  it('hand-derived: 10 split [1/3, 1/3, 1/3] is ⌊10/3⌋ = 3 each plus the remainder 1 to the first', () => {
    expect(randomSplit(dataset(10), [1 / 3, 1 / 3, 1 / 3]).map((s) => s.length)).toEqual([4, 3, 3]);
    // 7 × [0.25]*4: ⌊1.75⌋ = 1 each, remainder 3 round-robin to the first three
    expect(randomSplit(dataset(7), [0.25, 0.25, 0.25, 0.25]).map((s) => s.length)).toEqual([2, 2, 2, 1]);
  });

  it('the subsets partition the data set, for counts or fractions (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 1, max: 5 }), fc.boolean(), fc.integer(), (n, parts, asFractions, seed) => {
        const lengths = asFractions
          ? Array.from({ length: parts }, () => 1 / parts)
          : Array.from({ length: parts }, (_, i) => Math.floor(n / parts) + (i < n % parts ? 1 : 0));
        const subsets = randomSplit(dataset(n), lengths, { generator: new Generator(seed) });
        expect(subsets.length).toBe(parts);
        const all = subsets.flatMap(members).sort((a, b) => a - b);
        expect(all).toEqual(Array.from({ length: n }, (_, i) => i));
        // fractions: each size is ⌊n/parts⌋ or one more, the larger ones first
        for (const [i, s] of subsets.entries()) expect(s.length).toBe(Math.floor(n / parts) + (i < n % parts ? 1 : 0));
      }),
      { numRuns: 150, seed: 7 },
    );
  });

  it('is reproducible with a seeded generator and shuffles the members', () => {
    const a = randomSplit(dataset(20), [0.5, 0.5], { generator: new Generator(5) }).map(members);
    const b = randomSplit(dataset(20), [0.5, 0.5], { generator: new Generator(5) }).map(members);
    const c = randomSplit(dataset(20), [0.5, 0.5], { generator: new Generator(6) }).map(members);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(a[0]).not.toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('refuses bad arguments with messages naming randomSplit', () => {
    const ds = dataset(10);
    expect(() => randomSplit(ds, [3, 6])).toThrow(/^randomSplit: the lengths \[3, 6\] sum to 9, but the data set has 10 samples/);
    expect(() => randomSplit(ds, [1.5, -0.5])).toThrow(/^randomSplit: fraction lengths\[0\]=1.5 is not between 0 and 1/);
    expect(() => randomSplit(ds, [-1, 11])).toThrow(/^randomSplit: lengths\[0\] must be a count/); // PyTorch accepts this silently
    expect(() => randomSplit(ds, [2.5, 7.5])).toThrow(/^randomSplit: lengths\[0\] must be a count/);
    expect(() => randomSplit(ds, [NaN])).toThrow(/^randomSplit: lengths\[0\] must be a finite number, got NaN/);
    expect(() => randomSplit(ds, 0.5 as never)).toThrow(/^randomSplit: lengths must be an array/);
    expect(() => randomSplit(ds, [10], { seed: 1 } as object)).toThrow(/^randomSplit: unknown option 'seed'; known options: generator/);
    expect(() => randomSplit(ds, [10], { generator: 1 } as object)).toThrow(/^randomSplit: generator must be a chainrule Generator/);
    expect(() => randomSplit({} as never, [1])).toThrow(/^randomSplit: dataset must be a Dataset/);
  });
});
