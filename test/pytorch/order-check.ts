/**
 * Checks a case of one of issue 10's fixture files (order.json, …: ops.json's format) with a
 * runner table of its own: forward values (indices exactly), then every float input's gradient
 * for PyTorch's upstream gradients.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { gradients, type Tensor } from '../../src/index.js';
import { SUITE_FLOAT } from '../support/suite-backend.js';
import { expectMatches, makeConstant, makeInput, suiteDtype, type OpCase } from './fixtures.js';

export type Args = Record<string, unknown>;
export type Runner = (xs: Tensor[], a: Args) => Tensor | readonly Tensor[];

/** The cases of test/fixtures/<file>. */
export function fixtureCases(file: string): OpCase[] {
  const cases = (JSON.parse(readFileSync(new URL(`../fixtures/${file}`, import.meta.url), 'utf8')) as { cases: OpCase[] }).cases;
  if (cases.length === 0) throw new Error(`no fixtures in ${file}; regenerate with npm run fixtures`);
  return cases;
}

export function checkWith(c: OpCase, runners: Record<string, Runner>): void {
  const leaves = c.inputs.map(makeInput);
  const operands = leaves.map((t) => (c.args.pre === 'transpose' && t.dtype === SUITE_FLOAT && t.ndim >= 2 ? t.transpose(-1, -2) : t));
  const runner = runners[c.op];
  if (!runner) throw new Error(`no chainrule runner for fixture op ${c.op}`);
  const result = runner(operands, c.args);
  const outs: readonly Tensor[] = Array.isArray(result) ? result : [result as Tensor];
  expect(outs.length, 'number of outputs').toBe(c.outputs.length);
  outs.forEach((o, i) => {
    expect(o.dtype, `output ${i} dtype`).toBe(suiteDtype(c.outputs[i]!.dtype));
    expectMatches(o, c.outputs[i]!, `output ${i}`);
  });
  const diff = c.outputs.map((o, i) => ({ out: outs[i]!, upstream: o.upstream })).filter((o) => o.upstream !== undefined);
  const floatLeaves = leaves.filter((t) => t.dtype === SUITE_FLOAT);
  const expected = c.inputs.filter((x) => x.dtype === 'float64');
  if (diff.length === 0) {
    expected.forEach((x) => expect(x.grad).toBeNull());
    return;
  }
  const grads = gradients(
    diff.map((d) => d.out),
    floatLeaves,
    { gradOutputs: diff.map((d) => makeConstant(d.upstream!, d.out.shape)), allowUnused: true },
  );
  grads.forEach((g, i) => {
    const want = expected[i]!.grad;
    if (want === null || want === undefined) {
      if (g !== null) expectMatches(g, { shape: expected[i]!.shape, data: new Array(expected[i]!.data.length).fill(0) }, `gradient of input ${i} (PyTorch: unused)`);
      return;
    }
    expect(g, `gradient of input ${i}`).not.toBeNull();
    expectMatches(g!, { shape: expected[i]!.shape, data: want }, `gradient of input ${i}`);
  });
}
