/**
 * Placing int32 (indices) and uint8 (bool) operands in the arena, the counterpart of staging.ts's
 * float32 placement: the storage range a view touches is copied with its strides kept (one
 * `TypedArray.set` of the same type, so bits are copied), or, when that range is much larger than
 * the view or a contiguous block is asked for, the view is packed row-major in TypeScript.
 * @module
 */
import { copy as refCopy } from '../ref/elementwise.js';
import { isContiguousView } from '../ref/strided.js';
import type { View } from '../backend.js';
import { aligned } from './arena.js';
import { contiguousStrides, numel, spanOf, type Span } from './layout.js';
import type { Placed, WasmContext } from './staging.js';

/** A range larger than this many times the view's size is packed instead of copied whole. */
const SPARSE_FACTOR = 2;

/** The integer storages placed here. */
type IntStorage = Int32Array | Uint8Array;

/** How one int32/uint8 operand will be placed, decided before memory is reserved. */
export interface IntPlacement {
  readonly view: View;
  readonly span: Span;
  /** True: packed row-major; false: its touched range copied, strides kept. */
  readonly packed: boolean;
  /** Arena bytes this placement takes. */
  readonly bytes: number;
}

/** Decides how to place an Int32Array or Uint8Array view; `contiguous` demands a row-major block. */
export function planInts(view: View, contiguous: boolean): IntPlacement {
  const size = view.storage.BYTES_PER_ELEMENT;
  const n = numel(view.shape);
  const span = spanOf(view);
  const range = span.hi - span.lo;
  if (isContiguousView(view) || (!contiguous && range <= SPARSE_FACTOR * n + 16)) {
    return { view, span, packed: false, bytes: aligned(range * size) };
  }
  return { view, span, packed: true, bytes: aligned(n * size) };
}

/** The strides the operand will have once placed. */
export function placedIntStrides(p: IntPlacement): readonly number[] {
  return p.packed ? contiguousStrides(p.view.shape) : p.view.strides;
}

/** An array of the operand's type over all of linear memory. */
function memoryAs(ctx: WasmContext, storage: IntStorage): IntStorage {
  return storage instanceof Int32Array ? ctx.arena.i32 : ctx.arena.u8;
}

/** Copies a planned int32/uint8 operand into the (already reserved) arena. */
export function placeInts(ctx: WasmContext, p: IntPlacement): Placed {
  const { view, span } = p;
  const storage = view.storage as IntStorage;
  const size = storage.BYTES_PER_ELEMENT;
  const memory = memoryAs(ctx, storage);
  if (p.packed) {
    const ptr = ctx.arena.take(numel(view.shape) * size);
    const strides = contiguousStrides(view.shape);
    refCopy(view, { storage: memory, offset: ptr / size, shape: view.shape, strides });
    return { ptr, strides };
  }
  const block = ctx.arena.take((span.hi - span.lo) * size);
  memory.set(storage.subarray(span.lo, span.hi) as never, block / size);
  return { ptr: block + (view.offset - span.lo) * size, strides: view.strides };
}
