/**
 * Soak test (issue 12): 10⁴ training steps each of an MLP, an LSTM and a CNN, on the ref and the
 * wasm backend, sampling the retained memory (heap used + external + array buffers) after a full
 * GC. Passes when, per run, the retained memory over the last quarter of the samples stays within
 * 5 % of the level after warm-up (first quarter) — i.e. nothing accumulates per step.
 *
 * Usage: node --expose-gc bench/soak.mjs [--steps 10000] [--samples 20] [--backends ref,wasm] [--models mlp,lstm,cnn]
 * Prints one line per run and a JSON summary; exits 1 when a run is not flat.
 */
import { parseArgs } from 'node:util';
import * as cr from '../dist/index.js';
import * as nn from '../dist/nn/index.js';
import * as optim from '../dist/optim/index.js';

const { values: args } = parseArgs({
  options: {
    steps: { type: 'string', default: '10000' },
    samples: { type: 'string', default: '20' },
    backends: { type: 'string', default: 'ref,wasm' },
    models: { type: 'string', default: 'mlp,lstm,cnn' },
    tolerance: { type: 'string', default: '0.05' },
  },
});
if (typeof globalThis.gc !== 'function') {
  console.error('soak: run with node --expose-gc bench/soak.mjs');
  process.exit(2);
}
const STEPS = Number(args.steps);
const SAMPLES = Number(args.samples);
const TOLERANCE = Number(args.tolerance);

/** Small models: the point is many steps through every code path, not FLOPs. */
const MODELS = {
  mlp() {
    const model = new nn.Sequential(new nn.Linear(16, 32), new nn.ReLU(), new nn.Linear(32, 4));
    const x = cr.randn([8, 16]);
    const y = cr.randint(0, 4, [8]);
    return { model, loss: () => nn.functional.crossEntropy(model.forward(x), y) };
  },
  lstm() {
    const model = new nn.LSTM(4, 8, { batchFirst: true });
    const x = cr.randn([4, 6, 4]);
    return { model, loss: () => model.forward(x)[0].square().mean() };
  },
  cnn() {
    const conv = new nn.Conv2d(1, 4, 3, { padding: 1 });
    const pool = new nn.MaxPool2d(2);
    const head = new nn.Linear(4 * 4 * 4, 3);
    const model = new nn.ModuleList([conv, head]);
    const x = cr.randn([2, 1, 8, 8]);
    const y = cr.randint(0, 3, [2]);
    return { model, loss: () => nn.functional.crossEntropy(head.forward(pool.forward(conv.forward(x).relu()).flatten(1)), y) };
  },
};

function retained() {
  globalThis.gc();
  globalThis.gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.external + m.arrayBuffers;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function soak(backend, name) {
  cr.setBackend(backend);
  cr.manualSeed(0);
  const { model, loss } = MODELS[name]();
  const opt = new optim.SGD(model.parameters(), { lr: 0.01 });
  const every = Math.max(1, Math.floor(STEPS / SAMPLES));
  const samples = [];
  const t0 = performance.now();
  let last = NaN;
  for (let step = 1; step <= STEPS; step++) {
    opt.zeroGrad();
    const l = loss();
    l.backward();
    opt.step();
    if (step % every === 0) {
      last = l.item();
      samples.push(retained());
    }
  }
  const ms = performance.now() - t0;
  const q = Math.max(1, Math.floor(samples.length / 4));
  const early = median(samples.slice(0, q));
  const late = median(samples.slice(-q));
  const growth = (late - early) / early;
  const flat = growth <= TOLERANCE;
  return { backend, model: name, steps: STEPS, ms: Math.round(ms), msPerStep: +(ms / STEPS).toFixed(3), earlyMB: +(early / 2 ** 20).toFixed(2), lateMB: +(late / 2 ** 20).toFixed(2), growth: +growth.toFixed(4), flat, finalLoss: last };
}

await cr.initWasm();
const results = [];
for (const backend of args.backends.split(',')) {
  for (const name of args.models.split(',')) {
    const r = soak(backend, name);
    results.push(r);
    console.log(`${r.flat ? 'flat ' : 'GROWS'} ${backend.padEnd(4)} ${name.padEnd(4)} ${STEPS} steps in ${(r.ms / 1000).toFixed(1)} s (${r.msPerStep} ms/step): retained ${r.earlyMB} MB → ${r.lateMB} MB (${(100 * r.growth).toFixed(2)} %), final loss ${r.finalLoss.toFixed(4)}`);
  }
}
console.log(JSON.stringify({ tolerance: TOLERANCE, results }));
process.exit(results.every((r) => r.flat) ? 0 : 1);
