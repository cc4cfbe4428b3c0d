/**
 * Moving operands into the arena. A view is copied as the storage range it touches (one memcpy),
 * keeping its strides, unless that range is much larger than the view or the kernel needs a
 * contiguous block; then it is compacted: row by row with `TypedArray.set` when its rows are long
 * contiguous runs, else gathered in wasm when the range is small enough to copy whole, else
 * element by element in TypeScript straight into linear memory (runs.ts).
 * @module
 */
import { isContiguousView } from '../ref/strided.js';
import type { View } from '../backend.js';
import { aligned, type Arena } from './arena.js';
import { collapse, contiguousStrides, numel, spanOf, type Span, type Grid, vectorGrid } from './layout.js';
import type { WasmKernelExports } from './module.js';
import { copiesByRuns, packInto, runPattern } from './runs.js';

/** A range larger than this many times the view's size is not copied whole. */
export const SPARSE_FACTOR = 2;

/** The module and its arena: what every wasm kernel call needs. */
export interface WasmContext {
  readonly exports: WasmKernelExports;
  readonly arena: Arena;
}

/** How one operand will be placed, decided before memory is reserved. */
export interface Placement {
  readonly view: View;
  readonly span: Span;
  /**
   * 'span': copy the touched range; 'gather': copy the range, then gather it contiguous in wasm;
   * 'pack': compact it in TS (one `set` per contiguous run, or element by element).
   */
  readonly how: 'span' | 'gather' | 'pack';
  /** Arena bytes this placement takes. */
  readonly bytes: number;
}

/** An operand in linear memory: byte offset of element [0, 0, …] and its strides in elements. */
export interface Placed {
  readonly ptr: number;
  readonly strides: readonly number[];
}

/** Decides how to place `view`; `contiguous` demands a row-major block. */
export function plan(view: View, contiguous: boolean): Placement {
  const n = numel(view.shape);
  const span = spanOf(view);
  const range = span.hi - span.lo;
  const rank = view.shape.length;
  if (isContiguousView(view) || (!contiguous && range <= SPARSE_FACTOR * n + 16)) {
    return { view, span, how: 'span', bytes: aligned(range * 4) };
  }
  const longRuns = copiesByRuns(runPattern(view.shape, view.strides, contiguousStrides(view.shape)));
  if (range <= SPARSE_FACTOR * n + 16 && !longRuns) {
    return { view, span, how: 'gather', bytes: aligned(range * 4) + aligned(n * 4) + 3 * aligned(rank * 4) };
  }
  return { view, span, how: 'pack', bytes: aligned(n * 4) };
}

/** The strides the operand will have once placed. */
export function placedStrides(p: Placement): readonly number[] {
  return p.how === 'span' ? p.view.strides : contiguousStrides(p.view.shape);
}

/** Copies a planned operand into the (already reserved) arena. */
export function place(ctx: WasmContext, p: Placement): Placed {
  const { arena } = ctx;
  const { view, span } = p;
  if (p.how === 'pack') {
    const ptr = arena.take(numel(view.shape) * 4);
    packInto(view, arena.f32, ptr >> 2);
    return { ptr, strides: contiguousStrides(view.shape) };
  }
  const block = arena.take((span.hi - span.lo) * 4);
  arena.f32.set(view.storage.subarray(span.lo, span.hi) as Float32Array, block >> 2);
  const ptr = block + (view.offset - span.lo) * 4;
  if (p.how === 'span') return { ptr, strides: view.strides };
  // gather into a contiguous block in wasm, over the collapsed dims (same row-major order)
  const { shape, strides } = collapse(view.shape, [view.strides]);
  const rank = shape.length;
  const shapePtr = arena.take(rank * 4);
  const stridesPtr = arena.take(rank * 4);
  const indexPtr = arena.take(rank * 4);
  arena.i32.set(shape, shapePtr >> 2);
  arena.i32.set(strides[0]!, stridesPtr >> 2);
  const dst = arena.take(numel(view.shape) * 4);
  ctx.exports.gather(ptr, rank, shapePtr, stridesPtr, indexPtr, dst);
  return { ptr: dst, strides: contiguousStrides(view.shape) };
}

/**
 * Plans two same-shape float operands for an elementwise kernel: in place with their strides
 * when together they form a vector grid (possibly with an outer dim, which the caller loops
 * over), else both gathered contiguous (which always does, with outer 1).
 */
export function planOperandPair(a: View, b: View): { pa: Placement; pb: Placement; grid: Grid } {
  const inPlace = { pa: plan(a, false), pb: plan(b, false) };
  const grid = vectorGrid(a.shape, [placedStrides(inPlace.pa), placedStrides(inPlace.pb)], true);
  if (grid !== null) return { ...inPlace, grid };
  const pa = plan(a, true);
  const pb = plan(b, true);
  return { pa, pb, grid: vectorGrid(a.shape, [placedStrides(pa), placedStrides(pb)])! };
}
