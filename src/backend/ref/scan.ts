/**
 * Scans of the reference backend: the running sum along one axis of any strided view, in float64
 * (as PyTorch's CPU cumsum accumulates float32 in double) and rounded once per element.
 * @module
 */
import type { FloatArray } from '../../dtype.js';
import type { FloatView } from '../backend.js';
import { elementOffsets } from './strided.js';

const product = (sizes: readonly number[]): number => sizes.reduce((p, s) => p * s, 1);

export function cumsum(x: FloatView, axis: number, out: FloatArray): void {
  // x seen as [outer, size, inner]; a 0-d x is one row of one element
  const outer = product(x.shape.slice(0, axis));
  const size = x.shape[axis] ?? 1;
  const inner = product(x.shape.slice(axis + 1));
  const src = x.storage;
  const offsets = elementOffsets(x); // row-major element i of x lives at src[offsets[i]]
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      // element k of this row has row-major index first + k·inner, in x and in out
      const first = o * size * inner + i;
      let running = 0;
      for (let k = 0; k < size; k++) {
        const at = first + k * inner;
        running += src[offsets[at]!]!;
        out[at] = running;
      }
    }
  }
}
