/**
 * Finite differences in float64 (gradcheck) for every core layer (w.r.t. its input and all its
 * parameters) and every loss (w.r.t. input and float target), plus second derivatives
 * (gradgradcheck) where a layer or loss is more than a chain of primitives.
 */
import { describe, expect, it } from 'vitest';
import { Generator, gradcheck, gradgradcheck, rand, randn, tensor, type Tensor } from '../../../src/index.js';
import {
  BatchNorm1d,
  BatchNorm2d,
  Bilinear,
  Embedding,
  Flatten,
  GELU,
  LayerNorm,
  LeakyReLU,
  Linear,
  LogSoftmax,
  ReLU,
  Sigmoid,
  Softmax,
  Tanh,
  functional as F,
  type Module,
} from '../../../src/nn/index.js';

const f64 = { dtype: 'float64' as const };

function data(shape: number[], seed: number, scale = 1): Tensor {
  return randn(shape, { ...f64, generator: new Generator(seed) }).mul(scale).detach().requiresGrad_(true);
}

/** gradcheck of module(input) w.r.t. the input and every parameter. */
function checkModule(module: Module & { forward(x: Tensor): Tensor }, input: Tensor): void {
  const params = module.parameters();
  const report = gradcheck((x) => module.forward(x), [input, ...params]);
  expect(report.ok).toBe(true);
  expect(report.compared).toBeGreaterThan(0);
}

describe('gradcheck: layers', () => {
  const gen = () => ({ ...f64, generator: new Generator(1) });
  it('Linear (with and without bias, batched 3-D input)', () => {
    checkModule(new Linear(3, 2, gen()), data([2, 3], 1));
    checkModule(new Linear(3, 2, { ...gen(), bias: false }), data([2, 2, 3], 2));
  });
  it('Bilinear', () => {
    const layer = new Bilinear(2, 3, 2, gen());
    const x1 = data([2, 2], 3);
    const x2 = data([2, 3], 4);
    expect(gradcheck((a, b) => layer.forward(a!, b!), [x1, x2, ...layer.parameters()]).ok).toBe(true);
  });
  it('activations', () => {
    // Away from relu/leakyRelu's kink at 0: the inputs are shifted off it.
    const x = data([2, 3], 5).detach().add(0.05).requiresGrad_(true);
    for (const m of [new ReLU(), new Tanh(), new Sigmoid(), new GELU(), new GELU({ approximate: 'tanh' }), new LeakyReLU(0.2), new Softmax(1), new Softmax(0), new LogSoftmax(1)]) {
      checkModule(m, x);
    }
  });
  it('Flatten', () => {
    checkModule(new Flatten(), data([2, 2, 2], 6));
  });
  it('BatchNorm1d in training ([N,C] and [N,C,L]) and eval mode', () => {
    checkModule(new BatchNorm1d(2, f64), data([3, 2], 7));
    checkModule(new BatchNorm1d(2, f64), data([2, 2, 2], 8));
    const bn = new BatchNorm1d(2, f64);
    bn.forward(data([4, 2], 9).detach());
    bn.eval();
    checkModule(bn, data([2, 2], 10));
  });
  it('BatchNorm2d, affine and not', () => {
    checkModule(new BatchNorm2d(2, f64), data([2, 2, 2, 1], 11));
    checkModule(new BatchNorm2d(2, { ...f64, affine: false }), data([1, 2, 2, 2], 12));
  });
  it('LayerNorm over one and two dims', () => {
    const ln = new LayerNorm(3, f64);
    ln.weight!.detach().copy_(tensor([0.5, -1, 2], f64));
    checkModule(ln, data([2, 3], 13));
    checkModule(new LayerNorm([2, 2], { ...f64, eps: 1e-3 }), data([2, 2, 2], 14));
  });
  it('Embedding (w.r.t. its weight); the padding row deliberately disagrees', () => {
    const idx = tensor([[0, 1], [3, 1]], { dtype: 'int32' });
    const emb = new Embedding(4, 2, gen());
    expect(gradcheck(() => emb.forward(idx), [emb.weight]).ok).toBe(true);
    // With paddingIdx the output still depends on row 1, but by definition it gets no gradient.
    const padded = new Embedding(4, 2, { ...gen(), paddingIdx: 1 });
    const report = gradcheck(() => padded.forward(idx), [padded.weight], { raiseException: false });
    expect(report.ok).toBe(false);
    expect(report.worst!.inputIndex[0]).toBe(1);
    expect(report.worst!.analytic).toBe(0);
  });
  it('Dropout with a fixed generator (the mask is the same on every call)', () => {
    const x = data([3, 3], 15);
    expect(gradcheck((v) => F.dropout(v!, { p: 0.4, generator: new Generator(9) }), [x]).ok).toBe(true);
  });
});

describe('gradcheck: losses', () => {
  const x = () => data([3, 4], 20);
  const y = () => data([3, 4], 21);
  const probs = (seed: number) => rand([3, 4], { ...f64, generator: new Generator(seed) }).mul(0.9).add(0.05).detach().requiresGrad_(true);
  const classes = tensor([1, -100, 3], { dtype: 'int32' });
  const weight = tensor([0.5, 1, 2, 1.5], f64);
  for (const reduction of ['mean', 'sum', 'none'] as const) {
    it(`regression losses (${reduction})`, () => {
      expect(gradcheck((a, b) => F.mseLoss(a!, b!, { reduction }), [x(), y()]).ok).toBe(true);
      // l1's kink at a = b is away from random data.
      expect(gradcheck((a, b) => F.l1Loss(a!, b!, { reduction }), [x(), y()]).ok).toBe(true);
    });
    it(`nllLoss and crossEntropy (${reduction})`, () => {
      const options = { reduction, weight, ignoreIndex: -100 };
      expect(gradcheck((a) => F.nllLoss(a!, classes, options), [x()]).ok).toBe(true);
      expect(gradcheck((a) => F.crossEntropy(a!, classes, { ...options, labelSmoothing: 0.2 }), [x()]).ok).toBe(true);
      const target = probs(22).detach().softmax(1).requiresGrad_(true);
      expect(gradcheck((a, p) => F.crossEntropy(a!, p!, { reduction, weight, labelSmoothing: 0.1 }), [x(), target]).ok).toBe(true);
    });
    it(`binary cross-entropies (${reduction})`, () => {
      expect(gradcheck((a, b) => F.binaryCrossEntropy(a!, b!, { reduction, weight }), [probs(23), probs(24)]).ok).toBe(true);
      const posWeight = tensor([3, 1, 0.5, 2], f64);
      expect(gradcheck((a, b) => F.binaryCrossEntropyWithLogits(a!, b!, { reduction, weight, posWeight }), [x(), probs(25)]).ok).toBe(true);
    });
  }
});

describe('gradgradcheck', () => {
  it('crossEntropy with label smoothing, BCE (its own VJP) and BCE with logits', () => {
    const logits = data([2, 3], 30);
    const classes = tensor([2, 0], { dtype: 'int32' });
    expect(gradgradcheck((a) => F.crossEntropy(a!, classes, { labelSmoothing: 0.1 }), [logits]).ok).toBe(true);
    const p = rand([4], { ...f64, generator: new Generator(31) }).mul(0.8).add(0.1).detach().requiresGrad_(true);
    const t = rand([4], { ...f64, generator: new Generator(32) }).detach().requiresGrad_(true);
    expect(gradgradcheck((a, b) => F.binaryCrossEntropy(a!, b!), [p, t]).ok).toBe(true);
    expect(gradgradcheck((a, b) => F.binaryCrossEntropyWithLogits(a!, b!, { posWeight: tensor([2], f64) }), [data([4], 33), t]).ok).toBe(true);
  });
  it('batch and layer normalization', () => {
    const bn = new BatchNorm1d(2, f64);
    expect(gradgradcheck((a) => bn.forward(a!), [data([3, 2], 34), ...bn.parameters()]).ok).toBe(true);
    const ln = new LayerNorm(3, f64);
    expect(gradgradcheck((a) => ln.forward(a!), [data([2, 3], 35), ...ln.parameters()]).ok).toBe(true);
  });
});
