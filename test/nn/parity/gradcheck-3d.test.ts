/**
 * float64 gradcheck (fast-check) of the 3-D convolutions and poolings, adaptive max pooling and
 * max unpooling over random sizes (odd, size-1, batch 0), strides, paddings, dilations and
 * groups, with non-contiguous inputs.
 */
import * as fc from 'fast-check';
import { describe, it } from 'vitest';
import type { Tensor } from '../../../src/index.js';
import { functional as F } from '../../../src/nn/index.js';
import { checkGradcheck, tensors } from '../../../src/testing/index.js';
import { RUNS } from '../../ops/support.js';

const RUNS_3D = { numRuns: Math.max(8, Math.round(RUNS.numRuns / 2)) };
const side = (max: number) => fc.integer({ min: 1, max });
const triple = (max: number) => fc.tuple(side(max), side(max), side(max));
const any = (shape: number[], distinct?: number): fc.Arbitrary<Tensor> =>
  tensors({ layout: 'any', shape, ...(distinct === undefined ? {} : { distinct }) });

describe('gradcheck: 3-D convolutions', () => {
  it('conv3d: input, weight and bias; stride, padding, dilation, groups', () => {
    const inputs = fc.record({ n: fc.integer({ min: 0, max: 2 }), groups: fc.constantFrom(1, 2), k: triple(2), s: triple(2), p: fc.tuple(fc.nat(1), fc.nat(1), fc.nat(1)), d: triple(2), extra: triple(2) })
      .chain(({ n, groups, k, s, p, d, extra }) => {
        const size = k.map((kk, i) => d[i]! * (kk - 1) + 1 - 2 * p[i]! + extra[i]! - 1).map((v) => Math.max(v, 1));
        return fc.tuple(any([n, 2, ...size]), any([2, 2, ...k]), any([2]), fc.constant({ stride: s, padding: p, dilation: d, groups }));
      });
    checkGradcheck({ inputs, f: (x: Tensor, w: Tensor, b: Tensor, o: F.ConvOptions) => F.conv3d(x, w.narrow(1, 0, 2 / o.groups!), b, o), ...RUNS_3D });
  });
  it('convTranspose3d: input, weight and bias; stride, padding, outputPadding, dilation', () => {
    const inputs = fc.record({ n: fc.integer({ min: 0, max: 2 }), k: triple(2), s: triple(2), d: triple(2), size: triple(2) })
      .chain(({ n, k, s, d, size }) => {
        const outputPadding = s.map((v, i) => (v > 1 || d[i]! > 1 ? 1 : 0));
        const padding = k.map((kk, i) => Math.min(1, Math.floor((d[i]! * (kk - 1)) / 2)));
        return fc.tuple(any([n, 2, ...size]), any([2, 1, ...k]), any([1]), fc.constant({ stride: s, dilation: d, outputPadding, padding }));
      });
    checkGradcheck({ inputs, f: (x: Tensor, w: Tensor, b: Tensor, o: F.ConvTransposeOptions) => F.convTranspose3d(x, w, b, o), ...RUNS_3D });
  });
});

describe('gradcheck: poolings', () => {
  it('maxPool3d (distinct values: no ties), stride, padding, dilation, ceil mode, unbatched', () => {
    const inputs = fc.record({ k: triple(2), s: triple(2), ceil: fc.boolean(), batched: fc.boolean(), size: fc.tuple(fc.integer({ min: 2, max: 4 }), fc.integer({ min: 2, max: 3 }), fc.integer({ min: 2, max: 3 })) })
      .chain(({ k, s, ceil, batched, size }) => {
        const padding = k.map((kk) => Math.floor(kk / 2));
        return fc.tuple(any(batched ? [1, 2, ...size] : [2, ...size], 0.01), fc.constant(k), fc.constant({ stride: s, padding, ceilMode: ceil }));
      });
    checkGradcheck({ inputs, f: (x: Tensor, k: number[], o: F.MaxPool3dOptions) => F.maxPool3d(x, k, o), ...RUNS_3D });
  });
  it('avgPool3d: countIncludePad, divisorOverride, ceil mode', () => {
    const inputs = fc.record({ k: triple(3), s: triple(2), include: fc.boolean(), override: fc.constantFrom(null, 3), ceil: fc.boolean(), size: triple(4) })
      .chain(({ k, s, include, override, ceil, size }) => {
        const kk = k.map((v, i) => Math.min(v, size[i]!));
        const padding = kk.map((v) => Math.floor(v / 2));
        return fc.tuple(any([2, 1, ...size]), fc.constant(kk), fc.constant({ stride: s, padding, countIncludePad: include, divisorOverride: override, ceilMode: ceil }));
      });
    checkGradcheck({ inputs, f: (x: Tensor, k: number[], o: F.AvgPool3dOptions) => F.avgPool3d(x, k, o), ...RUNS_3D });
  });
  it('adaptiveMaxPool1d and adaptiveMaxPool2d (distinct values)', () => {
    const two = fc.tuple(side(5), side(5), side(4), side(4)).chain(([h, w, oh, ow]) => fc.tuple(any([2, 1, h, w], 0.01), fc.constant<number[]>([oh, ow])));
    checkGradcheck({ inputs: two, f: (x: Tensor, size: number[]) => F.adaptiveMaxPool2d(x, size), ...RUNS });
    const one = fc.tuple(side(6), side(6)).chain(([l, ol]) => fc.tuple(any([2, l], 0.01), fc.constant(ol)));
    checkGradcheck({ inputs: one, f: (x: Tensor, size: number) => F.adaptiveMaxPool1d(x, size), ...RUNS });
  });
  it('maxUnpool1d and maxUnpool2d with the indices of a non-overlapping pooling', () => {
    // With overlapping windows an index can repeat: the forward writes it once but every copy
    // gets the gradient, as PyTorch does (the fixtures check that); that is not a derivative, so
    // finite differences apply to non-overlapping windows (stride = kernel) only.
    const two = fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 2 }), tensors({ shape: [1, 2, 5, 5], distinct: 0.01, layout: 'any' }))
      .map(([k, n, src]) => {
        const { values, indices } = F.maxPool2d(src.narrow(0, 0, Math.min(n, 1)), k, { returnIndices: true });
        return [values.detach(), indices, k] as [Tensor, Tensor, number];
      });
    checkGradcheck({ inputs: two, wrt: [0], f: (v: Tensor, i: Tensor, k: number) => F.maxUnpool2d(v, i, k, { outputSize: [5, 5] }), ...RUNS });
    const one = fc.tuple(fc.integer({ min: 1, max: 3 }), tensors({ shape: [2, 7], distinct: 0.01 })).map(([k, src]) => {
      const { values, indices } = F.maxPool1d(src, k, { returnIndices: true });
      return [values.detach(), indices, k] as [Tensor, Tensor, number];
    });
    checkGradcheck({ inputs: one, wrt: [0], f: (v: Tensor, i: Tensor, k: number) => F.maxUnpool1d(v, i, k, { outputSize: [7] }), ...RUNS });
  });
});
