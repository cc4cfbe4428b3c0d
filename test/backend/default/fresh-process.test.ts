/**
 * A new user's process: no setBackend call and no CHAINRULE_BACKEND. The built package (dist/)
 * must start on 'auto' and run its first 256×256 matmul on wasm, and small ops on ref.
 * Needs dist/ (`npm test` builds it first; if it is missing this file builds it).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

const SCRIPT = `
import * as cr from './dist/index.js';
const backend = cr.getBackend();
const big = cr.traceKernels(() => cr.matmul(cr.randn([256, 256]), cr.randn([256, 256]))).calls;
const small = cr.traceKernels(() => cr.tensor([1, 2, 3]).add(1)).calls;
console.log(JSON.stringify({ backend, big: big.map((c) => c.backend + ':' + c.kernel), small: small.map((c) => c.backend + ':' + c.kernel) }));
`;

test('a fresh Node process with no CHAINRULE_BACKEND runs on auto: its first 256×256 matmul on wasm', () => {
  if (!existsSync(join(ROOT, 'dist', 'index.js'))) execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
  const env = { ...process.env };
  delete env.CHAINRULE_BACKEND;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', SCRIPT], { cwd: ROOT, env, encoding: 'utf8' });
  expect(JSON.parse(out)).toEqual({ backend: 'auto', big: ['wasm:matmul'], small: ['ref:binary'] });
}, 30_000);
