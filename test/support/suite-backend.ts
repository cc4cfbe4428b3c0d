/**
 * Which backend this run of the suite exercises. vitest runs the op suite twice (test/vitest.config.ts):
 * the `ref` project sets CHAINRULE_BACKEND to 'ref' (the library's default is 'auto'), the `wasm`
 * project sets it to 'wasm', so the
 * backend registry starts there. The wasm kernels are float32 only (float64 stays on ref by
 * design), so fixture tests build their tensors in {@link SUITE_FLOAT}: float64 on ref, where
 * chainrule must agree with PyTorch to 1e-10, and float32 on wasm, where the wasm kernels run.
 */
import type { FloatDType } from '../../src/index.js';

/** The backend named by CHAINRULE_BACKEND (each vitest project sets it), or the default 'auto'. */
export const SUITE_BACKEND: string = process.env.CHAINRULE_BACKEND ?? 'auto';

/** The float dtype fixture tests compute in on this run. */
export const SUITE_FLOAT: FloatDType = SUITE_BACKEND === 'ref' ? 'float64' : 'float32';
