/**
 * Lowering the thread count parks the surplus workers instead of ending them: switching back is
 * immediate (a fresh worker takes ~35 ms of CPU and tens of ms before it runs an item), and a
 * parked worker serves correctly once woken again.
 */
import { describe, expect, test } from 'vitest';
import type { FloatView } from '../../../src/backend/backend.js';
import { setNumThreads } from '../../../src/backend/threads/settings.js';
import { wasm } from '../wasm/support.js';
import { poolWith, splittingAll } from './support.js';

/** A [1, rows, cols] view whose element [i, j] is `value(i, j)`. */
function matrix(rows: number, cols: number, value: (i: number, j: number) => number): FloatView {
  const storage = new Float32Array(rows * cols).map((_, e) => value(Math.floor(e / cols), e % cols));
  return { storage, offset: 0, shape: [1, rows, cols], strides: [rows * cols, cols, 1] };
}

describe('thread pool parking', () => {
  test('after 2 → 1 → 2 threads the same worker is ready at once and computes its blocks', async () => {
    const pool = await poolWith(2);
    setNumThreads(1);
    setNumThreads(2);
    // no waiting: a parked worker is still up (a respawned one would not be yet)
    expect(pool.readyWorkers).toBe(1);
    // A is all ones (80×16), B[k][j] = j − k: C[i][j] = Σ_k (j − k) = 16·j − 120
    const a = matrix(80, 16, () => 1);
    const b = matrix(16, 24, (k, j) => j - k);
    const out = new Float32Array(80 * 24).fill(NaN);
    const before = pool.workerItems;
    splittingAll(() => wasm.matmul(a, b, out, false), true);
    expect(pool.workerItems).toBeGreaterThan(before);
    const expected = Float32Array.from({ length: 80 * 24 }, (_, e) => 16 * (e % 24) - 120);
    expect(out).toEqual(expected);
    setNumThreads(1);
  }, 30_000);
});
