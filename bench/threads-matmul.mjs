#!/usr/bin/env node
/**
 * Matmul on 1 thread against 2 (or --threads N) threads of the wasm backend, and the size from
 * which splitting pays (the crossover behind `threadMinMatmulMacs`).
 *
 *   npm run build && node bench/threads-matmul.mjs            # writes bench/results/<date>-<commit>-threads-matmul.json
 *   node bench/threads-matmul.mjs --quick                       # short run, writes nothing
 *
 * Each case: float32 n×n·n×n through the wasm backend's matmul kernel (copies in and out
 * included), every transpose combination (a transposed operand is a strided view). One thread and
 * N threads alternate round by round; times are medians. The machine's load average is recorded
 * before and after, since other processes on the same cores change the ratio; so is the CPU time
 * of all threads per product (N threads over 1: the work the split adds, readable under load).
 * Also the pool's fixed costs: a small product between JS work with the calling thread spinning
 * 0, 20 or 60 µs for the workers (`threadSpinMicros`).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { wasmBackend } from '../dist/backend/wasm/backend.js';
import { threadPool } from '../dist/backend/threads/pool.js';
import { setNumThreads, setThreadMinMatmulMacs, setThreadSpinMicros, threadSpinMicros } from '../dist/backend/threads/settings.js';
import { sharedKernels } from '../dist/backend/wasm/module.js';
import { gitCommit, gitDirty, median, ROOT, timedBlock, workersReady } from './common.mjs';

const { values: args } = parseArgs({
  options: { quick: { type: 'boolean', default: false }, threads: { type: 'string', default: '2' }, sizes: { type: 'string' } },
});
const THREADS = Number(args.threads);
const SIZES = args.sizes ? args.sizes.split(',').map(Number) : args.quick ? [256] : [256, 512, 1024];
const CROSSOVER_SIZES = args.quick ? [32, 64] : [16, 24, 32, 48, 64, 96, 128];
const ROUNDS = args.quick ? 3 : 9;

/** An n×n float32 view, transposed (a strided view of a fresh matrix) or not. */
function matrix(n, transposed, seed) {
  const storage = new Float32Array(n * n);
  let s = seed;
  for (let i = 0; i < storage.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    storage[i] = s / 2 ** 32 - 0.5;
  }
  return { storage, offset: 0, shape: [1, n, n], strides: transposed ? [n * n, 1, n] : [n * n, n, 1] };
}

/** Waits until the pool's workers are up, so that no timing includes their start. */
async function warmPool(threads) {
  setNumThreads(threads);
  await workersReady(threadPool(sharedKernels()), threads);
}

/** Median ms per call of the n³ product on 1 and on THREADS threads, alternating. */
function compare(n, t, minMs) {
  const a = matrix(n, t[0] === 'T', 1);
  const b = matrix(n, t[1] === 'T', 2);
  const out = new Float32Array(n * n);
  const times = { 1: [], [THREADS]: [] };
  const cores = { 1: [], [THREADS]: [] };
  const cpus = { 1: [], [THREADS]: [] };
  for (let r = 0; r < ROUNDS; r++) {
    for (const threads of r % 2 === 0 ? [1, THREADS] : [THREADS, 1]) {
      setNumThreads(threads);
      const { ms: wall, cpuMs: cpu } = timedBlock(() => wasmBackend.matmul(a, b, out, false), minMs);
      times[threads].push(wall);
      cores[threads].push(cpu / wall);
      cpus[threads].push(cpu);
    }
  }
  const one = median(times[1]);
  const many = median(times[THREADS]);
  // the best round of each: the figure least disturbed by other processes on the same cores
  const best1 = Math.min(...times[1]);
  const bestN = Math.min(...times[THREADS]);
  return {
    n, transpose: t, ms1: one, [`ms${THREADS}`]: many, speedup: one / many,
    best1, [`best${THREADS}`]: bestN, bestSpeedup: best1 / bestN,
    coresGot1: median(cores[1]), [`coresGot${THREADS}`]: median(cores[THREADS]),
    // CPU time of all threads per product, THREADS threads over 1: the work the split adds
    // (packing, waiting, cache misses); unlike wall time, readable on a loaded machine
    cpuRatio: median(cpus[THREADS]) / median(cpus[1]),
    gflops1: (2 * n ** 3) / one / 1e6, [`gflops${THREADS}`]: (2 * n ** 3) / many / 1e6,
  };
}

/**
 * How many cores THREADS threads of this process get right now: each spins for `ms`; CPU time over
 * wall time. Near THREADS on an idle machine; on a shared one (Linux autogroups share the cores
 * between sessions, whatever a process's thread count or nice value) it bounds any speedup.
 */
async function parallelismProbe(ms = 1000) {
  const { Worker } = await import('node:worker_threads');
  const spin = `const end = Date.now() + ${ms}; let x = 0; while (Date.now() < end) x++; require('node:worker_threads').parentPort.postMessage(x);`;
  const workers = Array.from({ length: THREADS - 1 }, () => new Worker(spin, { eval: true }));
  await Promise.all(workers.map((w) => new Promise((r) => w.once('online', r))));
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const done = Promise.all(workers.map((w) => new Promise((r) => w.once('message', r))));
  for (let x = 0; performance.now() - t0 < ms; x++);
  await done;
  const cpu = process.cpuUsage(cpu0);
  const wall = performance.now() - t0;
  await Promise.all(workers.map((w) => w.terminate()));
  return (cpu.user + cpu.system) / 1000 / wall;
}

/**
 * The pool's fixed costs as a training step meets them: a small product (an LSTM step's
 * 16×161×512) called 200 times with `gap` µs of JS work between calls, on 1 thread and on THREADS
 * threads with the calling thread spinning 0, 20 or 60 µs for the workers' last items before it
 * sleeps (`threadSpinMicros`). µs per product (the gap taken off), medians over interleaved rounds.
 */
function poolCosts(gap, rounds) {
  const a = matrix(16, false, 3);
  a.shape = [1, 16, 161];
  a.strides = [16 * 161, 161, 1];
  a.storage = a.storage.subarray(0, 16 * 161);
  const b = { ...matrix(512, false, 4), shape: [1, 161, 512], strides: [161 * 512, 512, 1] };
  const out = new Float32Array(16 * 512);
  const busy = (us) => {
    for (const end = performance.now() + us / 1000; performance.now() < end; );
  };
  const configs = [{ threads: 1, spin: 0 }, ...[0, 20, 60].map((spin) => ({ threads: THREADS, spin }))];
  const samples = configs.map(() => []);
  const spin0 = threadSpinMicros();
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? configs.map((_, i) => i) : configs.map((_, i) => configs.length - 1 - i);
    for (const i of order) {
      setNumThreads(configs[i].threads);
      setThreadSpinMicros(configs[i].spin);
      for (let j = 0; j < 20; j++) wasmBackend.matmul(a, b, out, false), busy(gap);
      const t0 = performance.now();
      for (let j = 0; j < 200; j++) wasmBackend.matmul(a, b, out, false), busy(gap);
      samples[i].push(((performance.now() - t0) / 200) * 1000 - gap);
    }
  }
  setThreadSpinMicros(spin0);
  return configs.map((c, i) => ({ ...c, gap, us: median(samples[i]) }));
}

const coresAvailable = await parallelismProbe();
await warmPool(THREADS);
setThreadMinMatmulMacs(0); // split every product here, so the crossover can be seen
const loadBefore = os.loadavg();
const crossover = CROSSOVER_SIZES.map((n) => compare(n, 'NN', 30));
const pool = [0, 30].flatMap((gap) => poolCosts(gap, args.quick ? 3 : 15));
const cases = [];
for (const n of SIZES) for (const t of ['NN', 'NT', 'TN', 'TT']) cases.push(compare(n, t, n >= 1024 ? 400 : 100));
const loadAfter = os.loadavg();

const fmt = (x) => x.toFixed(2);
console.log(`threads: ${THREADS}, cores: ${os.availableParallelism()}, load average before ${loadBefore.map(fmt).join(' ')}, after ${loadAfter.map(fmt).join(' ')}`);
console.log(`probe: ${THREADS} spinning threads of this process got ${fmt(coresAvailable)} cores (the bound on any speedup now)`);
console.log('crossover (NN, every product split), median and best round:');
for (const c of crossover) console.log(`  n=${c.n} (${c.n ** 3} MACs): ${fmt(c.ms1 * 1000)} µs vs ${fmt(c[`ms${THREADS}`] * 1000)} µs, ×${fmt(c.speedup)}; best ×${fmt(c.bestSpeedup)}`);
console.log('pool fixed costs (16×161×512 between JS work; calling thread spinning 0/20/60 µs before sleeping):');
for (const c of pool) console.log(`  gap ${c.gap} µs, ${c.threads} thread(s), spin ${c.spin} µs: ${fmt(c.us)} µs a product`);
console.log('cases, median and best round:');
for (const c of cases) console.log(`  n=${c.n} ${c.transpose}: ${fmt(c.ms1)} ms vs ${fmt(c[`ms${THREADS}`])} ms, ×${fmt(c.speedup)} (${fmt(c.gflops1)} → ${fmt(c[`gflops${THREADS}`])} GFLOP/s); best ×${fmt(c.bestSpeedup)}; cores the process got: ${fmt(c.coresGot1)} / ${fmt(c[`coresGot${THREADS}`])}; CPU time ×${fmt(c.cpuRatio)}`);

if (!args.quick) {
  const prov = { commit: gitCommit(), dirty: gitDirty(), node: process.version, date: new Date().toISOString() };
  const file = join(ROOT, 'bench', 'results', `${prov.date.slice(0, 10)}-${String(prov.commit).slice(0, 8)}-threads-matmul.json`);
  mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
  writeFileSync(file, JSON.stringify({ threads: THREADS, cores: os.availableParallelism(), coresAvailable, loadBefore, loadAfter, provenance: prov, crossover, pool, cases }, null, 2) + '\n');
  console.log(`wrote ${file}`);
}
