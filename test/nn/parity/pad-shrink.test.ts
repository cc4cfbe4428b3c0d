/**
 * Padding modules, shrinkage activations and Fold/Unfold modules of the gap scan (PyTorch values
 * and gradients in test/pytorch/gap.test.ts, reprs in test/nn/core/reprs.test.ts): hand values,
 * gradcheck over random shapes, summary() rules and the errors.
 */
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ones, tensor, type Tensor } from '../../../src/index.js';
import {
  ConstantPad1d, Fold, Hardshrink, ReflectionPad1d, ReplicationPad1d, ReplicationPad2d, Softshrink, Tanhshrink, Unfold, ZeroPad2d, functional as F, summary,
} from '../../../src/nn/index.js';
import { shapes, tensors } from '../../../src/testing/index.js';
import { checkGradcheck } from '../../support/short-gradcheck.js';

const RUNS = { numRuns: 20 };
describe('padding, shrinkage and fold modules', () => {
  it('values by hand (the TSDoc examples)', () => {
    expect(new ZeroPad2d([1, 0, 0, 1]).forward(ones([1, 1, 1])).toArray()).toEqual([[[0, 1], [0, 0]]]);
    expect(new ConstantPad1d(1, 9).forward(tensor([[1]])).toArray()).toEqual([[9, 1, 9]]);
    expect(new ReflectionPad1d(1).forward(tensor([[1, 2, 3]])).toArray()).toEqual([[2, 1, 2, 3, 2]]);
    expect(new ReplicationPad1d([2, 0]).forward(tensor([[1, 2]])).toArray()).toEqual([[1, 1, 1, 2]]);
    expect(F.softshrink(tensor([-2, 0.25, 1])).toArray()).toEqual([-1.5, 0, 0.5]);
    expect(F.hardshrink(tensor([-2, 0.25, 1])).toArray()).toEqual([-2, 0, 1]);
    expect(new Softshrink(1).forward(tensor([3])).toArray()).toEqual([2]);
    expect(new Hardshrink().forward(tensor([0.25, 1])).toArray()).toEqual([0, 1]);
    expect(new Tanhshrink().forward(tensor([0])).toArray()).toEqual([0]);
    expect(new Unfold(2).forward(ones([1, 1, 3, 3])).shape).toEqual([1, 4, 4]);
    expect(new Fold([3, 3], 2).forward(ones([1, 4, 4])).toArray()).toEqual([[[[1, 2, 1], [2, 4, 2], [1, 2, 1]]]]);
  });
  it('gradcheck over random shapes', () => {
    const x = tensors({ shape: shapes({ minRank: 2, maxRank: 3, minSide: 2, maxSide: 4 }), layout: 'any', avoid: [-0.5, 0.5], margin: 0.05 });
    checkGradcheck({ input: x, f: (t: Tensor) => F.softshrink(t).add(F.hardshrink(t, 0.5)).add(F.tanhshrink(t)), ...RUNS });
    checkGradcheck({ input: x, f: (t: Tensor) => new ReplicationPad2d([1, 0, 2, 1]).forward(t), ...RUNS });
    checkGradcheck({ input: x, f: (t: Tensor) => new ReflectionPad1d([1, 1]).forward(t), ...RUNS });
    checkGradcheck({ input: x, f: (t: Tensor) => new ZeroPad2d(1).forward(t), ...RUNS });
    const img = fc.tuple(fc.integer({ min: 2, max: 4 }), fc.integer({ min: 2, max: 4 })).chain(([h, w]) => tensors({ shape: [1, 2, h, w], layout: 'any' }));
    checkGradcheck({ input: img, f: (t: Tensor) => new Fold([t.shape[2]!, t.shape[3]!], 2, { padding: 1 }).forward(new Unfold(2, { padding: 1 }).forward(t)), ...RUNS });
  });
  it('summary(): padding and fold move data (0), shrinkage counts one activation per output', () => {
    const rows = summary(new ZeroPad2d(1), [1, 2, 3]).rows;
    expect([rows[0]!.kind, rows[0]!.multiplications, rows[0]!.additions]).toEqual(['layer', 0, 0]);
    expect(summary(new Softshrink(), [2, 3]).rows[0]!.activations).toBe(6);
    expect(summary(new Unfold(2), [1, 1, 3, 3]).rows[0]!.kind).toBe('layer');
    // Fold([3, 3], 2) of [1, 4, 4]: positions receive [[1, 2, 1], [2, 4, 2], [1, 2, 1]] values, Σ(c − 1) = 16 − 9 = 7
    expect(summary(new Fold([3, 3], 2), [1, 4, 4]).rows[0]!.additions).toBe(7);
  });
  it('errors name the module or op', () => {
    expect(() => new ZeroPad2d([1, 2, 3])).toThrow(/^ZeroPad2d: padding must be a number or 4 numbers, got 3/);
    expect(() => new ConstantPad1d(1.5, 0)).toThrow(/^ConstantPad1d: padding\[0\]/);
    expect(() => new Softshrink(-1)).toThrow(/^Softshrink: lambd must be a non-negative number/);
    expect(() => F.hardshrink(tensor([1], { dtype: 'int32' }))).toThrow(/^hardshrink: input must be float32 or float64/);
    expect(() => new Unfold(2, { strides: 1 } as never)).toThrow(/Unfold/);
  });
});
