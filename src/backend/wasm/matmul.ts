/**
 * The wasm matmul call: both operands go into the arena with their strides (a transposed operand
 * is only a stride pattern; the kernel's packing absorbs it), the product comes back out.
 * @module
 */
import type { FloatArray } from '../../dtype.js';
import type { FloatView } from '../backend.js';
import { aligned } from './arena.js';
import { place, plan, type WasmContext } from './staging.js';

/** Runs C = A·B (C += A·B with `accumulate`) in wasm for float32 operands; returns false (doing nothing) for other dtypes. */
export function wasmMatmul(ctx: WasmContext, a: FloatView, b: FloatView, out: FloatArray, accumulate: boolean): boolean {
  if (!(a.storage instanceof Float32Array && b.storage instanceof Float32Array && out instanceof Float32Array)) return false;
  const [batch, m, k] = a.shape as [number, number, number];
  const n = b.shape[2]!;
  if (out.length === 0) return true;
  const pa = plan(a, false);
  const pb = plan(b, false);
  const { arena, exports } = ctx;
  arena.reserve('matmul', pa.bytes + pb.bytes + aligned(out.length * 4) + aligned(exports.matmulWorkBytes()));
  try {
    const A = place(ctx, pa);
    const B = place(ctx, pb);
    const C = arena.take(out.length * 4);
    if (accumulate) arena.f32.set(out, C >> 2);
    const work = arena.take(exports.matmulWorkBytes());
    // prettier-ignore
    exports.matmul(A.ptr, A.strides[0]!, A.strides[1]!, A.strides[2]!, B.ptr, B.strides[0]!, B.strides[1]!, B.strides[2]!,
      C, batch, m, n, k, work, accumulate);
    out.set(arena.f32.subarray(C >> 2, (C >> 2) + out.length));
  } finally {
    arena.release();
  }
  return true;
}
