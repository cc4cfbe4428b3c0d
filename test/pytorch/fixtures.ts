/**
 * Reading the PyTorch fixtures (test/fixtures/*.json, written by test/fixtures/generate.py) and
 * comparing chainrule's results with them.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { tensor, zeros, type DType, type NestedArray, type Tensor } from '../../src/index.js';
import { SUITE_FLOAT } from '../support/suite-backend.js';

/** A JSON number, or "nan" / "inf" / "-inf" (JSON cannot spell them). */
export type FixtureNumber = number | 'nan' | 'inf' | '-inf';

/** A tensor as stored in the fixtures: flat row-major data. */
export interface FixtureTensor {
  shape: number[];
  dtype: 'float64' | 'int32' | 'bool';
  data: (FixtureNumber | boolean)[];
}

/** An input; float64 inputs are leaves requiring grad, with PyTorch's gradient (null: unused). */
export interface FixtureInput extends FixtureTensor {
  grad?: FixtureNumber[] | null;
}

/** An output; differentiable outputs carry the upstream gradient fed to backward. */
export interface FixtureOutput extends FixtureTensor {
  upstream?: FixtureNumber[];
}

/** One op case of ops.json. */
export interface OpCase {
  group: string;
  name: string;
  op: string;
  args: Record<string, unknown>;
  inputs: FixtureInput[];
  outputs: FixtureOutput[];
}

/** One case of printing.json: how to build the tensor, and PyTorch's str() of it. */
export interface PrintCase {
  name: string;
  dtype: 'float32' | 'float64' | 'int32' | 'bool';
  shape: number[];
  values?: (FixtureNumber | boolean)[];
  /** [start, step, n]: values start + i·step. */
  arange?: [number, number, number];
  requiresGrad: boolean;
  gradFn?: 'mul2';
  torch: string;
}

function load<T>(file: string): { torch: string; cases: T[] } {
  return JSON.parse(readFileSync(new URL(`../fixtures/${file}`, import.meta.url), 'utf8')) as { torch: string; cases: T[] };
}

/** The op cases of one group (e.g. 'elementwise'). */
export function opCases(group: string): OpCase[] {
  const cases = load<OpCase>('ops.json').cases.filter((c) => c.group === group);
  if (cases.length === 0) throw new Error(`no fixtures in group ${group}; regenerate with npm run fixtures`);
  return cases;
}

/** The printing cases. */
export function printCases(): PrintCase[] {
  return load<PrintCase>('printing.json').cases;
}

/** Decodes a fixture number. */
export function num(v: FixtureNumber | boolean): number {
  if (v === 'nan') return NaN;
  if (v === 'inf') return Infinity;
  if (v === '-inf') return -Infinity;
  return Number(v);
}

/** Flat data + shape → nested arrays (a bare value for shape []). */
export function nest<T>(flat: readonly T[], shape: readonly number[]): T | NestedArray {
  if (shape.length === 0) return flat[0] as T;
  const build = (dim: number, start: number): unknown[] => {
    const inner = shape.slice(dim + 1).reduce((a, b) => a * b, 1);
    return Array.from({ length: shape[dim]! }, (_, i) => (dim === shape.length - 1 ? flat[start + i] : build(dim + 1, start + i * inner)));
  };
  return build(0, 0) as NestedArray;
}

/** The dtype chainrule computes a fixture tensor in: float64 data in this run's float dtype. */
export function suiteDtype(dtype: FixtureTensor['dtype']): DType {
  return dtype === 'float64' ? SUITE_FLOAT : dtype;
}

/**
 * The chainrule tensor for a fixture input: float64 inputs become leaves requiring grad, in this
 * run's float dtype (test/support/suite-backend.ts).
 */
export function makeInput(t: FixtureTensor): Tensor {
  // Nested arrays cannot spell an empty tensor of shape [0, 3].
  if (t.data.length === 0) return zeros(t.shape, { dtype: suiteDtype(t.dtype), requiresGrad: t.dtype === 'float64' });
  if (t.dtype === 'bool') return tensor(nest(t.data as boolean[], t.shape) as NestedArray, { dtype: 'bool' });
  const values = t.data.map(num);
  const data = nest(values, t.shape) as NestedArray;
  if (t.dtype === 'int32') return tensor(data, { dtype: 'int32' });
  return tensor(data, { dtype: SUITE_FLOAT, requiresGrad: true });
}

/** A plain (non-grad) tensor of `shape` holding `data`, in this run's float dtype. */
export function makeConstant(data: readonly FixtureNumber[], shape: readonly number[]): Tensor {
  if (data.length === 0) return zeros(shape, { dtype: SUITE_FLOAT });
  return tensor(nest(data.map(num), shape) as NestedArray, { dtype: SUITE_FLOAT });
}

/**
 * Agreement with PyTorch's float64 results: 1e-10 when chainrule computes in float64 too; in
 * float32 the inputs alone are rounded by up to 6e-8 relative, and sums, products and
 * cancellations grow that, so float32 runs allow 1e-4 relative + 1e-5 absolute.
 */
export const RTOL = SUITE_FLOAT === 'float64' ? 1e-10 : 1e-4;
const ATOL = SUITE_FLOAT === 'float64' ? 1e-10 : 1e-5;

/**
 * Asserts `actual` has PyTorch's shape and values: floats within 1e-10 relative + 1e-10 absolute
 * (NaN matches NaN, infinities match exactly), integers and booleans exactly.
 */
export function expectMatches(actual: Tensor, expected: FixtureTensor | { shape: number[]; data: FixtureNumber[] }, what: string): void {
  expect(actual.shape, `${what}: shape`).toEqual(expected.shape);
  const got = Array.from(actual.toTypedArray(), Number);
  const want = expected.data.map(num);
  expect(got.length, `${what}: element count`).toBe(want.length);
  const exact = 'dtype' in expected && expected.dtype !== 'float64';
  for (let i = 0; i < want.length; i++) {
    const a = got[i]!;
    const e = want[i]!;
    const ok = exact ? a === e : Number.isNaN(e) ? Number.isNaN(a) : !Number.isFinite(e) ? a === e : Math.abs(a - e) <= ATOL + RTOL * Math.abs(e);
    if (!ok) {
      expect.fail(`${what}: element ${i} is ${a}, PyTorch has ${e} (|diff| ${Math.abs(a - e)}); got [${got.join(', ')}], want [${want.join(', ')}]`);
    }
  }
}
