#!/usr/bin/env node
/**
 * Where wasm starts to beat ref per kernel call (copy in/out included): float32 add, exp, sum and
 * matmul, and the comparison, where, gather and scatterAdd kernels (n elements as [n/8, 8],
 * indices along dim 1) at growing sizes, interleaved, medians. Sets WASM_CROSSOVER and the rules
 * in src/backend/auto.ts.
 *
 *   npm run build && node bench/wasm-crossover.mjs
 */
import { refBackend } from '../dist/backend/ref/index.js';
import { wasmBackend } from '../dist/backend/wasm/backend.js';
import { median, msPerCall } from './common.mjs';

/** Microseconds per call of `fn`. */
const perCall = (fn) => msPerCall(fn, 30) * 1000;
const vec = (n) => ({ storage: Float32Array.from({ length: n }, (_, i) => Math.sin(i)), offset: 0, shape: [n], strides: [1] });
/** n floats as [n/8, 8], and an int32 index of the same shape into its rows. */
const rows = (n) => ({ ...vec(n), shape: [n / 8, 8], strides: [8, 1] });
const rowIndex = (n) => ({ storage: Int32Array.from({ length: n }, (_, i) => (i * 5) % 8), offset: 0, shape: [n / 8, 8], strides: [8, 1] });
const kernels = {
  add: (n) => { const a = vec(n), b = vec(n), o = new Float32Array(n); return (k) => k.binary('add', a, b, o); },
  exp: (n) => { const a = vec(n), o = new Float32Array(n); return (k) => k.unary('exp', a, o, 0, 0); },
  sum: (n) => { const a = vec(n), o = new Float32Array(1); return (k) => k.reduce('sum', a, [0], o); },
  gt: (n) => { const a = vec(n), b = vec(n), o = new Uint8Array(n); return (k) => k.compare('gt', a, b, o); },
  where: (n) => { const c = { ...vec(n), storage: Uint8Array.from({ length: n }, (_, i) => i % 3 === 0) }, a = vec(n), b = vec(n), o = new Float32Array(n); return (k) => k.where(c, a, b, o); },
  gather: (n) => { const x = rows(n), index = rowIndex(n), o = new Float32Array(n); return (k) => k.gather(x, 1, index, o); },
  scatterAdd: (n) => { const dst = rows(n), index = rowIndex(n), src = rows(n); return (k) => k.scatterAdd(dst, 1, index, src); },
  matmul: (n) => {
    const s = Math.round(Math.cbrt(n)); // n multiply-adds: s×s·s×s
    const m = { storage: Float32Array.from({ length: s * s }, (_, i) => Math.cos(i)), offset: 0, shape: [1, s, s], strides: [0, s, 1] };
    const o = new Float32Array(s * s);
    return (k) => k.matmul(m, m, o);
  },
};
for (const [name, make] of Object.entries(kernels)) {
  const row = [];
  for (const n of [64, 256, 1024, 4096, 16384, 65536, 262144]) {
    const run = make(n);
    const t = { ref: [], wasm: [] };
    for (let r = 0; r < 5; r++) for (const [b, k] of r % 2 ? [['ref', refBackend], ['wasm', wasmBackend]] : [['wasm', wasmBackend], ['ref', refBackend]]) t[b].push(perCall(() => run(k)));
    row.push(`${n}: ×${(median(t.ref) / median(t.wasm)).toFixed(2)} (${median(t.wasm).toFixed(1)} µs)`);
  }
  console.log(`${name.padEnd(6)} ref/wasm  ${row.join('  ')}`);
}
