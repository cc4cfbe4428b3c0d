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
  const out = new Int32Array(numelOf(view));
  forEachRow(view, (rowStart, rowLength, step, first) => {
    for (let j = 0; j < rowLength; j++) out[first + j] = rowStart + j * step;
  });
  return out;
}

/**
 * Calls `row(rowStart, rowLength, step, first)` for each row of the view's last dim in row-major
 * order: the row's elements are at storage offsets rowStart + j·step (j < rowLength), and they are
 * the view's elements first … first + rowLength − 1. A 0-dim view is one row of one element; an
 * empty view has none. (An odometer over the leading dims moves from row to row.)
 */
export function forEachRow(view: View, row: (rowStart: number, rowLength: number, step: number, first: number) => void): void {
  const { shape, strides } = view;
  const rank = shape.length;
  const n = numelOf(view);
  if (n === 0) return;
  const rowLength = rank === 0 ? 1 : shape[rank - 1]!;
  const step = rank === 0 ? 0 : strides[rank - 1]!;
  const index = new Array<number>(Math.max(rank - 1, 0)).fill(0);
  let rowStart = view.offset;
  for (let first = 0; first < n; first += rowLength) {
    row(rowStart, rowLength, step, first);
    // odometer increment over the leading dims, the last of them fastest
    for (let d = rank - 2; d >= 0; d--) {
      index[d]!++;
      rowStart += strides[d]!;
      if (index[d]! < shape[d]!) break;
      rowStart -= strides[d]! * shape[d]!;
      index[d] = 0;
    }
  }
}

/** Offsets for a view, or null when it is contiguous (element i is at offset + i). */
export function offsetsOrNull(view: View): Int32Array | null {
  return isContiguousView(view) ? null : elementOffsets(view);
}
