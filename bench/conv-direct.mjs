#!/usr/bin/env node
/**
 * A convolution's three products on wasm (stride 1): the direct products (a register tile reading
 * the padded image, or the padded gradient, src/backend/wasm/conv-direct.ts) against the products
 * with columns: the forward (im2col then the per-image matmul), the input gradient (the matmul then
 * col2im) and the weight gradient (G · the columns laid out by rows, transposed), in one process,
 * alternating, on 1 and 2 threads. Shapes: the training benchmark's CNN (conv2 and
 * conv1), LeNet's, random-labels' and ResNet-18's layers. Medians of --rounds rounds; ratio =
 * columns ÷ direct (above 1 the direct product is faster). The default thresholds (64 positions,
 * 32 rows k = C·kH·kW, and from 8 input channels for the input gradient) are set from these rows.
 *
 *   npm run build && node bench/conv-direct.mjs [--rounds 15]
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { median, msPerCall, uniform, workersReady } from './common.mjs';
import { setNumThreads } from '../dist/index.js';
import { wasmBackend } from '../dist/backend/wasm/backend.js';
import { setDirectThresholds } from '../dist/backend/wasm/conv-direct.js';
import { threadPool } from '../dist/backend/threads/pool.js';
import { sharedKernels } from '../dist/backend/wasm/module.js';

const { values: args } = parseArgs({ options: { rounds: { type: 'string', default: '15' } } });
const rounds = Number(args.rounds);
/** [images, in channels, out channels, height = width, kernel, padding, what]. */
const shapes = process.env.CONV_DIRECT_SHAPES ? JSON.parse(process.env.CONV_DIRECT_SHAPES) : [
  [32, 16, 32, 14, 3, 1, 'training CNN conv2'],
  [32, 1, 16, 28, 3, 1, 'training CNN conv1 (k = 9 < 32, C = 1 < 8: columns kept)'],
  [32, 3, 64, 32, 3, 1, 'k = 27 < 32, C = 3 < 8: columns kept'],
  [32, 16, 16, 14, 3, 1, ''],
  [32, 32, 32, 14, 3, 1, ''],
  [32, 16, 32, 28, 3, 1, ''],
  [32, 1, 6, 28, 5, 2, 'LeNet conv1 (k = 25 < 32: columns kept)'],
  [32, 2, 16, 28, 3, 1, 'k = 18 < 32: columns kept'],
  [32, 6, 16, 14, 5, 0, 'LeNet conv2 (C = 6 < 8: the input gradient keeps its columns)'],
  [32, 32, 64, 8, 3, 1, 'random-labels'],
  [16, 64, 64, 28, 3, 1, ''],
  [16, 64, 64, 56, 3, 1, 'ResNet-18 layer1'],
];
const ON = { positions: 0, rows: 0, inputGradientChannels: 0 };
const OFF = { positions: Infinity, rows: Infinity, inputGradientChannels: Infinity };
const defaults = setDirectThresholds(ON);
console.log(`wasm convolution products (forward, input gradient, weight gradient), ms per call (medians of ${rounds} rounds), load ${os.loadavg()[0].toFixed(2)} at the start`);
for (const threads of [1, 2]) {
  setNumThreads(threads);
  if (threads > 1) {
    wasmBackend.matmul(...['a', 'b'].map(() => ({ storage: new Float32Array(256 * 256), offset: 0, shape: [1, 256, 256], strides: [65536, 256, 1] })), new Float32Array(65536), false);
    await workersReady(threadPool(sharedKernels()), threads);
  }
  for (const [n, c, o, size, kernel, padding, what] of shapes) {
    const out = size + 2 * padding - kernel + 1;
    const geometry = { inputSize: [size, size], kernelSize: [kernel, kernel], stride: [1, 1], padding: [padding, padding], dilation: [1, 1], outputSize: [out, out] };
    const k = c * kernel * kernel;
    const positions = out * out;
    const x = { storage: uniform(n * c * size * size, 1), offset: 0, shape: [n, c, size, size], strides: [c * size * size, size * size, size, 1] };
    const w = { storage: uniform(o * k, 2), offset: 0, shape: [n, o, k], strides: [0, k, 1] };
    const cols = { offset: 0, shape: [n, k, positions], strides: [k * positions, positions, 1] };
    const result = new Float32Array(n * o * positions);
    const wt = { ...w, shape: [n, k, o], strides: [0, 1, k] };
    const g = { storage: uniform(n * o * positions, 3), offset: 0, shape: [n, o, positions], strides: [o * positions, positions, 1] };
    const gx = new Float32Array(n * c * size * size);
    const gRows = { storage: g.storage, offset: 0, shape: [1, o, n * positions], strides: [o * n * positions, n * positions, 1] };
    const gw = new Float32Array(o * k);
    const product = {
      forward: () => wasmBackend.im2colMatmul(x, geometry, false, w, cols, result),
      'input gradient': () => wasmBackend.matmulCol2im(wt, g, geometry, gx.fill(0)),
      'weight gradient': () => wasmBackend.im2colMatmul(x, geometry, true, gRows, { offset: 0, shape: [1, n * positions, k], strides: [k * n * positions, 1, n * positions] }, gw),
    };
    for (const [which, run] of Object.entries(product)) {
      if (which === 'input gradient' && padding > kernel - 1) continue;
      const minMs = Math.max(20, (2 * n * o * k * positions) / 2e7);
      const times = { direct: [], columns: [] };
      for (let r = 0; r < rounds; r++) {
        for (const way of r % 2 ? ['columns', 'direct'] : ['direct', 'columns']) {
          setDirectThresholds(way === 'direct' ? ON : OFF);
          times[way].push(msPerCall(run, minMs));
        }
      }
      const [direct, columns] = [median(times.direct), median(times.columns)];
      const gflops = (ms) => ((2 * n * o * k * positions) / ms / 1e6).toFixed(1);
      console.log(`${threads} thread${threads > 1 ? 's' : ' '}  ${which.padEnd(15)} [${n}, ${c}, ${size}, ${size}] → ${o}, ${kernel}×${kernel}`.padEnd(56)
        + `columns ${columns.toFixed(3)} (${gflops(columns)} GFLOP/s)   direct ${direct.toFixed(3)} (${gflops(direct)} GFLOP/s)   ×${(columns / direct).toFixed(2)}  ${what}`);
    }
  }
}
setDirectThresholds(defaults);
console.log(`load ${os.loadavg()[0].toFixed(2)} at the end`);
