#!/usr/bin/env node
/**
 * Where does chainrule's time go in one benchmark case? Runs the case's chainrule workload under
 * V8's sampling profiler and prints the functions with the most self time, by file and line.
 *
 *   npm run build && node bench/profile.mjs [case id: chain | matmul | matmul-grad] [seconds]
 *
 * Also writes bench/results/profile-<case>.cpuprofile (gitignored), which Chrome DevTools
 * (Performance panel → Load profile) or VS Code open as a flame chart.
 */
import { Session } from 'node:inspector/promises';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as cr from '../dist/index.js';
import { makeCases } from './workloads.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const caseId = process.argv[2] ?? 'chain';
const seconds = Number(process.argv[3] ?? 5);

const theCase = makeCases({ cr, tf: null, torch: null }, { chainSteps: 667, matmulN: 256 }).find((c) => c.id === caseId);
if (!theCase) throw new Error(`no case ${caseId}`);
const { run } = theCase.libraries.chainrule();

// Warm up first, so the profile shows optimized code rather than the JIT getting there.
for (let end = performance.now() + 1000; performance.now() < end; ) run();

const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 100 });
await session.post('Profiler.start');
let iterations = 0;
for (let end = performance.now() + seconds * 1000; performance.now() < end; iterations++) run();
const { profile } = await session.post('Profiler.stop');
session.disconnect();

mkdirSync(join(HERE, 'results'), { recursive: true });
const file = join(HERE, 'results', `profile-${caseId}.cpuprofile`);
writeFileSync(file, JSON.stringify(profile));

// Self time per function: each sample is charged to the node on top of the stack.
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfSamples = new Map();
for (const id of profile.samples) {
  const { functionName, url, lineNumber } = byId.get(id).callFrame;
  const where = url ? `${url.startsWith('file:') ? relative(join(HERE, '..'), fileURLToPath(url)) : url}:${lineNumber + 1}` : '(native)';
  const key = `${functionName || '(anonymous)'}  ${where}`;
  selfSamples.set(key, (selfSamples.get(key) ?? 0) + 1);
}
const total = profile.samples.length;
const top = [...selfSamples].sort((a, b) => b[1] - a[1]).slice(0, 25);
console.log(`${theCase.title}: ${iterations} iterations in ${seconds} s; top self time (${total} samples)`);
for (const [key, count] of top) console.log(`${((100 * count) / total).toFixed(1).padStart(5)}%  ${key}`);
console.log(`\nfull profile: ${file}`);
