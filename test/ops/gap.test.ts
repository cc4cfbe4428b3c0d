/**
 * The gap-scan ops after issue 10 (src/functional/products.ts, elementwise3.ts, stacking.ts; values
 * and gradients against PyTorch are in test/pytorch/gap.test.ts): hand-derived values, float64
 * gradcheck over random shapes (size-0 and size-1 dims, broadcasting, non-contiguous views), the
 * Tensor methods and new* factories, and the errors (naming the op).
 */
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as cr from '../../src/index.js';
import { DTypeError, IndexError, ShapeError, tensor, type Tensor } from '../../src/index.js';
import { shapes, tensors } from '../../src/testing/index.js';
import { checkGradcheck } from '../support/short-gradcheck.js';
import { RUNS, broadcastPairs } from './support.js';

const f64 = { dtype: 'float64' } as const;
const any = (shape: number[] | fc.Arbitrary<number[]>, extra = {}) => tensors({ shape, layout: 'any', ...extra });
const side = fc.integer({ min: 0, max: 3 });

describe('products by hand', () => {
  it('the TSDoc values', () => {
    expect(cr.mm(tensor([[1, 2]]), tensor([[3], [4]])).toArray()).toEqual([[11]]);
    expect(cr.bmm(cr.ones([2, 1, 3]), cr.ones([2, 3, 1])).toArray()).toEqual([[[3]], [[3]]]);
    expect(cr.mv(tensor([[1, 2], [3, 4]]), tensor([1, 1])).toArray()).toEqual([3, 7]);
    expect(cr.dot(tensor([1, 2, 3]), tensor([4, 5, 6])).item()).toBe(32);
    expect(cr.inner(tensor([[1, 2], [3, 4]]), tensor([1, 1])).toArray()).toEqual([3, 7]);
    expect(cr.outer(tensor([1, 2]), tensor([3, 4, 5])).toArray()).toEqual([[3, 4, 5], [6, 8, 10]]);
    expect(cr.addmm(cr.ones([2, 2]), cr.eye(2), tensor([[1, 2], [3, 4]]), { beta: 0.5 }).toArray()).toEqual([[1.5, 2.5], [3.5, 4.5]]);
    expect(cr.addmv(tensor([1, 1]), tensor([[1, 2], [3, 4]]), tensor([1, 0])).toArray()).toEqual([2, 4]);
    expect(cr.baddbmm(cr.zeros([2, 1, 1]), cr.ones([2, 1, 3]), cr.ones([2, 3, 1]), { alpha: 2 }).toArray()).toEqual([[[6]], [[6]]]);
    expect(cr.addcmul(tensor([1, 1]), tensor([2, 3]), tensor([4, 5]), { value: 0.5 }).toArray()).toEqual([5, 8.5]);
    expect(cr.addcdiv(tensor([1, 1]), tensor([2, 3]), tensor([4, 6]), { value: 2 }).toArray()).toEqual([2, 2]);
    expect(cr.kron(cr.eye(2), tensor([[1, 2], [3, 4]])).toArray()).toEqual([[1, 2, 0, 0], [3, 4, 0, 0], [0, 0, 1, 2], [0, 0, 3, 4]]);
    expect(cr.tensordot(cr.ones([2, 3, 4]), cr.ones([3, 4, 5]), 2).toArray()).toEqual(Array(2).fill(Array(5).fill(12)));
    expect(cr.tensordot(cr.ones([3, 2]), cr.ones([3, 4]), [[0], [0]]).shape).toEqual([2, 4]);
    expect(cr.cross(tensor([1, 0, 0]), tensor([0, 1, 0])).toArray()).toEqual([0, 0, 1]);
    expect(cr.dist(tensor([0, 0]), tensor([3, 4])).item()).toBe(5);
    const d = cr.cdist(tensor([[0, 0], [1, 1]], f64), tensor([[3, 4]], f64)).toArray() as number[][];
    expect(d[0]![0]).toBe(5);
    expect(d[1]![0]).toBeCloseTo(Math.sqrt(13), 14);
  });
  it('cdist: the gradient at a zero distance is 0 (PyTorch)', () => {
    const x = tensor([[1, 2]], { dtype: 'float64', requiresGrad: true });
    cr.cdist(x, tensor([[1, 2]], f64)).sum().backward();
    expect(x.grad!.toArray()).toEqual([[0, 0]]);
  });
  it('errors name the op, the argument and the shapes', () => {
    expect(() => cr.mm(cr.ones([2, 3]), cr.ones([2, 3]))).toThrow(/^mm: sizes do not match: \[2,3\] and \[2,3\]/);
    expect(() => cr.mm(cr.ones([3]), cr.ones([3, 2]))).toThrow(ShapeError);
    expect(() => cr.bmm(cr.ones([2, 1, 3]), cr.ones([3, 3, 1]))).toThrow(/^bmm: batch sizes differ/);
    expect(() => cr.dot(cr.ones([3]), cr.ones([4]))).toThrow(/^dot: /);
    expect(() => cr.addmm(cr.ones([3, 3]), cr.ones([2, 2]), cr.ones([2, 2]))).toThrow(/^addmm: /);
    expect(() => cr.cross(cr.ones([2]), cr.ones([2]))).toThrow(/^cross: dim -1 must have size 3/);
    expect(() => cr.tensordot(cr.ones([2, 3]), cr.ones([2, 3]), 1)).toThrow(/^tensordot: contracted sizes differ/);
    expect(() => cr.tensordot(cr.ones([2]), cr.ones([2]), 3)).toThrow(/^tensordot: dims=3 exceeds/);
    expect(() => cr.cdist(cr.ones([3]), cr.ones([2, 3]))).toThrow(/^cdist: x1 and x2 must be at least 2-D/);
    expect(() => cr.outer(null as unknown as Tensor, cr.ones([2]))).toThrow(/^outer: input must be a Tensor/);
  });
});

describe('products: gradcheck over random shapes', () => {
  it('mm, bmm, mv, dot, outer, inner (size-0 and size-1 sides, non-contiguous)', () => {
    const mats = fc.tuple(side, side, side).chain(([n, m, p]) => fc.tuple(any([n, m]), any([m, p]), any([m]), any([p])));
    checkGradcheck({ inputs: mats, f: (a: Tensor, b: Tensor, _v: Tensor, _w: Tensor) => cr.mm(a, b), wrt: [0, 1], ...RUNS });
    checkGradcheck({ inputs: mats, f: (a: Tensor, _b: Tensor, v: Tensor, _w: Tensor) => a.mv(v), wrt: [0, 2], ...RUNS });
    checkGradcheck({ inputs: mats, f: (_a: Tensor, _b: Tensor, v: Tensor, w: Tensor) => cr.outer(v, w), wrt: [2, 3], ...RUNS });
    checkGradcheck({ inputs: mats, f: (_a: Tensor, _b: Tensor, v: Tensor, _w: Tensor) => v.dot(v.flip(0)), wrt: [2], ...RUNS });
    checkGradcheck({ inputs: mats, f: (a: Tensor, b: Tensor, _v: Tensor, _w: Tensor) => cr.inner(a, b.transpose(0, 1)), wrt: [0, 1], ...RUNS });
    const batched = fc.tuple(side, side, side, side).chain(([B, n, m, p]) => fc.tuple(any([B, n, m]), any([B, m, p])));
    checkGradcheck({ inputs: batched, f: (a: Tensor, b: Tensor) => cr.bmm(a, b), ...RUNS });
  });
  it('addmm, addmv, baddbmm with beta and alpha (input broadcast), addcmul, addcdiv (all three broadcast)', () => {
    const args = fc.tuple(side, side, side, fc.double({ min: -2, max: 2, noNaN: true }), fc.double({ min: -2, max: 2, noNaN: true }))
      .chain(([n, m, p, beta, alpha]) => fc.tuple(any(fc.constantFrom([n, p], [p], [1, p], [])), any([n, m]), any([m, p]), fc.constant({ beta, alpha })));
    checkGradcheck({ inputs: args, f: (x: Tensor, a: Tensor, b: Tensor, o: cr.AddProductOptions) => x.addmm(a, b, o), wrt: [0, 1, 2], ...RUNS });
    checkGradcheck({ inputs: args, f: (x: Tensor, a: Tensor, b: Tensor, o: cr.AddProductOptions) => cr.addmm(x, a, b, { ...o, beta: 0 }), wrt: [0, 1, 2], ...RUNS });
    const mv = fc.tuple(side, side).chain(([n, m]) => fc.tuple(any(fc.constantFrom([n], [1], [])), any([n, m]), any([m])));
    checkGradcheck({ inputs: mv, f: (x: Tensor, a: Tensor, v: Tensor) => cr.addmv(x, a, v, { beta: 2, alpha: 0.5 }), ...RUNS });
    const batched = fc.tuple(side, side, side, side).chain(([B, n, m, p]) => fc.tuple(any(fc.constantFrom([B, n, p], [n, p], [1])), any([B, n, m]), any([B, m, p])));
    checkGradcheck({ inputs: batched, f: (x: Tensor, a: Tensor, b: Tensor) => x.baddbmm(a, b, { beta: 0.5, alpha: -1.5 }), ...RUNS });
    const three = broadcastPairs().chain(([a, b]) => fc.tuple(fc.constant(a), fc.constant(b), any(a.shape.slice(-1), { avoid: [0], margin: 0.3 })));
    checkGradcheck({ inputs: three, f: (x: Tensor, a: Tensor, b: Tensor) => x.addcmul(a, b, { value: 0.5 }), ...RUNS });
    checkGradcheck({ inputs: three, f: (x: Tensor, a: Tensor, b: Tensor) => cr.addcdiv(x, a, b, { value: -2 }), ...RUNS });
  });
  it('kron, tensordot, cross, dist, cdist', () => {
    const pair = fc.tuple(shapes({ maxRank: 3, maxSide: 2 }), shapes({ maxRank: 2, maxSide: 3 })).chain(([sa, sb]) => fc.tuple(any(sa), any(sb)));
    checkGradcheck({ inputs: pair, f: (a: Tensor, b: Tensor) => cr.kron(a, b), ...RUNS });
    const dotted = fc.tuple(side, side, side, side).chain(([i, j, k, l]) => fc.tuple(any([i, j, k]), any([j, k, l]), any([k, i])));
    checkGradcheck({ inputs: dotted, f: (a: Tensor, b: Tensor, _c: Tensor) => cr.tensordot(a, b, 2), wrt: [0, 1], ...RUNS });
    checkGradcheck({ inputs: dotted, f: (a: Tensor, _b: Tensor, c: Tensor) => cr.tensordot(a, c, [[2, 0], [0, 1]]), wrt: [0, 2], ...RUNS });
    const vecs = fc.tuple(side, fc.constantFrom(0, -1)).chain(([n, d]) => fc.tuple(any(d === 0 ? [3, n] : [n, 3]), any(d === 0 ? [3, 1] : [1, 3]), fc.constant(d)));
    checkGradcheck({ inputs: vecs, f: (a: Tensor, b: Tensor, d: number) => a.cross(b, d), wrt: [0, 1], ...RUNS });
    // distances kept away from 0, where the norm is not differentiable (the 0 case is checked by hand)
    const pts = fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })).chain(([p, r, m]) =>
      fc.tuple(any([p, m], { min: -1, max: 1 }), any([r, m], { min: 2, max: 3 }), fc.constantFrom(1, 2, 3))); // p = ∞ (ties are kinks): the fixtures
    checkGradcheck({ inputs: pts, f: (a: Tensor, b: Tensor, p: number) => cr.cdist(a, b, p), wrt: [0, 1], ...RUNS });
    checkGradcheck({ inputs: pts, f: (a: Tensor, b: Tensor, p: number) => a.dist(b.narrow(0, 0, 1), p), wrt: [0, 1], ...RUNS });
  });
});

describe('elementwise helpers', () => {
  it('values by hand', () => {
    expect(cr.clip(tensor([-2, 0.5, 3]), -1, 1).toArray()).toEqual([-1, 0.5, 1]);
    expect(cr.xlogy(tensor([0, 2], f64), tensor([0, Math.E], f64)).toArray()).toEqual([0, 2]);
    expect(cr.xlogy(tensor([0], f64), tensor([NaN], f64)).toArray()).toEqual([NaN]);
    const s = cr.sinc(tensor([0, 0.5, 1], f64)).toArray() as number[];
    expect(s[0]).toBe(1);
    expect(s[1]).toBeCloseTo(2 / Math.PI, 15);
    expect(Math.abs(s[2]!)).toBeLessThan(1e-15);
    expect(cr.deg2rad(tensor([180], f64)).item()).toBe(Math.PI);
    expect(cr.rad2deg(tensor([Math.PI], f64)).item()).toBe(180);
    expect(cr.deg2rad(tensor([180], { dtype: 'int32' })).dtype).toBe('float32');
    expect(cr.logit(tensor([0.5, 0.75], f64)).toArray()).toEqual([0, Math.log(3)]);
    const h = cr.heaviside(tensor([-1, 0, 2]), tensor([0.5]));
    expect(h.toArray()).toEqual([0, 0.5, 1]);
    expect(cr.heaviside(tensor([1], { requiresGrad: true }), tensor([0.5])).requiresGrad).toBe(false);
    expect(cr.fmax(tensor([1, NaN, NaN]), tensor([2, 3, NaN])).toArray()).toEqual([2, 3, NaN]);
    expect(cr.fmin(tensor([1, NaN]), tensor([2, 3])).toArray()).toEqual([1, 3]);
    expect(cr.nanToNum(tensor([NaN, Infinity, -Infinity, 1]), { posinf: 9, neginf: -9 }).toArray()).toEqual([0, 9, -9, 1]);
    expect(cr.nanToNum(tensor([Infinity, -Infinity])).toArray()).toEqual([3.4028234663852886e38, -3.4028234663852886e38]); // float32's extremes
    expect(cr.nanToNum(tensor([Infinity], f64)).item()).toBe(Number.MAX_VALUE);
    expect(cr.nansum(tensor([1, NaN, 2])).item()).toBe(3);
    expect(cr.nanmean(tensor([1, NaN, 2])).item()).toBe(1.5);
    expect(cr.nanmean(tensor([[NaN, NaN], [1, 3]]), 1).toArray()).toEqual([NaN, 2]); // an all-NaN row: NaN, as PyTorch
  });
  it('documented gradient differences at 0/0 points: xlogy at x = y = 0 and nanmean of an all-NaN slice give 0 (PyTorch NaN)', () => {
    const y = tensor([0], { dtype: 'float64', requiresGrad: true });
    cr.xlogy(tensor([0], f64), y).sum().backward();
    expect(y.grad!.toArray()).toEqual([0]);
    const x = tensor([NaN, NaN], { dtype: 'float64', requiresGrad: true });
    cr.nanmean(x).backward();
    expect(x.grad!.toArray()).toEqual([0, 0]);
  });
  it('ties: fmax and fmin send the gradient to the first operand (PyTorch)', () => {
    const a = tensor([1], { dtype: 'float64', requiresGrad: true });
    const b = tensor([1], { dtype: 'float64', requiresGrad: true });
    cr.fmax(a, b).sum().backward();
    expect([a.grad!.item(), b.grad!.item()]).toEqual([1, 0]);
  });
  it('gradcheck over random shapes (broadcast pairs, views, away from the kinks)', () => {
    // a in ±[1, 2], b in [−0.9, 0.9]: no ties, and each operand wins somewhere
    const pairs = broadcastPairs({ min: -2, max: 2, avoid: [0], margin: 1 }, { min: -0.9, max: 0.9 });
    checkGradcheck({ inputs: pairs, f: (a: Tensor, b: Tensor) => cr.fmax(a, b), ...RUNS });
    checkGradcheck({ inputs: pairs, f: (a: Tensor, b: Tensor) => cr.fmin(a, b), ...RUNS });
    checkGradcheck({ inputs: broadcastPairs({ avoid: [0], margin: 0.1 }, { min: 0.2, max: 3 }), f: (a: Tensor, b: Tensor) => cr.xlogy(a, b), ...RUNS });
    const one = any(shapes({ maxRank: 3, maxSide: 3 }), { avoid: [0], margin: 0.05 });
    checkGradcheck({ input: one, f: (x: Tensor) => cr.sinc(x), ...RUNS });
    checkGradcheck({ input: one, f: (x: Tensor) => x.deg2rad().add(x.rad2deg()), ...RUNS });
    checkGradcheck({ input: one, f: (x: Tensor) => x.clip(-0.5, 0.5), ...RUNS });
    checkGradcheck({ input: any(shapes({ maxRank: 3, maxSide: 3 }), { min: 0.05, max: 0.95 }), f: (x: Tensor) => cr.logit(x), ...RUNS });
    checkGradcheck({ input: any(shapes({ maxRank: 3, maxSide: 3 }), { min: 0.05, max: 0.95, avoid: [0.2, 0.8], margin: 0.02 }), f: (x: Tensor) => x.logit(0.2), ...RUNS });
    checkGradcheck({ input: one, f: (x: Tensor) => cr.nanToNum(x.log(), { nan: 2 }), ...RUNS }); // NaN where x < 0
    checkGradcheck({ input: one, f: (x: Tensor) => x.sub(0.3).mul(1e300).mul(1e300).add(x).nanToNum({ posinf: 1, neginf: -1 }), ...RUNS }); // ±∞
    checkGradcheck({ input: one, f: (x: Tensor) => cr.nansum(x.log()), ...RUNS }); // NaN where x < 0
    // a non-NaN entry in every slice (an all-NaN slice is the documented 0/0 case)
    checkGradcheck({ input: one.filter((x) => x.ndim > 0), f: (x: Tensor) => cr.cat([x.log(), x.abs().add(0.1)], -1).nanmean(-1, true), ...RUNS });
  });
  it('errors name the op', () => {
    expect(() => cr.xlogy(tensor([1], { dtype: 'int32' }), tensor([1]))).toThrow(DTypeError);
    expect(() => cr.sinc(tensor([1], { dtype: 'int32' }))).toThrow(/^sinc: input must be float32 or float64, got int32/);
    expect(() => cr.heaviside(tensor([1]), tensor([1], f64))).toThrow(/^heaviside: input is float32 but values is float64/);
    expect(() => cr.nanToNum(tensor([1]), { nan: 'x' as unknown as number })).toThrow(/^nanToNum: nan must be a number/);
  });
});

describe('NumPy-style joins and rearrangements', () => {
  it('values by hand', () => {
    expect(cr.atleast1d(tensor(3)).shape).toEqual([1]);
    expect(cr.atleast2d(tensor([1, 2])).shape).toEqual([1, 2]);
    expect(cr.atleast3d(tensor([1, 2])).shape).toEqual([1, 2, 1]);
    expect(cr.atleast3d(tensor(1)).shape).toEqual([1, 1, 1]);
    expect(cr.hstack([tensor([1, 2]), tensor([3])]).toArray()).toEqual([1, 2, 3]);
    expect(cr.hstack([cr.zeros([2, 1]), cr.ones([2, 2])]).shape).toEqual([2, 3]);
    expect(cr.vstack([tensor([1, 2]), tensor([3, 4])]).toArray()).toEqual([[1, 2], [3, 4]]);
    expect(cr.dstack([tensor([1, 2]), tensor([3, 4])]).toArray()).toEqual([[[1, 3], [2, 4]]]);
    expect(cr.columnStack([tensor([1, 2]), tensor([3, 4])]).toArray()).toEqual([[1, 3], [2, 4]]);
    expect(cr.fliplr(tensor([[1, 2], [3, 4]])).toArray()).toEqual([[2, 1], [4, 3]]);
    expect(cr.flipud(tensor([[1, 2], [3, 4]])).toArray()).toEqual([[3, 4], [1, 2]]);
    expect(cr.rot90(tensor([[1, 2], [3, 4]])).toArray()).toEqual([[2, 4], [1, 3]]);
    expect(cr.rot90(tensor([[1, 2], [3, 4]]), -1).toArray()).toEqual([[3, 1], [4, 2]]);
    expect(cr.rot90(tensor([[1, 2], [3, 4]]), 4).toArray()).toEqual([[1, 2], [3, 4]]);
    expect(cr.diff(tensor([1, 4, 9, 16])).toArray()).toEqual([3, 5, 7]);
    expect(cr.diff(tensor([1, 4, 9, 16]), 2).toArray()).toEqual([2, 2]);
    expect(cr.diff(tensor([1, 4]), 3).toArray()).toEqual([]);
    expect(cr.diff(tensor([5]), 1, { prepend: tensor([1]), append: tensor([6, 8]) }).toArray()).toEqual([4, 1, 2]);
    expect(cr.ravel(tensor([[1, 2], [3, 4]]).transpose(0, 1)).toArray()).toEqual([1, 3, 2, 4]);
  });
  it('gradcheck over random shapes', () => {
    const two = fc.tuple(side, side, side).chain(([a, b, c]) => fc.tuple(any([a, b]), any([a, c]), any([b])));
    checkGradcheck({ inputs: two, f: (x: Tensor, y: Tensor, _v: Tensor) => cr.hstack([x, y]), wrt: [0, 1], ...RUNS });
    checkGradcheck({ inputs: two, f: (x: Tensor, _y: Tensor, v: Tensor) => cr.vstack([x, v]), wrt: [0, 2], ...RUNS });
    checkGradcheck({ inputs: two, f: (x: Tensor, _y: Tensor, v: Tensor) => cr.dstack([x, x.flip(0)]), wrt: [0], ...RUNS });
    checkGradcheck({ inputs: two, f: (x: Tensor, y: Tensor, _v: Tensor) => cr.columnStack([x, y, y.narrow(1, 0, Math.min(1, y.shape[1]!))]), wrt: [0, 1], ...RUNS });
    const grid = any(shapes({ minRank: 2, maxRank: 3, maxSide: 3 }));
    for (const k of [-1, 0, 1, 2, 3]) checkGradcheck({ input: grid, f: (x: Tensor) => x.rot90(k, [0, -1]), numRuns: 6 });
    checkGradcheck({ input: grid, f: (x: Tensor) => x.fliplr().add(cr.flipud(x)), ...RUNS });
    checkGradcheck({ input: grid, f: (x: Tensor) => x.diff(2, { dim: 0 }), ...RUNS });
    checkGradcheck({ input: grid, f: (x: Tensor) => x.diff(1, { dim: -1, prepend: x.narrow(-1, 0, Math.min(1, x.shape.at(-1)!)), append: x }), ...RUNS });
    checkGradcheck({ input: grid, f: (x: Tensor) => x.ravel(), ...RUNS });
  });
  it('errors name the op', () => {
    expect(() => cr.fliplr(tensor([1, 2]))).toThrow(/^fliplr: input must be at least 2-D, got shape \[2\]/);
    expect(() => cr.rot90(cr.ones([2, 2]), 1, [0, 0])).toThrow(/^rot90: dims must differ/);
    expect(() => cr.rot90(cr.ones([2, 2]), 1, [0, 2])).toThrow(IndexError);
    expect(() => cr.hstack([])).toThrow(/^hstack: tensors must hold at least one/);
    expect(() => cr.diff(tensor(1))).toThrow(/^diff: input must be at least 1-D/);
  });
});

describe('Tensor methods and new* factories', () => {
  it('new* make tensors of this dtype unless told otherwise', () => {
    const x = tensor([1, 2], f64);
    expect(x.newZeros([2, 2]).dtype).toBe('float64');
    expect(x.newZeros([2, 2]).toArray()).toEqual([[0, 0], [0, 0]]);
    expect(x.newOnes(3).toArray()).toEqual([1, 1, 1]);
    expect(x.newFull([2], 7).toArray()).toEqual([7, 7]);
    expect(x.newEmpty([0, 3]).shape).toEqual([0, 3]);
    expect(x.newTensor([[1, 2]]).dtype).toBe('float64');
    expect(x.newTensor([1, 2], { dtype: 'int32' }).dtype).toBe('int32');
    expect(tensor([1], { dtype: 'int32' }).newOnes([1]).dtype).toBe('int32');
    expect(x.newZeros([1], { requiresGrad: true }).requiresGrad).toBe(true);
  });
});

describe('statistics, counting and searching', () => {
  it('values by hand (the TSDoc examples)', () => {
    expect(cr.cov(tensor([[0, 1, 2], [2, 1, 0]])).toArray()).toEqual([[1, -1], [-1, 1]]);
    expect(cr.corrcoef(tensor([[0, 1, 2], [2, 1, 0]])).toArray()).toEqual([[1, -1], [-1, 1]]);
    expect(cr.blockDiag(tensor([[1, 2]]), tensor(3)).toArray()).toEqual([[1, 2, 0], [0, 0, 3]]);
    expect(cr.cartesianProd(tensor([1, 2]), tensor([3, 4])).toArray()).toEqual([[1, 3], [1, 4], [2, 3], [2, 4]]);
    expect(cr.logspace(0, 2, 3).toArray()).toEqual([1, 10, 100]);
    expect(cr.triuIndices(2, 2).toArray()).toEqual([[0, 0, 1], [0, 1, 1]]);
    expect(cr.trilIndices(2, 2).toArray()).toEqual([[0, 1, 1], [0, 0, 1]]);
    expect(cr.triuIndices(0, 3).shape).toEqual([2, 0]);
    expect(cr.bincount(tensor([0, 2, 2], { dtype: 'int32' })).toArray()).toEqual([1, 0, 2]);
    expect(cr.bincount(tensor([], { dtype: 'int32' }), { minlength: 2 }).toArray()).toEqual([0, 0]);
    expect(cr.histc(tensor([1, 2, 1]), 4, 0, 3).toArray()).toEqual([0, 2, 1, 0]);
    expect(cr.histc(tensor([1, 2, 1, 3]), 2).toArray()).toEqual([2, 2]); // the data's range [1, 3]; max goes to the last bin
    expect(cr.searchsorted(tensor([1, 3, 5]), tensor([3, 6])).toArray()).toEqual([1, 3]);
    expect(cr.searchsorted(tensor([1, 3, 5]), tensor([3]), { right: true }).toArray()).toEqual([2]);
    expect(cr.searchsorted(tensor([1, 3, 5]), 4).toArray()).toEqual(2);
    expect(cr.bucketize(tensor([1, 5, 9]), tensor([2, 5, 8])).toArray()).toEqual([0, 1, 3]);
    expect(cr.unique(tensor([3, 1, 3])).toArray()).toEqual([1, 3]);
    const [u, inverse, counts] = cr.unique(tensor([3, 1, 3]), { returnInverse: true, returnCounts: true }) as Tensor[];
    expect([u!.toArray(), inverse!.toArray(), counts!.toArray()]).toEqual([[1, 3], [1, 0, 1], [1, 2]]);
    expect(cr.unique(tensor([NaN, 1, NaN])).toArray()).toEqual([1, NaN, NaN]); // each NaN distinct, last
    expect(tensor([[1, 2], [2, 1]]).unique().toString()).toContain('1');
  });
  it('gradcheck: cov and corrcoef over random shapes, blockDiag, cartesianProd', () => {
    const obs = fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 2, max: 5 })).chain(([v, n]) => any([v, n], { distinct: 0.1 }));
    checkGradcheck({ input: obs, f: (x: Tensor) => cr.cov(x), ...RUNS });
    checkGradcheck({ input: obs, f: (x: Tensor) => x.cov({ correction: 0 }), ...RUNS });
    checkGradcheck({ input: obs, f: (x: Tensor) => cr.corrcoef(x), ...RUNS });
    const blocks = fc.tuple(any(fc.tuple(side, side).map(([a, b]) => [a, b])), any(fc.constantFrom([], [2], [1, 3])));
    checkGradcheck({ inputs: blocks, f: (a: Tensor, b: Tensor) => cr.blockDiag(a, b, a), ...RUNS });
    const vecs = fc.tuple(any(fc.tuple(side).map(([n]) => [n])), any(fc.tuple(side).map(([n]) => [n])));
    checkGradcheck({ inputs: vecs, f: (a: Tensor, b: Tensor) => cr.cartesianProd(a, b, a), ...RUNS });
  });
  it('not differentiable: the results never require grad', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    expect([cr.histc(x.detach(), 2).requiresGrad, (cr.unique(x) as Tensor).requiresGrad, cr.searchsorted(tensor([1, 2]), x).requiresGrad]).toEqual([false, false, false]);
  });
  it('errors name the op', () => {
    expect(() => cr.bincount(tensor([1.5]))).toThrow(/^bincount: input must be int32, got float32/);
    expect(() => cr.bincount(tensor([-1], { dtype: 'int32' }))).toThrow(/^bincount: input must be non-negative, got -1/);
    expect(() => cr.cov(cr.ones([2, 2, 2]))).toThrow(/^cov: input must be 0-D, 1-D or 2-D/);
    expect(() => cr.cartesianProd(cr.ones([2, 2]))).toThrow(/^cartesianProd: tensors\[0\] must be 1-D/);
    expect(() => cr.searchsorted(cr.ones([2, 3]), cr.ones([3, 1]))).toThrow(/^searchsorted: sortedSequence \[2,3\] and input \[3,1\] must have the same leading dims/);
    expect(() => cr.histc(tensor([1], { dtype: 'int32' }))).toThrow(DTypeError);
    expect(() => cr.unique(tensor([1]), { dim: 0 } as never)).toThrow(/^unique: the dim option is not supported/);
  });
});

describe('integration, quantiles, vander, sgn and the *As methods', () => {
  it('values by hand (the TSDoc examples)', () => {
    expect(cr.trapezoid(tensor([1, 2, 3])).item()).toBe(4);
    expect(cr.trapezoid(tensor([1, 2, 3]), { x: tensor([0, 1, 3]) }).item()).toBe(6.5);
    expect(cr.trapz(tensor([1, 2, 3]), { dx: 0.5 }).item()).toBe(2);
    expect(cr.cumulativeTrapezoid(tensor([1, 2, 3])).toArray()).toEqual([1.5, 4]);
    expect(cr.vander(tensor([1, 2, 3]), 3).toArray()).toEqual([[1, 1, 1], [4, 2, 1], [9, 3, 1]]);
    expect(cr.vander(tensor([2], { dtype: 'int32' }), 3, true).toArray()).toEqual([[1, 2, 4]]);
    expect(cr.sgn(tensor([-2, 0, 3])).toArray()).toEqual([-1, 0, 1]);
    expect(cr.quantile(tensor([1, 2, 3, 4]), 0.5).item()).toBe(2.5);
    expect(cr.quantile(tensor([1, 2, 3, 4]), tensor([0.25, 1])).toArray()).toEqual([1.75, 4]);
    expect(cr.quantile(tensor([[1, 2], [3, 4]]), 0.5, { keepdim: true }).shape).toEqual([1, 1]);
    const x = tensor([[1, 2], [3, 4]]);
    expect(cr.ones([4]).viewAs(x).shape).toEqual([2, 2]);
    expect(cr.ones([4]).reshapeAs(x).shape).toEqual([2, 2]);
    expect(x.typeAs(tensor([1], { dtype: 'float64' })).dtype).toBe('float64');
  });
  it('gradcheck over random shapes', () => {
    const ys = fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 4 })).chain(([r, n]) => fc.tuple(any([r, n]), any([n]), any([r, n])));
    checkGradcheck({ inputs: ys, f: (y: Tensor, x: Tensor, _x2: Tensor) => cr.trapezoid(y, { x }), ...RUNS });
    checkGradcheck({ inputs: ys, f: (y: Tensor, _x: Tensor, x2: Tensor) => cr.trapezoid(y, { x: x2, dim: 1 }), ...RUNS });
    checkGradcheck({ inputs: ys, f: (y: Tensor, x: Tensor, _x2: Tensor) => cr.cumulativeTrapezoid(y, { x }).add(cr.cumulativeTrapezoid(y, { dx: 0.3 })), ...RUNS });
    checkGradcheck({ input: any(fc.tuple(side).map(([n]) => [n])), f: (x: Tensor) => cr.vander(x, 4), ...RUNS });
    const qs = fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 5 })).chain(([r, n]) => any([r, n], { distinct: 0.05 }));
    for (const interpolation of ['linear', 'lower', 'higher', 'nearest', 'midpoint'] as const) {
      checkGradcheck({ input: qs, f: (x: Tensor) => x.quantile(tensor([0.1, 0.5, 0.8]), { dim: 1, interpolation }), numRuns: 8 });
    }
    checkGradcheck({ input: qs, f: (x: Tensor) => cr.quantile(x, 0.3), ...RUNS });
  });
  it('errors name the op', () => {
    expect(() => cr.quantile(tensor([1]), 1.5)).toThrow(/^quantile: q must be in \[0, 1\], got 1.5/);
    expect(() => cr.quantile(tensor([1], { dtype: 'int32' }), 0.5)).toThrow(/^quantile: input must be float32 or float64/);
    expect(() => cr.quantile(tensor([1]), 0.5, { interpolation: 'cubic' as 'linear' })).toThrow(/^quantile: /);
    expect(() => cr.trapezoid(tensor([1, 2]), { x: tensor([0, 1, 2]) })).toThrow(/^trapezoid: x of shape \[3\] must have y's length 2/);
    expect(() => cr.vander(cr.ones([2, 2]))).toThrow(/^vander: x must be 1-D/);
  });
});

describe('sampling (chainrule generators: distributions, not PyTorch numbers)', () => {
  const g = () => new cr.Generator(1234);
  it('randperm is a permutation, reproducible with a seeded generator', () => {
    const p = Array.from(cr.randperm(50, { generator: g() }).toTypedArray()).map(Number);
    expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(p).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(Array.from(cr.randperm(50, { generator: g() }).toTypedArray()).map(Number)).toEqual(p);
    expect(cr.randperm(0).shape).toEqual([0]);
    expect(cr.randperm(3).dtype).toBe('int32');
  });
  it('multinomial: frequencies follow the weights (20,000 draws, 5σ bounds); without replacement each category once', () => {
    const draws = Array.from(cr.multinomial(tensor([0, 1, 3]), 20000, { replacement: true, generator: g() }).toTypedArray()).map(Number);
    const counts = [0, 1, 2].map((c) => draws.filter((d) => d === c).length);
    expect(counts[0]).toBe(0);
    // p = 0.75 for category 2: σ = √(n p (1 − p)) ≈ 61
    expect(Math.abs(counts[2]! - 15000)).toBeLessThan(5 * 61);
    const rows = cr.multinomial(tensor([[1, 1, 1, 1], [0, 2, 0, 1]]), 2, { generator: g() });
    expect(rows.shape).toEqual([2, 2]);
    const [r0, r1] = rows.toArray() as number[][];
    expect(new Set(r0).size).toBe(2);
    expect([...r1!].sort()).toEqual([1, 3]); // the only two categories with weight
    expect(() => cr.multinomial(tensor([1, 1]), 3)).toThrow(/^multinomial: cannot draw 3 samples without replacement from 2 categories/);
    expect(() => cr.multinomial(tensor([-1, 1]), 1)).toThrow(/^multinomial: weights must be finite and non-negative/);
  });
  it('bernoulli and normal: means and spreads within 5σ', () => {
    const b = Array.from(cr.bernoulli(cr.full([10000], 0.3), { generator: g() }).toTypedArray()).map(Number);
    expect(b.every((v) => v === 0 || v === 1)).toBe(true);
    expect(Math.abs(b.reduce((a, c) => a + c, 0) - 3000)).toBeLessThan(5 * Math.sqrt(10000 * 0.3 * 0.7));
    expect(cr.bernoulli(tensor([0, 1])).toArray()).toEqual([0, 1]);
    const n = cr.normal(cr.full([10000], 5, { dtype: 'float64' }), 2, undefined, { generator: g() });
    const xs = Array.from(n.toTypedArray()).map(Number);
    const mean = xs.reduce((a, c) => a + c, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, c) => a + (c - mean) ** 2, 0) / xs.length);
    expect(Math.abs(mean - 5)).toBeLessThan(5 * 2 / 100);
    expect(Math.abs(sd - 2)).toBeLessThan(0.1);
    expect(cr.normal(0, 1, [2, 3]).shape).toEqual([2, 3]);
    expect((cr.normal(tensor([0, 10]), tensor([1, 0])).toArray() as number[])[1]).toBe(10);
    expect(() => cr.normal(0, -1, [2])).toThrow(/^normal: std must be non-negative/);
  });
  it('emptyLike, tensorSplit and combinations (values against PyTorch in test/pytorch/gap.test.ts)', () => {
    expect(cr.emptyLike(cr.ones([2, 3], { dtype: 'float64' })).dtype).toBe('float64');
    expect(cr.tensorSplit(cr.arange(7), 3).map((t) => t.toArray())).toEqual([[0, 1, 2], [3, 4], [5, 6]]);
    expect(cr.tensorSplit(cr.arange(7), [1, 5]).map((t) => t.shape)).toEqual([[1], [4], [2]]);
    expect(cr.combinations(tensor([1, 2, 3])).toArray()).toEqual([[1, 2], [1, 3], [2, 3]]);
    checkGradcheck({ input: any(fc.tuple(side).map(([n]) => [n])), f: (x: Tensor) => cr.combinations(x, 2, true), ...RUNS });
    checkGradcheck({ input: any(shapes({ minRank: 1, maxRank: 2, maxSide: 4 })), f: (x: Tensor) => cr.tensorSplit(x, 2)[0]!, ...RUNS });
  });
});
