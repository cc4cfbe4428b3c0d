/**
 * Training smoke test: a LeNet-style CNN (conv-relu-pool twice, then a linear layer) learns a
 * small synthetic digit set (test/nn/conv/digits.ts) with plain SGD written inline, reaching
 * more than 95 % training accuracy; it also classifies fresh samples of the same glyphs well
 * above chance.
 */
import { describe, expect, it } from 'vitest';
import { Generator, noGrad, rand, tensor, type Tensor } from '../../../src/index.js';
import { Conv2d, MaxPool2d, Module } from '../../../src/nn/index.js';
import { digitSet } from './digits.js';

/** conv(1→6, 3, pad 1) → relu → pool 2 → conv(6→12, 3, pad 1) → relu → pool 2 → linear(12·3·3 → 10). */
class LeNet extends Module {
  readonly conv1: Conv2d;
  readonly conv2: Conv2d;
  readonly pool = new MaxPool2d(2);
  readonly fcWeight: Tensor;
  readonly fcBias: Tensor;

  constructor(gen: Generator) {
    super();
    this.conv1 = this.registerModule('conv1', new Conv2d(1, 6, 3, { padding: 1, generator: gen }));
    this.conv2 = this.registerModule('conv2', new Conv2d(6, 12, 3, { padding: 1, generator: gen }));
    // Linear's default init, U(±1/√fanIn), written inline to keep this test to conv and pooling.
    const bound = 1 / Math.sqrt(108);
    this.fcWeight = this.registerParameter('fcWeight', rand([108, 10], { generator: gen }).mul(2 * bound).sub(bound).detach());
    this.fcBias = this.registerParameter('fcBias', rand([10], { generator: gen }).mul(2 * bound).sub(bound).detach());
  }

  forward(x: Tensor): Tensor {
    const h1 = this.pool.forward(this.conv1.forward(x).relu()); // [N, 6, 6, 6]
    const h2 = this.pool.forward(this.conv2.forward(h1).relu()); // [N, 12, 3, 3]
    return h2.flatten(1).matmul(this.fcWeight).add(this.fcBias); // [N, 10]
  }
}

function crossEntropy(logits: Tensor, labels: Tensor): Tensor {
  return logits.logSoftmax(1).gather(1, labels.unsqueeze(1)).mean().neg();
}

function accuracy(model: LeNet, images: Tensor, labels: Tensor): number {
  const predicted = noGrad(() => model.forward(images)).argmax(1).toTypedArray();
  const truth = labels.toTypedArray();
  let hits = 0;
  for (let i = 0; i < truth.length; i++) hits += predicted[i] === truth[i] ? 1 : 0;
  return hits / truth.length;
}

describe('LeNet-style CNN on synthetic digits', () => {
  it('reaches > 95 % training accuracy with plain SGD', () => {
    // 20 images per digit, shifted by up to ±1 pixel, noise σ = 0.3; pixels standardized to about mean 0, std 1
    const standardize = (set: { images: Tensor; labels: Tensor }): { images: Tensor; labels: Tensor } => ({ images: set.images.sub(0.3).div(0.5), labels: set.labels });
    const train = standardize(digitSet(20, 1, 0.3, 1));
    const model = new LeNet(new Generator(0));
    const batch = 20;
    const lr = 0.2;
    const gen = new Generator(2);
    const firstLoss = crossEntropy(noGrad(() => model.forward(train.images)), train.labels).item();
    for (let epoch = 0; epoch < 15; epoch++) {
      // a fresh shuffled order each epoch
      const order = Array.from({ length: 200 }, (_, i) => i);
      for (let i = order.length - 1; i > 0; i--) {
        const j = gen.integer(0, i + 1);
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
      for (let start = 0; start < order.length; start += batch) {
        const index = tensor(order.slice(start, start + batch), { dtype: 'int32' });
        const x = train.images.indexSelect(0, index);
        const y = train.labels.indexSelect(0, index);
        model.zeroGrad();
        crossEntropy(model.forward(x), y).backward();
        noGrad(() => {
          for (const p of model.parameters()) p.sub_(p.grad!, lr);
        });
      }
    }
    const finalLoss = crossEntropy(noGrad(() => model.forward(train.images)), train.labels).item();
    expect(finalLoss).toBeLessThan(firstLoss / 5);
    expect(accuracy(model, train.images, train.labels)).toBeGreaterThan(0.95);
    // fresh samples (other shifts and noise) are classified far above the 10 % of chance
    const test = standardize(digitSet(5, 99, 0.3, 1));
    expect(accuracy(model, test.images, test.labels)).toBeGreaterThan(0.7);
  });
});
