/**
 * Structure ops of issue 10 (tril/triu, diagonal/diag/diagEmbed/trace, roll, repeat, tile,
 * repeatInterleave, meshgrid, unflatten, movedim, swapaxes, broadcastTo, Tensor.unfold):
 * hand-computed values, float64 gradcheck over random shapes (size-0/1 dims, non-contiguous
 * views), gradgradcheck for the adjoint pairs, views sharing storage, and the errors.
 */
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IndexError, ShapeError, diagonal, meshgrid, movedim, repeatInterleave, roll, tensor, tril, zeros, type Tensor } from '../../src/index.js';
import { checkGradcheck, checkGradgradcheck, shapes, tensors } from '../../src/testing/index.js';
import { RUNS, RUNS2, withDim } from './support.js';

const withEmpty = shapes({ maxRank: 3, minSide: 0, maxSide: 4, maxNumel: 24 });
const matrices = shapes({ minRank: 2, maxRank: 3, minSide: 0, maxSide: 4, maxNumel: 24 });
const anyLayout = (shape: fc.Arbitrary<number[]>) => tensors({ shape, layout: 'any' });

describe('tril, triu, diagonal, diag, trace', () => {
  it('hand-computed values', () => {
    const m = tensor([[1, 2, 3], [4, 5, 6], [7, 8, 9]]);
    expect(tril(m).toArray()).toEqual([[1, 0, 0], [4, 5, 0], [7, 8, 9]]);
    expect(m.triu(1).toArray()).toEqual([[0, 2, 3], [0, 0, 6], [0, 0, 0]]);
    expect(m.tril(-1).toArray()).toEqual([[0, 0, 0], [4, 0, 0], [7, 8, 0]]);
    expect(diagonal(m).toArray()).toEqual([1, 5, 9]);
    expect(m.diagonal(1).toArray()).toEqual([2, 6]);
    expect(m.diagonal(-2).toArray()).toEqual([7]);
    expect(m.diagonal(3).shape).toEqual([0]);
    expect(tensor([1, 2]).diag(1).toArray()).toEqual([[0, 1, 0], [0, 0, 2], [0, 0, 0]]);
    expect(m.trace().item()).toBe(15);
    expect(tensor([[1, 2], [3, 4]]).diagEmbed().shape).toEqual([2, 2, 2]);
  });

  it('diagonal is a view sharing storage', () => {
    const m = tensor([[1, 2], [3, 4]]);
    const d = m.diagonal();
    expect(d.storage).toBe(m.storage);
    expect(d.strides).toEqual([3]);
  });

  it('pass gradcheck (and gradgradcheck for the diagonal/embed pair)', () => {
    const args = anyLayout(matrices).chain((x) => fc.tuple(fc.constant(x), fc.integer({ min: -3, max: 3 })));
    checkGradcheck({ inputs: args, f: (x: Tensor, k: number) => x.tril(k), wrt: [0], ...RUNS });
    checkGradcheck({ inputs: args, f: (x: Tensor, k: number) => x.triu(k), wrt: [0], ...RUNS });
    const dims = anyLayout(matrices).chain((x) => fc.tuple(fc.constant(x), fc.integer({ min: -3, max: 3 }), fc.integer({ min: 0, max: x.ndim - 1 }), fc.integer({ min: 1, max: x.ndim - 1 })));
    const diag = (x: Tensor, k: number, d1: number, s: number) => x.diagonal(k, d1, (d1 + s) % x.ndim);
    checkGradcheck({ inputs: dims, f: diag, wrt: [0], ...RUNS });
    checkGradgradcheck({ inputs: dims, f: diag, wrt: [0], ...RUNS2 });
    checkGradcheck({ input: anyLayout(shapes({ minRank: 1, maxRank: 2, minSide: 0, maxSide: 4 })), f: (x: Tensor) => x.diagEmbed(1), ...RUNS });
    checkGradcheck({ input: anyLayout(shapes({ minRank: 2, maxRank: 2, minSide: 0, maxSide: 4 })), f: (x: Tensor) => x.trace(), ...RUNS });
  });

  it('errors name the op', () => {
    expect(() => tensor([1, 2]).tril()).toThrow(/tril: needs a tensor of at least 2 dims, got shape \[2\]/);
    expect(() => zeros([2, 2]).diagonal(0, 1, 1)).toThrow(IndexError);
    expect(() => zeros([2, 2, 2]).trace()).toThrow(ShapeError);
  });
});

describe('roll, repeat, tile, repeatInterleave', () => {
  it('hand-computed values', () => {
    expect(roll(tensor([1, 2, 3, 4]), 1).toArray()).toEqual([4, 1, 2, 3]);
    expect(tensor([[1, 2], [3, 4]]).roll(-1, 1).toArray()).toEqual([[2, 1], [4, 3]]);
    expect(tensor([[1, 2], [3, 4]]).roll(1).toArray()).toEqual([[4, 1], [2, 3]]); // flattened
    expect(tensor([1, 2]).repeat(2, 2).toArray()).toEqual([[1, 2, 1, 2], [1, 2, 1, 2]]);
    expect(tensor([[1, 2]]).tile([2]).toArray()).toEqual([[1, 2, 1, 2]]);
    expect(repeatInterleave(tensor([1, 2]), 2).toArray()).toEqual([1, 1, 2, 2]);
    expect(tensor([[1, 2], [3, 4]]).repeatInterleave(tensor([2, 0], { dtype: 'int32' }), 0).toArray()).toEqual([[1, 2], [1, 2]]);
  });

  it('pass gradcheck', () => {
    const rollArgs = withDim(withEmpty).chain(([x, d]) => fc.tuple(fc.constant(x), fc.integer({ min: -5, max: 5 }), fc.constant(d)));
    checkGradcheck({ inputs: rollArgs, f: (x: Tensor, s: number, d: number) => x.roll(s, d), wrt: [0], ...RUNS });
    const reps = anyLayout(shapes({ maxRank: 2, minSide: 0, maxSide: 3 })).chain((x) => fc.tuple(fc.constant(x), fc.array(fc.integer({ min: 0, max: 2 }), { minLength: x.ndim, maxLength: x.ndim + 1 })));
    checkGradcheck({ inputs: reps, f: (x: Tensor, r: number[]) => x.repeat(r), wrt: [0], ...RUNS });
    checkGradcheck({ inputs: reps, f: (x: Tensor, r: number[]) => x.tile(r), wrt: [0], ...RUNS });
    const inter = withDim(withEmpty).chain(([x, d]) => fc.tuple(fc.constant(x), fc.integer({ min: 0, max: 3 }), fc.constant(d)));
    checkGradcheck({ inputs: inter, f: (x: Tensor, r: number, d: number) => x.repeatInterleave(r, d), wrt: [0], ...RUNS });
  });
});

describe('meshgrid, unflatten, movedim, swapaxes, broadcastTo, unfold', () => {
  it('hand-computed values and shapes', () => {
    const [gx, gy] = meshgrid([tensor([1, 2]), tensor([3, 4, 5])]);
    expect(gx!.toArray()).toEqual([[1, 1, 1], [2, 2, 2]]);
    expect(gy!.toArray()).toEqual([[3, 4, 5], [3, 4, 5]]);
    const [hx] = meshgrid([tensor([1, 2]), tensor([3, 4, 5])], { indexing: 'xy' });
    expect(hx!.toArray()).toEqual([[1, 2], [1, 2], [1, 2]]);
    expect(zeros([2, 6]).unflatten(1, [2, -1]).shape).toEqual([2, 2, 3]);
    expect(movedim(zeros([2, 3, 4]), 0, -1).shape).toEqual([3, 4, 2]);
    expect(movedim(zeros([2, 3, 4]), [0, 1], [2, 0]).shape).toEqual([3, 4, 2]);
    expect(zeros([2, 3, 4]).swapaxes(0, 2).shape).toEqual([4, 3, 2]);
    expect(tensor([1, 2]).broadcastTo([3, 2]).toArray()).toEqual([[1, 2], [1, 2], [1, 2]]);
    expect(tensor([1, 2, 3, 4]).unfold(0, 2, 1).toArray()).toEqual([[1, 2], [2, 3], [3, 4]]);
    expect(tensor([1, 2, 3, 4, 5]).unfold(0, 2, 2).toArray()).toEqual([[1, 2], [3, 4]]);
  });

  it('unfold is a view and its gradient sums the overlapping windows (hand-computed)', () => {
    const x = tensor([1, 2, 3, 4]).requiresGrad_(true);
    const w = x.unfold(0, 2, 1);
    expect(w.storage).toBe(x.storage);
    w.sum().backward();
    expect(x.grad!.toArray()).toEqual([1, 2, 2, 1]);
  });

  it('pass gradcheck', () => {
    const unfoldArgs = withDim(shapes({ maxRank: 3, minSide: 0, maxSide: 4, maxNumel: 24 })).chain(([x, d]) => {
      const n = x.ndim === 0 ? 1 : x.shape[d < 0 ? d + x.ndim : d]!;
      return fc.tuple(fc.constant(x), fc.constant(d), fc.integer({ min: 0, max: n }), fc.integer({ min: 1, max: 3 }));
    });
    checkGradcheck({ inputs: unfoldArgs, f: (x: Tensor, d: number, size: number, step: number) => x.unfold(d, size, step), wrt: [0], ...RUNS });
    checkGradgradcheck({ inputs: unfoldArgs, f: (x: Tensor, d: number, size: number, step: number) => x.unfold(d, size, step), wrt: [0], ...RUNS2 });
    const grid = fc.tuple(anyLayout(shapes({ minRank: 1, maxRank: 1, minSide: 0, maxSide: 3 })), anyLayout(shapes({ minRank: 1, maxRank: 1, minSide: 1, maxSide: 3 })));
    checkGradcheck({ inputs: grid, f: (a: Tensor, b: Tensor) => meshgrid([a, b], { indexing: 'xy' }), ...RUNS });
    const moves = anyLayout(shapes({ minRank: 1, maxRank: 3, minSide: 0, maxSide: 3 })).chain((x) => fc.tuple(fc.constant(x), fc.integer({ min: 0, max: x.ndim - 1 }), fc.integer({ min: 0, max: x.ndim - 1 })));
    checkGradcheck({ inputs: moves, f: (x: Tensor, s: number, d: number) => x.movedim(s, d), wrt: [0], ...RUNS });
  });

  it('errors name the op', () => {
    expect(() => tensor([1, 2, 3]).unfold(0, 4, 1)).toThrow(/unfold: size=4 must be in 0..3/);
    expect(() => zeros([2, 6]).unflatten(1, [4, -1])).toThrow(/unflatten: sizes \[4,-1\] do not multiply to dim 1 of size 6/);
    expect(() => meshgrid([zeros([2, 2])])).toThrow(/meshgrid: tensor 0 must be 0-D or 1-D/);
  });
});
