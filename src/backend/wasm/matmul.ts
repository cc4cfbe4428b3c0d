/**
 * The wasm matmul call: both operands go into the arena with their strides (a transposed operand
 * is only a stride pattern; the kernel's packing absorbs it), the product comes back out.
 * @module
 */
import type { FloatArray } from '../../dtype.js';
import type { FloatView } from '../backend.js';
import { runStaged } from './call.js';
import { plan, type WasmContext } from './staging.js';

/** Runs C = A·B (C += A·B with `accumulate`) in wasm for float32 operands; returns false (doing nothing) for other dtypes. */
export function wasmMatmul(ctx: WasmContext, a: FloatView, b: FloatView, out: FloatArray, accumulate: boolean): boolean {
  if (!(a.storage instanceof Float32Array && b.storage instanceof Float32Array && out instanceof Float32Array)) return false;
  const [batch, m, k] = a.shape as [number, number, number];
  const n = b.shape[2]!;
  if (out.length === 0) return true;
  const workBytes = ctx.exports.matmulWorkBytes();
  runStaged(ctx, 'matmul', { operands: [plan(a, false), plan(b, false)], results: [out], resultsIn: accumulate, workBytes }, ([A, B], [C], work) =>
    // prettier-ignore
    ctx.exports.matmul(A.ptr, A.strides[0]!, A.strides[1]!, A.strides[2]!, B.ptr, B.strides[0]!, B.strides[1]!, B.strides[2]!,
      C, batch, m, n, k, work, accumulate));
  return true;
}
