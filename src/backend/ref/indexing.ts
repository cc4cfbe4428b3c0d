/**
 * Gather/scatter kernels of the reference backend. Indices were bounds-checked by the op.
 * @module
 */
import type { TypedArray } from '../../dtype.js';
import type { View } from '../backend.js';
import { elementOffsets, numelOf } from './strided.js';

/** Offsets into `target` for every position of `shape`, ignoring the coordinate along `dim`. */
function offsetsBesideDim(target: View, shape: readonly number[], dim: number): Int32Array {
  const strides = target.strides.map((s, d) => (d === dim ? 0 : s));
  return elementOffsets({ storage: target.storage, offset: target.offset, shape, strides });
}

/** Row-major position along `dim` of element i of a tensor with this shape. */
function coordinateAlong(shape: readonly number[], dim: number): (i: number) => number {
  let inner = 1;
  for (let d = dim + 1; d < shape.length; d++) inner *= shape[d]!;
  const size = shape[dim]!;
  return (i) => Math.floor(i / inner) % size;
}

export function gather(x: View, dim: number, index: View, out: TypedArray): void {
  const base = offsetsBesideDim(x, index.shape, dim);
  const idx = elementOffsets(index);
  const step = x.strides[dim]!;
  for (let i = 0; i < base.length; i++) out[i] = x.storage[base[i]! + index.storage[idx[i]!]! * step]!;
}

export function scatterAdd(dst: View, dim: number, index: View, src: View): void {
  const base = offsetsBesideDim(dst, index.shape, dim);
  const idx = elementOffsets(index);
  const srcOffs = elementOffsets({ ...src, shape: index.shape });
  const step = dst.strides[dim]!;
  for (let i = 0; i < base.length; i++) {
    const o = base[i]! + index.storage[idx[i]!]! * step;
    dst.storage[o] = dst.storage[o]! + src.storage[srcOffs[i]!]!;
  }
}

export function indexSelect(x: View, dim: number, index: Int32Array, out: TypedArray): void {
  const outShape = x.shape.map((s, d) => (d === dim ? index.length : s));
  const base = offsetsBesideDim(x, outShape, dim);
  const along = coordinateAlong(outShape, dim);
  const step = x.strides[dim]!;
  for (let i = 0; i < base.length; i++) out[i] = x.storage[base[i]! + index[along(i)]! * step]!;
}

export function indexAdd(dst: View, dim: number, index: Int32Array, src: View): void {
  const base = offsetsBesideDim(dst, src.shape, dim);
  const along = coordinateAlong(src.shape, dim);
  const srcOffs = elementOffsets(src);
  const step = dst.strides[dim]!;
  const n = numelOf(src);
  for (let i = 0; i < n; i++) {
    const o = base[i]! + index[along(i)]! * step;
    dst.storage[o] = dst.storage[o]! + src.storage[srcOffs[i]!]!;
  }
}
