#!/usr/bin/env node
/**
 * Issue 11, item 1: what a new user gets with no setBackend call. A first MLP (input 32, hidden
 * 256, 256, 10 classes, batch 512, ReLU, cross-entropy, SGD) trained on the default backend
 * (whatever getBackend() says at start-up, `auto` since issue 11) against `ref`, the old default,
 * and `wasm`, in one process: the very first step of each (cold) and the median of interleaved steady rounds.
 * Run without CHAINRULE_BACKEND (the script refuses otherwise, so "default" means default).
 *
 *   npm run build && node bench/default-backend.mjs [--rounds 7] [--no-write]
 *
 * Writes bench/results/<date>-<commit>-default-backend.json with the load average.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as cr from '../dist/index.js';
import * as nn from '../dist/nn/index.js';
import * as optim from '../dist/optim/index.js';
import { ROOT, gitCommit, gitDirty, median, msPerCall, uniform } from './common.mjs';

const { values: args } = parseArgs({ options: { rounds: { type: 'string', default: '7' }, 'no-write': { type: 'boolean', default: false } } });
if (process.env.CHAINRULE_BACKEND) throw new Error('unset CHAINRULE_BACKEND: this measures the default backend');
const defaultBackend = cr.getBackend();
const BATCH = 512;

/** A fresh model, optimizer and batch, built on the backend current now: returns one training step. */
function firstMlp() {
  cr.manualSeed(0);
  const model = new nn.Sequential(new nn.Linear(32, 256), new nn.ReLU(), new nn.Linear(256, 256), new nn.ReLU(), new nn.Linear(256, 10));
  const opt = new optim.SGD(model.parameters(), { lr: 0.01 });
  const x = cr.tensor(uniform(BATCH * 32, 7)).reshape([BATCH, 32]);
  const y = cr.tensor(Int32Array.from(uniform(BATCH, 8, 0, 10), Math.floor));
  return () => {
    opt.zeroGrad();
    const loss = nn.functional.crossEntropy(model.forward(x), y);
    loss.backward();
    opt.step();
    return loss.item();
  };
}

const backends = [defaultBackend, 'wasm', 'ref'];
const first = {};
const steps = {};
for (const b of backends) {
  cr.setBackend(b);
  const step = firstMlp();
  const t0 = performance.now();
  step();
  first[b] = performance.now() - t0;
  steps[b] = step;
}
const times = Object.fromEntries(backends.map((b) => [b, []]));
for (let r = 0; r < Number(args.rounds); r++) {
  for (const b of r % 2 === 0 ? backends : [...backends].reverse()) {
    cr.setBackend(b);
    times[b].push(msPerCall(steps[b], 200));
  }
}
const med = Object.fromEntries(backends.map((b) => [b, median(times[b])]));
const result = {
  case: 'first MLP 32-256-256-10, batch 512, SGD step',
  defaultBackend,
  firstStepMs: first,
  medianStepMs: med,
  refOverDefault: { firstStep: first.ref / first[defaultBackend], median: med.ref / med[defaultBackend] },
  defaultOverWasm: { firstStep: first[defaultBackend] / first.wasm, median: med[defaultBackend] / med.wasm },
  rounds: Number(args.rounds),
  loadavg: os.loadavg(),
  cpus: os.cpus().length,
  node: process.version,
  commit: gitCommit(),
  dirty: gitDirty(),
  date: new Date().toISOString(),
};
console.log(JSON.stringify(result, null, 2));
if (!args['no-write']) {
  const dir = join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${result.date.slice(0, 10)}-${(result.commit ?? 'nogit').slice(0, 8)}-default-backend.json`), `${JSON.stringify(result, null, 2)}\n`);
}
