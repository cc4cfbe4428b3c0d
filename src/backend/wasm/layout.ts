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
 * An [outer, rows, cols] form of a collapsed pattern: per operand a stride for each of the three
 * dims. The kernels walk [rows, cols]; callers run them once per outer index (a bias [C, 1, 1]
 * added to [N, C, H, W] is outer N, rows C, cols H·W, the bias's strides 0, 1, 0).
 */
export interface Grid {
  /** 1 unless asked for (`allowOuter`). */
  readonly outer: number;
  readonly rows: number;
  readonly cols: number;
  readonly outerStrides: number[];
  readonly rowStrides: number[];
  readonly colStrides: number[];
}

/** The grid of a collapsed pattern: up to two dims, or three with `allowOuter`; else null. */
export function asGrid(c: Collapsed, allowOuter = false): Grid | null {
  const rank = c.shape.length;
  const zeros = c.strides.map(() => 0);
  if (rank > (allowOuter ? 3 : 2)) return null;
  if (rank === 3) {
    const [outer, rows, cols] = c.shape as [number, number, number];
    return { outer, rows, cols, outerStrides: c.strides.map((s) => s[0]!), rowStrides: c.strides.map((s) => s[1]!), colStrides: c.strides.map((s) => s[2]!) };
  }
  if (rank === 0) return { outer: 1, rows: 1, cols: 1, outerStrides: zeros, rowStrides: zeros, colStrides: c.strides.map(() => 1) };
  if (rank === 1) return { outer: 1, rows: 1, cols: c.shape[0]!, outerStrides: zeros, rowStrides: zeros, colStrides: c.strides.map((s) => s[0]!) };
  return { outer: 1, rows: c.shape[0]!, cols: c.shape[1]!, outerStrides: zeros, rowStrides: c.strides.map((s) => s[0]!), colStrides: c.strides.map((s) => s[1]!) };
}

/**
 * The grid of operands with these strides when every column stride is 0 or 1 (vector or
 * broadcast scalar: the layouts the elementwise kernels read directly), else null. With
 * `allowOuter` the grid may have an outer dim (the caller loops over it).
 */
export function vectorGrid(shape: readonly number[], strides: readonly (readonly number[])[], allowOuter = false): Grid | null {
  const grid = asGrid(collapse(shape, strides), allowOuter);
  return grid !== null && grid.colStrides.every((s) => s === 0 || s === 1) ? grid : null;
}

/**
 * Runs a [rows, cols] kernel call once per outer index of `grid`: `call(k, at)` gets k, the outer
 * index, and the element offset of its block in a contiguous output.
 */
export function forEachOuter(grid: Grid, call: (k: number, at: number) => void): void {
  const block = grid.rows * grid.cols;
  for (let k = 0; k < grid.outer; k++) call(k, k * block);
}
