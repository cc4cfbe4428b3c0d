/**
 * Helpers for the nn core tests: reading the PyTorch fixtures (test/fixtures/nn_core.json,
 * written by test/fixtures/generate_nn_core.py) and comparing tensors with them.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { Tensor, tensor, type DType } from '../../../src/index.js';

/** A tensor in the fixture file: flat row-major data; non-finite floats are the strings "NaN", "Infinity", "-Infinity". */
export interface FixtureTensor {
  shape: number[];
  dtype: 'float64' | 'int32';
  data: (number | string)[];
}

/** One forward/backward step of a layer case. */
export interface LayerStep {
  train: boolean;
  inputs: FixtureTensor[];
  gradOutput: FixtureTensor;
  output: FixtureTensor;
  inputGrads?: (FixtureTensor | null)[];
  paramGrads?: Record<string, FixtureTensor>;
  buffers: Record<string, FixtureTensor>;
}

/** A layer with its state dict and the steps run on it. */
export interface LayerCase {
  name: string;
  layer: string;
  args: unknown[];
  options: Record<string, unknown>;
  state: Record<string, FixtureTensor>;
  steps: LayerStep[];
}

/** A loss evaluated once, with the gradients of sum(output · gradOutput). */
export interface LossCase {
  name: string;
  fn: string;
  options: Record<string, unknown>;
  input: FixtureTensor;
  target: FixtureTensor;
  gradOutput: FixtureTensor;
  output: FixtureTensor;
  inputGrad: FixtureTensor;
  targetGrad?: FixtureTensor;
}

/** The parsed fixture file. */
export interface NnCoreFixtures {
  torch: string;
  layers: LayerCase[];
  losses: LossCase[];
}

/** Loads test/fixtures/nn_core.json. */
export function loadFixtures(): NnCoreFixtures {
  const url = new URL('../../fixtures/nn_core.json', import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as NnCoreFixtures;
}

function values(t: FixtureTensor): number[] {
  return t.data.map((v) => (typeof v === 'string' ? Number(v) : v));
}

/** The fixture tensor as a chainrule tensor (float64 or int32). */
export function fromFixture(t: FixtureTensor, requiresGrad = false): Tensor {
  const dtype: DType = t.dtype;
  const flat = dtype === 'int32' ? Int32Array.from(values(t)) : Float64Array.from(values(t));
  const out = tensor(flat).reshape(t.shape);
  // reshape of a fresh tensor is a view; detach it into a leaf that can require grad.
  const leaf = out.detach();
  if (requiresGrad) leaf.requiresGrad_(true);
  return leaf;
}

/**
 * Asserts `actual` has the fixture's shape and values within atol + rtol·|expected| (NaN matches
 * NaN, ±∞ must match exactly).
 */
export function expectMatches(actual: Tensor | null, expected: FixtureTensor, what: string, atol = 1e-12, rtol = 1e-10): void {
  expect(actual, `${what}: missing`).not.toBeNull();
  const a = actual!;
  expect(a.shape, `${what}: shape`).toEqual(expected.shape);
  const got = Array.from(a.toTypedArray(), Number);
  const want = values(expected);
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    const g = got[i]!;
    const ok = Number.isNaN(w) ? Number.isNaN(g) : !Number.isFinite(w) ? g === w : Math.abs(g - w) <= atol + rtol * Math.abs(w);
    if (!ok) expect.fail(`${what}: element ${i} is ${g}, PyTorch gives ${w}`);
  }
}

/** The state dict of a fixture, as chainrule tensors (int32 for num_batches_tracked). */
export function stateOf(c: LayerCase): Map<string, Tensor> {
  return new Map(Object.entries(c.state).map(([k, v]) => [k, fromFixture(v)]));
}
