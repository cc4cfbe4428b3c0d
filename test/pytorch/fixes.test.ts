/**
 * VJPs changed to agree with PyTorch's fixtures (NaN handling in maximum/minimum/relu, zero std)
 * must still be differentiable twice: checked by finite differences away from the kinks.
 */
import { describe, expect, it } from 'vitest';
import { gradcheck, gradgradcheck, maximum, minimum, relu, std, tensor, type Tensor } from '../../src/index.js';

const leaf = (values: number[][]): Tensor => tensor(values, { dtype: 'float64', requiresGrad: true });

describe('VJPs fixed against the PyTorch fixtures stay correct off the special points', () => {
  it('maximum and minimum (no ties, no NaN)', () => {
    const x = leaf([[0.3, -1.2, 2.0], [0.5, 0.1, -0.7]]);
    const y = leaf([[0.1, -0.2, 2.5], [-0.5, 0.4, -0.9]]);
    for (const f of [maximum, minimum]) {
      expect(gradcheck((a, b) => f(a!, b!).mul(f(a!, b!)), [x, y]).ok).toBe(true);
      expect(gradgradcheck((a, b) => f(a!, b!).mul(f(a!, b!)), [x, y]).ok).toBe(true);
    }
  });

  it('relu (inputs away from 0)', () => {
    const x = leaf([[0.3, -1.2, 2.0], [0.5, -0.1, -0.7]]);
    expect(gradgradcheck((a) => relu(a!).mul(relu(a!)), [x]).ok).toBe(true);
  });

  it('std (nonzero spread) and its zero-spread rows: value 0, gradient 0', () => {
    const x = leaf([[0.3, -1.2, 2.0], [0.5, 0.1, -0.7]]);
    expect(gradcheck((a) => std(a!, 1), [x]).ok).toBe(true);
    expect(gradgradcheck((a) => std(a!, 1), [x]).ok).toBe(true);
    const flat = leaf([[2, 2, 2]]);
    const s = std(flat, 1);
    expect(s.toArray()).toEqual([0]);
    s.backward(tensor([1], { dtype: 'float64' }));
    expect(flat.grad!.toArray()).toEqual([[0, 0, 0]]);
  });
});
