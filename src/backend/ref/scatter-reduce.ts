/**
 * scatterReduce of the reference backend: folds src into dst at index along dim with a product,
 * max or min (NaN propagates through max/min). Indices were bounds-checked by the op.
 * @module
 */
import type { ScatterReduceOp, View } from '../backend.js';
import { elementOffsets } from './strided.js';

const COMBINE: Record<ScatterReduceOp, (acc: number, v: number) => number> = {
  prod: (acc, v) => acc * v,
  amax: (acc, v) => (Number.isNaN(acc) || Number.isNaN(v) ? NaN : Math.max(acc, v)),
  amin: (acc, v) => (Number.isNaN(acc) || Number.isNaN(v) ? NaN : Math.min(acc, v)),
};

export function scatterReduce(op: ScatterReduceOp, dst: View, dim: number, index: View, src: View): void {
  const combine = COMBINE[op];
  const base = elementOffsets({ storage: dst.storage, offset: dst.offset, shape: index.shape, strides: dst.strides.map((s, d) => (d === dim ? 0 : s)) });
  const idx = elementOffsets(index);
  const srcOffs = elementOffsets({ ...src, shape: index.shape });
  const step = dst.strides[dim]!;
  for (let i = 0; i < base.length; i++) {
    const o = base[i]! + index.storage[idx[i]!]! * step;
    dst.storage[o] = combine(dst.storage[o]!, src.storage[srcOffs[i]!]!);
  }
}
