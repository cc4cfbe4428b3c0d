/**
 * The 'auto' backend (the default): per call, small tensors stay on the reference kernels (a wasm
 * call pays a fixed cost to copy operands in and out) and large ones go to wasm — once the wasm
 * module is ready (./readiness.ts: until an asynchronous compile finishes, everything runs on ref).
 * The crossover sizes were measured with bench/wasm-crossover.mjs on the development machine.
 * @module
 */
import type { Backend, View } from './backend.js';
import { deriveBackend, kernelOf, mainOperandOf, type KernelArgs, type KernelName } from './kernels.js';
import { refBackend } from './ref/index.js';
import { wasmReady } from './readiness.js';
import { noteCall, registerSelfTracing } from './trace.js';

/**
 * Sizes from which 'auto' runs a kernel in wasm. Measured (bench/wasm-crossover.mjs, copies
 * included): wasm overtakes ref at about 200 elements for add and exp, 150 multiply-adds for
 * matmul, and always for sum; the thresholds sit a little above, where wasm wins by ~2×.
 */
export const WASM_CROSSOVER = {
  /** Elementwise, reduction and copy kernels: elements of the (input) view. */
  elements: 512,
  /** matmul: B·M·N·K multiply-adds. */
  matmulMacs: 512,
} as const;

function count(view: View): number {
  let n = 1;
  for (const s of view.shape) n *= s;
  return n;
}

/** A kernel's crossover rule, given the call's arguments: true when this call should run in wasm. */
type Rule<K extends KernelName> = (args: KernelArgs<K>) => boolean;

/**
 * A recurrence counts its multiply-adds, T·B·G·H from x [T, B, I] and W_hh [G, H]: its main
 * operand, the input x, can be small where they are many.
 */
const recurrenceInWasm = (x: View, weightHh: View): boolean => x.shape[0]! * x.shape[1]! * count(weightHh) >= WASM_CROSSOVER.matmulMacs;

/** Always wasm (whose own dispatch hands what it does not accelerate to ref). */
const always = (): boolean => true;

/**
 * The kernels whose rule is not the default (the main operand's element count ≥
 * `WASM_CROSSOVER.elements`): matmul and the recurrences count multiply-adds; argmax/argmin,
 * gather, scatterAdd, indexSelect, indexAdd and the window and pooling kernels always go to wasm
 * (gather and scatterAdd were 1.35× and 2× faster there from 64 elements). compare and where take
 * the default: bench/wasm-crossover.mjs had ref 3–7× faster at 64 elements and wasm 1.4–1.7×
 * faster at 1024.
 */
const RULES: { readonly [K in KernelName]?: Rule<K> } = {
  matmul: ([a, b]) => count(a) * b.shape[2]! >= WASM_CROSSOVER.matmulMacs,
  lstmRecurrence: (args) => recurrenceInWasm(args[0], args[5]),
  rnnRecurrence: (args) => recurrenceInWasm(args[0], args[4]),
  gruRecurrence: (args) => recurrenceInWasm(args[0], args[4]),
  argReduce: always,
  gather: always,
  scatterAdd: always,
  indexSelect: always,
  indexAdd: always,
  im2col: always,
  col2im: always,
  im2colMatmul: always,
  matmulCol2im: always,
  maxPoolIndices: always,
};

/**
 * Builds the auto backend over a wasm backend (which traces its own calls); `ready` says whether
 * the wasm kernels can run now (default: the embedded module's readiness).
 */
export function createAutoBackend(wasm: Backend, ready: () => boolean = wasmReady): Backend {
  const backend = deriveBackend('auto', (kernel) => {
    const main = mainOperandOf(kernel);
    const rule = (RULES[kernel] as ((args: unknown[]) => boolean) | undefined) ?? ((args: unknown[]) => count(main(args)) >= WASM_CROSSOVER.elements);
    const onWasm = kernelOf(wasm, kernel);
    const onRef = kernelOf(refBackend, kernel);
    return (...args: unknown[]) => {
      if (rule(args) && ready()) onWasm(args);
      else {
        noteCall('ref', kernel, args);
        onRef(args);
      }
    };
  });
  registerSelfTracing(backend);
  return backend;
}
