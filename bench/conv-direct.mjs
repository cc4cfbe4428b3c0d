#!/usr/bin/env node
/**
 * A stride-1 convolution's forward product on wasm: the direct product (the register tile reading
 * the padded image, src/backend/wasm/conv-direct.ts) against im2col then the per-image matmul, in
 * one process, alternating, on 1 and 2 threads. Shapes: the training benchmark's CNN (conv2 and
 * conv1), LeNet's, random-labels' and ResNet-18's layers. Medians of --rounds rounds; ratio =
 * im2col ÷ direct (above 1 the direct product is faster). The default thresholds (64 positions, 32
 * rows k = C·kH·kW) are set from these rows.
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
const shapes = [
  [32, 16, 32, 14, 3, 1, 'training CNN conv2'],
  [32, 1, 16, 28, 3, 1, 'training CNN conv1 (k = 9 < 32: im2col kept)'],
  [32, 3, 64, 32, 3, 1, 'k = 27 < 32: im2col kept'],
  [32, 16, 16, 14, 3, 1, ''],
  [32, 32, 32, 14, 3, 1, ''],
  [32, 16, 32, 28, 3, 1, ''],
  [32, 6, 16, 14, 5, 0, 'LeNet conv2'],
  [32, 32, 64, 8, 3, 1, 'random-labels'],
  [16, 64, 64, 28, 3, 1, ''],
  [16, 64, 64, 56, 3, 1, 'ResNet-18 layer1'],
];
const defaults = setDirectThresholds({ positions: 0, rows: 0 });
console.log(`wasm convolution forward product, ms per call (medians of ${rounds} rounds), load ${os.loadavg()[0].toFixed(2)} at the start`);
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
    const run = () => wasmBackend.im2colMatmul(x, geometry, false, w, cols, result);
    const minMs = Math.max(20, (2 * n * o * k * positions) / 2e7);
    const times = { direct: [], im2col: [] };
    for (let r = 0; r < rounds; r++) {
      for (const way of r % 2 ? ['im2col', 'direct'] : ['direct', 'im2col']) {
        setDirectThresholds(way === 'direct' ? { positions: 0, rows: 0 } : { positions: Infinity, rows: Infinity });
        times[way].push(msPerCall(run, minMs));
      }
    }
    const [direct, im2col] = [median(times.direct), median(times.im2col)];
    const gflops = (ms) => ((2 * n * o * k * positions) / ms / 1e6).toFixed(1);
    console.log(`${threads} thread${threads > 1 ? 's' : ' '}  [${n}, ${c}, ${size}, ${size}] → ${o}, ${kernel}×${kernel}`.padEnd(40)
      + `im2col ${im2col.toFixed(3)} (${gflops(im2col)} GFLOP/s)   direct ${direct.toFixed(3)} (${gflops(direct)} GFLOP/s)   ×${(im2col / direct).toFixed(2)}  ${what}`);
  }
}
setDirectThresholds(defaults);
console.log(`load ${os.loadavg()[0].toFixed(2)} at the end`);
