#!/usr/bin/env node
/**
 * What do callable modules cost? Module's constructor returns a Proxy (src/nn/callable.ts), so
 * every property read in a forward pass goes through a trap. This times a training step of
 * Sequential(Linear, ReLU, Linear) (forward, backward, zeroGrad) in one process, interleaved
 * rounds, three ways: a build from before the change (plain class instances; pass its dist/
 * directory), the current build calling `model.forward(x)`, and the current build calling
 * `model(x)`. Ratios are against the old build: 1.00 means no cost.
 *
 *   npm run build && node bench/module-call.mjs /path/to/old/dist [--rounds 9]
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const oldDist = process.argv[2];
if (!oldDist) throw new Error('usage: node bench/module-call.mjs /path/to/old/dist [--rounds 9]');
const rounds = Number(process.argv[process.argv.indexOf('--rounds') + 1]) || 9;
const load = (dir, file) => import(pathToFileURL(resolve(dir, file)).href);
const here = new URL('../dist/', import.meta.url).pathname;
const [oldC, oldNn, newC, newNn] = await Promise.all([load(oldDist, 'index.js'), load(oldDist, 'nn/index.js'), load(here, 'index.js'), load(here, 'nn/index.js')]);

function step(c, nn, size, batch, call) {
  c.manualSeed(0);
  const model = new nn.Sequential(new nn.Linear(size, size), new nn.ReLU(), new nn.Linear(size, size));
  const x = c.randn([batch, size]);
  return () => {
    (call ? model(x) : model.forward(x)).sum().backward();
    model.zeroGrad();
  };
}

for (const [size, batch, iters] of [[4, 2, 3000], [64, 32, 400]]) {
  const runs = { old: step(oldC, oldNn, size, batch, false), forward: step(newC, newNn, size, batch, false), call: step(newC, newNn, size, batch, true) };
  const times = { old: [], forward: [], call: [] };
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? Object.keys(runs) : Object.keys(runs).reverse();
    for (const k of order) {
      const t0 = performance.now();
      for (let i = 0; i < iters; i++) runs[k]();
      times[k].push(performance.now() - t0);
    }
  }
  const med = (v) => [...v].sort((a, b) => a - b)[v.length >> 1];
  console.log(
    `width ${size}, batch ${batch}: old ${((med(times.old) / iters) * 1000).toFixed(1)} µs/step; ` +
      `forward(x) ${(med(times.forward) / med(times.old)).toFixed(3)}×, model(x) ${(med(times.call) / med(times.old)).toFixed(3)}×`,
  );
}
