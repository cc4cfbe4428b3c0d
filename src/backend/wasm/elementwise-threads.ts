/**
 * Threads for the heavy elementwise kernels (issue 11, item 3). exp, log, tanh and sigmoid cost
 * 1.3–3 ns an element in wasm (one thread on the development machine: exp 1.3, sigmoid 2.0, tanh
 * 2.3, log 3.1) against about 0.15 ns to copy it in or out (bench/elementwise-breakdown.mjs), so
 * a large call of theirs is split across the thread pool:
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

/**
 * Elements per arena chunk of a threaded call. Each chunk is one pool job, which pays the workers'
 * wake-up and the caller's wait for the last block once, so chunks are larger than one thread's:
 * 2^18 (a 2 MB arena for operand and result) against 2^16 took tanh over 2^20 from 3.44–3.67 to
 * 3.29–3.47 ms (10th percentiles of 5 interleaved processes, load 7–8); 2^20 measured alike.
 */
export const THREADED_CHUNK_ELEMENTS = 2 ** 18;

/** Blocks per thread at least, so that a thread that wakes late leaves its share to the others. */
const ITEMS_PER_THREAD = 4;

/**
 * Elements per block at most (~40 µs of tanh), up to the pool's item limit: a job ends when its
 * last block does, so small blocks keep the threads' finishing times close.
 */
const BLOCK_ELEMENTS = 2 ** 14;

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
  const blocks = Math.min(MAX_ITEMS, Math.max(pool.threads * ITEMS_PER_THREAD, Math.ceil((nRows * nCols) / BLOCK_ELEMENTS)));
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
