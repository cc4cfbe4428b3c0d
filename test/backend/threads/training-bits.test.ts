/**
 * A seeded training run is reproducible across thread counts: the same MLP and CNN, trained a few
 * Adam steps on the wasm backend from the same seed, end with the same parameter bits on 1 thread
 * as on 2 and 4 threads (every matmul split, every block run by the workers).
 */
import { afterAll, describe, expect, test } from 'vitest';
import { manualSeed, randn, randint, setBackend, type Tensor } from '../../../src/index.js';
import { kernels, useBackend } from '../../../src/backend/registry.js';
import { Conv2d, Flatten, Linear, ReLU, Sequential, functional as F } from '../../../src/nn/index.js';
import { Adam } from '../../../src/optim/index.js';
import { setNumThreads } from '../../../src/backend/threads/settings.js';
import { poolWith, splittingAll } from './support.js';

const before = kernels();
afterAll(() => useBackend(before));

/** Parameters' bits after `steps` Adam steps of `model()` on seeded data. */
function train(model: () => Sequential, input: number[], classes: number, steps = 3): Uint32Array[] {
  setBackend('wasm');
  manualSeed(7);
  const net = model();
  const x = randn(input);
  const y = randint(0, classes, [input[0]!]);
  const opt = new Adam(net.parameters(), { lr: 0.01 });
  for (let s = 0; s < steps; s++) {
    opt.zeroGrad();
    F.crossEntropy(net.forward(x), y).backward();
    opt.step();
  }
  return net.parameters().map((p: Tensor) => new Uint32Array((p.toTypedArray() as Float32Array).slice().buffer));
}

const mlp = () => new Sequential(new Linear(50, 64), new ReLU(), new Linear(64, 10));
const cnn = () => new Sequential(new Conv2d(3, 8, 3, { padding: 1 }), new ReLU(), new Flatten(), new Linear(8 * 10 * 10, 5));

describe('seeded training gives the same bits on 1, 2 and 4 threads', () => {
  for (const [name, model, input, classes] of [['MLP', mlp, [33, 50], 10], ['CNN', cnn, [6, 3, 10, 10], 5]] as const) {
    test(name, async () => {
      setNumThreads(1);
      const one = splittingAll(() => train(model, [...input], classes));
      for (const threads of [2, 4]) {
        await poolWith(threads);
        const many = splittingAll(() => train(model, [...input], classes), true);
        expect(many).toEqual(one);
      }
      // the steps changed the parameters (the comparison is not between two initial states)
      setNumThreads(1);
      expect(splittingAll(() => train(model, [...input], classes, 0))).not.toEqual(one);
    });
  }
});
