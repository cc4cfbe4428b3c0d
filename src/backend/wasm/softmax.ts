/**
 * The wasm softmax call: softmax and logSoftmax of float32 along one axis of any strided view.
 * The operand is placed as a contiguous block (one copy when it is contiguous already, else
 * compacted), which the kernel reads as [outer, size, inner] around the axis; the result comes
 * back in the same row-major order, which is `out`'s.
 * @module
 */
import type { FloatArray } from '../../dtype.js';
import type { FloatView, SoftmaxOp } from '../backend.js';
import { runStaged } from './call.js';
import { numel } from './layout.js';
import { plan, type WasmContext } from './staging.js';

/** Opcodes of assembly/softmax.ts. */
const SOFTMAX_CODES: Readonly<Record<SoftmaxOp, number>> = { softmax: 0, logSoftmax: 1 };

/** softmax (logSoftmax) of float32 `x` along `axis`; returns false (doing nothing) for other dtypes. */
export function wasmSoftmax(ctx: WasmContext, op: SoftmaxOp, x: FloatView, axis: number, out: FloatArray): boolean {
  if (!(x.storage instanceof Float32Array && out instanceof Float32Array)) return false;
  if (out.length === 0) return true;
  // a 0-d x is one row of one element
  const outer = numel(x.shape.slice(0, axis));
  const size = x.shape[axis] ?? 1;
  const inner = numel(x.shape.slice(axis + 1));
  const workBytes = ctx.exports.softmaxWorkBytes(inner);
  runStaged(ctx, op, { operands: [plan(x, true)], results: [out], workBytes }, ([X], [O], work) => ctx.exports.softmax(SOFTMAX_CODES[op], X.ptr, outer, size, inner, O, work));
  return true;
}
