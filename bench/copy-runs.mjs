#!/usr/bin/env node
/**
 * The wasm backend's strided copy of a permute [C, N, L] → [N, C, L] (float32, the layout change
 * a convolution's batched product and many `contiguous()` calls make), for run lengths L from 16
 * to 1024: the runs either `set` one by one on the JS side or gathered in wasm, as
 * MIN_SET_RUN_BEFORE_GATHER (src/backend/wasm/runs.ts) decides. Medians; with `--other <dir>`,
 * the same on another build's dist/ in the same process.
 *
 *   npm run build && node bench/copy-runs.mjs [--other /path/to/checkout]
 */
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { median, msPerCall, ROOT } from './common.mjs';

const { values: args } = parseArgs({ options: { other: { type: 'string' }, rounds: { type: 'string', default: '9' } } });
const builds = await Promise.all([['this', ROOT], ...(args.other ? [['other', args.other]] : [])].map(async ([name, root]) => {
  const { wasmBackend } = await import(pathToFileURL(join(root, 'dist', 'backend', 'wasm', 'backend.js')).href);
  return { name, wasmBackend };
}));
console.log(`permute copy [C, N, L] → [N, C, L], µs per call (medians of ${args.rounds} rounds), load ${os.loadavg()[0].toFixed(2)}`);
for (const [C, N, L] of [[32, 400, 16], [32, 32, 16], [16, 400, 64], [512, 2, 49], [16, 100, 128], [16, 50, 256], [4, 50, 1024]]) {
  const src = new Float32Array(C * N * L).map((_, i) => Math.sin(i));
  const dst = new Float32Array(C * N * L);
  const from = { storage: src, offset: 0, shape: [N, C, L], strides: [L, N * L, 1] };
  const to = { storage: dst, offset: 0, shape: [N, C, L], strides: [C * L, L, 1] };
  const times = Object.fromEntries(builds.map((b) => [b.name, []]));
  for (let r = 0; r < Number(args.rounds); r++) {
    for (const b of r % 2 ? [...builds].reverse() : builds) times[b.name].push(msPerCall(() => b.wasmBackend.copy(from, to), 20) * 1000);
  }
  console.log(`[${C}, ${N}, ${L}]`.padEnd(16) + builds.map((b) => `${b.name} ${median(times[b.name]).toFixed(1)}`).join('   '));
}
