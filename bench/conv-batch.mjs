#!/usr/bin/env node
/**
 * Issue 11, item 4: convolution throughput against the batch size. One ResNet-18 training step
 * (10 classes, training mode, cross-entropy, SGD) at each batch size, on the default backend,
 * reported as images per second (medians over interleaved rounds); the time per image should not
 * grow with the batch. Also the bytes saved for backward per image (graphMemory).
 *
 *   npm run build && node bench/conv-batch.mjs [--size 64] [--batches 16,64] [--rounds 3] [--dist <dir>] [--no-write]
 *
 * --dist runs another build (e.g. a checkout of an older commit) for before/after figures.
 * Writes bench/results/<date>-<commit>-conv-batch.json with the load average.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { ROOT, gitCommit, gitDirty, median } from './common.mjs';
import { resnetTrainer } from './training-models.mjs';

const { values: args } = parseArgs({
  options: {
    size: { type: 'string', default: '64' },
    batches: { type: 'string', default: '16,64' },
    rounds: { type: 'string', default: '3' },
    dist: { type: 'string', default: join(ROOT, 'dist') },
    'no-write': { type: 'boolean', default: false },
  },
});
const dist = resolve(args.dist);
const cr = await import(pathToFileURL(join(dist, 'index.js')).href);
const nn = await import(pathToFileURL(join(dist, 'nn', 'index.js')).href);
const optim = await import(pathToFileURL(join(dist, 'optim', 'index.js')).href);
const models = await import(pathToFileURL(join(dist, 'models', 'index.js')).href);
const size = Number(args.size);
const batches = args.batches.split(',').map(Number);

const trainers = Object.fromEntries(batches.map((b) => [b, resnetTrainer({ cr, nn, optim, models }, b, size)]));
for (const b of batches) trainers[b].step(); // warm-up
const imgPerSec = Object.fromEntries(batches.map((b) => [b, []]));
for (let r = 0; r < Number(args.rounds); r++) {
  for (const b of r % 2 === 0 ? batches : [...batches].reverse()) {
    const t0 = performance.now();
    trainers[b].step();
    imgPerSec[b].push((1000 * b) / (performance.now() - t0));
  }
}
const med = Object.fromEntries(batches.map((b) => [b, median(imgPerSec[b])]));
const saved = Object.fromEntries(batches.slice(0, 2).map((b) => [b, trainers[b].savedBytes()]));
const [b0, b1] = batches;
const result = {
  case: `ResNet-18 (10 classes) training step, ${size}×${size}, backend ${cr.getBackend()}`,
  dist,
  imgPerSec: med,
  samples: imgPerSec,
  ratio: med[b1] / med[b0],
  savedBytesPerImage: (saved[b1] - saved[b0]) / (b1 - b0),
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
  const tag = dist === join(ROOT, 'dist') ? '' : '-other-dist';
  writeFileSync(join(dir, `${result.date.slice(0, 10)}-${(result.commit ?? 'nogit').slice(0, 8)}-conv-batch${tag}.json`), `${JSON.stringify(result, null, 2)}\n`);
}
