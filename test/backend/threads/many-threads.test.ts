/**
 * More threads than the pool's job has item slots for: with 24 threads, four blocks a thread would
 * be 96 items, past the 64 a job holds (MAX_ITEMS), so every split must cap its blocks there.
 * Before the cap, a large product on a machine with 17 or more cores (a student's 20-thread laptop)
 * threw "thread pool: cannot run …". Each splitting kernel family runs once split as far as it
 * goes (thresholds 0) on 24 threads and gives the bits of one thread: matmul cut along the batch,
 * along rows and along columns (with and without a shared packed operand), im2col by images, the
 * direct convolution by images and by tiles of one image, the direct weight gradient by panels
 * and tap groups, an LSTM recurrence by batch rows and a large unary op.
 */
import { describe, expect, test } from 'vitest';
import type { FloatView, WindowGeometry } from '../../../src/backend/backend.js';
import { setNumThreads } from '../../../src/backend/threads/settings.js';
import { wasm } from '../wasm/support.js';
import { poisonArena, poolWith, splittingAll } from './support.js';

const THREADS = 24;

/** A contiguous float32 view of `shape` (values in ±2 from a seeded LCG); batch stride 0 when `broadcast`. */
function operand(shape: number[], seed: number, broadcast = false): FloatView {
  const size = shape.reduce((p, s) => p * s, 1);
  const storage = new Float32Array(broadcast ? size / shape[0]! : size);
  let s = seed >>> 0;
  for (let i = 0; i < storage.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    storage[i] = (s / 2 ** 32) * 4 - 2;
  }
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((p, d) => p * d, 1));
  if (broadcast) strides[0] = 0;
  return { storage, offset: 0, shape, strides };
}

const geometry = (size: number, k: number, padding: number): WindowGeometry => {
  const out = size + 2 * padding - k + 1;
  return { inputSize: [size, size], kernelSize: [k, k], stride: [1, 1], padding: [padding, padding], dilation: [1, 1], outputSize: [out, out] };
};

/** Every case's results, as raw bits, computed with `threads` threads and every call split. */
async function everything(threads: number): Promise<Uint32Array[]> {
  if (threads === 1) setNumThreads(1);
  else await poolWith(threads);
  const results: Float32Array[] = [];
  const run = (size: number, call: (out: Float32Array) => void): void => {
    const out = new Float32Array(size);
    poisonArena();
    splittingAll(() => call(out));
    results.push(out);
  };
  // matmul: one matrix by rows (shared packed B), by columns (shared packed A), and a batch
  run(2048 * 16, (out) => wasm.matmul(operand([1, 2048, 24], 1), operand([1, 24, 16], 2), out, false));
  run(8 * 4096, (out) => wasm.matmul(operand([1, 8, 24], 3), operand([1, 24, 4096], 4), out, false));
  run(300 * 4 * 8, (out) => wasm.matmul(operand([300, 4, 6], 5), operand([300, 6, 8], 6), out, false));
  // im2col split by images (300 images of 2 channels)
  const g6 = geometry(6, 3, 1);
  run(300 * 2 * 9 * 36, (out) => wasm.im2col(operand([300, 2, 6, 6], 7), g6, 0, out, false));
  // the direct forward by images, and by tiles of one 64×64 image; k = 8·9 = 72
  const g10 = geometry(10, 3, 1);
  run(150 * 8 * 100, (out) => wasm.im2colMatmul(operand([150, 8, 10, 10], 8), g10, false, operand([150, 8, 72], 9, true), { offset: 0, shape: [150, 72, 100], strides: [7200, 100, 1] }, out));
  const g64 = geometry(64, 3, 1);
  run(8 * 4096, (out) => wasm.im2colMatmul(operand([1, 8, 64, 64], 10), g64, false, operand([1, 8, 72], 11), { offset: 0, shape: [1, 72, 4096], strides: [72 * 4096, 4096, 1] }, out));
  // the direct weight gradient: 13 panels of G's 100 rows, 90 groups of 360 taps
  const rows = 2 * 100;
  run(100 * 360, (out) => wasm.im2colMatmul(operand([2, 40, 10, 10], 12), g10, true, operand([1, 100, rows], 13), { offset: 0, shape: [1, rows, 360], strides: [360 * rows, 1, rows] }, out));
  // an LSTM recurrence over 200 batch rows
  const [steps, batch, hidden, inputs] = [3, 200, 4, 3];
  const states = new Float32Array(steps * 2 * batch * hidden);
  run(steps * 5 * batch * hidden, (acts) =>
    wasm.lstmRecurrence(operand([steps, batch, inputs], 14), operand([4 * hidden, inputs], 15), operand([4 * hidden], 16), operand([batch, hidden], 17), operand([batch, hidden], 18), operand([4 * hidden, hidden], 19), states, acts));
  results.push(states);
  // a unary op over 2²⁰ elements
  run(1 << 20, (out) => wasm.unary('tanh', operand([1 << 20], 20), out, 0, 0));
  return results.map((r) => new Uint32Array(r.buffer));
}

describe(`${THREADS} threads: every split fits the pool's 64 item slots and gives one thread's bits`, () => {
  test('matmul, im2col, the direct convolution products, an LSTM recurrence, a unary op', async () => {
    const one = await everything(1);
    const many = await everything(THREADS);
    expect(many.length).toBe(one.length);
    many.forEach((bits, i) => expect({ i, bits }).toEqual({ i, bits: one[i] }));
    setNumThreads(2);
  }, 60_000);
});
