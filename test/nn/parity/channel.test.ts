/**
 * Channel layers of the gap scan (PyTorch values in test/pytorch/gap.test.ts, reprs in
 * test/nn/core/reprs.test.ts): channel dropout's mask structure and scale, channel shuffle and
 * Softmax2d gradchecks, BatchNorm3d shapes, summary() rules, errors.
 */
import { describe, expect, it } from 'vitest';
import { Generator, arange, ones, randn, tensor, zeros, type Tensor } from '../../../src/index.js';
import { BatchNorm3d, ChannelShuffle, Dropout1d, Dropout2d, Softmax2d, functional as F, summary } from '../../../src/nn/index.js';
import { tensors } from '../../../src/testing/index.js';
import { checkGradcheck } from '../../support/short-gradcheck.js';

describe('channel layers', () => {
  it('channel dropout zeroes whole channels and scales the rest by 1/(1 − p); identity in eval', () => {
    const y = F.dropout2d(ones([4, 8, 3, 3]), { p: 0.5, generator: new Generator(7) });
    const planes = (y.reshape([32, 9]).toArray() as number[][]).map((row) => new Set(row));
    expect(planes.every((s) => s.size === 1 && (s.has(0) || s.has(2)))).toBe(true);
    const dropped = planes.filter((s) => s.has(0)).length;
    expect(dropped).toBeGreaterThan(4); // 32 channels at p = 0.5: 16 ± 2.8 expected
    expect(dropped).toBeLessThan(28);
    expect(new Dropout1d(0.2).eval().forward(ones([1, 2, 3])).sum().item()).toBe(6);
    const x = tensor([[[1, 2]]], { dtype: 'float64', requiresGrad: true });
    F.dropout1d(x, { p: 0.5, generator: new Generator(1) }).sum().backward();
    expect(new Set(Array.from(x.grad!.toTypedArray()))).toSatisfy((s: Set<number>) => s.size === 1 && (s.has(0) || s.has(2)));
  });
  it('channelShuffle and Softmax2d: values by hand and gradcheck', () => {
    expect(F.channelShuffle(arange(4).reshape([1, 4, 1]), 2).reshape([-1]).toArray()).toEqual([0, 2, 1, 3]);
    expect(new ChannelShuffle(2).forward(arange(6).reshape([1, 6, 1])).reshape([-1]).toArray()).toEqual([0, 3, 1, 4, 2, 5]);
    expect(new Softmax2d().forward(zeros([1, 2, 1, 1])).reshape([-1]).toArray()).toEqual([0.5, 0.5]);
    checkGradcheck({ input: tensors({ shape: [2, 6, 2], layout: 'any' }), f: (t: Tensor) => F.channelShuffle(t, 3), numRuns: 10 });
    checkGradcheck({ input: tensors({ shape: [2, 3, 2, 2], layout: 'any' }), f: (t: Tensor) => new Softmax2d().forward(t), numRuns: 10 });
  });
  it('BatchNorm3d normalizes [N, C, D, H, W] per channel; refuses other ranks', () => {
    const y = new BatchNorm3d(2).forward(randn([2, 2, 2, 2, 2], { dtype: 'float32' }));
    expect(y.shape).toEqual([2, 2, 2, 2, 2]);
    expect(Math.abs(y.select(1, 0).mean().item())).toBeLessThan(1e-6);
    expect(() => new BatchNorm3d(2).forward(ones([2, 2, 2, 2]))).toThrow(/BatchNorm3d/);
  });
  it('summary(): channel dropout in training multiplies every element; shuffle is free; Softmax2d is activations', () => {
    expect(summary(new Dropout2d(), [1, 2, 2, 2]).rows[0]!.multiplications).toBe(8);
    expect(summary(new Dropout2d().eval(), [1, 2, 2, 2]).rows[0]!.multiplications).toBe(0);
    expect(summary(new ChannelShuffle(2), [1, 2, 2]).rows[0]!.kind).toBe('layer');
    expect(summary(new Softmax2d(), [1, 2, 2, 2]).rows[0]!.activations).toBe(8);
  });
  it('errors name the op', () => {
    expect(() => F.channelShuffle(ones([1, 3, 2]), 2)).toThrow(/^channelShuffle: the channel count 3 must be divisible by groups=2/);
    expect(() => F.dropout2d(ones([2, 2]))).toThrow(/^dropout2d: expected a 3-D \(unbatched\) or 4-D \(batched\) input/);
    expect(() => new Dropout2d(1.5)).toThrow(/Dropout2d/);
    expect(() => new Softmax2d().forward(ones([2, 2]))).toThrow(/^Softmax2d: expected a 3-D or 4-D input/);
  });
});
