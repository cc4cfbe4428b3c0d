/**
 * Reductions of the reference backend. Sums accumulate in float64 whatever the storage type.
 * @module
 */
import type { TypedArray } from '../../dtype.js';
import type { ArgReduceOp, ReduceOp, View } from '../backend.js';
import { elementOffsets, isContiguousView, numelOf } from './strided.js';

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

/** How each reduction takes in one more value: the sum adds; max and min keep the first NaN. */
const COMBINE: Readonly<Record<ReduceOp, (acc: number, v: number) => number>> = {
  sum: (acc, v) => acc + v,
  max: (acc, v) => (acc !== acc ? acc : v > acc || v !== v ? v : acc),
  min: (acc, v) => (acc !== acc ? acc : v < acc || v !== v ? v : acc),
};

export function reduce(op: ReduceOp, x: View, axes: readonly number[], out: TypedArray): void {
  const combine = COMBINE[op];
  const acc = new Float64Array(out.length).fill(op === 'sum' ? 0 : op === 'max' ? -Infinity : Infinity);
  const block = isContiguousView(x) ? reducedBlock(x.shape, axes) : null;
  if (block !== null) {
    // x read as [outer, size, inner], reducing the middle: each cell takes its values in the
    // row-major order of the general loop below, so the bits are the same
    const { outer, size, inner } = block;
    const src = x.storage;
    for (let o = 0; o < outer; o++) {
      for (let k = 0; k < size; k++) {
        const row = x.offset + (o * size + k) * inner;
        for (let j = 0; j < inner; j++) acc[o * inner + j] = combine(acc[o * inner + j]!, src[row + j]!);
      }
    }
  } else {
    const n = numelOf(x);
    const src = x.storage;
    const inOffs = elementOffsets(x);
    const outIdx = outputIndices(x.shape, axes);
    for (let i = 0; i < n; i++) acc[outIdx[i]!] = combine(acc[outIdx[i]!]!, src[inOffs[i]!]!);
  }
  for (let o = 0; o < out.length; o++) out[o] = acc[o]!;
}

/**
 * The reduction as [outer, size, inner] when the reduced dims are adjacent (all of them, the
 * leading ones, the trailing ones or one run in the middle; dims of size 1 count as either), else
 * null. (No reduced dim: size 1, each cell its own value.)
 */
function reducedBlock(shape: readonly number[], axes: readonly number[]): { outer: number; size: number; inner: number } | null {
  const reduced = shape.map((s, d) => axes.includes(d) && s !== 1);
  const first = reduced.indexOf(true);
  const last = reduced.lastIndexOf(true);
  const product = (from: number, to: number): number => shape.slice(from, to).reduce((p, s) => p * s, 1);
  if (first < 0) return { outer: product(0, shape.length), size: 1, inner: 1 };
  for (let d = first; d <= last; d++) if (!reduced[d] && shape[d] !== 1) return null;
  return { outer: product(0, first), size: product(first, last + 1), inner: product(last + 1, shape.length) };
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
