/**
 * Shape analysis for the wasm kernels: which storage range a view touches, and how a view (or two
 * views of one shape) collapse to the few strided patterns the kernels handle.
 * @module
 */
import type { View } from '../backend.js';

/** The storage range a view touches: elements [lo, hi) (lo = hi when the view is empty). */
export interface Span {
  readonly lo: number;
  readonly hi: number;
}

export function spanOf(view: View): Span {
  let lo = view.offset;
  let hi = view.offset;
  for (let d = 0; d < view.shape.length; d++) {
    const size = view.shape[d]!;
    if (size === 0) return { lo: view.offset, hi: view.offset };
    const reach = (size - 1) * view.strides[d]!;
    if (reach > 0) hi += reach;
    else lo += reach;
  }
  return { lo, hi: hi + 1 };
}

export function numel(shape: readonly number[]): number {
  let n = 1;
  for (const s of shape) n *= s;
  return n;
}

/** A shape with one stride list per operand. */
export interface Collapsed {
  readonly shape: number[];
  readonly strides: number[][];
}

/**
 * Drops size-1 dims and merges neighbouring dims that every operand walks as one
 * (`stride[d] = stride[d+1]·shape[d+1]`, which includes broadcast dims of stride 0). Row-major
 * order is preserved, so element i of the result is element i of the input.
 */
export function collapse(shape: readonly number[], strides: readonly (readonly number[])[]): Collapsed {
  const outShape: number[] = [];
  const outStrides: number[][] = strides.map(() => []);
  for (let d = 0; d < shape.length; d++) {
    const size = shape[d]!;
    if (size === 1) continue;
    const last = outShape.length - 1;
    const merges =
      last >= 0 && strides.every((s, k) => outStrides[k]![last] === s[d]! * size);
    if (merges) {
      outShape[last] = outShape[last]! * size;
      strides.forEach((s, k) => (outStrides[k]![last] = s[d]!));
    } else {
      outShape.push(size);
      strides.forEach((s, k) => outStrides[k]!.push(s[d]!));
    }
  }
  return { shape: outShape, strides: outStrides };
}

/** Row-major strides of a contiguous tensor of this shape. */
export function contiguousStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = s;
    s *= shape[d]!;
  }
  return strides;
}

/**
 * A [rows, cols] form of a collapsed pattern: row strides and column strides per operand, or null
 * when more than two dims remain.
 */
export interface Grid {
  readonly rows: number;
  readonly cols: number;
  readonly rowStrides: number[];
  readonly colStrides: number[];
}

export function asGrid(c: Collapsed): Grid | null {
  const rank = c.shape.length;
  if (rank > 2) return null;
  if (rank === 0) return { rows: 1, cols: 1, rowStrides: c.strides.map(() => 0), colStrides: c.strides.map(() => 1) };
  if (rank === 1) return { rows: 1, cols: c.shape[0]!, rowStrides: c.strides.map(() => 0), colStrides: c.strides.map((s) => s[0]!) };
  return { rows: c.shape[0]!, cols: c.shape[1]!, rowStrides: c.strides.map((s) => s[0]!), colStrides: c.strides.map((s) => s[1]!) };
}

/**
 * The grid of operands with these strides when every column stride is 0 or 1 (vector or
 * broadcast scalar: the layouts the elementwise kernels read directly), else null.
 */
export function vectorGrid(shape: readonly number[], strides: readonly (readonly number[])[]): Grid | null {
  const grid = asGrid(collapse(shape, strides));
  return grid !== null && grid.colStrides.every((s) => s === 0 || s === 1) ? grid : null;
}
