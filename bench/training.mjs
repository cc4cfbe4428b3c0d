#!/usr/bin/env node
/**
 * The WASM issue's benchmark suite: training steps and kernels, chainrule on its 'wasm' backend
 * (and 'ref' for reference) against tfjs-core on @tensorflow/tfjs-backend-wasm (SIMD, one
 * thread), tfjs-core on @tensorflow/tfjs-backend-cpu, and js-pytorch where it can express the model.
 * One process, libraries interleaved every round, medians. See bench/README.md ("Training and
 * kernels").
 *
 *   npm run build && node bench/training.mjs        # full run (~4 min), writes bench/results/<date>-<commit>-training.json
 *   node bench/training.mjs --quick                 # smoke test: tiny budgets, 1 round, writes nothing
 *   node bench/training.mjs --only mlp,matmul --sizes 256,512 --rounds 3
 *   node bench/training.mjs --profile cnn [--lib chainrule-wasm] [--seconds 5]   # hot functions of one case
 *
 * Options: --only <ids or groups: mlp, cnn, lstm, tanh, fma, matmul, training, kernels>,
 * --libs <library ids to time>, --rounds <n> (5), --time <ms per library per training case per
 * round> (300), --kernel-time <ms per library per kernel case per round> (80),
 * --sizes <matmul n list> (64,128,256,512,1024), --tfjs-cpu-max-n <n> (512),
 * --cnn-filter-grad <conv | im2col> (conv), --name <result file name>, --no-write, --quick.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { torch } from 'js-pytorch';
import * as cr from '../dist/index.js';
import * as nn from '../dist/nn/index.js';
import * as optim from '../dist/optim/index.js';
import { gitCommit, gitDirty, median, rotate, versionOf } from './common.mjs';
import { COMBOS, fmaCase, matmulCases, peakGflops, tanhCase } from './kernels.mjs';
import { profileTask } from './profiler.mjs';
import { loadTfjsWithWasm } from './tfjs-wasm.mjs';
import { cnnCase, lstmCase, mlpCase } from './training-models.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..');

const { values: args } = parseArgs({
  options: {
    only: { type: 'string' },
    libs: { type: 'string' },
    rounds: { type: 'string', default: '5' },
    time: { type: 'string', default: '300' },
    'kernel-time': { type: 'string', default: '80' },
    sizes: { type: 'string' },
    'tfjs-cpu-max-n': { type: 'string', default: '512' },
    'cnn-filter-grad': { type: 'string', default: 'conv' },
    name: { type: 'string' },
    'no-write': { type: 'boolean', default: false },
    quick: { type: 'boolean', default: false },
    profile: { type: 'string' },
    lib: { type: 'string', default: 'chainrule-wasm' },
    seconds: { type: 'string', default: '5' },
  },
});

const config = {
  rounds: args.quick ? 1 : Number(args.rounds),
  trainingMsPerTask: args.quick ? 60 : Number(args.time),
  kernelMsPerTask: args.quick ? 15 : Number(args['kernel-time']),
  warmupMs: args.quick ? 30 : 300,
  /** Kernel samples are means over blocks of calls lasting at least this long (timer resolution, call jitter). */
  kernelBlockMs: 1,
  /** A task whose call takes this long is measured in three rounds only, one call each. */
  slowMs: args.quick ? 500 : 1500,
  matmulSizes: (args.sizes ?? (args.quick ? '64,256' : '64,128,256,512,1024')).split(',').map(Number),
  tfjsCpuMaxN: Number(args['tfjs-cpu-max-n']),
  cnnFilterGrad: args['cnn-filter-grad'],
};
if (!['im2col', 'conv'].includes(config.cnnFilterGrad)) throw new Error(`--cnn-filter-grad: im2col or conv, got ${config.cnnFilterGrad}`);

/** The issue's targets (chainrule-wasm against tfjs-wasm) and PyTorch's one-thread figures on this machine. */
const TARGETS = {
  mlp: { vs: 'tfjs-wasm', speedup: 8 },
  cnn: { vs: 'tfjs-wasm-customGrad', speedup: 7 },
  lstm: { vs: 'tfjs-wasm', speedup: 7 },
  tanh: { vs: 'tfjs-wasm', speedup: 15 },
  fma: { vs: 'tfjs-wasm', speedup: 1 },
  matmul: { minN: 256, fractionOfPeak: 0.75, speedupVsTfjsWasmBest: 1.5 },
};
/**
 * PyTorch's one-thread figures: the newest `npm run bench:pytorch` result in bench/results/ (the
 * same workloads measured on this machine), else the issue's constants.
 */
const PYTORCH_ONE_THREAD = latestPytorchReference() ?? { source: 'the WASM issue', mlpMs: 1.1, cnnMs: 7.4, lstmMs: 9.6, matmulGflops: 97 };

function latestPytorchReference() {
  const dir = join(ROOT, 'bench', 'results');
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('-pytorch.json')).sort() : [];
  if (files.length === 0) return null;
  const file = files[files.length - 1];
  return { source: `bench/results/${file}`, ...JSON.parse(readFileSync(join(dir, file), 'utf8')).reference };
}

// ------------------------------------------------------------ libraries

const processStart = performance.now();
await cr.initWasm();
const activateChainrule = (backend) => cr.setBackend(backend);
const { tf, wasmInfo } = await loadTfjsWithWasm();
const libs = { cr, nn, F: nn.functional, optim, tf, torch, activateChainrule };

const only = args.only?.split(',');
const wanted = (c) => !only || only.includes(c.id) || only.includes(c.group) || (only.includes('kernels') && c.group !== 'training');
const allCases = [
  mlpCase(libs),
  cnnCase(libs, { filterGrad: config.cnnFilterGrad }),
  lstmCase(libs),
  tanhCase(libs),
  fmaCase(libs),
  ...matmulCases(libs, config.matmulSizes, { tfjsCpuMaxN: config.tfjsCpuMaxN }),
].map((c) => ({ ...c, group: c.group ?? 'training' }));
const cases = allCases.filter(wanted);
if (cases.length === 0) throw new Error(`--only ${args.only}: no such case`);
const libFilter = args.libs?.split(',');

if (args.profile !== undefined) {
  await profile(allCases.find((c) => c.id === args.profile), args.lib, Number(args.seconds));
  process.exit(0);
}

// ------------------------------------------------------------ prepare and cross-check

/** status[caseId][lib] = { instance } | { unsupported } | { error } ; agreement[caseId][lib] = deviations. */
const status = {};
const agreement = {};
const kernelMix = {};
const REFERENCE = 'chainrule-wasm';
const TRAINING_TOLERANCE = { loss: 1e-4, grad: 1e-3 };
process.stderr.write('preparing and cross-checking…\n');
for (const c of cases) {
  status[c.id] = {};
  agreement[c.id] = {};
  const reference = c.libraries[REFERENCE]();
  const refValues = reference.check();
  status[c.id][REFERENCE] = { instance: reference };
  for (const [lib, factory] of Object.entries(c.libraries)) {
    if (lib === REFERENCE) continue;
    if (libFilter && !libFilter.includes(lib)) continue;
    let instance;
    try {
      instance = factory();
      if (instance.unsupported) {
        status[c.id][lib] = { unsupported: instance.unsupported };
        continue;
      }
      const values = instance.check();
      const deviations = compare(refValues, values, c.tolerance ?? TRAINING_TOLERANCE);
      agreement[c.id][lib] = deviations;
      const bad = Object.entries(deviations).filter(([, d]) => !d.ok);
      if (bad.length) throw new Error(`${c.id}: ${lib} disagrees with chainrule-wasm: ${bad.map(([k, d]) => `${k} off by ${d.relative.toExponential(2)} (tolerance ${d.tolerance})`).join(', ')}`);
      status[c.id][lib] = { instance };
    } catch (error) {
      if (/disagrees/.test(error.message)) throw error;
      // A library that cannot run the case (tfjs-wasm's missing conv filter gradient): recorded, not timed.
      status[c.id][lib] = { error: `${error.name}: ${error.message}` };
      process.stderr.write(`  ${c.id}: ${lib} cannot run it: ${error.message}\n`);
    }
  }
  for (const s of Object.values(status[c.id])) if (s.instance && !s.instance.run) s.instance.run = s.instance.step;
  if (c.group === 'training') kernelMix[c.id] = traceMix(reference);
}

/** Which kernels one chainrule-wasm step runs, on which backend (wasm, or delegated to ref): counts per kernel. */
function traceMix(instance) {
  instance.activate();
  const { calls } = cr.traceKernels(() => instance.step());
  const mix = { calls: calls.length, wasm: {}, ref: {} };
  for (const k of calls) {
    const key = `${k.kernel}${k.op ? `:${k.op}` : ''}${k.backend === 'ref' ? ` [${k.shape}]` : ''}`;
    mix[k.backend][key] = (mix[k.backend][key] ?? 0) + 1;
  }
  return mix;
}

/** max |a − b| relative to max |a| (loss: relative to |a|), per key of check()'s result. */
function compare(ref, got, tolerance) {
  const out = {};
  for (const [key, tol] of Object.entries(tolerance)) {
    const a = typeof ref[key] === 'number' ? [ref[key]] : ref[key];
    const b = typeof got[key] === 'number' ? [got[key]] : got[key];
    if (a.length !== b.length) return { [key]: { ok: false, relative: Infinity, tolerance: tol, note: `length ${b.length} vs ${a.length}` } };
    let maxDiff = 0;
    let scale = 0;
    for (let i = 0; i < a.length; i++) {
      const d = Math.abs(a[i] - b[i]);
      maxDiff = Number.isNaN(d) ? Infinity : Math.max(maxDiff, d);
      scale = Math.max(scale, Math.abs(a[i]));
    }
    const relative = maxDiff / (scale || 1);
    out[key] = { ok: relative <= tol, relative, tolerance: tol, ...(a.length === 1 ? { reference: a[0], value: b[0] } : {}) };
  }
  return out;
}

// ------------------------------------------------------------ measure, interleaved


/**
 * One task's samples for one round: at least one, until budgetMs has passed. Kernel samples average
 * a block of calls lasting ≥ kernelBlockMs. Warm-up (round 0): calls for warmupMs, at least one
 * (check() already ran the task once). Returns null when a slow task sits this round out.
 */
function measure(task, budgetMs, isKernel, round) {
  const { instance } = task;
  instance.activate();
  // tfjs keeps tensors until disposed: a timed function must leave tfjs's tensor count unchanged.
  const tensorsBefore = instance.numTensors?.();
  const samples = sample(task, budgetMs, isKernel, round);
  if (instance.numTensors && instance.numTensors() !== tensorsBefore) task.leaked = (task.leaked ?? 0) + instance.numTensors() - tensorsBefore;
  return samples;
}

function sample(task, budgetMs, isKernel, round) {
  const { instance } = task;
  if (task.slow) {
    if (!slowRounds.has(round)) return null;
    const t0 = performance.now();
    instance.run();
    return [performance.now() - t0];
  }
  let single = Infinity;
  const end = performance.now() + (round === 0 ? config.warmupMs : 0);
  do {
    const t0 = performance.now();
    instance.run();
    single = Math.min(single, performance.now() - t0);
  } while (performance.now() < end && single < config.slowMs);
  if (round === 0 && single >= config.slowMs) {
    task.slow = true; // this warm-up call, after check(), is the round's sample
    return [single];
  }
  const block = isKernel ? Math.max(1, Math.ceil(config.kernelBlockMs / Math.max(single, 1e-3))) : 1;
  const samples = [];
  const start = performance.now();
  do {
    const t0 = performance.now();
    for (let i = 0; i < block; i++) instance.run();
    samples.push((performance.now() - t0) / block);
  } while (performance.now() - start < budgetMs);
  return samples;
}
/** Slow tasks (one call ≥ slowMs, e.g. tfjs-cpu's CNN step): one sample in the first, middle and last round only. */
const slowRounds = new Set([0, Math.floor((config.rounds - 1) / 2), config.rounds - 1]);

const samples = {};
const roundMedians = {};
for (const c of cases) {
  samples[c.id] = {};
  roundMedians[c.id] = {};
  for (const [lib, s] of Object.entries(status[c.id])) if (s.instance) [samples[c.id][lib], roundMedians[c.id][lib]] = [[], []];
}

const peakBefore = cases.some((c) => c.group === 'matmul') ? peakGflops(args.quick ? 2 : 7) : null;
const loadBefore = os.loadavg();
const loadPerRound = [];
const started = performance.now();
for (let round = 0; round < config.rounds; round++) {
  cases.forEach((c, caseIndex) => {
    const timed = Object.keys(samples[c.id]);
    for (const lib of rotate(timed, round + caseIndex)) {
      const budget = c.group === 'training' ? config.trainingMsPerTask : config.kernelMsPerTask;
      const s = measure(status[c.id][lib], budget, c.group !== 'training', round);
      if (s === null) continue;
      samples[c.id][lib].push(...s);
      roundMedians[c.id][lib].push(median(s));
    }
  });
  loadPerRound.push(os.loadavg()[0]);
  process.stderr.write(`round ${round + 1}/${config.rounds} done (${((performance.now() - started) / 1000).toFixed(0)} s, load ${os.loadavg()[0].toFixed(2)})\n`);
}
const loadAfter = os.loadavg();
const leaks = cases.flatMap((c) => Object.entries(status[c.id]).filter(([, t]) => t.leaked).map(([lib, t]) => `${c.id}/${lib}: ${t.leaked} tensors`));
if (leaks.length) throw new Error(`tfjs tensors leaked while timing (the timed functions must dispose everything): ${leaks.join(', ')}`);
const peakAfter = peakBefore === null ? null : peakGflops(args.quick ? 2 : 7);
cr.setBackend('ref');
const elapsedS = (performance.now() - started) / 1000;
const setupS = (started - processStart) / 1000;

// ------------------------------------------------------------ summarize

const peak = peakBefore === null ? null : Math.max(peakBefore, peakAfter);
const results = cases.map((c) => {
  const perLibrary = {};
  for (const [lib, s] of Object.entries(status[c.id])) {
    if (!s.instance) {
      perLibrary[lib] = s.unsupported ? { unsupported: s.unsupported } : { error: s.error };
      continue;
    }
    const medianMs = median(samples[c.id][lib]);
    const rounds = roundMedians[c.id][lib];
    const fastestMs = Math.min(...samples[c.id][lib]);
    perLibrary[lib] = {
      medianMs,
      /** The fastest sample: on a busy machine, the closest to what the code does with a core to itself. */
      fastestMs,
      samples: samples[c.id][lib].length,
      roundMediansMs: rounds,
      /** (slowest − fastest round median) / median: how much the machine moved this library's numbers. */
      roundSpread: (Math.max(...rounds) - Math.min(...rounds)) / medianMs,
      ...(c.flops ? { gflops: c.flops / medianMs / 1e6 } : {}),
      ...(c.flops && peak && c.group === 'matmul' ? { fractionOfPeak: c.flops / medianMs / 1e6 / peak, fastestGflops: c.flops / fastestMs / 1e6, fastestFractionOfPeak: c.flops / fastestMs / 1e6 / peak } : {}),
      ...(agreement[c.id][lib] ? { agreement: agreement[c.id][lib] } : {}),
      ...(s.slow ? { slowTask: `one call ≥ ${config.slowMs} ms: one sample in rounds ${[...slowRounds].map((r) => r + 1).join(', ')} only` } : {}),
    };
  }
  const ref = perLibrary[REFERENCE];
  const chainrule_wasmSpeedup = {};
  for (const [lib, r] of Object.entries(perLibrary)) if (lib !== REFERENCE && r.medianMs && ref?.medianMs) chainrule_wasmSpeedup[lib] = r.medianMs / ref.medianMs;
  return { id: c.id, group: c.group, title: c.title, ...(c.n ? { n: c.n, transpose: c.combo } : {}), ...(c.gradName ? { gradientChecked: c.gradName } : {}), ...(c.flops ? { flops: c.flops } : {}), results: perLibrary, chainruleWasmSpeedup: chainrule_wasmSpeedup, ...(kernelMix[c.id] ? { chainruleWasmKernels: kernelMix[c.id] } : {}) };
});

const targets = evaluateTargets(results);

const report = {
  name: args.name ?? `${new Date().toISOString().slice(0, 10)}-${(gitCommit() ?? 'nogit').slice(0, 8)}-training`,
  date: new Date().toISOString(),
  commit: gitCommit(),
  uncommittedChanges: gitDirty(),
  machine: {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    platform: process.platform,
    arch: process.arch,
    node: process.version,
    loadAverageBefore: loadBefore,
    loadAverageAfter: loadAfter,
    loadAverage1mPerRound: loadPerRound,
    simdPeakGflops: peak === null ? null : { before: peakBefore, after: peakAfter, used: peak },
  },
  libraries: {
    chainrule: versionOf('.'),
    '@tensorflow/tfjs-core': versionOf('node_modules/@tensorflow/tfjs-core'),
    '@tensorflow/tfjs-backend-cpu': versionOf('node_modules/@tensorflow/tfjs-backend-cpu'),
    '@tensorflow/tfjs-backend-wasm': versionOf('node_modules/@tensorflow/tfjs-backend-wasm'),
    'js-pytorch': versionOf('node_modules/js-pytorch'),
  },
  tfjsWasm: { simd: wasmInfo.simd, threads: wasmInfo.threads, binary: relative(ROOT, wasmInfo.wasmBinary) },
  config: { ...config, setupAndCheckSeconds: setupS, timedRoundsSeconds: elapsedS },
  noise: noiseSummary(results),
  ratioDefinition: 'chainruleWasmSpeedup[lib] = lib median / chainrule-wasm median: above 1, chainrule-wasm is faster',
  targets,
  pytorchOneThreadReference: PYTORCH_ONE_THREAD,
  cases: results,
};

printTable(report);
if (args['no-write'] || (args.quick && args.name === undefined)) {
  console.log(`${args.quick ? '--quick' : '--no-write'}: nothing written`);
} else {
  mkdirSync(join(HERE, 'results'), { recursive: true });
  const outFile = join(HERE, 'results', `${report.name}.json`);
  writeFileSync(outFile, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`wrote ${relative(ROOT, outFile)}`);
}

/** How much the machine moved the numbers: the spread of per-round medians over all timed tasks. */
function noiseSummary(rows) {
  const spreads = rows.flatMap((r) => Object.values(r.results).filter((x) => x.roundSpread !== undefined).map((x) => x.roundSpread));
  const sorted = [...spreads].sort((a, b) => a - b);
  return {
    definition: 'roundSpread = (slowest − fastest round median) / overall median, per case and library',
    tasks: spreads.length,
    medianRoundSpread: sorted.length ? median(sorted) : null,
    p90RoundSpread: sorted.length ? sorted[Math.floor(0.9 * (sorted.length - 1))] : null,
    maxRoundSpread: sorted.length ? sorted[sorted.length - 1] : null,
  };
}

// ------------------------------------------------------------ targets

function evaluateTargets(rows) {
  const out = [];
  const byId = Object.fromEntries(rows.map((r) => [r.id, r]));
  for (const id of ['mlp', 'cnn', 'lstm', 'tanh', 'fma']) {
    const r = byId[id];
    if (!r) continue;
    const t = TARGETS[id];
    const ratio = r.chainruleWasmSpeedup[t.vs];
    const entry = { case: id, measure: `speedup vs ${t.vs}`, target: t.speedup, value: ratio ?? null, met: ratio === undefined ? null : ratio >= t.speedup };
    const pt = { mlp: PYTORCH_ONE_THREAD.mlpMs, cnn: PYTORCH_ONE_THREAD.cnnMs, lstm: PYTORCH_ONE_THREAD.lstmMs }[id];
    if (pt && r.results[REFERENCE]?.medianMs) entry.timesPytorchOneThread = r.results[REFERENCE].medianMs / pt;
    out.push(entry);
  }
  const matmulRows = rows.filter((r) => r.group === 'matmul');
  for (const n of [...new Set(matmulRows.map((r) => r.n))]) {
    const atN = matmulRows.filter((r) => r.n === n);
    const tfBest = Math.max(...atN.map((r) => r.results['tfjs-wasm']?.gflops ?? -Infinity));
    for (const r of atN) {
      const cw = r.results[REFERENCE];
      if (!cw?.gflops) continue;
      const gated = n >= TARGETS.matmul.minN;
      out.push({
        case: r.id,
        measure: 'fraction of SIMD peak',
        target: gated ? TARGETS.matmul.fractionOfPeak : null,
        value: cw.fractionOfPeak ?? null,
        met: gated && cw.fractionOfPeak !== undefined ? cw.fractionOfPeak >= TARGETS.matmul.fractionOfPeak : null,
        gflops: cw.gflops,
        fastestSampleFractionOfPeak: cw.fastestFractionOfPeak ?? null,
        timesPytorchOneThread: cw.gflops / PYTORCH_ONE_THREAD.matmulGflops,
      });
      if (Number.isFinite(tfBest)) {
        const value = cw.gflops / tfBest;
        out.push({ case: r.id, measure: "speedup vs tfjs-wasm's best transpose combination at this n", target: gated ? TARGETS.matmul.speedupVsTfjsWasmBest : null, value, met: gated ? value >= TARGETS.matmul.speedupVsTfjsWasmBest : null, tfjsWasmBestGflops: tfBest });
      }
    }
  }
  return out;
}

// ------------------------------------------------------------ printing

function printTable(rep) {
  const { machine } = rep;
  const la = (l) => l.map((v) => v.toFixed(2)).join(' / ');
  console.log(`\n${machine.cpu}, ${machine.cores} cores, Node ${machine.node}`);
  console.log(`load average (1/5/15 min) before ${la(machine.loadAverageBefore)}, after ${la(machine.loadAverageAfter)}; 1-min load per round: ${machine.loadAverage1mPerRound.map((v) => v.toFixed(2)).join(' ')}`);
  if (machine.simdPeakGflops) console.log(`SIMD128 mul+add peak: ${machine.simdPeakGflops.before.toFixed(1)} GFLOPS before, ${machine.simdPeakGflops.after.toFixed(1)} after (fractions use ${machine.simdPeakGflops.used.toFixed(1)})`);
  console.log(`tfjs-wasm: SIMD ${rep.tfjsWasm.simd}, ${rep.tfjsWasm.threads} thread(s). Setup and cross-check ${setupS.toFixed(0)} s, then ${config.rounds} interleaved rounds in ${elapsedS.toFixed(0)} s; medians over all samples`);
  const nz = rep.noise;
  if (nz.tasks) console.log(`noise: "spread" = ±half of (slowest − fastest round median) / median; over ${nz.tasks} tasks its median is ±${(nz.medianRoundSpread * 50).toFixed(0)}%, 90th percentile ±${(nz.p90RoundSpread * 50).toFixed(0)}%\n`);

  for (const row of rep.cases.filter((r) => r.group !== 'matmul')) {
    console.log(row.title);
    if (row.chainruleWasmKernels) {
      const k = row.chainruleWasmKernels;
      const refCalls = Object.values(k.ref).reduce((a, b) => a + b, 0);
      const copies = Object.entries(k.ref).filter(([key]) => key.startsWith('copy')).reduce((a, [, v]) => a + v, 0);
      const others = Object.entries(k.ref).filter(([key]) => !key.startsWith('copy')).map(([key, v]) => `${key}×${v}`);
      console.log(`  (one chainrule-wasm step: ${k.calls} kernel calls, ${refCalls} delegated to ref: ${copies} copies${others.length ? `, ${others.join(', ')}` : ''})`);
    }
    const lines = Object.entries(row.results).map(([lib, r]) => {
      if (!r.medianMs) return [lib, r.unsupported ? 'not run' : 'FAILS', '', '', '', '', (r.unsupported ?? r.error).slice(0, 110)];
      const speedup = lib === REFERENCE ? '' : `${row.chainruleWasmSpeedup[lib].toFixed(2)}×`;
      const dev = r.agreement ? Object.entries(r.agreement).map(([k, d]) => `${k} ${d.relative.toExponential(1)}`).join(', ') : 'reference';
      return [lib, fmtMs(r.medianMs), `±${(r.roundSpread * 50).toFixed(0)}%`, String(r.samples), r.gflops ? `${r.gflops.toFixed(2)}` : '', speedup, dev];
    });
    printRows(['library', 'median', 'spread', 'samples', 'GFLOPS', 'cw speedup', 'agreement (rel. dev.)'], lines);
  }

  const mm = rep.cases.filter((r) => r.group === 'matmul');
  if (mm.length) {
    console.log('f32 matmul n×n, median GFLOPS (% of SIMD peak), and from the fastest sample (a busy machine stretches medians; the peak is a best-of);');
    console.log('"vs tfjs-wasm" = chainrule-wasm / tfjs-wasm, same combination; "vs best" = chainrule-wasm / tfjs-wasm\'s best combination at that n (medians)');
    const lines = mm.map((r) => {
      const g = (lib) => (r.results[lib]?.gflops ? r.results[lib].gflops.toFixed(2) : r.results[lib]?.unsupported ? 'skip' : '—');
      const cw = r.results[REFERENCE];
      const best = rep.targets.find((t) => t.case === r.id && t.measure.startsWith('speedup'));
      return [
        `${r.n} ${r.transpose}`,
        `${g(REFERENCE)} (${(cw.fractionOfPeak * 100).toFixed(0)}%)`,
        `${cw.fastestGflops.toFixed(2)} (${(cw.fastestFractionOfPeak * 100).toFixed(0)}%)`,
        `±${(cw.roundSpread * 50).toFixed(0)}%`,
        g('tfjs-wasm'),
        g('tfjs-cpu'),
        r.chainruleWasmSpeedup['tfjs-wasm'] ? `${r.chainruleWasmSpeedup['tfjs-wasm'].toFixed(2)}×` : '',
        best ? `${best.value.toFixed(2)}×` : '',
      ];
    });
    printRows(['n combo', 'chainrule-wasm', 'fastest sample', 'spread', 'tfjs-wasm', 'tfjs-cpu', 'vs tfjs-wasm', 'vs best'], lines);
  }

  const pt = PYTORCH_ONE_THREAD;
  console.log(`Targets (chainrule-wasm); PyTorch one-thread figures (${pt.source}): MLP ${pt.mlpMs.toFixed(2)} ms, CNN ${pt.cnnMs.toFixed(2)} ms, LSTM ${pt.lstmMs.toFixed(2)} ms, matmul ${pt.matmulGflops.toFixed(0)} GFLOPS`);
  const lines = rep.targets
    .filter((t) => t.target !== null)
    .map((t) => [t.case, t.measure, t.value === null ? '—' : t.measure.startsWith('fraction') ? `${(t.value * 100).toFixed(0)}%` : `${t.value.toFixed(2)}×`, t.measure.startsWith('fraction') ? `≥ ${t.target * 100}%` : `≥ ${t.target}×`, t.met === null ? 'not measured' : t.met ? 'met' : 'MISSED', t.timesPytorchOneThread ? (t.gflops ? `${(t.timesPytorchOneThread * 100).toFixed(0)}% of PyTorch GFLOPS` : `${t.timesPytorchOneThread.toFixed(1)}× PyTorch's time`) : '']);
  printRows(['case', 'measure', 'value', 'target', '', 'vs PyTorch (1 thread)'], lines);
}

function printRows(header, lines) {
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  for (const line of [header, ...lines]) console.log(`  ${line.map((cell, i) => cell.padEnd(widths[i])).join('  ')}`.trimEnd());
  console.log('');
}

function fmtMs(ms) {
  return ms >= 100 ? `${ms.toFixed(0)} ms` : ms >= 10 ? `${ms.toFixed(1)} ms` : ms >= 1 ? `${ms.toFixed(2)} ms` : `${(ms * 1000).toFixed(0)} µs`;
}

// ------------------------------------------------------------ profiling one case

/** Runs one library's task for a few seconds under V8's sampling profiler; prints functions by self time. */
async function profile(c, lib, seconds) {
  if (!c) throw new Error(`--profile: no case ${args.profile}; ids: ${allCases.map((x) => x.id).join(', ')}`);
  const instance = c.libraries[lib]();
  if (instance.unsupported) throw new Error(`${c.id}: ${lib}: ${instance.unsupported}`);
  instance.run ??= instance.step;
  instance.activate();
  const file = join(os.tmpdir(), `chainrule-profile-${c.id}-${lib}.cpuprofile`);
  await profileTask(() => instance.run(), { seconds, file, title: `${c.title}, ${lib}`, top: 30 });
}

// ------------------------------------------------------------ provenance



