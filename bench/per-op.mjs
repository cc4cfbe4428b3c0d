#!/usr/bin/env node
/**
 * Per-op overhead on tiny tensors, in a process of its own: y ← sqrt(y·w + b), 667 times from a
 * one-element x, then backward (2001 ops forward + backward), on the default backend. Prints the
 * median µs per op over `rounds` blocks of ≥ 300 ms as JSON.
 *
 * bench/targets.mjs runs it as a child process for its per-op row, next to the same chain timed in
 * its own process: there tfjs-wasm is loaded too, and V8's garbage collector, seeing tfjs's large
 * WebAssembly heap, spends about 3× longer per op (32 % of the time against 21 % in a profile),
 * which is the environment and not chainrule's overhead.
 *
 *   npm run build && node bench/per-op.mjs [rounds = 9]
 */
import * as cr from '../dist/index.js';
import { median } from './common.mjs';
import { perOpChain } from './workloads.mjs';

if (import.meta.url === `file://${process.argv[1]}`) {
  const rounds = Number(process.argv[2] ?? 9);
  const { ops, run } = perOpChain(cr, 667);
  for (let i = 0; i < 200; i++) run();
  const us = [];
  for (let r = 0; r < rounds; r++) {
    let n = 0;
    const t0 = performance.now();
    while (performance.now() - t0 < 300) {
      run();
      n++;
    }
    us.push(((performance.now() - t0) * 1000) / n / ops);
  }
  console.log(JSON.stringify({ backend: cr.getBackend(), usPerOp: median(us), rounds: us }));
}
