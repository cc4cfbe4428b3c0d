/**
 * Choosing the compute backend: `setBackend('ref' | 'wasm' | 'auto')` or `setBackend(yourBackend)`,
 * `getBackend()`, and `traceKernels(fn)` to see which backend ran each kernel. The environment
 * variable `CHAINRULE_BACKEND` sets the initial choice (see ./environment.ts).
 * @module
 */
import { ValueError, formatValue } from '../errors.js';
import type { Backend } from './backend.js';
import { missingKernels } from './kernels.js';
import { kernels, useBackend } from './registry.js';
import { backendByName, BACKEND_NAMES, initialBackendName, type BackendName } from './environment.js';
import { isSelfTracing, startTrace, stopTrace, tracing, type KernelCall } from './trace.js';
import { wasmKernels, wasmUnavailableReason } from './wasm/module.js';

export type { BackendName } from './environment.js';
export type { KernelCall } from './trace.js';
export { initWasm } from './wasm/module.js';

let selected: string = initialBackendName();

/**
 * Selects the backend every op uses from now on. You rarely need to: the default is `'auto'`, the
 * fastest, with no call. The choices:
 *
 * - `'auto'` (default): WebAssembly SIMD for tensors large enough to gain (measured crossovers,
 *   `WASM_CROSSOVER`), the plain TypeScript kernels below. Where the engine cannot compile the
 *   module synchronously (Chromium's main thread refuses modules over a few KB), the first large
 *   op starts the asynchronous compile and every op runs on `'ref'` until it finishes, then on
 *   wasm by itself: nothing blocks or throws for it. `await initWasm()` resolves once it is ready.
 *   Without SIMD128 it stays on `'ref'`.
 * - `'ref'`: plain TypeScript everywhere, the oracle — the one to step into kernels with a debugger.
 * - `'wasm'`: WebAssembly SIMD for every float32 call it accelerates (matmul, elementwise,
 *   reductions, copies, windows; the rest on ref). Throws a ValueError where the engine lacks
 *   SIMD128 or cannot compile synchronously (then `await initWasm()` first).
 *
 * The environment variable `CHAINRULE_BACKEND=ref|wasm|auto` sets the initial choice in Node.
 * An unknown name throws a ValueError and nothing changes.
 *
 * Or installs your own {@link Backend} object: a `name` and every kernel method (see
 * docs/adding-an-op.md, which also shows a backend wrapping another). A ValueError names the
 * kernels it lacks, and nothing changes.
 *
 * ```ts
 * getBackend(); // 'auto'
 * setBackend('ref'); // step through the TypeScript kernels
 * const mine: Backend = { name: 'mine', copy(src, dst) { … }, unary(op, x, out, a, b) { … }, … };
 * setBackend(mine);
 * getBackend(); // 'mine'
 * traceKernels(() => x.exp()).calls; // [{ backend: 'mine', kernel: 'unary', op: 'exp', … }]
 * ```
 */
export function setBackend(backend: BackendName | Backend): void {
  if (typeof backend === 'object' && backend !== null) {
    installUserBackend(backend);
    return;
  }
  const name = backend;
  if (!(BACKEND_NAMES as readonly string[]).includes(name)) {
    throw new ValueError('setBackend', `unknown backend ${formatValue(name)}; expected 'ref', 'wasm' or 'auto'`);
  }
  if (name === 'wasm' && wasmKernels() === null) {
    throw new ValueError('setBackend', `the wasm backend is unavailable: ${wasmUnavailableReason()}`);
  }
  useBackend(backendByName(name));
  selected = name;
}

/** Checks a user's backend object for every kernel method and installs it. */
function installUserBackend(backend: Backend): void {
  if (typeof backend.name !== 'string' || backend.name === '') {
    throw new ValueError('setBackend', 'a backend object needs a non-empty string `name` (shown by getBackend() and traceKernels())');
  }
  const missing = missingKernels(backend);
  if (missing.length > 0) {
    throw new ValueError('setBackend', `backend ${formatValue(backend.name)} lacks the kernel method${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
  }
  useBackend(backend);
  selected = backend.name;
}

/**
 * The name of the selected backend: `'auto'` by default (or what `CHAINRULE_BACKEND` names),
 * `'ref'`, `'wasm'`, or the `name` of a backend object given to {@link setBackend}. Under `'auto'`,
 * {@link traceKernels} shows which backend ran each call (`'ref'` for small tensors, and for every
 * call while the wasm module is still compiling asynchronously).
 *
 * ```ts
 * getBackend(); // 'auto'
 * traceKernels(() => matmul(randn([256, 256]), randn([256, 256]))).calls[0].backend; // 'wasm'
 * ```
 */
export function getBackend(): BackendName | (string & {}) {
  return selected;
}

/** Result of {@link traceKernels}: fn's return value and the kernel calls it made, in order. */
export interface KernelTrace<T> {
  readonly result: T;
  readonly calls: KernelCall[];
}

/**
 * Runs `fn` and records, for every kernel call it makes, which backend ran it (`'ref'` or
 * `'wasm'`), the kernel, its op and the main operand's shape. A debugging aid:
 * `traceKernels(() => a.matmul(b)).calls` → `[{ backend: 'wasm', kernel: 'matmul', … }]`.
 */
export function traceKernels<T>(fn: () => T): KernelTrace<T> {
  if (typeof fn !== 'function') throw new ValueError('traceKernels', `fn must be a function, got ${formatValue(fn)}`);
  const backend = kernels();
  const wrapped = isSelfTracing(backend) ? backend : tracing(backend);
  const previousLog = startTrace();
  useBackend(wrapped);
  const finish = (): KernelCall[] => {
    useBackend(backend);
    return stopTrace(previousLog);
  };
  let result: T;
  try {
    result = fn();
  } catch (e) {
    finish();
    throw e;
  }
  return { result, calls: finish() };
}
