/**
 * Session 18's PyTorch parity audit of the nn modules a course uses: each test pins one
 * difference found against torch 1.13 and fixed. Expected values are PyTorch's (noted per test),
 * small enough to check by hand, or from test/fixtures/parity_s18.json
 * (test/fixtures/generate_parity_s18.py).
 */
import { describe, expect, it } from 'vitest';
import { arange, ones, tensor } from '../../src/index.js';
import { AdaptiveMaxPool2d, Linear, MaxPool1d, MaxPool2d, ReLU, Sequential, functional as F } from '../../src/nn/index.js';

describe('max pooling with returnIndices returns a (values, indices) tuple, as PyTorch', () => {
  it('destructures as an array and still reads .values / .indices (it was a plain object)', () => {
    // torch: nn.MaxPool2d(2, return_indices=True)(arange(1, 26).reshape(1, 1, 5, 5))
    // → ([[7, 9], [17, 19]], [[6, 8], [16, 18]])
    const x = arange(1, 26).reshape(1, 1, 5, 5);
    const [values, indices] = new MaxPool2d(2, { returnIndices: true }).forward(x);
    expect(values.toArray()).toEqual([[[[7, 9], [17, 19]]]]);
    expect([indices.dtype, indices.toArray()]).toEqual(['int32', [[[[6, 8], [16, 18]]]]]);
    const r = F.maxPool2d(x, 2, { returnIndices: true });
    expect(r.values).toBe(r[0]);
    expect(r.indices).toBe(r[1]);
    const [v1, i1] = new MaxPool1d(2, { returnIndices: true }).forward(tensor([[[3, 1, 2, 5]]]));
    expect([v1.toArray(), i1.toArray()]).toEqual([[[[3, 5]]], [[[0, 3]]]]);
    const [v2, i2] = F.maxPool1d(tensor([[[3, 1, 2, 5]]]), 2, { returnIndices: true });
    expect([v2.toArray(), i2.toArray()]).toEqual([[[[3, 5]]], [[[0, 3]]]]);
  });

  it('adaptive max pooling too', () => {
    // torch: nn.AdaptiveMaxPool2d(1, return_indices=True)(arange(1, 26).reshape(1, 1, 5, 5)) → (25, 24)
    const [values, indices] = new AdaptiveMaxPool2d(1, { returnIndices: true }).forward(arange(1, 26).reshape(1, 1, 5, 5));
    expect([values.toArray(), indices.toArray()]).toEqual([[[[[25]]]], [[[[24]]]]]);
    const [v, i] = F.adaptiveMaxPool1d(tensor([[[3, 1, 2, 5]]]), 2, { returnIndices: true });
    expect([v.toArray(), i.toArray()]).toEqual([[[[3, 5]]], [[[0, 3]]]]);
  });
});

describe('Sequential iterates and appends, as PyTorch\'s', () => {
  it('for…of and spread give the modules in order (it was "not iterable")', () => {
    const a = new Linear(2, 3);
    const r = new ReLU();
    const seq = new Sequential(a, r);
    expect([...seq]).toEqual([a, r]);
    const seen = [];
    for (const m of seq) seen.push(m.typeName);
    expect(seen).toEqual(['Linear', 'ReLU']);
  });

  it('append registers the module under the next index and runs it last', () => {
    const seq = new Sequential(new Linear(2, 3, { bias: false }));
    const last = new Linear(3, 1, { bias: false });
    expect(seq.append(last)).toBe(seq);
    expect(seq.namedParameters().map(([n]) => n)).toEqual(['0.weight', '1.weight']);
    expect(seq.at(-1)).toBe(last);
    const x = ones([1, 2]);
    expect(seq.forward(x).toArray()).toEqual(last.forward(seq.at(0).forward(x)).toArray());
    expect(() => seq.append({} as Linear)).toThrow(/^Sequential: append expects a Module/);
  });
});
