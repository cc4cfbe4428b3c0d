/**
 * The kernel trace: a debugging aid that records which backend ran each kernel call, so a user can
 * see what `setBackend('auto')` decided or which calls the wasm backend handed to ref.
 * @module
 */
import type { Backend } from './backend.js';
import { deriveBackend, kernelOf, mainOperand, opOf, type KernelName } from './kernels.js';

/** One kernel call as the trace records it. */
export interface KernelCall {
  /** The backend whose code actually ran: `'ref'` or `'wasm'` (or a user backend's name). */
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

/** Marks a backend as recording its calls itself through {@link noteCall}. */
export function registerSelfTracing(backend: Backend): void {
  selfTracing.add(backend);
}

/** True for backends registered with {@link registerSelfTracing}. */
export function isSelfTracing(backend: Backend): boolean {
  return selfTracing.has(backend);
}

/**
 * Records that `backend` ran `kernel` with these arguments, if a trace is running (a no-op
 * otherwise, cheap enough for every call): op and main operand are read from the arguments.
 */
export function noteCall(backend: string, kernel: KernelName, args: readonly unknown[]): void {
  if (log !== null) log.push({ backend, kernel, op: opOf(args), shape: [...mainOperand(kernel, args).shape] });
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
  return deriveBackend(inner.name, (kernel) => {
    const run = kernelOf(inner, kernel);
    return (...args: unknown[]) => {
      noteCall(inner.name, kernel, args);
      run(args);
    };
  });
}
