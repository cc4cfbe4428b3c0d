/**
 * Which backend runs the kernels. Ops call `kernels()` for every kernel call, so switching the
 * backend never touches an op or a VJP.
 * @module
 */
import type { Backend } from './backend.js';
import { initialBackend } from './environment.js';

/** Starts as auto, or as the backend named by the CHAINRULE_BACKEND environment variable. */
let current: Backend = initialBackend();

/** The backend that runs kernels now. */
export function kernels(): Backend {
  return current;
}

/** Installs a backend object (used by `setBackend` and by tests that wrap a backend). */
export function useBackend(backend: Backend): void {
  current = backend;
}
