/**
 * Threads never change a result: random matmuls (every transpose combination, odd and tiny sizes,
 * batched and broadcast, accumulating) give the same bits with 1, 2 and 4 threads, and the workers
 * really computed part of them. The expected bits come from the single-threaded kernel, which the
 * wasm parity suite checks against ref.
 */
import fc from 'fast-check';
import { describe, expect, test, vi } from 'vitest';
import type { FloatView } from '../../../src/backend/backend.js';
import { wasm } from '../wasm/support.js';
import { setNumThreads } from '../../../src/backend/threads/settings.js';
import { poisonArena, poolWith, splittingAll } from './support.js';

/** [batch, rows, cols] float32 view; `transposed` stores it as [batch, cols, rows]; batch stride 0 if `broadcast`. */
function operand(batch: number, rows: number, cols: number, transposed: boolean, broadcast: boolean, seed: number): FloatView {
  const storage = new Float32Array(Math.max(1, (broadcast ? 1 : batch) * rows * cols));
  let s = seed >>> 0;
  for (let i = 0; i < storage.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    storage[i] = (s / 2 ** 32) * 4 - 2;
  }
  const strides = transposed ? [rows * cols, 1, rows] : [rows * cols, cols, 1];
  if (broadcast) strides[0] = 0;
  return { storage, offset: 0, shape: [batch, rows, cols], strides };
}

/**
 * The product computed with `threads` threads, every product split, as raw bits; with more than one
 * thread the workers compute every block (`workersOnly`), so the bits surely come from them.
 */
async function product(threads: number, a: FloatView, b: FloatView, start: Float32Array | null, workersOnly = true): Promise<Uint32Array> {
  if (threads === 1) setNumThreads(1);
  else await poolWith(threads);
  const out = start === null ? new Float32Array(a.shape[0]! * a.shape[1]! * b.shape[2]!) : start.slice();
  poisonArena();
  splittingAll(() => wasm.matmul(a, b, out, start !== null), workersOnly);
  return new Uint32Array(out.buffer);
}

const CASES = ['NN', 'NT', 'TN', 'TT'] as const;

describe('matmul with 1, 2 and 4 threads gives identical bits', () => {
  for (const t of CASES) {
    test(`${t}: random shapes (odd, tiny, batched, broadcast batch, accumulate)`, async () => {
      const shapes = fc.record({
        batch: fc.integer({ min: 1, max: 5 }),
        m: fc.integer({ min: 1, max: 70 }),
        k: fc.integer({ min: 0, max: 300 }),
        n: fc.integer({ min: 1, max: 70 }),
        broadcastB: fc.boolean(),
        accumulate: fc.boolean(),
        seed: fc.integer(),
      });
      await fc.assert(
        fc.asyncProperty(shapes, async ({ batch, m, k, n, broadcastB, accumulate, seed }) => {
          const a = operand(batch, m, k, t[0] === 'T', false, seed);
          const b = operand(batch, k, n, t[1] === 'T', broadcastB, seed + 1);
          const start = accumulate ? new Float32Array(batch * m * n).map((_, i) => (i % 7) - 3) : null;
          const one = await product(1, a, b, start);
          expect(await product(2, a, b, start)).toEqual(one);
          expect(await product(4, a, b, start)).toEqual(one);
        }),
        { numRuns: 25 },
      );
    });
  }

  // [1, 1030, 260, 1027]: split by rows with B packed once and shared (packB), over two column
  // blocks of the kernel (NC = 1024) and two depth blocks (KC = 256), partial tiles on both edges;
  // [1, 70, 300, 1030]: split by columns with A packed once and shared (packA), two row blocks
  // (MC = 64), two depth blocks, two column blocks
  test('a product sharing a packed operand splits into blocks of at least 32 rows or columns: fewer than 64 run on one thread (a conv weight gradient: 16×2000·2000×9)', async () => {
    for (const [m, k, n, items] of [[16, 2000, 9, 0], [9, 2000, 16, 0], [63, 300, 9, 0], [64, 300, 9, 2], [9, 300, 70, 2], [200, 300, 9, 6]] as const) {
      const a = operand(1, m, k, false, false, 5);
      const b = operand(1, k, n, false, false, 6);
      const pool = await poolWith(2);
      const run = vi.spyOn(pool, 'run');
      try {
        splittingAll(() => wasm.matmul(a, b, new Float32Array(m * n), false));
        expect(run.mock.calls.map((call) => call[0].items.length), `[${m}, ${k}]·[${k}, ${n}]`).toEqual(items === 0 ? [] : [items]);
      } finally {
        run.mockRestore();
      }
    }
  });

  test('large products split by rows, by columns and by batch, the caller and a worker sharing the blocks', async () => {
    for (const [batch, m, k, n] of [[1, 301, 257, 67], [1, 45, 129, 517], [6, 33, 65, 41], [1, 1030, 260, 1027], [1, 70, 300, 1030]] as const) {
      const a = operand(batch, m, k, false, false, m);
      const b = operand(batch, k, n, true, false, n);
      const one = await product(1, a, b, null);
      const pool = await poolWith(2);
      const before = pool.workerItems;
      // a few calls: the worker wakes within one of them
      let two = one;
      for (let i = 0; i < 50 && pool.workerItems === before; i++) two = await product(2, a, b, null, false);
      expect(pool.workerItems, `the worker ran items of [${batch},${m},${k}]·[${k},${n}]`).toBeGreaterThan(before);
      expect(two).toEqual(one);
    }
  });

  test('a product that grows the shared memory while workers run gives the same bits', async () => {
    await poolWith(2);
    const a = operand(1, 700, 900, false, false, 3);
    const b = operand(1, 900, 650, false, false, 4);
    const two = await product(2, a, b, null);
    expect(await product(1, a, b, null)).toEqual(two);
  });
});
