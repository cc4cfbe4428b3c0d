/**
 * Arbitraries of flat value lists inside a {@link Domain}: free values (shrinking toward 0), or
 * values pairwise at least `gap` apart (no ties, for max/min/maximum and sorting).
 * @module
 */
import * as fc from 'fast-check';
import { ValueError } from '../errors.js';
import { project, unfold, type Domain } from './domain.js';

/** `count` values from the domain; with `gap`, every two of them differ by at least `gap`. */
export function valuesIn(op: string, domain: Domain, count: number, gap?: number): fc.Arbitrary<number[]> {
  if (gap === undefined || gap <= 0 || count <= 1) return freeValues(domain, count);
  return spreadValues(op, domain, count, gap);
}

function freeValues(domain: Domain, count: number): fc.Arbitrary<number[]> {
  const { intervals } = domain;
  const raw = fc.double({ min: intervals[0]![0], max: intervals[intervals.length - 1]![1], noNaN: true });
  return fc.array(raw, { minLength: count, maxLength: count }).map((xs) => xs.map((x) => project(domain, x)));
}

/**
 * Values pairwise ≥ gap apart: `count` distinct slots out of K equal slots along the unfolded
 * domain, each value jittered inside its slot without getting closer than `gap` to a neighbour's.
 */
function spreadValues(op: string, domain: Domain, count: number, gap: number): fc.Arbitrary<number[]> {
  // Leave room for rounding the values to the dtype.
  const ulp = domain.dtype === 'float32' ? 2 ** -23 : 2 ** -52;
  const need = gap * (1 + 1e-9) + 4 * domain.maxAbs * ulp;
  const room = Math.floor(domain.length / need);
  if (room < count) {
    throw new ValueError(
      op,
      `cannot place ${count} values pairwise at least ${gap} apart (distinct) in the allowed range of total length ${domain.length}; ` +
        `there is room for ${room}: use smaller shapes, a wider [min, max] or a smaller distinct gap`,
    );
  }
  const slots = Math.min(room, Math.max(count, Math.floor(room / 4)));
  const width = domain.length / slots;
  const jitter = (width - need) / 2;
  const slotIndices = fc.uniqueArray(fc.integer({ min: 0, max: slots - 1 }), { minLength: count, maxLength: count });
  const offsets = fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: count, maxLength: count });
  return fc.tuple(slotIndices, offsets).map(([ks, js]) => {
    const values = ks.map((k, i) => unfold(domain, Math.min(Math.max((k + 0.5) * width + js[i]! * jitter, 0), domain.length)));
    assertSpread(values, gap);
    return values;
  });
}

function assertSpread(values: readonly number[], gap: number): void {
  const sorted = [...values].sort((a, b) => a - b);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]! - sorted[i - 1]! < gap) {
      throw new Error(`tensors (internal): values ${sorted[i - 1]} and ${sorted[i]} are closer than distinct=${gap}`);
    }
  }
}
