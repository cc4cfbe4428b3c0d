/**
 * Loading the embedded WebAssembly kernels. The bytes are compiled into the package as base64
 * (see build.mjs), so nothing is fetched. SIMD support is detected first; where it is missing the
 * kernels are reported unavailable and callers stay on the reference backend.
 * @module
 */
import type { WasmKernelExports } from './generated/kernel-exports.js';
import { KERNELS_WASM_BASE64 } from './generated/kernels-wasm.js';

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

function kernelBytes(): Uint8Array {
  const text = atob(KERNELS_WASM_BASE64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

let instance: WasmKernelExports | null = null;
let failure: string | null = null;

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
    const module = new WebAssembly.Module(kernelBytes() as BufferSource);
    instance = new WebAssembly.Instance(module, {}).exports as unknown as WasmKernelExports;
  } catch (e) {
    failure = `the WebAssembly module could not be instantiated synchronously (${(e as Error).message}); call initWasm() first`;
  }
  return instance;
}

/** Instantiates the kernels asynchronously (needed on browser main threads); resolves to availability. */
export async function initWasm(): Promise<boolean> {
  if (instance !== null) return true;
  if (!simdSupported()) return wasmKernels() !== null;
  const { instance: inst } = await WebAssembly.instantiate(kernelBytes() as BufferSource, {});
  instance = inst.exports as unknown as WasmKernelExports;
  failure = null;
  return true;
}

/** Why the WebAssembly kernels are unavailable, or null if they are (or were never asked for). */
export function wasmUnavailableReason(): string | null {
  return failure;
}
