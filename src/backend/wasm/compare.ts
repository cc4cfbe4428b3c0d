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
import { aligned } from './arena.js';
import { memoryBytes, placedIntStrides, placeInts, planInts } from './int-operands.js';
import { forEachOuter, vectorGrid } from './layout.js';
import { place, placedStrides, plan, planOperandPair, type WasmContext } from './staging.js';

/** Opcodes of assembly/compare.ts. */
const COMPARE_CODES: Readonly<Record<CompareOp, number>> = { eq: 0, ne: 1, lt: 2, le: 3, gt: 4, ge: 5 };


/** out = a op b ? 1 : 0 for float32 a, b; returns false (doing nothing) for other dtypes. */
export function wasmCompare(ctx: WasmContext, op: CompareOp, a: View, b: View, out: Uint8Array): boolean {
  if (!(a.storage instanceof Float32Array && b.storage instanceof Float32Array)) return false;
  if (out.length === 0) return true;
  const { pa, pb, grid } = planOperandPair(a, b);
  const { arena, exports } = ctx;
  arena.reserve(`compare(${op})`, pa.bytes + pb.bytes + aligned(out.length));
  try {
    const A = place(ctx, pa);
    const B = place(ctx, pb);
    const O = arena.take(out.length);
    const { rows, cols, outerStrides: [aOuter, bOuter], rowStrides: [aRow, bRow], colStrides: [aCol, bCol] } = grid;
    // float operands step 4 bytes per element, the uint8 output 1
    forEachOuter(grid, (k, at) => exports.compare(COMPARE_CODES[op], A.ptr + 4 * k * aOuter!, aRow!, aCol!, B.ptr + 4 * k * bOuter!, bRow!, bCol!, O + at, rows, cols));
    out.set(memoryBytes(ctx, O, out.length));
  } finally {
    arena.release();
  }
  return true;
}

/** out = cond ? a : b for a uint8 condition and float32 a, b; returns false (doing nothing) otherwise. */
export function wasmWhere(ctx: WasmContext, cond: View, a: View, b: View, out: TypedArray): boolean {
  const floats = a.storage instanceof Float32Array && b.storage instanceof Float32Array && out instanceof Float32Array;
  if (!(floats && cond.storage instanceof Uint8Array)) return false;
  if (out.length === 0) return true;
  let pc = planInts(cond, false);
  let pa = plan(a, false);
  let pb = plan(b, false);
  let grid = vectorGrid(cond.shape, [placedIntStrides(pc), placedStrides(pa), placedStrides(pb)]);
  if (grid === null) {
    pc = planInts(cond, true);
    pa = plan(a, true);
    pb = plan(b, true);
    grid = vectorGrid(cond.shape, [placedIntStrides(pc), placedStrides(pa), placedStrides(pb)])!;
  }
  const { arena, exports } = ctx;
  arena.reserve('where', pc.bytes + pa.bytes + pb.bytes + aligned(out.length * 4));
  try {
    const C = placeInts(ctx, pc);
    const A = place(ctx, pa);
    const B = place(ctx, pb);
    const O = arena.take(out.length * 4);
    const { rows, cols, rowStrides: [cRow, aRow, bRow], colStrides: [cCol, aCol, bCol] } = grid;
    exports.where(C.ptr, cRow!, cCol!, A.ptr, aRow!, aCol!, B.ptr, bRow!, bCol!, O, rows, cols);
    out.set(arena.f32.subarray(O >> 2, (O >> 2) + out.length));
  } finally {
    arena.release();
  }
  return true;
}
