/**
 * Training smoke test: a 64-32-10 ReLU MLP learns the synthetic 8×8 digits with plain
 * minibatch SGD written inline (no optimizer library), reaching > 95 % training accuracy.
 */
import { describe, expect, it } from 'vitest';
import { Generator, noGrad, type Tensor } from '../../../src/index.js';
import { Linear, ReLU, Sequential, functional as F } from '../../../src/nn/index.js';
import { syntheticDigits } from '../../../src/data/index.js';

function accuracy(logits: Tensor, labels: Tensor): number {
  const predicted = logits.argmax(1).toTypedArray();
  const truth = labels.toTypedArray();
  let right = 0;
  for (let i = 0; i < truth.length; i++) if (predicted[i] === truth[i]) right++;
  return right / truth.length;
}

describe('training an MLP on synthetic digits', () => {
  it('reaches > 95 % training accuracy with plain SGD', () => {
    const { inputs, labels } = syntheticDigits(40, { seed: 1 }); // 400 samples
    const generator = new Generator(2);
    const model = new Sequential(new Linear(64, 32, { generator }), new ReLU(), new Linear(32, 10, { generator }));
    const initial = noGrad(() => F.crossEntropy(model.forward(inputs), labels).item());
    expect(Math.abs(initial - Math.log(10))).toBeLessThan(0.5); // about log 10 before training

    const lr = 0.5;
    const batch = 40;
    const n = labels.shape[0]!;
    for (let epoch = 0; epoch < 30; epoch++) {
      for (let start = 0; start < n; start += batch) {
        const loss = F.crossEntropy(model.forward(inputs.narrow(0, start, batch)), labels.narrow(0, start, batch));
        model.zeroGrad();
        loss.backward();
        noGrad(() => {
          for (const p of model.parameters()) p.sub_(p.grad!.mul(lr));
        });
      }
    }
    const logits = noGrad(() => model.forward(inputs));
    const final = F.crossEntropy(logits, labels).item();
    expect(final).toBeLessThan(initial / 4);
    expect(accuracy(logits, labels)).toBeGreaterThan(0.95);

    // A fresh sample of the same digits scores far above chance (10 %): it learned the glyphs,
    // not only the noise of its 400 samples (which it also fits).
    const test = syntheticDigits(20, { seed: 99 });
    expect(accuracy(noGrad(() => model.forward(test.inputs)), test.labels)).toBeGreaterThan(0.5);
  });
});
