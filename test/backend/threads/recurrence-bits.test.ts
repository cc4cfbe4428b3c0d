/**
 * Threads never change a recurrence: an LSTM's forward (its input product x·W_ihᵀ + bias, with
 * or without the bias; states, activations) and its backpropagation through time (gate
 * gradients, dh0, dc0), an Elman RNN's (tanh and relu; its input product too) and a
 * GRU's (with and without biases; its input product too),
 * split into blocks of batch rows, give the same bits with 1, 2 and 4 threads over random step
 * counts, batch and hidden sizes, the workers computing every block. The expected bits come from
 * the single-threaded kernels, which the wasm parity suites (test/backend/wasm/lstm-, rnn- and
 * gru-recurrence) check against ref.
 */
import fc from 'fast-check';
import { describe, expect, test, vi } from 'vitest';
import type { FloatView } from '../../../src/backend/backend.js';
import { setNumThreads } from '../../../src/backend/threads/settings.js';
import { wasm } from '../wasm/support.js';
import { poisonArena, poolWith, splittingAll } from './support.js';

/** A contiguous float32 view of `shape` with values in ±scale. */
function operand(shape: number[], seed: number, scale = 1.5): FloatView {
  const storage = new Float32Array(shape.reduce((p, s) => p * s, 1));
  let s = seed >>> 0;
  for (let i = 0; i < storage.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    storage[i] = ((s / 2 ** 32) * 2 - 1) * scale;
  }
  return { storage, offset: 0, shape, strides: shape.map((_, i) => shape.slice(i + 1).reduce((p, d) => p * d, 1)) };
}

const bits = (...arrays: Float32Array[]): Uint32Array[] => arrays.map((a) => new Uint32Array(a.buffer));

/** Forward then backward with `threads` threads, every call split and (with more than one thread) left to the workers, as raw bits. */
async function run(threads: number, steps: number, batch: number, hidden: number, seed: number, inputs = 3, withBias = true): Promise<Uint32Array[]> {
  if (threads === 1) setNumThreads(1);
  else await poolWith(threads);
  const x = operand([steps, batch, inputs], seed);
  const weightIh = operand([4 * hidden, inputs], seed + 5, 0.5);
  const bias = withBias ? operand([4 * hidden], seed + 6) : null;
  const h0 = operand([batch, hidden], seed + 1);
  const c0 = operand([batch, hidden], seed + 2);
  const weight = operand([4 * hidden, hidden], seed + 3, 0.5);
  const grad = operand([steps, 2, batch, hidden], seed + 4);
  const states = new Float32Array(steps * 2 * batch * hidden);
  const acts = new Float32Array(steps * 5 * batch * hidden);
  const dGates = new Float32Array(steps * 4 * batch * hidden);
  const dh0 = new Float32Array(batch * hidden);
  const dc0 = new Float32Array(batch * hidden);
  poisonArena();
  splittingAll(() => {
    wasm.lstmRecurrence(x, weightIh, bias, h0, c0, weight, states, acts);
    const view = (storage: Float32Array, shape: number[]): FloatView => ({ ...operand(shape, 0), storage });
    wasm.lstmRecurrenceBackward(view(acts, [steps, batch, 5 * hidden]), c0, view(states, [steps, 2, batch, hidden]), weight, grad, dGates, dh0, dc0);
  }, threads > 1);
  return bits(states, acts, dGates, dh0, dc0);
}

/** The RNN's forward then backward, as `run` does for the LSTM. */
async function runRnn(threads: number, steps: number, batch: number, hidden: number, relu: boolean, seed: number, inputs = 3, withBias = true): Promise<Uint32Array[]> {
  if (threads === 1) setNumThreads(1);
  else await poolWith(threads);
  const x = operand([steps, batch, inputs], seed);
  const weightIh = operand([hidden, inputs], seed + 5, 0.5);
  const bias = withBias ? operand([hidden], seed + 6) : null;
  const h0 = operand([batch, hidden], seed + 1);
  const weight = operand([hidden, hidden], seed + 3, 0.5);
  const grad = operand([steps, batch, hidden], seed + 4);
  const states = new Float32Array(steps * batch * hidden);
  const dGates = new Float32Array(steps * batch * hidden);
  const dh0 = new Float32Array(batch * hidden);
  poisonArena();
  splittingAll(() => {
    wasm.rnnRecurrence(x, weightIh, bias, h0, weight, relu, states);
    wasm.rnnRecurrenceBackward({ ...operand([steps, batch, hidden], 0), storage: states }, weight, relu, grad, dGates, dh0);
  }, threads > 1);
  return bits(states, dGates, dh0);
}

describe('the RNN recurrence with 1, 2 and 4 threads gives identical bits', () => {
  test('random step counts, batch and hidden sizes, tanh and relu', async () => {
    const sizes = fc.record({
      steps: fc.integer({ min: 1, max: 6 }),
      batch: fc.integer({ min: 1, max: 19 }),
      hidden: fc.integer({ min: 1, max: 37 }),
      relu: fc.boolean(),
      inputs: fc.integer({ min: 1, max: 13 }),
      withBias: fc.boolean(),
      seed: fc.integer(),
    });
    await fc.assert(
      fc.asyncProperty(sizes, async ({ steps, batch, hidden, relu, inputs, withBias, seed }) => {
        const one = await runRnn(1, steps, batch, hidden, relu, seed, inputs, withBias);
        expect(await runRnn(2, steps, batch, hidden, relu, seed, inputs, withBias)).toEqual(one);
        expect(await runRnn(4, steps, batch, hidden, relu, seed, inputs, withBias)).toEqual(one);
      }),
      { numRuns: 25 },
    );
  });
});

/** The GRU's forward then backward, as `run` does for the LSTM. */
async function runGru(threads: number, steps: number, batch: number, hidden: number, withBias: boolean, seed: number, inputs = 3): Promise<Uint32Array[]> {
  if (threads === 1) setNumThreads(1);
  else await poolWith(threads);
  const x = operand([steps, batch, inputs], seed);
  const weightIh = operand([3 * hidden, inputs], seed + 6, 0.5);
  const biasIh = withBias ? operand([3 * hidden], seed + 7) : null;
  const h0 = operand([batch, hidden], seed + 1);
  const weight = operand([3 * hidden, hidden], seed + 3, 0.5);
  const bias = withBias ? operand([3 * hidden], seed + 5) : null;
  const grad = operand([steps, batch, hidden], seed + 4);
  const states = new Float32Array(steps * batch * hidden);
  const acts = new Float32Array(steps * 4 * batch * hidden);
  const dX = new Float32Array(steps * 3 * batch * hidden);
  const dGh = new Float32Array(steps * 3 * batch * hidden);
  const dh0 = new Float32Array(batch * hidden);
  poisonArena();
  splittingAll(() => {
    wasm.gruRecurrence(x, weightIh, biasIh, h0, weight, bias, states, acts);
    const view = (storage: Float32Array, shape: number[]): FloatView => ({ ...operand(shape, 0), storage });
    wasm.gruRecurrenceBackward(view(acts, [steps, batch, 4 * hidden]), h0, view(states, [steps, batch, hidden]), weight, grad, dX, dGh, dh0);
  }, threads > 1);
  return bits(states, acts, dX, dGh, dh0);
}

describe('the GRU recurrence with 1, 2 and 4 threads gives identical bits', () => {
  test('random step counts, batch and hidden sizes, with and without b_hh', async () => {
    const sizes = fc.record({
      steps: fc.integer({ min: 1, max: 6 }),
      batch: fc.integer({ min: 1, max: 19 }),
      hidden: fc.integer({ min: 1, max: 37 }),
      withBias: fc.boolean(),
      inputs: fc.integer({ min: 1, max: 13 }),
      seed: fc.integer(),
    });
    await fc.assert(
      fc.asyncProperty(sizes, async ({ steps, batch, hidden, withBias, inputs, seed }) => {
        const one = await runGru(1, steps, batch, hidden, withBias, seed, inputs);
        expect(await runGru(2, steps, batch, hidden, withBias, seed, inputs)).toEqual(one);
        expect(await runGru(4, steps, batch, hidden, withBias, seed, inputs)).toEqual(one);
      }),
      { numRuns: 25 },
    );
  });
});

describe('the LSTM recurrence with 1, 2 and 4 threads gives identical bits', () => {
  test('random step counts, batch and hidden sizes (odd ones: partial tiles and lanes)', async () => {
    const sizes = fc.record({
      steps: fc.integer({ min: 1, max: 6 }),
      batch: fc.integer({ min: 1, max: 19 }),
      hidden: fc.integer({ min: 1, max: 37 }),
      inputs: fc.integer({ min: 1, max: 13 }),
      withBias: fc.boolean(),
      seed: fc.integer(),
    });
    await fc.assert(
      fc.asyncProperty(sizes, async ({ steps, batch, hidden, inputs, withBias, seed }) => {
        const one = await run(1, steps, batch, hidden, seed, inputs, withBias);
        expect(await run(2, steps, batch, hidden, seed, inputs, withBias)).toEqual(one);
        expect(await run(4, steps, batch, hidden, seed, inputs, withBias)).toEqual(one);
      }),
      { numRuns: 25 },
    );
  });

  test('a batch of 16 is cut into one block of rows per thread', async () => {
    const pool = await poolWith(2);
    const spy = vi.spyOn(pool, 'run');
    try {
      await run(2, 3, 16, 8, 7);
      // (the input product before the steps runs on the pool too, split as matmul splits it)
      expect(spy.mock.calls.filter(([job]) => job.fn.startsWith('lstm')).map(([job]) => [job.fn, job.items.length])).toEqual([
        ['lstmRecurrence', 2],
        ['lstmRecurrenceBackward', 2],
      ]);
    } finally {
      spy.mockRestore();
    }
  });
});
