#!/usr/bin/env node
/**
 * WebAssembly SIMD matmul vs the reference kernel, as a fraction of this machine's SIMD128 peak.
 *
 *   npm run build && node bench/wasm-matmul.mjs            # writes bench/results/wasm-matmul.json
 *   node bench/wasm-matmul.mjs --quick                      # short smoke run, writes nothing
 *   node bench/wasm-matmul.mjs --sizes 256,512,768,1024 --out wasm-matmul-large.json
 *
 * Peak: the probe kernel runs twelve independent f32x4 multiply-then-add chains (SIMD128 has no
 * FMA, so one multiply and one add per lane is the unit of work, 2 flops), the best of several runs.
 * Matmul: float32 n×n·n×n for n = 64…512 in every transpose combination (NN, NT, TN, TT: a
 * transposed operand is a strided view, never copied by the caller), through the backends' matmul
 * kernel including the wasm copy in/out. Backends are interleaved each round; times are medians.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { refBackend } from '../dist/backend/ref/index.js';
import { wasmBackend } from '../dist/backend/wasm/backend.js';
import { wasmKernels } from '../dist/backend/wasm/module.js';
import { median } from './common.mjs';

const { values: args } = parseArgs({
  options: { quick: { type: 'boolean', default: false }, sizes: { type: 'string' }, out: { type: 'string', default: 'wasm-matmul.json' } },
});
const HERE = dirname(fileURLToPath(import.meta.url));
const SIZES = args.sizes ? args.sizes.split(',').map(Number) : args.quick ? [64, 128] : [64, 128, 256, 384, 512];
const ROUNDS = args.quick ? 2 : 7;


/** Seconds for one call of fn, timed over enough repetitions to last ~minMs. */
function timeOnce(fn, minMs) {
  let reps = 1;
  for (;;) {
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) fn();
    const ms = performance.now() - t0;
    if (ms >= minMs) return ms / 1000 / reps;
    reps *= ms < minMs / 8 ? 8 : 2;
  }
}

function peakGflops() {
  const k = wasmKernels();
  const iterations = 20_000_000;
  k.peakProbe(100_000); // warm up
  const runs = [];
  for (let r = 0; r < (args.quick ? 2 : 7); r++) {
    const t0 = performance.now();
    k.peakProbe(iterations);
    runs.push((performance.now() - t0) / 1000);
  }
  return (iterations * 96) / Math.min(...runs) / 1e9;
}

/** An n×n float32 view, transposed (a strided view of a fresh matrix) or not. */
function matrix(n, transposed, seed) {
  const storage = new Float32Array(n * n);
  let s = seed;
  for (let i = 0; i < storage.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) | 0;
    storage[i] = (s >>> 8) / 2 ** 24 - 0.5;
  }
  return { storage, offset: 0, shape: [1, n, n], strides: transposed ? [0, 1, n] : [0, n, 1] };
}

const peak = peakGflops();
console.log(`SIMD128 mul+add peak: ${peak.toFixed(2)} GFLOPS`);
const results = [];
for (const n of SIZES) {
  for (const combo of ['NN', 'NT', 'TN', 'TT']) {
    const a = matrix(n, combo[0] === 'T', 1);
    const b = matrix(n, combo[1] === 'T', 2);
    const out = new Float32Array(n * n);
    const flops = 2 * n * n * n;
    const times = { ref: [], wasm: [] };
    const useRef = n <= 256 || (!args.quick && n <= 512); // ref takes seconds per call beyond
    for (let r = 0; r < ROUNDS; r++) {
      const order = r % 2 === 0 ? ['wasm', 'ref'] : ['ref', 'wasm'];
      for (const name of order) {
        if (name === 'ref' && (!useRef || (n > 256 && r >= 3))) continue; // ref is slow: fewer rounds at large n
        const backend = name === 'ref' ? refBackend : wasmBackend;
        times[name].push(timeOnce(() => backend.matmul(a, b, out), name === 'ref' ? 150 : 100));
      }
    }
    const wasmS = median(times.wasm);
    const refS = times.ref.length ? median(times.ref) : null;
    const row = {
      n,
      transpose: combo,
      wasmMs: +(wasmS * 1e3).toFixed(3),
      refMs: refS === null ? null : +(refS * 1e3).toFixed(3),
      wasmGflops: +(flops / wasmS / 1e9).toFixed(2),
      refGflops: refS === null ? null : +(flops / refS / 1e9).toFixed(2),
      wasmFractionOfPeak: +(flops / wasmS / 1e9 / peak).toFixed(3),
      speedup: refS === null ? null : +(refS / wasmS).toFixed(1),
    };
    results.push(row);
    console.log(
      `n=${String(n).padStart(3)} ${combo}: wasm ${row.wasmGflops.toFixed(2)} GFLOPS (${(row.wasmFractionOfPeak * 100).toFixed(0)}% of peak)` +
        (refS === null ? '' : `, ref ${row.refGflops.toFixed(2)} GFLOPS, ×${row.speedup}`),
    );
  }
}
if (!args.quick) {
  mkdirSync(join(HERE, 'results'), { recursive: true });
  const file = join(HERE, 'results', args.out);
  const machine = { cpu: os.cpus()[0]?.model, cores: os.cpus().length, node: process.version, loadAverage1m: os.loadavg()[0] }; // a busy machine invalidates the peak fraction
  writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), machine, peakGflops: +peak.toFixed(2), rounds: ROUNDS, results }, null, 2) + '\n');
  console.log(`wrote ${file}`);
}
