#!/usr/bin/env node
/**
 * random-labels' two models (docs/examples/random-labels.mjs) taken apart: one Adam step on a
 * batch of 32 and one evaluation of 400 images, for the MLP 64-128-128-10 and the LeNet-style CNN
 * on 8×8 images (conv 1→16, pool, conv 16→32, pool, three Linear layers), default backend, 2
 * threads; and the CNN's second convolution alone at the evaluation's size. Medians.
 * bench/pytorch-small-cnn.py measures the same in PyTorch on one thread.
 *
 *   npm run build && node bench/small-cnn.mjs
 */
import os from 'node:os';
import * as cr from '../dist/index.js';
import * as nn from '../dist/nn/index.js';
import * as optim from '../dist/optim/index.js';
import { threadPool } from '../dist/backend/threads/pool.js';
import { sharedKernels } from '../dist/backend/wasm/module.js';
import { median, workersReady } from './common.mjs';

await workersReady(threadPool(sharedKernels()), cr.getNumThreads());
class SmallLeNet extends nn.Module {
  constructor() {
    super();
    this.conv1 = new nn.Conv2d(1, 16, 3, { padding: 1 });
    this.conv2 = new nn.Conv2d(16, 32, 3, { padding: 1 });
    this.pool = new nn.MaxPool2d(2);
    this.relu = new nn.ReLU();
    this.fc1 = new nn.Linear(128, 120);
    this.fc2 = new nn.Linear(120, 84);
    this.fc3 = new nn.Linear(84, 10);
  }
  forward(x) {
    let o = x.reshape([-1, 1, 8, 8]);
    o = this.pool(this.relu(this.conv1(o)));
    o = this.pool(this.relu(this.conv2(o)));
    o = this.relu(this.fc1(o.flatten(1)));
    return this.fc3(this.relu(this.fc2(o)));
  }
}
const mlp = () => new nn.Sequential(new nn.Linear(64, 128), new nn.ReLU(), new nn.Linear(128, 128), new nn.ReLU(), new nn.Linear(128, 10));
/** Median ms per call of `fn` over `rounds` blocks of `calls`. */
function ms(fn, calls, rounds = 9) {
  for (let i = 0; i < calls; i++) fn();
  const times = [];
  for (let r = 0; r < rounds; r++) {
    const start = performance.now();
    for (let i = 0; i < calls; i++) fn();
    times.push((performance.now() - start) / calls);
  }
  return median(times);
}
console.log(`chainrule ${cr.getBackend()}, ${cr.getNumThreads()} threads, load ${os.loadavg()[0].toFixed(2)}`);
for (const [name, make] of [['MLP', mlp], ['CNN', () => new SmallLeNet()]]) {
  const model = make();
  const opt = new optim.Adam(model.parameters(), { lr: 3e-3 });
  const x = cr.rand([32, 64]);
  const y = cr.randint(0, 10, [32]);
  const images = cr.rand([400, 64]);
  const step = () => {
    opt.zeroGrad();
    nn.functional.crossEntropy(model(x), y).backward();
    opt.step();
  };
  const evaluate = () => cr.noGrad(() => model(images).argmax(1));
  console.log(`${name}: Adam step (batch 32) ${ms(step, 100).toFixed(3)} ms, evaluation (400 images) ${ms(evaluate, 20).toFixed(3)} ms`);
}
const conv2 = new nn.Conv2d(16, 32, 3, { padding: 1 });
const maps = cr.rand([400, 16, 4, 4]);
console.log(`conv 16→32 3×3 on [400, 16, 4, 4], no grad: ${ms(() => cr.noGrad(() => conv2(maps)), 30).toFixed(3)} ms`);
