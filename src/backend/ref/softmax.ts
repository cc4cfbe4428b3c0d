/**
 * softmax and logSoftmax of the reference backend, along one axis of any strided view. Each row
 * along the axis is shifted by its max m (so no exp overflows) and summed in float64:
 * softmax y = e^(x − m) / Σ e^(x − m), logSoftmax y = x − m − log Σ e^(x − m).
 * As PyTorch: a row holding NaN or +∞, or only −∞, gives NaN everywhere; −∞ entries of an
 * otherwise finite row give 0 (softmax) and −∞ (logSoftmax).
 * @module
 */
import type { FloatArray } from '../../dtype.js';
import type { FloatView, SoftmaxOp } from '../backend.js';
import { elementOffsets } from './strided.js';

const product = (sizes: readonly number[]): number => sizes.reduce((p, s) => p * s, 1);

export function softmax(op: SoftmaxOp, x: FloatView, axis: number, out: FloatArray): void {
  // x seen as [outer, size, inner]; a 0-d x is one row of one element
  const outer = product(x.shape.slice(0, axis));
  const size = x.shape[axis] ?? 1;
  const inner = product(x.shape.slice(axis + 1));
  const src = x.storage;
  const offsets = elementOffsets(x); // row-major element i of x lives at src[offsets[i]]
  const e = new Float64Array(size); // the row's e^(x − m)
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      // element k of this row has row-major index first + k·inner, in x and in out
      const first = o * size * inner + i;
      let m = -Infinity;
      for (let k = 0; k < size; k++) {
        const v = src[offsets[first + k * inner]!]!;
        if (v > m || v !== v) m = m !== m ? m : v; // NaN, once seen, stays the max
      }
      let sum = 0;
      for (let k = 0; k < size; k++) {
        e[k] = Math.exp(src[offsets[first + k * inner]!]! - m);
        sum += e[k]!;
      }
      const logSum = Math.log(sum);
      for (let k = 0; k < size; k++) {
        const at = first + k * inner;
        out[at] = op === 'softmax' ? e[k]! / sum : src[offsets[at]!]! - m - logSum;
      }
    }
  }
}
