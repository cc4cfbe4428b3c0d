/**
 * First and second derivatives of every convolution and pooling op against central finite
 * differences in float64 (gradcheck, gradgradcheck), on small sizes with awkward options.
 * Max pooling is checked on inputs without ties (random normals), where it is differentiable.
 */
import { describe, expect, it } from 'vitest';
import { Generator, gradcheck, gradgradcheck, randn, type Tensor } from '../../../src/index.js';
import * as F from '../../../src/nn/functional/index.js';

function leaf(shape: number[], gen: Generator): Tensor {
  return randn(shape, { dtype: 'float64', generator: gen }).requiresGrad_(true);
}

interface Case {
  name: string;
  shapes: number[][];
  fn: (...t: Tensor[]) => Tensor;
  /** Also run gradgradcheck (default true). */
  second?: boolean;
}

const cases: Case[] = [
  { name: 'conv1d stride 2, padding 1, dilation 2, bias', shapes: [[2, 2, 7], [3, 2, 2], [3]], fn: (x, w, b) => F.conv1d(x, w, b, { stride: 2, padding: 1, dilation: 2 }) },
  { name: 'conv2d groups 2, stride (2,1), padding (1,0)', shapes: [[1, 4, 4, 3], [2, 2, 2, 2], [2]], fn: (x, w, b) => F.conv2d(x, w, b, { groups: 2, stride: [2, 1], padding: [1, 0] }) },
  { name: 'conv2d padding same (even kernel), dilation 2, depthwise', shapes: [[1, 2, 4, 4], [2, 1, 2, 2]], fn: (x, w) => F.conv2d(x, w, null, { padding: 'same', dilation: 2, groups: 2 }) },
  { name: 'convTranspose1d stride 2, outputPadding 1, groups 2', shapes: [[1, 2, 3], [2, 1, 3], [2]], fn: (x, w, b) => F.convTranspose1d(x, w, b, { stride: 2, outputPadding: 1, groups: 2 }) },
  { name: 'convTranspose2d stride 2, padding 1, dilation (1,2)', shapes: [[1, 2, 2, 3], [2, 1, 2, 2], [1]], fn: (x, w, b) => F.convTranspose2d(x, w, b, { stride: 2, padding: 1, dilation: [1, 2] }) },
  { name: 'maxPool2d kernel 3, stride 2, padding 1, ceilMode', shapes: [[1, 2, 5, 4]], fn: (x) => F.maxPool2d(x, 3, { stride: 2, padding: 1, ceilMode: true }) },
  { name: 'maxPool1d kernel 2, dilation 2', shapes: [[2, 1, 7]], fn: (x) => F.maxPool1d(x, 2, { dilation: 2 }) },
  { name: 'avgPool2d kernel 3, stride 2, padding 1, ceilMode, countIncludePad false', shapes: [[1, 2, 5, 4]], fn: (x) => F.avgPool2d(x, 3, { stride: 2, padding: 1, ceilMode: true, countIncludePad: false }) },
  { name: 'avgPool1d kernel 3, padding 1, divisor counts padding', shapes: [[1, 2, 6]], fn: (x) => F.avgPool1d(x, 3, { stride: 2, padding: 1 }) },
  { name: 'adaptiveAvgPool2d 5×4 to 3×3', shapes: [[1, 2, 5, 4]], fn: (x) => F.adaptiveAvgPool2d(x, 3) },
  { name: 'unfold kernel 2, padding 1, stride 2', shapes: [[1, 2, 3, 4]], fn: (x) => F.unfold(x, 2, { padding: 1, stride: 2 }) },
  { name: 'fold kernel 2, output 3×3', shapes: [[1, 8, 4]], fn: (x) => F.fold(x, [3, 3], 2) },
  // second order through a nonlinearity: tanh(conv(x)) has a non-zero Hessian in x and w
  { name: 'tanh ∘ conv2d (non-zero second derivatives)', shapes: [[1, 2, 3, 3], [2, 2, 2, 2]], fn: (x, w) => F.conv2d(x, w, null, { padding: 1 }).tanh() },
  // two convolutions: columns a graph keeps (under createGraph) must not share the reused column buffer
  { name: 'tanh ∘ conv2d ∘ tanh ∘ conv2d', shapes: [[2, 2, 3, 3], [2, 2, 2, 2], [3, 2, 2, 2]], fn: (x, w, v) => F.conv2d(F.conv2d(x, w, null, { padding: 1 }).tanh(), v).tanh() },
];

describe('gradcheck and gradgradcheck (float64)', () => {
  cases.forEach((c, i) => {
    it(c.name, () => {
      const gen = new Generator(100 + i);
      const inputs = c.shapes.map((s) => leaf(s, gen));
      expect(gradcheck(c.fn, inputs).ok).toBe(true);
      if (c.second ?? true) expect(gradgradcheck(c.fn, inputs, { seed: i }).ok).toBe(true);
    });
  });

  it('gradcheck notices a wrong gradient here (the check can fail)', () => {
    // Scaling the gradient of conv's input by 2 through a hook must be caught.
    const gen = new Generator(7);
    const x = leaf([1, 1, 4], gen);
    const w = leaf([1, 1, 2], gen);
    const broken = (a: Tensor, b: Tensor): Tensor => {
      const y = F.conv1d(a, b);
      y.registerHook((g) => g.mul(2));
      return y;
    };
    expect(gradcheck(broken, [x, w], { raiseException: false }).ok).toBe(false);
  });
});
