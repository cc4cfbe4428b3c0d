/**
 * The wasm reduction call: sum, max, min of float32 over axes that collapse to one reduced block
 * [outer, reduced, inner] (the last axis, the first axes, or a middle run). Other axis sets and
 * `prod` run on ref.
 * @module
 */
import type { TypedArray } from '../../dtype.js';
import type { ReduceOp, View } from '../backend.js';
import { aligned } from './arena.js';
import { numel } from './layout.js';
import { place, plan, type WasmContext } from './staging.js';

const REDUCE_CODES: Partial<Record<ReduceOp, number>> = { sum: 0, max: 1, min: 2 };

/** [outer, reduced, inner] for these axes, or null when the reduced dims are not one run. */
function blockOf(shape: readonly number[], axes: readonly number[]): [number, number, number] | null {
  const sizes = [1, 1, 1];
  let segment = 0; // 0: before the reduced run, 1: in it, 2: after it
  for (let d = 0; d < shape.length; d++) {
    if (shape[d] === 1) continue;
    const reduced = axes.includes(d);
    if (reduced && segment === 2) return null;
    if (reduced) segment = 1;
    else if (segment === 1) segment = 2;
    sizes[segment] = sizes[segment]! * shape[d]!;
  }
  return sizes as [number, number, number];
}

/** Reduces float32 `x`; returns false (doing nothing) when the op, dtype or axes are not handled. */
export function wasmReduce(ctx: WasmContext, op: ReduceOp, x: View, axes: readonly number[], out: TypedArray): boolean {
  const code = REDUCE_CODES[op];
  if (code === undefined || !(x.storage instanceof Float32Array && out instanceof Float32Array)) return false;
  if (numel(x.shape) === 0) return false;
  const block = blockOf(x.shape, axes);
  if (block === null) return false;
  const [outer, reduced, inner] = block;
  const px = plan(x, true);
  const { arena, exports } = ctx;
  arena.reserve(`reduce(${op})`, px.bytes + aligned(out.length * 4) + aligned(exports.reduceWorkBytes(inner)));
  try {
    const X = place(ctx, px);
    const O = arena.take(out.length * 4);
    const work = arena.take(exports.reduceWorkBytes(inner));
    exports.reduce(code, X.ptr, outer, reduced, inner, O, work);
    out.set(arena.f32.subarray(O >> 2, (O >> 2) + out.length));
  } finally {
    arena.release();
  }
  return true;
}
