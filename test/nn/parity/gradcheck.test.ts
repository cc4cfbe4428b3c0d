/**
 * float64 gradcheck (finite differences) of issue 10's nn.functional ops over random shapes with
 * fast-check: broadcasting operands, non-contiguous views, size-0, size-1 and odd sizes.
 */
import * as fc from 'fast-check';
import { describe, it } from 'vitest';
import type { Tensor } from '../../../src/index.js';
import { functional as F } from '../../../src/nn/index.js';
import { broadcastableShapes, checkGradcheck, shapes, tensors, type TensorsOptions } from '../../../src/testing/index.js';
import { RUNS } from '../../ops/support.js';

const any = (shape: number[], o: TensorsOptions = {}): fc.Arbitrary<Tensor> => tensors({ layout: 'any', ...o, shape });
const dimOf = (rank: number): fc.Arbitrary<number> => fc.integer({ min: -rank, max: rank - 1 });

/**
 * Two tensors whose shapes broadcast (at least 1-D after broadcasting), each maybe a view, and a
 * dim of the result. Values of `a` and `b` as given (the norms are not differentiable at 0).
 */
function pairWithDim(a: TensorsOptions, b: TensorsOptions): fc.Arbitrary<[Tensor, Tensor, number]> {
  return broadcastableShapes({ minRank: 1, maxRank: 3, minSide: 0, maxSide: 3 }).chain(([sa, sb]) => {
    const rank = Math.max(sa!.length, sb!.length);
    return fc.tuple(any(sa!, a), any(sb!, b), dimOf(rank));
  });
}

/** [N, C, ...spatial] shapes: N in 0..2, C in 1..3, `spatial` dims of 1..4. */
function batched(spatial: number, channels: fc.Arbitrary<number> = fc.integer({ min: 1, max: 3 })): fc.Arbitrary<number[]> {
  return fc.tuple(fc.integer({ min: 0, max: 2 }), channels, fc.array(fc.integer({ min: 1, max: 4 }), { minLength: spatial, maxLength: spatial }))
    .map(([n, c, s]) => [n, c, ...s]);
}

describe('gradcheck: distances', () => {
  it('normalize, p = 1, 2, 3 over any dim', () => {
    const inputs = shapes({ minRank: 1, maxRank: 3, minSide: 0, maxSide: 4, maxNumel: 24 }).chain((s) =>
      fc.tuple(any(s, { avoid: [0] }), fc.constantFrom(1, 2, 3), dimOf(s.length)));
    checkGradcheck({ inputs, f: (x: Tensor, p: number, dim: number) => F.normalize(x, { p, dim }), ...RUNS });
  });
  it('normalize, p = Infinity (distinct magnitudes, no ties in the max)', () => {
    const inputs = shapes({ minRank: 1, maxRank: 3, maxSide: 4, maxNumel: 24 }).chain((s) =>
      fc.tuple(any(s, { min: 0.1, distinct: 0.05 }), dimOf(s.length)));
    checkGradcheck({ inputs, f: (x: Tensor, dim: number) => F.normalize(x, { p: Infinity, dim }), ...RUNS });
  });
  it('cosineSimilarity of broadcasting operands (no zero vector: there the eps clamp hides from autograd, as in PyTorch)', () => {
    checkGradcheck({ inputs: pairWithDim({ avoid: [0] }, { avoid: [0] }), f: (a: Tensor, b: Tensor, dim: number) => F.cosineSimilarity(a, b, { dim }), ...RUNS });
  });
  it('pairwiseDistance of broadcasting operands, p = 1, 2, 3, keepdim', () => {
    // x1 − x2 kept at least 1 from 0 in every element: the norm is smooth there
    const inputs = pairWithDim({ min: 0.5 }, { max: -0.5 }).chain(([a, b]) => fc.tuple(fc.constant(a), fc.constant(b), fc.constantFrom(1, 2, 3), fc.boolean()));
    checkGradcheck({ inputs, f: (a: Tensor, b: Tensor, p: number, keepdim: boolean) => F.pairwiseDistance(a, b, { p, keepdim }), ...RUNS });
  });
});

/** interpolate's output size: `size` or `scaleFactor`. */
interface Resize {
  size?: number[];
  scaleFactor?: number;
}

describe('gradcheck: resampling', () => {
  const modes = [['nearest', 1], ['nearest-exact', 1], ['linear', 1], ['bilinear', 2], ['trilinear', 3], ['nearest', 2], ['nearest-exact', 3]] as const;
  it('interpolate: every mode, by size and by scale factor, alignCorners', () => {
    const inputs = fc.constantFrom(...modes).chain(([mode, spatial]) =>
      batched(spatial).chain((s) => {
        const linear = mode.endsWith('linear');
        const size = fc.array(fc.integer({ min: 1, max: 5 }), { minLength: spatial, maxLength: spatial });
        const scale = fc.constantFrom(0.5, 0.75, 1.5, 2, 2.5);
        const how = fc.oneof(size.map((v): Resize => ({ size: v })), scale.map((v): Resize => ({ scaleFactor: v })));
        const align = linear ? fc.boolean() : fc.constant(undefined);
        return fc.tuple(any(s), fc.constant(mode), how, align).filter(([x, , h]) =>
          h.size !== undefined || x.shape.slice(2).every((v) => Math.floor(v * h.scaleFactor!) > 0));
      }));
    checkGradcheck({
      inputs,
      f: (x: Tensor, mode: F.InterpolateMode, how: Resize, alignCorners: boolean | undefined) =>
        F.interpolate(x, { ...how, mode, ...(alignCorners === undefined ? {} : { alignCorners }) }),
      ...RUNS,
    });
  });
  it('pixelShuffle and pixelUnshuffle', () => {
    const shuffle = fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 2 }), fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 3 }))
      .chain(([r, c, h, w]) => fc.tuple(any([c * r * r, h, w]), fc.constant(r)));
    checkGradcheck({ inputs: shuffle, f: (x: Tensor, r: number) => F.pixelShuffle(x, r), ...RUNS });
    const unshuffle = fc.tuple(fc.integer({ min: 1, max: 2 }), fc.integer({ min: 0, max: 2 }), fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 3 }))
      .chain(([r, c, h, w]) => fc.tuple(any([2, c, h * r, w * r].slice(c === 0 ? 1 : 0)), fc.constant(r)));
    checkGradcheck({ inputs: unshuffle, f: (x: Tensor, r: number) => F.pixelUnshuffle(x, r), ...RUNS });
  });
});

describe('gradcheck: normalizations', () => {
  it('groupNorm with affine parameters (groups dividing the channels)', () => {
    const inputs = fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 2 })).chain(([g, per]) =>
      batched(1, fc.constant(g * per)).chain((s) => fc.tuple(any(s), any([g * per]), any([g * per]), fc.constant(g))));
    checkGradcheck({ inputs, f: (x: Tensor, w: Tensor, b: Tensor, g: number) => F.groupNorm(x, g, { weight: w, bias: b }), ...RUNS });
  });
  it('instanceNorm with input statistics (1-D and 2-D spatial)', () => {
    const inputs = fc.constantFrom(1, 2).chain((k) => batched(k)).filter((s) => s.slice(2).reduce((a, b) => a * b, 1) > 1)
      .chain((s) => fc.tuple(any(s), any([s[1]!]), any([s[1]!])));
    checkGradcheck({ inputs, f: (x: Tensor, w: Tensor, b: Tensor) => F.instanceNorm(x, { weight: w, bias: b }), ...RUNS });
  });
  it('rmsNorm over the last one or two dims, with a weight', () => {
    const inputs = shapes({ minRank: 1, maxRank: 3, minSide: 0, maxSide: 4, maxNumel: 24 }).chain((s) =>
      fc.integer({ min: 1, max: s.length }).chain((k) => fc.tuple(any(s), any(s.slice(s.length - k)))));
    checkGradcheck({ inputs, f: (x: Tensor, w: Tensor) => F.rmsNorm(x, w.shape, { weight: w, eps: 1e-3 }), ...RUNS });
  });
});

describe('gradcheck: losses', () => {
  const sameShape = (a: TensorsOptions = {}, b: TensorsOptions = {}) =>
    shapes({ maxRank: 3, minSide: 0, maxSide: 4, maxNumel: 24 }).chain((s) => fc.tuple(any(s, a), any(s, b)));
  const reduction = fc.constantFrom('mean' as const, 'sum' as const, 'none' as const);
  it('smoothL1Loss and huberLoss (w.r.t. input and target)', () => {
    const inputs = sameShape().chain(([x, y]) => fc.tuple(fc.constant(x), fc.constant(y), reduction, fc.constantFrom(0.5, 1, 2)));
    checkGradcheck({ inputs, f: (x: Tensor, y: Tensor, r: F.Reduction, beta: number) => F.smoothL1Loss(x, y, { reduction: r, beta }), ...RUNS });
    checkGradcheck({ inputs, f: (x: Tensor, y: Tensor, r: F.Reduction, delta: number) => F.huberLoss(x, y, { reduction: r, delta }), ...RUNS });
  });
  it('smoothL1Loss with beta 0 (l1), away from the kink', () => {
    const inputs = sameShape({ min: 0.5 }, { max: -0.5 });
    checkGradcheck({ inputs, f: (x: Tensor, y: Tensor) => F.smoothL1Loss(x, y, { beta: 0 }), ...RUNS });
  });
  it('klDiv, probabilities and log-probabilities as target, every reduction', () => {
    const red = fc.constantFrom('mean' as const, 'sum' as const, 'none' as const, 'batchmean' as const);
    const prob = sameShape({}, { min: 0.05, max: 1 }).chain(([x, y]) => fc.tuple(fc.constant(x), fc.constant(y), red));
    checkGradcheck({ inputs: prob, f: (x: Tensor, y: Tensor, r: F.KlDivReduction) => F.klDiv(x, y, { reduction: r }), ...RUNS });
    const logs = sameShape().chain(([x, y]) => fc.tuple(fc.constant(x), fc.constant(y), red));
    checkGradcheck({ inputs: logs, f: (x: Tensor, y: Tensor, r: F.KlDivReduction) => F.klDiv(x, y, { reduction: r, logTarget: true }), ...RUNS });
  });
  it('tripletMarginLoss, [D] and [N, D], p = 1, 2, 3, swap', () => {
    const inputs = fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 4 }), fc.boolean()).chain(([n, d, batched]) => {
      const s = batched ? [n, d] : [d];
      // every pair of the three differs by ≥ 1.5 in every element, so the distances are smooth
      return fc.tuple(any(s, { min: 2 }), any(s, { min: -0.5, max: 0.5 }), any(s, { max: -2 }), fc.constantFrom(1, 2, 3), fc.boolean(), fc.constantFrom(0.37, 1.91, 4.63)); // margins that edge values (±0.5, ±2, ±3) cannot hit exactly: no relu kink
    });
    checkGradcheck({
      inputs,
      f: (a: Tensor, p: Tensor, n: Tensor, norm: number, swap: boolean, margin: number) => F.tripletMarginLoss(a, p, n, { p: norm, swap, margin }),
      ...RUNS,
    });
  });
});
