/**
 * add_/sub_/mul_/div_ that autograd does not record write straight into the tensor's storage.
 * That must agree with the out-of-place op element for element, touch only the view's own
 * elements, bump the version counter, and fall back to computing out of place when the operand
 * shares the tensor's storage (an aliased read would see already-written values). Expected
 * values are the out-of-place ops' and hand-computed numbers.
 */
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arange, noGrad, tensor, type Tensor } from '../../src/index.js';
import { tensors } from '../../src/testing/index.js';
import { RUNS, broadcastShape, values } from './support.js';

const OPS = [
  ['add_', (a: Tensor, b: Tensor) => a.add(b), (a: Tensor, b: Tensor) => a.add_(b)],
  ['sub_', (a: Tensor, b: Tensor) => a.sub(b), (a: Tensor, b: Tensor) => a.sub_(b)],
  ['mul_', (a: Tensor, b: Tensor) => a.mul(b), (a: Tensor, b: Tensor) => a.mul_(b)],
  ['div_', (a: Tensor, b: Tensor) => a.div(b), (a: Tensor, b: Tensor) => a.div_(b)],
] as const;

describe('in-place arithmetic outside autograd', () => {
  for (const [name, outOfPlace, inPlace] of OPS) {
    it(`${name} equals the out-of-place op (float32 and float64, broadcast operands, any layout)`, () => {
      const pair = fc.constantFrom('float32' as const, 'float64' as const).chain((dtype) =>
        fc.tuple(fc.array(fc.integer({ min: 1, max: 4 }), { maxLength: 3 }), fc.array(fc.boolean(), { minLength: 3, maxLength: 3 })).chain(([shape, keep]) => {
          const other = shape.map((s, d) => (keep[d] ? s : 1)).slice(keep[0] ? 0 : Math.min(1, shape.length));
          return fc.tuple(tensors({ shape, dtype }), tensors({ shape: other, dtype, layout: 'any', min: 0.5, max: 2 }));
        }),
      );
      fc.assert(
        fc.property(pair, ([a, b]) => {
          expect(broadcastShape(a.shape, b.shape)).toEqual(a.shape);
          const want = values(outOfPlace(a, b));
          const version = a.versionCounter.value;
          noGrad(() => inPlace(a, b));
          expect(values(a)).toEqual(want);
          expect(a.versionCounter.value).toBe(version + 1);
        }),
        RUNS,
      );
    });
  }

  for (const [name, alphaOp, outOfPlace] of [
    ['add_', (a: Tensor, b: Tensor, alpha: number) => a.add_(b, alpha), (a: Tensor, b: Tensor, alpha: number) => a.add(b.mul(alpha))],
    ['sub_', (a: Tensor, b: Tensor, alpha: number) => a.sub_(b, alpha), (a: Tensor, b: Tensor, alpha: number) => a.sub(b.mul(alpha))],
  ] as const) {
    it(`${name}(other, alpha) equals the multiply then the ${name.slice(0, 3)}, bit for bit (the fused scaledAdd)`, () => {
      const pair = fc.constantFrom('float32' as const, 'float64' as const).chain((dtype) =>
        fc.array(fc.integer({ min: 1, max: 5 }), { maxLength: 3 }).chain((shape) =>
          fc.tuple(tensors({ shape, dtype }), tensors({ shape, dtype, layout: 'any' }), fc.double({ min: -3, max: 3, noNaN: true })),
        ),
      );
      fc.assert(
        fc.property(pair, ([a, b, alpha]) => {
          const want = values(outOfPlace(a, b, alpha));
          noGrad(() => alphaOp(a, b, alpha));
          values(a).forEach((v, i) => expect(Object.is(v, want[i]) || v === want[i]).toBe(true));
        }),
        RUNS,
      );
    });
  }

  it('writes only the view it was called on (a contiguous row of a matrix)', () => {
    const m = arange(0, 12).reshape([3, 4]);
    const row = m.select(0, 1); // elements 4…7, offset 4
    row.mul_(10);
    expect(Array.from(m.toTypedArray())).toEqual([0, 1, 2, 3, 40, 50, 60, 70, 8, 9, 10, 11]);
  });

  it('an operand sharing the storage gives the out-of-place result', () => {
    const x = tensor([1, 2, 3, 4]);
    x.add_(x.flip(0)); // [1+4, 2+3, 3+2, 4+1]
    expect(Array.from(x.toTypedArray())).toEqual([5, 5, 5, 5]);
    const y = tensor([1, 2, 3, 4]);
    y.mul_(y); // squares, even though every element reads itself
    expect(Array.from(y.toTypedArray())).toEqual([1, 4, 9, 16]);
  });

  it('checks before writing: a result of a higher kind and a broadcast of self still throw and change nothing', () => {
    const x = tensor([1, 2, 3]);
    const i = tensor([1, 2, 3], { dtype: 'int32' });
    expect(() => i.add_(tensor([0.5, 0.5, 0.5]))).toThrow("add_: result type float32 can't be cast to the tensor's dtype int32");
    expect(() => i.mul_(0.5)).toThrow("mul_: result type float32 can't be cast");
    expect(() => x.mul_(tensor([[1], [2]]))).toThrow('mul_: operand of shape [2,1] would broadcast the tensor of shape [3] to [2,3]');
    expect(Array.from(x.toTypedArray())).toEqual([1, 2, 3]);
    expect(Array.from(i.toTypedArray())).toEqual([1, 2, 3]);
  });

  it('promotes like the out-of-place op and casts back (PyTorch): float32 += float64, float ·= bool mask', () => {
    const x = tensor([1, 2, 3]);
    x.add_(tensor([0.5, 0.25, 1], { dtype: 'float64' }));
    expect(x.dtype).toBe('float32');
    expect(Array.from(x.toTypedArray())).toEqual([1.5, 2.25, 4]);
    x.mul_(x.gt(2));
    expect(Array.from(x.toTypedArray())).toEqual([0, 2.25, 4]);
    const w = tensor([1, 2], { requiresGrad: true });
    const y = w.mul(1);
    y.mul_(tensor([3, 4], { dtype: 'float64' })); // recorded: the float64 product cast back to float32
    y.sum().backward();
    expect(w.grad!.dtype).toBe('float32');
    expect(Array.from(w.grad!.toTypedArray())).toEqual([3, 4]);
  });
});
