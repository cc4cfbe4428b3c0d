#!/usr/bin/env node
/**
 * Max pooling with indices (F.maxPool2d's forward, 2×2 stride 2) on ref and wasm at the shapes of
 * the course examples: small planes (random-labels' 4×4 and 8×8 maps, evaluation batch 400 and
 * training batch 32) and a large one (64×64×56×56). Backends interleaved, medians; with `--other
 * <dir>`, the same on another build's dist/ (an A/B of two commits in one process).
 *
 *   npm run build && node bench/max-pool.mjs [--other /path/to/checkout] [--rounds 9]
 */
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { median, msPerCall, ROOT } from './common.mjs';

const { values: args } = parseArgs({ options: { other: { type: 'string' }, rounds: { type: 'string', default: '9' } } });
const builds = [['this', ROOT], ...(args.other ? [['other', args.other]] : [])];
const libs = await Promise.all(builds.map(async ([name, root]) => {
  const cr = await import(pathToFileURL(join(root, 'dist', 'index.js')).href);
  const nn = await import(pathToFileURL(join(root, 'dist', 'nn', 'index.js')).href);
  return { name, cr, F: nn.functional };
}));
const shapes = [[400, 32, 4, 4], [32, 32, 4, 4], [400, 16, 8, 8], [64, 64, 56, 56]];
const load = os.loadavg()[0];
console.log(`max pooling 2×2 with indices, ms per call (medians of ${args.rounds} rounds), load ${load.toFixed(2)}`);
for (const shape of shapes) {
  const cells = [];
  for (const { name, cr, F } of libs) {
    const x = cr.rand(shape);
    const times = { ref: [], wasm: [] };
    for (let r = 0; r < Number(args.rounds); r++) {
      for (const backend of r % 2 ? ['ref', 'wasm'] : ['wasm', 'ref']) {
        cr.setBackend(backend);
        times[backend].push(msPerCall(() => F.maxPool2d(x, 2, { returnIndices: true }), 5));
      }
    }
    cells.push(`${name}: ref ${median(times.ref).toFixed(3)}, wasm ${median(times.wasm).toFixed(3)}`);
  }
  console.log(`${shape.join('×').padEnd(14)} ${cells.join('   ')}`);
}
