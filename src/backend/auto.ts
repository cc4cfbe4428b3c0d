/**
 * The 'auto' backend: per call, small tensors stay on the reference kernels (a wasm call pays a
 * fixed cost to copy operands in and out) and large ones go to wasm. The crossover sizes were
 * measured with bench/wasm-crossover.mjs on the development machine.
 * @module
 */
import type { Backend, View } from './backend.js';
import { refBackend as ref } from './ref/index.js';
import { noteKernel, registerSelfTracing } from './trace.js';
import type { WasmBackend } from './wasm/backend.js';

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

/** Builds the auto backend over a wasm backend. */
export function createAutoBackend(wasm: WasmBackend): Backend {
  const big = (view: View): boolean => count(view) >= WASM_CROSSOVER.elements;
  const backend: Backend = {
    name: 'auto',
    matmul(a, b, out, accumulate) {
      if (count(a) * b.shape[2]! >= WASM_CROSSOVER.matmulMacs) wasm.matmul(a, b, out, accumulate);
      else (noteKernel('ref', 'matmul', undefined, a.shape), ref.matmul(a, b, out, accumulate));
    },
    binary(op, a, b, out) {
      if (big(a)) wasm.binary(op, a, b, out);
      else (noteKernel('ref', 'binary', op, a.shape), ref.binary(op, a, b, out));
    },
    scaledAdd(y, alpha, x, out) {
      if (big(y)) wasm.scaledAdd(y, alpha, x, out);
      else (noteKernel('ref', 'scaledAdd', undefined, y.shape), ref.scaledAdd(y, alpha, x, out));
    },
    unary(op, x, out, a, b) {
      if (big(x)) wasm.unary(op, x, out, a, b);
      else (noteKernel('ref', 'unary', op, x.shape), ref.unary(op, x, out, a, b));
    },
    reduce(op, x, axes, out) {
      if (big(x)) wasm.reduce(op, x, axes, out);
      else (noteKernel('ref', 'reduce', op, x.shape), ref.reduce(op, x, axes, out));
    },
    copy(src, dst) {
      if (big(src)) wasm.copy(src, dst);
      else (noteKernel('ref', 'copy', undefined, src.shape), ref.copy(src, dst));
    },
    softmax(op, x, axis, out) {
      if (big(x)) wasm.softmax(op, x, axis, out);
      else (noteKernel('ref', 'softmax', op, x.shape), ref.softmax(op, x, axis, out));
    },
    // Kernels wasm does not accelerate: its own delegations to ref (which note the trace).
    compare: wasm.compare,
    where: wasm.where,
    argReduce: wasm.argReduce,
    gather: wasm.gather,
    scatterAdd: wasm.scatterAdd,
    indexSelect: wasm.indexSelect,
    indexAdd: wasm.indexAdd,
    im2col: wasm.im2col,
    col2im: wasm.col2im,
    maxPoolIndices: wasm.maxPoolIndices,
    lstmCell(gates, c, out, acts) {
      if (big(gates)) wasm.lstmCell(gates, c, out, acts);
      else (noteKernel('ref', 'lstmCell', undefined, gates.shape), ref.lstmCell(gates, c, out, acts));
    },
    lstmCellBackward(acts, c, grad, outGates, outC) {
      if (big(acts)) wasm.lstmCellBackward(acts, c, grad, outGates, outC);
      else (noteKernel('ref', 'lstmCellBackward', undefined, acts.shape), ref.lstmCellBackward(acts, c, grad, outGates, outC));
    },
  };
  registerSelfTracing(backend);
  return backend;
}
