/**
 * The wasm LSTM cell calls (float32): the operands are placed contiguous in the arena, the kernel
 * writes contiguous results, which are copied out.
 * @module
 */
import type { FloatArray } from '../../dtype.js';
import type { FloatView } from '../backend.js';
import { aligned } from './arena.js';
import { place, plan, type WasmContext } from './staging.js';

const isF32 = (v: FloatView): boolean => v.storage instanceof Float32Array;

/** h', c' and the activations of float32 operands in wasm; returns false (doing nothing) for other dtypes. */
export function wasmLstmCell(ctx: WasmContext, gates: FloatView, c: FloatView, out: FloatArray, acts: FloatArray): boolean {
  if (!(isF32(gates) && isF32(c) && out instanceof Float32Array && acts instanceof Float32Array)) return false;
  if (out.length === 0) return true;
  const [batch, width] = gates.shape as [number, number];
  const pg = plan(gates, true);
  const pc = plan(c, true);
  const { arena, exports } = ctx;
  arena.reserve('lstmCell', pg.bytes + pc.bytes + aligned(out.length * 4) + aligned(acts.length * 4));
  try {
    const G = place(ctx, pg);
    const C = place(ctx, pc);
    const O = arena.take(out.length * 4);
    const A = arena.take(acts.length * 4);
    exports.lstmCell(G.ptr, C.ptr, batch, width / 4, O, A);
    out.set(arena.f32.subarray(O >> 2, (O >> 2) + out.length));
    acts.set(arena.f32.subarray(A >> 2, (A >> 2) + acts.length));
  } finally {
    arena.release();
  }
  return true;
}

/** The LSTM cell's VJP for float32 operands in wasm; returns false (doing nothing) for other dtypes. */
export function wasmLstmCellBackward(ctx: WasmContext, acts: FloatView, c: FloatView, grad: FloatView, outGates: FloatArray, outC: FloatArray): boolean {
  if (!(isF32(acts) && isF32(c) && isF32(grad) && outGates instanceof Float32Array && outC instanceof Float32Array)) return false;
  if (outGates.length === 0) return true;
  const [batch, width] = acts.shape as [number, number];
  const pg = plan(acts, true);
  const pc = plan(c, true);
  const pd = plan(grad, true);
  const { arena, exports } = ctx;
  arena.reserve('lstmCellBackward', pg.bytes + pc.bytes + pd.bytes + aligned(outGates.length * 4) + aligned(outC.length * 4));
  try {
    const G = place(ctx, pg);
    const C = place(ctx, pc);
    const D = place(ctx, pd);
    const OG = arena.take(outGates.length * 4);
    const OC = arena.take(outC.length * 4);
    exports.lstmCellBackward(G.ptr, C.ptr, D.ptr, batch, width / 5, OG, OC);
    outGates.set(arena.f32.subarray(OG >> 2, (OG >> 2) + outGates.length));
    outC.set(arena.f32.subarray(OC >> 2, (OC >> 2) + outC.length));
  } finally {
    arena.release();
  }
  return true;
}
