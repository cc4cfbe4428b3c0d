/**
 * The control block the calling thread and the workers share (an Int32Array over a
 * SharedArrayBuffer), and the worker's program. A job is a list of items, each one call of a
 * kernel export with its own arguments (a block of C's rows, say); threads claim items one at a
 * time, so the result never depends on which thread ran what, and a thread that is slow to wake
 * (or not started yet) simply gets fewer items — the calling thread runs all of them if need be.
 *
 * Publishing job g: the caller first closes the claims (CLAIM = CLOSED), then writes the header
 * and the items, zeroes DONE, stores CLAIM = stamp(g) (the job's stamp in the high bits, the next
 * item in the low 7), then GEN = g and each active worker's WAKE slot = g, and wakes those workers.
 * A thread claims item i by compare-exchanging CLAIM from stamp(g) + i to stamp(g) + i + 1, so a
 * worker holding a stale job's header can never claim an item of a newer job (its stamp differs),
 * and a job's header is rewritten only after all its items were claimed and done.
 *
 * Closing first matters for a worker that wakes for job g late, while the caller is already writing
 * job g + 1's header: it may read g + 1's item count with g's stamp, and with g's items all claimed,
 * CLAIM = stamp(g) + items(g) would pass a check against a larger count — the worker would claim a
 * nonexistent item of g, run half-written arguments and count it DONE in job g + 1, which would
 * then return one item early (seen with 4 threads on 2 cores: a training run drifting from step 52).
 * The worker reads the header with atomic loads, so once CLAIM is CLOSED its stale reads cannot
 * pair with a claim.
 * @module
 */

/** Int32 slots of the control block. */
export const SLOT = {
  /** Generation of the latest job. */
  GEN: 0,
  /** stamp(job) | next unclaimed item. */
  CLAIM: 1,
  /** Items finished. */
  DONE: 2,
  /** Set when a worker's kernel call threw (the caller then throws). */
  FAILED: 3,
  /** Header: index of the export to call. */
  FN: 8,
  /** Header: number of arguments per item. */
  ARGS: 9,
  /** Header: number of items. */
  ITEMS: 10,
  /** Header: which argument is the per-thread work area (−1: none). */
  WORK_ARG: 11,
  /** Header: work area of thread t = WORK_BASE + t · WORK_STRIDE. */
  WORK_BASE: 12,
  WORK_STRIDE: 13,
  /** Header: threads with index ≥ this take no item (workers being retired). */
  THREADS: 14,
  /** Header: bit i set when argument i is a float32 (stored as its bits). */
  FLOAT_ARGS: 15,
  /** First item's arguments. */
  FIRST_ARG: 16,
} as const;

/** At most this many items per job (the claim counter's 7 bits). */
export const MAX_ITEMS = 64;
/** At most this many arguments per item. */
export const MAX_ARGS = 24;
/** Highest worker index + 1 (the caller is thread 0; setNumThreads allows 256 threads). */
const WORKER_SLOTS = 256;
/**
 * Per-worker slots, indexed by the worker's thread index: EPOCH (the caller bumps it to retire a
 * worker; a worker whose epoch is no longer current stops), READY (the worker stores its epoch
 * once it waits for jobs) and WAKE (the caller stores a job's generation there and wakes that
 * worker alone, so retired and parked workers are never woken).
 */
export const EPOCH = SLOT.FIRST_ARG + MAX_ITEMS * MAX_ARGS;
export const READY = EPOCH + WORKER_SLOTS;
export const WAKE = READY + WORKER_SLOTS;
/** Int32 slots in the control block. */
export const CONTROL_SLOTS = WAKE + WORKER_SLOTS;

/** CLAIM while a job is published: no stamp has bit 31 set, so every claim compares unequal. */
export const CLOSED = -1;

/** The CLAIM value of job `generation` before any item is claimed. */
export function stamp(generation: number): number {
  return (generation & 0xffffff) << 7;
}

/**
 * Claims the next item of job `generation`: its index, or −1 when the job has none left (or was
 * replaced). WORKER_SOURCE spells the same steps out (as text, so that a minifier renaming this
 * module's identifiers cannot break the worker).
 */
export function claimItem(control: Int32Array, generation: number, items: number): number {
  const base = stamp(generation);
  for (;;) {
    const word = Atomics.load(control, SLOT.CLAIM);
    if ((word & ~0x7f) !== base) return -1;
    const next = word & 0x7f;
    if (next >= items) return -1;
    if (Atomics.compareExchange(control, SLOT.CLAIM, word, word + 1) === word) return next;
  }
}

/**
 * The worker's program (plain JavaScript, evaluated by `new Worker(…, { eval: true })` in Node or
 * from a Blob URL in browsers): instantiate the kernels on the shared memory, then forever wait
 * for a job, claim items, run them and count them done, until retired.
 */
export const WORKER_SOURCE = `'use strict';
const SLOT = ${JSON.stringify(SLOT)};
const EPOCH = ${EPOCH}, READY = ${READY}, WAKE = ${WAKE};
function claimItem(control, generation, items) {
  const base = (generation & 0xffffff) << 7;
  for (;;) {
    const word = Atomics.load(control, SLOT.CLAIM);
    if ((word & ~0x7f) !== base) return -1;
    const next = word & 0x7f;
    if (next >= items) return -1;
    if (Atomics.compareExchange(control, SLOT.CLAIM, word, word + 1) === word) return next;
  }
}
function serve({ module, memory, control: buffer, tid, epoch }) {
  const control = new Int32Array(buffer);
  const floats = new Float32Array(buffer);
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  const fns = WebAssembly.Module.exports(module).filter((e) => e.kind === 'function').map((e) => instance.exports[e.name]);
  let seen = Atomics.load(control, WAKE + tid);
  Atomics.store(control, READY + tid, epoch);
  for (;;) {
    Atomics.wait(control, WAKE + tid, seen);
    if (Atomics.load(control, EPOCH + tid) !== epoch) return; // retired: the worker ends
    seen = Atomics.load(control, WAKE + tid);
    const fn = fns[Atomics.load(control, SLOT.FN)];
    const nargs = Atomics.load(control, SLOT.ARGS);
    const items = Atomics.load(control, SLOT.ITEMS);
    const workArg = Atomics.load(control, SLOT.WORK_ARG);
    const work = Atomics.load(control, SLOT.WORK_BASE) + tid * Atomics.load(control, SLOT.WORK_STRIDE);
    const floatArgs = Atomics.load(control, SLOT.FLOAT_ARGS);
    if (tid >= Atomics.load(control, SLOT.THREADS)) continue;
    for (let item = claimItem(control, seen, items); item >= 0; item = claimItem(control, seen, items)) {
      const at = SLOT.FIRST_ARG + item * nargs;
      const args = Array.prototype.slice.call(control, at, at + nargs);
      for (let i = 0; i < nargs; i++) if ((floatArgs >> i) & 1) args[i] = floats[at + i];
      if (workArg >= 0) args[workArg] = work;
      try {
        fn(...args);
      } catch (e) {
        Atomics.store(control, SLOT.FAILED, 1);
      }
      if (Atomics.add(control, SLOT.DONE, 1) + 1 === items) Atomics.notify(control, SLOT.DONE);
    }
  }
}
// Node (as a script or, under --input-type=module, as a module), else a browser worker
const nodeThreads = typeof process === 'object' && typeof process.getBuiltinModule === 'function' ? process.getBuiltinModule('node:worker_threads') : null;
if (nodeThreads !== null) serve(nodeThreads.workerData);
else self.onmessage = (event) => serve(event.data);
`;
