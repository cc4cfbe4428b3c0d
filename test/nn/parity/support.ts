/**
 * Reading test/fixtures/nn_parity.json (written by test/fixtures/generate_nn_parity.py) and
 * running its cases through chainrule.
 */
import { readFileSync } from 'node:fs';
import type { Tensor } from '../../../src/index.js';
import type { FixtureTensor, LayerCase } from '../core/support.js';

/** One functional call with PyTorch's output and the gradients of sum(output · gradOutput). */
export interface ParityCase {
  name: string;
  fn: string;
  inputs: FixtureTensor[];
  args: unknown[];
  options: Record<string, unknown>;
  grad: number[];
  output: FixtureTensor;
  gradOutput?: FixtureTensor;
  inputGrads?: (FixtureTensor | null)[];
  after: Record<string, FixtureTensor>;
  /** Inputs and outputs are float32 values: compute in float32. */
  float32?: boolean;
}

/** Loads test/fixtures/nn_parity.json. */
export function loadParityCases(): { torch: string; cases: ParityCase[]; layers: LayerCase[] } {
  const url = new URL('../../fixtures/nn_parity.json', import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as { torch: string; cases: ParityCase[]; layers: LayerCase[] };
}

/** Options with the JSON encodings of non-finite numbers ("Infinity") turned back into numbers. */
export function decodeOptions(options: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(options).map(([k, v]) => [k, v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v]));
}

/** A float64 tensor's values. */
export function valuesOf(t: Tensor): number[] {
  return Array.from(t.toTypedArray(), Number);
}
