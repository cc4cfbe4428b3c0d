/**
 * The kernel names of the {@link Backend} interface at run time, and one way to build a backend
 * kernel by kernel. Everything that wraps a backend — the kernel trace, the size-based 'auto'
 * switch, the wasm dispatch with its ref fallback, summary()'s counting backend — is derived here
 * from the interface instead of re-listing its methods, so a new kernel needs no edit in any of them.
 * @module
 */
import type { Backend, View } from './backend.js';
import { refBackend } from './ref/index.js';

/** The kernel methods of a backend: every member but `name`. */
export type KernelName = Exclude<keyof Backend, 'name'>;

/** The arguments of kernel `K`, e.g. `KernelArgs<'matmul'>` = [a, b, out, accumulate]. */
export type KernelArgs<K extends KernelName> = Parameters<Backend[K]>;

/**
 * Every kernel name, in the ref backend's order. The compiler proves `refBackend` complete, so its
 * keys are exactly the interface's kernels.
 */
export const KERNEL_NAMES: readonly KernelName[] = Object.keys(refBackend).filter((key) => key !== 'name') as KernelName[];

/**
 * Builds a backend named `name` whose kernel `k` is `make(k)`. `make` must return a function with
 * kernel k's signature; this is the one place where that is taken on trust (a mapped type over the
 * names cannot be checked by the compiler), so wrappers stay generic.
 */
export function deriveBackend(name: string, make: (kernel: KernelName) => (...args: never[]) => void): Backend {
  // built in one go (not property by property, which leaves V8 a slow dictionary-mode object)
  const backend = Object.fromEntries([['name', name], ...KERNEL_NAMES.map((kernel) => [kernel, make(kernel)])]);
  return backend as unknown as Backend;
}

/** Kernel `kernel` of `backend` as a function of the call's argument list. */
export function kernelOf(backend: Backend, kernel: KernelName): (args: unknown[]) => void {
  const method = backend[kernel] as unknown as (...args: unknown[]) => void;
  return (args) => method.apply(backend, args);
}

/**
 * Which argument is a kernel's main operand (the one the trace reports and 'auto' sizes), where it
 * is not the first argument after the op: the index for gather and scatterAdd, the source for
 * indexAdd (the result's positions are what those kernels walk).
 */
const MAIN_OPERAND: { readonly [K in KernelName]?: number } = { gather: 2, scatterAdd: 2, indexAdd: 3 };

/** A kernel call's op: its first argument when that is a string (`'add'`, `'sum'`), else undefined. */
export function opOf(args: readonly unknown[]): string | undefined {
  return typeof args[0] === 'string' ? args[0] : undefined;
}

/**
 * The main operand of kernel `kernel`'s calls, as a function of a call's arguments: the first
 * argument after the op, unless {@link MAIN_OPERAND} says otherwise. (Resolved once per kernel:
 * 'auto' asks on every call.)
 */
export function mainOperandOf(kernel: KernelName): (args: readonly unknown[]) => View {
  const index = MAIN_OPERAND[kernel];
  if (index !== undefined) return (args) => args[index] as View;
  return (args) => args[typeof args[0] === 'string' ? 1 : 0] as View;
}

/** A kernel call's main operand (see {@link mainOperandOf}). */
export function mainOperand(kernel: KernelName, args: readonly unknown[]): View {
  return mainOperandOf(kernel)(args);
}

/** The names of the kernel methods `candidate` lacks (empty for a complete backend). */
export function missingKernels(candidate: object): KernelName[] {
  return KERNEL_NAMES.filter((kernel) => typeof (candidate as Record<string, unknown>)[kernel] !== 'function');
}
