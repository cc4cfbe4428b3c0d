/**
 * Session 18's PyTorch parity audit of the tensor basics a course uses: each test pins one
 * difference found against torch 1.13 and fixed. Expected values are PyTorch's (quoted per test)
 * and small enough to check by hand.
 */
import { describe, expect, it } from 'vitest';
import { Generator, equal, median, noGrad, manualSeed, pow, where, randint, randintLike, std, stdMean, tensor, variance, varMean, zeros } from '../../src/index.js';
import { AutogradError, ValueError } from '../../src/errors.js';
import { linalg } from '../../src/index.js';

describe('var/std take PyTorch 1.13\'s unbiased flag', () => {
  // rows [1, 5, 3] and [4, 2, 6]: means 3 and 4, squared deviations 8 and 8;
  // all six values: mean 3.5, squared deviations 17.5
  const x = tensor([[1, 5, 3], [4, 2, 6]], { dtype: 'float64' });

  it('unbiased: false divides by N, unbiased: true by N − 1 (it was an unknown option)', () => {
    // torch: x.var(1, unbiased=False) → [2.6667, 2.6667]; x.std(unbiased=False) → 1.7078
    expect(x.var(1, { unbiased: false }).toArray()).toEqual([8 / 3, 8 / 3]);
    expect(variance(x, 1, { unbiased: true }).toArray()).toEqual([4, 4]);
    expect(x.std(undefined, { unbiased: false }).item()).toBeCloseTo(Math.sqrt(17.5 / 6), 14);
    expect(std(x, 1, { unbiased: true, keepdim: true }).toArray()).toEqual([[2], [2]]);
    // torch: torch.var_mean(x, 1, unbiased=False) → ([2.6667, 2.6667], [3, 4])
    const [v, m] = varMean(x, 1, { unbiased: false });
    expect([v.toArray(), m.toArray()]).toEqual([[8 / 3, 8 / 3], [3, 4]]);
    expect(stdMean(x, 0, { unbiased: false })[0].toArray()).toEqual([1.5, 1.5, 1.5]);
  });

  it('refuses unbiased together with correction, and a non-boolean unbiased, as PyTorch does', () => {
    expect(() => x.var(1, { unbiased: false, correction: 0 })).toThrow(new ValueError('var', 'give correction or unbiased, not both (got correction=0, unbiased=false)'));
    expect(() => x.std(1, { unbiased: 1 as unknown as boolean })).toThrow(/^std: unbiased must be true or false/);
  });
});

describe('randint(high, size) and randintLike(t, high) start at 0, as torch.randint(10, (5,))', () => {
  it('draws the same values as the low = 0 form under the same seed (high-only was refused as low=10, high=[5])', () => {
    manualSeed(18);
    const full = randint(0, 10, [4, 5]);
    manualSeed(18);
    const short = randint(10, [4, 5]);
    expect([short.shape, short.dtype]).toEqual([[4, 5], 'int32']);
    expect(short.toArray()).toEqual(full.toArray());
    expect(Array.from(short.toTypedArray()).every((v) => v >= 0 && v < 10)).toBe(true);
    manualSeed(18);
    expect(randint(10, [4, 5], { dtype: 'float64' }).dtype).toBe('float64');
    manualSeed(18);
    const like = randintLike(zeros([4, 5]), 10);
    expect([like.dtype, like.toArray()]).toEqual(['int32', full.toArray()]);
    manualSeed(18);
    expect(randintLike(zeros([4, 5]), 0, 10).toArray()).toEqual(full.toArray());
  });

  it('a number in second place is still high: randint(10, 5) is refused, as PyTorch refuses it', () => {
    expect(() => randint(10, 5 as unknown as number[])).toThrow(/^randint: need integers low < high, got low=10, high=5/);
  });
});

describe('pow with a number base, as torch.pow(2, t)', () => {
  it('keeps an int32 exponent\'s dtype and promotes a float base (it was "input must be a Tensor")', () => {
    const e = tensor([1, 2, -1], { dtype: 'int32' });
    // torch: torch.pow(2, int32 [1, 2, -1]) → int32 [2, 4, 0]; torch.pow(2.5, int32 [1, 2]) → float32 [2.5, 6.25]
    const r = pow(2, e);
    expect([r.dtype, r.toArray()]).toEqual(['int32', [2, 4, 0]]);
    const f = pow(2.5, tensor([1, 2], { dtype: 'int32' }));
    expect([f.dtype, f.toArray()]).toEqual(['float32', [2.5, 6.25]]);
    expect(pow(2, tensor([1], { dtype: 'float64' })).dtype).toBe('float64');
  });

  it('differentiates to the exponent: d 2^e / de = 2^e · ln 2', () => {
    const e = tensor([0.5, 1, 3], { dtype: 'float64', requiresGrad: true });
    const r = pow(2, e);
    r.sum().backward();
    expect(r.toArray()).toEqual([Math.SQRT2, 2, 8]);
    const g = e.grad!.toArray() as number[];
    [Math.SQRT2 * Math.LN2, 2 * Math.LN2, 8 * Math.LN2].forEach((v, i) => expect(g[i]).toBeCloseTo(v, 14));
    // torch: torch.pow(0, tensor([0., 1.])) → [1., 0.]
    expect(pow(0, tensor([0, 1])).toArray()).toEqual([1, 0]);
  });

  it('still needs a tensor somewhere', () => {
    expect(() => pow(2, 3)).toThrow(/^pow: exponent must be a Tensor, got 3/);
  });
});

describe('where(condition) alone gives the indices of the true entries, as torch.where(condition)', () => {
  it('one int32 tensor per dim, as nonzero(condition, { asTuple: true }) (it was "input must be a Tensor or a number")', () => {
    const x = tensor([[1, 5, 3], [4, 2, 6]]);
    // torch: torch.where(x > 2) → (tensor([0, 0, 1, 1]), tensor([1, 2, 0, 2]))
    const [rows, cols] = where(x.gt(2));
    expect([rows!.dtype, rows!.toArray(), cols!.toArray()]).toEqual(['int32', [0, 0, 1, 1], [1, 2, 0, 2]]);
    // torch: torch.where(tensor([0., 1.5, 0.])) → (tensor([1]),)
    expect(where(tensor([0, 1.5, 0])).map((t) => t.toArray())).toEqual([[1]]);
    // the three-argument form is unchanged
    expect(where(x.gt(2), x, 0).toArray()).toEqual([[0, 5, 3], [4, 0, 6]]);
  });
});

describe('x.uniform_(from, to) and x.normal_(mean, std) fill in place, as PyTorch\'s tensor methods', () => {
  it('draw what nn.init draws from the same generator, and return the tensor (they did not exist)', () => {
    const x = zeros([1000], { dtype: 'float64' });
    expect(x.uniform_(-2, 3, { generator: new Generator().manualSeed(5) })).toBe(x);
    const v = Array.from(x.toTypedArray());
    expect([Math.min(...v) >= -2, Math.max(...v) < 3]).toEqual([true, true]);
    const g = new Generator().manualSeed(5);
    expect(v.slice(0, 3)).toEqual([0, 1, 2].map(() => g.uniform() * 5 - 2));
    manualSeed(7);
    const y = zeros([2, 3]).normal_(1, 0.5);
    manualSeed(7);
    const z = zeros([2, 3]);
    noGrad(() => z.normal_(1, 0.5));
    expect(y.toArray()).toEqual(z.toArray());
    expect(y.mean().item()).not.toBe(0);
  });

  it('refuses a tensor that requires grad while grad mode is on, as PyTorch refuses a leaf', () => {
    const w = zeros([2], { requiresGrad: true });
    expect(() => w.uniform_()).toThrow(new AutogradError('uniform_', 'a tensor that requires grad (shape [2]) cannot be filled in place while grad mode is on; wrap the fill in noGrad()'));
    expect(noGrad(() => w.normal_())).toBe(w);
  });
});

describe('median of all entries shares its gradient among the entries equal to it, as PyTorch', () => {
  it.each([
    // torch: x.median(), then (3 · median).backward(): the gradient 3 split among the ties
    [[1, 1, 3], 1, [1.5, 1.5, 0]],
    [[1, 2, 2, 3], 2, [0, 1.5, 1.5, 0]],
    [[1, NaN, 3, NaN], NaN, [0, 1.5, 0, 1.5]],
    [[[4, 1], [1, 2]], 1, [[0, 1.5], [1.5, 0]]],
  ])('%j → %d (all the gradient went to one entry)', (values, med, grad) => {
    const x = tensor(values, { dtype: 'float64', requiresGrad: true });
    const m = median(x);
    expect(m.shape).toEqual([]);
    expect(m.item()).toEqual(med);
    m.mul(3).backward();
    expect(x.grad!.toArray()).toEqual(grad);
  });

  it('along a dim the gradient still goes to the returned index, as PyTorch', () => {
    const x = tensor([[1, 1, 3]], { dtype: 'float64', requiresGrad: true });
    const [v, i] = x.median(1);
    v.sum().backward();
    const g = [0, 0, 0];
    g[i.item()] = 1;
    expect(x.grad!.toArray()).toEqual([g]);
  });
});

describe('equal(a, b) and x.equal(y), as torch.equal (they did not exist)', () => {
  it('same shape and equal values, dtypes compared by value, NaN unequal', () => {
    // torch: equal(int [1, 2], float [1., 2.]) True; [2] vs [1, 2] False; NaN vs NaN False; float32 vs float64 True
    expect(equal(tensor([1, 2], { dtype: 'int32' }), tensor([1, 2]))).toBe(true);
    expect(equal(tensor([1, 2]), tensor([[1, 2]]))).toBe(false);
    expect(tensor([NaN]).equal(tensor([NaN]))).toBe(false);
    expect(tensor([1, 2]).equal(tensor([1, 2], { dtype: 'float64' }))).toBe(true);
    expect(tensor([1, 2]).equal(tensor([1, 3]))).toBe(false);
    expect(equal(zeros([0, 3]), zeros([0, 3]))).toBe(true);
    expect(() => equal(tensor([1]), [1] as never)).toThrow(/^equal: other must be a Tensor/);
  });
});

describe('linalg.matrixRank with null tolerances, as pinv', () => {
  it('is a ValueError naming the op (the fuzz test reached it once session 18 added exports; it was a raw TypeError)', () => {
    expect(() => linalg.matrixRank(zeros([0, 0]), null as never)).toThrow(/^linalg\.matrixRank: options must be an object, got null/);
    expect(() => linalg.pinv(zeros([2, 2]), null as never)).toThrow(/^linalg\.pinv: options must be an object, got null/);
    expect(linalg.matrixRank(tensor([[1, 0], [0, 0]])).item()).toBe(1);
  });
});
