import { expect, it } from 'vitest';
import { runQuickExample } from './smoke.js';

it('random-labels trains and draws in quick mode', async () => {
  const { rows } = await runQuickExample('random-labels');
  const row = (model: string, labels: string) => rows.find((r) => r.model === model && r.labels === labels)!;
  // Parameter counts by hand. MLP: 64·128 + 128 = 8320, 128·128 + 128 = 16512, 128·10 + 10 = 1290.
  // CNN: conv1 16·1·3·3 + 16 = 160, conv2 32·16·3·3 + 32 = 4640, fc1 (32·2·2)·120 + 120 = 15480,
  // fc2 120·84 + 84 = 10164, fc3 84·10 + 10 = 850.
  expect(row('MLP', 'true').params).toBe(26122);
  expect(row('CNN', 'random').params).toBe(31294);
  // Labels shuffled independently of the images carry nothing about the test images: with ten
  // balanced classes the expected test accuracy is 1/10 (σ ≈ 0.02 on the 200 quick-mode test
  // images); 0.25 is seven standard deviations above chance.
  for (const model of ['MLP', 'CNN']) expect(row(model, 'random')['final test acc']).toBeLessThan(0.25);
  // The training accuracy is measured against the labels trained on, so it is a fraction in [0, 1].
  for (const r of rows.filter((x) => x.labels === 'true' || x.labels === 'random')) {
    expect(r['final train acc']).toBeGreaterThanOrEqual(0);
    expect(r['final train acc']).toBeLessThanOrEqual(1);
  }
}, 120_000);
