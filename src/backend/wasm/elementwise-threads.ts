/**
 * Threads for the heavy elementwise kernels (issue 11, item 3). exp, log, tanh and sigmoid cost
 * about 10 ns an element in wasm against about 0.15 ns to copy it in or out
 * (bench/elementwise-breakdown.mjs), so a large call of theirs is split across the thread pool:
 * each chunk staged in the arena is cut into blocks of whole rows (or, for a single row, of
 * columns), one kernel call each. Every lane of the kernel computes its element alone, so the bits
 * do not depend on the thread count or on where the blocks are cut. Cheap ops (add, mul, relu …)
 * stay on one thread: their time is the copies and the fresh output, which only the calling thread
 * can do.
 * @module
 */
import type { UnaryOp } from '../backend.js';
import { threadPool, type ThreadPool } from '../threads/pool.js';
import { MAX_ITEMS } from '../threads/protocol.js';
import { threadMinElements } from '../threads/settings.js';
import { sharedKernels } from './module.js';

/** Unary ops whose kernel costs far more than moving the data: worth splitting across threads. */
const HEAVY_UNARY: ReadonlySet<UnaryOp> = new Set<UnaryOp>(['exp', 'log', 'tanh', 'sigmoid']);

/**
 * Elements from which a heavy op is split: 2¹⁴ elements are ~100–200 µs of kernel, well past a
 * worker's wake-up. `threadMinElements()` lowers it (the threads test project sets 0).
 */
const HEAVY_MIN_ELEMENTS = 2 ** 14;

/** Elements per arena chunk of a threaded call (larger than one thread's, so each job pays its wake-up once for more work). */
export const THREADED_CHUNK_ELEMENTS = 2 ** 16;

/** Blocks per thread, so that a thread that wakes late leaves its share to the others. */
const ITEMS_PER_THREAD = 4;

/** The pool to split a unary call of `elements` elements with, or null to run it on this thread. */
export function heavyUnaryPool(op: UnaryOp, elements: number): ThreadPool | null {
  if (!HEAVY_UNARY.has(op) || elements < Math.min(HEAVY_MIN_ELEMENTS, threadMinElements())) return null;
  return threadPool(sharedKernels());
}

/**
 * Runs one [nRows, nCols] kernel call (the `unary` export) as blocks on the pool: of whole rows
 * when there are several (the output's row stride stays nCols), else of columns in multiples of 4
 * (whole f32x4 lanes). `argsOf(r0, c0, rows, cols)` gives a block's arguments.
 */
export function splitGridCall(
  pool: ThreadPool, nRows: number, nCols: number,
  argsOf: (r0: number, c0: number, rows: number, cols: number) => number[],
): void {
  const blocks = Math.min(MAX_ITEMS, pool.threads * ITEMS_PER_THREAD);
  const items: number[][] = [];
  if (nRows > 1) {
    const step = Math.ceil(nRows / blocks);
    for (let r0 = 0; r0 < nRows; r0 += step) items.push(argsOf(r0, 0, Math.min(step, nRows - r0), nCols));
  } else {
    const step = Math.ceil(nCols / blocks / 4) * 4;
    for (let c0 = 0; c0 < nCols; c0 += step) items.push(argsOf(0, c0, 1, Math.min(step, nCols - c0)));
  }
  pool.run({ fn: 'unary', items, floatArgs: [6, 7] });
}
