#!/usr/bin/env node
/**
 * Accuracy and speed of the wasm transcendental kernels (exp, log, tanh, sigmoid on float32).
 *
 *   npm run build && node bench/wasm-math.mjs [--variants 6:exp-f64x2,13:exp-f32x4,…]
 *
 * Accuracy: max error in ulps of float32 against Math.* evaluated in float64 (|got − true| / ulp
 * of the true value; 0.5 is correct rounding), over ~1.05 M float32 bit patterns spread evenly over
 * the whole line (every 4093rd: both signs, subnormals, NaNs, ±Inf), 1 M uniform inputs in the
 * range where the function is not constant, and hand-picked extremes. A NaN, Inf or ±0 that differs
 * from the float32 rounding of the true value counts as an infinite error (±0 by sign).
 * Speed: ns per element for 64 Ki contiguous elements, including the copy into and out of wasm
 * memory (as the backend does), against ref (Math.* per element); interleaved rounds, medians.
 */
import { parseArgs } from 'node:util';
import { refBackend } from '../dist/backend/ref/index.js';
import { wasmKernels } from '../dist/backend/wasm/module.js';
import { median, msPerCall } from './common.mjs';

const { values: args } = parseArgs({ options: { variants: { type: 'string', default: '6:exp,7:log,8:tanh,9:sigmoid' } } });
const variants = args.variants.split(',').map((v) => {
  const [code, label] = v.split(':');
  return { code: Number(code), label, fn: label.split('-')[0] };
});

const sigmoid = (x) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));
const truth = { exp: Math.exp, log: Math.log, tanh: Math.tanh, sigmoid };
const ranges = { exp: [-104, 89], log: [0, 100], tanh: [-9, 9], sigmoid: [-104, 20] };

const k = wasmKernels();
const base = Math.ceil(k.heapBase() / 16) * 16;
function memory(bytes) {
  const need = base + bytes - k.memory.buffer.byteLength;
  if (need > 0) k.memory.grow(Math.ceil(need / 65536));
  return new Float32Array(k.memory.buffer);
}

/** Runs kernel `code` over xs (a Float32Array) through wasm memory; returns a new Float32Array. */
function run(code, xs, out = new Float32Array(xs.length)) {
  const f32 = memory(xs.length * 8 + 32);
  const at = base >> 2;
  const to = at + Math.ceil(xs.length / 4) * 4;
  f32.set(xs, at);
  k.unary(code, base, 0, to * 4, 1, xs.length, 0, 0);
  out.set(f32.subarray(to, to + xs.length));
  return out;
}

function ulp32(t) {
  const a = Math.abs(t);
  if (a < 2 ** -126) return 2 ** -149;
  return 2 ** (Math.floor(Math.log2(a)) - 23);
}
/** Error of float32 `got` against the float64 `want` in float32 ulps. */
function ulpError(got, want) {
  const rounded = Math.fround(want);
  if (Number.isNaN(want) || !Number.isFinite(rounded) || rounded === 0) return Object.is(got, rounded) || (Number.isNaN(got) && Number.isNaN(rounded)) ? 0 : Infinity;
  if (!Number.isFinite(got) || Number.isNaN(got)) return Infinity;
  if (got === 0 && Math.sign(1 / got) !== Math.sign(want)) return Infinity;
  return Math.abs(got - want) / ulp32(want);
}

function inputs(fn) {
  const sweep = new Float32Array(new Uint32Array(Math.ceil(2 ** 32 / 4093)).map((_, i) => i * 4093).buffer);
  const [lo, hi] = ranges[fn];
  const uniform = Float32Array.from({ length: 1_000_000 }, () => lo + Math.random() * (hi - lo));
  const extremes = [
    0, -0, NaN, Infinity, -Infinity, 1e-45, -1e-45, 1.17549435e-38, 3.4028235e38, -3.4028235e38,
    88.72283, 88.72284, -87.33654, -103.27893, -103.97208, -104, 0.625, -0.625, 1e-4, 2 ** -12, 9, 10, -10, 1, -1,
  ];
  return Float32Array.from([...extremes, ...sweep, ...uniform]);
}

/** Nanoseconds per element of a call of `fn` over `n` elements. */
const nsPerElement = (fn, n) => (msPerCall(fn, 50) * 1e6) / n;

for (const v of variants) {
  const xs = inputs(v.fn);
  const got = run(v.code, xs);
  let worst = 0;
  let at = 0;
  for (let i = 0; i < xs.length; i++) {
    const e = ulpError(got[i], truth[v.fn](xs[i]));
    if (e > worst) [worst, at] = [e, xs[i]];
  }
  const n = 65536;
  const x = Float32Array.from({ length: n }, (_, i) => ranges[v.fn][0] + ((i * 0.618034) % 1) * (ranges[v.fn][1] - ranges[v.fn][0]));
  const view = { storage: x, offset: 0, shape: [n], strides: [1] };
  const out = new Float32Array(n);
  const t = { ref: [], wasm: [] };
  for (let r = 0; r < 7; r++) {
    for (const name of r % 2 ? ['ref', 'wasm'] : ['wasm', 'ref']) {
      t[name].push(name === 'ref' ? nsPerElement(() => refBackend.unary(v.fn, view, out, 0, 0), n) : nsPerElement(() => run(v.code, x, out), n));
    }
  }
  const [ref, wasm] = [median(t.ref), median(t.wasm)];
  run(v.code, x, out);
  const inside = median([0, 1, 2, 3, 4].map(() => nsPerElement(() => k.unary(v.code, base, 0, base + n * 4, 1, n, 0, 0), n)));
  console.log(
    `${v.label.padEnd(16)} max error ${worst.toFixed(3)} ulp (at x = ${at}) over ${xs.length} inputs; ` +
      `${wasm.toFixed(2)} ns/elem (kernel alone ${inside.toFixed(2)}), ref ${ref.toFixed(2)}: ×${(ref / wasm).toFixed(2)}`,
  );
}
