/**
 * How many threads the wasm kernels may use: `setNumThreads` / `getNumThreads`, like
 * `torch.set_num_threads` / `torch.get_num_threads`, defaulting to the machine's cores. Threads run
 * only where the platform allows a synchronous call to wait for them (see `host.ts`); elsewhere
 * the kernels run on the calling thread and `getNumThreads()` says 1.
 * @module
 */
import { ValueError } from '../../errors.js';
import { threadHost } from './host.js';

/** The most threads `setNumThreads` accepts. */
export const MAX_THREADS = 256;

/** Listeners told when the thread count changes (the pool resizes itself). */
const listeners: ((threads: number) => void)[] = [];

let requested: number | null = null;

/** The environment's `name`, or undefined (in browsers, or when unset). */
function environment(name: string): string | undefined {
  const value = typeof process === 'object' && process.env ? process.env[name] : undefined;
  return value === undefined || value === '' ? undefined : value;
}

/**
 * A numeric tuning knob: the environment variable `env` when set, else `fallback`; `get` reads it
 * and `set` changes it, returning the previous value.
 */
function tunable(env: string, fallback: number): { get: () => number; set: (value: number) => number } {
  let value = Number(environment(env) ?? fallback);
  return {
    get: () => value,
    set(next) {
      const previous = value;
      value = next;
      return previous;
    },
  };
}

/** A positive integer thread count, or a ValueError naming `op` and the value. */
function checkedThreads(op: string, n: unknown): number {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_THREADS) {
    throw new ValueError(op, `threads must be an integer from 1 to ${MAX_THREADS}, got ${typeof n === 'number' ? n : typeof n}`);
  }
  return n;
}

/** The thread count before any `setNumThreads`: CHAINRULE_THREADS, else the available cores. */
function initialThreads(): number {
  const env = environment('CHAINRULE_THREADS');
  if (env !== undefined) return checkedThreads('CHAINRULE_THREADS', Number(env));
  return Math.min(MAX_THREADS, Math.max(1, threadHost()?.cores() ?? 1));
}

/**
 * Sets how many threads the wasm kernels split their work across, like
 * `torch.set_num_threads`. The default is the number of cores (`os.availableParallelism()` in
 * Node, `navigator.hardwareConcurrency` in browsers), or the `CHAINRULE_THREADS` environment
 * variable. Results are bit-identical for every thread count: each output element is computed by
 * one thread, in the same order. Threads need Node ≥ 20.16 (`process.getBuiltinModule`) or, in a
 * browser, a cross-origin isolated page with chainrule in a Web Worker; elsewhere (no
 * `SharedArrayBuffer`, a page's main thread, which may not block) the kernels run on one thread
 * and no error is thrown. Worker threads never keep a Node process alive. Split so far: matrix
 * products, convolutions (their products, im2col and col2im), max pooling, the RNN/LSTM/GRU
 * recurrences (by batch rows) and large unary ops, above sizes where splitting pays.
 *
 * @param threads an integer from 1 to 256 (1 runs everything on the calling thread)
 * @throws ValueError when `threads` is not such an integer
 * @example
 * ```ts
 * import { setNumThreads, getNumThreads } from 'chainrule';
 * setNumThreads(2);
 * getNumThreads(); // 2 where threads are available, else 1
 * ```
 */
export function setNumThreads(threads: number): void {
  requested = checkedThreads('setNumThreads', threads);
  for (const listener of listeners) listener(getNumThreads());
}

/**
 * The number of threads the wasm kernels use, like `torch.get_num_threads`: what
 * {@link setNumThreads} set (by default the number of cores), or 1 where the platform cannot run
 * them (see {@link setNumThreads}).
 *
 * @example
 * ```ts
 * import { getNumThreads } from 'chainrule';
 * console.log(`kernels run on ${getNumThreads()} thread(s)`);
 * ```
 */
export function getNumThreads(): number {
  if (threadHost() === null) return 1;
  requested ??= initialThreads();
  return requested;
}

/** Calls `listener` with the new count whenever `setNumThreads` changes it. */
export function onThreadsChange(listener: (threads: number) => void): void {
  listeners.push(listener);
}

/**
 * Multiply-adds from which a matmul is split across threads. The calling thread starts on the
 * blocks at once and a worker joins after its wake-up latency L, so with blocks claimed
 * dynamically a product of W µs takes about (W + L) / 2 plus its serial part (copying the
 * operands in and C out, packing the shared operand), and the caller then waits for the
 * worker's last block. L measured 13–43 µs here (a job of one empty item left to the worker,
 * load 4–5), and a product the size of an LSTM step's (16×161×512, 1.3 M multiply-adds, ~90 µs
 * of one-thread kernel plus ~40 µs of copies) ran ×0.75–0.98 of one thread when split (6 runs,
 * load 6–9): at 2¹⁹ the LSTM step (seq 32, batch 16, hidden 128) was slower on 2 threads
 * than on 1 (×0.77–0.90 in-process, 4 runs, load 3.6–8), at 2²¹ it splits nothing (×0.93–1.08,
 * noise). 2²¹ multiply-adds are ~120 µs of the one-thread kernel: W/2 ≥ L with room for the
 * serial part. CHAINRULE_THREAD_MIN_MACS overrides it (the threads test project sets 0, so
 * every product splits).
 */
const matmulMacs = tunable('CHAINRULE_THREAD_MIN_MACS', 2 ** 21);
/** The current matmul threshold in multiply-adds. */
export const threadMinMatmulMacs = matmulMacs.get;
/** Sets the matmul threshold (tests and benchmarks; not public); returns the previous one. */
export const setThreadMinMatmulMacs = matmulMacs.set;

/**
 * Elements of output from which a copy-like kernel (im2col, col2im) is split across threads by
 * image planes: 2¹⁷ floats are ~40 µs of copying, past a worker's wake-up latency (see the matmul
 * threshold above). CHAINRULE_THREAD_MIN_ELEMENTS overrides it (the threads test project sets 0).
 */
const planeElements = tunable('CHAINRULE_THREAD_MIN_ELEMENTS', 2 ** 17);
/** The current threshold of the plane-split kernels, in output elements. */
export const threadMinElements = planeElements.get;
/** Sets the plane-split threshold (tests and benchmarks; not public); returns the previous one. */
export const setThreadMinElements = planeElements.set;

/**
 * Microseconds the calling thread spins, once its own items are done, for the items the workers
 * still run, before it sleeps in `Atomics.wait`: being woken from that sleep costs tens of µs, as
 * much as a small product's whole split. bench/threads-matmul.mjs's pool probe measured 20 µs
 * best (a 16×161×512 product between JS work, 6 runs, load 6–9: ×0.47–0.71 of one thread
 * without spinning, ×0.75–0.98 with 20 µs, ×0.59–0.97 with 60 µs). Workers do not spin.
 * CHAINRULE_THREAD_SPIN_US overrides it (0: never spin).
 */
const spin = tunable('CHAINRULE_THREAD_SPIN_US', 20);
/** The current spin time in µs. */
export const threadSpinMicros = spin.get;
/** Sets the spin time (tests and benchmarks; not public); returns the previous one. */
export const setThreadSpinMicros = spin.set;
