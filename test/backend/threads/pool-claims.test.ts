/**
 * The pool's claim protocol under oversubscription: with more threads than cores, a worker often
 * wakes for a job after the caller has moved on to the next one. Jobs of alternating item counts
 * (1, 64, 3, 40, …) make a stale item count likely; every call must still return only once each of
 * its own items is done, so each output equals the single-threaded kernel's bits. Before the
 * claims were closed while a job is published (protocol.ts), a late worker could claim a
 * nonexistent item of the old job, count it done in the new one and make `run` return early: a
 * training run with 4 threads on 2 cores drifted from step 52, and with 8 threads a worker ran
 * half-written arguments.
 */
import { describe, expect, test } from 'vitest';
import type { FloatView } from '../../../src/backend/backend.js';
import { setNumThreads } from '../../../src/backend/threads/settings.js';
import { wasm } from '../wasm/support.js';
import { poolWith, splittingAll } from './support.js';

/** A [rows, cols] float32 view with values in ±3. */
function operand(rows: number, cols: number, seed: number): FloatView {
  const storage = new Float32Array(rows * cols);
  let s = seed >>> 0;
  for (let i = 0; i < storage.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    storage[i] = (s / 2 ** 32) * 6 - 3;
  }
  return { storage, offset: 0, shape: [rows, cols], strides: [cols, 1] };
}

/** Row counts whose split item counts differ from one call to the next. */
const ROWS = [1, 64, 3, 40, 2, 17, 64, 1];
const CALLS = 15000;

describe('thread pool claims under oversubscription', () => {
  for (const threads of [4, 8]) {
    test(`${threads} threads: ${CALLS} tanh calls of alternating sizes all equal the 1-thread bits`, async () => {
      const inputs = ROWS.map((rows, i) => operand(rows, 24, 11 + i));
      setNumThreads(1);
      const expected = inputs.map((x) => {
        const out = new Float32Array(x.shape[0]! * 24);
        wasm.unary('tanh', x, out, 0, 0);
        return out;
      });
      await poolWith(threads);
      const mismatches: number[] = [];
      // workers only: the caller waits, so the workers race each other for every item
      splittingAll(() => {
        for (let call = 0; call < CALLS; call++) {
          const k = call % ROWS.length;
          const out = new Float32Array(ROWS[k]! * 24).fill(NaN);
          wasm.unary('tanh', inputs[k]!, out, 0, 0);
          if (!out.every((v, i) => Object.is(v, expected[k]![i]))) mismatches.push(call);
        }
      }, true);
      setNumThreads(1);
      expect(mismatches.slice(0, 5), `${mismatches.length} of ${CALLS} calls differ`).toEqual([]);
    }, 60_000);
  }
});
