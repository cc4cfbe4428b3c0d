/**
 * Choosing the compute backend: `setBackend('ref' | 'wasm' | 'auto')` or `setBackend(yourBackend)`,
 * `getBackend()`, and `traceKernels(fn)` to see which backend ran each kernel. The environment
 * variable `CHAINRULE_BACKEND` sets the initial choice (see ./environment.ts).
 * @module
 */
import { ValueError } from '../errors.js';
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
 * Selects the backend every op uses from now on: `'ref'` (plain TypeScript, the oracle), `'wasm'`
 * (WebAssembly SIMD for float32 matmul, elementwise, reductions and copies; the rest on ref) or
 * `'auto'` (wasm only for tensors large enough to gain). Throws a ValueError for an unknown name,
 * or for `'wasm'` where the engine lacks WebAssembly SIMD; `'auto'` then behaves like `'ref'`.
 *
 * Or installs your own {@link Backend} object: a `name` and every kernel method (see
 * docs/adding-an-op.md, which also shows a backend wrapping another). A ValueError names the
 * kernels it lacks, and nothing changes.
 *
 * ```ts
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
    throw new ValueError('setBackend', `unknown backend ${JSON.stringify(name)}; expected 'ref', 'wasm' or 'auto'`);
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
    throw new ValueError('setBackend', `backend ${JSON.stringify(backend.name)} lacks the kernel method${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
  }
  useBackend(backend);
  selected = backend.name;
}

/** The name of the selected backend: `'ref'`, `'wasm'`, `'auto'`, or the `name` of a backend object. */
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
