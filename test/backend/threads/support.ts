/**
 * Helpers for the thread tests: the pool of the shared wasm module, waiting for its workers, and
 * running code with a given thread count and split threshold.
 */
import { threadPool, type ThreadPool } from '../../../src/backend/threads/pool.js';
import { getNumThreads, setNumThreads, setThreadMinElements, setThreadMinMatmulMacs } from '../../../src/backend/threads/settings.js';
import { sharedKernels } from '../../../src/backend/wasm/module.js';

/** The pool with `threads` (≥ 2) threads and all its workers up (they start asynchronously). */
export async function poolWith(threads: number): Promise<ThreadPool> {
  setNumThreads(threads);
  const pool = threadPool(sharedKernels());
  if (pool === null || pool.threads !== threads) throw new Error(`no thread pool with ${threads} threads: shared memory or worker_threads missing`);
  const deadline = Date.now() + 20_000;
  while (pool.readyWorkers < threads - 1) {
    if (Date.now() > deadline) throw new Error(`only ${pool.readyWorkers} of ${threads - 1} workers came up`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return pool;
}

/**
 * Runs `fn` with every splittable call split (thresholds 0) and, with `workersOnly`, every item
 * left to the workers (so they surely compute); restores the thresholds and the pool's setting.
 */
export function splittingAll<T>(fn: () => T, workersOnly = false): T {
  const previous = setThreadMinMatmulMacs(0);
  const previousElements = setThreadMinElements(0);
  const pool = getNumThreads() > 1 ? threadPool(sharedKernels()) : null;
  if (pool !== null) pool.callerWorks = !workersOnly;
  try {
    return fn();
  } finally {
    setThreadMinMatmulMacs(previous);
    setThreadMinElements(previousElements);
    if (pool !== null) pool.callerWorks = true;
  }
}

/**
 * Fills the arena's part of the shared memory with NaN bits, so that an output element a kernel
 * call failed to write cannot keep a value an earlier call left at the same place.
 */
export function poisonArena(): void {
  const kernels = sharedKernels();
  if (kernels === null) throw new Error('no shared wasm memory');
  const heapBase = (kernels.exports.heapBase as () => number)();
  new Uint8Array(kernels.memory.buffer).fill(0xff, heapBase);
}
