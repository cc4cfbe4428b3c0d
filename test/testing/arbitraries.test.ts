import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Tensor } from '../../src/index.js';
import { ValueError } from '../../src/errors.js';
import { broadcastableShapes, shapes, tensors } from '../../src/testing/index.js';

/** NumPy's broadcasting rule, written independently: align right; each pair equal or one is 1. */
function broadcastTogether(list: readonly (readonly number[])[]): boolean {
  const rank = Math.max(...list.map((s) => s.length));
  for (let k = 1; k <= rank; k++) {
    const sizes = list.map((s) => s[s.length - k] ?? 1).filter((n) => n !== 1);
    if (new Set(sizes).size > 1) return false;
  }
  return true;
}

/** Storage positions of a view's elements in row-major logical order, from shape/strides/offset. */
function positions(t: Tensor): number[] {
  const out: number[] = [];
  const walk = (d: number, at: number): void => {
    if (d === t.ndim) out.push(at);
    else for (let i = 0; i < t.shape[d]!; i++) walk(d + 1, at + i * t.strides[d]!);
  };
  walk(0, t.offset);
  return out;
}

const logical = (t: Tensor): number[] => positions(t).map((p) => t.storage[p]!);

/** Row-major contiguity, ignoring size-1 dims (as PyTorch). */
function laidOutContiguously(t: Tensor): boolean {
  let expected = 1;
  for (let d = t.ndim - 1; d >= 0; d--) {
    if (t.shape[d] !== 1 && t.strides[d] !== expected) return false;
    expected *= t.shape[d]!;
  }
  return true;
}

const sample = <T>(arb: fc.Arbitrary<T>, numRuns = 200, seed = 1): T[] => fc.sample(arb, { numRuns, seed });

describe('shapes', () => {
  it('respects rank and side bounds, and maxNumel', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 0, max: 2 }),
        fc.integer({ min: 0, max: 4 }),
        (minRank, extraRank, minSide, extraSide) => {
          const maxRank = minRank + extraRank;
          const maxSide = minSide + extraSide;
          for (const s of sample(shapes({ minRank, maxRank, minSide, maxSide }), 20)) {
            expect(s.length).toBeGreaterThanOrEqual(minRank);
            expect(s.length).toBeLessThanOrEqual(maxRank);
            for (const n of s) expect(n >= minSide && n <= maxSide).toBe(true);
          }
        },
      ),
      { numRuns: 30 },
    );
    const capped = sample(shapes({ minRank: 1, maxRank: 4, maxSide: 5, maxNumel: 12 }));
    for (const s of capped) expect(s.reduce((a, b) => a * b, 1)).toBeLessThanOrEqual(12);
    expect(capped.some((s) => s.length === 0)).toBe(false);
  });

  it('includes 0-d shapes by default and rejects impossible bounds', () => {
    expect(sample(shapes()).some((s) => s.length === 0)).toBe(true);
    expect(() => shapes({ minRank: 3, maxRank: 2 })).toThrow(ValueError);
    expect(() => shapes({ minSide: 4, maxSide: 2 })).toThrow(/minSide 4 is larger than maxSide 2/);
    expect(() => shapes({ minRank: 3, minSide: 3, maxNumel: 20 })).toThrow(/maxNumel 20/);
    expect(() => shapes({ maxRank: 1.5 })).toThrow(/maxRank must be a non-negative integer/);
  });
});

describe('broadcastableShapes', () => {
  it('gives tuples that broadcast together (checked against NumPy’s rule), with ranks in bounds', () => {
    for (const count of [2, 3]) {
      const tuples = sample(broadcastableShapes({ count, minRank: 1, maxRank: 3, maxSide: 4 }), 300, count);
      for (const t of tuples) {
        expect(t.length).toBe(count);
        expect(broadcastTogether(t)).toBe(true);
        for (const s of t) expect(s.length >= 1 && s.length <= 3).toBe(true);
      }
      // The interesting cases occur: rank differences, and a 1 meeting a larger size.
      expect(tuples.some((t) => new Set(t.map((s) => s.length)).size > 1)).toBe(true);
      const meets = (t: number[][]): boolean => {
        const rank = Math.max(...t.map((s) => s.length));
        for (let k = 1; k <= rank; k++) {
          const sizes = t.map((s) => s[s.length - k]).filter((n) => n !== undefined);
          if (sizes.includes(1) && sizes.some((n) => n! > 1)) return true;
        }
        return false;
      };
      expect(tuples.some(meets)).toBe(true);
    }
    expect(broadcastTogether([[2, 3], [3, 2]])).toBe(false); // the oracle can say no
  });
});

describe('tensors', () => {
  it('stays in [min, max], finite, with the requested shape and dtype', () => {
    for (const dtype of ['float64', 'float32'] as const) {
      for (const t of sample(tensors({ dtype, min: -0.7, max: 2.3, shape: shapes({ maxRank: 3 }), layout: 'any' }))) {
        expect(t.dtype).toBe(dtype);
        for (const v of logical(t)) {
          expect(Number.isFinite(v)).toBe(true);
          expect(v >= -0.7 && v <= 2.3).toBe(true);
          if (dtype === 'float32') expect(Math.fround(v)).toBe(v);
        }
      }
    }
    for (const t of sample(tensors({ shape: [2, 0, 3] }), 5)) expect(t.shape).toEqual([2, 0, 3]);
    for (const t of sample(tensors({ shape: [] }), 5)) expect(t.shape).toEqual([]);
  });

  it('keeps every value at least `margin` away from each avoided point', () => {
    const avoid = [0, 1, 1.01];
    for (const dtype of ['float64', 'float32'] as const) {
      const values = sample(tensors({ dtype, avoid, margin: 0.05, min: -1, max: 2, shape: [20] })).flatMap(logical);
      for (const v of values) for (const a of avoid) expect(Math.abs(v - a)).toBeGreaterThanOrEqual(0.05);
      expect(values.some((v) => v < 0) && values.some((v) => v > 1.06)).toBe(true);
    }
    // A range that is all margin is an error, raised when the arbitrary is made.
    expect(() => tensors({ min: -0.001, max: 0.001, avoid: [0] })).toThrow(/no value in \[min, max\]/);
  });

  it('with `distinct`, keeps all elements of a tensor that far apart', () => {
    for (const t of sample(tensors({ distinct: 0.05, avoid: [0], shape: shapes({ maxRank: 3, maxSide: 4 }) }))) {
      const sorted = logical(t).sort((a, b) => a - b);
      for (let i = 1; i < sorted.length; i++) expect(sorted[i]! - sorted[i - 1]!).toBeGreaterThanOrEqual(0.05);
      for (const v of sorted) expect(Math.abs(v)).toBeGreaterThanOrEqual(0.01);
    }
    expect(() => sample(tensors({ distinct: 1, min: 0, max: 3, shape: [5] }), 1)).toThrow(/cannot place 5 values pairwise at least 1 apart/);
  });

  it("with layout 'strided', gives non-contiguous, non-overlapping views of the requested shape", () => {
    let views = 0;
    for (const t of sample(tensors({ shape: shapes({ maxRank: 4, maxSide: 4 }), layout: 'strided' }))) {
      const at = positions(t);
      expect(new Set(at).size).toBe(at.length); // no two elements share storage
      if (t.shape.some((n) => n >= 2)) {
        expect(laidOutContiguously(t)).toBe(false);
        expect(t.isContiguous()).toBe(false);
        views++;
      }
    }
    expect(views).toBeGreaterThan(100);
  });

  it('changes the memory layout but not the values', () => {
    // Values are drawn before the layout, so one seed gives the same values in every layout.
    const shape = shapes({ minRank: 1, maxRank: 3, maxSide: 4 });
    const plain = sample(tensors({ shape }), 100, 5);
    const strided = sample(tensors({ shape, layout: 'strided' }), 100, 5);
    plain.forEach((p, i) => {
      const s = strided[i]!;
      expect(laidOutContiguously(p)).toBe(true);
      expect(s.shape).toEqual(p.shape);
      expect(logical(s)).toEqual(Array.from(p.storage.subarray(p.offset, p.offset + p.numel())));
      expect(s.toArray()).toEqual(p.toArray());
    });
  });

  it("with layout 'any', mixes contiguous tensors and views", () => {
    const all = sample(tensors({ shape: [3, 4], layout: 'any' }));
    const views = all.filter((t) => !laidOutContiguously(t)).length;
    expect(views).toBeGreaterThan(50);
    expect(views).toBeLessThan(200);
  });

  it('prints counterexamples as source with every digit, and clones for fast-check', () => {
    const [t] = sample(tensors({ shape: [2, 2], layout: 'strided' }), 1, 9) as [Tensor];
    const text = fc.stringify(t);
    const [a, b, c, d] = logical(t);
    expect(text.startsWith(`tensor([[${a}, ${b}], [${c}, ${d}]], { dtype: 'float64' }) /* view: strides [`)).toBe(true);
    const copy = (t as unknown as Record<symbol, () => Tensor>)[fc.cloneMethod]!();
    expect(copy).not.toBe(t);
    expect(copy.storage).not.toBe(t.storage);
    expect(logical(copy)).toEqual(logical(t));
    expect(copy.strides).toEqual(t.strides);
  });

  it('rejects bad options when the arbitrary is made', () => {
    expect(() => tensors({ min: 2, max: 1 })).toThrow(/min 2 is larger than max 1/);
    expect(() => tensors({ min: NaN })).toThrow(/min must be a finite number/);
    expect(() => tensors({ dtype: 'int32' as never })).toThrow(/dtype must be 'float64' or 'float32'/);
    expect(() => tensors({ layout: 'weird' as never })).toThrow(/layout must be/);
    expect(() => tensors({ shape: [2, -1] })).toThrow(ValueError);
    expect(() => tensors({ avoid: [Infinity] })).toThrow(/avoid\[0\] must be a finite number/);
  });
});
