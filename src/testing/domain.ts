/**
 * Where generated values may lie: [min, max] minus an open zone of half-width `margin` around each
 * avoided point (a kink such as 0 for relu/abs), as disjoint closed intervals whose endpoints are
 * representable in the target dtype. Also maps raw draws into that set.
 * @module
 */
import type { FloatDType } from '../dtype.js';
import { ValueError } from '../errors.js';

/** The allowed values: sorted, disjoint, non-empty closed intervals. */
export interface Domain {
  readonly dtype: FloatDType;
  readonly intervals: readonly (readonly [number, number])[];
  /** Total length of the intervals. */
  readonly length: number;
  /** Largest |v| in the domain (for rounding bounds). */
  readonly maxAbs: number;
}

const f64 = new Float64Array(1);
const i64 = new BigInt64Array(f64.buffer);
const f32 = new Float32Array(1);
const i32 = new Int32Array(f32.buffer);

/** The next representable value of `dtype` after `x` (which must be representable) going up or down. */
export function nextValue(x: number, up: boolean, dtype: FloatDType): number {
  if (x === 0) return (up ? 1 : -1) * (dtype === 'float32' ? 2 ** -149 : Number.MIN_VALUE);
  const away = x > 0 === up; // moving away from zero increases the magnitude's bit pattern
  if (dtype === 'float32') {
    f32[0] = x;
    i32[0] = i32[0]! + (away ? 1 : -1);
    return f32[0]!;
  }
  f64[0] = x;
  i64[0] = i64[0]! + (away ? 1n : -1n);
  return f64[0]!;
}

/** `x` rounded to `dtype`, toward +∞ (up) or −∞. */
export function roundTo(x: number, up: boolean, dtype: FloatDType): number {
  if (dtype === 'float64') return x;
  const r = Math.fround(x);
  if (r === x) return r;
  return r < x === up ? nextValue(r, up, dtype) : r;
}

/**
 * Builds the domain of `op`'s values. Throws a ValueError naming the options when nothing is left.
 */
export function domainOf(
  op: string,
  dtype: FloatDType,
  min: number,
  max: number,
  avoid: readonly number[],
  margin: number,
): Domain {
  const lo = roundTo(min, true, dtype);
  const hi = roundTo(max, false, dtype);
  if (lo > hi) throw new ValueError(op, `no ${dtype} value lies in [min, max] = [${min}, ${max}]`);
  // Zones (a − margin, a + margin), widened to the nearest representable edges outside them.
  const zones = avoid
    .map((a): [number, number] => {
      let below = roundTo(a - margin, false, dtype);
      while (Math.abs(below - a) < margin) below = nextValue(below, false, dtype);
      let above = roundTo(a + margin, true, dtype);
      while (Math.abs(above - a) < margin) above = nextValue(above, true, dtype);
      return [below, above];
    })
    .sort((p, q) => p[0] - q[0]);
  const intervals: [number, number][] = [];
  let start = lo;
  for (const [below, above] of zones) {
    if (above <= start) continue;
    if (below >= start) intervals.push([start, Math.min(below, hi)]);
    start = Math.max(start, above);
    if (start > hi) break;
  }
  if (start <= hi) intervals.push([start, hi]);
  const kept = intervals.filter(([a, b]) => a <= b);
  if (kept.length === 0) {
    throw new ValueError(
      op,
      `no value in [min, max] = [${min}, ${max}] stays ${margin} (margin) away from every avoided point [${avoid.join(', ')}]`,
    );
  }
  const length = kept.reduce((s, [a, b]) => s + (b - a), 0);
  const maxAbs = Math.max(Math.abs(kept[0]![0]), Math.abs(kept[kept.length - 1]![1]));
  return { dtype, intervals: kept, length, maxAbs };
}

/** The allowed value nearest to `x` (x lies within the domain's hull), rounded to the dtype. */
export function project(domain: Domain, x: number): number {
  const { intervals } = domain;
  let best = intervals[0]![0];
  for (const [a, b] of intervals) {
    if (x >= a && x <= b) return domain.dtype === 'float32' ? Math.fround(x) : x;
    const nearest = x < a ? a : b;
    if (Math.abs(nearest - x) < Math.abs(best - x)) best = nearest;
  }
  return best;
}

/**
 * The point at distance `t` ∈ [0, length] along the domain, skipping the gaps. The map never
 * brings two points closer: |unfold(s) − unfold(t)| ≥ |s − t|.
 */
export function unfold(domain: Domain, t: number): number {
  let rest = t;
  for (const [a, b] of domain.intervals) {
    if (rest <= b - a) {
      const v = domain.dtype === 'float32' ? Math.fround(a + rest) : a + rest;
      return Math.min(Math.max(v, a), b);
    }
    rest -= b - a;
  }
  return domain.intervals[domain.intervals.length - 1]![1];
}
