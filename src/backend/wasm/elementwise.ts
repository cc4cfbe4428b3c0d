/**
 * The wasm elementwise calls. Operands collapse to a [rows, cols] grid whose column stride is 1
 * (a vector) or 0 (a broadcast scalar): contiguous same-shape operands, scalars, and row or column
 * broadcasts run as they are; any other layout is gathered contiguous first. Calls over more than
 * {@link CHUNK_ELEMENTS} elements whose operands form such a grid run chunk by chunk, so the
 * arena stays small and the staging copies cache-sized.
 * @module
 */
import type { FloatArray, TypedArray } from '../../dtype.js';
import type { BinaryOp, FloatView, UnaryOp, View } from '../backend.js';
import { aligned } from './arena.js';
import { asGrid, collapse, forEachOuter, vectorGrid, type Grid } from './layout.js';
import { copyOut, runStaged, withArena } from './call.js';
import { plan, planLayout, SPARSE_FACTOR, type Placement, type WasmContext } from './staging.js';
import { heavyUnaryPool, splitGridCall, THREADED_CHUNK_ELEMENTS } from './elementwise-threads.js';

/** Opcodes of assembly/binary.ts. `pow` is not accelerated. */
const BINARY_CODES: Partial<Record<BinaryOp, number>> = { add: 0, sub: 1, mul: 2, div: 3, maximum: 4, minimum: 5, tanhBackward: 6, sigmoidBackward: 7, reluBackward: 8 };

/** Opcodes of assembly/unary.ts; ops missing here run on ref. */
const UNARY_CODES: Partial<Record<UnaryOp, number>> = {
  neg: 0, abs: 1, sqrt: 2, relu: 3, reciprocal: 5, exp: 6, log: 7, tanh: 8, sigmoid: 9,
  leakyRelu: 10, leakyReluSlope: 11, clamp: 12,
};

/** The ops {@link wasmUnary} accelerates. */
export const WASM_UNARY_OPS: readonly UnaryOp[] = Object.keys(UNARY_CODES) as UnaryOp[];
/** The ops {@link wasmBinary} accelerates. */
export const WASM_BINARY_OPS: readonly BinaryOp[] = Object.keys(BINARY_CODES) as BinaryOp[];

/**
 * Plans two same-shape float operands for an elementwise kernel: in place with their strides
 * when together they form a vector grid (possibly with an outer dim, which the caller loops
 * over), else both gathered contiguous (which always does, with outer 1).
 */
export function planPair(a: View, b: View): { plans: readonly [Placement, Placement]; layout: Grid } {
  return planLayout([a, b], (strides) => vectorGrid(a.shape, strides, true))!;
}

/** Grid of one operand when its columns are adjacent (the unary kernel's only layout), else null. */
function unitGrid(shape: readonly number[], strides: readonly number[], allowOuter = false): Grid | null {
  const grid = asGrid(collapse(shape, [strides]), allowOuter);
  return grid !== null && (grid.colStrides[0] === 1 || grid.cols === 1) ? grid : null;
}

/**
 * Elements per chunk of a large elementwise call: operands and result pass through the arena
 * 64 KB at a time instead of whole (a 2^20-element mul no longer grows the arena by 12 MB). On
 * the development machine 16 K, 4 K and 64 K chunks measured alike, and chunked calls as fast as
 * or up to ~1.2× faster than whole ones (the copies are a small part of such a call).
 */
export const CHUNK_ELEMENTS = 16384;

/**
 * Runs a grid op chunk by chunk: whole rows when a row fits in a chunk, else pieces of one row. The
 * arena is reserved once, for the largest chunk; each chunk copies the storage range each operand
 * touches into its block (one `set`), runs `kernel(pointers, out, nRows, nCols)` and copies its
 * result out (one `set`). Returns false (doing nothing) when some operand's rows are so far apart
 * that a chunk's range is mostly gaps: the whole-call path compacts those.
 */
function runChunked(
  ctx: WasmContext, op: string, grid: Grid, operands: readonly View[], out: Float32Array,
  kernel: (pointers: readonly number[], o: number, nRows: number, nCols: number) => void,
  chunk: number = CHUNK_ELEMENTS,
): boolean {
  const { rows, cols, rowStrides, colStrides } = grid;
  const chunkCols = Math.min(cols, chunk);
  const chunkRows = cols >= chunk ? 1 : Math.min(rows, Math.floor(chunk / cols));
  const spans = operands.map((_, k) => Math.abs((chunkRows - 1) * rowStrides[k]!) + (chunkCols - 1) * colStrides[k]! + 1);
  if (spans.some((span) => span > SPARSE_FACTOR * chunkRows * chunkCols + 16)) return false;
  const bytes = spans.reduce((t, span) => t + aligned(span * 4), 0) + aligned(chunkRows * chunkCols * 4);
  withArena(ctx, op, bytes, (arena) => {
    const blocks = spans.map((span) => arena.take(span * 4));
    const o = arena.take(chunkRows * chunkCols * 4);
    const pointers = new Array<number>(operands.length);
    let at = 0;
    for (let r0 = 0; r0 < rows; r0 += chunkRows) {
      const nRows = Math.min(chunkRows, rows - r0);
      for (let c0 = 0; c0 < cols; c0 += chunkCols) {
        const nCols = Math.min(chunkCols, cols - c0);
        operands.forEach((v, k) => {
          // grid element [0, 0] is the view's first element (collapsing keeps row-major order)
          const start = v.offset + r0 * rowStrides[k]! + c0 * colStrides[k]!;
          const rowReach = (nRows - 1) * rowStrides[k]!;
          const lo = start + Math.min(0, rowReach);
          const hi = start + Math.max(0, rowReach) + (nCols - 1) * colStrides[k]! + 1;
          arena.f32.set((v.storage as Float32Array).subarray(lo, hi), blocks[k]! >> 2);
          pointers[k] = blocks[k]! + (start - lo) * 4;
        });
        kernel(pointers, o, nRows, nCols);
        const n = nRows * nCols;
        copyOut(arena, o, out.subarray(at, at + n));
        at += n;
      }
    }
  });
  return true;
}

/** out = a op b for float32; returns false (doing nothing) when the op or dtypes are not handled. */
export function wasmBinary(ctx: WasmContext, op: BinaryOp, a: View, b: View, out: TypedArray): boolean {
  const code = BINARY_CODES[op];
  if (code === undefined || !(a.storage instanceof Float32Array && b.storage instanceof Float32Array && out instanceof Float32Array)) return false;
  if (out.length === 0) return true;
  const grid = out.length > CHUNK_ELEMENTS ? vectorGrid(a.shape, [a.strides, b.strides]) : null;
  // prettier-ignore
  const one = ctx.single?.() ?? ctx; // copies into a non-shared memory are faster
  const chunked = grid !== null && runChunked(one, op, grid, [a, b], out, ([pa, pb], o, nRows, nCols) =>
    one.exports.binary(code, pa!, grid.rowStrides[0]!, grid.colStrides[0]!, pb!, grid.rowStrides[1]!, grid.colStrides[1]!, o, nRows, nCols));
  if (!chunked) binaryOnce(ctx, op, code, a, b, out);
  return true;
}

/** One wasm binary call over whole operands (placed with their strides, or gathered). */
function binaryOnce(ctx: WasmContext, op: BinaryOp, code: number, a: View, b: View, out: Float32Array): void {
  const { plans, layout: grid } = planPair(a, b);
  const { rows, cols, outerStrides: [aOuter, bOuter], rowStrides: [aRow, bRow], colStrides: [aCol, bCol] } = grid;
  runStaged(ctx, op, { operands: plans, results: [out] }, ([A, B], [O]) =>
    // prettier-ignore
    forEachOuter(grid, (k, at) => ctx.exports.binary(code, A.ptr + 4 * k * aOuter!, aRow!, aCol!,
      B.ptr + 4 * k * bOuter!, bRow!, bCol!, O + 4 * at, rows, cols)));
}

/** out = y + alpha·x for float32 (operands placed contiguous); returns false (doing nothing) otherwise. */
export function wasmScaledAdd(ctx: WasmContext, y: View, alpha: number, x: View, out: TypedArray): boolean {
  if (!(y.storage instanceof Float32Array && x.storage instanceof Float32Array && out instanceof Float32Array)) return false;
  if (out.length === 0) return true;
  runStaged(ctx, 'scaledAdd', { operands: [plan(y, true), plan(x, true)], results: [out] }, ([Y, X], [O]) =>
    ctx.exports.scaledAdd(Y.ptr, X.ptr, alpha, O, out.length));
  return true;
}

/** out = op(x; a, b) for float32; returns false (doing nothing) when the op or dtype is not handled. */
export function wasmUnary(ctx: WasmContext, op: UnaryOp, x: FloatView, out: FloatArray, a: number, b: number): boolean {
  const code = UNARY_CODES[op];
  if (code === undefined || !(x.storage instanceof Float32Array && out instanceof Float32Array)) return false;
  if (out.length === 0) return true;
  // heavy ops split from heavyUnaryPool's threshold (2^14 elements: a 64 × 256 activation too)
  const pool = heavyUnaryPool(op, out.length);
  const grid = out.length > CHUNK_ELEMENTS || pool !== null ? unitGrid(x.shape, x.strides) : null;
  const one = ctx.single?.() ?? ctx; // one thread: copies into a non-shared memory are faster
  // prettier-ignore
  const chunked = grid !== null && (pool === null
    ? runChunked(one, op, grid, [x], out, ([px], o, nRows, nCols) => one.exports.unary(code, px!, grid.rowStrides[0]!, o, nRows, nCols, a, b))
    : runChunked(ctx, op, grid, [x], out, ([px], o, nRows, nCols) => splitGridCall(pool, nRows, nCols, (r0, c0, rs, cs) =>
      [code, px! + 4 * (r0 * grid.rowStrides[0]! + c0), grid.rowStrides[0]!, o + 4 * (r0 * nCols + c0), rs, cs, a, b]), THREADED_CHUNK_ELEMENTS));
  if (!chunked) unaryOnce(ctx, op, code, x, out, a, b);
  return true;
}

/** One wasm unary call over a whole operand (placed with its strides, or gathered). */
function unaryOnce(ctx: WasmContext, op: UnaryOp, code: number, x: View, out: Float32Array, a: number, b: number): void {
  const { plans, layout: grid } = planLayout([x], ([strides]) => unitGrid(x.shape, strides!, true))!;
  const { rows, cols, outerStrides: [xOuter], rowStrides: [xRow] } = grid;
  runStaged(ctx, op, { operands: plans, results: [out] }, ([X], [O]) =>
    forEachOuter(grid, (k, at) => ctx.exports.unary(code, X.ptr + 4 * k * xOuter!, xRow!, O + 4 * at, rows, cols, a, b)));
}
