/**
 * Helpers for the optimizer tests: elementwise comparison with a tolerance, and the fixed problem
 * of test/fixtures/generate_optim.py.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { Tensor, tensor, type DType, type NestedArray } from '../../src/index.js';

/** Flattens nested numbers (booleans as 0/1). */
export function flat(v: NestedArray | number): number[] {
  if (typeof v === 'number') return [v];
  if (typeof v === 'boolean') return [Number(v)];
  return v.flatMap((x) => flat(x));
}

/** Asserts |actual − expected| ≤ atol + rtol·|expected| elementwise, with equal element counts. */
export function expectClose(actual: Tensor | number | readonly number[], expected: NestedArray | number, atol = 1e-12, rtol = 1e-10, label = ''): void {
  const got = actual instanceof Tensor ? flat(actual.toArray()) : typeof actual === 'number' ? [actual] : [...actual];
  const want = flat(expected);
  expect(got.length, `${label} element count`).toBe(want.length);
  got.forEach((g, i) => {
    const w = want[i]!;
    const ok = Number.isNaN(w) ? Number.isNaN(g) : Math.abs(g - w) <= atol + rtol * Math.abs(w);
    expect(ok, `${label} element ${i}: got ${g}, want ${w}`).toBe(true);
  });
}

/** A leaf requiring grad. */
export function param(data: NestedArray, dtype: DType = 'float64'): Tensor {
  return tensor(data, { dtype, requiresGrad: true });
}

/** Loads a fixture JSON from test/fixtures. */
export function fixture<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')) as T;
}

/** The optimizer problem of generate_optim.py. */
export interface Problem {
  init: { p0: number[][]; p1: number[]; p2: number[] };
  a0: number[][];
  c0: number[][];
  a1: number[];
  c1: number[];
  steps: number;
}

/** L = 0.5·Σ a0 (p0 − c0)² + Σ cos(p0) + 0.5·Σ a1 (p1 − c1)², as in generate_optim.py. */
export function problemLoss(problem: Problem, p0: Tensor, p1: Tensor): Tensor {
  const dtype = p0.dtype;
  const a0 = tensor(problem.a0, { dtype });
  const c0 = tensor(problem.c0, { dtype });
  const a1 = tensor(problem.a1, { dtype });
  const c1 = tensor(problem.c1, { dtype });
  return a0
    .mul(p0.sub(c0).square())
    .sum()
    .mul(0.5)
    .add(p0.cos().sum())
    .add(a1.mul(p1.sub(c1).square()).sum().mul(0.5));
}
