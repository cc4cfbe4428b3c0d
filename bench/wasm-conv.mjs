#!/usr/bin/env node
/**
 * conv2d forward + backward on ref vs wasm: the CNN layers (input 32×1×28×28, conv 3×3
 * 1→16 pad 1, ReLU, conv 3×3 16→32 pad 1, sum as the loss), plus the im2col/col2im kernels
 * alone at those shapes; and the whole step against phase 1 (im2col/col2im delegated to ref).
 * Backends are interleaved each round; times are medians.
 *
 *   npm run build && node bench/wasm-conv.mjs [--rounds 9]
 */
import { parseArgs } from 'node:util';
import { randn, setBackend } from '../dist/index.js';
import { functional as F } from '../dist/nn/index.js';
import { refBackend } from '../dist/backend/ref/index.js';
import { wasmBackend } from '../dist/backend/wasm/backend.js';
import { useBackend } from '../dist/backend/registry.js';
import { median, msPerCall } from './common.mjs';

const { values: args } = parseArgs({ options: { rounds: { type: 'string', default: '9' } } });
const ROUNDS = Number(args.rounds);

/** Milliseconds per call of fn, timed over enough repetitions to last ≥ 150 ms. */

const x = randn([32, 1, 28, 28]);
const w1 = randn([16, 1, 3, 3]).mul(0.3).detach().requiresGrad_();
const b1 = randn([16]).detach().requiresGrad_();
const w2 = randn([32, 16, 3, 3]).mul(0.1).detach().requiresGrad_();
const b2 = randn([32]).detach().requiresGrad_();
function step() {
  for (const p of [w1, b1, w2, b2]) p.grad = null;
  const h = F.conv2d(x, w1, b1, { padding: 1 }).relu();
  F.conv2d(h, w2, b2, { padding: 1 }).sum().backward();
}

/** The kernels alone, at the second layer's shapes (input 32×16×28×28). */
const geom = { inputSize: [28, 28], kernelSize: [3, 3], stride: [1, 1], padding: [1, 1], dilation: [1, 1], outputSize: [28, 28] };
const img = { storage: Float32Array.from({ length: 32 * 16 * 784 }, (_, i) => Math.sin(i)), offset: 0, shape: [32, 16, 28, 28], strides: [16 * 784, 784, 28, 1] };
const colsOut = new Float32Array(32 * 144 * 784);
const cols = { storage: colsOut, offset: 0, shape: [32, 144, 784], strides: [144 * 784, 784, 1] };
const imgOut = new Float32Array(32 * 16 * 784);
/** Phase 1 of the wasm backend: everything but im2col/col2im in wasm. */
const phase1 = { ...wasmBackend, name: 'wasm-phase1', im2col: refBackend.im2col, col2im: refBackend.col2im };
const cases = {
  'conv2d fwd+bwd (2 layers)': (name) => { setBackend(name); return msPerCall(step, 150); },
  'conv2d fwd+bwd, wasm with im2col/col2im on ref (phase 1) vs wasm': (name) => {
    if (name === 'ref') useBackend(phase1);
    else setBackend('wasm');
    return msPerCall(step, 150);
  },
  'im2col 32×16×28×28, 3×3': (name) => msPerCall(() => (name === 'ref' ? refBackend : wasmBackend).im2col(img, geom, 0, colsOut), 150),
  'col2im 32×144×784 → 32×16×28×28': (name) => msPerCall(() => { imgOut.fill(0); (name === 'ref' ? refBackend : wasmBackend).col2im(cols, geom, imgOut); }, 150),
};
for (const [label, run] of Object.entries(cases)) {
  const t = { ref: [], wasm: [] };
  for (let r = 0; r < ROUNDS; r++) for (const name of r % 2 ? ['ref', 'wasm'] : ['wasm', 'ref']) t[name].push(run(name));
  const [ref, wasm] = [median(t.ref), median(t.wasm)];
  const base = label.includes('phase 1') ? 'phase 1' : 'ref';
  console.log(`${label}: ${base} ${ref.toFixed(2)} ms, wasm ${wasm.toFixed(2)} ms, ×${(ref / wasm).toFixed(2)}`);
}
setBackend('ref');
