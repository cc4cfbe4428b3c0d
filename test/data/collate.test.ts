/**
 * defaultCollate (torch.utils.data.default_collate): stacking tensors, numbers and booleans to
 * tensors with PyTorch's dtypes (test/fixtures/data.json), strings kept, arrays and objects
 * recursed into, and errors naming where in the batch the bad sample sits.
 */
import * as fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { tensor, zeros } from '../../src/index.js';
import { DTypeError, ShapeError, ValueError } from '../../src/errors.js';
import { defaultCollate } from '../../src/data/index.js';
import { shapes, tensors } from '../../src/testing/index.js';

const FIXTURE = JSON.parse(readFileSync(new URL('../fixtures/data.json', import.meta.url), 'utf8')) as {
  collate: { values: (number | boolean)[]; dtype: string; data: (number | boolean)[] }[];
};

describe('defaultCollate', () => {
  it('stacks tensors along a new first dim', () => {
    const out = defaultCollate([tensor([1, 2]), tensor([3, 4]), tensor([5, 6])]);
    expect(out.shape).toEqual([3, 2]);
    expect(out.toArray()).toEqual([[1, 2], [3, 4], [5, 6]]);
    expect(defaultCollate([tensor(1), tensor(2)]).toArray()).toEqual([1, 2]);
  });

  it('stacks any batch of same-shape tensors, views included: row k of the result is sample k (property)', () => {
    const batch = shapes({ maxRank: 3, maxSide: 4 }).chain((shape) =>
      fc.array(tensors({ shape, layout: 'any' }), { minLength: 1, maxLength: 5 }).map((items) => ({ shape, items })),
    );
    fc.assert(
      fc.property(batch, ({ shape, items }) => {
        const out = defaultCollate(items);
        expect(out.shape).toEqual([items.length, ...shape]);
        expect(out.dtype).toBe('float64');
        const flat = Array.from(out.toTypedArray());
        const per = flat.length / items.length;
        items.forEach((t, k) => expect(flat.slice(k * per, (k + 1) * per)).toEqual(Array.from(t.toTypedArray())));
      }),
      { numRuns: 100, seed: 5 },
    );
  });

  it.each(FIXTURE.collate.map((c) => [JSON.stringify(c.values), c] as const))('numbers %s: the dtype and values PyTorch gives', (_, c) => {
    const out = defaultCollate(c.values);
    expect(out.dtype).toBe(c.dtype);
    expect(out.toArray()).toEqual(c.data);
  });

  it('a mix of whole and fractional numbers is float64 (JavaScript cannot tell 2 from 2.0)', () => {
    const out = defaultCollate([1, 2.5]);
    expect([out.dtype, out.toArray()]).toEqual(['float64', [1, 2.5]]);
    expect(defaultCollate([1, 2 ** 31]).dtype).toBe('float64'); // beyond int32
  });

  it('keeps strings as an array; recurses into arrays and objects (PyTorch: lists and dicts)', () => {
    expect(defaultCollate(['a', 'b'])).toEqual(['a', 'b']);
    const [x, y] = defaultCollate([[tensor([1, 2]), 0], [tensor([3, 4]), 1]]);
    expect([x.shape, x.dtype, y.toArray(), y.dtype]).toEqual([[2, 2], 'float32', [0, 1], 'int32']);
    const batch = defaultCollate([
      { a: 1, b: [1, 2], name: 'x' },
      { a: 2, b: [3, 4], name: 'y' },
    ]);
    // PyTorch: {'a': tensor([1, 2]), 'b': [tensor([1, 3]), tensor([2, 4])]}
    expect(batch.a.toArray()).toEqual([1, 2]);
    expect(batch.b.map((t) => t.toArray())).toEqual([[1, 3], [2, 4]]);
    expect(batch.name).toEqual(['x', 'y']);
  });

  it('refuses mismatched samples, naming the position', () => {
    expect(() => defaultCollate([tensor([1, 2]), tensor([1, 2, 3])])).toThrow(ShapeError);
    expect(() => defaultCollate([tensor([1, 2]), tensor([1, 2, 3])])).toThrow(/^defaultCollate: cannot stack: batch\[1\] has shape \[3\] but batch\[0\] has \[2\]/);
    expect(() => defaultCollate([zeros([2]), zeros([2], { dtype: 'float64' })])).toThrow(DTypeError);
    expect(() => defaultCollate([[1, 2], [3]])).toThrow(/^defaultCollate: each sample must have the same length: batch\[1\] has 1 entries but batch\[0\] has 2/);
    expect(() => defaultCollate([[tensor([1]), 1], [tensor([1]), 'a']])).toThrow(/^defaultCollate: batch\[\*\]\[1\]\[1\] is the string 'a' but batch\[\*\]\[1\]\[0\] is 1/);
    expect(() => defaultCollate([{ a: 1 }, { b: 1 }])).toThrow(/^defaultCollate: batch\[1\] has no key 'a'/);
    expect(() => defaultCollate([null])).toThrow(/^defaultCollate: batch\[0\] is null; samples must hold tensors, numbers/);
    expect(() => defaultCollate([new Map()])).toThrow(/batch\[0\] is a Map/);
    expect(() => defaultCollate([])).toThrow(ValueError);
    expect(() => defaultCollate('ab' as never)).toThrow(/^defaultCollate: batch must be an array of samples/);
  });
});
