/**
 * Bad arguments to the convolution and pooling ops and layers: each error names the op or layer,
 * the argument and the shapes or values, and is thrown before anything changes.
 */
import { describe, expect, it } from 'vitest';
import { DTypeError, Generator, ShapeError, ValueError, defaultGenerator, manualSeed, ones, randn, zeros } from '../../../src/index.js';
import { AdaptiveAvgPool2d, AvgPool2d, Conv1d, Conv2d, ConvTranspose2d, MaxPool2d } from '../../../src/nn/index.js';
import * as F from '../../../src/nn/functional/index.js';

const f64 = { dtype: 'float64' as const };

describe('convolution errors', () => {
  it('wrong channel counts', () => {
    const x = zeros([2, 3, 8, 8]);
    expect(() => F.conv2d(x, zeros([8, 4, 3, 3]))).toThrow(new ShapeError('conv2d', 'input has 3 channels but weight expects 4 (input [2,3,8,8], weight [8,4,3,3])'));
    expect(() => F.conv2d(x, zeros([8, 2, 3, 3]), null, { groups: 2 })).toThrow('conv2d: input has 3 channels but weight expects 4 (input [2,3,8,8], weight [8,2,3,3], groups=2)');
    expect(() => F.conv1d(zeros([1, 2, 5]), zeros([1, 3, 2]))).toThrow('conv1d: input has 2 channels but weight expects 3 (input [1,2,5], weight [1,3,2])');
    expect(() => F.convTranspose2d(x, zeros([4, 2, 3, 3]))).toThrow('convTranspose2d: input has 3 channels but weight expects 4 (input [2,3,8,8], weight [4,2,3,3])');
  });

  it('groups not dividing the channels', () => {
    expect(() => F.conv2d(zeros([1, 6, 4, 4]), zeros([4, 2, 3, 3]), null, { groups: 3 })).toThrow(
      new ValueError('conv2d', 'groups=3 must divide the 4 output channels of weight [4,2,3,3]'),
    );
    expect(() => F.convTranspose1d(zeros([1, 4, 4]), zeros([4, 1, 3]), null, { groups: 3 })).toThrow('convTranspose1d: groups=3 must divide the 4 input channels of weight [4,1,3]');
    expect(() => F.conv2d(zeros([1, 2, 4, 4]), zeros([2, 2, 3, 3]), null, { groups: 0 })).toThrow('conv2d: groups must be a positive integer, got 0');
    expect(() => new Conv2d(4, 6, 3, { groups: 4 })).toThrow(new ValueError('Conv2d', 'groups=4 must divide outChannels=6'));
    expect(() => new Conv2d(3, 6, 3, { groups: 2 })).toThrow('Conv2d: groups=2 must divide inChannels=3');
  });

  it('kernel larger than the padded input', () => {
    expect(() => F.conv2d(zeros([1, 1, 2, 2]), zeros([1, 1, 5, 5]), null, { padding: 1 })).toThrow(
      new ShapeError('conv2d', 'kernel size [5,5] is larger than the padded input size [4,4] (input [1,1,2,2], padding [1,1])'),
    );
    expect(() => F.conv1d(zeros([1, 1, 5]), zeros([1, 1, 3]), null, { dilation: 3 })).toThrow(
      'conv1d: kernel size [3] (dilated to [7]) is larger than the padded input size [5] (input [1,1,5], padding [0])',
    );
    expect(() => F.unfold(zeros([1, 1, 2, 3]), 3)).toThrow(ShapeError);
  });

  it('zero or negative stride, negative padding, zero dilation, non-integers', () => {
    const x = zeros([1, 1, 5, 5]);
    const w = zeros([1, 1, 3, 3]);
    expect(() => F.conv2d(x, w, null, { stride: 0 })).toThrow(new ValueError('conv2d', 'stride must be positive integers, got 0'));
    expect(() => F.conv2d(x, w, null, { stride: [1, -2] })).toThrow('conv2d: stride must be positive integers, got [1,-2]');
    expect(() => F.conv2d(x, w, null, { padding: -1 })).toThrow('conv2d: padding must be non-negative integers, got -1');
    expect(() => F.conv2d(x, w, null, { dilation: 0 })).toThrow('conv2d: dilation must be positive integers, got 0');
    expect(() => F.conv2d(x, w, null, { stride: 1.5 })).toThrow('conv2d: stride must be positive integers, got 1.5');
    expect(() => F.conv2d(x, w, null, { stride: [1, 1, 1] })).toThrow('conv2d: stride must have 2 values, got [1,1,1]');
    expect(() => F.maxPool2d(x, 2, { stride: 0 })).toThrow('maxPool2d: stride must be positive integers, got 0');
    expect(() => new Conv1d(1, 1, 3, { stride: -1 })).toThrow('Conv1d: stride must be a positive integer, got -1');
    expect(() => new MaxPool2d(0)).toThrow('MaxPool2d: kernelSize must be positive integers, got 0');
  });

  it("padding strings: 'same' only without stride, unknown strings rejected", () => {
    const x = zeros([1, 1, 5, 5]);
    const w = zeros([1, 1, 3, 3]);
    expect(() => F.conv2d(x, w, null, { padding: 'same', stride: 2 })).toThrow("conv2d: padding='same' is not supported for strided convolutions (stride [2,2])");
    expect(() => F.conv2d(x, w, null, { padding: 'full' as 'same' })).toThrow(`conv2d: padding must be a number, an array of 2 numbers, 'same' or 'valid', got "full"`);
    expect(() => new Conv2d(1, 1, 3, { padding: 'same', stride: 2 })).toThrow("Conv2d: padding='same' is not supported for strided convolutions");
    expect(() => new ConvTranspose2d(1, 1, 3, { padding: 'same' as unknown as number })).toThrow("ConvTranspose2d: padding must be a number or an array of 2 numbers ('same' and 'valid' are for Conv layers), got 'same'");
  });

  it('bad padding mode', () => {
    expect(() => new Conv2d(1, 1, 3, { paddingMode: 'mirror' as 'reflect' })).toThrow(
      new ValueError('Conv2d', `paddingMode must be one of 'zeros', 'reflect', 'replicate', 'circular', got "mirror"`),
    );
    expect(() => new ConvTranspose2d(1, 1, 3, { paddingMode: 'reflect' as 'zeros' })).toThrow("ConvTranspose2d: only paddingMode 'zeros' is supported, got 'reflect'");
  });

  it('outputPadding must be smaller than stride or dilation', () => {
    const x = zeros([1, 1, 3, 3]);
    const w = zeros([1, 1, 3, 3]);
    expect(() => F.convTranspose2d(x, w, null, { stride: 2, outputPadding: 2 })).toThrow(
      new ValueError('convTranspose2d', 'outputPadding [2,2] must be smaller than either stride [2,2] or dilation [1,1]'),
    );
    // smaller than the dilation is enough: (3 − 1)·1 + 3·(3 − 1) + 2 + 1 = 11
    expect(F.convTranspose2d(x, w, null, { stride: 1, dilation: 3, outputPadding: 2 }).shape).toEqual([1, 1, 11, 11]);
    expect(() => new ConvTranspose2d(1, 1, 3, { stride: [2, 1], outputPadding: [1, 1] })).toThrow('ConvTranspose2d: outputPadding [1,1] must be smaller than either stride [2,1] or dilation [1,1]');
  });

  it('ConvTranspose outputSize outside the reachable range', () => {
    const up = new ConvTranspose2d(1, 1, 3, { stride: 2, padding: 1 });
    expect(() => up.forward(zeros([1, 1, 4, 4]), [9, 7])).toThrow('ConvTranspose2d: requested outputSize [9,7], but valid sizes range from [7,7] to [8,8] for input [1,1,4,4]');
    expect(() => up.forward(zeros([1, 1, 4, 4]), [8])).toThrow('ConvTranspose2d: outputSize must have 2 or 4 values for input [1,1,4,4], got [8]');
  });

  it('a transposed conv whose output would be empty', () => {
    expect(() => F.convTranspose1d(zeros([1, 1, 1]), zeros([1, 1, 2]), null, { padding: 1 })).toThrow(
      'convTranspose1d: the output size [0] is not positive (input [1,1,1], weight [1,1,2], stride [1], padding [1])',
    );
  });

  it('wrong ranks, bias shapes and dtypes', () => {
    expect(() => F.conv2d(zeros([5, 5]), zeros([1, 1, 3, 3]))).toThrow(
      'conv2d: expected a 3-D (unbatched [C, H, W]) or 4-D (batched [N, C, H, W]) input, got shape [5,5]',
    );
    expect(() => F.conv2d(zeros([1, 1, 5, 5]), zeros([1, 3, 3]))).toThrow('conv2d: weight must be 4-D [outChannels, inChannels/groups, kH, kW], got shape [1,3,3]');
    expect(() => F.conv2d(zeros([1, 1, 5, 5]), zeros([2, 1, 3, 3]), zeros([3]))).toThrow('conv2d: bias must have shape [2] (one value per output channel), got [3]');
    expect(() => F.conv2d(zeros([1, 1, 5, 5], f64), zeros([1, 1, 3, 3]))).toThrow(
      new DTypeError('conv2d', 'weight is float32 (shape [1,1,3,3]) but input is float64 (shape [1,1,5,5]); convert one with .to()'),
    );
    expect(() => F.avgPool2d(zeros([2, 2], { dtype: 'int32' }), 2)).toThrow(DTypeError); // maxPool2d pools int32 (test/nn/parity/pool-int.test.ts)
  });
});

describe('pooling errors', () => {
  it('padding larger than half the kernel', () => {
    expect(() => F.maxPool2d(zeros([1, 1, 6, 6]), 3, { padding: 2 })).toThrow(new ValueError('maxPool2d', 'padding [2,2] must be at most half the kernel size [3,3]'));
    expect(() => F.avgPool1d(zeros([1, 1, 6]), 2, { padding: 2 })).toThrow('avgPool1d: padding [2] must be at most half the kernel size [2]');
    expect(() => new AvgPool2d(2, { padding: 2 })).toThrow('AvgPool2d: padding (2, 2) must be at most half the kernel size (2, 2)');
  });

  it('input too small for the window', () => {
    expect(() => F.maxPool2d(zeros([1, 1, 2, 5]), 3)).toThrow(
      new ShapeError('maxPool2d', 'input [1,1,2,5] is too small: kernelSize [3,3], stride [3,3], padding [0,0], dilation [1,1] give the output size [0,1]'),
    );
  });

  it('divisorOverride zero, bad adaptive sizes', () => {
    expect(() => F.avgPool2d(zeros([1, 1, 4, 4]), 2, { divisorOverride: 0 })).toThrow('avgPool2d: divisorOverride must be a non-zero integer, got 0');
    expect(() => new AvgPool2d(2, { divisorOverride: 1.5 })).toThrow('AvgPool2d: divisorOverride must be a non-zero integer, got 1.5');
    expect(() => F.adaptiveAvgPool2d(zeros([1, 1, 4, 4]), [0, 2])).toThrow('adaptiveAvgPool2d: outputSize must hold positive integers (or null), got [0,2]');
    expect(() => F.adaptiveAvgPool2d(zeros([1, 1, 4, 4]), [2, 2, 2])).toThrow('adaptiveAvgPool2d: outputSize must have 2 values, got [2,2,2]');
    expect(() => new AdaptiveAvgPool2d([2])).toThrow(ValueError);
  });
});

describe('fold errors', () => {
  it('block count and channel divisibility', () => {
    expect(() => F.fold(zeros([1, 8, 5]), [3, 3], 2)).toThrow(
      new ShapeError('fold', 'input [1,8,5] has 5 blocks but outputSize [3,3], kernelSize [2,2], dilation [1,1], padding [0,0], stride [1,1] give 4'),
    );
    expect(() => F.fold(zeros([1, 6, 4]), [3, 3], 2)).toThrow('fold: dim 1 of input [1,6,4] must be divisible by the kernel\'s 4 elements (kernelSize [2,2])');
    expect(() => F.fold(zeros([4]), [3, 3], 2)).toThrow('fold: expected a 2-D (unbatched [C·kH·kW, L]) or 3-D (batched [N, C·kH·kW, L]) input, got shape [4]');
  });
});

describe('nothing changes when an error is thrown', () => {
  it('a rejected layer construction draws nothing from the generator', () => {
    manualSeed(5);
    const before = defaultGenerator.getState();
    expect(() => new Conv2d(4, 6, 3, { groups: 4 })).toThrow();
    expect(() => new Conv2d(1, 1, 3, { padding: 'same', stride: 2 })).toThrow();
    expect(() => new ConvTranspose2d(1, 1, 3, { stride: 2, outputPadding: 3 })).toThrow();
    expect(defaultGenerator.getState()).toEqual(before);
    const gen = new Generator(9);
    const state = gen.getState();
    expect(() => new Conv2d(3, 3, 3, { paddingMode: 'bad' as 'zeros', generator: gen })).toThrow();
    expect(gen.getState()).toEqual(state);
  });

  it('a rejected forward leaves parameters and gradients alone', () => {
    const conv = new Conv2d(2, 2, 3, f64);
    const w = Array.from(conv.weight.toTypedArray());
    const x = randn([1, 3, 5, 5], f64).requiresGrad_(true);
    expect(() => conv.forward(x)).toThrow('conv2d: input has 3 channels but weight expects 2');
    expect(Array.from(conv.weight.toTypedArray())).toEqual(w);
    expect(conv.weight.grad).toBeNull();
    expect(x.grad).toBeNull();
    expect(conv.forward(ones([1, 2, 5, 5], f64)).shape).toEqual([1, 2, 3, 3]);
  });
});

describe('argument types', () => {
  it('sizes that are neither numbers nor arrays', () => {
    expect(() => F.maxPool2d(zeros([1, 1, 4, 4]), null as unknown as number)).toThrow('maxPool2d: kernelSize must be a number or an array of 2 numbers, got null');
    expect(() => new Conv2d(1, 1, '3' as unknown as number)).toThrow('Conv2d: kernelSize must be a number or an array of 2 numbers, got "3"');
    expect(() => F.conv2d(zeros([1, 1, 4, 4]), null as unknown as ReturnType<typeof zeros>)).toThrow('conv2d: weight must be a Tensor, got null');
  });
});
