/**
 * The wasm recurrences of the recurrent layers (float32): an LSTM layer's, an Elman RNN's (tanh
 * or relu) and a GRU's steps over a whole sequence, and their backpropagation through time, one kernel
 * call per block of batch rows. The recurrent weight is packed once, in the arena, and shared by
 * the blocks; a layer's input part of the gates, x·W_ihᵀ + bias, is computed in the arena first.
 * @module
 */
import type { FloatArray } from '../../dtype.js';
import type { FloatView } from '../backend.js';
import { MAX_ITEMS } from '../threads/protocol.js';
import { threadPool, type ThreadPool } from '../threads/pool.js';
import { threadMinMatmulMacs } from '../threads/settings.js';
import { aligned } from './arena.js';
import { runStaged } from './call.js';
import { planMatmul, type MatmulPlan } from './matmul.js';
import { sharedKernels } from './module.js';
import { plan, type Placed, type WasmContext } from './staging.js';

const isF32 = (v: FloatView): boolean => v.storage instanceof Float32Array;

/** The placed operand a call without a bias passes in its place (never read). */
const NO_BIAS: FloatView = { storage: new Float32Array(1), offset: 0, shape: [1], strides: [0] };

/**
 * The recurrence's blocks of batch rows, one pool item each: each batch row's recurrence is
 * independent of the others', so a block runs all its steps alone (one wake-up per call, not
 * per step), one block per thread (at most MAX_ITEMS). Split from twice matmul's threshold in multiply-adds over all
 * steps: a block's product is one small product per step, slower per multiply-add than one large
 * product, and the notebook-sized LSTM (names-rnn: seq ~8, batch 64, hidden 32, 2.1 M
 * multiply-adds) left its caller waiting on a worker in 5.6 % of its profile on the loaded machine.
 */
function rowBlocks(macs: number, batch: number): { pool: ThreadPool | null; blocks: [number, number][] } {
  const pool = macs >= 2 * threadMinMatmulMacs() ? threadPool(sharedKernels()) : null;
  const count = Math.min(batch, pool?.threads ?? 1, MAX_ITEMS);
  const size = Math.ceil(batch / count);
  const blocks: [number, number][] = [];
  for (let lo = 0; lo < batch; lo += size) blocks.push([lo, Math.min(batch, lo + size)]);
  return { pool: blocks.length > 1 ? pool : null, blocks };
}

type RecurrenceKernel = `${'lstm' | 'rnn' | 'gru'}Recurrence${'' | 'Backward'}`;

/** What differs between the recurrence calls. */
interface RecurrenceCall {
  /** The operands, placed contiguous; the recurrent weight W_hh is `operands[weight]`. */
  readonly operands: readonly FloatView[];
  readonly weight: number;
  /** W_hh packed as the kernel's B operand: [k, n] with element strides [bK, bN] of W_hh. */
  readonly packed: readonly [k: number, n: number, bK: number, bN: number];
  readonly results: readonly Float32Array[];
  /** Multiply-adds over all steps (whether to split) and the batch (what is split). */
  readonly macs: number;
  readonly batch: number;
  /** Work bytes of one call on up to `rows` rows. */
  readonly workBytes: (rows: number) => number;
  /** Position of the work pointer among the kernel's arguments. */
  readonly workArg: number;
  /**
   * Set for a forward pass: its first three operands are x [T, B, I], W_ih [G, I] and the bias [G]
   * (or a stand-in, when `bias` is false), and xGates = x·W_ihᵀ + bias, [T·B, G], is computed in the
   * arena before the steps (never copied out and back in), one product over all steps that matmul's
   * plan splits over threads; its pointer goes to `args` as `xGates`.
   */
  readonly inputGates?: { readonly bias: boolean };
  /** The arguments of the call on rows lo … lo + rows − 1: operand and result pointers, the packed weight's, the work area's. */
  readonly args: (operands: readonly number[], results: readonly number[], packed: number, lo: number, rows: number, work: number, xGates: number) => number[];
}

/**
 * One staged call of recurrence kernel `fn`: the operands placed, W_hh packed once at the start of
 * the work area, then one kernel call per block of batch rows (rowBlocks), on the pool or on this
 * thread, each with its own work area after the packed weight.
 */
function runRecurrence(ctx: WasmContext, fn: RecurrenceKernel, call: RecurrenceCall): void {
  const split = rowBlocks(call.macs, call.batch);
  const areas = split.pool?.threadsFor(split.blocks.length) ?? 1;
  const [k, n, bK, bN] = call.packed;
  const packedBytes = aligned(ctx.exports.packedBBytes(k, n));
  const input = call.inputGates === undefined ? null : inputProduct(call.operands, call.inputGates.bias);
  const inputBytes = input === null ? 0 : aligned(input.rows * input.gates * 4);
  const product = input === null ? null : planMatmul(ctx, 1, input.rows, input.gates, input.inputs, input.bias);
  const stride = aligned(call.workBytes(split.blocks[0]![1]));
  // the work area: the packed W_hh, the input gates, then the product's scratch or (after it) the blocks'
  const scratchBytes = Math.max(areas * stride, product?.workBytes ?? 0);
  const staged = { operands: call.operands.map((v) => plan(v, true)), results: call.results, workBytes: packedBytes + inputBytes + scratchBytes };
  runStaged(ctx, fn, staged, (placed, results, work) => {
    ctx.exports.packB(placed[call.weight]!.ptr, bK, bN, k, n, work);
    const pointers = placed.map((p) => p.ptr);
    const xGates = work + packedBytes;
    const base = xGates + inputBytes;
    if (input !== null) inputGatesInArena(ctx, input, placed, xGates, product!, base);
    const items = split.blocks.map(([lo, hi]) => call.args(pointers, results, work, lo, hi - lo, base, xGates));
    if (split.pool === null) for (const item of items) (ctx.exports[fn] as (...a: number[]) => void)(...item);
    else split.pool.run({ fn, items, workArg: call.workArg, workBase: base, workStride: stride });
  });
}

/** The input product's sizes, read from a forward call's operands x [T, B, I] and W_ih [G, I]. */
interface InputProduct {
  readonly rows: number;
  readonly gates: number;
  readonly inputs: number;
  readonly bias: boolean;
}

function inputProduct([x, weightIh]: readonly FloatView[], bias: boolean): InputProduct {
  return { rows: x!.shape[0]! * x!.shape[1]!, gates: weightIh!.shape[0]!, inputs: weightIh!.shape[1]!, bias };
}

/**
 * xGates (at byte offset `at`, [T·B, G]) = x·W_ihᵀ + bias, from the placed operands 0–2: the
 * bias's row copied into every row (doubling the rows copied each time), then the product added
 * (`product`, planned accumulating when there is a bias), with `scratch` as its work area.
 */
function inputGatesInArena(ctx: WasmContext, { rows, gates, inputs, bias }: InputProduct, [x, weightIh, b]: readonly Placed[], at: number, product: MatmulPlan, scratch: number): void {
  if (bias && rows > 0) {
    const f32 = ctx.arena.f32;
    const first = at / 4;
    f32.copyWithin(first, b!.ptr / 4, b!.ptr / 4 + gates);
    for (let done = 1; done < rows; done *= 2) f32.copyWithin(first + done * gates, first, first + Math.min(done, rows - done) * gates);
  }
  // W_ihᵀ [I, G]: W_ih [G, I] read by columns
  product.run({ ptr: x!.ptr, strides: [0, inputs, 1] }, { ptr: weightIh!.ptr, strides: [0, 1, inputs] }, at, scratch);
}

/** An LSTM layer's recurrence over all its steps, float32 in wasm; returns false (doing nothing) for other dtypes. */
export function wasmLstmRecurrence(
  ctx: WasmContext, x: FloatView, weightIh: FloatView, bias: FloatView | null, h0: FloatView, c0: FloatView, weightHh: FloatView,
  states: FloatArray, acts: FloatArray,
): boolean {
  if (!([x, weightIh, h0, c0, weightHh].every(isF32) && (bias === null || isF32(bias)) && states instanceof Float32Array && acts instanceof Float32Array)) return false;
  if (states.length === 0) return true;
  const [steps, batch] = x.shape as [number, number];
  const width = weightHh.shape[0]!;
  const hidden = width / 4;
  runRecurrence(ctx, 'lstmRecurrence', {
    // without a bias the kernel reads none: a one-float stand-in (as conv-matmul.ts's)
    operands: [x, weightIh, bias ?? NO_BIAS, h0, c0, weightHh], weight: 5, packed: [hidden, width, 1, hidden], results: [states, acts], // W_hhᵀ [H, 4H]
    macs: steps * batch * width * hidden, batch, workBytes: (rows) => ctx.exports.lstmRecurrenceWorkBytes(rows, hidden), workArg: 11, inputGates: { bias: bias !== null },
    args: ([, , , H, C], [S, A], packed, lo, rows, work, xGates) => [xGates, H!, C!, packed, steps, batch, hidden, lo, rows, S!, A!, work],
  });
  return true;
}

/** lstmRecurrence's backpropagation through time, float32 in wasm; returns false (doing nothing) for other dtypes. */
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
  if (steps === 0) return noStep(outH0, outC0);
  runRecurrence(ctx, 'lstmRecurrenceBackward', {
    operands: [acts, c0, states, weightHh, grad], weight: 3, packed: [4 * hidden, hidden, hidden, 1], results: [outGates, outH0, outC0], // W_hh [4H, H]
    macs: steps * batch * 4 * hidden * hidden, batch, workBytes: (rows) => ctx.exports.lstmRecurrenceBackwardWorkBytes(rows, hidden), workArg: 13,
    args: ([A, C, S, , G], [OG, OH, OC], packed, lo, rows, work) => [A!, C!, S!, packed, G!, steps, batch, hidden, lo, rows, OG!, OH!, OC!, work],
  });
  return true;
}

/** A backward pass over no step: nothing flows back to the initial states. */
function noStep(...initial: FloatArray[]): true {
  for (const out of initial) out.fill(0);
  return true;
}

/** An Elman RNN layer's recurrence over all its steps, float32 in wasm; returns false (doing nothing) for other dtypes. */
export function wasmRnnRecurrence(
  ctx: WasmContext, x: FloatView, weightIh: FloatView, bias: FloatView | null, h0: FloatView, weightHh: FloatView, relu: boolean, states: FloatArray,
): boolean {
  if (!([x, weightIh, h0, weightHh].every(isF32) && (bias === null || isF32(bias)) && states instanceof Float32Array)) return false;
  if (states.length === 0) return true;
  const [steps, batch] = x.shape as [number, number];
  const hidden = weightHh.shape[0]!;
  runRecurrence(ctx, 'rnnRecurrence', {
    operands: [x, weightIh, bias ?? NO_BIAS, h0, weightHh], weight: 4, packed: [hidden, hidden, 1, hidden], results: [states], // W_hhᵀ
    macs: steps * batch * hidden * hidden, batch, workBytes: () => ctx.exports.rnnRecurrenceWorkBytes(), workArg: 10, inputGates: { bias: bias !== null },
    args: ([, , , H], [S], packed, lo, rows, work, xGates) => [xGates, H!, packed, steps, batch, hidden, Number(relu), lo, rows, S!, work],
  });
  return true;
}

/** rnnRecurrence's backpropagation through time, float32 in wasm; returns false (doing nothing) for other dtypes. */
export function wasmRnnRecurrenceBackward(
  ctx: WasmContext, states: FloatView, weightHh: FloatView, relu: boolean, grad: FloatView, outGates: FloatArray, outH0: FloatArray,
): boolean {
  if (!([states, weightHh, grad].every(isF32) && outGates instanceof Float32Array && outH0 instanceof Float32Array)) return false;
  const [steps, batch, hidden] = states.shape as [number, number, number];
  if (batch * hidden === 0) return true;
  if (steps === 0) return noStep(outH0);
  runRecurrence(ctx, 'rnnRecurrenceBackward', {
    operands: [states, weightHh, grad], weight: 1, packed: [hidden, hidden, hidden, 1], results: [outGates, outH0], // W_hh
    macs: steps * batch * hidden * hidden, batch, workBytes: () => ctx.exports.rnnRecurrenceWorkBytes(), workArg: 11,
    args: ([S, , G], [OG, OH], packed, lo, rows, work) => [S!, packed, G!, steps, batch, hidden, Number(relu), lo, rows, OG!, OH!, work],
  });
  return true;
}

/** A GRU layer's recurrence over all its steps, float32 in wasm; returns false (doing nothing) for other dtypes. */
export function wasmGruRecurrence(
  ctx: WasmContext, x: FloatView, weightIh: FloatView, biasIh: FloatView | null, h0: FloatView, weightHh: FloatView, biasHh: FloatView | null,
  states: FloatArray, acts: FloatArray,
): boolean {
  const biases = [biasIh, biasHh].filter((b) => b !== null);
  if (!([x, weightIh, h0, weightHh, ...biases].every(isF32) && states instanceof Float32Array && acts instanceof Float32Array)) return false;
  if (states.length === 0) return true;
  const [steps, batch] = x.shape as [number, number];
  const width = weightHh.shape[0]!;
  const hidden = width / 3;
  runRecurrence(ctx, 'gruRecurrence', {
    // without a bias the kernel reads none: a one-float stand-in (as conv-matmul.ts's), not a second copy of a weight
    operands: [x, weightIh, biasIh ?? NO_BIAS, h0, weightHh, biasHh ?? NO_BIAS], weight: 4, packed: [hidden, width, 1, hidden], results: [states, acts], // W_hhᵀ [H, 3H]
    macs: steps * batch * width * hidden, batch, workBytes: (rows) => ctx.exports.gruRecurrenceWorkBytes(rows, hidden), workArg: 12, inputGates: { bias: biasIh !== null },
    args: ([, , , H, , B], [S, A], packed, lo, rows, work, xGates) => [xGates, H!, packed, B!, Number(biasHh !== null), steps, batch, hidden, lo, rows, S!, A!, work],
  });
  return true;
}

/** gruRecurrence's backpropagation through time, float32 in wasm; returns false (doing nothing) for other dtypes. */
export function wasmGruRecurrenceBackward(
  ctx: WasmContext, acts: FloatView, h0: FloatView, states: FloatView, weightHh: FloatView, grad: FloatView,
  outXGates: FloatArray, outGh: FloatArray, outH0: FloatArray,
): boolean {
  if (!([acts, h0, states, weightHh, grad].every(isF32) && outXGates instanceof Float32Array && outGh instanceof Float32Array && outH0 instanceof Float32Array)) {
    return false;
  }
  const [steps, batch, hidden] = states.shape as [number, number, number];
  if (batch * hidden === 0) return true;
  if (steps === 0) return noStep(outH0);
  runRecurrence(ctx, 'gruRecurrenceBackward', {
    operands: [acts, h0, states, weightHh, grad], weight: 3, packed: [3 * hidden, hidden, hidden, 1], results: [outXGates, outGh, outH0], // W_hh [3H, H]
    macs: steps * batch * 3 * hidden * hidden, batch, workBytes: () => ctx.exports.rnnRecurrenceWorkBytes(), workArg: 13, // the matmul's scratch only, as the RNN's
    args: ([A, H, S, , G], [OX, OG, OH], packed, lo, rows, work) => [A!, H!, S!, packed, G!, steps, batch, hidden, lo, rows, OX!, OG!, OH!, work],
  });
  return true;
}
