/**
 * Helpers for the recurrent-layer tests: float64 tensors from fixture arrays, and a check that a
 * tensor matches expected numbers elementwise (with the element and both arrays in the message).
 */
import { expect } from 'vitest';
import { Tensor, tensor, type NestedArray } from '../../../src/index.js';

function flat(v: NestedArray): number[] {
  if (typeof v === 'number') return [v];
  if (typeof v === 'boolean') return [Number(v)];
  return v.flatMap((x) => flat(x));
}

/** Shape of a nested array (as PyTorch's tolist() wrote it). */
export function shapeOf(v: NestedArray): number[] {
  const shape: number[] = [];
  let level: NestedArray = v;
  while (Array.isArray(level)) {
    shape.push(level.length);
    level = level[0]!;
  }
  return shape;
}

/** A float64 tensor, optionally a leaf requiring grad. */
export function f64(data: NestedArray, requiresGrad = false): Tensor {
  return tensor(data, { dtype: 'float64', requiresGrad });
}

/** Asserts same shape and |actual − expected| ≤ atol + rtol·|expected| elementwise. */
export function expectTensor(label: string, actual: Tensor | null, expected: NestedArray, atol = 1e-10, rtol = 1e-8): void {
  expect(actual, `${label}: missing tensor`).not.toBeNull();
  expect(actual!.shape, `${label}: shape`).toEqual(shapeOf(expected));
  const got = flat(actual!.toArray());
  const want = flat(expected);
  got.forEach((g, i) => {
    const w = want[i]!;
    expect(Math.abs(g - w) <= atol + rtol * Math.abs(w), `${label} element ${i}: got ${g}, want ${w}`).toBe(true);
  });
}
