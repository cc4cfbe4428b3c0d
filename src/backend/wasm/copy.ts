/**
 * The wasm copy call: a non-contiguous float32 view gathered into a contiguous destination (what
 * `contiguous()` and transposes need). Contiguous sources are already a single memcpy on ref.
 * @module
 */
import type { View } from '../backend.js';
import { isContiguousView } from '../ref/strided.js';
import { numel } from './layout.js';
import { place, plan, type WasmContext } from './staging.js';

/** Copies `src` into contiguous `dst` in wasm; returns false (doing nothing) when not worthwhile. */
export function wasmCopy(ctx: WasmContext, src: View, dst: View): boolean {
  if (!(src.storage instanceof Float32Array && dst.storage instanceof Float32Array)) return false;
  if (isContiguousView(src) || !isContiguousView(dst)) return false;
  const n = numel(src.shape);
  if (n === 0) return true;
  const p = plan(src, true);
  if (p.how !== 'gather') return false; // a sparse view: the TS odometer reads only what it needs
  const { arena } = ctx;
  arena.reserve('copy', p.bytes);
  try {
    const placed = place(ctx, p);
    dst.storage.set(arena.f32.subarray(placed.ptr >> 2, (placed.ptr >> 2) + n), dst.offset);
  } finally {
    arena.release();
  }
  return true;
}
