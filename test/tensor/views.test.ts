/**
 * Views share storage with their base: a write through either shows in the other. contiguous()
 * copies only when needed. Reading values out: toArray, toTypedArray, item, and printing via
 * util.inspect (same text as toString).
 */
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { noGrad, tensor, type Tensor } from '../../src/index.js';

/** [[0, 1, 2], [3, 4, 5]] in float64. */
function base23(): Tensor {
  return tensor([[0, 1, 2], [3, 4, 5]], { dtype: 'float64' });
}

describe('views share storage with their base', () => {
  // Each case: the view, and its values by hand for base = [[0, 1, 2], [3, 4, 5]].
  const cases: [string, (b: Tensor) => Tensor, unknown][] = [
    ['reshape', (b) => b.reshape([3, 2]), [[0, 1], [2, 3], [4, 5]]],
    ['view', (b) => b.view([6]), [0, 1, 2, 3, 4, 5]],
    ['transpose', (b) => b.transpose(0, 1), [[0, 3], [1, 4], [2, 5]]],
    ['permute', (b) => b.unsqueeze(0).permute(2, 0, 1), [[[0, 3]], [[1, 4]], [[2, 5]]]],
    ['expand', (b) => b.narrow(0, 0, 1).expand(2, 3), [[0, 1, 2], [0, 1, 2]]],
    ['narrow', (b) => b.narrow(1, 1, 2), [[1, 2], [4, 5]]],
    ['slice', (b) => b.slice(1, 0, 3, 2), [[0, 2], [3, 5]]],
    ['squeeze', (b) => b.narrow(0, 1, 1).squeeze(0), [3, 4, 5]],
    ['unsqueeze', (b) => b.unsqueeze(1), [[[0, 1, 2]], [[3, 4, 5]]]],
    ['select', (b) => b.select(1, 2), [2, 5]],
  ];

  for (const [name, make, expected] of cases) {
    it(`${name}: same storage, right values, and a copy_ into the base shows in the view`, () => {
      const b = base23();
      const v = make(b);
      expect(v.storage).toBe(b.storage);
      expect(v.base).toBe(b);
      expect(v.toArray()).toEqual(expected);
      noGrad(() => b.copy_(b.mul(10)));
      const scaled = JSON.parse(JSON.stringify(expected), (_k, x) => (typeof x === 'number' ? x * 10 : x));
      expect(v.toArray()).toEqual(scaled);
    });
  }

  it('a copy_ into a view shows in the base (narrow, transpose, reshape)', () => {
    const b = base23();
    b.narrow(1, 1, 1).copy_(tensor([[-1], [-4]], { dtype: 'float64' }));
    expect(b.toArray()).toEqual([[0, -1, 2], [3, -4, 5]]);
    b.t().narrow(0, 0, 1).copy_(tensor([[7, 8]], { dtype: 'float64' })); // first column
    expect(b.toArray()).toEqual([[7, -1, 2], [8, -4, 5]]);
    b.reshape([6]).narrow(0, 5, 1).fill_(9);
    expect(b.toArray()).toEqual([[7, -1, 2], [8, -4, 9]]);
  });

  it('a view of a leaf requiring grad can be written under noGrad, and the leaf sees it', () => {
    const w = tensor([1, 2, 3], { dtype: 'float64', requiresGrad: true });
    noGrad(() => w.narrow(0, 1, 2).mul_(10));
    expect(w.toArray()).toEqual([1, 20, 30]);
  });

  it('views of views point at the original base and storage', () => {
    const b = base23();
    const vv = b.t().narrow(0, 1, 2).transpose(0, 1).unsqueeze(0);
    expect(vv.storage).toBe(b.storage);
    expect(vv.base).toBe(b);
    expect(vv.offset).toBe(1);
    expect(vv.toArray()).toEqual([[[1, 2], [4, 5]]]);
  });

  it('reshape of a non-contiguous tensor copies (new storage, same values)', () => {
    const b = base23();
    const r = b.t().reshape([6]);
    expect(r.storage).not.toBe(b.storage);
    expect(r.toArray()).toEqual([0, 3, 1, 4, 2, 5]);
    noGrad(() => b.fill_(0));
    expect(r.toArray()).toEqual([0, 3, 1, 4, 2, 5]);
  });

  it('clone copies', () => {
    const b = base23();
    const c = b.clone();
    expect(c.storage).not.toBe(b.storage);
    b.fill_(1);
    expect(c.toArray()).toEqual([[0, 1, 2], [3, 4, 5]]);
  });
});

describe('contiguity', () => {
  it('isContiguous for row-major tensors and views', () => {
    const b = base23();
    expect(b.isContiguous()).toBe(true);
    expect(b.t().isContiguous()).toBe(false);
    expect(b.narrow(0, 1, 1).isContiguous()).toBe(true); // one whole row
    expect(b.narrow(1, 0, 2).isContiguous()).toBe(false); // rows with a gap
    expect(b.slice(1, 0, 3, 2).isContiguous()).toBe(false);
    expect(b.narrow(0, 0, 1).expand(2, 3).isContiguous()).toBe(false);
    expect(b.unsqueeze(0).isContiguous()).toBe(true);
    expect(tensor([[1], [2]]).t().isContiguous()).toBe(true); // [1,2] with a size-1 dim: any stride works
  });

  it('contiguous() returns the tensor itself when already contiguous', () => {
    const b = base23();
    expect(b.contiguous()).toBe(b);
    const row = b.narrow(0, 1, 1);
    expect(row.contiguous()).toBe(row);
  });

  it('contiguous() copies a non-contiguous view into row-major order', () => {
    const b = base23();
    const c = b.t().contiguous();
    expect(c.storage).not.toBe(b.storage);
    expect(c.isContiguous()).toBe(true);
    expect(c.strides).toEqual([2, 1]);
    expect(Array.from(c.storage)).toEqual([0, 3, 1, 4, 2, 5]);
  });

  it('contiguous() passes the gradient straight through', () => {
    const x = tensor([[1, 2], [3, 4]], { dtype: 'float64', requiresGrad: true });
    // y = Σ xᵀ ⊙ [[1, 2], [3, 4]] → dy/dx = [[1, 2], [3, 4]]ᵀ = [[1, 3], [2, 4]]
    x.t().contiguous().mul(tensor([[1, 2], [3, 4]], { dtype: 'float64' })).sum().backward();
    expect(x.grad!.toArray()).toEqual([[1, 3], [2, 4]]);
  });
});

describe('reading values', () => {
  it('toArray of 0-d, 1-d, 2-d, empty and bool tensors', () => {
    expect(tensor(3).toArray()).toBe(3);
    expect(tensor([1, 2]).toArray()).toEqual([1, 2]);
    expect(tensor([[1], [2]]).toArray()).toEqual([[1], [2]]);
    expect(tensor([]).toArray()).toEqual([]);
    expect(tensor([[]]).toArray()).toEqual([[]]);
    expect(tensor([1, 0, 2]).gt(0).toArray()).toEqual([true, false, true]);
  });

  it('toTypedArray returns a fresh row-major copy of the right type', () => {
    const b = base23();
    const a = b.toTypedArray();
    expect(a).toBeInstanceOf(Float64Array);
    a[0] = 100;
    expect(b.toArray()).toEqual([[0, 1, 2], [3, 4, 5]]);
    expect(Array.from(b.t().toTypedArray())).toEqual([0, 3, 1, 4, 2, 5]);
    expect(Array.from(b.narrow(1, 1, 1).toTypedArray())).toEqual([1, 4]);
    expect(tensor([1], { dtype: 'int32' }).toTypedArray()).toBeInstanceOf(Int32Array);
  });

  it('item reads the single element of any one-element tensor, through its offset', () => {
    const b = base23();
    expect(tensor(7).item()).toBe(7);
    expect(b.narrow(0, 1, 1).narrow(1, 2, 1).item()).toBe(5);
    expect(b.select(0, 1).select(0, 1).item()).toBe(4);
  });

  it('size(), size(dim), dim(), numel()', () => {
    const b = base23();
    expect(b.size()).toEqual([2, 3]);
    expect(b.size(-1)).toBe(3);
    expect(b.dim()).toBe(2);
    expect(b.numel()).toBe(6);
  });
});

describe('printing', () => {
  it('util.inspect prints the same text as toString', () => {
    const ts = [
      tensor([1, 2.5]),
      tensor([[1, 2], [3, 4]], { dtype: 'float64' }),
      tensor([1, 2], { requiresGrad: true }).mul(2),
      base23().t(),
      tensor([true, false]),
    ];
    for (const t of ts) expect(inspect(t)).toBe(t.toString());
  });

  it('looks like PyTorch’s repr', () => {
    expect(tensor([1, 2.5]).toString()).toBe('tensor([1.0000, 2.5000])');
    expect(tensor([[1, 2], [3, 4]]).toString()).toBe('tensor([[1., 2.],\n        [3., 4.]])');
    expect(tensor([1, 2], { dtype: 'float64' }).toString()).toBe('tensor([1., 2.], dtype=float64)');
    expect(tensor([1, 2], { requiresGrad: true }).toString()).toBe('tensor([1., 2.], requiresGrad=true)');
    expect(tensor([1, 2], { requiresGrad: true }).mul(2).toString()).toBe('tensor([2., 4.], gradFn=<MulBackward>)');
  });

  it('a view prints its own elements in row-major order', () => {
    expect(base23().t().toString()).toBe('tensor([[0., 3.],\n        [1., 4.],\n        [2., 5.]], dtype=float64)');
  });
});
