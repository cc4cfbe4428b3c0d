/**
 * Helpers of the convolution/pooling tests: the PyTorch fixtures (test/fixtures/nn_conv.json,
 * written by test/fixtures/generate_nn_conv.py) and elementwise comparisons.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { Tensor, tensor, type NestedArray } from '../../../src/index.js';

/** A tensor as the fixtures store it: shape and flat row-major data. */
export interface FixtureTensor {
  shape: number[];
  data: number[];
}

/** One case: a function or layer, its options in chainrule's spelling, PyTorch's results. */
export interface ConvCase {
  fn: string;
  name: string;
  args?: unknown[];
  options: Record<string, unknown>;
  outputSize?: number[] | null;
  input: FixtureTensor;
  weight?: FixtureTensor | null;
  bias?: FixtureTensor | null;
  output: FixtureTensor;
  indices?: FixtureTensor;
  gradOutput: FixtureTensor;
  gradInput: FixtureTensor;
  gradWeight?: FixtureTensor | null;
  gradBias?: FixtureTensor | null;
}

interface Fixtures {
  torch: string;
  conv: ConvCase[];
  convModules: ConvCase[];
  pool: ConvCase[];
  fold: ConvCase[];
}

let cache: Fixtures | null = null;

/** The fixture file, parsed once per test file. */
export function fixtures(): Fixtures {
  cache ??= JSON.parse(readFileSync(new URL('../../fixtures/nn_conv.json', import.meta.url), 'utf8')) as Fixtures;
  return cache;
}

/** A float64 tensor with the fixture's values, optionally a leaf requiring grad. */
export function load(t: FixtureTensor, requiresGrad = false): Tensor {
  return tensor(Float64Array.from(t.data), { dtype: 'float64' }).reshape(t.shape).detach().requiresGrad_(requiresGrad);
}

function flat(v: NestedArray): number[] {
  if (typeof v === 'number') return [v];
  if (typeof v === 'boolean') return [Number(v)];
  return v.flatMap((x) => flat(x));
}

/** Asserts `actual` has `expected`'s shape and values within atol + rtol·|expected|. */
export function expectMatches(actual: Tensor | null, expected: FixtureTensor, what: string, atol = 1e-12, rtol = 1e-10): void {
  expect(actual, `${what} is missing`).not.toBeNull();
  expect(actual!.shape, `${what} shape`).toEqual(expected.shape);
  const got = actual!.toTypedArray();
  expected.data.forEach((want, i) => {
    const g = got[i]!;
    if (!(Math.abs(g - want) <= atol + rtol * Math.abs(want))) {
      expect.fail(`${what}: element ${i} is ${g}, PyTorch says ${want} (off by ${Math.abs(g - want)})`);
    }
  });
}

/** Asserts values within atol + rtol·|expected| elementwise (nested arrays). */
export function expectClose(actual: Tensor, expected: NestedArray, atol = 1e-12, rtol = 1e-10): void {
  const got = flat(actual.toArray());
  const want = flat(expected);
  expect(got.length, `element count: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`).toBe(want.length);
  got.forEach((g, i) => {
    const w = want[i]!;
    expect(Math.abs(g - w) <= atol + rtol * Math.abs(w), `element ${i}: got ${g}, want ${w} (all: ${JSON.stringify(got)} vs ${JSON.stringify(want)})`).toBe(true);
  });
}

/** A float64 tensor, optionally a leaf requiring grad. */
export function f64(data: NestedArray, requiresGrad = false): Tensor {
  return tensor(data, { dtype: 'float64', requiresGrad });
}
