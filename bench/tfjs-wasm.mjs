/**
 * tfjs-core with both its CPU backend and its WebAssembly backend (@tensorflow/tfjs-backend-wasm),
 * gradients included (see tfjs.mjs), in one process.
 *
 * The wasm backend's .wasm binaries ship inside its npm package; setWasmPaths points the loader at
 * node_modules/@tensorflow/tfjs-backend-wasm/dist/, so nothing is fetched from the network.
 * Multithreading is switched off (WASM_HAS_MULTITHREAD_SUPPORT = false before the backend
 * initializes): chainrule and the PyTorch reference figures are single-threaded, and the machine
 * is shared. SIMD stays on (tfjs picks tfjs-backend-wasm-simd.wasm when WASM_HAS_SIMD_SUPPORT).
 *
 * Switching backends: `use(tf, 'wasm' | 'cpu')`. tfjs's setBackend is async, but once a backend is
 * initialized its body runs synchronously up to its end (no await is reached), so the switch has
 * happened when use() returns; use() checks that. Tensors stay with the backend they were made on
 * as long as they are only used there: each library instance below builds its own tensors after
 * switching, so no data moves between backends while timing.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { loadTfjs } from './tfjs.mjs';

const require = createRequire(import.meta.url);

export async function loadTfjsWithWasm() {
  const tf = await loadTfjs();
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  const distDir = dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
  wasm.setWasmPaths(`${distDir}/`);
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  if (!(await tf.setBackend('wasm'))) throw new Error('tfjs: the wasm backend failed to initialize');
  await tf.ready();
  const info = {
    simd,
    threads: typeof wasm.getThreadsCount === 'function' ? wasm.getThreadsCount() : 1,
    wasmBinary: join(distDir, simd ? 'tfjs-backend-wasm-simd.wasm' : 'tfjs-backend-wasm.wasm'),
  };
  if (!simd) throw new Error('tfjs-backend-wasm: no WASM SIMD support in this Node; the comparison needs it');
  use(tf, 'cpu');
  return { tf, wasmInfo: info };
}

/** Makes `name` ('wasm' | 'cpu') tfjs's current backend, synchronously. */
export function use(tf, name) {
  if (tf.getBackend() === name) return;
  void tf.setBackend(name);
  if (tf.getBackend() !== name) throw new Error(`tfjs: could not switch to ${name} synchronously`);
}
