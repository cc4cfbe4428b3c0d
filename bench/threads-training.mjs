#!/usr/bin/env node
/**
 * The training steps of bench/training-models.mjs (MLP 784-256-256-10 b64, the small CNN b32,
 * LSTM seq32 b16 h128) on the wasm backend with 1 thread and with 2 (or --threads N), in one
 * process, rounds alternating, medians. Each step's loss must be the same bits on every thread
 * count (threads never change a result). Records the load average and how many cores the process
 * actually got (CPU time over wall time), without which a ratio on a shared machine means little.
 * On Linux also ms per step less the time the calling thread spent runnable but waiting for a CPU
 * (/proc/self/task/<tid>/schedstat: other processes holding the cores; `noWait1`, `noWaitN`, medians
 * over the timed blocks) and their ratio `speedupNoWait`, an estimate of the idle machine's ratio;
 * it still counts the calling thread's sleep while a worker waits for a CPU, so it errs low for N
 * threads. And the CPU ms per step of the calling thread (`cpuMain`: with N threads, what the
 * workers did not take off it, a floor under the idle machine's step time), of the workers and of
 * the process's other threads (`cpuRest`: V8's garbage collector and compiler, which compete with
 * the workers for the other cores); CPU time, unlike wall time, reads the same under load.
 *
 *   npm run build && node bench/threads-training.mjs [--threads 2] [--rounds 6] [--time 400]
 *   → bench/results/<date>-<commit>-threads-training.json
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as cr from '../dist/index.js';
import * as nn from '../dist/nn/index.js';
import * as optim from '../dist/optim/index.js';
import { threadPool } from '../dist/backend/threads/pool.js';
import { sharedKernels } from '../dist/backend/wasm/module.js';
import { gitCommit, gitDirty, median, ROOT, workersReady } from './common.mjs';
import { cnnCase, lstmCase, mlpCase } from './training-models.mjs';

const { values: args } = parseArgs({
  options: { threads: { type: 'string', default: '2' }, rounds: { type: 'string', default: '6' }, time: { type: 'string', default: '400' }, quick: { type: 'boolean', default: false } },
});
const THREADS = Number(args.threads);
const ROUNDS = args.quick ? 2 : Number(args.rounds);
const BUDGET = args.quick ? 100 : Number(args.time);

const libs = { cr, nn, F: nn.functional, optim, tf: null, torch: null, activateChainrule: (backend) => cr.setBackend(backend) };
const factories = { mlp: mlpCase, cnn: cnnCase, lstm: lstmCase };
const trainers = Object.fromEntries(Object.entries(factories).map(([id, make]) => [id, make(libs).libraries['chainrule-wasm']()]));

const TASKS = '/proc/self/task';
const tasksBefore = new Set(existsSync(TASKS) ? readdirSync(TASKS) : []);
cr.setNumThreads(THREADS);
const pool = threadPool(sharedKernels());
await workersReady(pool, THREADS);
/** The pool's worker threads: the tasks that came up with it (Linux). */
const workerTasks = new Set(existsSync(TASKS) ? readdirSync(TASKS).filter((tid) => !tasksBefore.has(tid)) : []);

// same loss bits on every thread count (fresh trainers, so both start from the same parameters)
for (const [id, make] of Object.entries(factories)) {
  const losses = [1, THREADS].map((threads) => {
    cr.setNumThreads(threads);
    const trainer = make(libs).libraries['chainrule-wasm']();
    trainer.activate();
    trainer.step();
    trainer.step();
    return trainer.check().loss;
  });
  if (!Object.is(losses[0], losses[1])) throw new Error(`${id}: the loss differs between 1 and ${THREADS} threads (${losses.join(' vs ')})`);
}

/**
 * Milliseconds on a CPU of the calling thread, of the pool's workers and of the rest (V8's garbage
 * collector and compiler threads, libuv), and the calling thread's wait for a CPU while runnable
 * (/proc/self/task/<tid>/schedstat, Linux), else null.
 */
function schedMs() {
  if (!existsSync(TASKS)) return null;
  const out = { main: 0, workers: 0, rest: 0, wait: 0 };
  for (const tid of readdirSync(TASKS)) {
    let run = 0, wait = 0;
    try {
      [run, wait] = readFileSync(`${TASKS}/${tid}/schedstat`, 'utf8').split(' ').map(Number);
    } catch {
      continue; // the thread ended
    }
    if (tid === String(process.pid)) [out.main, out.wait] = [run / 1e6, wait / 1e6];
    else out[workerTasks.has(tid) ? 'workers' : 'rest'] += run / 1e6;
  }
  return out;
}

const samples = Object.fromEntries(Object.keys(trainers).map((id) => [id, { 1: [], [THREADS]: [], cores1: [], [`cores${THREADS}`]: [], sched1: [], [`sched${THREADS}`]: [] }]));
const loadBefore = os.loadavg();
const itemsBefore = pool?.workerItems ?? 0;
for (let round = 0; round < ROUNDS; round++) {
  for (const [id, trainer] of Object.entries(trainers)) {
    for (const threads of round % 2 === 0 ? [1, THREADS] : [THREADS, 1]) {
      cr.setNumThreads(threads);
      trainer.activate();
      trainer.step(); // warm
      const before = samples[id][threads].length;
      const cpu0 = process.cpuUsage();
      const sched0 = schedMs();
      const t0 = performance.now();
      let wall = 0;
      for (let t = t0; t - t0 < BUDGET || samples[id][threads].length < 2; t = performance.now()) {
        const s = performance.now();
        trainer.step();
        samples[id][threads].push(performance.now() - s);
      }
      wall = performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      const sched1 = schedMs();
      const steps = samples[id][threads].length - before;
      // per step: wall time less the calling thread's wait for a CPU; each kind of thread's CPU time
      if (sched0 !== null && sched1 !== null) {
        const per = (key) => (sched1[key] - sched0[key]) / steps;
        samples[id][`sched${threads}`].push({ noWait: (wall - (sched1.wait - sched0.wait)) / steps, main: per('main'), workers: per('workers'), rest: per('rest') });
      }
      samples[id][`cores${threads}`].push((cpu.user + cpu.system) / 1000 / wall);
    }
  }
  process.stderr.write(`round ${round + 1}/${ROUNDS}\n`);
}
const loadAfter = os.loadavg();

const rows = Object.keys(trainers).map((id) => {
  const one = median(samples[id][1]);
  const many = median(samples[id][THREADS]);
  const row = {
    case: id, ms1: +one.toFixed(3), [`ms${THREADS}`]: +many.toFixed(3), speedup: +(one / many).toFixed(3),
    coresGot1: +median(samples[id].cores1).toFixed(2), [`coresGot${THREADS}`]: +median(samples[id][`cores${THREADS}`]).toFixed(2),
  };
  if (samples[id].sched1.length > 0) {
    const m = (threads, key) => median(samples[id][`sched${threads}`].map((x) => x[key]));
    Object.assign(row, {
      noWait1: +m(1, 'noWait').toFixed(3), [`noWait${THREADS}`]: +m(THREADS, 'noWait').toFixed(3), speedupNoWait: +(m(1, 'noWait') / m(THREADS, 'noWait')).toFixed(3),
      cpuMain1: +m(1, 'main').toFixed(3), cpuRest1: +m(1, 'rest').toFixed(3),
      [`cpuMain${THREADS}`]: +m(THREADS, 'main').toFixed(3), [`cpuWorkers${THREADS}`]: +m(THREADS, 'workers').toFixed(3), [`cpuRest${THREADS}`]: +m(THREADS, 'rest').toFixed(3),
    });
  }
  return row;
});
console.table(rows);
const fmt = (l) => l.map((x) => x.toFixed(2)).join(' ');
console.log(`threads ${THREADS}; load average ${fmt(loadBefore)} → ${fmt(loadAfter)}; items run by workers: ${(pool?.workerItems ?? 0) - itemsBefore}`);
if (!args.quick) {
  const prov = { commit: gitCommit(), dirty: gitDirty(), node: process.version, date: new Date().toISOString() };
  const file = join(ROOT, 'bench', 'results', `${prov.date.slice(0, 10)}-${String(prov.commit).slice(0, 8)}-threads-training.json`);
  mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
  writeFileSync(file, JSON.stringify({ threads: THREADS, cores: os.availableParallelism(), loadBefore, loadAfter, provenance: prov, rows }, null, 2) + '\n');
  console.log(`wrote ${file}`);
}
