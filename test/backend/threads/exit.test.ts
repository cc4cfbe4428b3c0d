/**
 * No worker keeps Node alive: a program that imports chainrule (the built package) and ends, or
 * runs matmuls big enough to start the workers and ends, exits on its own within seconds.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const DIST = join(ROOT, 'dist');

/** Runs `body` as an ES module importing chainrule's dist as `cr`; returns exit status, output and time. */
function runChild(body: string): { status: number | null; stdout: string; stderr: string; ms: number } {
  const program = `import * as cr from ${JSON.stringify(join(DIST, 'index.js'))};\n` +
    `import { threadPool } from ${JSON.stringify(join(DIST, 'backend/threads/pool.js'))};\n` +
    `import { sharedKernels } from ${JSON.stringify(join(DIST, 'backend/wasm/module.js'))};\n${body}`;
  const start = Date.now();
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', program], { encoding: 'utf8', timeout: 20_000, env: { ...process.env, CHAINRULE_THREADS: '' } });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr, ms: Date.now() - start };
}

describe.skipIf(!existsSync(join(DIST, 'index.js')))('a program with thread workers exits on its own', () => {
  it('after importing chainrule and doing nothing', () => {
    const { status, stderr, ms } = runChild(`cr.getNumThreads();`);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(ms).toBeLessThan(5000);
  });

  it('after matmuls on 2 threads, with the worker up and having computed', () => {
    const { status, stdout, stderr, ms } = runChild(`
      cr.setBackend('wasm');
      cr.setNumThreads(2);
      const a = cr.randn([256, 256]);
      a.matmul(a);
      const pool = threadPool(sharedKernels());
      const deadline = Date.now() + 10000;
      while (pool.readyWorkers < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      for (let i = 0; i < 50 && pool.workerItems === 0; i++) a.matmul(a);
      console.log(pool.readyWorkers, pool.workerItems > 0);
    `);
    expect(stderr).toBe('');
    expect(stdout.trim()).toBe('1 true');
    expect(status).toBe(0);
    expect(ms).toBeLessThan(8000);
  });
});
