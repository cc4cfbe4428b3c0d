#!/usr/bin/env node
/**
 * chainrule vs @tensorflow/tfjs-core (CPU backend) vs js-pytorch, in one process.
 *
 *   npm run bench                      # builds dist/, then runs this
 *   node bench/run.mjs --name laptop   # writes bench/results/laptop.json
 *   node bench/run.mjs --quick         # one short round: a smoke test, not a measurement (writes nothing)
 *
 * Options: --name <file name> (default <date>-<short commit>), --rounds <n> (6), --time <ms per
 * library per case per round> (700), --only <case ids, comma-separated>, --backend <chainrule
 * backend: ref | wasm | auto; default: CHAINRULE_BACKEND or ref>, --quick.
 *
 * Libraries are interleaved: every round runs each case for every library, starting with a
 * different library each round, so slow drift (other processes, thermal state) hits all of them
 * alike. Reported times are medians over all samples of all rounds. See bench/README.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { torch } from 'js-pytorch';
import { Bench } from 'tinybench';
import * as cr from '../dist/index.js';
import { gitCommit, gitDirty, median, rotate, versionOf } from './common.mjs';
import { loadTfjs } from './tfjs.mjs';
import { LIBRARIES, makeCases } from './workloads.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..');

const { values: args } = parseArgs({
  options: {
    name: { type: 'string' },
    rounds: { type: 'string', default: '6' },
    time: { type: 'string', default: '700' },
    only: { type: 'string' },
    backend: { type: 'string' },
    quick: { type: 'boolean', default: false },
  },
});
const config = {
  rounds: args.quick ? 1 : Number(args.rounds),
  timePerTaskMs: args.quick ? 50 : Number(args.time),
  minIterationsPerTask: 2,
  chainSteps: 667,
  matmulN: 256,
};

if (args.backend !== undefined) {
  if (typeof cr.setBackend !== 'function') throw new Error('--backend: this build of chainrule has no setBackend');
  if (args.backend !== 'ref') await cr.initWasm();
  cr.setBackend(args.backend);
}
/** Which kernels chainrule ran on (recorded with the results). */
const chainruleBackend = typeof cr.getBackend === 'function' ? cr.getBackend() : 'ref';

const tf = await loadTfjs();
const only = args.only?.split(',');
const cases = makeCases({ cr, tf, torch }, config).filter((c) => !only || only.includes(c.id));
if (cases.length === 0) throw new Error(`--only ${args.only}: no such case`);

// ------------------------------------------------------------ prepare and cross-check

const prepared = new Map(cases.map((c) => [c.id, Object.fromEntries(LIBRARIES.map((lib) => [lib, c.libraries[lib]()]))]));
for (const c of cases) checkAgreement(c, prepared.get(c.id));

/** Runs each library once and insists all agree with chainrule (relative 1e-3): same work, or no numbers. */
function checkAgreement(c, libs) {
  const reference = libs.chainrule.summarize(libs.chainrule.run());
  for (const lib of LIBRARIES) {
    const values = libs[lib].summarize(libs[lib].run());
    const agree = values.length === reference.length && values.every((v, i) => Math.abs(v - reference[i]) <= 1e-3 * (1 + Math.abs(reference[i])));
    if (!agree) throw new Error(`${c.id}: ${lib} computed [${values}] but chainrule computed [${reference}]`);
  }
}

// ------------------------------------------------------------ measure, interleaved

/** samples[caseId][lib] = all latencies (ms); roundMedians[caseId][lib] = one median per round. */
const samples = {};
const roundMedians = {};
for (const c of cases) {
  samples[c.id] = Object.fromEntries(LIBRARIES.map((lib) => [lib, []]));
  roundMedians[c.id] = Object.fromEntries(LIBRARIES.map((lib) => [lib, []]));
}

const loadBefore = os.loadavg()[0];
const started = performance.now();
for (let round = 0; round < config.rounds; round++) {
  cases.forEach((c, caseIndex) => {
    const bench = new Bench({
      time: config.timePerTaskMs,
      iterations: config.minIterationsPerTask,
      warmup: round === 0,
      warmupTime: 200,
      warmupIterations: 2,
      retainSamples: true,
      throws: true,
    });
    for (const lib of rotate(LIBRARIES, round + caseIndex)) bench.add(lib, prepared.get(c.id)[lib].run);
    for (const task of bench.runSync()) {
      const latencies = [...task.result.latency.samples];
      samples[c.id][task.name].push(...latencies);
      roundMedians[c.id][task.name].push(median(latencies));
    }
  });
  process.stderr.write(`round ${round + 1}/${config.rounds} done (${((performance.now() - started) / 1000).toFixed(0)} s)\n`);
}
const loadAfter = os.loadavg()[0];



// ------------------------------------------------------------ summarize

const results = cases.map((c) => {
  const perLibrary = {};
  for (const lib of LIBRARIES) {
    const medianMs = median(samples[c.id][lib]);
    const rounds = roundMedians[c.id][lib];
    perLibrary[lib] = {
      medianMs,
      ...(c.opsPerIteration ? { perOpUs: (medianMs * 1000) / c.opsPerIteration } : {}),
      samples: samples[c.id][lib].length,
      roundMediansMs: rounds,
    };
  }
  const chainruleSpeedup = {};
  for (const lib of LIBRARIES.filter((l) => l !== 'chainrule')) {
    chainruleSpeedup[lib] = perLibrary[lib].medianMs / perLibrary.chainrule.medianMs;
  }
  return { id: c.id, title: c.title, ...(c.opsPerIteration ? { opsPerIteration: c.opsPerIteration } : {}), results: perLibrary, chainruleSpeedup };
});

const report = {
  name: args.name ?? `${new Date().toISOString().slice(0, 10)}-${(gitCommit() ?? 'nogit').slice(0, 8)}`,
  date: new Date().toISOString(),
  commit: gitCommit(),
  uncommittedChanges: gitDirty(),
  machine: {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    platform: process.platform,
    arch: process.arch,
    node: process.version,
    loadAverage1mBefore: loadBefore,
    loadAverage1mAfter: loadAfter,
  },
  libraries: {
    chainrule: versionOf('.'),
    '@tensorflow/tfjs-core': versionOf('node_modules/@tensorflow/tfjs-core'),
    '@tensorflow/tfjs-backend-cpu': versionOf('node_modules/@tensorflow/tfjs-backend-cpu'),
    'js-pytorch': versionOf('node_modules/js-pytorch'),
    tinybench: versionOf('node_modules/tinybench'),
  },
  config: { ...config, chainruleBackend },
  ratioDefinition: 'chainruleSpeedup[peer] = peer median / chainrule median: above 1, chainrule is faster',
  cases: results,
};

printTable(report);
if (args.quick && args.name === undefined) {
  console.log('--quick: nothing written (pass --name to keep a quick run)');
} else {
  mkdirSync(join(HERE, 'results'), { recursive: true });
  const outFile = join(HERE, 'results', `${report.name}.json`);
  writeFileSync(outFile, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`wrote ${outFile}`);
}

function printTable({ machine, cases: rows }) {
  console.log(`\n${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, load ${machine.loadAverage1mBefore.toFixed(2)} → ${machine.loadAverage1mAfter.toFixed(2)}`);
  console.log(`chainrule on its '${chainruleBackend}' backend; ${config.rounds} interleaved rounds; medians over all samples; "spread" = lowest–highest round median\n`);
  const header = ['library', 'median', 'per op', 'spread', 'samples', 'chainrule speedup'];
  for (const row of rows) {
    console.log(row.title);
    const lines = LIBRARIES.map((lib) => {
      const r = row.results[lib];
      const speedup = lib === 'chainrule' ? '' : `${row.chainruleSpeedup[lib].toFixed(2)}×`;
      return [
        lib,
        formatMs(r.medianMs),
        r.perOpUs === undefined ? '' : `${r.perOpUs.toFixed(2)} µs`,
        `${formatMs(Math.min(...r.roundMediansMs))}–${formatMs(Math.max(...r.roundMediansMs))}`,
        String(r.samples),
        speedup,
      ];
    });
    const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
    for (const line of [header, ...lines]) console.log(`  ${line.map((cell, i) => cell.padEnd(widths[i])).join('  ')}`);
    console.log('');
  }
}

function formatMs(ms) {
  return ms >= 100 ? `${ms.toFixed(0)} ms` : ms >= 10 ? `${ms.toFixed(1)} ms` : `${ms.toFixed(2)} ms`;
}



