/**
 * Negative pad amounts in reflect, replicate and circular modes crop first, then the positive
 * amounts pad the cropped tensor, as PyTorch does. Expected values: F.pad(torch.arange(6.).reshape(1, 1, 6), p, mode=m).tolist()
 * in PyTorch 1.13; gradients by float64 finite differences.
 */
import { describe, expect, it } from 'vitest';
import { gradcheck, pad, tensor, type PadMode } from '../../src/index.js';

const PYTORCH: Record<string, Record<string, number[]>> = {
  reflect: { '-1,2': [1, 2, 3, 4, 5, 4, 3], '2,-1': [2, 1, 0, 1, 2, 3, 4], '-2,-1': [2, 3, 4] },
  replicate: { '-1,2': [1, 2, 3, 4, 5, 5, 5], '2,-1': [0, 0, 0, 1, 2, 3, 4], '-2,-1': [2, 3, 4] },
  circular: { '-1,2': [1, 2, 3, 4, 5, 1, 2], '2,-1': [3, 4, 0, 1, 2, 3, 4], '-2,-1': [2, 3, 4] },
};

describe('pad with negative amounts in reflect, replicate and circular modes', () => {
  const x = tensor([[[0, 1, 2, 3, 4, 5]]], { dtype: 'float64' });
  for (const [mode, cases] of Object.entries(PYTORCH)) {
    for (const [amounts, expected] of Object.entries(cases)) {
      it(`${mode} (${amounts}) gives PyTorch's values`, () => {
        const p = amounts.split(',').map(Number);
        expect(pad(x, p, mode as PadMode).toArray()).toEqual([[expected]]);
      });
    }
    it(`${mode}: the gradient of a crop-and-pad passes the finite-difference check`, () => {
      const y = tensor([[[0.3, -1.2, 2.5, 0.7, -0.4, 1.9]]], { dtype: 'float64', requiresGrad: true });
      expect(() => gradcheck((t) => pad(t, [-1, 2], mode as PadMode), [y])).not.toThrow();
      expect(() => gradcheck((t) => pad(t, [2, -1], mode as PadMode), [y])).not.toThrow();
    });
  }

  it('a crop larger than the dim is an error naming pad', () => {
    expect(() => pad(x, [-4, -3], 'reflect')).toThrow(/pad: negative padding/);
  });
});
