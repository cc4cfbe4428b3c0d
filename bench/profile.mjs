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
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as cr from '../dist/index.js';
import { profileTask } from './profiler.mjs';
import { makeCases } from './workloads.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const caseId = process.argv[2] ?? 'chain';
const seconds = Number(process.argv[3] ?? 5);

const theCase = makeCases({ cr, tf: null, torch: null }, { chainSteps: 667, matmulN: 256 }).find((c) => c.id === caseId);
if (!theCase) throw new Error(`no case ${caseId}`);
const { run } = theCase.libraries.chainrule();

mkdirSync(join(HERE, 'results'), { recursive: true });
await profileTask(run, { seconds, file: join(HERE, 'results', `profile-${caseId}.cpuprofile`), title: theCase.title });
