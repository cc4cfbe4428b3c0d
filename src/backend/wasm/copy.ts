/**
 * The wasm backend's copy (float32 to float32, any source and destination strides). The two stride
 * patterns are collapsed together first:
 * - runs contiguous on both sides and long (row slices such as an LSTM's gate chunks, their
 *   `embedSlice` gradients, `cat` pieces, contiguous copies) are one `TypedArray.set` each, on the
 *   JS side: moving them through linear memory would only add two copies;
 * - short (under MIN_SET_RUN_BEFORE_GATHER) or strided runs into a contiguous destination
 *   (transposes, permutes, stepped slices) whose source range is dense are gathered in wasm
 *   (range in, gather — transposed pairs of dims tile by tile — result out), from
 *   {@link MIN_GATHER} elements;
 * - anything else (a sparse source, a strided destination) is a tight scalar loop (runs.ts).
 * All paths move float32 bits unchanged, as ref does. Copies between dtypes, and between views of
 * one buffer (where ref's element order decides overlaps), run on ref.
 * @module
 */
import type { View } from '../backend.js';
import { isContiguousView } from '../ref/strided.js';
import { copyOut, withArena } from './call.js';
import { numel } from './layout.js';
import { copiesByRuns, copyRuns, MIN_SET_RUN_BEFORE_GATHER, runPattern } from './runs.js';
import { place, plan, type WasmContext } from './staging.js';

/** Below this many elements the scalar loop beats a trip through wasm (bench: 4×4 transposes). */
const MIN_GATHER = 64;

/** Copies `src` into `dst`; returns false (doing nothing) when ref must run it. */
export function wasmCopy(ctx: WasmContext, src: View, dst: View): boolean {
  const from = src.storage;
  const to = dst.storage;
  if (!(from instanceof Float32Array && to instanceof Float32Array) || from.buffer === to.buffer) return false;
  const n = numel(src.shape);
  if (n === 0) return true;
  const dstContiguous = isContiguousView(dst);
  if (dstContiguous && isContiguousView(src)) {
    to.set(from.subarray(src.offset, src.offset + n), dst.offset);
    return true;
  }
  const pattern = runPattern(src.shape, src.strides, dst.strides);
  const p = copiesByRuns(pattern, MIN_SET_RUN_BEFORE_GATHER) || !dstContiguous || n < MIN_GATHER ? null : plan(src, true);
  if (p === null || p.how !== 'gather') {
    copyRuns(from, src.offset, to, dst.offset, pattern);
    return true;
  }
  // placing a 'gather' plan leaves the source contiguous in the arena: that block is the copy
  withArena(ctx, 'copy', p.bytes, (arena) => copyOut(arena, place(ctx, p).ptr, to.subarray(dst.offset, dst.offset + n)));
  return true;
}
