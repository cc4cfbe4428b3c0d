/**
 * Order kernels of the reference backend: the sorting permutation along an axis, the running
 * arg-max/arg-min, and the running product / log-sum-exp. Each walks x as [outer, size, inner]
 * over any strided view. NaN compares greater than every number, as in PyTorch.
 * @module
 */
import type { FloatArray } from '../../dtype.js';
import type { CumulativeOp, CumulativeIndexOp, FloatView, View } from '../backend.js';
import { elementOffsets } from './strided.js';

const product = (sizes: readonly number[]): number => sizes.reduce((p, s) => p * s, 1);

/** Calls `row(first, size, inner)` for each 1-D slice along `axis` (row-major index of its element k: first + k·inner). */
function forEachRow(x: View, axis: number, row: (first: number, size: number, inner: number) => void): void {
  const outer = product(x.shape.slice(0, axis));
  const size = x.shape[axis] ?? 1;
  const inner = product(x.shape.slice(axis + 1));
  for (let o = 0; o < outer; o++) for (let i = 0; i < inner; i++) row(o * size * inner + i, size, inner);
}

/** a before b in ascending order with NaN last; 0 when equal (the sort is stable). */
function ascending(a: number, b: number): number {
  if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : 1;
  if (Number.isNaN(b)) return -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

export function sortIndices(x: View, axis: number, descending: boolean, out: Int32Array): void {
  const src = x.storage;
  const offsets = elementOffsets(x);
  forEachRow(x, axis, (first, size, inner) => {
    const keys = Array.from({ length: size }, (_, k) => k);
    const value = (k: number): number => src[offsets[first + k * inner]!]!;
    // Array.prototype.sort is stable: equal keys keep their order in both directions
    keys.sort(descending ? (a, b) => ascending(value(b), value(a)) : (a, b) => ascending(value(a), value(b)));
    for (let k = 0; k < size; k++) out[first + k * inner] = keys[k]!;
  });
}

export function cumulativeIndices(op: CumulativeIndexOp, x: View, axis: number, out: Int32Array): void {
  const src = x.storage;
  const offsets = elementOffsets(x);
  // a later element takes over on ties (>= as PyTorch's cummax), and NaN, once seen, stays
  const takesOver = op === 'cummax' ? (v: number, best: number) => v >= best : (v: number, best: number) => v <= best;
  forEachRow(x, axis, (first, size, inner) => {
    let best = 0;
    let bestValue = NaN;
    for (let k = 0; k < size; k++) {
      const at = first + k * inner;
      const v = src[offsets[at]!]!;
      if (k === 0 || Number.isNaN(v) || (!Number.isNaN(bestValue) && takesOver(v, bestValue))) {
        best = k;
        bestValue = v;
      }
      out[at] = best;
    }
  });
}

export function cumulative(op: CumulativeOp, x: FloatView, axis: number, out: FloatArray): void {
  const src = x.storage;
  const offsets = elementOffsets(x);
  forEachRow(x, axis, (first, size, inner) => {
    let running = op === 'cumprod' ? 1 : -Infinity;
    for (let k = 0; k < size; k++) {
      const at = first + k * inner;
      const v = src[offsets[at]!]!;
      if (op === 'cumprod') running *= v;
      else {
        // log(e^r + e^v), shifted by the larger; two −∞ (or +∞) stay as they are
        const m = Math.max(running, v);
        running = m === -Infinity || m === Infinity || Number.isNaN(m) ? (Number.isNaN(v) ? NaN : m) : m + Math.log(Math.exp(running - m) + Math.exp(v - m));
      }
      out[at] = running;
    }
  });
}
