#!/usr/bin/env node
/**
 * Two builds of chainrule in one process: the training steps of bench/training-models.mjs (MLP,
 * CNN, LSTM) on the same backend, rounds interleaved, medians. Answers "is this change slower?"
 * without the machine's drift between two separate runs deciding it.
 *
 *   node bench/compare-builds.mjs --base /path/to/other/checkout [--backend wasm] [--threads 1] [--rounds 8] [--time 400]
 *
 * `--base` is another checkout of the repository whose dist/ is built (e.g. a `git worktree` at the
 * commit to compare against); the candidate is this checkout's dist/. Writes nothing unless
 * `--name` is given (then bench/results/<name>-compare.json). Ratio = base median ÷ candidate
 * median: above 1 the candidate is faster. `--threads n` sets the candidate's thread count (builds
 * without `setNumThreads` run on one thread).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { gitCommit, median, ROOT, rotate } from './common.mjs';
import { cnnCase, lstmCase, mlpCase } from './training-models.mjs';

const { values: args } = parseArgs({
  options: {
    base: { type: 'string' },
    backend: { type: 'string', default: 'wasm' },
    rounds: { type: 'string', default: '8' },
    time: { type: 'string', default: '400' },
    only: { type: 'string', default: 'mlp,cnn,lstm' },
    name: { type: 'string' },
    threads: { type: 'string' },
  },
});
if (args.base === undefined) {
  console.error('usage: node bench/compare-builds.mjs --base <checkout with a built dist/> [--backend wasm|ref|auto] [--rounds n] [--time ms] [--only mlp,cnn,lstm] [--name file]');
  process.exit(2);
}

/** The public entry points of the build in `root`, as the training models want them. */
async function loadBuild(root) {
  const at = (path) => import(pathToFileURL(join(root, 'dist', path)).href);
  const [cr, nn, optim] = await Promise.all([at('index.js'), at('nn/index.js'), at('optim/index.js')]);
  await cr.initWasm();
  if (args.threads !== undefined && typeof cr.setNumThreads === 'function') cr.setNumThreads(Number(args.threads));
  return { cr, nn, F: nn.functional, optim, tf: null, torch: null, activateChainrule: (backend) => cr.setBackend(backend) };
}

const builds = { base: await loadBuild(resolve(args.base)), candidate: await loadBuild(ROOT) };
// lstm-small: the size of the names-rnn example's LSTM (docs/examples/names-rnn.mjs: 16 one-hot letters, hidden 32, batch 64, ~8 letters)
const factories = { mlp: mlpCase, cnn: cnnCase, lstm: lstmCase, 'lstm-small': (libs) => lstmCase(libs, { seq: 8, batch: 64, input: 16, hidden: 32 }) };
const caseIds = args.only.split(',');
const libraryId = `chainrule-${args.backend === 'auto' ? 'wasm' : args.backend}`;

/** One trainer per (case, build); each checks it computes the same loss as the other build. */
const trainers = {};
for (const id of caseIds) {
  trainers[id] = {};
  for (const [name, libs] of Object.entries(builds)) {
    const instance = factories[id](libs).libraries[libraryId]();
    if (args.backend === 'auto') libs.activateChainrule('auto');
    trainers[id][name] = { ...instance, activate: () => libs.activateChainrule(args.backend) };
  }
  const losses = Object.values(trainers[id]).map((t) => (t.activate(), t.check().loss));
  if (Math.abs(losses[0] - losses[1]) > 1e-4 * Math.abs(losses[0])) throw new Error(`${id}: the builds disagree on the loss (${losses.join(' vs ')})`);
}

const load = () => os.loadavg()[0].toFixed(2);
const loadBefore = load();
const samples = Object.fromEntries(caseIds.map((id) => [id, { base: [], candidate: [] }]));
const rounds = Number(args.rounds);
const budget = Number(args.time);
for (let round = 0; round < rounds; round++) {
  for (const id of caseIds) {
    for (const name of rotate(['base', 'candidate'], round)) {
      const trainer = trainers[id][name];
      trainer.activate();
      trainer.step(); // warm
      const t0 = performance.now();
      let n = 0;
      for (let t = t0; t - t0 < budget || n < 2; t = performance.now()) {
        const s = performance.now();
        trainer.step();
        samples[id][name].push(performance.now() - s);
        n++;
      }
    }
  }
  process.stderr.write(`round ${round + 1}/${rounds}\n`);
}

const rows = caseIds.map((id) => {
  const base = median(samples[id].base);
  const candidate = median(samples[id].candidate);
  return { case: id, baseMs: +base.toFixed(3), candidateMs: +candidate.toFixed(3), ratio: +(base / candidate).toFixed(3) };
});
const result = { backend: args.backend, threads: args.threads ?? 'default', base: resolve(args.base), candidate: ROOT, commit: gitCommit(), rounds, loadBefore, loadAfter: load(), rows };
console.table(rows);
console.log(`load ${loadBefore} → ${result.loadAfter}; ratio = base ÷ candidate (above 1: the candidate is faster)`);
if (args.name !== undefined) {
  mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
  writeFileSync(join(ROOT, 'bench', 'results', `${args.name}-compare.json`), JSON.stringify(result, null, 2) + '\n');
}
