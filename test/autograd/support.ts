/**
 * Small helpers shared by the autograd and tensor tests: float64 tensors, and an elementwise
 * comparison of a tensor's values with expected numbers within atol + rtol·|expected|.
 */
import { expect } from 'vitest';
import { Tensor, tensor, type NestedArray } from '../../src/index.js';

function flat(v: NestedArray): number[] {
  if (typeof v === 'number') return [v];
  if (typeof v === 'boolean') return [Number(v)];
  return v.flatMap((x) => flat(x));
}

/** Asserts |actual − expected| ≤ atol + rtol·|expected| elementwise (NaN matches NaN), and equal element counts. */
export function expectClose(actual: Tensor | number, expected: NestedArray, atol = 1e-12, rtol = 1e-10): void {
  const got = actual instanceof Tensor ? flat(actual.toArray()) : [actual];
  const want = flat(expected);
  expect(got.length, `element count: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`).toBe(want.length);
  got.forEach((g, i) => {
    const w = want[i]!;
    const ok = Number.isNaN(w) ? Number.isNaN(g) : Math.abs(g - w) <= atol + rtol * Math.abs(w);
    expect(ok, `element ${i}: got ${g}, want ${w} (all: ${JSON.stringify(got)} vs ${JSON.stringify(want)})`).toBe(true);
  });
}

/** A float64 tensor, optionally a leaf requiring grad. */
export function f64(data: NestedArray, requiresGrad = false): Tensor {
  return tensor(data, { dtype: 'float64', requiresGrad });
}

/** The error `fn` throws (fails the test when it does not throw). */
export function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a throw');
}
