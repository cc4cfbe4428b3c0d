#!/usr/bin/env node
/**
 * `g.sum([0, 2, 3])` of a float32 [N, C, H, W] on the default backend: a convolution's bias
 * gradient and BatchNorm's statistics, at the training benchmarks' and ResNet-18's sizes. Medians;
 * with `--other <dir>`, the same on another build's dist/ in the same process.
 *
 *   npm run build && node bench/reduce-channels.mjs [--other /path/to/checkout]
 */
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { median, msPerCall, ROOT } from './common.mjs';

const { values: args } = parseArgs({ options: { other: { type: 'string' }, rounds: { type: 'string', default: '9' } } });
const builds = await Promise.all([['this', ROOT], ...(args.other ? [['other', args.other]] : [])].map(async ([name, root]) => ({
  name,
  cr: await import(pathToFileURL(join(root, 'dist', 'index.js')).href),
})));
console.log(`sum over (0, 2, 3) of [N, C, H, W], µs per call (medians of ${args.rounds} rounds), load ${os.loadavg()[0].toFixed(2)}`);
for (const shape of [[32, 16, 28, 28], [32, 32, 14, 14], [32, 64, 8, 8], [64, 64, 56, 56]]) {
  const inputs = builds.map((b) => b.cr.randn(shape));
  const times = builds.map(() => []);
  for (let r = 0; r < Number(args.rounds); r++) {
    const order = r % 2 ? [...builds.keys()].reverse() : [...builds.keys()];
    for (const i of order) times[i].push(msPerCall(() => inputs[i].sum([0, 2, 3]), 20) * 1000);
  }
  console.log(`[${shape.join(', ')}]`.padEnd(18) + builds.map((b, i) => `${b.name} ${median(times[i]).toFixed(1)}`).join('   '));
}
