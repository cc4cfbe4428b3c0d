import { describe, expect, it } from 'vitest';
import type { Tensor } from 'chainrule';
import { runQuickExample } from './smoke.js';

const { edgeImages } = (await import('../../docs/examples/lib/edges.mjs' as string)) as {
  edgeImages(perClass: number, options: { seed: number; size?: number; rows?: [number, number]; noise?: number }): { images: Tensor; labels: Tensor };
};

it('edge-cnn trains and draws in quick mode', async () => {
  const { rows, runs } = await runQuickExample('edge-cnn');
  // Parameter counts by hand: conv 8·(3·3) + 8 = 80; global pooling → Linear(8, 3) = 27;
  // 2×2 pooling of the 10×10 maps → 8·5·5 = 200 features → Linear(200, 3) = 603;
  // MLP: Linear(144, 32) = 4640, Linear(32, 3) = 99.
  const params = (model: string) => rows.find((r) => r.model === model && r.params !== undefined)?.params;
  expect(params('CNN, max pool')).toBe(107);
  expect(params('CNN, avg pool')).toBe(107);
  expect(params('CNN, 2×2 max pool')).toBe(683);
  expect(params('MLP')).toBe(4739);

  // The MLP on shuffled pixels, started from the equally permuted first-layer weights, computes
  // W·P⁻¹·(P·x) = W·x: the same losses as the MLP on the original pixels (float32 rounding only),
  // and the same validation accuracy.
  const sweepSizes = rows.filter((r) => r.experiment === 'size sweep' && r.model === 'MLP').map((r) => r['per class'] as number);
  const largest = Math.max(...sweepSizes);
  const original = runs.find((r) => r.label === `MLP, ${largest} per class`)!;
  const shuffled = runs.find((r) => r.label === 'MLP, shuffled pixels')!;
  expect(shuffled.firstLoss).toBeCloseTo(original.firstLoss, 4);
  expect(shuffled.lastLoss).toBeCloseTo(original.lastLoss, 4);
  const mlpShuffled = rows.find((r) => r.experiment === 'shuffled pixels' && r.model === 'MLP')!;
  expect(mlpShuffled['val acc']).toBe(mlpShuffled['unshuffled val acc']);
}, 120_000);

describe('edge images (the example data)', () => {
  // Without noise each image is exactly its patch: none = all zeros; a horizontal edge is a
  // length-L strip of two +c rows above two −c rows (every column sums to 0, the four row sums
  // are L·c, L·c, −L·c, −L·c); a vertical edge is the same turned by 90°.
  const size = 12;
  const { images, labels } = edgeImages(20, { seed: 9, size, noise: 0, rows: [6, 12] });
  const pixels = images.toTypedArray();
  const label = labels.toTypedArray();
  const at = (i: number, r: number, c: number) => pixels[i * size * size + r * size + c]!;
  const sums = (i: number, byRow: boolean) =>
    Array.from({ length: size }, (_, k) => Array.from({ length: size }, (_, j) => (byRow ? at(i, k, j) : at(i, j, k))).reduce((a, b) => a + b, 0));

  it('interleaves the classes and has the documented shapes', () => {
    expect(images.shape).toEqual([60, 1, size, size]);
    expect(Array.from(label)).toEqual(Array.from({ length: 60 }, (_, i) => i % 3));
  });

  it('draws a balanced two-band step of 4–6 pixels, inside the requested rows', () => {
    for (let i = 0; i < 60; i++) {
      if (label[i] === 0) {
        expect(sums(i, true).every((s) => s === 0) && Array.from(pixels.subarray(i * 144, (i + 1) * 144)).every((p) => p === 0)).toBe(true);
        continue;
      }
      const along = sums(i, label[i] === 1); // row sums for a horizontal edge, column sums for a vertical one
      const across = sums(i, label[i] !== 1);
      expect(across.every((s) => Math.abs(s) < 1e-5)).toBe(true);
      const nonzero = along.map((s, k) => [k, s] as const).filter(([, s]) => Math.abs(s) > 1e-6);
      expect(nonzero.length).toBe(4);
      const [first] = nonzero[0]!;
      expect(nonzero.map(([k]) => k)).toEqual([first, first + 1, first + 2, first + 3]);
      const [a, b, c, d] = nonzero.map(([, s]) => s);
      expect(b).toBeCloseTo(a!, 5);
      expect(c).toBeCloseTo(-a!, 5);
      expect(d).toBeCloseTo(-a!, 5);
      // |L·c| with L in 4..6 and |c| in [0.5, 1].
      expect(Math.abs(a!)).toBeGreaterThanOrEqual(2 - 1e-6);
      expect(Math.abs(a!)).toBeLessThanOrEqual(6 + 1e-6);
      // Every lit pixel lies in rows 6–11.
      for (let r = 0; r < 6; r++) for (let col = 0; col < size; col++) expect(Math.abs(at(i, r, col))).toBe(0);
    }
  });
});
