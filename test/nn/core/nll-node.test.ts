/**
 * nllLoss (and crossEntropy's class-index path) is one graph node, as PyTorch's NllLossBackward:
 * its gradient is −w_i/Σw at each counted target (mean), −w_i·g (sum), and 0 elsewhere, derived
 * by hand below, and it is differentiable again (its VJP is written with Tensor ops).
 */
import { describe, expect, it } from 'vitest';
import { gradgradcheck, tensor } from '../../../src/index.js';
import { functional as F } from '../../../src/nn/index.js';

const f64 = { dtype: 'float64' as const };

describe('nllLoss as one node', () => {
  it('crossEntropy is NllLossBackward over LogSoftmaxBackward', () => {
    const x = tensor([[1, 2, 3], [0, 0, 1]], { requiresGrad: true });
    const loss = F.crossEntropy(x, tensor([2, 0], { dtype: 'int32' }));
    expect(loss.gradFn!.name).toBe('NllLossBackward');
    expect(loss.gradFn!.inputs.map((n) => n?.name)).toEqual(['LogSoftmaxBackward']);
  });

  it('by hand: weights [1, 2, 4], targets [2, ignored, 1]: mean gives −w_t/Σw = −4/6 and −2/6 at the targets, 0 elsewhere', () => {
    // loss = −(4·x[0,2] + 2·x[2,1]) / (4 + 2); the ignored row counts in neither sum
    const x = tensor([[0.1, 0.2, 0.3], [0.4, 0.5, 0.6], [0.7, 0.8, 0.9]], { ...f64, requiresGrad: true });
    const target = tensor([2, -100, 1], { dtype: 'int32' });
    const weight = tensor([1, 2, 4], f64);
    const loss = F.nllLoss(x, target, { weight });
    expect(loss.item()).toBeCloseTo(-(4 * 0.3 + 2 * 0.8) / 6, 15);
    loss.backward();
    expect(x.grad!.toArray()).toEqual([[0, 0, -4 / 6], [0, 0, 0], [0, -2 / 6, 0]]);
  });

  it("by hand: 'sum' and 'none' scale each counted target's entry by −w_i·g", () => {
    const x = tensor([[0.5, -1], [2, 3]], { ...f64, requiresGrad: true });
    const target = tensor([1, 0], { dtype: 'int32' });
    F.nllLoss(x, target, { reduction: 'sum', weight: tensor([3, 5], f64) }).mul(2).backward();
    expect(x.grad!.toArray()).toEqual([[0, -10], [-6, 0]]);
    x.grad = null;
    F.nllLoss(x, target, { reduction: 'none' }).mul(tensor([7, 11], f64)).sum().backward();
    expect(x.grad!.toArray()).toEqual([[0, -7], [-11, 0]]);
  });

  it('its gradient is differentiable: gradgradcheck with weights, an ignored target and each reduction, [N, C] and [N, C, d]', () => {
    for (const reduction of ['mean', 'sum', 'none'] as const) {
      const weight = tensor([0.5, 2, 1.5], f64);
      const logits = tensor([[0.3, -1.2, 2], [1, 0.5, -0.7], [0.2, 0.1, 0.9]], { ...f64, requiresGrad: true });
      expect(gradgradcheck((a) => F.crossEntropy(a!, tensor([2, -100, 0], { dtype: 'int32' }), { reduction, weight }), [logits]).ok).toBe(true);
      const image = tensor([[[0.3, -1], [1.2, 0.4], [-0.5, 2]]], { ...f64, requiresGrad: true }); // [1, 3, 2]
      expect(gradgradcheck((a) => F.crossEntropy(a!, tensor([[2, 1]], { dtype: 'int32' }), { reduction, weight }), [image]).ok).toBe(true);
    }
  });
});
