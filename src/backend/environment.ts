/**
 * Backend names and the initial choice: 'auto' (the fastest), unless `CHAINRULE_BACKEND=ref` (or
 * `wasm`, `auto`) in the environment makes every op start on that backend, so the same test suite
 * runs on each.
 * @module
 */
import type { Backend } from './backend.js';
import { createAutoBackend } from './auto.js';
import { refBackend } from './ref/index.js';
import { wasmBackend } from './wasm/backend.js';
import { wasmKernels, wasmUnavailableReason } from './wasm/module.js';

/** The selectable backends. */
export const BACKEND_NAMES = ['ref', 'wasm', 'auto'] as const;
/** A selectable backend's name. */
export type BackendName = (typeof BACKEND_NAMES)[number];

const autoBackend = createAutoBackend(wasmBackend);

/** The backend object for a name (wasm availability is checked by the caller). */
export function backendByName(name: BackendName): Backend {
  if (name === 'ref') return refBackend;
  if (name === 'wasm') return wasmBackend;
  return autoBackend;
}

/**
 * The name CHAINRULE_BACKEND asks for, or 'auto' when it is unset or empty. An unknown value, or
 * 'wasm' where the module cannot be instantiated, throws.
 */
export function initialBackendName(): BackendName {
  const env = typeof process === 'object' && process.env ? process.env.CHAINRULE_BACKEND : undefined;
  if (env === undefined || env === '') return 'auto';
  if (!(BACKEND_NAMES as readonly string[]).includes(env)) {
    throw new Error(`CHAINRULE_BACKEND=${env}: expected 'ref', 'wasm' or 'auto'`);
  }
  if (env === 'wasm' && wasmKernels() === null) throw new Error(`CHAINRULE_BACKEND=wasm: the wasm backend is unavailable: ${wasmUnavailableReason()}`);
  return env as BackendName;
}

/** The backend ops start on. */
export function initialBackend(): Backend {
  return backendByName(initialBackendName());
}
