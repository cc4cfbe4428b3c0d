#!/usr/bin/env node
/**
 * The homework examples (docs/examples/<name>.mjs, full runs on the default backend) against the
 * same computation in PyTorch on the CPU (bench/pytorch-examples/<name>.py, Debian's PyTorch, one
 * thread: the 1-thread figure each script prints). Each example runs as its own process, as a
 * student runs it (`npm run example -- <name>`), with its figures written to a temporary directory
 * so the checkout stays untouched. Its time is the computation it prints ("finished in … s
 * (computation … s, figures … s)": the run less drawing its figures, since PyTorch's scripts draw
 * none; the total is recorded too), not Node's start-up; PyTorch's is the one its script prints
 * (not Python's start-up or `import torch`). The two alternate, example by example, and the load
 * average is recorded.
 *
 *   npm run build && node bench/examples-vs-pytorch.mjs [--rounds 1] [--only names,…]
 *   → bench/results/<date>-examples.json
 *
 * bench/targets.mjs imports {@link measureExamples} for its "course notebooks" row.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { gitCommit, gitDirty, median, ROOT } from './common.mjs';

/** The examples that have a PyTorch counterpart. */
export function exampleNames() {
  return readdirSync(join(ROOT, 'bench', 'pytorch-examples')).filter((f) => f.endsWith('.py')).map((f) => f.slice(0, -3)).sort();
}

/** Seconds the chainrule example reports for a full run: in all, and its computation (the total less drawing the figures). */
function chainruleSeconds(name, figuresDir) {
  const out = execFileSync(process.execPath, [join(ROOT, 'docs', 'examples', 'run.mjs'), name, '--figures', figuresDir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const match = /finished in ([\d.]+) s \(computation ([\d.]+) s/.exec(out);
  if (!match) throw new Error(`example ${name}: no "finished in … (computation …)" line in its output`);
  return { total: Number(match[1]), computation: Number(match[2]) };
}

/** Seconds PyTorch takes on one thread, as the script prints it. */
function pytorchSeconds(name, python) {
  // the scripts print their timing lines on stdout or stderr
  const run = spawnSync(python, [join(ROOT, 'bench', 'pytorch-examples', `${name}.py`)], { encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' } });
  if (run.status !== 0) throw new Error(`pytorch-examples/${name}.py exited with ${run.status}: ${run.stderr.slice(-500)}`);
  const lines = `${run.stdout}\n${run.stderr}`.split('\n').filter((l) => /\b1 thread\b/.test(l));
  const match = /: ([\d.]+) s/.exec(lines.at(-1) ?? '');
  if (!match) throw new Error(`pytorch-examples/${name}.py: no 1-thread timing line in its output`);
  return Number(match[1]);
}

/**
 * Runs every example and its PyTorch script `rounds` times, alternating which goes first; returns
 * per example the median seconds of each and their ratio (chainrule ÷ PyTorch: the median of the
 * rounds' ratios, each round's two runs being adjacent in time), with the loads.
 */
export function measureExamples({ rounds = 1, only = null, python = '/usr/bin/python3', log = () => {} } = {}) {
  const figuresDir = mkdtempSync(join(os.tmpdir(), 'chainrule-example-figures-'));
  const loadBefore = os.loadavg();
  const examples = {};
  try {
    for (const name of only ?? exampleNames()) {
      const ours = [];
      const theirs = [];
      for (let r = 0; r < rounds; r++) {
        log(`example ${name}, round ${r + 1}/${rounds}…`);
        const order = r % 2 === 0 ? ['chainrule', 'pytorch'] : ['pytorch', 'chainrule'];
        for (const who of order) {
          if (who === 'chainrule') ours.push(chainruleSeconds(name, figuresDir));
          else theirs.push(pytorchSeconds(name, python));
        }
      }
      // PyTorch's scripts draw no figures: the ratio compares the computations
      const [c, p] = [median(ours.map((o) => o.computation)), median(theirs)];
      const ratio = median(ours.map((o, r) => o.computation / theirs[r]));
      examples[name] = { chainruleSeconds: c, chainruleWithFiguresSeconds: median(ours.map((o) => o.total)), pytorch1ThreadSeconds: p, ratio, rounds: { chainrule: ours, pytorch: theirs } };
    }
  } finally {
    rmSync(figuresDir, { recursive: true, force: true });
  }
  return { loadavg: { before: loadBefore, after: os.loadavg() }, examples };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values: args } = parseArgs({ options: { rounds: { type: 'string', default: '1' }, only: { type: 'string' }, python: { type: 'string', default: '/usr/bin/python3' } } });
  const result = measureExamples({
    rounds: Number(args.rounds), only: args.only?.split(',') ?? null, python: args.python,
    log: (msg) => process.stderr.write(`${msg}\n`),
  });
  const record = { date: new Date().toISOString(), commit: gitCommit(), dirty: gitDirty(), cpus: os.cpus().length, node: process.version, ...result };
  console.log(`| example | chainrule (s) | with its figures (s) | PyTorch 1 thread (s) | ratio |\n| --- | ---: | ---: | ---: | ---: |`);
  for (const [name, e] of Object.entries(result.examples)) {
    console.log(`| ${name} | ${e.chainruleSeconds.toFixed(1)} | ${e.chainruleWithFiguresSeconds.toFixed(1)} | ${e.pytorch1ThreadSeconds.toFixed(1)} | ${e.ratio.toFixed(2)}× |`);
  }
  console.log(`load ${result.loadavg.before[0].toFixed(2)} → ${result.loadavg.after[0].toFixed(2)}`);
  const dir = join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${record.date.slice(0, 10)}-examples.json`);
  writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);
  console.log(`written: ${file}`);
}
