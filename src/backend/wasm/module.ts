/**
 * Loading the embedded WebAssembly kernels. The bytes are compiled into the package as base64
 * (see build.mjs), so nothing is fetched. SIMD support is detected first; where it is missing the
 * kernels are reported unavailable and callers stay on the reference backend.
 * @module
 */
import type { WasmKernelExports } from './generated/kernel-exports.js';
import { KERNELS_WASM_BASE64 } from './generated/kernels-wasm.js';
import { KERNELS_WASM_SHARED_BASE64, SHARED_MEMORY_PAGES } from './generated/kernels-wasm-shared.js';
import type { SharedKernels } from '../threads/pool.js';
import { threadHost } from '../threads/host.js';

export type { WasmKernelExports } from './generated/kernel-exports.js';

/** A module with one function returning a v128 constant: validates only where SIMD128 exists. */
// prettier-ignore
const SIMD_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version
  0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, // type section: () -> v128
  0x03, 0x02, 0x01, 0x00, // function section: one function of type 0
  0x0a, 0x16, 0x01, 0x14, 0x00, 0xfd, 0x0c, // code section: v128.const …
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x0b,
]);

/** True when this JavaScript engine runs WebAssembly with the SIMD128 proposal. */
export function simdSupported(): boolean {
  return typeof WebAssembly === 'object' && WebAssembly.validate(SIMD_PROBE);
}

function kernelBytes(base64: string): Uint8Array {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

let instance: WasmKernelExports | null = null;
let failure: string | null = null;
let shared: SharedKernels | null = null;

/**
 * Where worker threads can run (threads/host.ts), the kernels built for threads, on a new shared
 * memory; else (or if that fails) the plain module with its own memory. Both have the same exports.
 */
function instantiate(threaded: () => WebAssembly.Module, plain: () => WebAssembly.Module): WasmKernelExports {
  plainModule = plain;
  if (threadHost() !== null) {
    try {
      const module = threaded();
      const memory = new WebAssembly.Memory({ ...SHARED_MEMORY_PAGES, shared: true });
      const exports = new WebAssembly.Instance(module, { env: { memory } }).exports as Record<string, unknown>;
      shared = { module, memory, exports };
      return { ...exports, memory } as unknown as WasmKernelExports;
    } catch {
      shared = null; // e.g. the engine refused to reserve the shared memory: one thread
    }
  }
  return new WebAssembly.Instance(plain(), {}).exports as unknown as WasmKernelExports;
}

// Issue 11, item 3: a second instance on memory of its own for single-thread copy-bound calls.
let plainModule: (() => WebAssembly.Module) | null = null;
let plainInstance: WasmKernelExports | null = null;

/**
 * Kernels on a non-shared memory of their own when the main instance's memory is shared (the
 * thread build), else the main instance. `TypedArray.set` into a SharedArrayBuffer is ~1.6× slower
 * than into a plain buffer (bench/elementwise-breakdown.mjs), and copies are most of a large cheap
 * elementwise op, so the single-thread chunked elementwise calls run here.
 */
export function plainKernels(): WasmKernelExports | null {
  const main = wasmKernels();
  if (main === null || shared === null || plainModule === null) return main;
  if (plainInstance === null) {
    try {
      plainInstance = new WebAssembly.Instance(plainModule(), {}).exports as unknown as WasmKernelExports;
    } catch {
      plainModule = null; // e.g. a synchronous compile refused: stay on the main instance
      return main;
    }
  }
  return plainInstance;
}

/** The shared-memory kernels the thread pool runs, or null when the module is single-threaded. */
export function sharedKernels(): SharedKernels | null {
  wasmKernels();
  return shared;
}

/**
 * The kernels' exports, instantiated on first use (synchronously), or null when this engine has
 * no SIMD or refused to compile the module (`wasmUnavailableReason()` says why). Browsers that
 * forbid synchronous compilation of large modules on the main thread need `await initWasm()` first.
 */
export function wasmKernels(): WasmKernelExports | null {
  if (instance !== null || failure !== null) return instance;
  if (!simdSupported()) {
    failure = 'this JavaScript engine does not support WebAssembly SIMD128';
    return null;
  }
  try {
    const compile = (base64: string) => {
      let module: WebAssembly.Module | null = null;
      return () => (module ??= new WebAssembly.Module(kernelBytes(base64) as BufferSource));
    };
    instance = instantiate(compile(KERNELS_WASM_SHARED_BASE64), compile(KERNELS_WASM_BASE64));
  } catch (e) {
    failure = `the WebAssembly module could not be instantiated synchronously (${(e as Error).message}); call initWasm() first`;
  }
  return instance;
}

/** Instantiates the kernels asynchronously (needed on browser main threads); resolves to availability. */
export async function initWasm(): Promise<boolean> {
  if (instance !== null) return true;
  if (!simdSupported()) return wasmKernels() !== null;
  // compiled asynchronously (the shared build only where threads can run); instantiating is quick
  const plain = await WebAssembly.compile(kernelBytes(KERNELS_WASM_BASE64) as BufferSource);
  const threaded = threadHost() !== null ? await WebAssembly.compile(kernelBytes(KERNELS_WASM_SHARED_BASE64) as BufferSource) : plain;
  instance = instantiate(() => threaded, () => plain);
  failure = null;
  return true;
}

/** Why the WebAssembly kernels are unavailable, or null if they are (or were never asked for). */
export function wasmUnavailableReason(): string | null {
  return failure;
}
