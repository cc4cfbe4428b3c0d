/**
 * The wasm matmul call: both operands go into the arena with their strides (a transposed operand
 * is only a stride pattern; the kernel's packing absorbs it), the product comes back out. Above
 * `threadMinMatmulMacs()` multiply-adds, and with more than one thread, C is cut into blocks of
 * whole batches, rows or columns, one kernel call each, run by the thread pool: every element of C
 * is still one thread's sum over all of K in the same order, so the bits do not depend on the
 * thread count. One matrix cut by rows first packs B once (`packB`), and its blocks share it; cut
 * by columns, A (`packA`).
 * @module
 */
import type { FloatArray } from '../../dtype.js';
import type { FloatView } from '../backend.js';
import { MAX_ITEMS } from '../threads/protocol.js';
import { threadPool } from '../threads/pool.js';
import { threadMinMatmulMacs } from '../threads/settings.js';
import { runStaged } from './call.js';
import { sharedKernels } from './module.js';
import { plan, type Placed, type WasmContext } from './staging.js';

/** Rows and columns of the kernel's register tile: blocks are cut at multiples of these. */
const TILE_ROWS = 4;
const TILE_COLS = 8;
/** Blocks per thread, and the fewest register tiles (rows or columns) in a block. */
const ITEMS_PER_THREAD = 4;
const MIN_TILES = 8;
/** Position of the work pointer among the kernel's arguments (matmul; matmulPackedA/B). */
const WORK_ARG = 15;
const PACKED_WORK_ARG = 9;
/** The fewest rows (or columns) in a block of a split sharing a packed operand. */
const PACKED_MIN = 32;

/** Runs C = A·B (C += A·B with `accumulate`) in wasm for float32 operands; returns false (doing nothing) for other dtypes. */
export function wasmMatmul(ctx: WasmContext, a: FloatView, b: FloatView, out: FloatArray, accumulate: boolean): boolean {
  if (!(a.storage instanceof Float32Array && b.storage instanceof Float32Array && out instanceof Float32Array)) return false;
  const [batch, m, k] = a.shape as [number, number, number];
  const n = b.shape[2]!;
  if (out.length === 0) return true;
  const product = planMatmul(ctx, batch, m, n, k, accumulate);
  const operands = [plan(a, false), plan(b, false)] as const;
  runStaged(ctx, 'matmul', { operands, results: [out], resultsIn: accumulate, workBytes: product.workBytes }, ([A, B], [C], work) =>
    product.run(A, B, C, work));
  return true;
}

/** A product planned from its sizes: the work area it needs, and the call on operands already in the arena. */
export interface MatmulPlan {
  /** Bytes of the work area (packing buffers, one per thread that can get one). */
  readonly workBytes: number;
  /** C (contiguous [batch, m, n] at byte offset `C`) = A·B (or += with `accumulate`), split over threads as planned. */
  run(A: Placed, B: Placed, C: number, work: number): void;
}

/**
 * Plans C = A·B for [batch, m, k]·[batch, k, n] (wasmMatmul's call, and any staged call that
 * computes an operand in the arena first: wasm/conv-matmul.ts).
 */
export function planMatmul(ctx: WasmContext, batch: number, m: number, n: number, k: number, accumulate: boolean): MatmulPlan {
  const pool = batch * m * n * k >= threadMinMatmulMacs() ? threadPool(sharedKernels()) : null;
  const threads = pool?.threads ?? 1;
  const workBytes = ctx.exports.matmulWorkBytes();
  // one matrix: the operand every block needs (B for a cut by rows, A for a cut by columns) is
  // packed once, before the split, and shared by the blocks (each block packing its own copy of
  // B cost 4–11 % more CPU time at n = 256–512)
  const shared = pool !== null && batch === 1 && k > 0;
  const byRows = m >= n;
  // the blocks, decided from the shapes alone (a shared operand's product of one block runs
  // unsplit); a work area for each thread that can get one
  const sharedRanges = shared ? ranges(byRows ? m : n, byRows ? TILE_ROWS : TILE_COLS, threads) : [];
  const split: Split | null = pool === null ? null : !shared ? cut(batch, m, n, threads)
    : sharedRanges.length > 1 ? { along: byRows ? 'rows' : 'cols', ranges: sharedRanges } : null;
  const packedBytes = !shared || split === null ? 0 : byRows ? ctx.exports.packedBBytes(k, n) : ctx.exports.packedABytes(m, k);
  const areas = pool === null || split === null ? 1 : pool.threadsFor(split.ranges.length);
  const run = (A: Placed, B: Placed, C: number, work: number): void => {
    const job = { workArg: PACKED_WORK_ARG, workBase: work, workStride: workBytes };
    const [, aM, aK] = A.strides as [number, number, number];
    const [, bK, bN] = B.strides as [number, number, number];
    const packed = work + workBytes * areas;
    const acc = Number(accumulate);
    if (pool === null || split === null) {
      ctx.exports.matmul(...kernelArgs(A, B, C, batch, m, n, k, work, accumulate));
    } else if (shared && byRows) {
      ctx.exports.packB(B.ptr, bK, bN, k, n, packed);
      const items = split.ranges.map(([lo, hi]) => [A.ptr + lo * aM * 4, aM, aK, packed, C + lo * n * 4, n, hi - lo, n, k, work, acc]);
      pool.run({ fn: 'matmulPackedB', items, ...job });
    } else if (shared) {
      ctx.exports.packA(A.ptr, aM, aK, m, k, packed);
      const items = split.ranges.map(([lo, hi]) => [packed, m, k, B.ptr + lo * bN * 4, bK, bN, C + lo * 4, n, hi - lo, work, acc]);
      pool.run({ fn: 'matmulPackedA', items, ...job });
    } else {
      const whole = kernelArgs(A, B, C, batch, m, n, k, work, accumulate);
      pool.run({ fn: 'matmul', items: blocks(whole, split), workArg: WORK_ARG, workBase: work, workStride: workBytes });
    }
  };
  return { workBytes: workBytes * areas + packedBytes, run };
}

/**
 * Ranges of C's rows or columns (`size` of them, cut at multiples of `unit`, the register tile)
 * for blocks sharing a packed operand: ITEMS_PER_THREAD blocks a thread (a worker that wakes late
 * leaves its blocks to the others; at most MAX_ITEMS in all, what the pool takes), and at least
 * PACKED_MIN rows or columns a block, so fewer than 2·PACKED_MIN make one block: the product then
 * runs on one thread. Each block streams all of the shared operand through the cache, and its
 * packing is serial; for blocks of a few rows that costs more than the split gains (a conv weight
 * gradient, [16 × 25088]·[25088 × 9]: ×0.89 of one thread when cut in two blocks of 8 rows,
 * [32 × 25088]·[25088 × 9] ×0.94 in two of 16; [48 × 25088]·[25088 × 16] ×1.07 in two of 24).
 */
function ranges(size: number, unit: number, threads: number): [number, number][] {
  const blocks = Math.max(1, Math.min(MAX_ITEMS, threads * ITEMS_PER_THREAD, Math.floor(size / PACKED_MIN)));
  const step = Math.ceil(size / blocks / unit) * unit;
  const out: [number, number][] = [];
  for (let lo = 0; lo < size; lo += step) out.push([lo, Math.min(size, lo + step)]);
  return out;
}

/** The kernel's arguments for the whole product (C contiguous: batch stride m·n, row stride n). */
// prettier-ignore
function kernelArgs(A: Placed, B: Placed, C: number, batch: number, m: number, n: number, k: number, work: number, accumulate: boolean) {
  return [A.ptr, A.strides[0]!, A.strides[1]!, A.strides[2]!, B.ptr, B.strides[0]!, B.strides[1]!, B.strides[2]!,
    C, m * n, n, batch, m, n, k, work, accumulate] as const;
}

type MatmulArgs = ReturnType<typeof kernelArgs>;

/** Blocks of a split product: ranges of C's batch, rows or columns. */
interface Split {
  readonly along: 'batch' | 'rows' | 'cols';
  readonly ranges: readonly (readonly [number, number])[];
}

/**
 * How {@link blocks} cuts a product into about `threads` blocks: along the batch (when it has at
 * least as many products as threads), else along the longer of C's rows and columns, at multiples
 * of the register tile; ITEMS_PER_THREAD blocks a thread (at most MAX_ITEMS in all), so that a
 * thread that wakes late (or is descheduled) leaves its blocks to the others, and never fewer than
 * MIN_TILES tiles a block (each block packs its B or A).
 */
function cut(batch: number, m: number, n: number, threads: number): Split {
  const along = batch >= threads ? 'batch' : m >= n ? 'rows' : 'cols';
  const [size, unit] = along === 'batch' ? [batch, 1] : along === 'rows' ? [m, TILE_ROWS] : [n, TILE_COLS];
  const tiles = Math.ceil(size / unit);
  const step = Math.max(Math.min(MIN_TILES, Math.ceil(tiles / threads)), Math.ceil(tiles / Math.min(MAX_ITEMS, threads * ITEMS_PER_THREAD))) * unit;
  const ranges: [number, number][] = [];
  for (let lo = 0; lo < size; lo += step) ranges.push([lo, Math.min(size, lo + step)]);
  return { along, ranges };
}

/** `whole` cut into blocks as {@link cut} said, each block's kernel arguments. */
function blocks(whole: MatmulArgs, { along, ranges }: Split): number[][] {
  const [a, aB, aM, , b, bB, , bN, c, cB, ldc] = whole;
  const args = whole.map(Number);
  const with_ = (changes: Record<number, number>): number[] => args.map((v, i) => changes[i] ?? v);
  // argument positions: 0 a, 4 b, 8 c, 11 batch, 12 m, 13 n
  if (along === 'batch') return ranges.map(([lo, hi]) => with_({ 0: a + lo * aB * 4, 4: b + lo * bB * 4, 8: c + lo * cB * 4, 11: hi - lo }));
  if (along === 'rows') return ranges.map(([lo, hi]) => with_({ 0: a + lo * aM * 4, 8: c + lo * ldc * 4, 12: hi - lo }));
  return ranges.map(([lo, hi]) => with_({ 4: b + lo * bN * 4, 8: c + lo * 4, 13: hi - lo }));
}
