/**
 * Threads never change an elementwise result (issue 11, item 3): large exp, log, tanh and sigmoid
 * calls, split across the pool (by rows, or by columns of one long row), give the same bits with
 * 1, 2 and 4 threads, the workers really computed blocks, and the single-thread bits are within
 * 1 ulp of ref (which rounds a float64 Math.* result once). Also: the single-thread chunked calls
 * run on a non-shared memory of their own and agree bit for bit with ref.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { FloatView, UnaryOp } from '../../../src/backend/backend.js';
import { refBackend as ref } from '../../../src/backend/ref/index.js';
import { CHUNK_ELEMENTS } from '../../../src/backend/wasm/elementwise.js';
import { THREADED_CHUNK_ELEMENTS } from '../../../src/backend/wasm/elementwise-threads.js';
import { plainKernels, sharedKernels, wasmKernels } from '../../../src/backend/wasm/module.js';
import { setNumThreads } from '../../../src/backend/threads/settings.js';
import { firstMismatch, identical, ulps, wasm } from '../wasm/support.js';
import { poisonArena, poolWith, splittingAll } from './support.js';

/** A [rows, cols] float32 view (row stride `rowStride` ≥ cols, so rows may have gaps) with values in ±12 and a few specials. */
function operand(rows: number, cols: number, rowStride: number, seed: number): FloatView {
  const storage = new Float32Array(rows * rowStride);
  let s = seed >>> 0;
  for (let i = 0; i < storage.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    storage[i] = (s / 2 ** 32) * 24 - 12;
  }
  const specials = [0, -0, NaN, Infinity, -Infinity, 1e-30, -88.5, 95];
  specials.forEach((v, i) => (storage[(i * 7919) % storage.length] = v));
  return { storage, offset: 0, shape: [rows, cols], strides: [rowStride, 1] };
}

/** The op over `x` with `threads` threads (more than one: the workers compute every block), as raw bits. */
async function apply(op: UnaryOp, threads: number, x: FloatView): Promise<Uint32Array> {
  if (threads === 1) setNumThreads(1);
  else await poolWith(threads);
  const out = new Float32Array(x.shape[0]! * x.shape[1]!);
  poisonArena();
  splittingAll(() => wasm.unary(op, x, out, 0, 0), threads > 1);
  return new Uint32Array(out.buffer);
}

const HEAVY: readonly UnaryOp[] = ['exp', 'log', 'tanh', 'sigmoid'];

describe('heavy unary ops with 1, 2 and 4 threads give identical bits', () => {
  const shapes = fc.oneof(
    // one long row (split by columns, odd tails), past one threaded chunk
    fc.record({ rows: fc.constant(1), cols: fc.integer({ min: CHUNK_ELEMENTS + 1, max: THREADED_CHUNK_ELEMENTS + 999 }), gap: fc.constant(0) }),
    // many rows (split by rows), contiguous or with gaps between rows
    fc.record({ rows: fc.integer({ min: 2, max: 70 }), cols: fc.integer({ min: 300, max: 2500 }), gap: fc.integer({ min: 0, max: 3 }) }),
    // small calls too (split whenever the threshold allows: the tests set it to 0)
    fc.record({ rows: fc.integer({ min: 1, max: 5 }), cols: fc.integer({ min: 1, max: 3000 }), gap: fc.integer({ min: 0, max: 2 }) }),
  );

  for (const op of HEAVY) {
    test(`${op}: random sizes and layouts, specials`, async () => {
      await fc.assert(
        fc.asyncProperty(shapes, fc.integer(), async ({ rows, cols, gap }, seed) => {
          const x = operand(rows, cols, cols + gap, seed);
          const one = await apply(op, 1, x);
          expect(await apply(op, 2, x)).toEqual(one);
          expect(await apply(op, 4, x)).toEqual(one);
          const want = new Float32Array(rows * cols);
          ref.unary(op, x, want, 0, 0);
          const got = new Float32Array(one.buffer);
          expect(firstMismatch(got, want, (g, w) => identical(g, w) || ulps(g, w) <= 1)).toBe(-1);
        }),
        { numRuns: 5 },
      );
    });
  }

  test('a 64 × 256 sigmoid (2^14 elements, not past one chunk) is split at the default threshold', async () => {
    const pool = await poolWith(2);
    const before = pool.workerItems;
    const x = operand(64, 256, 256, 9);
    const out = new Float32Array(64 * 256);
    pool.callerWorks = false;
    try {
      wasm.unary('sigmoid', x, out, 0, 0); // no splittingAll: the shipped threshold decides
    } finally {
      pool.callerWorks = true;
    }
    expect(pool.workerItems).toBeGreaterThan(before);
    const want = new Float32Array(out.length);
    ref.unary('sigmoid', x, want, 0, 0);
    expect(firstMismatch(out, want, (g, w) => identical(g, w) || ulps(g, w) <= 1)).toBe(-1);
    setNumThreads(1);
  });

  test('the workers compute blocks of a large tanh when the caller leaves them all', async () => {
    const pool = await poolWith(2);
    const before = pool.workerItems;
    const x = operand(1, 2 ** 18 + 3, 2 ** 18 + 3, 5);
    const out = new Float32Array(2 ** 18 + 3);
    splittingAll(() => wasm.unary('tanh', x, out, 0, 0), true);
    expect(pool.workerItems).toBeGreaterThan(before);
    const want = new Float32Array(out.length);
    ref.unary('tanh', x, want, 0, 0);
    expect(firstMismatch(out, want, (g, w) => identical(g, w) || ulps(g, w) <= 1)).toBe(-1);
    setNumThreads(1);
  });
});

describe('single-thread chunked elementwise calls run on a non-shared memory', () => {
  test('plainKernels() is a second instance on a plain ArrayBuffer where the main memory is shared', () => {
    const main = wasmKernels()!;
    const plain = plainKernels()!;
    if (sharedKernels() === null) {
      expect(plain).toBe(main);
      return;
    }
    expect(plain).not.toBe(main);
    expect(main.memory.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(plain.memory.buffer).toBeInstanceOf(ArrayBuffer);
  });

  test('a large mul and relu through it equal ref bit for bit', () => {
    setNumThreads(1);
    const a = operand(3, CHUNK_ELEMENTS + 17, CHUNK_ELEMENTS + 17, 11);
    const b = operand(3, CHUNK_ELEMENTS + 17, CHUNK_ELEMENTS + 17, 12);
    const n = 3 * (CHUNK_ELEMENTS + 17);
    const [got, want] = [new Float32Array(n), new Float32Array(n)];
    wasm.binary('mul', a, b, got);
    ref.binary('mul', a, b, want);
    expect(firstMismatch(got, want, identical)).toBe(-1);
    wasm.unary('relu', a, got, 0, 0);
    ref.unary('relu', a, want, 0, 0);
    expect(firstMismatch(got, want, identical)).toBe(-1);
  });
});
