/**
 * summary(): the counting rules of issue 10's layers (src/nn/summary/counting-parity.ts), each
 * expectation derived by hand here from the layer's arguments and the input shape.
 */
import { describe, expect, it } from 'vitest';
import {
  AvgPool3d, Conv3d, ConvTranspose3d, GLU, GroupNorm, HuberLoss, InstanceNorm1d, InstanceNorm2d, MaxPool3d, PReLU,
  PixelShuffle, RMSNorm, SiLU, Unflatten, Upsample, summary, type ModelSummary, type SummaryRow, type Module,
} from '../../../src/nn/index.js';

function only(s: ModelSummary): SummaryRow {
  expect(s.rows).toHaveLength(1);
  return s.rows[0]!;
}
const ops = (row: SummaryRow): [number, number, number] => [row.multiplications, row.additions, row.activations];
const count = (m: Module, shape: number[] | number[][]): [number, number, number, number] => {
  const row = only(summary(m, shape));
  expect(row.kind).toBe('layer');
  return [...ops(row), row.parameters];
};

describe('issue 10 layers: convolution and pooling', () => {
  it('Conv3d(2, 4, 3, padding 1) on [1, 2, 5, 5, 5]: 500 outputs, each a 54-term dot product plus bias', () => {
    // outputs 4·5·5·5 = 500; K = 2·27 = 54; mults 27000; adds 500·(53 + 1); params 4·2·27 + 4 = 220
    expect(count(new Conv3d(2, 4, 3, { padding: 1 }), [1, 2, 5, 5, 5])).toEqual([27000, 27000, 0, 220]);
  });
  it('ConvTranspose3d(1, 1, 2, no bias) on [1, 1, 2, 2, 2] → [1, 1, 3, 3, 3]', () => {
    // per dim: 2 inputs × 2 taps = 4 products land on 3 positions; mults 4³ = 64; adds 64 − 3³ = 37; params 8
    expect(count(new ConvTranspose3d(1, 1, 2, { bias: false }), [1, 1, 2, 2, 2])).toEqual([64, 37, 0, 8]);
  });
  it('AvgPool3d(2) on [1, 3, 4, 4, 4]: 24 outputs, each 7 additions and one division; MaxPool3d: comparisons only', () => {
    expect(count(new AvgPool3d(2), [1, 3, 4, 4, 4])).toEqual([24, 168, 0, 0]);
    expect(count(new MaxPool3d(2), [1, 3, 4, 4, 4])).toEqual([0, 0, 0, 0]);
  });
  it('data movement is free: PixelShuffle, Unflatten; Upsample nearest too', () => {
    expect(count(new PixelShuffle(2), [1, 4, 2, 2])).toEqual([0, 0, 0, 0]);
    expect(count(new Unflatten(1, [2, 2]), [3, 4])).toEqual([0, 0, 0, 0]);
    expect(count(new Upsample({ scaleFactor: 2 }), [1, 1, 2, 2])).toEqual([0, 0, 0, 0]);
  });
  it('Upsample bilinear ×2 on [1, 1, 2, 2]: 16 outputs, each Σ of 4 weighted corners (4 mults, 3 adds)', () => {
    expect(count(new Upsample({ scaleFactor: 2, mode: 'bilinear' }), [1, 1, 2, 2])).toEqual([64, 48, 0, 0]);
    expect(count(new Upsample({ scaleFactor: 2, mode: 'linear' }), [1, 1, 3])).toEqual([12, 6, 0, 0]); // 6 outputs × (2, 1)
  });
});

describe('issue 10 layers: normalization', () => {
  it('GroupNorm(2, 4) on [3, 4, 5]: 6 groups of M = 10, affine', () => {
    // per group 2M + 2 + M = 32 mults, 3M − 1 + M = 39 adds; params γ, β = 8
    expect(count(new GroupNorm(2, 4), [3, 4, 5])).toEqual([192, 234, 0, 8]);
  });
  it('InstanceNorm2d(3) on [2, 3, 4, 4]: 6 instances of M = 16, no affine', () => {
    // per instance 2·16 + 2 = 34 mults, 3·16 − 1 = 47 adds
    expect(count(new InstanceNorm2d(3), [2, 3, 4, 4])).toEqual([204, 282, 0, 0]);
  });
  it('InstanceNorm1d(2, affine, tracking) on [3, 2, 5]: training updates the running statistics; eval uses them', () => {
    const layer = new InstanceNorm1d(2, { affine: true, trackRunningStats: true });
    // 6 instances of M = 5: mults 6·(10 + 2 + 5) = 102, adds 6·(15 − 1 + 5) = 114;
    // update per channel: 2 divisions + 5 mults, 2·(3 − 1) + 2 adds → +14 mults, +12 adds
    expect(count(layer, [3, 2, 5])).toEqual([116, 126, 0, 4]);
    layer.eval();
    // 30 elements: 2 mults and 2 adds each, plus 2 additions of eps
    expect(count(layer, [3, 2, 5])).toEqual([60, 62, 0, 4]);
  });
  it('RMSNorm([4]) on [2, 3, 4]: 6 groups of M = 4, with weight', () => {
    // per group: 4 squares + 1 division + 4 scalings + 4 weights = 13 mults; 3 + 1 (eps) = 4 adds
    expect(count(new RMSNorm([4]), [2, 3, 4])).toEqual([78, 24, 0, 4]);
    expect(count(new RMSNorm(4, { elementwiseAffine: false }), [2, 3, 4])).toEqual([54, 24, 0, 0]);
  });
});

describe('issue 10 layers: activations and the uncounted', () => {
  it('one evaluation per output element: SiLU on [2, 3], GLU on [2, 4] (output [2, 2]), PReLU', () => {
    expect(count(new SiLU(), [2, 3])).toEqual([0, 0, 6, 0]);
    expect(count(new GLU(), [2, 4])).toEqual([0, 0, 4, 0]);
    expect(count(new PReLU(), [2, 3])).toEqual([0, 0, 6, 1]);
  });
  it('losses have no rule (as the older losses): the row says so', () => {
    const row = only(summary(new HuberLoss(), [[3], [3]]));
    expect(row.kind).toBe('uncounted');
  });
});
