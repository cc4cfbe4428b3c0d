/**
 * Where worker threads come from. In Node: `worker_threads` (reached synchronously through
 * `process.getBuiltinModule`, Node ≥ 20.16 / 22.3), each worker `unref()`'d so it never keeps the
 * process alive. In browsers: dedicated Web Workers, only when the page is cross-origin isolated
 * (shared memory exists) and chainrule itself runs in a worker — a page's main thread may not block
 * in `Atomics.wait`, which the synchronous API needs. Anywhere else: null, and kernels run on one
 * thread.
 * @module
 */
import type { WasmMemory } from '../wasm/arena.js';

/**
 * What a worker receives: the compiled kernels (a `WebAssembly.Module`), the shared memory, the
 * control block, its index (typed structurally, so the published declarations need no DOM lib).
 */
export interface WorkerData {
  readonly module: object;
  readonly memory: WasmMemory;
  readonly control: SharedArrayBuffer;
  /** Its thread index (1, 2, …; the caller is 0) and epoch (protocol.ts). */
  readonly tid: number;
  readonly epoch: number;
}

/** A started worker. */
export interface WorkerHandle {
  /** Stops the worker (asynchronously; it may finish waiting first). */
  terminate(): void;
}

/** A platform that can run worker threads over shared memory. */
export interface ThreadHost {
  /** Logical cores available to this process. */
  cores(): number;
  /** Starts a worker evaluating `source` (plain JavaScript, see worker-source.ts) with `data`. */
  spawn(source: string, data: WorkerData): WorkerHandle;
}

interface NodeWorker {
  unref(): void;
  terminate(): Promise<number>;
  on(event: 'error', listener: (error: Error) => void): void;
}
interface NodeWorkerThreads {
  Worker: new (source: string, options: { eval: true; workerData: WorkerData; stdout?: boolean; stderr?: boolean }) => NodeWorker;
}
interface NodeOs {
  availableParallelism?: () => number;
  cpus(): unknown[];
}
interface NodeProcess {
  getBuiltinModule?: (name: string) => unknown;
}

/** True when shared wasm memory (and so SharedArrayBuffer and Atomics) exists here. */
function sharedMemoryWorks(): boolean {
  if (typeof SharedArrayBuffer !== 'function' || typeof Atomics !== 'object' || typeof WebAssembly !== 'object') return false;
  try {
    return new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true }).buffer instanceof SharedArrayBuffer;
  } catch {
    return false;
  }
}

function nodeHost(): ThreadHost | null {
  const proc = (typeof process === 'object' ? process : undefined) as NodeProcess | undefined;
  if (typeof proc?.getBuiltinModule !== 'function') return null;
  const threads = proc.getBuiltinModule('node:worker_threads') as NodeWorkerThreads | undefined;
  const os = proc.getBuiltinModule('node:os') as NodeOs | undefined;
  if (threads === undefined || os === undefined) return null;
  return {
    cores: () => os.availableParallelism?.() ?? os.cpus().length,
    spawn(source, data) {
      const worker = new threads.Worker(source, { eval: true, workerData: data });
      worker.unref();
      // a worker that fails to start simply never takes work: the calling thread does it all
      worker.on('error', () => {});
      return { terminate: () => void worker.terminate() };
    },
  };
}

interface BrowserScope {
  crossOriginIsolated?: boolean;
  document?: unknown;
  navigator?: { hardwareConcurrency?: number };
  Worker?: new (url: string) => { postMessage(data: unknown): void; terminate(): void };
  Blob?: new (parts: string[], options: { type: string }) => unknown;
  URL?: { createObjectURL(blob: unknown): string };
}

function browserHost(): ThreadHost | null {
  const scope = globalThis as BrowserScope;
  // a page's main thread (it has a document) may not Atomics.wait: one thread there
  if (scope.crossOriginIsolated !== true || scope.document !== undefined) return null;
  const { Worker, Blob, URL } = scope;
  if (Worker === undefined || Blob === undefined || URL === undefined) return null;
  let url: string | null = null;
  return {
    cores: () => scope.navigator?.hardwareConcurrency ?? 1,
    spawn(source, data) {
      url ??= URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
      const worker = new Worker(url);
      worker.postMessage(data);
      return { terminate: () => worker.terminate() };
    },
  };
}

let host: ThreadHost | null | undefined;

/** The platform's thread host, or null where kernels must stay on the calling thread. */
export function threadHost(): ThreadHost | null {
  if (host === undefined) host = sharedMemoryWorks() ? (nodeHost() ?? browserHost()) : null;
  return host;
}
