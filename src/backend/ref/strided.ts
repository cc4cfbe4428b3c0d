/**
 * Walking strided views. `elementOffsets(view)` lists, in row-major order, where each logical
 * element of the view lives in its storage; contiguous views need no list.
 * @module
 */
import type { View } from '../backend.js';

/** True when the view's elements are `storage[offset .. offset+numel)` in row-major order. */
export function isContiguousView(view: View): boolean {
  let expected = 1;
  for (let d = view.shape.length - 1; d >= 0; d--) {
    const size = view.shape[d]!;
    if (size !== 1 && view.strides[d] !== expected) return false;
    expected *= size;
  }
  return true;
}

/** Number of elements in the view. */
export function numelOf(view: View): number {
  let n = 1;
  for (const s of view.shape) n *= s;
  return n;
}

/** Storage offsets of every element of `view`, in row-major order. */
export function elementOffsets(view: View): Int32Array {
  const { shape, strides } = view;
  const rank = shape.length;
  const n = numelOf(view);
  const out = new Int32Array(n);
  if (n === 0) return out;
  const index = new Array<number>(rank).fill(0);
  let offset = view.offset;
  for (let i = 0; i < n; i++) {
    out[i] = offset;
    // odometer increment over the dims, last dim fastest
    for (let d = rank - 1; d >= 0; d--) {
      index[d]!++;
      offset += strides[d]!;
      if (index[d]! < shape[d]!) break;
      offset -= strides[d]! * shape[d]!;
      index[d] = 0;
    }
  }
  return out;
}

/** Offsets for a view, or null when it is contiguous (element i is at offset + i). */
export function offsetsOrNull(view: View): Int32Array | null {
  return isContiguousView(view) ? null : elementOffsets(view);
}
