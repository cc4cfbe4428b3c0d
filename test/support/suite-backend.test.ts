/**
 * The suite really runs on the backend it names: the registry starts on SUITE_BACKEND, and on the
 * wasm run a float32 op of the fixtures' kind is computed by the wasm kernels.
 */
import { expect, test } from 'vitest';
import { getBackend, tensor, traceKernels } from '../../src/index.js';
import { SUITE_BACKEND, SUITE_FLOAT } from './suite-backend.js';

test(`the registry starts on the suite's backend (${SUITE_BACKEND})`, () => {
  expect(getBackend()).toBe(SUITE_BACKEND);
});

test(`a fixture-style op runs on the ${SUITE_BACKEND} kernels`, () => {
  const x = tensor([[1, 2, 3], [4, 5, 6]], { dtype: SUITE_FLOAT });
  const { calls } = traceKernels(() => x.mul(tensor([1, 0.5, 2], { dtype: SUITE_FLOAT })).tanh());
  expect(calls.map((c) => c.backend)).toEqual(calls.map(() => SUITE_BACKEND));
  expect(calls.length).toBeGreaterThanOrEqual(2);
});
