#!/usr/bin/env node
/**
 * Issue 11's targets table, every row from one run: chainrule's figures measured in this process
 * (medians; interleaved wherever two things are compared), PyTorch's one-thread and two-thread
 * figures from bench/pytorch-reference.py (run first, as two child processes with Debian's
 * /usr/bin/python3, so they never overlap a JavaScript measurement), tfjs-wasm in this process. The
 * training rows sample PyTorch's one-thread step in the same rounds as chainrule's (a third
 * PyTorch process serving samples on request, bench/pytorch-serve.mjs; idle in between).
 *
 *   npm run build && node bench/targets.mjs            # ≤ 10 min; writes bench/results/<date>-targets.json
 *   node bench/targets.mjs --quick                     # smoke run (seconds; numbers meaningless); writes nothing
 *   node bench/targets.mjs --pytorch a.json,b.json     # reuse pytorch-reference.py outputs (1 thread, 2 threads; the training rows still sample their own)
 *
 * Rows (ratio definitions in `ROWS` below): the default backend against wasm on the MLP step;
 * matmul n = 256–1024, every transpose, 2 threads ÷ 1 (beside it, the same kernel in two processes at
 * once ÷ one alone, bench/machine-parallelism.mjs: what two threads could gain here); the MLP, CNN and LSTM training steps
 * against PyTorch (chainrule on the default backend with its default thread count, and with one
 * thread); x·y + x and tanh over 2²⁰ float32 against tfjs-wasm (the median of three child processes
 * that load only the two, bench/elementwise-breakdown.mjs, and in this one); per-op overhead (2001 chained ops on
 * one-element tensors, forward + backward; in a child process, bench/per-op.mjs, and in this one); ResNet-18's memory saved for backward per image at
 * 224×224 against PyTorch's (test/fixtures/conv_memory.json, PyTorch 1.13); ResNet-18 training
 * throughput at batch 64 against batch 16 (64×64 images, as bench/conv-batch.mjs); the course
 * notebooks, ported as docs/examples, against their PyTorch scripts (bench/examples-vs-pytorch.mjs,
 * three rounds, each example's ratio the median of the rounds'; about 5 min more; `--no-examples`
 * skips them).
 *
 * The JSON records the thread count, os.loadavg() before and after, and each row's figures and ratio.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT, gitCommit, gitDirty, median, timedBlock, uniform, workersReady } from './common.mjs';
import { measureMachineParallelism } from './machine-parallelism.mjs';
import { startPytorch } from './pytorch-serve.mjs';

const { values: args } = parseArgs({
  options: { quick: { type: 'boolean', default: false }, pytorch: { type: 'string' }, python: { type: 'string', default: '/usr/bin/python3' }, examples: { type: 'boolean', default: true } },
  allowNegative: true,
});
const QUICK = args.quick;
const started = Date.now();
const loadBefore = os.loadavg();
const log = (msg) => process.stderr.write(`[targets ${((Date.now() - started) / 1000).toFixed(0)} s] ${msg}\n`);

// ------------------------------------------------------------------ PyTorch, 1 and 2 threads (first, alone)

function pytorchFigures() {
  if (args.pytorch) return args.pytorch.split(',').map((p) => JSON.parse(readFileSync(p, 'utf8')));
  const dir = join(os.tmpdir(), `chainrule-targets-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  return [1, 2].map((threads) => {
    const out = join(dir, `pytorch-${threads}.json`);
    log(`PyTorch, ${threads} thread(s)…`);
    const extra = QUICK ? ['--quick'] : ['--rounds', '3'];
    execFileSync(args.python, [join(ROOT, 'bench', 'pytorch-reference.py'), '--threads', String(threads), '--out', out, ...extra], { stdio: ['ignore', 'ignore', 'inherit'] });
    return JSON.parse(readFileSync(out, 'utf8'));
  });
}
const [pt1, pt2] = pytorchFigures();
const ptCase = (report, id) => report.cases.find((c) => c.id === id)?.medianMs ?? null;

// ------------------------------------------------------------------ chainrule and tfjs-wasm

if (process.env.CHAINRULE_BACKEND) throw new Error('unset CHAINRULE_BACKEND: the first row measures the default backend');
const cr = await import('../dist/index.js');
const nn = await import('../dist/nn/index.js');
const optim = await import('../dist/optim/index.js');
const models = await import('../dist/models/index.js');
const { threadPool } = await import('../dist/backend/threads/pool.js');
const { sharedKernels } = await import('../dist/backend/wasm/module.js');
const { wasmBackend } = await import('../dist/backend/wasm/backend.js');
const { setThreadMinMatmulMacs } = await import('../dist/backend/threads/settings.js');
const { cnnCase, lstmCase, mlpCase, resnetTrainer } = await import('./training-models.mjs');
const { loadTfjsWithWasm, use } = await import('./tfjs-wasm.mjs');

const DEFAULT_BACKEND = cr.getBackend();
const THREADS = cr.getNumThreads();

/** Waits until the pool has its workers for `threads` threads, so that no timing includes their start. */
async function threads(n) {
  cr.setNumThreads(n);
  await workersReady(threadPool(sharedKernels()), n);
}

/** Median cores the process got per variant in the last `interleave` call (variants that `run` here). */
let lastCores = {};
/** Each variant's time per round in the last `interleave` call (for ratios paired by round). */
let lastRounds = {};

/**
 * Interleaved medians: `variants` is { name: { setup(), run() } }; each round runs every variant
 * (setup first: backend, thread count) for a block of ≥ minMs, the order alternating by round. A
 * variant measured elsewhere gives `measure(minMs)` instead of `run`: a promise of its ms.
 */
async function interleave(variants, rounds, minMs) {
  const names = Object.keys(variants);
  const times = Object.fromEntries(names.map((n) => [n, []]));
  const cores = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < rounds; r++) {
    for (const name of r % 2 === 0 ? names : [...names].reverse()) {
      const variant = variants[name];
      await variant.setup?.();
      if (variant.measure) {
        times[name].push(await variant.measure(minMs));
        continue;
      }
      const { ms, cores: c } = timedBlock(variant.run, minMs);
      times[name].push(ms);
      cores[name].push(c);
    }
  }
  lastCores = Object.fromEntries(names.filter((n) => cores[n].length > 0).map((n) => [n, median(cores[n])]));
  lastRounds = times;
  return Object.fromEntries(names.map((n) => [n, median(times[n])]));
}

const fmt = (v) => (v === null || !Number.isFinite(v) ? '—' : v >= 100 ? v.toFixed(0) : v.toFixed(2));
const ROUNDS = QUICK ? 2 : 11;
const MIN_MS = QUICK ? 20 : 250;
const rows = [];
const row = (id, what, figures, ratio, target, met, note = '') => rows.push({ id, case: what, figures, ratio, target, met, note });
const libs = { cr, nn, F: nn.functional, optim, tf: null, torch: null, activateChainrule: (backend) => cr.setBackend(backend) };

// 1. default backend vs wasm, MLP step
log('default backend vs wasm, MLP step…');
{
  const make = (backend) => {
    libs.activateChainrule(backend);
    return mlpCase(libs).libraries['chainrule-wasm']; // the factory takes its backend from activateChainrule
  };
  const trainerOn = (backend) => {
    const original = libs.activateChainrule;
    libs.activateChainrule = () => original(backend);
    const t = make(backend)();
    libs.activateChainrule = original;
    return t;
  };
  const onDefault = trainerOn(DEFAULT_BACKEND);
  const onWasm = trainerOn('wasm');
  await threads(THREADS);
  const ms = await interleave(
    { default: { setup: () => cr.setBackend(DEFAULT_BACKEND), run: onDefault.step }, wasm: { setup: () => cr.setBackend('wasm'), run: onWasm.step } },
    ROUNDS, MIN_MS,
  );
  const ratio = ms.default / ms.wasm;
  row('default-vs-wasm', `default backend (${DEFAULT_BACKEND}) vs wasm, MLP 784-256-256-10 b64 step (time ratio)`, ms, ratio, 'same speed (≤ 1.05)', ratio <= 1.05);
}
cr.setBackend(DEFAULT_BACKEND);

// 2. matmul 2 threads vs 1
log('matmul, 2 threads vs 1…');
{
  const sizes = QUICK ? [256] : [256, 512, 1024];
  const matrix = (n, transposed, seed) => {
    const storage = uniform(n * n, seed, -0.5, 0.5);
    return { storage, offset: 0, shape: [1, n, n], strides: transposed ? [n * n, 1, n] : [n * n, n, 1] };
  };
  const previous = setThreadMinMatmulMacs(0);
  const speedups = {};
  const coresWith2 = [];
  for (const n of sizes) {
    for (const combo of ['NN', 'NT', 'TN', 'TT']) {
      const a = matrix(n, combo[0] === 'T', n + 1);
      const b = matrix(n, combo[1] === 'T', n + 2);
      const out = new Float32Array(n * n);
      const run = () => wasmBackend.matmul(a, b, out, false);
      // the median of the rounds' ratios, as the training rows (the VM's drift cancels within a round)
      await interleave({ 1: { setup: () => threads(1), run }, 2: { setup: () => threads(2), run } }, QUICK ? 2 : 7, QUICK ? 10 : 120);
      speedups[`${n}-${combo}`] = median(lastRounds[1].map((t, r) => t / lastRounds[2][r]));
      coresWith2.push(lastCores[2]);
    }
  }
  setThreadMinMatmulMacs(previous);
  const values = Object.values(speedups);
  const worst = Math.min(...values);
  // what the machine gives: the same kernel in two processes at once ÷ one alone, and PyTorch's own 2 threads ÷ 1
  const machine = await measureMachineParallelism(QUICK ? { rounds: 1, seconds: 0.3 } : { rounds: 3, seconds: 2 });
  const pytorch2Over1 = (pt2.reference?.matmulGflops ?? NaN) / (pt1.reference?.matmulGflops ?? NaN);
  row('matmul-threads', 'matmul n = 256–1024, every transpose, 2 threads vs 1 (speed-up, each case the median of its rounds\' ratios; min over cases, median in figures)',
    { ...speedups, median: median(values), coresWith2Threads: median(coresWith2), machineTwoProcessesOverOne: machine.twoOverOne, machine, pytorch2ThreadsOver1: pytorch2Over1 }, worst, '≥ 1.8×', worst >= 1.8,
    `the process got ${median(coresWith2).toFixed(2)} cores with 2 threads; the kernel in two processes at once gave ×${machine.twoOverOne.toFixed(2)} (n = ${machine.n}, bench/machine-parallelism.mjs); PyTorch's matmul, 2 threads ÷ 1: ×${pytorch2Over1.toFixed(2)}`);
}
await threads(THREADS);

// 3–5. training steps vs PyTorch 1 thread, sampled in the same rounds as chainrule's (a PyTorch
// process serving samples on request, bench/pytorch-serve.mjs): the row's ratio is the median of
// the rounds' ratios, so the VM's drift over minutes cancels; PyTorch's 2 threads from the run above
log('training steps (PyTorch 1 thread sampled in the same rounds)…');
const pytorchServer = await startPytorch({ python: args.python, threads: 1 });
for (const [id, make, target] of [['mlp', mlpCase, 1.5], ['cnn', cnnCase, 1.5], ['lstm', lstmCase, 1.3]]) {
  const original = libs.activateChainrule;
  libs.activateChainrule = () => original(DEFAULT_BACKEND);
  const trainer = make(libs).libraries['chainrule-wasm']();
  libs.activateChainrule = original;
  const ours = `${THREADS} threads`;
  const ms = await interleave(
    {
      [ours]: { setup: () => threads(THREADS), run: trainer.step },
      '1 thread': { setup: () => threads(1), run: trainer.step },
      'PyTorch 1 thread': { measure: async (minMs) => (await pytorchServer.sample(id, minMs)).medianMs },
    },
    ROUNDS, MIN_MS,
  );
  await threads(THREADS);
  const paired = (name) => lastRounds[name].map((t, r) => t / lastRounds['PyTorch 1 thread'][r]);
  const ratio = median(paired(ours));
  const p2 = ptCase(pt2, id);
  row(`${id}-vs-pytorch`, `${id.toUpperCase()} step vs PyTorch 1 thread (time ratio, the median of ${ROUNDS} rounds' ratios; chainrule ${DEFAULT_BACKEND}, ${THREADS} threads)`,
    { chainruleMs: { [ours]: ms[ours], '1 thread': ms['1 thread'] }, cores: lastCores, pytorch1ThreadMs: ms['PyTorch 1 thread'], roundRatios: paired(ours),
      oneThreadVsPytorch1Thread: median(paired('1 thread')), pytorch1ThreadMsUpFront: ptCase(pt1, id), pytorch2ThreadsMsUpFront: p2, vsPytorch2Threads: ms[ours] / p2 },
    ratio, `≤ ${target}×`, ratio <= target,
    `${fmt(ms[ours])} against ${fmt(ms['PyTorch 1 thread'])} ms; rounds ${fmt(Math.min(...paired(ours)))}–${fmt(Math.max(...paired(ours)))}×; ${THREADS} threads got ${lastCores[ours].toFixed(2)} cores; PyTorch 2 threads (run first): ${fmt(ms[ours] / p2)}×`);
}
pytorchServer.close();

// 6–7. x·y + x and tanh vs tfjs-wasm: in processes that load only chainrule and tfjs-wasm
// (elementwise-breakdown.mjs; the heap the training rows leave here slows every fresh 4 MB output),
// the median of three (the threaded tanh differs between processes of the same build: 2.45 against
// 4.06 ms in two of them), and in this one
log('elementwise vs tfjs-wasm…');
{
  const freshRuns = (QUICK ? [0] : [0, 1, 2]).map((k) => {
    const file = join(os.tmpdir(), `chainrule-targets-breakdown-${process.pid}-${k}.json`);
    execFileSync(process.execPath, [join(ROOT, 'bench', 'elementwise-breakdown.mjs'), ...(QUICK ? ['--quick'] : ['--rounds', '9']), '--json', file], { stdio: ['ignore', 'ignore', 'inherit'] });
    return JSON.parse(readFileSync(file, 'utf8')).speedVsTfjsWasm;
  });
  const { tf } = await loadTfjsWithWasm();
  const N = 2 ** 20;
  const xd = uniform(N, 41, -3, 3);
  const yd = uniform(N, 42, -3, 3);
  const x = cr.tensor(xd);
  const y = cr.tensor(yd);
  use(tf, 'wasm');
  const tx = tf.tensor1d(xd);
  const ty = tf.tensor1d(yd);
  const ours = { setup: () => cr.setBackend(DEFAULT_BACKEND) };
  const theirs = { setup: () => use(tf, 'wasm') };
  for (const [id, crOp, tfOp, target] of [
    ['fma', () => x.mul(y).add(x), () => tf.tidy(() => void tf.add(tf.mul(tx, ty), tx)), 0.5],
    ['tanh', () => x.tanh(), () => tf.tidy(() => void tf.tanh(tx)), 6],
  ]) {
    const ms = await interleave({ chainrule: { ...ours, run: crOp }, 'tfjs-wasm': { ...theirs, run: tfOp } }, ROUNDS, MIN_MS / 2);
    const inThisProcess = ms['tfjs-wasm'] / ms.chainrule;
    const perProcess = freshRuns.map((r) => r[id === 'fma' ? 'x·y + x (auto)' : 'tanh (auto)']);
    const ratio = median(perProcess);
    const what = `${id === 'fma' ? '`x·y + x`' : '`tanh`'}, 2²⁰ float32, vs tfjs-wasm (speed; median of ${perProcess.length} processes with only the two)`;
    row(`${id}-vs-tfjs`, what, { perProcess, inThisProcess: { ...ms, ratio: inThisProcess }, pytorch1ThreadMs: ptCase(pt1, id), pytorch2ThreadsMs: ptCase(pt2, id) }, ratio, `≥ ${target}×`, ratio >= target,
      `bench/elementwise-breakdown.mjs: ${perProcess.map(fmt).join(', ')}×; ${fmt(inThisProcess)}× in this process, after the training rows`);
  }
}

// 8. per-op overhead: in a process of its own (bench/per-op.mjs says why), and in this one
log('per-op overhead…');
{
  const { perOpChain } = await import('./workloads.mjs');
  const { ops, run } = perOpChain(cr, 667);
  const ms = await interleave({ chain: { setup: () => cr.setBackend(DEFAULT_BACKEND), run } }, ROUNDS, MIN_MS);
  const inThisProcess = (ms.chain * 1000) / ops;
  const child = JSON.parse(execFileSync(process.execPath, [join(ROOT, 'bench', 'per-op.mjs'), String(QUICK ? 2 : 9)], { encoding: 'utf8' }));
  const us = child.usPerOp;
  row('per-op', 'per-op overhead, tiny tensors, forward + backward (µs per op; a process of its own)',
    { usPerOp: us, usPerOpInThisProcess: inThisProcess, pytorch1ThreadUsPerOp: pt1.reference?.chainUsPerOp ?? null }, us, '≤ 2 µs', us <= 2,
    `${fmt(inThisProcess)} µs in this process, where tfjs-wasm's heap makes garbage collection ~3× slower`);
}

// 9. ResNet-18 memory per image
log('ResNet-18 memory…');
{
  const fixture = JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'conv_memory.json'), 'utf8')).cases;
  const perImagePt = fixture.resnet18_224_b2.bytes - fixture.resnet18_224.bytes;
  const model = models.resnet18();
  const bytes = (n) => nn.summary(model, [n, 3, 224, 224]).totals.bytesSavedForBackward;
  const ours = bytes(2) - bytes(1);
  const ratio = ours / perImagePt;
  row('resnet-memory', 'activation memory per image, ResNet-18 224×224, vs PyTorch (bytes ratio)', { chainruleBytes: ours, pytorchBytes: perImagePt }, ratio, '≤ 1.1×', ratio <= 1.1);
}

// 10. ResNet-18 throughput, batch 64 vs 16
log('ResNet-18 throughput…');
{
  const [size, small, large] = QUICK ? [32, 2, 4] : [64, 16, 64];
  const steps = Object.fromEntries([small, large].map((b) => [b, resnetTrainer({ cr, nn, optim, models }, b, size).step]));
  const imgPerSec = { [small]: [], [large]: [] };
  for (const b of [small, large]) steps[b]();
  for (let r = 0; r < (QUICK ? 1 : 3); r++) {
    for (const b of r % 2 === 0 ? [small, large] : [large, small]) {
      const t0 = performance.now();
      steps[b]();
      imgPerSec[b].push((1000 * b) / (performance.now() - t0));
    }
  }
  const med = { [small]: median(imgPerSec[small]), [large]: median(imgPerSec[large]) };
  const ratio = med[large] / med[small];
  row('resnet-batch', `ResNet-18 training, img/s at batch ${large} vs batch ${small} (${size}×${size})`, { imgPerSec: med }, ratio, '≥ 1×', ratio >= 1);
}

// 11. the course notebooks, ported as docs/examples, against their PyTorch counterparts
if (args.examples) {
  log('examples vs PyTorch…');
  const { measureExamples } = await import('./examples-vs-pytorch.mjs');
  const { examples, loadavg } = measureExamples({ rounds: QUICK ? 1 : 3, only: QUICK ? ['rnn-gradients'] : null, python: args.python, log });
  const ratios = Object.fromEntries(Object.entries(examples).map(([name, e]) => [name, e.ratio]));
  const worst = Math.max(...Object.values(ratios));
  const seconds = Object.fromEntries(Object.entries(examples).map(([n, e]) => [n, { chainrule: e.chainruleSeconds, chainruleWithFigures: e.chainruleWithFiguresSeconds, pytorch: e.pytorch1ThreadSeconds }]));
  row('notebooks', 'the course notebooks (docs/examples, full runs) on the default backend vs PyTorch CPU 1 thread (time ratio of the computations, each example the median of its rounds\' ratios: PyTorch\'s scripts draw no figures; worst example)',
    { ratios, seconds, loadavg },
    worst, '≤ 1.5×', worst <= 1.5, 'bench/examples-vs-pytorch.mjs: each example a process of its own, as `npm run example` runs it');
} else {
  row('notebooks', 'the course notebooks (docs/examples) on the default backend vs PyTorch CPU', {}, null, '≤ 1.5×', null, 'skipped (--no-examples); bench/examples-vs-pytorch.mjs measures it');
}

// ------------------------------------------------------------------ report

const result = {
  date: new Date().toISOString(),
  quick: QUICK,
  commit: gitCommit(),
  dirty: gitDirty(),
  defaultBackend: DEFAULT_BACKEND,
  threads: THREADS,
  cpus: os.cpus().length,
  cpu: os.cpus()[0]?.model,
  node: process.version,
  loadavg: { before: loadBefore, after: os.loadavg() },
  pytorch: [pt1, pt2].map((p) => ({ threads: p.threads, torch: p.torch, blas: p.blas?.kind, date: p.date, load: p.machine?.loadAverageBefore, reference: p.reference })),
  pytorchPairedWithTrainingRows: pytorchServer.info,
  seconds: (Date.now() - started) / 1000,
  rows,
};
console.log(`\nIssue 11 targets — ${result.date}, ${THREADS} thread(s), default backend ${DEFAULT_BACKEND}, load ${loadBefore[0].toFixed(2)} → ${result.loadavg.after[0].toFixed(2)}, ${result.seconds.toFixed(0)} s${QUICK ? ' (--quick: not meaningful)' : ''}\n`);
console.log('| case | measured | target | met | note |\n| --- | --- | --- | --- | --- |');
for (const r of rows) console.log(`| ${r.case} | ${fmt(r.ratio)} | ${r.target} | ${r.met === null ? '—' : r.met ? 'yes' : 'no'} | ${r.note} |`);
if (!QUICK) {
  const dir = join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${result.date.slice(0, 10)}-targets.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\nwritten: ${file}`);
}
process.exit(0);
