/**
 * Creating tensors: tensor() from numbers, booleans, nested arrays and typed arrays; zeros, ones,
 * full, arange, linspace (endpoints exact, values as PyTorch 1.13 computes them), eye and the
 * *Like variants.
 */
import { describe, expect, it } from 'vitest';
import {
  DTypeError,
  arange,
  eye,
  full,
  fullLike,
  linspace,
  ones,
  onesLike,
  tensor,
  zeros,
  zerosLike,
} from '../../src/index.js';

describe('tensor()', () => {
  it('a number gives a 0-d float32 tensor', () => {
    const t = tensor(2.5);
    expect(t.shape).toEqual([]);
    expect(t.ndim).toBe(0);
    expect(t.dtype).toBe('float32');
    expect(t.item()).toBe(2.5);
    expect(t.toArray()).toBe(2.5);
  });

  it('nested arrays give their shape, row-major values and float32 by default', () => {
    const t = tensor([[1, 2, 3], [4, 5, 6]]);
    expect(t.shape).toEqual([2, 3]);
    expect(t.strides).toEqual([3, 1]);
    expect(t.dtype).toBe('float32');
    expect(Array.from(t.toTypedArray())).toEqual([1, 2, 3, 4, 5, 6]);
    expect(t.toArray()).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(tensor([[[1], [2]]]).shape).toEqual([1, 2, 1]);
  });

  it('float32 storage rounds to the nearest float32', () => {
    expect(tensor([0.1]).toArray()).toEqual([Math.fround(0.1)]);
    expect(tensor([0.1], { dtype: 'float64' }).toArray()).toEqual([0.1]);
  });

  it('empty arrays give size-0 dims', () => {
    expect(tensor([]).shape).toEqual([0]);
    expect(tensor([]).dtype).toBe('float32');
    expect(tensor([[]]).shape).toEqual([1, 0]);
    expect(tensor([[]]).numel()).toBe(0);
  });

  it('booleans give a bool tensor; mixed with numbers they count as 0/1 in float32', () => {
    const b = tensor([true, false, true]);
    expect(b.dtype).toBe('bool');
    expect(b.toArray()).toEqual([true, false, true]);
    expect(tensor(true).toArray()).toBe(true);
    const mixed = tensor([true, 2]);
    expect(mixed.dtype).toBe('float32');
    expect(mixed.toArray()).toEqual([1, 2]);
  });

  it('numbers converted to bool: any nonzero (and NaN) is true, as PyTorch', () => {
    // torch.tensor([0, 2, -1, 0.5, nan]).bool() → [False, True, True, True, True]
    const b = tensor([0, 2, -1, 0.5, Number.NaN], { dtype: 'bool' });
    expect(b.toArray()).toEqual([false, true, true, true, true]);
    expect(Array.from(b.storage)).toEqual([0, 1, 1, 1, 1]);
    expect(Array.from(full([2], 3, { dtype: 'bool' }).storage)).toEqual([1, 1]);
  });

  it('numbers converted to int32 truncate toward zero, as PyTorch', () => {
    // torch.tensor([1.7, -1.7], dtype=torch.int32) → [1, -1]
    expect(tensor([1.7, -1.7], { dtype: 'int32' }).toArray()).toEqual([1, -1]);
  });

  it('typed arrays keep their element type and are copied', () => {
    const source = new Float64Array([1.5, -2]);
    const t = tensor(source);
    expect(t.dtype).toBe('float64');
    expect(t.shape).toEqual([2]);
    source[0] = 99;
    expect(t.toArray()).toEqual([1.5, -2]);
    expect(tensor(new Float32Array([1])).dtype).toBe('float32');
    expect(tensor(new Int32Array([-3, 4])).dtype).toBe('int32');
    // Issue 12: integer typed arrays keep their values (int32), never bool (image bytes stay bytes).
    expect(tensor(new Uint8Array([0, 1])).dtype).toBe('int32');
    expect(tensor(new Uint8Array([0, 7, 255])).toArray()).toEqual([0, 7, 255]);
    expect(tensor(new Uint8Array([0, 2]), { dtype: 'bool' }).toArray()).toEqual([false, true]);
  });

  // Typed arrays other than the four storage types are outside the TypeScript signature, but
  // plain-JS callers can pass them: they are converted when a dtype is given, rejected otherwise.
  const int16 = (values: number[]): Int32Array => new Int16Array(values) as unknown as Int32Array;

  it('a typed array converts to an explicit dtype', () => {
    expect(tensor(new Float64Array([0.1]), { dtype: 'float32' }).toArray()).toEqual([Math.fround(0.1)]);
    expect(tensor(int16([-5, 7]), { dtype: 'int32' }).toArray()).toEqual([-5, 7]);
    expect(tensor(new Uint8Array([0, 200]), { dtype: 'float32' }).toArray()).toEqual([0, 200]);
  });

  it('every integer typed array becomes int32 with the same values; a Uint32Array value above int32 is an error; others need a dtype', () => {
    expect(tensor(int16([-5, 300])).dtype).toBe('int32');
    expect(tensor(int16([-5, 300])).toArray()).toEqual([-5, 300]);
    expect(tensor(new Int8Array([-128, 127]) as unknown as Int32Array).toArray()).toEqual([-128, 127]);
    expect(tensor(new Uint16Array([65535]) as unknown as Int32Array).toArray()).toEqual([65535]);
    expect(tensor(new Uint8ClampedArray([255]) as unknown as Int32Array).toArray()).toEqual([255]);
    expect(tensor(new Uint32Array([2 ** 31 - 1]) as unknown as Int32Array).toArray()).toEqual([2 ** 31 - 1]);
    expect(() => tensor(new Uint32Array([2 ** 31]) as unknown as Int32Array)).toThrow(/^tensor: Uint32Array value 2147483648 at index 0 does not fit in int32/);
    expect(() => tensor(new BigInt64Array([1n]) as unknown as Int32Array)).toThrow(DTypeError);
    expect(() => tensor(new BigInt64Array([1n]) as unknown as Int32Array)).toThrow(/^tensor: cannot infer a dtype from a BigInt64Array; pass \{ dtype \}/);
  });

  it('requiresGrad makes a leaf requiring grad', () => {
    const t = tensor([1, 2], { requiresGrad: true });
    expect(t.requiresGrad).toBe(true);
    expect(t.isLeaf).toBe(true);
    expect(t.grad).toBeNull();
  });
});

describe('filled tensors', () => {
  it('zeros, ones and full, with a shape as a number or a list', () => {
    expect(zeros(3).toArray()).toEqual([0, 0, 0]);
    expect(ones([2, 2]).toArray()).toEqual([[1, 1], [1, 1]]);
    expect(full([2], 7.5, { dtype: 'float64' }).toArray()).toEqual([7.5, 7.5]);
    expect(full([], 4).shape).toEqual([]);
    expect(zeros([0, 3]).numel()).toBe(0);
    expect(ones([1], { dtype: 'int32' }).dtype).toBe('int32');
  });

  it('zeros and full(0) hold +0, full(-0) holds -0, full(false) holds 0, in every dtype', () => {
    for (const dtype of ['float32', 'float64'] as const) {
      expect(Array.from(zeros([3], { dtype }).storage).every((v) => Object.is(v, 0))).toBe(true);
      expect(Array.from(full([3], 0, { dtype }).storage).every((v) => Object.is(v, 0))).toBe(true);
      expect(Array.from(full([3], -0, { dtype }).storage).every((v) => Object.is(v, -0))).toBe(true);
      expect(Array.from(zerosLike(full([2], -0, { dtype })).storage).every((v) => Object.is(v, 0))).toBe(true);
    }
    expect(Array.from(full([2], -0, { dtype: 'int32' }).storage)).toEqual([0, 0]);
    expect(Array.from(full([2], false as unknown as number, { dtype: 'bool' }) /* accepted at run time, as PyTorch's full(…, False) */.storage)).toEqual([0, 0]);
    expect(Array.from(zeros([2], { dtype: 'bool' }).storage)).toEqual([0, 0]);
  });

  it('eye(n) and eye(n, m)', () => {
    expect(eye(3).toArray()).toEqual([[1, 0, 0], [0, 1, 0], [0, 0, 1]]);
    expect(eye(2, 3).toArray()).toEqual([[1, 0, 0], [0, 1, 0]]);
    expect(eye(3, 2).toArray()).toEqual([[1, 0], [0, 1], [0, 0]]);
    expect(eye(0).shape).toEqual([0, 0]);
    expect(eye(2, 2, { dtype: 'float64' }).dtype).toBe('float64');
  });

  it('the *Like variants copy shape and dtype (not requiresGrad); options override the dtype', () => {
    const t = tensor([[1, 2, 3]], { dtype: 'float64', requiresGrad: true });
    const z = zerosLike(t);
    expect(z.shape).toEqual([1, 3]);
    expect(z.dtype).toBe('float64');
    expect(z.requiresGrad).toBe(false);
    expect(z.toArray()).toEqual([[0, 0, 0]]);
    expect(onesLike(t, { dtype: 'float32' }).dtype).toBe('float32');
    expect(fullLike(t, -2).toArray()).toEqual([[-2, -2, -2]]);
    expect(onesLike(t, { requiresGrad: true }).requiresGrad).toBe(true);
  });
});

describe('arange', () => {
  it('arange(end), arange(start, end, step), negative steps, empty ranges', () => {
    expect(arange(5).toArray()).toEqual([0, 1, 2, 3, 4]);
    expect(arange(1, 2.5, 0.5).toArray()).toEqual([1, 1.5, 2]);
    expect(arange(5, 0, -2).toArray()).toEqual([5, 3, 1]);
    expect(arange(0, 0).shape).toEqual([0]);
    expect(arange(3).dtype).toBe('float32');
  });

  it('the count is ⌈(end − start)/step⌉, as PyTorch', () => {
    // torch.arange(0, 1, 0.1).numel() == 10; torch.arange(0, 0.3, 0.1, dtype=float64) == [0, 0.1, 0.2]
    expect(arange(0, 1, 0.1).numel()).toBe(10);
    expect(arange(0, 0.3, 0.1, { dtype: 'float64' }).toArray()).toEqual([0, 0.1, 0.2]);
  });
});

describe('arange with options after any of its numbers (PyTorch keywords)', () => {
  it('arange(end, options) and arange(start, end, options)', () => {
    const a = arange(4, { dtype: 'int32' });
    expect([a.dtype, a.toArray()]).toEqual(['int32', [0, 1, 2, 3]]);
    const b = arange(1, 4, { dtype: 'float64' });
    expect([b.dtype, b.toArray()]).toEqual(['float64', [1, 2, 3]]);
    expect(arange(1, 2, 0.25, { dtype: 'float64' }).toArray()).toEqual([1, 1.25, 1.5, 1.75]);
  });
});

describe('linspace', () => {
  // Fixtures: torch.linspace(..., dtype=...).tolist() from PyTorch 1.13. PyTorch's exact last bits
  // depend on its SIMD width (it steps 4 lanes from start + i·step), so interior values are
  // compared within 2 ulps; the endpoints are exact.
  function expectLinspace(actual: number[], torch: number[]): void {
    expect(actual).toHaveLength(torch.length);
    expect(actual[0]).toBe(torch[0]);
    expect(actual[actual.length - 1]).toBe(torch[torch.length - 1]);
    actual.forEach((x, i) => expect(Math.abs(x - torch[i]!)).toBeLessThanOrEqual(2 * 2 ** -52 * Math.max(1, Math.abs(torch[i]!))));
  }

  it('float64 values agree with PyTorch, endpoints exactly', () => {
    expectLinspace(linspace(-1.3, 2.7, 11, { dtype: 'float64' }).toArray() as number[], [
      -1.3, -0.9, -0.5, -0.09999999999999987, 0.30000000000000004, 0.7000000000000001, 1.1, 1.5000000000000002,
      1.9000000000000001, 2.3000000000000003, 2.7,
    ]);
    expectLinspace(linspace(0, 1, 7, { dtype: 'float64' }).toArray() as number[], [
      0, 0.16666666666666666, 0.3333333333333333, 0.5, 0.6666666666666667, 0.8333333333333334, 1,
    ]);
    expectLinspace(linspace(3, -2, 4, { dtype: 'float64' }).toArray() as number[], [3, 1.3333333333333333, -0.33333333333333326, -2]);
  });

  it('the end is exact even where start + (n−1)·step would miss it', () => {
    // −2.2 + 3·(4.3/3) = 2.1000000000000005 in float64, but the last value must be 2.1
    expect(-2.2 + 3 * ((2.1 - -2.2) / 3)).not.toBe(2.1);
    expectLinspace(linspace(-2.2, 2.1, 4, { dtype: 'float64' }).toArray() as number[], [-2.2, -0.7666666666666666, 0.6666666666666665, 2.1]);
  });

  it('float32: endpoints exact, interior within one float32 rounding of PyTorch', () => {
    const v = linspace(0.1, 0.7, 5).toArray() as number[];
    const torch = [0.10000000149011612, 0.25, 0.4000000059604645, 0.550000011920929, 0.699999988079071];
    expect(v[0]).toBe(Math.fround(0.1));
    expect(v[4]).toBe(Math.fround(0.7));
    v.forEach((x, i) => expect(Math.abs(x - torch[i]!)).toBeLessThanOrEqual(2 ** -24 * Math.abs(torch[i]!)));
  });

  it('one step gives [start]; zero steps give []', () => {
    expect(linspace(2, 5, 1).toArray()).toEqual([2]);
    expect(linspace(2, 5, 0).shape).toEqual([0]);
  });

  it('int32 truncates the float values as PyTorch does, and bool is refused', () => {
    // torch.linspace(a, b, n, dtype=torch.int32).tolist() in PyTorch 1.13
    expect(linspace(0, 10, 4, { dtype: 'int32' }).toArray()).toEqual([0, 3, 6, 10]);
    expect(linspace(-5, 5, 4, { dtype: 'int32' }).toArray()).toEqual([-5, -1, 1, 5]);
    expect(linspace(0, 7, 5, { dtype: 'int32' }).toArray()).toEqual([0, 1, 3, 5, 7]);
    expect(linspace(10, -3, 6, { dtype: 'int32' }).toArray()).toEqual([10, 7, 4, 2, 0, -3]);
    // PyTorch: "linspace_cpu" not implemented for 'Bool'
    expect(() => linspace(0, 1, 3, { dtype: 'bool' })).toThrow(/linspace: .*bool/);
  });
});
