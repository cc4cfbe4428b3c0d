/**
 * The WebAssembly SIMD backend. It accelerates float32 matmul, elementwise binary and unary ops,
 * comparisons and where, sum/max/min reductions, softmax/logSoftmax, argmax/argmin,
 * gather/scatterAdd, strided copies and im2col/col2im; every other kernel, and float64, is an explicit delegation to the reference
 * backend below. Each call notes in the kernel trace which backend ran.
 * @module
 */
import type { Backend } from '../backend.js';
import { refBackend as ref } from '../ref/index.js';
import { noteKernel, registerSelfTracing } from '../trace.js';
import { Arena } from './arena.js';
import { wasmCol2im, wasmIm2col, wasmMaxPoolIndices } from './conv.js';
import { wasmLstmCell, wasmLstmCellBackward } from './lstm-cell.js';
import { wasmCompare, wasmWhere } from './compare.js';
import { wasmCopy } from './copy.js';
import { wasmBinary, wasmScaledAdd, wasmUnary } from './elementwise.js';
import { wasmArgReduce, wasmGather, wasmScatterAdd } from './indexing.js';
import { wasmMatmul } from './matmul.js';
import { wasmKernels, wasmUnavailableReason } from './module.js';
import { wasmReduce } from './reduce.js';
import { wasmSoftmax } from './softmax.js';
import type { WasmContext } from './staging.js';
import { ValueError } from '../../errors.js';

/** The most linear memory the arena grows to (2 GiB: pointers stay positive i32). */
export const MAX_WASM_MEMORY_BYTES = 2 ** 31;

/** Options of {@link createWasmBackend}. */
export interface WasmBackendOptions {
  /** Largest linear memory the arena may use, in bytes (default {@link MAX_WASM_MEMORY_BYTES}). */
  readonly maxMemoryBytes?: number;
}

/** A wasm backend plus what tests and benchmarks inspect: its arena's memory size. */
export interface WasmBackend extends Backend {
  /** Current size of the module's linear memory in bytes. */
  memoryBytes(): number;
}

/**
 * Creates a wasm backend (instantiating the module on first use). Throws a ValueError when this
 * engine cannot run the kernels (no SIMD128).
 */
export function createWasmBackend(options: WasmBackendOptions = {}): WasmBackend {
  let ctx: WasmContext | null = null;
  const context = (): WasmContext => {
    if (ctx !== null) return ctx;
    const exports = wasmKernels();
    if (exports === null) throw new ValueError('setBackend', `the wasm backend is unavailable: ${wasmUnavailableReason()}`);
    ctx = { exports, arena: new Arena(exports.memory, exports.heapBase(), options.maxMemoryBytes ?? MAX_WASM_MEMORY_BYTES) };
    return ctx;
  };
  /** Notes which backend ran; `ran` is false when the wasm path declined and ref must run. */
  const done = (ran: boolean, kernel: string, op: string | undefined, shape: readonly number[]): boolean => {
    noteKernel(ran ? 'wasm' : 'ref', kernel, op, shape);
    return ran;
  };
  const backend: WasmBackend = {
    name: 'wasm',
    memoryBytes: () => context().arena.byteLength,
    matmul(a, b, out, accumulate) {
      if (!done(wasmMatmul(context(), a, b, out, accumulate), 'matmul', undefined, a.shape)) ref.matmul(a, b, out, accumulate);
    },
    binary(op, a, b, out) {
      if (!done(wasmBinary(context(), op, a, b, out), 'binary', op, a.shape)) ref.binary(op, a, b, out);
    },
    scaledAdd(y, alpha, x, out) {
      if (!done(wasmScaledAdd(context(), y, alpha, x, out), 'scaledAdd', undefined, y.shape)) ref.scaledAdd(y, alpha, x, out);
    },
    unary(op, x, out, a, b) {
      if (!done(wasmUnary(context(), op, x, out, a, b), 'unary', op, x.shape)) ref.unary(op, x, out, a, b);
    },
    reduce(op, x, axes, out) {
      if (!done(wasmReduce(context(), op, x, axes, out), 'reduce', op, x.shape)) ref.reduce(op, x, axes, out);
    },
    copy(src, dst) {
      if (!done(wasmCopy(context(), src, dst), 'copy', undefined, src.shape)) ref.copy(src, dst);
    },
    compare(op, a, b, out) {
      if (!done(wasmCompare(context(), op, a, b, out), 'compare', op, a.shape)) ref.compare(op, a, b, out);
    },
    where(c, a, b, out) {
      if (!done(wasmWhere(context(), c, a, b, out), 'where', undefined, c.shape)) ref.where(c, a, b, out);
    },
    argReduce(op, x, axis, out) {
      if (!done(wasmArgReduce(context(), op, x, axis, out), 'argReduce', op, x.shape)) ref.argReduce(op, x, axis, out);
    },
    softmax(op, x, axis, out) {
      if (!done(wasmSoftmax(context(), op, x, axis, out), 'softmax', op, x.shape)) ref.softmax(op, x, axis, out);
    },
    gather(x, dim, index, out) {
      if (!done(wasmGather(context(), x, dim, index, out), 'gather', undefined, index.shape)) ref.gather(x, dim, index, out);
    },
    scatterAdd(dst, dim, index, src) {
      if (!done(wasmScatterAdd(context(), dst, dim, index, src), 'scatterAdd', undefined, index.shape)) ref.scatterAdd(dst, dim, index, src);
    },
    // Not accelerated: delegated to ref.
    indexSelect: (x, dim, index, out) => (noteKernel('ref', 'indexSelect', undefined, x.shape), ref.indexSelect(x, dim, index, out)),
    indexAdd: (dst, dim, index, src) => (noteKernel('ref', 'indexAdd', undefined, src.shape), ref.indexAdd(dst, dim, index, src)),
    im2col(x, g, pad, out) {
      if (!done(wasmIm2col(context(), x, g, pad, out), 'im2col', undefined, x.shape)) ref.im2col(x, g, pad, out);
    },
    col2im(cols, g, out) {
      if (!done(wasmCol2im(context(), cols, g, out), 'col2im', undefined, cols.shape)) ref.col2im(cols, g, out);
    },
    maxPoolIndices(x, g, out) {
      if (!done(wasmMaxPoolIndices(context(), x, g, out), 'maxPoolIndices', undefined, x.shape)) ref.maxPoolIndices(x, g, out);
    },
    lstmCell(gates, c, out, acts) {
      if (!done(wasmLstmCell(context(), gates, c, out, acts), 'lstmCell', undefined, gates.shape)) ref.lstmCell(gates, c, out, acts);
    },
    lstmCellBackward(acts, c, grad, outGates, outC) {
      if (!done(wasmLstmCellBackward(context(), acts, c, grad, outGates, outC), 'lstmCellBackward', undefined, acts.shape)) {
        ref.lstmCellBackward(acts, c, grad, outGates, outC);
      }
    },
  };
  registerSelfTracing(backend);
  return backend;
}

/** The shared wasm backend that `setBackend('wasm')` installs. */
export const wasmBackend: WasmBackend = createWasmBackend();
