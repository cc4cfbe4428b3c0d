/**
 * The wasm `compare` and `where` calls (float32 operands; uint8 results and conditions). As for the
 * binary ops, operands collapse to a [rows, cols] grid whose column strides are 1 or 0: same-shape
 * contiguous operands, scalars (ReLU's backward is `where(out <= 0, 0, g)`) and row or column
 * broadcasts run in place; other layouts are gathered contiguous first. Results are bit-identical
 * to ref (IEEE comparisons; `where` copies bits).
 * @module
 */
import type { TypedArray } from '../../dtype.js';
import type { CompareOp, View } from '../backend.js';
import { runStaged } from './call.js';
import { planPair } from './elementwise.js';
import { forEachOuter, vectorGrid } from './layout.js';
import { planLayout, type WasmContext } from './staging.js';

/** Opcodes of assembly/compare.ts. */
const COMPARE_CODES: Readonly<Record<CompareOp, number>> = { eq: 0, ne: 1, lt: 2, le: 3, gt: 4, ge: 5 };

/** out = a op b ? 1 : 0 for float32 a, b; returns false (doing nothing) for other dtypes. */
export function wasmCompare(ctx: WasmContext, op: CompareOp, a: View, b: View, out: Uint8Array): boolean {
  if (!(a.storage instanceof Float32Array && b.storage instanceof Float32Array)) return false;
  if (out.length === 0) return true;
  const { plans, layout: grid } = planPair(a, b);
  const { rows, cols, outerStrides: [aOuter, bOuter], rowStrides: [aRow, bRow], colStrides: [aCol, bCol] } = grid;
  runStaged(ctx, `compare(${op})`, { operands: plans, results: [out] }, ([A, B], [O]) =>
    // float operands step 4 bytes per element, the uint8 output 1
    forEachOuter(grid, (k, at) => ctx.exports.compare(COMPARE_CODES[op], A.ptr + 4 * k * aOuter!, aRow!, aCol!, B.ptr + 4 * k * bOuter!, bRow!, bCol!, O + at, rows, cols)));
  return true;
}

/** out = cond ? a : b for a uint8 condition and float32 a, b; returns false (doing nothing) otherwise. */
export function wasmWhere(ctx: WasmContext, cond: View, a: View, b: View, out: TypedArray): boolean {
  const floats = a.storage instanceof Float32Array && b.storage instanceof Float32Array && out instanceof Float32Array;
  if (!(floats && cond.storage instanceof Uint8Array)) return false;
  if (out.length === 0) return true;
  const { plans, layout: grid } = planLayout([cond, a, b], (strides) => vectorGrid(cond.shape, strides))!;
  const { rows, cols, rowStrides: [cRow, aRow, bRow], colStrides: [cCol, aCol, bCol] } = grid;
  runStaged(ctx, 'where', { operands: plans, results: [out] }, ([C, A, B], [O]) =>
    ctx.exports.where(C.ptr, cRow!, cCol!, A.ptr, aRow!, aCol!, B.ptr, bRow!, bCol!, O, rows, cols));
  return true;
}
