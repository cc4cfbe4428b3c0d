/**
 * The worker pool: threads sharing the kernels' WebAssembly memory, each running the same module,
 * so a kernel call can be cut into items (blocks of the output) that run in parallel. `run` is
 * synchronous: the calling thread publishes the job, claims items itself, and then blocks in
 * `Atomics.wait` until the items the workers claimed are done. Workers start on the first job that
 * needs them (asynchronously; until they are up the calling thread does everything) and follow
 * `setNumThreads`.
 * @module
 */
import type { WasmMemory } from '../wasm/arena.js';
import { threadHost, type WorkerHandle } from './host.js';
import { claimItem, CLOSED, CONTROL_SLOTS, EPOCH, MAX_ARGS, MAX_ITEMS, READY, SLOT, stamp, WAKE, WORKER_SOURCE } from './protocol.js';
import { getNumThreads, onThreadsChange, threadSpinMicros } from './settings.js';

/** One parallel kernel call. */
export interface ParallelJob {
  /** The export to call. */
  readonly fn: string;
  /** Each item's arguments (at most 64 items of at most 24 integers). */
  readonly items: readonly (readonly number[])[];
  /** Which argument is replaced by the running thread's work area (omit: none). */
  readonly workArg?: number;
  /** Work area of thread t: `workBase + t · workStride` (bytes). */
  readonly workBase?: number;
  readonly workStride?: number;
  /** Positions of float32 arguments (the rest are integers). */
  readonly floatArgs?: readonly number[];
}

/**
 * The module and memory the pool's workers instantiate (a `WebAssembly.Module` and a shared
 * `WebAssembly.Memory`, typed structurally so the published declarations need no DOM lib).
 */
export interface SharedKernels {
  readonly module: object;
  readonly memory: WasmMemory;
  /** The calling thread's instance. */
  readonly exports: Record<string, unknown>;
}

export class ThreadPool {
  private readonly control = new Int32Array(new SharedArrayBuffer(CONTROL_SLOTS * 4));
  private readonly floats = new Float32Array(this.control.buffer);
  private readonly fnIndex = new Map<string, number>();
  private readonly workers: WorkerHandle[] = [];
  private active = 1;
  private generation = 0;
  /** Items the workers ran (tests check that the workers took part). */
  workerItems = 0;
  /** False leaves every item to the workers (tests: so that the workers surely compute). */
  callerWorks = true;

  constructor(private readonly kernels: SharedKernels) {
    WebAssembly.Module.exports(kernels.module as WebAssembly.Module)
      .filter((e) => e.kind === 'function')
      .forEach((e, i) => this.fnIndex.set(e.name, i));
  }

  /** Threads a job may use now: the calling thread plus the active workers. */
  get threads(): number {
    return this.active;
  }

  /** Workers of the active threads that came up (instantiated the module) and wait for jobs. */
  get readyWorkers(): number {
    let ready = 0;
    for (let tid = 1; tid < this.active && tid <= this.workers.length; tid++) ready += Atomics.load(this.control, READY + tid) === this.control[EPOCH + tid] ? 1 : 0;
    return ready;
  }

  /**
   * Makes `threads` threads (the caller included) take part: starts workers, or parks the surplus
   * (a parked worker keeps waiting but is never woken: jobs wake the active threads only, and a
   * job's header tells a late waker whether it may take items). Workers past the machine's cores
   * are retired instead (their epoch is bumped, so they end on waking and can never claim an item
   * again, even while being terminated). Parking matters to anyone switching between thread
   * counts: a fresh worker costs ~35 ms of CPU to start (its isolate, the module's instance) and
   * runs no item for 30–170 ms, so a benchmark alternating 1 and 2 threads (or a program
   * setting 1 thread around a section) paid a respawn on each switch.
   */
  resize(threads: number): void {
    const host = threadHost();
    if (host === null) return;
    const c = this.control;
    const keep = Math.max(threads, host.cores()) - 1;
    while (this.workers.length > keep) {
      const tid = this.workers.length;
      Atomics.add(c, EPOCH + tid, 1);
      Atomics.store(c, READY + tid, 0);
      Atomics.store(c, WAKE + tid, -1); // never a job's generation, so its successor wakes for the next job
      Atomics.notify(c, WAKE + tid);
      this.workers.pop()!.terminate();
    }
    while (this.workers.length < threads - 1) {
      const tid = this.workers.length + 1;
      const epoch = Atomics.add(c, EPOCH + tid, 1) + 1;
      const { module, memory } = this.kernels;
      this.workers.push(host.spawn(WORKER_SOURCE, { module, memory, control: c.buffer as SharedArrayBuffer, tid, epoch }));
    }
    this.active = threads;
  }

  /**
   * Threads that take part in a job of `items` items: no more than can each get one, so that a
   * caller reserves a work area per taking part thread rather than per thread of the pool.
   */
  threadsFor(items: number): number {
    return Math.max(1, Math.min(this.active, items + (this.callerWorks ? 0 : 1)));
  }

  /** Runs every item of `job` (in parallel where workers are free) and returns when all are done. */
  run(job: ParallelJob): void {
    const { items, workArg = -1, workBase = 0, workStride = 0, floatArgs = [] } = job;
    const fn = this.fnIndex.get(job.fn);
    const nargs = items[0]?.length ?? 0;
    if (fn === undefined || items.length > MAX_ITEMS || nargs > MAX_ARGS) throw new Error(`thread pool: cannot run ${job.fn} as ${items.length} items of ${nargs} arguments`);
    const c = this.control;
    Atomics.store(c, SLOT.CLAIM, CLOSED); // before the header changes: see protocol.ts
    c[SLOT.FN] = fn;
    c[SLOT.ARGS] = nargs;
    c[SLOT.ITEMS] = items.length;
    c[SLOT.WORK_ARG] = workArg;
    c[SLOT.WORK_BASE] = workBase;
    c[SLOT.WORK_STRIDE] = workStride;
    const threads = this.threadsFor(items.length);
    c[SLOT.THREADS] = threads;
    c[SLOT.FLOAT_ARGS] = floatArgs.reduce((mask, i) => mask | (1 << i), 0);
    items.forEach((args, i) => {
      const at = SLOT.FIRST_ARG + i * nargs;
      c.set(args, at);
      for (const f of floatArgs) this.floats[at + f] = args[f]!;
    });
    Atomics.store(c, SLOT.DONE, 0);
    Atomics.store(c, SLOT.FAILED, 0);
    const generation = (this.generation = (this.generation + 1) | 0);
    Atomics.store(c, SLOT.CLAIM, stamp(generation));
    Atomics.store(c, SLOT.GEN, generation);
    for (let tid = 1; tid < threads; tid++) {
      Atomics.store(c, WAKE + tid, generation);
      Atomics.notify(c, WAKE + tid);
    }
    const call = this.kernels.exports[job.fn] as (...args: number[]) => void;
    let mine = 0;
    for (let item = this.callerWorks ? claimItem(c, generation, items.length) : -1; item >= 0; item = claimItem(c, generation, items.length)) {
      const args = items[item]!.slice();
      if (workArg >= 0) args[workArg] = workBase;
      call(...args);
      mine++;
      Atomics.add(c, SLOT.DONE, 1);
    }
    // the workers' last items usually end soon after the caller's: spin for them briefly, then
    // sleep (waking the calling thread from Atomics.wait costs tens of µs; threadSpinMicros)
    const end = performance.now() + threadSpinMicros() / 1000;
    for (let i = 1; Atomics.load(c, SLOT.DONE) < items.length; i++) if ((i & 63) === 0 && performance.now() > end) break;
    for (let done = Atomics.load(c, SLOT.DONE); done < items.length; done = Atomics.load(c, SLOT.DONE)) {
      Atomics.wait(c, SLOT.DONE, done);
    }
    this.workerItems += items.length - mine;
    if (Atomics.load(c, SLOT.FAILED) !== 0) throw new Error(`thread pool: a worker's ${job.fn} call failed`);
  }
}

let pool: ThreadPool | null = null;
let poolKernels: SharedKernels | null = null;

/**
 * The pool over `kernels` when more than one thread should run, else null. Made (and its workers
 * started) on the first call that asks for it.
 */
export function threadPool(kernels: SharedKernels | null): ThreadPool | null {
  if (kernels === null) return null;
  const threads = getNumThreads();
  if (threads <= 1 && pool === null) return null;
  if (pool === null || poolKernels !== kernels) {
    pool = new ThreadPool(kernels);
    poolKernels = kernels;
    pool.resize(threads);
  }
  return pool.threads > 1 ? pool : null;
}

onThreadsChange((threads) => pool?.resize(threads));
