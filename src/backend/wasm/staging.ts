/**
 * Moving operands (float32 data, int32 indices, uint8 conditions) into the arena. A view is copied
 * as the storage range it touches (one memcpy of its own type, so bits are kept), keeping its
 * strides, unless that range is much larger than the view or the kernel needs a contiguous block;
 * then it is compacted: for float32 row by row with `TypedArray.set` when its rows are long
 * contiguous runs, else gathered in wasm when the range is small enough to copy whole, else element
 * by element in TypeScript straight into linear memory (runs.ts); int32 and uint8 are compacted by
 * ref's copy.
 * @module
 */
import { copy as refCopy } from '../ref/elementwise.js';
import { isContiguousView } from '../ref/strided.js';
import type { View } from '../backend.js';
import { aligned, type Arena } from './arena.js';
import { collapse, contiguousStrides, numel, spanOf, type Span } from './layout.js';
import type { WasmKernelExports } from './generated/kernel-exports.js';
import { copiesByRuns, MIN_SET_RUN_BEFORE_GATHER, packInto, runPattern } from './runs.js';

/** A range larger than this many times the view's size is not copied whole. */
export const SPARSE_FACTOR = 2;

/** The module and its arena: what every wasm kernel call needs. */
export interface WasmContext {
  readonly exports: WasmKernelExports;
  readonly arena: Arena;
  /**
   * The context single-thread copy-bound calls (chunked elementwise) use: the same, or kernels on a
   * non-shared memory of their own when this one is shared (module.ts's `plainKernels`).
   */
  readonly single?: () => WasmContext;
}

/** How one operand will be placed, decided before memory is reserved. */
export interface Placement {
  readonly view: View;
  readonly span: Span;
  /**
   * 'span': copy the touched range; 'gather': copy the range, then gather it contiguous in wasm;
   * 'pack': compact it in TS (one `set` per contiguous run, or element by element). 'gather' is
   * for float32 only.
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

/** Decides how to place `view` (float32, int32 or uint8); `contiguous` demands a row-major block. */
export function plan(view: View, contiguous: boolean): Placement {
  const size = view.storage.BYTES_PER_ELEMENT;
  const n = numel(view.shape);
  const span = spanOf(view);
  const range = span.hi - span.lo;
  const rank = view.shape.length;
  if (isContiguousView(view) || (!contiguous && range <= SPARSE_FACTOR * n + 16)) {
    return { view, span, how: 'span', bytes: aligned(range * size) };
  }
  const floats = view.storage instanceof Float32Array;
  const longRuns = copiesByRuns(runPattern(view.shape, view.strides, contiguousStrides(view.shape)), MIN_SET_RUN_BEFORE_GATHER);
  if (floats && range <= SPARSE_FACTOR * n + 16 && !longRuns) {
    return { view, span, how: 'gather', bytes: aligned(range * 4) + aligned(n * 4) + 3 * aligned(rank * 4) };
  }
  return { view, span, how: 'pack', bytes: aligned(n * size) };
}

/** The strides the operand will have once placed. */
export function placedStrides(p: Placement): readonly number[] {
  return p.how === 'span' ? p.view.strides : contiguousStrides(p.view.shape);
}

/** Copies a planned operand into the (already reserved) arena. */
export function place(ctx: WasmContext, p: Placement): Placed {
  const { arena } = ctx;
  const { view, span } = p;
  const storage = view.storage as Float32Array | Int32Array | Uint8Array;
  const size = storage.BYTES_PER_ELEMENT;
  const memory = arena.memoryLike(storage);
  if (p.how === 'pack') {
    const ptr = arena.take(numel(view.shape) * size);
    const strides = contiguousStrides(view.shape);
    if (storage instanceof Float32Array) packInto(view, arena.f32, ptr >> 2);
    else refCopy(view, { storage: memory, offset: ptr / size, shape: view.shape, strides });
    return { ptr, strides };
  }
  const block = arena.take((span.hi - span.lo) * size);
  memory.set(storage.subarray(span.lo, span.hi) as never, block / size);
  const ptr = block + (view.offset - span.lo) * size;
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
 * Plans the operands of a kernel that walks them in some `layout` of their placed strides (a
 * [rows, cols] grid, a block around an axis): in place with their own strides when `layout`
 * accepts those, else compacted row-major. Null when it accepts neither.
 */
export function planLayout<const V extends readonly View[], L>(
  views: V, layout: (strides: (readonly number[])[]) => L | null,
): { plans: { [I in keyof V]: Placement }; layout: L } | null {
  for (const contiguous of [false, true]) {
    const plans = views.map((v) => plan(v, contiguous));
    const found = layout(plans.map(placedStrides));
    if (found !== null) return { plans: plans as { [I in keyof V]: Placement }, layout: found };
  }
  return null;
}
