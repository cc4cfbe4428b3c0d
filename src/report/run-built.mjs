#!/usr/bin/env node
// `npm run verify`, `npm run demo`, `npm run example`: runs a compiled script of the report
// (dist/report/…) or an example (docs/examples/run.mjs, which imports the built package), building
// first only when dist is missing or older than the sources (src/**, which holds the AssemblyScript
// kernels too, package.json, tsconfig.json). The build's output goes to stderr, so stdout carries
// only the script's own output (`npm run verify -- --json` stays valid JSON).
// Usage: node src/report/run-built.mjs dist/report/bin.js verify [options]
//        node src/report/run-built.mjs docs/examples/run.mjs <example> [options]
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const [script, ...args] = process.argv.slice(2);
if (!script) {
  process.stderr.write('usage: node src/report/run-built.mjs dist/report/<script>.js|docs/examples/run.mjs [arguments]\n');
  process.exit(2);
}

const mtime = (file) => statSync(join(root, file)).mtimeMs;
const sources = [
  ...readdirSync(join(root, 'src'), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(root.length + 1)),
  'package.json',
  'tsconfig.json',
];
// tsc rewrites every output on each build: the library's entry (and the script, when it is built)
// stand for all of dist.
const outputs = ['dist/index.js', ...(script.startsWith('dist/') ? [script] : [])];
const stale = outputs.some((file) => !existsSync(join(root, file))) || Math.max(...sources.map(mtime)) > Math.min(...outputs.map(mtime));

if (stale) {
  process.stderr.write('chainrule: dist/ is missing or older than the sources: building (npm run build)\n');
  const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: ['ignore', 2, 2], shell: process.platform === 'win32' });
  if (build.status !== 0) {
    process.stderr.write('chainrule: the build failed (output above)\n');
    process.exit(build.status ?? 1);
  }
}
// --expose-gc: the report collects between claims, which keeps the run's peak memory down
const run = spawnSync(process.execPath, ['--expose-gc', join(root, script), ...args], { stdio: 'inherit' });
process.exit(run.status ?? 1);
