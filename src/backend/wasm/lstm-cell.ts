/**
 * The wasm LSTM cell calls (float32): the operands are placed contiguous in the arena, the kernel
 * writes contiguous results, which are copied out.
 * @module
 */
import type { FloatArray } from '../../dtype.js';
import type { FloatView } from '../backend.js';
import { runStaged } from './call.js';
import { plan, type WasmContext } from './staging.js';

const isF32 = (v: FloatView): boolean => v.storage instanceof Float32Array;

/** h', c' and the activations of float32 operands in wasm; returns false (doing nothing) for other dtypes. */
export function wasmLstmCell(ctx: WasmContext, gates: FloatView, c: FloatView, out: FloatArray, acts: FloatArray): boolean {
  if (!(isF32(gates) && isF32(c) && out instanceof Float32Array && acts instanceof Float32Array)) return false;
  if (out.length === 0) return true;
  const [batch, width] = gates.shape as [number, number];
  runStaged(ctx, 'lstmCell', { operands: [plan(gates, true), plan(c, true)], results: [out, acts] }, ([G, C], [O, A]) =>
    ctx.exports.lstmCell(G.ptr, C.ptr, batch, width / 4, O, A));
  return true;
}

/** The LSTM cell's VJP for float32 operands in wasm; returns false (doing nothing) for other dtypes. */
export function wasmLstmCellBackward(ctx: WasmContext, acts: FloatView, c: FloatView, grad: FloatView, outGates: FloatArray, outC: FloatArray): boolean {
  if (!(isF32(acts) && isF32(c) && isF32(grad) && outGates instanceof Float32Array && outC instanceof Float32Array)) return false;
  if (outGates.length === 0) return true;
  const [batch, width] = acts.shape as [number, number];
  const operands = [plan(acts, true), plan(c, true), plan(grad, true)] as const;
  runStaged(ctx, 'lstmCellBackward', { operands, results: [outGates, outC] }, ([A, C, G], [OG, OC]) =>
    ctx.exports.lstmCellBackward(A.ptr, C.ptr, G.ptr, batch, width / 5, OG, OC));
  return true;
}
