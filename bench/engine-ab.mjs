#!/usr/bin/env node
/**
 * Does each engine performance path earn its place? Each is timed against its plain version in
 * one process, interleaved rounds (the order alternating), medians of per-round medians:
 *
 * - `into`: matmul's vjpInto (the engine lets matmul add a recurrent weight's gradient straight
 *   into its buffer) against the same graph with vjpInto taken off every node, in nn.LSTM and
 *   nn.RNN training steps (seq 32, batch 16, input 32, hidden 128; forward, backward, SGD step);
 * - `fused`: the fused primitives (tanhBackward, sigmoidBackward and reluBackward as the VJP
 *   kernels, lstmCellStates, softmax/logSoftmax, the scaledAdd behind add_(g, α)) against their
 *   plain composite versions, forward + backward (scaledAdd: the in-place update alone).
 *
 * The ratio is plain ÷ fast: above 1, the fast path is faster. Both versions must agree first.
 *
 *   npm run build && node bench/engine-ab.mjs [--only into|fused] [--backend wasm|ref|auto] [--rounds 7] [--time 300]
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import * as cr from '../dist/index.js';
import { record } from '../dist/autograd/node.js';
import * as nn from '../dist/nn/index.js';
import * as optim from '../dist/optim/index.js';
import { lstmCellStates } from '../dist/ops/lstm-cell.js';
import { median, uniform } from './common.mjs';

const { values: args } = parseArgs({
  options: {
    only: { type: 'string' },
    backend: { type: 'string', default: 'wasm' },
    rounds: { type: 'string', default: '7' },
    time: { type: 'string', default: '300' },
  },
});
const rounds = Number(args.rounds);
const msPer = Number(args.time);
await cr.initWasm();
cr.setBackend(args.backend);
const { tensor, noGrad } = cr;

/** Per-round medians of `fast` and `plain`, interleaved; prints the ratio plain ÷ fast. */
function compare(id, fast, plain) {
  const per = { fast: [], plain: [] };
  for (let r = 0; r < rounds; r++) {
    for (const n of r % 2 ? ['plain', 'fast'] : ['fast', 'plain']) {
      const fn = n === 'fast' ? fast : plain;
      const samples = [];
      const t0 = performance.now();
      while (performance.now() - t0 < msPer || samples.length < 3) {
        const s = performance.now();
        fn();
        samples.push(performance.now() - s);
      }
      per[n].push(median(samples));
    }
  }
  const mf = median(per.fast);
  const mp = median(per.plain);
  const rounds_ = per.fast.map((f, i) => (per.plain[i] / f).toFixed(2)).join(',');
  console.log(`${id.padEnd(34)} fast ${mf.toFixed(4)} ms  plain ${mp.toFixed(4)} ms  plain/fast ${(mp / mf).toFixed(2)}  (per round ${rounds_})`);
}

/** Every node of the graph behind `t`. */
function graphNodes(t) {
  const seen = new Set();
  const stack = [t.gradFn];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || seen.has(node)) continue;
    seen.add(node);
    stack.push(...node.inputs);
  }
  return seen;
}

function recurrentStep(kind, withInto) {
  cr.manualSeed(1);
  const model = kind === 'lstm' ? new nn.LSTM(32, 128) : new nn.RNN(32, 128);
  const xs = rand([32, 16, 32], 7, 1);
  const opt = new optim.SGD(model.parameters(), { lr: 0.01 });
  return () => {
    opt.zeroGrad();
    const [, states] = model.forward(xs);
    const loss = (kind === 'lstm' ? states[0] : states).square().mean();
    // the same walk over the graph in both versions; only the plain one takes vjpInto away
    for (const node of graphNodes(loss)) if (!withInto) node.vjpInto = undefined;
    loss.backward();
    opt.step();
    return loss.item();
  };
}

/** A float32 tensor of `shape`, uniform in [−scale/2, scale/2) from a seeded generator. */
function rand(shape, seed, scale = 4) {
  const n = shape.reduce((a, b) => a * b, 1);
  return tensor(uniform(n, seed, -scale / 2, scale / 2)).reshape(shape);
}

// Plain activations: the same forward, a VJP written with elementwise ops instead of the fused kernel.
// d tanh = g·(1 − y²)
function tanhPlainVjp(g, [y]) { return [g.mul(y.mul(y).neg().add(1))]; }
// d σ = g·y(1 − y)
function sigmoidPlainVjp(g, [y]) { return [g.mul(y.mul(y.neg().add(1)))]; }
// d relu = g·1(y > 0)
function reluPlainVjp(g, [y]) { return [g.mul(y.gt(0).to(g.dtype))]; }
const plainAct = (name, vjp) => (x) => { const y = noGrad(() => x[name]()); return record(`${name}PlainBackward`, y, [x], vjp, [y]); };
const tanhPlain = plainAct('tanh', tanhPlainVjp), sigmoidPlain = plainAct('sigmoid', sigmoidPlainVjp), reluPlain = plainAct('relu', reluPlainVjp);

function lstmComposite(gates, c) {
  const [i, f, g, o] = gates.chunk(4, 1);
  const c2 = f.sigmoid().mul(c).add(i.sigmoid().mul(g.tanh()));
  const h2 = o.sigmoid().mul(c2.tanh());
  return cr.stack([h2, c2], 0);
}
function softmaxComposite(x) {
  const e = x.sub(cr.amax(x, -1, true).detach()).exp();
  return e.div(e.sum(-1, true));
}
const logSoftmaxComposite = (x) => x.sub(cr.logsumexp(x, -1, true));

const cases = [];
for (const [act, plain] of [['tanh', tanhPlain], ['sigmoid', sigmoidPlain], ['relu', reluPlain]]) {
  const shape = [128, 512];
  const x = rand(shape, 3).requiresGrad_(true);
  const g = rand(shape, 4, 1);
  const run = (fn) => () => { x.grad = null; fn(x).backward(g); return x.grad; };
  cases.push({ id: `${act}Backward [128,512]`, fused: run((t) => t[act]()), plain: run(plain) });
}
for (const [B, H] of [[16, 128], [64, 256]]) {
  const gates = rand([B, 4 * H], 5).requiresGrad_(true);
  const c = rand([B, H], 6, 1).requiresGrad_(true);
  const g = rand([2, B, H], 7, 1);
  const run = (fn) => () => { gates.grad = null; c.grad = null; fn(gates, c).backward(g); return gates.grad; };
  cases.push({ id: `lstmCellStates B${B} H${H}`, fused: run(lstmCellStates), plain: run(lstmComposite) });
}
{
  const x = rand([128, 1000], 8).requiresGrad_(true);
  const g = rand([128, 1000], 9, 1);
  const run = (fn) => () => { x.grad = null; fn(x).backward(g); return x.grad; };
  cases.push({ id: 'softmax [128,1000]', fused: run((t) => cr.softmax(t, -1)), plain: run(softmaxComposite) });
  cases.push({ id: 'logSoftmax [128,1000]', fused: run((t) => cr.logSoftmax(t, -1)), plain: run(logSoftmaxComposite) });
}
for (const n of [512 * 512, 2048 * 1024]) {
  const p = rand([n], 10, 1);
  const g = rand([n], 11, 1);
  cases.push({ id: `scaledAdd add_(g, α) n=${n}`, fused: () => noGrad(() => p.add_(g, -1e-3)), plain: () => noGrad(() => p.add_(g.mul(-1e-3))) });
}
// Both versions compute the same gradients (scaledAdd: updates the same way, checked by the test suite).
for (const c of cases.filter((c) => !c.id.startsWith('scaledAdd'))) {
  const a = c.fused().toTypedArray();
  const b = c.plain().toTypedArray();
  a.forEach((v, i) => {
    if (Math.abs(v - b[i]) > 1e-4 * (1 + Math.abs(v))) throw new Error(`${c.id}: the versions differ at ${i} (${v}, ${b[i]})`);
  });
}

console.log(`backend ${args.backend}, ${rounds} rounds; load average before ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
if (args.only === undefined || args.only === 'into') {
  for (const kind of ['lstm', 'rnn']) {
    const fast = recurrentStep(kind, true);
    const plain = recurrentStep(kind, false);
    const [a, b] = [fast(), plain()];
    if (Math.abs(a - b) > 1e-5 * Math.abs(a)) throw new Error(`${kind}: the losses differ (${a}, ${b})`);
    compare(`into: ${kind} training step`, fast, plain);
  }
}
if (args.only === undefined || args.only === 'fused') {
  for (const c of cases) compare(c.id, c.fused, c.plain);
}
console.log(`load average after ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
