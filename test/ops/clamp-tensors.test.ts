/**
 * clamp with tensor bounds against PyTorch 1.13 (test/fixtures/clamp_tensors.json, from
 * generate_clamp_tensors.py): values, and the gradients of x, min and max (PyTorch's rules:
 * x where min ≤ x ≤ max, min where x < min < max, max where x > max or max < min, nobody at NaN).
 * Plus gradcheck in float64 and the checks.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clamp, clip, gradcheck, tensor, type Tensor } from '../../src/index.js';

type Nested = number | string | Nested[];
interface Case { name: string; x: Nested; min: Nested | null; max: Nested | null; grad_out: Nested; out: Nested; x_grad: Nested; min_grad: Nested | null; max_grad: Nested | null }
const fixture = JSON.parse(readFileSync(new URL('../fixtures/clamp_tensors.json', import.meta.url), 'utf8')) as {
  cases: Case[];
  dtypes: Record<string, { out: number[]; dtype: string }>;
};

const decode = (v: Nested): Nested => (Array.isArray(v) ? v.map(decode) : v === 'nan' ? Number.NaN : v);
const f64 = (v: Nested, requiresGrad = false): Tensor => tensor(decode(v) as number[], { dtype: 'float64', requiresGrad });

describe('clamp with tensor bounds (PyTorch fixtures)', () => {
  for (const c of fixture.cases) {
    it(c.name, () => {
      const x = f64(c.x, true);
      const lo = c.min === null ? null : f64(c.min, true);
      const hi = c.max === null ? null : f64(c.max, true);
      const y = clamp(x, lo, hi);
      expect(y.toArray()).toEqual(decode(c.out));
      y.backward(f64(c.grad_out));
      expect(x.grad!.toArray()).toEqual(decode(c.x_grad));
      if (lo !== null) expect(lo.grad!.toArray()).toEqual(decode(c.min_grad!));
      if (hi !== null) expect(hi.grad!.toArray()).toEqual(decode(c.max_grad!));
    });
  }

  it('int32 bounds keep int32; a float bound promotes to float32', () => {
    const x = tensor([1, 5, 9], { dtype: 'int32' });
    const ints = clamp(x, tensor([2, 2, 2], { dtype: 'int32' }), tensor([6, 6, 6], { dtype: 'int32' }));
    expect([ints.dtype, ints.toArray()]).toEqual(['int32', fixture.dtypes['int32']!.out]);
    const promoted = clamp(x, tensor([2.5]), null);
    expect([promoted.dtype, promoted.toArray()]).toEqual(['float32', fixture.dtypes['int32 with float min']!.out]);
  });

  it('a number and a tensor bound mix; clip and the methods take tensors too', () => {
    const x = tensor([-3, 0, 3]);
    expect(clamp(x, tensor([-1, 1, 1]), 2).toArray()).toEqual([-1, 1, 2]);
    expect(clip(x, -1, tensor(2)).toArray()).toEqual([-1, 0, 2]);
    expect(x.clamp(null, tensor([0, 0, 0])).toArray()).toEqual([-3, 0, 0]);
    // in place, as PyTorch's z.clamp_(tensor([-1, 1, 1]), tensor(2)) gives [-1, 1, 2]
    const z = tensor([-3, 0, 3]);
    expect(z.clamp_(tensor([-1, 1, 1]), tensor(2)).toArray()).toEqual([-1, 1, 2]);
  });

  it('passes gradcheck in float64 (every branch taken, no value near a kink)', () => {
    const x = tensor([[-1.2, -0.4, 0.3, 0.7], [1.1, -0.9, 0.05, 2.3], [-2.2, 1.6, 0.6, -0.05]], { dtype: 'float64', requiresGrad: true });
    const lo = tensor([-0.55, -0.25, 0.15, -1.05], { dtype: 'float64', requiresGrad: true });
    const hi = tensor([[0.45], [0.95], [1.35]], { dtype: 'float64', requiresGrad: true });
    expect(gradcheck((a: Tensor, l: Tensor, h: Tensor) => clamp(a, l, h), [x, lo, hi]).ok).toBe(true);
  });

  it('refuses bad bounds before any work, naming clamp or clamp_', () => {
    const x = tensor([1, 2]);
    expect(() => clamp(x, { shape: [2] } as unknown as Tensor, null)).toThrow(/^clamp: min must be a Tensor/);
    expect(() => clamp(x, tensor([0, 0, 0]), null)).toThrow(/clamp/);
    expect(() => clamp(x, Number.NaN, tensor(1))).toThrow(/^clamp: min must not be NaN/);
    const before = x.toArray();
    expect(() => x.clamp_(tensor([[0], [1]]), null)).toThrow(/^clamp_: min of shape \[2,1\] does not broadcast to self's shape \[2\]/);
    expect(() => x.clamp_(tensor([0, 1], { dtype: 'float64' }), tensor([1, 1], { dtype: 'float64' }))).not.toThrow();
    expect(x.toArray()).not.toEqual(before);
  });
});
