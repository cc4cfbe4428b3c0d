/**
 * Reductions of the reference backend. Sums accumulate in float64 whatever the storage type.
 * @module
 */
import type { TypedArray } from '../../dtype.js';
import type { ArgReduceOp, ReduceOp, View } from '../backend.js';
import { elementOffsets, numelOf } from './strided.js';

/** For each element of `x` (row-major), the index of the output cell it reduces into. */
function outputIndices(shape: readonly number[], axes: readonly number[]): Int32Array {
  const outShape = shape.map((s, d) => (axes.includes(d) ? 1 : s));
  const outStrides = new Array<number>(shape.length);
  let s = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    outStrides[d] = axes.includes(d) ? 0 : s;
    s *= outShape[d]!;
  }
  return elementOffsets({ storage: new Uint8Array(0), offset: 0, shape, strides: outStrides });
}

export function reduce(op: ReduceOp, x: View, axes: readonly number[], out: TypedArray): void {
  const n = numelOf(x);
  const src = x.storage;
  const inOffs = elementOffsets(x);
  const outIdx = outputIndices(x.shape, axes);
  const acc = new Float64Array(out.length);
  const init = op === 'sum' ? 0 : op === 'max' ? -Infinity : Infinity;
  acc.fill(init);
  for (let i = 0; i < n; i++) {
    const v = src[inOffs[i]!]!;
    const o = outIdx[i]!;
    const cur = acc[o]!;
    switch (op) {
      case 'sum':
        acc[o] = cur + v;
        break;
      case 'max':
        if (v > cur || v !== v) acc[o] = cur !== cur ? cur : v;
        break;
      case 'min':
        if (v < cur || v !== v) acc[o] = cur !== cur ? cur : v;
        break;
    }
  }
  for (let o = 0; o < out.length; o++) out[o] = acc[o]!;
}

export function argReduce(op: ArgReduceOp, x: View, axis: number, out: Int32Array): void {
  const axes = [axis];
  const n = numelOf(x);
  const src = x.storage;
  const inOffs = elementOffsets(x);
  const outIdx = outputIndices(x.shape, axes);
  const best = new Float64Array(out.length).fill(op === 'argmax' ? -Infinity : Infinity);
  const seen = new Uint8Array(out.length);
  // position of element i along `axis`
  const inner = x.shape.slice(axis + 1).reduce((p, s) => p * s, 1);
  const size = x.shape[axis]!;
  for (let i = 0; i < n; i++) {
    const v = src[inOffs[i]!]!;
    const o = outIdx[i]!;
    const k = Math.floor(i / inner) % size;
    const cur = best[o]!;
    if (cur !== cur) continue; // a NaN already won
    const better = op === 'argmax' ? v > cur : v < cur;
    if (!seen[o] || better || v !== v) {
      best[o] = v;
      out[o] = k;
      seen[o] = 1;
    }
  }
}
