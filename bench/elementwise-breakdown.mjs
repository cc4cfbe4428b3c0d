#!/usr/bin/env node
/**
 * Where the time of a large elementwise op goes (issue 11, item 3): `x·y + x` (mul, then add) and
 * `tanh(x)` over 2²⁰ float32, on the default backend (auto) and on wasm, against tfjs-wasm in the
 * same process. Each op is taken apart into the steps the wasm backend does per call, each timed
 * alone in the same shape (the same 16 K-element chunks through the arena):
 *
 *   alloc      new Float32Array(n), what `empty()` does for the op's fresh output
 *   copy in    the operands' chunks copied into the arena (TypedArray.set into linear memory)
 *   kernel     the wasm kernel over the chunks already in the arena (1 thread, and split across
 *              the thread pool for the threaded path)
 *   copy out   the result chunks copied out of the arena into a fresh array (alloc + first touch,
 *              page faults included) and into a reused one (so faults = fresh − reused)
 *   dispatch   the whole op on a 4-element tensor: argument checks, promotion, graph recording
 *   wake-up    one thread-pool job of a 4-element item per thread: the fixed cost of a split
 *
 * plus the whole op, and two floors that no implementation over fresh garbage-collected outputs
 * can beat: `new Float32Array(n)` + one `set` from a hot array (the cheapest way to produce a
 * fresh 4 MB result at all) and a plain JS loop writing a·b into a fresh array.
 *
 * Medians over interleaved rounds (every step runs once per round, in a rotating order).
 *
 *   npm run build && node bench/elementwise-breakdown.mjs [--rounds 15] [--quick] [--json out.json]
 */
import os from 'node:os';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import * as cr from '../dist/index.js';
import { wasmKernels, sharedKernels } from '../dist/backend/wasm/module.js';
import { Arena } from '../dist/backend/wasm/arena.js';
import { threadPool } from '../dist/backend/threads/pool.js';
import { median, rotate, uniform, workersReady } from './common.mjs';
import { loadTfjsWithWasm, use } from './tfjs-wasm.mjs';

const { values: args } = parseArgs({
  options: { rounds: { type: 'string', default: '15' }, quick: { type: 'boolean', default: false }, json: { type: 'string' }, n: { type: 'string', default: String(2 ** 20) } },
});
const ROUNDS = args.quick ? 2 : Number(args.rounds);
const REPS = args.quick ? 2 : 5; // timed calls per step per round
const N = Number(args.n);
const CHUNK = 16384;
const MUL = 2, ADD = 0, TANH = 8; // opcodes of assembly/binary.ts and assembly/unary.ts

const xd = uniform(N, 41, -3, 3);
const yd = uniform(N, 42, -3, 3);
const k = wasmKernels();
if (k === null) throw new Error('wasm kernels unavailable');
// An arena of our own over the module's memory (calls are synchronous, so it never overlaps the backend's).
const arena = new Arena(k.memory, k.heapBase(), 2 ** 31);
arena.reserve('breakdown', 6 * N * 4 + 4 * CHUNK * 4 + 4096);
const A = arena.take(N * 4), B = arena.take(N * 4), O = arena.take(N * 4);
const cA = arena.take(CHUNK * 4), cB = arena.take(CHUNK * 4), cO = arena.take(CHUNK * 4);
arena.f32.set(xd, A >> 2);
arena.f32.set(yd, B >> 2);
const reused = new Float32Array(N);
let sink = null;

const chunks = (fn) => { for (let c = 0; c < N; c += CHUNK) fn(c, Math.min(CHUNK, N - c)); };
const copyIn = (src, at) => chunks((c, n) => arena.f32.set(src.subarray(c, c + n), at >> 2));
const copyOut = (dst) => chunks((c, n) => dst.set(arena.f32.subarray(cO >> 2, (cO >> 2) + n), c));
const pool = () => threadPool(sharedKernels());
/** The kernel over the whole arrays, split into 64 row blocks run by the pool (1 thread: no pool). */
function pooled(fn, argsOf) {
  const p = pool();
  const rows = 64, cols = N / rows;
  if (p === null) return void k[fn](...argsOf(0, rows, cols));
  p.run({ fn, items: Array.from({ length: rows }, (_, r) => argsOf(r * cols * 4, 1, cols)), floatArgs: fn === 'unary' ? [6, 7] : [] });
}

// start the workers and wait until they take jobs (they come up asynchronously)
await workersReady(pool(), cr.getNumThreads());

/** One job with an item of 4 elements per thread (or the direct call on one thread). */
function pooledTiny() {
  const p = pool();
  if (p === null) return void k.unary(TANH, A, 0, O, 1, 4, 0, 0);
  p.run({ fn: 'unary', items: Array.from({ length: p.threads }, (_, t) => [TANH, A + 16 * t, 4, O + 16 * t, 1, 4, 0, 0]), floatArgs: [6, 7] });
}

const xs = cr.tensor(xd), ys = cr.tensor(yd);
const tiny = cr.tensor([1, 2, 3, 4]), tiny2 = cr.tensor([5, 6, 7, 8]);
const { tf } = await loadTfjsWithWasm();
use(tf, 'wasm');
const tx = tf.tensor1d(xd), ty = tf.tensor1d(yd);

const withBackend = (name, fn) => () => { cr.setBackend(name); fn(); };
const steps = {
  'alloc (new Float32Array)': () => { sink = new Float32Array(N); },
  'floor: alloc + one set': () => { sink = new Float32Array(N); sink.set(xd); },
  'floor: JS loop a·b, fresh': () => { const o = new Float32Array(N); for (let i = 0; i < N; i++) o[i] = xd[i] * yd[i]; sink = o; },
  'copy in, 1 operand': () => copyIn(xd, cA),
  'copy out, fresh array': () => { sink = new Float32Array(N); copyOut(sink); },
  'copy out, reused array': () => copyOut(reused),
  'kernel mul (chunks, 1 thread)': () => chunks((c) => k.binary(MUL, cA, 0, 1, cB, 0, 1, cO, 1, CHUNK)),
  'kernel mul (whole, pool)': () => pooled('binary', (at, r, c) => [MUL, A + at, c, 1, B + at, c, 1, O + at, r, c]),
  'kernel tanh (chunks, 1 thread)': () => chunks((c) => k.unary(TANH, cA, 0, cO, 1, CHUNK, 0, 0)),
  'kernel tanh (whole, pool)': () => pooled('unary', (at, r, c) => [TANH, A + at, c, O + at, r, c, 0, 0]),
  // a job of one 4-element item per thread: what a split costs besides the work (wake-up, hand-back)
  'pool job, tiny items (wake-up)': () => pooledTiny(),
  'dispatch: tiny mul (auto)': withBackend('auto', () => { sink = tiny.mul(tiny2); }),
  'op mul (wasm)': withBackend('wasm', () => { sink = xs.mul(ys); }),
  'op add (wasm)': withBackend('wasm', () => { sink = xs.add(ys); }),
  'x·y + x (wasm)': withBackend('wasm', () => { sink = xs.mul(ys).add(xs); }),
  'x·y + x (auto)': withBackend('auto', () => { sink = xs.mul(ys).add(xs); }),
  'tanh (wasm)': withBackend('wasm', () => { sink = xs.tanh(); }),
  'tanh (auto)': withBackend('auto', () => { sink = xs.tanh(); }),
  'x·y + x (tfjs-wasm)': () => tf.tidy(() => void tf.add(tf.mul(tx, ty), tx)),
  'tanh (tfjs-wasm)': () => tf.tidy(() => void tf.tanh(tx)),
};

// the same numbers from chainrule and tfjs before timing anything
cr.setBackend('auto');
const check = (a, b, tol, what) => {
  for (let i = 0; i < N; i++) if (Math.abs(a[i] - b[i]) > tol * (1 + Math.abs(b[i]))) throw new Error(`${what}: element ${i} differs: ${a[i]} vs ${b[i]}`);
};
check(xs.mul(ys).add(xs).toTypedArray(), tf.tidy(() => tf.add(tf.mul(tx, ty), tx).dataSync()), 1e-6, 'x·y + x');
check(xs.tanh().toTypedArray(), tf.tidy(() => tf.tanh(tx).dataSync()), 2e-6, 'tanh');

const names = Object.keys(steps);
const samples = Object.fromEntries(names.map((n) => [n, []]));
const load = [os.loadavg()[0]];
for (let round = 0; round < ROUNDS; round++) {
  for (const name of rotate(names, round)) {
    const fn = steps[name];
    fn();
    for (let r = 0; r < REPS; r++) {
      const t0 = performance.now();
      fn();
      samples[name].push(performance.now() - t0);
    }
  }
}
load.push(os.loadavg()[0]);
cr.setBackend('auto');

const ms = Object.fromEntries(names.map((n) => [n, median(samples[n])]));
const parts = (op, operands, kernel) => ({
  alloc: ms['alloc (new Float32Array)'],
  copyIn: operands * ms['copy in, 1 operand'],
  kernel: ms[kernel],
  copyOut: ms['copy out, reused array'],
  pageFaults: Math.max(0, ms['copy out, fresh array'] - ms['copy out, reused array'] - ms['alloc (new Float32Array)']),
  dispatch: ms['dispatch: tiny mul (auto)'],
  whole: ms[op],
});
const fma = { mul: parts('op mul (wasm)', 2, 'kernel mul (chunks, 1 thread)'), add: parts('op add (wasm)', 2, 'kernel mul (chunks, 1 thread)') };
const tanh = parts('tanh (wasm)', 1, 'kernel tanh (chunks, 1 thread)');
const ratio = (mine, peer) => ms[peer] / ms[mine];
const result = {
  date: new Date().toISOString(),
  n: N,
  threads: cr.getNumThreads(),
  load,
  cpus: os.cpus().length,
  medianMs: ms,
  breakdown: { fmaPerOp: fma, tanh },
  speedVsTfjsWasm: {
    'x·y + x (auto)': ratio('x·y + x (auto)', 'x·y + x (tfjs-wasm)'),
    'x·y + x (wasm)': ratio('x·y + x (wasm)', 'x·y + x (tfjs-wasm)'),
    'tanh (auto)': ratio('tanh (auto)', 'tanh (tfjs-wasm)'),
    'tanh (wasm)': ratio('tanh (wasm)', 'tanh (tfjs-wasm)'),
    'floor for x·y + x: 2 × (alloc + one set)': ms['x·y + x (tfjs-wasm)'] / (2 * ms['floor: alloc + one set']),
  },
};

const f = (v) => v.toFixed(3);
console.log(`elementwise breakdown, n = ${N}, ${result.threads} thread(s), load ${load.map((l) => l.toFixed(2)).join(' → ')}, ${ROUNDS} rounds × ${REPS}`);
console.log('\n| step | median ms |\n| --- | --- |');
for (const n of names) console.log(`| ${n} | ${f(ms[n])} |`);
console.log('\n| op (wasm path, 1 thread) | alloc | copy in | kernel | copy out | page faults | dispatch | whole op | unaccounted |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const [name, p] of [['mul', fma.mul], ['add', fma.add], ['tanh', tanh]]) {
  const sum = p.alloc + p.copyIn + p.kernel + p.copyOut + p.pageFaults + p.dispatch;
  console.log(`| ${name} | ${f(p.alloc)} | ${f(p.copyIn)} | ${f(p.kernel)} | ${f(p.copyOut)} | ${f(p.pageFaults)} | ${f(p.dispatch)} | ${f(p.whole)} | ${f(p.whole - sum)} |`);
}
console.log('\n| speed vs tfjs-wasm (its time ÷ ours) | ratio |\n| --- | --- |');
for (const [n, v] of Object.entries(result.speedVsTfjsWasm)) console.log(`| ${n} | ${v.toFixed(2)}× |`);
if (args.json) writeFileSync(args.json, JSON.stringify(result, null, 2) + '\n');
process.exit(0);
