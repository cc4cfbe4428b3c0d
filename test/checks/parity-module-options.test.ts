/**
 * The modules issue 10 added reject misspelled and snake_case option keys, naming the camelCase
 * key meant, and non-boolean flags, as every older layer does (issue 12's option checks).
 */
import { describe, expect, it } from 'vitest';
import * as nn from '../../src/nn/index.js';

type Any = any; // eslint-disable-line @typescript-eslint/no-explicit-any
const cases: [string, () => unknown, RegExp][] = [
  ['SmoothL1Loss', () => new nn.SmoothL1Loss({ betta: 2 } as Any), /SmoothL1Loss: unknown option 'betta' \(did you mean 'beta'\?\)/],
  ['KLDivLoss', () => new nn.KLDivLoss({ log_target: true } as Any), /KLDivLoss: unknown option 'log_target' \(did you mean 'logTarget'\?\)/],
  ['KLDivLoss flag', () => new nn.KLDivLoss({ logTarget: 'no' } as Any), /KLDivLoss: logTarget must be true or false/],
  ['GroupNorm', () => new nn.GroupNorm(2, 4, { epsilon: 1 } as Any), /GroupNorm: unknown option 'epsilon'/],
  ['RMSNorm', () => new nn.RMSNorm(3, { elementwise_affine: false } as Any), /RMSNorm: unknown option 'elementwise_affine' \(did you mean 'elementwiseAffine'\?\)/],
  ['InstanceNorm2d', () => new nn.InstanceNorm2d(3, { track_running_stats: true } as Any), /InstanceNorm2d: unknown option 'track_running_stats'/],
  ['Conv3d', () => new nn.Conv3d(1, 1, 3, { strides: 2 } as Any), /Conv3d: unknown option 'strides' \(did you mean 'stride'\?\)/],
  ['MaxPool3d', () => new nn.MaxPool3d(2, { ceil_mode: true } as Any), /MaxPool3d: unknown option 'ceil_mode' \(did you mean 'ceilMode'\?\)/],
  ['AdaptiveMaxPool2d', () => new nn.AdaptiveMaxPool2d(2, { return_indices: true } as Any), /AdaptiveMaxPool2d: unknown option 'return_indices'/],
  ['Upsample', () => new nn.Upsample({ scale_factor: 2 } as Any), /Upsample: unknown option 'scale_factor' \(did you mean 'scaleFactor'\?\)/],
  ['TripletMarginLoss', () => new nn.TripletMarginLoss({ swap: 1 } as Any), /TripletMarginLoss: swap must be true or false/],
  ['PairwiseDistance', () => new nn.PairwiseDistance({ keep_dim: true } as Any), /PairwiseDistance: unknown option 'keep_dim'/],
];

describe('option keys of the issue 10 modules', () => {
  for (const [name, make, message] of cases) it(name, () => expect(make).toThrow(message));
  it('correct options still build', () => {
    expect(() => new nn.Conv3d(1, 1, 3, { stride: 2 })).not.toThrow();
    expect(() => new nn.AvgPool3d(2, { countIncludePad: false })).not.toThrow();
    expect(() => new nn.KLDivLoss({ reduction: 'batchmean', logTarget: true })).not.toThrow();
  });
});
