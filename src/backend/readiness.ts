/**
 * Whether the WebAssembly kernels can run *now*, for the 'auto' backend (the default). Where the
 * engine compiles the module synchronously (Node, workers, Firefox, Safari) the first large op
 * compiles it and runs on wasm. Where it refuses (Chromium's main thread rejects synchronous
 * compilation of modules over a few KB), the first large op starts the asynchronous compile
 * (`initWasm()`) and runs on ref, as does every op until the compile finishes; then 'auto'
 * switches to wasm by itself. Nothing blocks and nothing throws for it; an engine without SIMD128
 * stays on ref.
 * @module
 */
import { initWasm, simdSupported, wasmKernels } from './wasm/module.js';

/** What readiness needs from the wasm module (injected in tests). */
export interface WasmLoader {
  /** The kernels if they are (or can synchronously be) instantiated, else null. */
  readonly sync: () => unknown;
  /** True when the engine supports WebAssembly SIMD128. */
  readonly simd: () => boolean;
  /** Starts the asynchronous instantiation; resolves to availability. */
  readonly compile: () => Promise<boolean>;
}

/**
 * A readiness check over a loader: true once the kernels can run; false (having started the
 * asynchronous compile, once) while they cannot. Never throws, never blocks.
 *
 * ```ts
 * const ready = createWasmReadiness(loader);
 * ready(); // false on Chromium's main thread: compiling in the background
 * await whenCompiled;
 * ready(); // true
 * ```
 */
export function createWasmReadiness(loader: WasmLoader): () => boolean {
  let ready = false;
  let never = false;
  let compiling = false;
  const check = (): boolean => {
    if (ready) return true;
    if (never) return false;
    if (loader.sync() !== null) return (ready = true);
    if (!loader.simd()) {
      never = true;
      return false;
    }
    if (!compiling) {
      compiling = true;
      loader.compile().then(
        (ok) => {
          compiling = false;
          if (!ok) never = true;
        },
        () => {
          compiling = false;
          never = true;
        },
      );
    }
    return false;
  };
  return () => {
    try {
      return check();
    } catch {
      never = true;
      return false;
    }
  };
}

/** The package's own readiness over the embedded module (src/backend/wasm/module.ts). */
export const wasmReady: () => boolean = createWasmReadiness({ sync: wasmKernels, simd: simdSupported, compile: initWasm });
