/**
 * Shape arithmetic: sizes, contiguous strides, dim normalisation and NumPy broadcasting.
 * @module
 */
import { IndexError, ShapeError, ValueError, fmtShape } from './errors.js';
import { formatValue } from './errors.js';
import { checkShapeNumel } from './checks/limits.js';

/** A tensor shape: one non-negative size per dimension. */
export type Shape = readonly number[];

/** Number of elements of a tensor with this shape. */
export function sizeOf(shape: Shape): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i]!;
  return n;
}

/** Row-major (C-order) strides of a contiguous tensor with this shape. */
export function contiguousStrides(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i]!;
  }
  return strides;
}

/** True when two shapes are equal. */
export function sameShape(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Resolves a possibly negative `dim` against `rank`, PyTorch style (`-1` is the last dim). */
export function normalizeDim(op: string, dim: number, rank: number, arg = 'dim'): number {
  const lo = rank === 0 ? -1 : -rank;
  const hi = rank === 0 ? 0 : rank - 1;
  if (typeof dim !== 'number') throw new IndexError(op, `${arg} must be an integer dim, got ${dim === null ? 'null' : Array.isArray(dim) ? 'an array' : typeof dim}`);
  if (!Number.isInteger(dim) || dim < lo || dim > hi) {
    throw new IndexError(op, `${arg}=${dim} is out of range for a tensor of rank ${rank} (expected ${lo}..${hi})`);
  }
  return dim < 0 ? dim + Math.max(rank, 1) : dim;
}

/** Resolves a list of dims (or all dims when `dims` is undefined), rejecting repeats. */
export function normalizeDims(op: string, dims: number | readonly number[] | undefined, rank: number): number[] {
  if (dims === undefined) return Array.from({ length: rank }, (_, i) => i);
  if (typeof dims !== 'number' && !Array.isArray(dims)) {
    throw new IndexError(op, `dim must be an integer or an array of integers, got ${dims === null ? 'null' : typeof dims}`);
  }
  const list = typeof dims === 'number' ? [dims] : dims;
  const out: number[] = [];
  for (const d of list) {
    const n = normalizeDim(op, d, rank);
    if (rank === 0) continue; // a scalar accepts dim 0 / -1 and has nothing to reduce
    if (out.includes(n)) throw new IndexError(op, `dim ${d} appears more than once in dims ${fmtShape(list)}`);
    out.push(n);
  }
  return out.sort((x, y) => x - y);
}

/**
 * The dims a reduction runs over: all of them when `dims` is undefined or an empty list (PyTorch
 * 1.13 reduces everything for `dim=[]`), else the given ones, normalized.
 */
export function reductionDims(op: string, dims: number | readonly number[] | undefined, rank: number): number[] {
  const all = dims === undefined || (Array.isArray(dims) && dims.length === 0);
  return normalizeDims(op, all ? undefined : dims, rank);
}

/** Checks that a user-given shape is a list of non-negative integers. */
export function checkShape(op: string, shape: unknown, arg = 'shape'): number[] {
  if (!Array.isArray(shape)) throw new ValueError(op, `${arg} must be an array of sizes, got ${formatValue(shape)}`);
  for (const s of shape) {
    if (typeof s !== 'number' || !Number.isInteger(s) || s < 0) {
      throw new ValueError(op, `${arg} ${fmtShape(shape as number[])} must hold non-negative integers`);
    }
  }
  checkShapeNumel(op, shape as number[], arg);
  return shape.slice() as number[];
}

/** The broadcast shape of `a` and `b` (NumPy rules), or a ShapeError naming the op. */
export function broadcastShapes(op: string, a: Shape, b: Shape): number[] {
  const rank = Math.max(a.length, b.length);
  const out = new Array<number>(rank);
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new ShapeError(
        op,
        `shapes ${fmtShape(a)} and ${fmtShape(b)} cannot be broadcast: dim ${i - rank} has sizes ${da} and ${db}`,
      );
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** Resolves a `-1` in a reshape target against `numel`. */
export function inferShape(op: string, shape: readonly number[], numel: number, from: Shape): number[] {
  let infer = -1;
  let known = 1;
  for (let i = 0; i < shape.length; i++) {
    const s = shape[i]!;
    if (s === -1) {
      if (infer >= 0) throw new ShapeError(op, `only one dimension can be -1 in ${fmtShape(shape)}`);
      infer = i;
    } else if (!Number.isInteger(s) || s < 0) {
      throw new ShapeError(op, `invalid size ${s} in ${fmtShape(shape)}`);
    } else known *= s;
  }
  const out = shape.slice();
  if (infer >= 0) {
    if (known === 0 || numel % known !== 0) {
      throw new ShapeError(op, `cannot reshape ${fmtShape(from)} (${numel} elements) into ${fmtShape(shape)}`);
    }
    out[infer] = numel / known;
  } else if (known !== numel) {
    throw new ShapeError(op, `cannot reshape ${fmtShape(from)} (${numel} elements) into ${fmtShape(shape)} (${known} elements)`);
  }
  return out;
}
