/**
 * The wasm Adam update (float32): the gradient placed in the arena, the parameter and moments
 * copied in and back out, one SIMD pass, chunk by chunk so that a large parameter never needs the
 * arena to hold four copies of it. On the non-shared memory when there is one (copy-bound, as the
 * chunked elementwise calls: wasm/elementwise.ts).
 * @module
 */
import type { FloatView } from '../backend.js';
import { runStaged } from './call.js';
import { plan, type WasmContext } from './staging.js';

/** Elements per call: 4 MiB of each array. */
const CHUNK = 2 ** 20;

/** One Adam update of float32 tensors in wasm; returns false (doing nothing) for float64. */
export function wasmAdamStep(ctx: WasmContext, param: FloatView, grad: FloatView, expAvg: FloatView, expAvgSq: FloatView, scalars: readonly number[]): boolean {
  if (![param, grad, expAvg, expAvgSq].every((t) => t.storage instanceof Float32Array)) return false;
  const [beta1, beta2, c2, eps, stepSize] = scalars as [number, number, number, number, number];
  const n = param.shape.reduce((a, b) => a * b, 1);
  const single = ctx.single?.() ?? ctx;
  const slice = (t: FloatView, lo: number, len: number) => t.storage.subarray(t.offset + lo, t.offset + lo + len) as Float32Array;
  for (let lo = 0; lo < n; lo += CHUNK) {
    const len = Math.min(CHUNK, n - lo);
    const g: FloatView = { storage: grad.storage, offset: grad.offset + lo, shape: [len], strides: [1] };
    const call = { operands: [plan(g, true)], results: [slice(param, lo, len), slice(expAvg, lo, len), slice(expAvgSq, lo, len)], resultsIn: true } as const;
    runStaged(single, 'adamStep', call, ([G], [P, M, V]) =>
      single.exports.adamStep(P, G.ptr, M, V, len, beta1, 1 - beta1, beta2, 1 - beta2, c2, eps, -stepSize));
  }
  return true;
}
