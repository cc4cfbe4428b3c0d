/**
 * The Tensor op methods live in family files (src/tensor/methods/) and are installed on the
 * prototype by src/tensor/tensor.ts. This file imports an op module before anything else, the
 * import order that would expose a method installed too late; expected values are by hand.
 */
import * as unary from '../../src/ops/unary.js';
import { describe, expect, it } from 'vitest';
import { tensor } from '../../src/tensor/creation.js';
import { Tensor } from '../../src/tensor/tensor.js';

describe('Tensor methods installed from src/tensor/methods/', () => {
  it('are there when an op module is the first import', () => {
    const x = unary.neg(tensor([1, -2]));
    expect(x.add(1).toArray()).toEqual([0, 3]);
    expect(x.abs().sum().item()).toBe(3);
  });

  it('one method of each family works through the prototype', () => {
    const m = tensor([[1, 5], [4, 2]]);
    expect(m.mul(2).toArray()).toEqual([[2, 10], [8, 4]]); // elementwise
    expect(m.gt(3).toArray()).toEqual([[false, true], [true, false]]); // comparison
    expect(m.sum(1).toArray()).toEqual([6, 6]); // reduction
    expect(m.matmul(tensor([1, 1])).toArray()).toEqual([6, 6]); // linalg
    expect(m.reshape(4).toArray()).toEqual([1, 5, 4, 2]); // shape
    expect(m.gather(1, tensor([[1], [0]], { dtype: 'int32' })).toArray()).toEqual([[5], [4]]); // indexing
    expect(m.int().dtype).toBe('int32'); // dtype
    const z = m.clone();
    expect(z.zero_()).toBe(z); // in place, returning itself
    expect(z.toArray()).toEqual([[0, 0], [0, 0]]);
  });

  it('overloads and getters survive installation: max() / max(dim), and .T', () => {
    const m = tensor([[1, 5], [4, 2]]);
    expect(m.max().item()).toBe(5);
    const { values, indices } = m.max(0);
    expect(values.toArray()).toEqual([4, 5]);
    expect(indices.toArray()).toEqual([1, 0]);
    expect(m.T.toArray()).toEqual([[1, 4], [5, 2]]);
  });

  it('are non-enumerable prototype members, like a class body’s methods', () => {
    const m = tensor([1]);
    for (const name of ['add', 'sum', 'reshape', 'T', 'zero_']) {
      const descriptor = Object.getOwnPropertyDescriptor(Tensor.prototype, name);
      expect(descriptor, name).toBeDefined();
      expect(descriptor!.enumerable, name).toBe(false);
    }
    const enumerated: string[] = [];
    for (const key in m) enumerated.push(key);
    expect(enumerated).not.toContain('add');
  });
});
