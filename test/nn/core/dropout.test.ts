/**
 * Dropout by hand: y = x·m/(1 − p) (or x·m with scale false), dy/dx = m/(1 − p); the mask's
 * keep rate checked statistically; seeding.
 */
import { describe, expect, it } from 'vitest';
import { Generator, manualSeed, ones, tensor } from '../../../src/index.js';
import { Dropout, functional as F } from '../../../src/nn/index.js';

const f64 = { dtype: 'float64' as const };

describe('functional dropout', () => {
  it('with an explicit mask: y = x·m/(1 − p), and dy/dx = m/(1 − p)', () => {
    const x = tensor([[1, -2, 3], [4, 5, -6]], { ...f64, requiresGrad: true });
    const mask = tensor([[1, 0, 1], [0, 1, 1]], f64);
    const y = F.dropout(x, { p: 0.2, mask });
    // 1/(1 − 0.2) = 1.25; a dropped negative is −0, as in PyTorch.
    expect(y.toArray()).toEqual([[1.25, -0, 3.75], [0, 6.25, -7.5]]);
    y.sum().backward();
    expect(x.grad!.toArray()).toEqual([[1.25, 0, 1.25], [0, 1.25, 1.25]]);
  });

  it('scale: false gives the unscaled x·m; bool and broadcast masks work', () => {
    const x = tensor([[1, 2], [3, 4]], f64);
    expect(F.dropout(x, { p: 0.5, mask: tensor([[true, false], [false, true]]), scale: false }).toArray()).toEqual([[1, 0], [0, 4]]);
    // One mask entry per column (the same features dropped for every row).
    expect(F.dropout(x, { p: 0.5, mask: tensor([0, 1], { dtype: 'int32' }) }).toArray()).toEqual([[0, 4], [0, 8]]);
  });

  it('is the identity when not training or when p = 0', () => {
    const x = tensor([1, 2, 3], f64);
    expect(F.dropout(x, { p: 0.9, training: false })).toBe(x);
    expect(F.dropout(x, { p: 0, generator: new Generator(1) })).toBe(x);
  });

  it('keeps each element with probability 1 − p', () => {
    // n = 20000 Bernoulli(0.7) draws: SE of the kept fraction √(0.7·0.3/n) ≈ 0.0032; allow 5 SE.
    const n = 20000;
    const y = F.dropout(ones([n], f64), { p: 0.3, generator: new Generator(11) });
    const v = y.toTypedArray();
    const kept = v.filter((e) => e !== 0);
    expect(Math.abs(kept.length / n - 0.7)).toBeLessThan(5 * Math.sqrt((0.7 * 0.3) / n));
    expect(new Set(kept)).toEqual(new Set([1 / 0.7]));
  });

  it('is reproducible from a generator or manualSeed', () => {
    const x = ones([50], f64);
    const a = F.dropout(x, { generator: new Generator(3) }).toArray();
    expect(F.dropout(x, { generator: new Generator(3) }).toArray()).toEqual(a);
    expect(F.dropout(x, { generator: new Generator(4) }).toArray()).not.toEqual(a);
    manualSeed(9);
    const layer = new Dropout(0.5);
    const b = layer.forward(x).toArray();
    manualSeed(9);
    expect(layer.forward(x).toArray()).toEqual(b);
  });

  it('keeps the input dtype and gradient path', () => {
    const x = ones([4], { requiresGrad: true });
    const y = new Dropout(0.5, { generator: new Generator(0) }).forward(x);
    expect(y.dtype).toBe('float32');
    y.sum().backward();
    // The gradient is the scaled mask itself: 2 where kept, 0 where dropped.
    expect(Array.from(x.grad!.toTypedArray())).toEqual(Array.from(y.toTypedArray()));
  });
});

describe('p = 1 (PyTorch allows it: x·0, no mask drawn)', () => {
  it('F.dropout, Dropout and dropout2d give x·0 (NaN stays NaN, −x gives −0), gradient 0, and leave the generator alone', () => {
    const x = tensor([[1, -2], [Number.NaN, 4]], { ...f64, requiresGrad: true });
    const g = new Generator().manualSeed(3);
    const before = JSON.stringify(g.getState());
    const y = F.dropout(x, { p: 1, generator: g });
    expect(y.toArray()).toEqual([[0, -0], [Number.NaN, 0]]);
    y.sum().backward();
    expect(x.grad!.toArray()).toEqual([[0, 0], [0, 0]]);
    expect(JSON.stringify(g.getState())).toBe(before);
    expect(new Dropout(1).forward(ones([3])).toArray()).toEqual([0, 0, 0]);
    expect(F.dropout2d(ones([1, 2, 2, 2]), { p: 1, generator: g }).sum().item()).toBe(0);
    expect(JSON.stringify(g.getState())).toBe(before);
    // not training: the input itself
    expect(F.dropout(ones([2]), { p: 1, training: false }).toArray()).toEqual([1, 1]);
  });
});
