#!/usr/bin/env node
/**
 * Per-op overhead of two builds, A/B: bench/workloads.mjs's `chain` case (2001 chained mul/add/sqrt
 * on one-element tensors, forward + backward; the ≤ 2 µs per op target) timed in SEPARATE child
 * processes, alternating base and candidate, each reporting the median of its rounds after a
 * warm-up round. (Two builds in one process share the workload's call sites, which then see two
 * Tensor classes and go polymorphic: that penalises one build at random, by up to 3×.)
 *
 *   npm run build && node bench/overhead-ab.mjs --base /path/to/other/checkout [--backend ref|wasm|auto] [--pairs 4]
 *
 * `--base` is another checkout with a built dist/ (e.g. `git archive <commit> | tar -x -C dir`,
 * node_modules linked, `npm run build` there). Prints µs per op per process and the ratio of the
 * medians (base ÷ candidate: above 1 the candidate is faster), with the load average.
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const here = fileURLToPath(new URL('.', import.meta.url));
const { values: args } = parseArgs({
  options: {
    base: { type: 'string' },
    backend: { type: 'string', default: 'ref' },
    pairs: { type: 'string', default: '4' },
    child: { type: 'string' },
  },
});

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

if (args.child !== undefined) {
  // one build, one process: 8 rounds of 400 ms, the first a warm-up
  const { makeCases } = await import(pathToFileURL(resolve(here, 'workloads.mjs')).href);
  const cr = await import(pathToFileURL(resolve(args.child, 'dist/index.js')).href);
  cr.setBackend(args.backend);
  const lib = makeCases({ cr }, { chainSteps: 667, matmulN: 4 }).find((c) => c.id === 'chain').libraries.chainrule();
  const perOp = [];
  for (let r = 0; r < 8; r++) {
    const t0 = performance.now();
    let n = 0;
    while (performance.now() - t0 < 400) {
      lib.run();
      n++;
    }
    perOp.push(((performance.now() - t0) * 1000) / n / 2001);
  }
  console.log(JSON.stringify(median(perOp.slice(1))));
} else {
  if (args.base === undefined) {
    console.error('usage: node bench/overhead-ab.mjs --base <checkout with a built dist/> [--backend ref|wasm|auto] [--pairs n]');
    process.exit(2);
  }
  const roots = { base: resolve(args.base), candidate: resolve(here, '..') };
  const runs = { base: [], candidate: [] };
  for (let i = 0; i < Number(args.pairs); i++) {
    for (const which of i % 2 ? ['candidate', 'base'] : ['base', 'candidate']) {
      const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--child', roots[which], '--backend', args.backend], { encoding: 'utf8' });
      runs[which].push(Number(out.trim()));
    }
  }
  const fmt = (xs) => xs.map((x) => x.toFixed(2)).join(' ');
  console.log(`backend ${args.backend}, load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')} (${os.cpus().length} cores)`);
  console.log(`base      µs/op per process: ${fmt(runs.base)}  median ${median(runs.base).toFixed(3)}`);
  console.log(`candidate µs/op per process: ${fmt(runs.candidate)}  median ${median(runs.candidate).toFixed(3)}`);
  console.log(`ratio base/candidate: ${(median(runs.base) / median(runs.candidate)).toFixed(3)}`);
}
