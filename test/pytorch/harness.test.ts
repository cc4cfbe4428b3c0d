/**
 * The fixture comparison must be able to fail: corrupt one expected number (value, gradient,
 * index, shape, NaN) in a copy of a real case and check that checkCase rejects it.
 */
import { describe, expect, it } from 'vitest';
import { RTOL, type FixtureNumber, type OpCase } from './fixtures.js';
import { checkCase, opCases } from './runners.js';

function findCase(group: string, name: string): OpCase {
  const c = opCases(group).find((k) => k.name === name);
  if (!c) throw new Error(`fixture case ${name} is missing`);
  return structuredClone(c);
}

const bump = (v: FixtureNumber | boolean, relative: number): number => (v as number) * (1 + relative) + relative;
/** 100× the harness's relative tolerance: 1e-8 when computing in float64, 1e-2 in float32. */
const OFF = 100 * RTOL;

describe('PyTorch fixture harness', () => {
  it('accepts the untouched cases used below', () => {
    checkCase(findCase('elementwise', 'mul broadcast [2,3] with [3]'));
    checkCase(findCase('reduction', 'max dim 1 with ties (first index gets the gradient)'));
    checkCase(findCase('join', 'split size 2 uneven (5 -> 2,2,1)'));
  });

  it('rejects a forward value off by 100× the tolerance', () => {
    const c = findCase('elementwise', 'mul broadcast [2,3] with [3]');
    c.outputs[0]!.data[4] = bump(c.outputs[0]!.data[4]!, OFF);
    expect(() => checkCase(c)).toThrow(/output 0: element 4/);
  });

  it('rejects a gradient off by 100× the tolerance, for either input', () => {
    for (const input of [0, 1]) {
      const c = findCase('elementwise', 'mul broadcast [2,3] with [3]');
      c.inputs[input]!.grad![1] = bump(c.inputs[input]!.grad![1]!, OFF);
      expect(() => checkCase(c)).toThrow(new RegExp(`gradient of input ${input}: element 1`));
    }
  });

  it('rejects a wrong index of max along a dim', () => {
    const c = findCase('reduction', 'max dim 1 with ties (first index gets the gradient)');
    c.outputs[1]!.data[0] = (c.outputs[1]!.data[0] as number) + 1;
    expect(() => checkCase(c)).toThrow(/output 1: element 0/);
  });

  it('rejects a gradient that went through the second of several outputs', () => {
    const c = findCase('join', 'split size 2 uneven (5 -> 2,2,1)');
    c.inputs[0]!.grad![9] = bump(c.inputs[0]!.grad![9]!, OFF);
    expect(() => checkCase(c)).toThrow(/gradient of input 0: element 9/);
  });

  it('rejects a wrong shape and a NaN where chainrule has a number', () => {
    const shaped = findCase('elementwise', 'mul broadcast [2,3] with [3]');
    shaped.outputs[0]!.shape = [3, 2];
    expect(() => checkCase(shaped)).toThrow(/output 0: shape/);
    const nan = findCase('elementwise', 'mul broadcast [2,3] with [3]');
    nan.outputs[0]!.data[0] = 'nan';
    expect(() => checkCase(nan)).toThrow(/output 0: element 0/);
  });
});
