/**
 * issue 10's nn.functional ops on values small enough to derive by hand (the numbers in their
 * TSDoc examples among them), and their errors: each names the op, the argument and the shapes.
 */
import { describe, expect, it } from 'vitest';
import { DTypeError, IndexError, ShapeError, ValueError, arange, tensor } from '../../../src/index.js';
import { functional as F } from '../../../src/nn/index.js';

const close = (actual: number[] | number, expected: number[] | number): void => {
  const a = [actual].flat(4) as number[];
  const e = [expected].flat(4) as number[];
  expect(a.length).toBe(e.length);
  a.forEach((v, i) => expect(v).toBeCloseTo(e[i]!, 6));
};

describe('hand-derived values', () => {
  it('normalize: [3, 4] / 5; a zero row stays 0 with gradient g/eps', () => {
    close(F.normalize(tensor([[3, 4]])).toArray() as number[][] as never, [0.6, 0.8]);
    close(F.normalize(tensor([[3, -4]]), { p: 1 }).toArray() as never, [3 / 7, -4 / 7]);
    close(F.normalize(tensor([[3, -4]]), { p: Infinity }).toArray() as never, [0.75, -1]);
    const z = tensor([[0, 0]], { dtype: 'float64' }).requiresGrad_(true);
    F.normalize(z, { eps: 0.5 }).sum().backward();
    close(z.grad!.toArray() as never, [2, 2]); // y = x / max(0, 0.5), dy/dx = 2, the norm's gradient 0
  });
  it('cosineSimilarity and pairwiseDistance', () => {
    close(F.cosineSimilarity(tensor([[1, 0]]), tensor([[1, 1]])).toArray() as never, [Math.SQRT1_2]);
    close(F.pairwiseDistance(tensor([[0, 0]]), tensor([[3, 4]]), { eps: 0 }).toArray() as never, [5]);
    close(F.pairwiseDistance(tensor([[0, 0]]), tensor([[3, 4]]), { eps: 0, p: 1, keepdim: true }).toArray() as never, [7]);
  });
  it('oneHot of int32 and whole-number float indices', () => {
    expect(F.oneHot(tensor([0, 2])).toArray()).toEqual([[1, 0, 0], [0, 0, 1]]);
    expect(F.oneHot(tensor([1], { dtype: 'int32' }), 3).toArray()).toEqual([[0, 1, 0]]);
    expect(F.oneHot(arange(2), 2).dtype).toBe('int32');
    expect(F.oneHot(tensor([], { dtype: 'int32' }), 2).shape).toEqual([0, 2]);
  });
  it('interpolate: nearest doubles, linear with aligned corners', () => {
    expect(F.interpolate(tensor([[[1, 2]]]), { scaleFactor: 2 }).toArray()).toEqual([[[1, 1, 2, 2]]]);
    expect(F.interpolate(tensor([[[1, 2]]]), { size: 3, mode: 'linear', alignCorners: true }).toArray()).toEqual([[[1, 1.5, 2]]]);
    // centres aligned: out i samples (i + ½)·½ − ½ → −¼ (clamped to 0), ¼, ¾, 1¼ (index 1 only)
    expect(F.interpolate(tensor([[[0, 4]]]), { size: 4, mode: 'linear' }).toArray()).toEqual([[[0, 1, 3, 4]]]);
    // a scale factor that keeps the size: nearest samples floor(i / 1.3) = 0, 0, 1 (as PyTorch's forward),
    // linear copies the dim (as PyTorch); the gradient is the VJP of that forward
    const x = tensor([[[0, 1, 2]]]).requiresGrad_(true);
    const y = F.interpolate(x, { scaleFactor: 1.3 });
    expect(y.toArray()).toEqual([[[0, 0, 1]]]);
    y.mul(tensor([[[1, 10, 100]]])).sum().backward();
    expect(x.grad!.toArray()).toEqual([[[11, 100, 0]]]);
    expect(F.interpolate(tensor([[[0, 1, 2]]]), { scaleFactor: 1.3, mode: 'linear' }).toArray()).toEqual([[[0, 1, 2]]]);
  });
  it('pixelShuffle / pixelUnshuffle place channel c·r² + i·r + j at pixel (i, j)', () => {
    expect(F.pixelShuffle(arange(4).reshape(1, 4, 1, 1), 2).toArray()).toEqual([[[[0, 1], [2, 3]]]]);
    expect(F.pixelUnshuffle(arange(4).reshape(1, 1, 2, 2), 2).reshape(-1).toArray()).toEqual([0, 1, 2, 3]);
  });
  it('rmsNorm: x / √mean(x²)', () => {
    close(F.rmsNorm(tensor([[3, 4]]), [2], { eps: 0 }).toArray() as never, [3 / Math.sqrt(12.5), 4 / Math.sqrt(12.5)]);
  });
  it('groupNorm / instanceNorm of [1, 3] over 2 elements give ∓1 (eps 0)', () => {
    close(F.groupNorm(tensor([[[1], [3]]]), 1, { eps: 0 }).toArray() as never, [-1, 1]);
    close(F.instanceNorm(tensor([[[1, 3]]]), { eps: 0 }).toArray() as never, [-1, 1]);
  });
  it('losses', () => {
    close(F.smoothL1Loss(tensor([0.5, 3]), tensor([0, 0]), { reduction: 'none' }).toArray() as never, [0.125, 2.5]);
    close(F.huberLoss(tensor([0.5, 3]), tensor([0, 0]), { delta: 2, reduction: 'none' }).toArray() as never, [0.125, 4]);
    // Σ p log(p/q) with p = (½, ½), q = (¼, ¾)
    close(F.klDiv(tensor([0.25, 0.75]).log(), tensor([0.5, 0.5]), { reduction: 'sum' }).item(), 0.5 * Math.log(2) + 0.5 * Math.log(2 / 3));
    close(F.klDiv(tensor([[0, 0], [0, 0]]), tensor([[1, 0], [1, 0]]), { reduction: 'batchmean' }).item(), 0);
    close(F.tripletMarginLoss(tensor([[0, 0]]), tensor([[0, 1]]), tensor([[0, 3]]), { margin: 3, eps: 0 }).item(), 1);
  });
});

describe('errors name the op and the argument', () => {
  it('rejects bad arguments before computing', () => {
    const x = tensor([[1, 2], [3, 4]]);
    expect(() => F.normalize(x, { p: 0 })).toThrow(ValueError);
    expect(() => F.normalize(x, { p: -1 })).toThrow(/normalize: p must be a positive number/);
    expect(() => F.normalize(x, { dim: 2 })).toThrow(IndexError);
    expect(() => F.normalize(tensor(3))).toThrow(/normalize: input must have at least 1 dim/);
    expect(() => F.cosineSimilarity(x, tensor([[1, 2]], { dtype: 'float64' }))).toThrow(DTypeError);
    expect(() => F.cosineSimilarity(x, tensor([1, 2, 3]))).toThrow(ShapeError);
    expect(() => F.pairwiseDistance(x, tensor([[1, 2]], { dtype: 'int32' }))).toThrow(/pairwiseDistance: x2 must be float32 or float64/);
    expect(() => F.oneHot(tensor([0.5]))).toThrow(/oneHot: class indices must be whole numbers, got 0.5/);
    expect(() => F.oneHot(tensor([3]), 3)).toThrow(IndexError);
    expect(() => F.oneHot(tensor([-1]))).toThrow(/oneHot: class indices must be non-negative/);
    expect(() => F.oneHot(tensor([true]))).toThrow(DTypeError);
    expect(() => F.oneHot(tensor([], { dtype: 'int32' }))).toThrow(/oneHot: cannot infer numClasses/);
    expect(() => F.pixelShuffle(tensor([[[1]], [[2]]]), 2)).toThrow(/pixelShuffle: input must be \[\*, C·r², H, W\]/);
    expect(() => F.pixelUnshuffle(tensor([[[1, 2, 3]]]), 2)).toThrow(ShapeError);
    expect(() => F.pixelShuffle(x.reshape(1, 2, 2), 0)).toThrow(/upscaleFactor must be a positive integer/);
  });
  it('interpolate', () => {
    const x = tensor([[[1, 2]]]);
    expect(() => F.interpolate(x)).toThrow(/interpolate: give exactly one of size and scaleFactor/);
    expect(() => F.interpolate(x, { size: 2, scaleFactor: 2 })).toThrow(ValueError);
    expect(() => F.interpolate(x, { size: 2, mode: 'bilinear' })).toThrow(/mode 'bilinear' needs a 4-D input, got \[1, 2\]|mode 'bilinear' needs a 4-D input/);
    expect(() => F.interpolate(x, { size: 2, alignCorners: true })).toThrow(/alignCorners can only be set with the linear modes/);
    expect(() => F.interpolate(x, { size: [2, 2] })).toThrow(/size must be a positive number or 1 of them/);
    expect(() => F.interpolate(x, { size: 2, mode: 'cubic' as never })).toThrow(/mode must be/);
    expect(() => F.interpolate(tensor([1, 2]), { size: 2 })).toThrow(ShapeError);
    expect(() => F.interpolate(x, { scaleFactor: 0.1 })).toThrow(/output spatial sizes must be positive/);
  });
  it('normalizations', () => {
    const x = tensor([[[1, 2], [3, 4], [5, 6]]]);
    expect(() => F.groupNorm(x, 2)).toThrow(/groupNorm: numGroups must be a positive integer dividing the 3 channels/);
    expect(() => F.groupNorm(x, 3, { weight: tensor([1, 2]) })).toThrow(/groupNorm: weight must have shape \[3\]/);
    expect(() => F.groupNorm(tensor([1, 2]), 1)).toThrow(ShapeError);
    expect(() => F.instanceNorm(tensor([[1, 2]]))).toThrow(/instanceNorm: input must have at least 3 dims/);
    expect(() => F.instanceNorm(tensor([[[1], [2]]]))).toThrow(/instanceNorm: expected more than 1 spatial element/);
    expect(() => F.instanceNorm(x, { useInputStats: false })).toThrow(/runningMean and runningVar are required/);
    expect(() => F.rmsNorm(x, [3])).toThrow(/rmsNorm: input \[1,3,2\] must end with normalizedShape \[3\]/);
    expect(() => F.rmsNorm(x, [2], { weight: tensor([1, 2], { dtype: 'float64' }) })).toThrow(DTypeError);
  });
  it('losses', () => {
    const x = tensor([1, 2]);
    expect(() => F.smoothL1Loss(x, tensor([1, 2, 3]))).toThrow(/smoothL1Loss: target shape \[3\] must equal the input shape \[2\]/);
    expect(() => F.smoothL1Loss(x, x, { beta: -1 })).toThrow(/smoothL1Loss: beta must be a finite non-negative number/);
    expect(() => F.huberLoss(x, x, { delta: 0 })).toThrow(/huberLoss: delta must be positive/);
    expect(() => F.huberLoss(x, x, { reduction: 'avg' as never })).toThrow(/huberLoss: reduction must be/);
    expect(() => F.klDiv(x, x, { reduction: 'avg' as never })).toThrow(/klDiv: reduction must be 'mean', 'batchmean', 'sum' or 'none'/);
    expect(() => F.tripletMarginLoss(x, x, tensor([[1, 2]]))).toThrow(/tripletMarginLoss: anchor, positive and negative must all be \[D\] or \[N, D\]/);
    expect(() => F.tripletMarginLoss(x, x, x, { p: 0 })).toThrow(/tripletMarginLoss: p must be a positive number/);
  });
});
