#!/usr/bin/env node
/**
 * How much floating-point throughput this machine's second core adds: chainrule's one-thread wasm
 * matmul (SIMD128, n = 512) in one process alone, then in two processes at once, alternating,
 * each process timing its own products over the same seconds. The aggregate of the two ÷ the
 * one alone is the most any two-thread split of compute-bound kernels can gain here: 2 on two
 * independent cores, less where the two vCPUs share one core's vector units. PyTorch's own
 * two-thread ÷ one-thread matmul throughput (bench/pytorch-reference.py) is the same question for
 * AVX-512 kernels; bench/targets.mjs quotes both beside its matmul row.
 *
 *   npm run build && node bench/machine-parallelism.mjs [--rounds 3] [--seconds 2]   # MACHINE_PARALLELISM_N=1024 for another size
 */
import { execFile } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { median, uniform } from './common.mjs';

/** The matrices' size (MACHINE_PARALLELISM_N overrides it). */
const N = Number(process.env.MACHINE_PARALLELISM_N ?? 512);

/** In a child: GFLOP/s of one-thread n×n products over `seconds`, after a warm-up, as JSON on stdout. */
async function child(seconds) {
  const { setNumThreads } = await import('../dist/index.js');
  const { wasmBackend } = await import('../dist/backend/wasm/backend.js');
  setNumThreads(1);
  const matrix = (seed) => ({ storage: uniform(N * N, seed), offset: 0, shape: [1, N, N], strides: [N * N, N, 1] });
  const [a, b] = [matrix(1), matrix(2)];
  const out = new Float32Array(N * N);
  for (let i = 0; i < 5; i++) wasmBackend.matmul(a, b, out, false);
  let products = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < seconds * 1000) {
    wasmBackend.matmul(a, b, out, false);
    products++;
  }
  const ms = performance.now() - t0;
  process.stdout.write(JSON.stringify({ gflops: (2 * N ** 3 * products) / ms / 1e6 }));
}

/** GFLOP/s of each of `count` children started together. */
function together(count, seconds) {
  const self = fileURLToPath(import.meta.url);
  return Promise.all(Array.from({ length: count }, () => new Promise((resolve, reject) => {
    execFile(process.execPath, [self, '--child', '--seconds', String(seconds)], (error, stdout) => (error ? reject(error) : resolve(JSON.parse(stdout).gflops)));
  })));
}

/**
 * Runs `rounds` rounds of one process alone and two at once (alternating which goes first);
 * returns the medians: one alone, each of two, and the two's sum ÷ one alone.
 */
export async function measureMachineParallelism({ rounds = 3, seconds = 2 } = {}) {
  const alone = [];
  const pair = [];
  for (let r = 0; r < rounds; r++) {
    for (const count of r % 2 ? [2, 1] : [1, 2]) {
      const gflops = await together(count, seconds);
      if (count === 1) alone.push(gflops[0]);
      else pair.push(gflops[0] + gflops[1]);
    }
  }
  const one = median(alone);
  const two = median(pair);
  return { n: N, oneProcessGflops: one, twoProcessesGflops: two, twoOverOne: two / one, rounds, seconds };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values: args } = parseArgs({ options: { child: { type: 'boolean', default: false }, rounds: { type: 'string', default: '3' }, seconds: { type: 'string', default: '2' } } });
  if (args.child) {
    await child(Number(args.seconds));
  } else {
    const load = os.loadavg()[0];
    const m = await measureMachineParallelism({ rounds: Number(args.rounds), seconds: Number(args.seconds) });
    console.log(`wasm matmul ${N}³, one thread per process (medians of ${m.rounds} rounds of ${m.seconds} s; load ${load.toFixed(2)} → ${os.loadavg()[0].toFixed(2)}):`);
    console.log(`  one process alone: ${m.oneProcessGflops.toFixed(1)} GFLOP/s; two at once: ${m.twoProcessesGflops.toFixed(1)} GFLOP/s together; ×${m.twoOverOne.toFixed(2)}`);
  }
}
