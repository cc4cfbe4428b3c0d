/**
 * randperm (torch.randperm): a permutation of 0..n-1 for every n, int32 by default, seeded and
 * reproducible, uniform over the n! orders (counted for n = 3 and per position for n = 5), the
 * dtype and requiresGrad options, and errors naming randperm.
 */
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Generator, manualSeed, randperm } from '../../src/index.js';
import { DTypeError, ValueError } from '../../src/errors.js';

const sorted = (a: ArrayLike<number>): number[] => Array.from(a).sort((x, y) => x - y);
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

describe('randperm', () => {
  it('is a permutation of 0..n-1 for every n (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), fc.integer(), (n, seed) => {
        const p = randperm(n, { generator: new Generator(seed) });
        expect(p.shape).toEqual([n]);
        expect(p.dtype).toBe('int32');
        expect(sorted(p.toTypedArray())).toEqual(range(n));
      }),
      { numRuns: 200, seed: 13 },
    );
  });

  it('gives the same permutation for the same seed, and different ones for different seeds', () => {
    const a = Array.from(randperm(50, { generator: new Generator(7) }).toTypedArray());
    const b = Array.from(randperm(50, { generator: new Generator(7) }).toTypedArray());
    const c = Array.from(randperm(50, { generator: new Generator(8) }).toTypedArray());
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(a).not.toEqual(range(50)); // actually shuffled (50! orders: the identity is not a plausible draw)
  });

  it('draws from the global generator by default, so manualSeed reproduces it', () => {
    manualSeed(3);
    const a = Array.from(randperm(20).toTypedArray());
    const a2 = Array.from(randperm(20).toTypedArray()); // the stream moved on
    manualSeed(3);
    expect(Array.from(randperm(20).toTypedArray())).toEqual(a);
    expect(a2).not.toEqual(a);
  });

  it('is uniform: each of the 3! = 6 orders about 1/6 of 6000 draws, each value at each position of 5 about 1/5', () => {
    const gen = new Generator(2024);
    const counts = new Map<string, number>();
    for (let k = 0; k < 6000; k++) {
      const key = Array.from(randperm(3, { generator: gen }).toTypedArray()).join('');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual(['012', '021', '102', '120', '201', '210']);
    // binomial(6000, 1/6): mean 1000, sd 28.9; 5 sd either way
    for (const c of counts.values()) expect(Math.abs(c - 1000)).toBeLessThan(145);
    const at = Array.from({ length: 5 }, () => new Array<number>(5).fill(0));
    for (let k = 0; k < 5000; k++) randperm(5, { generator: gen }).toTypedArray().forEach((v, pos) => at[pos]![v]!++);
    // binomial(5000, 1/5): mean 1000, sd 28.3
    for (const row of at) for (const c of row) expect(Math.abs(c - 1000)).toBeLessThan(142);
  });

  it('n = 0 and n = 1', () => {
    expect(randperm(0).shape).toEqual([0]);
    expect(Array.from(randperm(1).toTypedArray())).toEqual([0]);
  });

  it('takes a float dtype (values exact) and requiresGrad for floats, as PyTorch', () => {
    for (const dtype of ['float32', 'float64'] as const) {
      const p = randperm(10, { dtype, generator: new Generator(1) });
      expect(p.dtype).toBe(dtype);
      expect(sorted(p.toTypedArray())).toEqual(range(10));
      // the same draws as the int32 permutation of the same seed
      expect(Array.from(p.toTypedArray())).toEqual(Array.from(randperm(10, { generator: new Generator(1) }).toTypedArray()));
    }
    expect(randperm(4, { dtype: 'float64', requiresGrad: true }).requiresGrad).toBe(true);
  });

  it('refuses bad arguments with errors naming randperm', () => {
    expect(() => randperm(-1)).toThrow(ValueError);
    expect(() => randperm(-1)).toThrow(/^randperm: n must be at least 0, got -1/);
    expect(() => randperm(2.5)).toThrow(/randperm: n must be an integer, got 2.5/);
    expect(() => randperm('3' as unknown as number)).toThrow(/randperm: n must be an integer/);
    expect(() => randperm(2 ** 29)).toThrow(/randperm: .*MAX_ELEMENTS/);
    expect(() => randperm(3, { dtype: 'bool' })).toThrow(DTypeError);
    expect(() => randperm(3, { dtype: 'int64' as 'int32' })).toThrow(/randperm: dtype "int64" is not available/);
    expect(() => randperm(3, { requiresGrad: true })).toThrow(/randperm: only float32\/float64 tensors can require gradients/);
    expect(() => randperm(3, { generator: 5 as unknown as Generator })).toThrow(/randperm: generator must be a chainrule Generator, got 5/);
    expect(() => randperm(3, { requires_grad: true } as object)).toThrow(/randperm: unknown option 'requires_grad' \(did you mean 'requiresGrad'\?\)/);
    expect(() => randperm(2 ** 24 + 2, { dtype: 'float32' })).toThrow(/randperm: n=16777218 is too large for dtype float32/);
  });
});
