/**
 * The wasm recurrences of the recurrent layers (float32): an LSTM layer's, an Elman RNN's (tanh
 * or relu) and a GRU's steps over a whole sequence, and their backpropagation through time, one kernel
 * call per block of batch rows. The recurrent weight is packed once, in the arena, and shared by
 * the blocks.
 * @module
 */
import type { FloatArray } from '../../dtype.js';
import type { FloatView } from '../backend.js';
import { threadPool, type ThreadPool } from '../threads/pool.js';
import { threadMinMatmulMacs } from '../threads/settings.js';
import { aligned } from './arena.js';
import { runStaged } from './call.js';
import { sharedKernels } from './module.js';
import { plan, type WasmContext } from './staging.js';

const isF32 = (v: FloatView): boolean => v.storage instanceof Float32Array;

/**
 * The recurrence's blocks of batch rows, one pool item each: each batch row's recurrence is
 * independent of the others', so a block runs all its steps alone (one wake-up per call, not
 * per step), one block per thread. Split from twice matmul's threshold in multiply-adds over all
 * steps: a block's product is one small product per step, slower per multiply-add than one large
 * product, and the notebook-sized LSTM (names-rnn: seq ~8, batch 64, hidden 32, 2.1 M
 * multiply-adds) left its caller waiting on a worker in 5.6 % of its profile on the loaded machine.
 */
function rowBlocks(macs: number, batch: number): { pool: ThreadPool | null; blocks: [number, number][] } {
  const pool = macs >= 2 * threadMinMatmulMacs() ? threadPool(sharedKernels()) : null;
  const count = Math.min(batch, pool?.threads ?? 1);
  const size = Math.ceil(batch / count);
  const blocks: [number, number][] = [];
  for (let lo = 0; lo < batch; lo += size) blocks.push([lo, Math.min(batch, lo + size)]);
  return { pool: blocks.length > 1 ? pool : null, blocks };
}

/** Runs the blocks' calls of `fn` (`args(lo, rows)` each) on the pool, or on this thread. */
function runBlocks(
  ctx: WasmContext, fn: `${'lstm' | 'rnn' | 'gru'}Recurrence${'' | 'Backward'}`, split: ReturnType<typeof rowBlocks>,
  work: { base: number; stride: number; arg: number }, args: (lo: number, rows: number) => number[],
): void {
  const items = split.blocks.map(([lo, hi]) => args(lo, hi - lo));
  if (split.pool === null) for (const item of items) (ctx.exports[fn] as (...a: number[]) => void)(...item);
  else split.pool.run({ fn, items, workArg: work.arg, workBase: work.base, workStride: work.stride });
}

/** An LSTM layer's recurrence over all its steps, float32 in wasm (one call per block of rows); returns false (doing nothing) for other dtypes. */
export function wasmLstmRecurrence(
  ctx: WasmContext, xGates: FloatView, h0: FloatView, c0: FloatView, weightHh: FloatView, states: FloatArray, acts: FloatArray,
): boolean {
  if (!([xGates, h0, c0, weightHh].every(isF32) && states instanceof Float32Array && acts instanceof Float32Array)) return false;
  if (states.length === 0) return true;
  const [steps, batch, width] = xGates.shape as [number, number, number];
  const hidden = width / 4;
  const split = rowBlocks(steps * batch * 4 * hidden * hidden, batch);
  const areas = split.pool?.threadsFor(split.blocks.length) ?? 1;
  const packedBytes = aligned(ctx.exports.packedBBytes(hidden, width));
  const stride = aligned(ctx.exports.lstmRecurrenceWorkBytes(split.blocks[0]![1], hidden));
  const operands = [plan(xGates, true), plan(h0, true), plan(c0, true), plan(weightHh, true)] as const;
  runStaged(ctx, 'lstmRecurrence', { operands, results: [states, acts], workBytes: packedBytes + areas * stride }, ([X, H, C, W], [S, A], work) => {
    ctx.exports.packB(W.ptr, 1, hidden, hidden, width, work); // W_hhᵀ [H, 4H]
    const base = work + packedBytes;
    runBlocks(ctx, 'lstmRecurrence', split, { base, stride, arg: 11 }, (lo, rows) => [X.ptr, H.ptr, C.ptr, work, steps, batch, hidden, lo, rows, S, A, base]);
  });
  return true;
}

/** lstmRecurrence's backpropagation through time, float32 in wasm (one call per block of rows); returns false (doing nothing) for other dtypes. */
export function wasmLstmRecurrenceBackward(
  ctx: WasmContext, acts: FloatView, c0: FloatView, states: FloatView, weightHh: FloatView, grad: FloatView,
  outGates: FloatArray, outH0: FloatArray, outC0: FloatArray,
): boolean {
  if (!([acts, c0, states, weightHh, grad].every(isF32) && outGates instanceof Float32Array && outH0 instanceof Float32Array && outC0 instanceof Float32Array)) {
    return false;
  }
  const [steps, batch, width] = acts.shape as [number, number, number];
  const hidden = width / 5;
  if (batch * hidden === 0) return true;
  if (steps === 0) {
    // no step: nothing flows back to the initial states
    outH0.fill(0);
    outC0.fill(0);
    return true;
  }
  const split = rowBlocks(steps * batch * 4 * hidden * hidden, batch);
  const areas = split.pool?.threadsFor(split.blocks.length) ?? 1;
  const packedBytes = aligned(ctx.exports.packedBBytes(4 * hidden, hidden));
  const stride = aligned(ctx.exports.lstmRecurrenceBackwardWorkBytes(split.blocks[0]![1], hidden));
  const operands = [plan(acts, true), plan(c0, true), plan(states, true), plan(weightHh, true), plan(grad, true)] as const;
  const call = { operands, results: [outGates, outH0, outC0], workBytes: packedBytes + areas * stride };
  runStaged(ctx, 'lstmRecurrenceBackward', call, ([A, C, S, W, G], [OG, OH, OC], work) => {
    ctx.exports.packB(W.ptr, hidden, 1, 4 * hidden, hidden, work); // W_hh [4H, H]
    const base = work + packedBytes;
    runBlocks(ctx, 'lstmRecurrenceBackward', split, { base, stride, arg: 13 }, (lo, rows) =>
      [A.ptr, C.ptr, S.ptr, work, G.ptr, steps, batch, hidden, lo, rows, OG, OH, OC, base]);
  });
  return true;
}

/** An Elman RNN layer's recurrence over all its steps, float32 in wasm (one call per block of rows); returns false (doing nothing) for other dtypes. */
export function wasmRnnRecurrence(ctx: WasmContext, xGates: FloatView, h0: FloatView, weightHh: FloatView, relu: boolean, states: FloatArray): boolean {
  if (!([xGates, h0, weightHh].every(isF32) && states instanceof Float32Array)) return false;
  if (states.length === 0) return true;
  const [steps, batch, hidden] = xGates.shape as [number, number, number];
  const split = rowBlocks(steps * batch * hidden * hidden, batch);
  const areas = split.pool?.threadsFor(split.blocks.length) ?? 1;
  const packedBytes = aligned(ctx.exports.packedBBytes(hidden, hidden));
  const stride = aligned(ctx.exports.rnnRecurrenceWorkBytes());
  const operands = [plan(xGates, true), plan(h0, true), plan(weightHh, true)] as const;
  runStaged(ctx, 'rnnRecurrence', { operands, results: [states], workBytes: packedBytes + areas * stride }, ([X, H, W], [S], work) => {
    ctx.exports.packB(W.ptr, 1, hidden, hidden, hidden, work); // W_hhᵀ [H, H]
    const base = work + packedBytes;
    runBlocks(ctx, 'rnnRecurrence', split, { base, stride, arg: 10 }, (lo, rows) => [X.ptr, H.ptr, work, steps, batch, hidden, Number(relu), lo, rows, S, base]);
  });
  return true;
}

/** rnnRecurrence's backpropagation through time, float32 in wasm (one call per block of rows); returns false (doing nothing) for other dtypes. */
export function wasmRnnRecurrenceBackward(
  ctx: WasmContext, states: FloatView, weightHh: FloatView, relu: boolean, grad: FloatView, outGates: FloatArray, outH0: FloatArray,
): boolean {
  if (!([states, weightHh, grad].every(isF32) && outGates instanceof Float32Array && outH0 instanceof Float32Array)) return false;
  const [steps, batch, hidden] = states.shape as [number, number, number];
  if (batch * hidden === 0) return true;
  if (steps === 0) {
    outH0.fill(0); // no step: nothing flows back to the initial state
    return true;
  }
  const split = rowBlocks(steps * batch * hidden * hidden, batch);
  const areas = split.pool?.threadsFor(split.blocks.length) ?? 1;
  const packedBytes = aligned(ctx.exports.packedBBytes(hidden, hidden));
  const stride = aligned(ctx.exports.rnnRecurrenceWorkBytes());
  const operands = [plan(states, true), plan(weightHh, true), plan(grad, true)] as const;
  runStaged(ctx, 'rnnRecurrenceBackward', { operands, results: [outGates, outH0], workBytes: packedBytes + areas * stride }, ([S, W, G], [OG, OH], work) => {
    ctx.exports.packB(W.ptr, hidden, 1, hidden, hidden, work); // W_hh [H, H]
    const base = work + packedBytes;
    runBlocks(ctx, 'rnnRecurrenceBackward', split, { base, stride, arg: 11 }, (lo, rows) => [S.ptr, work, G.ptr, steps, batch, hidden, Number(relu), lo, rows, OG, OH, base]);
  });
  return true;
}

/** A GRU layer's recurrence over all its steps, float32 in wasm (one call per block of rows); returns false (doing nothing) for other dtypes. */
export function wasmGruRecurrence(
  ctx: WasmContext, xGates: FloatView, h0: FloatView, weightHh: FloatView, biasHh: FloatView | null, states: FloatArray, acts: FloatArray,
): boolean {
  if (!([xGates, h0, weightHh].every(isF32) && (biasHh === null || isF32(biasHh)) && states instanceof Float32Array && acts instanceof Float32Array)) return false;
  if (states.length === 0) return true;
  const [steps, batch, width] = xGates.shape as [number, number, number];
  const hidden = width / 3;
  const split = rowBlocks(steps * batch * width * hidden, batch);
  const areas = split.pool?.threadsFor(split.blocks.length) ?? 1;
  const packedBytes = aligned(ctx.exports.packedBBytes(hidden, width));
  const stride = aligned(ctx.exports.gruRecurrenceWorkBytes(split.blocks[0]![1], hidden));
  // without a bias the kernel reads none: weightHh stands in as a placed operand
  const operands = [plan(xGates, true), plan(h0, true), plan(weightHh, true), plan(biasHh ?? weightHh, true)] as const;
  runStaged(ctx, 'gruRecurrence', { operands, results: [states, acts], workBytes: packedBytes + areas * stride }, ([X, H, W, B], [S, A], work) => {
    ctx.exports.packB(W.ptr, 1, hidden, hidden, width, work); // W_hhᵀ [H, 3H]
    const base = work + packedBytes;
    runBlocks(ctx, 'gruRecurrence', split, { base, stride, arg: 12 }, (lo, rows) =>
      [X.ptr, H.ptr, work, B.ptr, Number(biasHh !== null), steps, batch, hidden, lo, rows, S, A, base]);
  });
  return true;
}

/** gruRecurrence's backpropagation through time, float32 in wasm (one call per block of rows); returns false (doing nothing) for other dtypes. */
export function wasmGruRecurrenceBackward(
  ctx: WasmContext, acts: FloatView, h0: FloatView, states: FloatView, weightHh: FloatView, grad: FloatView,
  outXGates: FloatArray, outGh: FloatArray, outH0: FloatArray,
): boolean {
  if (!([acts, h0, states, weightHh, grad].every(isF32) && outXGates instanceof Float32Array && outGh instanceof Float32Array && outH0 instanceof Float32Array)) {
    return false;
  }
  const [steps, batch, hidden] = states.shape as [number, number, number];
  if (batch * hidden === 0) return true;
  if (steps === 0) {
    outH0.fill(0); // no step: nothing flows back to the initial state
    return true;
  }
  const split = rowBlocks(steps * batch * 3 * hidden * hidden, batch);
  const areas = split.pool?.threadsFor(split.blocks.length) ?? 1;
  const packedBytes = aligned(ctx.exports.packedBBytes(3 * hidden, hidden));
  const stride = aligned(ctx.exports.rnnRecurrenceWorkBytes());
  const operands = [plan(acts, true), plan(h0, true), plan(states, true), plan(weightHh, true), plan(grad, true)] as const;
  const call = { operands, results: [outXGates, outGh, outH0], workBytes: packedBytes + areas * stride };
  runStaged(ctx, 'gruRecurrenceBackward', call, ([A, H, S, W, G], [OX, OG, OH], work) => {
    ctx.exports.packB(W.ptr, hidden, 1, 3 * hidden, hidden, work); // W_hh [3H, H]
    const base = work + packedBytes;
    runBlocks(ctx, 'gruRecurrenceBackward', split, { base, stride, arg: 13 }, (lo, rows) =>
      [A.ptr, H.ptr, S.ptr, work, G.ptr, steps, batch, hidden, lo, rows, OX, OG, OH, base]);
  });
  return true;
}
