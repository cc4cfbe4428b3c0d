/**
 * Second derivatives (gradgradcheck, float64) of issue 10's composites: they have no backward of
 * their own, so higher-order gradients come from the primitives' VJPs; this checks it for one
 * representative call of each.
 */
import { describe, expect, it } from 'vitest';
import { Generator, gradgradcheck, randn, type Tensor } from '../../../src/index.js';
import { functional as F } from '../../../src/nn/index.js';

const leaf = (shape: number[], seed: number, shift = 0): Tensor =>
  randn(shape, { dtype: 'float64', generator: new Generator(seed) }).add(shift).detach().requiresGrad_(true);

const cases: [string, (...xs: Tensor[]) => Tensor, Tensor[]][] = [
  ['normalize', (x) => F.normalize(x!, { p: 3 }), [leaf([2, 3], 1)]],
  ['cosineSimilarity', (a, b) => F.cosineSimilarity(a!, b!), [leaf([2, 3], 2), leaf([2, 3], 3)]],
  ['pairwiseDistance', (a, b) => F.pairwiseDistance(a!, b!), [leaf([2, 3], 4), leaf([2, 3], 5, 3)]],
  ['interpolate bilinear', (x) => F.interpolate(x!, { size: [3, 4], mode: 'bilinear' }).pow(2), [leaf([1, 1, 2, 3], 6)]],
  ['groupNorm', (x, w) => F.groupNorm(x!, 2, { weight: w! }), [leaf([2, 4, 2], 7), leaf([4], 8)]],
  ['instanceNorm', (x) => F.instanceNorm(x!), [leaf([1, 2, 3], 9)]],
  ['rmsNorm', (x, w) => F.rmsNorm(x!, [3], { weight: w! }), [leaf([2, 3], 10), leaf([3], 11)]],
  ['huberLoss', (x, y) => F.huberLoss(x!, y!, { delta: 0.5 }), [leaf([4], 12), leaf([4], 13)]],
  ['klDiv', (x, y) => F.klDiv(x!, y!, { reduction: 'batchmean' }), [leaf([2, 3], 14), leaf([2, 3], 15).abs().add(0.1).detach().requiresGrad_(true)]],
  ['tripletMarginLoss', (a, p, n) => F.tripletMarginLoss(a!, p!, n!, { margin: 4 }), [leaf([2, 3], 16, 2), leaf([2, 3], 17), leaf([2, 3], 18, -2)]],
  ['conv3d', (x, w) => F.conv3d(x!, w!).pow(2), [leaf([1, 1, 2, 2, 3], 19), leaf([2, 1, 2, 1, 2], 20)]],
  ['convTranspose3d', (x, w) => F.convTranspose3d(x!, w!, null, { stride: 2 }).pow(2), [leaf([1, 1, 2, 1, 2], 21), leaf([1, 1, 2, 2, 1], 22)]],
  ['avgPool3d', (x) => F.avgPool3d(x!, 2, { padding: 1 }).pow(2), [leaf([1, 1, 2, 2, 3], 23)]],
  ['maxPool3d', (x) => F.maxPool3d(x!, 2).pow(2), [leaf([1, 1, 2, 2, 3], 24)]],
  ['adaptiveMaxPool2d', (x) => F.adaptiveMaxPool2d(x!, [2, 2]).pow(2), [leaf([1, 1, 3, 3], 25)]],
];

describe('gradgradcheck of the new composites', () => {
  for (const [name, f, inputs] of cases) {
    it(name, () => {
      expect(gradgradcheck(f, inputs).ok).toBe(true);
    });
  }
});
