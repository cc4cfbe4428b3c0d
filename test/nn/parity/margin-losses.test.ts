/**
 * The margin and likelihood losses of the gap scan (PyTorch values and gradients are in
 * test/pytorch/gap.test.ts): hand-derived values, float64 gradcheck over random shapes, the modules
 * and the errors.
 */
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ShapeError, tensor, type Tensor } from '../../../src/index.js';
import {
  CosineEmbeddingLoss, GaussianNLLLoss, HingeEmbeddingLoss, MarginRankingLoss, MultiLabelSoftMarginLoss, MultiMarginLoss, PoissonNLLLoss, SoftMarginLoss, functional as F,
} from '../../../src/nn/index.js';
import { shapes, tensors } from '../../../src/testing/index.js';
import { checkGradcheck } from '../../support/short-gradcheck.js';

const RUNS = { numRuns: 20 };
const f64 = { dtype: 'float64' } as const;
describe('margin and likelihood losses by hand', () => {
  it('values (the TSDoc examples)', () => {
    expect(F.marginRankingLoss(tensor([1, 0]), tensor([0, 1]), tensor([1, 1]), { margin: 0.5, reduction: 'none' }).toArray()).toEqual([0, 1.5]);
    expect(F.hingeEmbeddingLoss(tensor([0.25, 0.5]), tensor([1, -1]), { reduction: 'none' }).toArray()).toEqual([0.25, 0.5]);
    expect(F.softMarginLoss(tensor([0], f64), tensor([1], f64)).item()).toBe(Math.log(2));
    expect(F.cosineEmbeddingLoss(tensor([[1, 0]], f64), tensor([[0, 1]], f64), tensor([1], f64)).item()).toBe(1);
    expect(F.cosineEmbeddingLoss(tensor([[1, 0]], f64), tensor([[1, 1]], f64), tensor([-1], f64), { margin: 0.5 }).item()).toBeCloseTo(Math.SQRT1_2 - 0.5, 10);
    expect(F.gaussianNllLoss(tensor([1], f64), tensor([3], f64), tensor([4], f64)).item()).toBeCloseTo(0.5 * (Math.log(4) + 1), 15);
    expect(F.poissonNllLoss(tensor([0], f64), tensor([2], f64)).item()).toBe(1);
    // rate input λ = 2, target 3, full: 2 − 3·log(2 + 1e-8) + (3 log 3 − 3 + ½ log(6π))
    const want = 2 - 3 * Math.log(2 + 1e-8) + 3 * Math.log(3) - 3 + 0.5 * Math.log(6 * Math.PI);
    expect(F.poissonNllLoss(tensor([2], f64), tensor([3], f64), { logInput: false, full: true }).item()).toBeCloseTo(want, 12);
  });
  it('gaussianNllLoss clamps the variance at eps but passes its gradient through (PyTorch)', () => {
    const v = tensor([1e-9], { dtype: 'float64', requiresGrad: true });
    const loss = F.gaussianNllLoss(tensor([0], f64), tensor([0], f64), v, { eps: 1e-3 });
    expect(loss.item()).toBeCloseTo(0.5 * Math.log(1e-3), 12);
    loss.backward();
    expect(v.grad!.item()).toBeCloseTo(0.5 / 1e-3, 9); // d/dv ½ log v at the clamped value
  });
  it('the modules forward to the functions with their options', () => {
    expect(new MarginRankingLoss({ margin: 0.5 }).forward(tensor([1]), tensor([0]), tensor([-1])).item()).toBe(1.5);
    expect(new HingeEmbeddingLoss().forward(tensor([0.25, 0.5]), tensor([1, -1])).item()).toBe(0.375);
    expect(new SoftMarginLoss({ reduction: 'sum' }).forward(tensor([0, 0], f64), tensor([1, -1], f64)).item()).toBeCloseTo(2 * Math.log(2), 15);
    expect(new CosineEmbeddingLoss().forward(tensor([[1, 0]]), tensor([[1, 0]]), tensor([1])).item()).toBeCloseTo(0, 6);
    expect(new GaussianNLLLoss({ full: true }).forward(tensor([1], f64), tensor([1], f64), tensor([1], f64)).item()).toBeCloseTo(0.5 * Math.log(2 * Math.PI), 15);
    expect(new PoissonNLLLoss({ logInput: false }).forward(tensor([1], f64), tensor([0], f64)).item()).toBe(1);
  });
  it('errors name the op and the shapes', () => {
    expect(() => F.marginRankingLoss(tensor([1, 2]), tensor([1]), tensor([1, 1]))).toThrow(ShapeError);
    expect(() => F.cosineEmbeddingLoss(tensor([[1, 0]]), tensor([[1, 0]]), tensor([1, 1]))).toThrow(/^cosineEmbeddingLoss: expected x1, x2 of shape \[N, D\]/);
    expect(() => F.gaussianNllLoss(tensor([1, 2]), tensor([1, 2]), tensor([1, 2, 3]))).toThrow(/^gaussianNllLoss: var of shape \[3\]/);
    expect(() => F.gaussianNllLoss(tensor([1]), tensor([1]), tensor([-1]))).toThrow(/^gaussianNllLoss: var has negative entries/);
    expect(() => F.softMarginLoss(tensor([1]), tensor([1]), { reduction: 'avg' as 'mean' })).toThrow(/^softMarginLoss: reduction must be/);
    expect(() => new MarginRankingLoss({ margn: 1 } as never)).toThrow(/MarginRankingLoss/);
  });
});

describe('margin and likelihood losses: gradcheck over random shapes', () => {
  const sides = shapes({ maxRank: 3, maxSide: 3 });
  const labels = (shape: number[]) => fc.array(fc.boolean(), { minLength: shape.reduce((a, b) => a * b, 1), maxLength: shape.reduce((a, b) => a * b, 1) })
    .map((bits) => tensor(bits.map((b) => (b ? 1 : -1)), f64).reshape(shape));
  const triple = sides.chain((s) => fc.tuple(tensors({ shape: s, layout: 'any', distinct: 0.05 }), tensors({ shape: s, layout: 'any', distinct: 0.05 }), labels(s)));
  it('marginRankingLoss, hingeEmbeddingLoss, softMarginLoss (kinks avoided: x1 − x2 ± margin ≠ 0 almost surely)', () => {
    checkGradcheck({ inputs: triple, f: (a: Tensor, b: Tensor, y: Tensor) => F.marginRankingLoss(a, b, y, { margin: 0.1 }), wrt: [0, 1], ...RUNS });
    checkGradcheck({ inputs: triple, f: (a: Tensor, _b: Tensor, y: Tensor) => F.hingeEmbeddingLoss(a, y, { margin: 0.37, reduction: 'sum' }), wrt: [0], ...RUNS });
    checkGradcheck({ inputs: triple, f: (a: Tensor, _b: Tensor, y: Tensor) => F.softMarginLoss(a, y, { reduction: 'none' }), wrt: [0], ...RUNS });
  });
  it('cosineEmbeddingLoss over [N, D]', () => {
    const rows = fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })).chain(([n, d]) =>
      fc.tuple(tensors({ shape: [n, d], layout: 'any', avoid: [0], margin: 0.2 }), tensors({ shape: [n, d], layout: 'any', avoid: [0], margin: 0.2 }), labels([n])));
    checkGradcheck({ inputs: rows, f: (a: Tensor, b: Tensor, y: Tensor) => F.cosineEmbeddingLoss(a, b, y, { margin: -2 }), wrt: [0, 1], ...RUNS });
  });
  it('gaussianNllLoss (variance of the input\'s shape or one per row) and poissonNllLoss', () => {
    const gauss = sides.filter((s) => s.length > 0).chain((s) => fc.tuple(tensors({ shape: s, layout: 'any' }), tensors({ shape: s, layout: 'any' }), tensors({ shape: fc.constantFrom(s, s.slice(0, -1)), min: 0.2, max: 2 })));
    checkGradcheck({ inputs: gauss, f: (x: Tensor, t: Tensor, v: Tensor) => F.gaussianNllLoss(x, t, v, { full: true }), ...RUNS });
    const pois = sides.chain((s) => fc.tuple(tensors({ shape: s, layout: 'any' }), tensors({ shape: s, min: 0.2, max: 4 })));
    checkGradcheck({ inputs: pois, f: (x: Tensor, t: Tensor) => F.poissonNllLoss(x, t), ...RUNS });
    checkGradcheck({ inputs: pois, f: (x: Tensor, t: Tensor) => F.poissonNllLoss(x.square().add(0.5), t, { logInput: false, full: true, reduction: 'sum' }), ...RUNS });
  });
  it('multiMarginLoss (p 1 and 2, weights) and multilabelSoftMarginLoss', () => {
    const rows = fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 2, max: 4 })).chain(([n, c]) =>
      fc.tuple(tensors({ shape: [n, c], layout: 'any', distinct: 0.05 }), fc.array(fc.integer({ min: 0, max: c - 1 }), { minLength: n, maxLength: n }).map((v) => tensor(v, { dtype: 'int32' })), tensors({ shape: [c], min: 0.5, max: 2 })));
    // margins shifted off the kinks: x values are distinct by 0.05, the margin 0.37 is not a difference of them almost surely
    checkGradcheck({ inputs: rows, f: (x: Tensor, y: Tensor, _w: Tensor) => F.multiMarginLoss(x, y, { margin: 0.37 }), wrt: [0], ...RUNS });
    checkGradcheck({ inputs: rows, f: (x: Tensor, y: Tensor, w: Tensor) => F.multiMarginLoss(x, y, { p: 2, margin: 0.37, weight: w, reduction: 'sum' }), wrt: [0], ...RUNS });
    const multi = fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 4 })).chain(([n, c]) => fc.tuple(tensors({ shape: [n, c], layout: 'any' }), tensors({ shape: [n, c], min: 0, max: 1 })));
    checkGradcheck({ inputs: multi, f: (x: Tensor, y: Tensor) => F.multilabelSoftMarginLoss(x, y), ...RUNS });
  });
});

describe('multi-class margin losses by hand', () => {
  it('values (the TSDoc examples) and errors', () => {
    expect(F.multiMarginLoss(tensor([[0.1, 0.2, 0.4, 0.8]], f64), tensor([3], { dtype: 'int32' })).item()).toBeCloseTo(0.325, 15);
    expect(new MultiMarginLoss().forward(tensor([[0.1, 0.2, 0.4, 0.8]], f64), tensor([3], { dtype: 'int32' })).item()).toBeCloseTo(0.325, 15);
    expect(F.multilabelSoftMarginLoss(tensor([[0, 0]], f64), tensor([[1, 0]], f64)).item()).toBeCloseTo(Math.log(2), 15);
    expect(new MultiLabelSoftMarginLoss({ reduction: 'none' }).forward(tensor([[0, 0]], f64), tensor([[1, 0]], f64)).shape).toEqual([1]);
    expect(() => F.multiMarginLoss(tensor([[1, 2]]), tensor([0, 1], { dtype: 'int32' }))).toThrow(/^multiMarginLoss: target must have shape \[1\]/);
    expect(() => F.multiMarginLoss(tensor([[1, 2]]), tensor([0], { dtype: 'int32' }), { p: 3 as 1 })).toThrow(/^multiMarginLoss: p must be 1 or 2/);
  });
});

