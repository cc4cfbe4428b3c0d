/**
 * Bad input: each error names the layer or op, the argument and the shapes or values, and is
 * thrown before any state (running statistics, counters) changes.
 */
import { describe, expect, it } from 'vitest';
import { DTypeError, IndexError, ShapeError, ValueError, tensor, zeros } from '../../../src/index.js';
import {
  BatchNorm1d,
  BatchNorm2d,
  Bilinear,
  Dropout,
  Embedding,
  GELU,
  LayerNorm,
  Linear,
  functional as F,
} from '../../../src/nn/index.js';

const f64 = { dtype: 'float64' as const };
const int32 = { dtype: 'int32' as const };

describe('layer input checks', () => {
  it('Linear and Bilinear name the feature counts', () => {
    expect(() => new Linear(4, 3).forward(zeros([2, 5]))).toThrow(new ShapeError('Linear', 'expected input [..., 4] (inFeatures=4), got [2,5]'));
    expect(() => new Linear(4, 3).forward(zeros([]))).toThrow(ShapeError);
    expect(() => new Bilinear(2, 3, 1).forward(zeros([5, 2]), zeros([5, 2]))).toThrow(/Bilinear: expected inputs \[\.\.\., 2\] and \[\.\.\., 3\], got \[5,2\] and \[5,2\]/);
    expect(() => F.bilinear(zeros([5, 2]), zeros([4, 3]), zeros([1, 2, 3]))).toThrow(/bilinear: inputs must be .* same leading dims, got input1 \[5,2\], input2 \[4,3\]/);
    expect(() => F.linear(zeros([2, 3]), zeros([4, 3]), zeros([3]))).toThrow(/linear: bias must have shape \[4\] to match weight \[4,3\], got \[3\]/);
    expect(() => new Linear(4, 3).forward(zeros([2, 4], f64))).toThrow(
      new DTypeError('linear', "input is float64 [2,4] but weight is float32 [3,4]; convert the input with .to('float32')"),
    );
    const bn32 = new BatchNorm1d(2);
    expect(() => bn32.forward(zeros([3, 2], f64))).toThrow(/BatchNorm1d: input is float64 \[3,2\] but weight is float32 \[2\]/);
    expect(() => bn32.forward(zeros([3, 2], { dtype: 'int32' }))).toThrow(/BatchNorm1d: input must be float32 or float64, got int32/);
    expect(bn32.numBatchesTracked!.item()).toBe(0);
    expect(() => new Linear(-1, 3)).toThrow(new ValueError('Linear', 'inFeatures must be a non-negative integer, got -1'));
    expect(() => new Linear(2.5, 3)).toThrow(ValueError);
  });

  it('BatchNorm names channels and ranks and leaves its statistics alone', () => {
    const bn = new BatchNorm1d(3, f64);
    expect(() => bn.forward(zeros([4, 5], f64))).toThrow(new ShapeError('BatchNorm1d', 'input has 5 channels (dim 1 of [4,5]) but numFeatures is 3'));
    expect(() => bn.forward(zeros([4, 3, 2, 2], f64))).toThrow(/BatchNorm1d: expected 2-D or 3-D input \[N, C\] or \[N, C, L\], got 4-D input \[4,3,2,2\]/);
    expect(() => new BatchNorm2d(3).forward(zeros([4, 3]))).toThrow(/BatchNorm2d: expected 4-D input \[N, C, H, W\], got 2-D input \[4,3\]/);
    expect(() => bn.forward(zeros([1, 3], f64))).toThrow(/BatchNorm1d: expected more than 1 value per channel when training, got input \[1,3\]/);
    expect(bn.numBatchesTracked!.item()).toBe(0);
    expect(bn.runningMean!.toArray()).toEqual([0, 0, 0]);
    expect(bn.runningVar!.toArray()).toEqual([1, 1, 1]);
    // One sample is fine in eval mode (running statistics).
    expect(bn.eval().forward(zeros([1, 3], f64)).shape).toEqual([1, 3]);
    expect(() => new BatchNorm1d(3, { momentum: 1.5 })).toThrow(/BatchNorm1d: momentum must be in \[0, 1\] or null, got 1.5/);
    expect(() => F.batchNorm(zeros([2, 3]), zeros([2]), zeros([3]))).toThrow(/batchNorm: runningMean must have shape \[3\] for input \[2,3\] with 3 channels, got \[2\]/);
  });

  it('LayerNorm names the shapes', () => {
    expect(() => new LayerNorm([3, 4]).forward(zeros([2, 4, 3]))).toThrow(new ShapeError('LayerNorm', 'input [2,4,3] must end with normalizedShape [3,4]'));
    expect(() => new LayerNorm([])).toThrow(/LayerNorm: normalizedShape must have at least one dim/);
    expect(() => F.layerNorm(zeros([2, 3]), 3, { weight: zeros([2]) })).toThrow(/layerNorm: weight must have shape normalizedShape \[3\], got \[2\]/);
  });

  it('Embedding names indices, dtype and paddingIdx', () => {
    const emb = new Embedding(5, 2);
    expect(() => emb.forward(tensor([1, 5], int32))).toThrow(new IndexError('embedding', 'index 5 (at flat position 1 of indices [2]) is out of range for 5 embeddings'));
    expect(() => emb.forward(tensor([1, -1], int32))).toThrow(IndexError);
    expect(() => emb.forward(tensor([1, 2]))).toThrow(/embedding: indices must be an int32 tensor, got float32/);
    expect(() => new Embedding(5, 2, { paddingIdx: 5 })).toThrow(new IndexError('Embedding', 'paddingIdx=5 must be within [-5, 5) for 5 embeddings'));
  });

  it('activations validate their arguments', () => {
    expect(() => new GELU({ approximate: 'fast' as never })).toThrow(/GELU: approximate must be 'none' or 'tanh', got "fast"/);
  });
});

describe('dropout checks', () => {
  it('rejects p outside [0, 1]', () => {
    for (const p of [-0.1, 1.0001, 1.5, Number.NaN]) {
      expect(() => new Dropout(p)).toThrow(ValueError);
      expect(() => F.dropout(zeros([2]), { p })).toThrow(new ValueError('dropout', `dropout probability p must be in [0, 1], got ${p}`));
    }
  });
  it('rejects bad masks', () => {
    expect(() => F.dropout(zeros([2, 3]), { mask: tensor([1, 0]) })).toThrow(/dropout: mask of shape \[2\] does not broadcast to the input's shape \[2,3\]/);
    expect(() => F.dropout(zeros([2, 3]), { mask: tensor([[1], [0], [1]]) })).toThrow(ShapeError);
    expect(() => F.dropout(zeros([2]), { mask: tensor([1, 0.5]) })).toThrow(/dropout: mask must hold only 0 and 1, found 0.5 at flat position 1/);
    expect(() => F.dropout(zeros([2]), { mask: tensor([1, 0], f64) })).toThrow(DTypeError);
  });
});

describe('loss input checks', () => {
  const x = zeros([3, 4], f64);
  it('regression losses need equal shapes and dtypes', () => {
    expect(() => F.mseLoss(x, zeros([3, 1], f64))).toThrow(new ShapeError('mseLoss', 'target shape [3,1] must equal the input shape [3,4]'));
    expect(() => F.l1Loss(x, zeros([3, 4]))).toThrow(/l1Loss: target is float32 but input is float64/);
    expect(() => F.mseLoss(x, x, { reduction: 'avg' as never })).toThrow(/mseLoss: reduction must be 'mean', 'sum' or 'none', got "avg"/);
  });
  it('nllLoss and crossEntropy check targets, weights and smoothing', () => {
    expect(() => F.crossEntropy(x, tensor([0, 4, 1], int32))).toThrow(new IndexError('crossEntropy', 'target 4 (at flat position 1) is out of range for 4 classes (ignoreIndex=-100)'));
    expect(() => F.nllLoss(x, tensor([0, 1], int32))).toThrow(/nllLoss: target shape \[2\] must be \[3\] for input \[3,4\] \(class dim 1\)/);
    expect(() => F.nllLoss(x, tensor([0, 1.5, 2]))).toThrow(/nllLoss: class-index target must hold whole numbers, got 1.5 at flat position 1/);
    expect(() => F.nllLoss(x, tensor([true, false, true]))).toThrow(/nllLoss: class-index target must be an int32 tensor \(or a float tensor of whole numbers\), got bool/);
    expect(() => F.crossEntropy(x, tensor([0, 1, 2], int32), { weight: zeros([3], f64) })).toThrow(/crossEntropy: weight must have shape \[4\] \(one per class of input \[3,4\]\), got \[3\]/);
    expect(() => F.crossEntropy(x, tensor([0, 1, 2], int32), { labelSmoothing: 1.5 })).toThrow(/crossEntropy: labelSmoothing must be in \[0, 1\], got 1.5/);
    expect(() => F.crossEntropy(x, zeros([3, 3], f64))).toThrow(/crossEntropy: a probability target must have the input's shape \[3,4\], got \[3,3\]/);
  });
  it('binary cross-entropy checks the probability range and weights', () => {
    expect(() => F.binaryCrossEntropy(tensor([0.5, 1.5], f64), tensor([0, 1], f64))).toThrow(new ValueError('binaryCrossEntropy', 'all elements of input must be in [0, 1], found 1.5 at flat position 1 (input [2])'));
    expect(() => F.binaryCrossEntropyWithLogits(x, x, { posWeight: zeros([3], f64) })).toThrow(/binaryCrossEntropyWithLogits: posWeight of shape \[3\] does not broadcast to the input's shape \[3,4\]/);
    expect(() => F.binaryCrossEntropyWithLogits(x, x, { weight: zeros([2, 3, 4], f64) })).toThrow(/weight of shape \[2,3,4\] does not broadcast to the input's shape \[3,4\]/);
  });
});
