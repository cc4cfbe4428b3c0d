/**
 * The WebAssembly SIMD backend. {@link WASM_KERNELS} lists the kernels it accelerates, each a
 * function that runs the call in wasm and returns true, or returns false (doing nothing) to decline
 * — float64 operands, an op without a wasm opcode, a layout the kernel cannot walk — and let the
 * reference kernel run. Kernels missing from the table always run on ref. Every call notes in the
 * kernel trace which backend ran it.
 * @module
 */
import { ValueError } from '../../errors.js';
import type { Backend } from '../backend.js';
import { deriveBackend, kernelOf, type KernelArgs, type KernelName } from '../kernels.js';
import { refBackend } from '../ref/index.js';
import { noteCall, registerSelfTracing } from '../trace.js';
import { Arena } from './arena.js';
import { wasmCompare, wasmWhere } from './compare.js';
import { wasmCol2im, wasmIm2col, wasmMaxPoolIndices } from './conv.js';
import { wasmIm2colMatmul, wasmMatmulCol2im } from './conv-matmul.js';
import { wasmCopy } from './copy.js';
import { wasmBinary, wasmScaledAdd, wasmUnary } from './elementwise.js';
import { wasmArgReduce, wasmGather, wasmScatterAdd } from './indexing.js';
import { wasmAdamStep } from './adam.js';
import { wasmLstmCell, wasmLstmCellBackward } from './lstm-cell.js';
import { wasmGruRecurrence, wasmGruRecurrenceBackward, wasmLstmRecurrence, wasmLstmRecurrenceBackward, wasmRnnRecurrence, wasmRnnRecurrenceBackward } from './recurrence.js';
import { wasmMatmul } from './matmul.js';
import { plainKernels, wasmKernels, wasmUnavailableReason } from './module.js';
import { wasmReduce } from './reduce.js';
import { wasmCumsum } from './scan.js';
import { wasmSoftmax } from './softmax.js';
import type { WasmContext } from './staging.js';

/** A wasm implementation of kernel `K`: true when it ran, false to hand the call to ref. */
export type WasmKernel<K extends KernelName> = (ctx: WasmContext, ...args: KernelArgs<K>) => boolean;

/** The kernels the wasm backend accelerates (indexSelect and indexAdd run on ref). */
export const WASM_KERNELS: { readonly [K in KernelName]?: WasmKernel<K> } = {
  copy: wasmCopy,
  unary: wasmUnary,
  binary: wasmBinary,
  scaledAdd: wasmScaledAdd,
  compare: wasmCompare,
  where: wasmWhere,
  reduce: wasmReduce,
  argReduce: wasmArgReduce,
  softmax: wasmSoftmax,
  cumsum: wasmCumsum,
  matmul: wasmMatmul,
  gather: wasmGather,
  scatterAdd: wasmScatterAdd,
  im2col: wasmIm2col,
  col2im: wasmCol2im,
  im2colMatmul: wasmIm2colMatmul,
  matmulCol2im: wasmMatmulCol2im,
  maxPoolIndices: wasmMaxPoolIndices,
  adamStep: wasmAdamStep,
  lstmCell: wasmLstmCell,
  lstmCellBackward: wasmLstmCellBackward,
  lstmRecurrence: wasmLstmRecurrence,
  lstmRecurrenceBackward: wasmLstmRecurrenceBackward,
  rnnRecurrence: wasmRnnRecurrence,
  rnnRecurrenceBackward: wasmRnnRecurrenceBackward,
  gruRecurrence: wasmGruRecurrence,
  gruRecurrenceBackward: wasmGruRecurrenceBackward,
};

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
    const maxBytes = options.maxMemoryBytes ?? MAX_WASM_MEMORY_BYTES;
    let single: WasmContext | null = null;
    const singleContext = (): WasmContext => {
      if (single !== null) return single;
      const plain = plainKernels();
      single = plain === null || plain === exports ? ctx! : { exports: plain, arena: new Arena(plain.memory, plain.heapBase(), maxBytes) };
      return single;
    };
    ctx = { exports, arena: new Arena(exports.memory, exports.heapBase(), maxBytes), single: singleContext };
    return ctx;
  };
  const kernels = deriveBackend('wasm', (kernel) => {
    const onRef = kernelOf(refBackend, kernel);
    const onWasm = WASM_KERNELS[kernel] as ((ctx: WasmContext, ...args: unknown[]) => boolean) | undefined;
    if (onWasm === undefined) {
      return (...args: unknown[]) => {
        noteCall('ref', kernel, args);
        onRef(args);
      };
    }
    return (...args: unknown[]) => {
      const ran = onWasm(context(), ...args);
      noteCall(ran ? 'wasm' : 'ref', kernel, args);
      if (!ran) onRef(args);
    };
  });
  const backend: WasmBackend = Object.assign(kernels, { memoryBytes: () => context().arena.byteLength });
  registerSelfTracing(backend);
  return backend;
}

/** The shared wasm backend that `setBackend('wasm')` installs. */
export const wasmBackend: WasmBackend = createWasmBackend();
