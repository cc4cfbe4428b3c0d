/**
 * The kernel trace: a debugging aid that records which backend ran each kernel call, so a user can
 * see what `setBackend('auto')` decided or which calls the wasm backend handed to ref.
 * @module
 */
import type { Backend } from './backend.js';

/** One kernel call as the trace records it. */
export interface KernelCall {
  /** The backend whose code actually ran: `'ref'` or `'wasm'`. */
  readonly backend: string;
  /** The Backend method: `'matmul'`, `'binary'`, `'unary'`, `'reduce'`, `'copy'`, … */
  readonly kernel: string;
  /** The op for kernels that take one (`'add'`, `'exp'`, `'sum'`), else undefined. */
  readonly op: string | undefined;
  /** Shape of the main operand (for matmul, of the first operand [B, M, K]). */
  readonly shape: readonly number[];
}

let log: KernelCall[] | null = null;

/** Backends that record their own calls (wasm, auto): the trace must not wrap them. */
const selfTracing = new WeakSet<Backend>();

/** Marks a backend as recording its calls itself through {@link noteKernel}. */
export function registerSelfTracing(backend: Backend): void {
  selfTracing.add(backend);
}

/** True for backends registered with {@link registerSelfTracing}. */
export function isSelfTracing(backend: Backend): boolean {
  return selfTracing.has(backend);
}

/** Records a call if a trace is running (a no-op otherwise, cheap enough for every call). */
export function noteKernel(backend: string, kernel: string, op: string | undefined, shape: readonly number[]): void {
  if (log !== null) log.push({ backend, kernel, op, shape: [...shape] });
}

/** Starts collecting calls (returns the previous log so traces can nest). */
export function startTrace(): KernelCall[] | null {
  const previous = log;
  log = [];
  return previous;
}

/** Stops collecting, restores the previous log and returns what was collected. */
export function stopTrace(previous: KernelCall[] | null): KernelCall[] {
  const calls = log ?? [];
  log = previous;
  if (previous !== null) previous.push(...calls);
  return calls;
}

/** Wraps a backend that does not trace itself so that each call is recorded under its name. */
export function tracing(inner: Backend): Backend {
  const note = (kernel: string, op: string | undefined, shape: readonly number[]): void => noteKernel(inner.name, kernel, op, shape);
  return {
    name: inner.name,
    copy: (src, dst) => (note('copy', undefined, src.shape), inner.copy(src, dst)),
    unary: (op, x, out, a, b) => (note('unary', op, x.shape), inner.unary(op, x, out, a, b)),
    binary: (op, a, b, out) => (note('binary', op, a.shape), inner.binary(op, a, b, out)),
    scaledAdd: (y, alpha, x, out) => (note('scaledAdd', undefined, y.shape), inner.scaledAdd(y, alpha, x, out)),
    compare: (op, a, b, out) => (note('compare', op, a.shape), inner.compare(op, a, b, out)),
    where: (c, a, b, out) => (note('where', undefined, c.shape), inner.where(c, a, b, out)),
    reduce: (op, x, axes, out) => (note('reduce', op, x.shape), inner.reduce(op, x, axes, out)),
    argReduce: (op, x, axis, out) => (note('argReduce', op, x.shape), inner.argReduce(op, x, axis, out)),
    softmax: (op, x, axis, out) => (note('softmax', op, x.shape), inner.softmax(op, x, axis, out)),
    matmul: (a, b, out, accumulate) => (note('matmul', undefined, a.shape), inner.matmul(a, b, out, accumulate)),
    gather: (x, dim, index, out) => (note('gather', undefined, index.shape), inner.gather(x, dim, index, out)),
    scatterAdd: (dst, dim, index, src) => (note('scatterAdd', undefined, index.shape), inner.scatterAdd(dst, dim, index, src)),
    indexSelect: (x, dim, index, out) => (note('indexSelect', undefined, x.shape), inner.indexSelect(x, dim, index, out)),
    indexAdd: (dst, dim, index, src) => (note('indexAdd', undefined, src.shape), inner.indexAdd(dst, dim, index, src)),
    im2col: (x, g, pad, out) => (note('im2col', undefined, x.shape), inner.im2col(x, g, pad, out)),
    col2im: (cols, g, out) => (note('col2im', undefined, cols.shape), inner.col2im(cols, g, out)),
    maxPoolIndices: (x, g, out) => (note('maxPoolIndices', undefined, x.shape), inner.maxPoolIndices(x, g, out)),
    lstmCell: (gates, c, out, acts) => (note('lstmCell', undefined, gates.shape), inner.lstmCell(gates, c, out, acts)),
    lstmCellBackward: (acts, c, grad, og, oc) => (note('lstmCellBackward', undefined, acts.shape), inner.lstmCellBackward(acts, c, grad, og, oc)),
  };
}
