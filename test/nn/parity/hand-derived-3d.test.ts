/**
 * The 3-D convolutions and poolings, adaptive max pooling and max unpooling on values derived by
 * hand (the TSDoc examples among them), and their errors.
 */
import { describe, expect, it } from 'vitest';
import { DTypeError, IndexError, ShapeError, ValueError, arange, ones, randn, tensor } from '../../../src/index.js';
import { AvgPool3d, Conv3d, ConvTranspose3d, MaxPool3d, MaxUnpool2d, functional as F } from '../../../src/nn/index.js';

describe('hand-derived values', () => {
  it('conv3d sums each box times the kernel', () => {
    // all-ones 2×2×2 input and kernel: one output, 8; with bias 1: 9
    expect(F.conv3d(ones([1, 1, 2, 2, 2]), ones([1, 1, 2, 2, 2]), tensor([1])).toArray()).toEqual([[[[[9]]]]]);
    // a depth-only kernel [1, 10]: out[d] = x[d] + 10·x[d + 1] along depth
    const x = arange(3).reshape(1, 1, 3, 1, 1);
    expect(F.conv3d(x, tensor([1, 10]).reshape(1, 1, 2, 1, 1)).reshape(-1).toArray()).toEqual([10, 21]);
    expect(F.conv3d(randn([1, 2, 5, 6, 6]), randn([4, 2, 3, 3, 3]), null, { padding: 1 }).shape).toEqual([1, 4, 5, 6, 6]);
  });
  it('convTranspose3d spreads each input value times the kernel', () => {
    // a single input 2 gives 2·weight; stride 2 in depth places two inputs' kernels apart
    const w = arange(8).reshape(1, 1, 2, 2, 2);
    expect(F.convTranspose3d(tensor(2).reshape(1, 1, 1, 1, 1), w).reshape(-1).toArray()).toEqual([0, 2, 4, 6, 8, 10, 12, 14]);
    const y = F.convTranspose3d(tensor([1, 100]).reshape(1, 1, 2, 1, 1), tensor([1, 2]).reshape(1, 1, 2, 1, 1), null, { stride: [3, 1, 1] });
    expect(y.reshape(-1).toArray()).toEqual([1, 2, 0, 100, 200]);
    expect(F.convTranspose3d(randn([1, 4, 3, 3, 3]), randn([4, 2, 2, 2, 2]), null, { stride: 2 }).shape).toEqual([1, 2, 6, 6, 6]);
  });
  it('maxPool3d and avgPool3d over a 2×2×2 box', () => {
    const x = arange(8).reshape(1, 1, 2, 2, 2);
    expect(F.maxPool3d(x, 2).reshape(-1).toArray()).toEqual([7]);
    expect(F.avgPool3d(x, 2).reshape(-1).toArray()).toEqual([3.5]);
    expect(F.avgPool3d(x, 2, { divisorOverride: 4 }).reshape(-1).toArray()).toEqual([7]);
    // padding 1, countIncludePad false: the corner window [-1, 1)³ holds only x[0, 0, 0] = 0
    expect(F.avgPool3d(x, 2, { padding: 1, countIncludePad: false }).reshape(-1).toTypedArray()[0]).toBe(0);
    expect(F.avgPool3d(ones([1, 1, 2, 2, 2]), 2).reshape(-1).toArray()).toEqual([1]);
  });
  it('adaptiveMaxPool1d/2d: overlapping windows, indices', () => {
    expect(F.adaptiveMaxPool1d(tensor([[1, 5, 2, 4, 3]]), 2).toArray()).toEqual([[5, 4]]);
    const { values, indices } = F.adaptiveMaxPool1d(tensor([[1, 5, 2, 4, 3]]), 2, { returnIndices: true });
    expect([values.toArray(), indices.toArray(), indices.dtype]).toEqual([[[5, 4]], [[1, 3]], 'int32']);
    const m = F.adaptiveMaxPool2d(tensor([[[1, 2], [3, 4]]]), 1, { returnIndices: true });
    expect([m.values.toArray(), m.indices.toArray()]).toEqual([[[[4]]], [[[3]]]]);
    expect(F.adaptiveMaxPool2d(randn([1, 3, 7, 9]), [2, null]).shape).toEqual([1, 3, 2, 9]);
  });
  it('maxUnpool1d/2d put the maxima back; a shared index is written once', () => {
    const { values, indices } = F.maxPool1d(tensor([[1, 3, 2, 0]]), 2, { returnIndices: true });
    expect(F.maxUnpool1d(values, indices, 2).toArray()).toEqual([[0, 3, 2, 0]]);
    // stride-1 windows [1, 3], [3, 2] both pick index 1: the unpooled signal holds 3 once
    const overlap = F.maxPool1d(tensor([[1, 3, 2]]), 2, { stride: 1, returnIndices: true });
    const x = overlap.values.detach().requiresGrad_(true);
    const y = F.maxUnpool1d(x, overlap.indices, 2, { stride: 1 });
    expect(y.toArray()).toEqual([[0, 3, 0]]);
    y.mul(tensor([[1, 10, 100]])).sum().backward();
    expect(x.grad!.toArray()).toEqual([[10, 10]]); // each copy gets the gradient at its index, as PyTorch
  });
});

describe('errors name the op and the argument', () => {
  it('conv3d / convTranspose3d', () => {
    expect(F.conv3d(randn([2, 3, 3, 3]), randn([1, 2, 1, 1, 1])).shape).toEqual([1, 3, 3, 3]); // unbatched
    expect(() => F.conv3d(randn([2, 3, 3]), randn([1, 2, 1, 1, 1]))).toThrow(/conv3d: expected a 4-D \(unbatched \[C, D, H, W\]\) or 5-D/);
    expect(() => F.conv3d(randn([1, 2, 3, 3, 3]), randn([1, 2, 1, 1]))).toThrow(/conv3d: weight must be 5-D/);
    expect(() => F.conv3d(randn([1, 3, 3, 3, 3]), randn([1, 2, 1, 1, 1]))).toThrow(/conv3d: input has 3 channels but weight expects 2/);
    expect(() => F.conv3d(randn([1, 2, 3, 3, 3]), randn([1, 2, 1, 1, 1]), tensor([1, 2]))).toThrow(/conv3d: bias must have shape \[1\]/);
    expect(() => F.conv3d(randn([1, 2, 3, 3, 3]), randn([3, 1, 1, 1, 1]), null, { groups: 2 })).toThrow(/groups=2 must divide the 3 output channels/);
    expect(() => F.conv3d(randn([1, 2, 2, 3, 3]), randn([1, 2, 3, 1, 1]))).toThrow(ShapeError);
    expect(() => F.conv3d(randn([1, 2, 3, 3, 3]), randn([1, 2, 1, 1, 1], { dtype: 'float64' }))).toThrow(DTypeError);
    expect(() => F.conv3d(randn([1, 2, 3, 3, 3]), randn([1, 2, 1, 1, 1]), null, { stride: [1, 1] })).toThrow(/conv3d: stride must have 3 values/);
    expect(() => F.convTranspose3d(randn([1, 2, 3, 3, 3]), randn([2, 1, 1, 1, 1]), null, { outputPadding: 1 })).toThrow(/convTranspose3d: outputPadding/);
    expect(() => F.convTranspose3d(randn([1, 3, 3, 3, 3]), randn([2, 1, 1, 1, 1]))).toThrow(/convTranspose3d: input has 3 channels but weight expects 2/);
  });
  it('poolings and unpooling', () => {
    const x = randn([1, 1, 4, 4, 4]);
    expect(() => F.maxPool3d(x, 2, { padding: 2 })).toThrow(/maxPool3d: padding \[2,2,2\] must be at most half the kernel size/);
    expect(() => F.maxPool3d(randn([4, 4, 4]), 2)).toThrow(/maxPool3d: expected a 4-D/);
    // returnIndices is supported since session 18 (test/nn/parity-s18.test.ts); a non-boolean is refused
    expect(() => F.maxPool3d(x, 2, { returnIndices: 1 } as never)).toThrow(/maxPool3d: returnIndices must be true or false, got 1/);
    expect(() => F.avgPool3d(x, 5)).toThrow(/avgPool3d: input \[1,1,4,4,4\] is too small/);
    expect(() => F.avgPool3d(x, 2, { divisorOverride: 0 })).toThrow(/avgPool3d: divisorOverride must be a non-zero integer/);
    expect(() => F.adaptiveMaxPool2d(randn([1, 2, 3, 3]), [0, 1])).toThrow(/adaptiveMaxPool2d: outputSize must hold positive integers/);
    expect(() => F.adaptiveMaxPool1d(randn([1, 2, 3]), [1, 1] as never)).toThrow(/adaptiveMaxPool1d: outputSize must have 1 value/);
    expect(() => F.adaptiveMaxPool2d(randn([3, 3]), 1)).toThrow(ShapeError);
    const { values, indices } = F.maxPool2d(randn([1, 1, 4, 4]), 2, { returnIndices: true });
    expect(() => F.maxUnpool2d(values, indices.to('float32'), 2)).toThrow(/maxUnpool2d: indices must be int32/);
    expect(() => F.maxUnpool2d(values, indices.reshape(1, 1, 4), 2)).toThrow(/maxUnpool2d: indices \[1,1,4\] must have the input's shape/);
    expect(() => F.maxUnpool2d(values, indices, 2, { outputSize: [9, 9] })).toThrow(/maxUnpool2d: outputSize \[9,9\] must be within a stride of the default \[4,4\]/);
    expect(() => F.maxUnpool2d(values, tensor([[[[0, 1], [2, 16]]]], { dtype: 'int32' }), 2)).toThrow(IndexError);
  });
  it('modules', () => {
    expect(() => new Conv3d(2, 4, 3, { paddingMode: 'reflect' as never })).toThrow(/Conv3d: only paddingMode 'zeros' is supported/);
    expect(() => new Conv3d(3, 4, 3, { groups: 2 })).toThrow(/Conv3d: groups=2 must divide inChannels=3/);
    expect(() => new Conv3d(2, 4, 3, { stride: 2, padding: 'same' })).toThrow(/padding='same' is not supported for strided/);
    expect(() => new ConvTranspose3d(2, 4, 3, { padding: 'same' })).toThrow(/ConvTranspose3d: padding must be a number/);
    expect(() => new ConvTranspose3d(2, 4, 3, { outputPadding: 1 })).toThrow(ValueError);
    expect(() => new MaxPool3d(2, { padding: 2 })).toThrow(/MaxPool3d: padding \(2, 2, 2\) must be at most half/);
    expect(() => new AvgPool3d(2, { divisorOverride: 0.5 })).toThrow(/AvgPool3d: divisorOverride must be a non-zero integer/);
    const conv = new Conv3d(2, 4, [3, 1, 1], { bias: false });
    expect(conv.namedParameters().map(([n, p]) => [n, p.shape])).toEqual([['weight', [4, 2, 3, 1, 1]]]);
    expect(String(new ConvTranspose3d(4, 2, 2, { stride: 2 }))).toBe('ConvTranspose3d(4, 2, kernel_size=(2, 2, 2), stride=(2, 2, 2))');
    expect(new MaxUnpool2d(2).forward(...Object.values(F.maxPool2d(randn([1, 1, 4, 4]), 2, { returnIndices: true })) as [never, never]).shape).toEqual([1, 1, 4, 4]);
  });
});
