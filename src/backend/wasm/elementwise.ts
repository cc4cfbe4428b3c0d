/**
 * The wasm elementwise calls. Operands collapse to a [rows, cols] grid whose column stride is 1
 * (a vector) or 0 (a broadcast scalar): contiguous same-shape operands, scalars, and row or column
 * broadcasts run as they are; any other layout is gathered contiguous first.
 * @module
 */
import type { FloatArray, TypedArray } from '../../dtype.js';
import type { BinaryOp, FloatView, UnaryOp, View } from '../backend.js';
import { aligned } from './arena.js';
import { asGrid, collapse, type Grid } from './layout.js';
import { place, placedStrides, plan, type WasmContext } from './staging.js';

/** Opcodes of assembly/binary.ts. `pow` is not accelerated. */
const BINARY_CODES: Partial<Record<BinaryOp, number>> = { add: 0, sub: 1, mul: 2, div: 3, maximum: 4, minimum: 5 };

/** Opcodes of assembly/unary.ts; ops missing here run on ref. */
const UNARY_CODES: Partial<Record<UnaryOp, number>> = {
  neg: 0, abs: 1, sqrt: 2, relu: 3, step: 4, reciprocal: 5, exp: 6, log: 7, tanh: 8, sigmoid: 9,
  leakyRelu: 10, leakyReluSlope: 11, clamp: 12,
};

/** The ops {@link wasmUnary} accelerates. */
export const WASM_UNARY_OPS: readonly UnaryOp[] = Object.keys(UNARY_CODES) as UnaryOp[];
/** The ops {@link wasmBinary} accelerates. */
export const WASM_BINARY_OPS: readonly BinaryOp[] = Object.keys(BINARY_CODES) as BinaryOp[];

const vectorOrScalar = (s: number): boolean => s === 0 || s === 1;

/** Grid of operands with these strides when every column stride is 0 or 1, else null. */
function gridOf(shape: readonly number[], strides: readonly (readonly number[])[]): Grid | null {
  const grid = asGrid(collapse(shape, strides));
  return grid !== null && grid.colStrides.every(vectorOrScalar) ? grid : null;
}

/** Grid of one operand when its columns are adjacent (the unary kernel's only layout), else null. */
function unitGrid(shape: readonly number[], strides: readonly number[]): Grid | null {
  const grid = asGrid(collapse(shape, [strides]));
  return grid !== null && (grid.colStrides[0] === 1 || grid.cols === 1) ? grid : null;
}

/** out = a op b for float32; returns false (doing nothing) when the op or dtypes are not handled. */
export function wasmBinary(ctx: WasmContext, op: BinaryOp, a: View, b: View, out: TypedArray): boolean {
  const code = BINARY_CODES[op];
  if (code === undefined || !(a.storage instanceof Float32Array && b.storage instanceof Float32Array && out instanceof Float32Array)) return false;
  if (out.length === 0) return true;
  let pa = plan(a, false);
  let pb = plan(b, false);
  let grid = gridOf(a.shape, [placedStrides(pa), placedStrides(pb)]);
  if (grid === null) {
    pa = plan(a, true);
    pb = plan(b, true);
    grid = gridOf(a.shape, [placedStrides(pa), placedStrides(pb)])!;
  }
  const { arena, exports } = ctx;
  arena.reserve(op, pa.bytes + pb.bytes + aligned(out.length * 4));
  try {
    const A = place(ctx, pa);
    const B = place(ctx, pb);
    const O = arena.take(out.length * 4);
    // prettier-ignore
    exports.binary(code, A.ptr, grid.rowStrides[0]!, grid.colStrides[0]!, B.ptr, grid.rowStrides[1]!, grid.colStrides[1]!,
      O, grid.rows, grid.cols);
    out.set(arena.f32.subarray(O >> 2, (O >> 2) + out.length));
  } finally {
    arena.release();
  }
  return true;
}

/** out = op(x; a, b) for float32; returns false (doing nothing) when the op or dtype is not handled. */
export function wasmUnary(ctx: WasmContext, op: UnaryOp, x: FloatView, out: FloatArray, a: number, b: number): boolean {
  const code = UNARY_CODES[op];
  if (code === undefined || !(x.storage instanceof Float32Array && out instanceof Float32Array)) return false;
  if (out.length === 0) return true;
  let px = plan(x, false);
  let grid = unitGrid(x.shape, placedStrides(px));
  if (grid === null) {
    px = plan(x, true);
    grid = unitGrid(x.shape, placedStrides(px))!;
  }
  const { arena, exports } = ctx;
  arena.reserve(op, px.bytes + aligned(out.length * 4));
  try {
    const X = place(ctx, px);
    const O = arena.take(out.length * 4);
    exports.unary(code, X.ptr, grid.rowStrides[0]!, O, grid.rows, grid.cols, a, b);
    out.set(arena.f32.subarray(O >> 2, (O >> 2) + out.length));
  } finally {
    arena.release();
  }
  return true;
}
