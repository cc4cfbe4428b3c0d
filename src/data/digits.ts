/**
 * `syntheticDigits`: a small, seeded synthetic digit set (8×8 glyphs), so examples and tests
 * need no download.
 * @module
 */
import { Generator } from '../random.js';
import { tensor } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkInt, checkOptions } from '../checks/index.js';
import { checkNumel } from '../checks/limits.js';

const GLYPHS: readonly string[][] = [
  ['..####..', '.#....#.', '.#...##.', '.#..#.#.', '.#.#..#.', '.##...#.', '.#....#.', '..####..'],
  ['...##...', '..###...', '.#.##...', '...##...', '...##...', '...##...', '...##...', '.######.'],
  ['..####..', '.#....#.', '......#.', '.....#..', '...##...', '..#.....', '.#......', '.######.'],
  ['.#####..', '......#.', '......#.', '..####..', '......#.', '......#.', '......#.', '.#####..'],
  ['....##..', '...#.#..', '..#..#..', '.#...#..', '.######.', '.....#..', '.....#..', '.....#..'],
  ['.######.', '.#......', '.#......', '.#####..', '......#.', '......#.', '.#....#.', '..####..'],
  ['..####..', '.#......', '.#......', '.#####..', '.#....#.', '.#....#.', '.#....#.', '..####..'],
  ['.######.', '......#.', '.....#..', '....#...', '...#....', '...#....', '...#....', '...#....'],
  ['..####..', '.#....#.', '.#....#.', '..####..', '.#....#.', '.#....#.', '.#....#.', '..####..'],
  ['..####..', '.#....#.', '.#....#.', '.#....#.', '..#####.', '......#.', '......#.', '..####..'],
];

/** A digit set: flattened 8×8 images and their classes. */
export interface DigitSet {
  /** The images, [n, 64] float32, row-major 8×8. */
  inputs: Tensor;
  /** The digit of each image, [n] int32 in 0–9. */
  labels: Tensor;
}

/** Options of {@link syntheticDigits}. */
export interface SyntheticDigitsOptions {
  /** The seed of the generator the samples are drawn from (default 0). */
  seed?: number;
}

/**
 * `perClass` noisy samples of each digit 0–9, drawn deterministically from `seed`: 8×8 glyphs,
 * each shifted by up to one pixel each way, with a random stroke intensity in [0.6, 1), a few
 * flipped pixels (3 %) and Gaussian pixel noise (σ = 0.2). Samples come in rounds of the ten
 * digits (labels 0, 1, …, 9, 0, 1, …). The same seed gives the same bits on every platform.
 *
 * ```ts
 * import { syntheticDigits } from 'chainrule/data';
 * const { inputs, labels } = syntheticDigits(30, { seed: 4 });
 * inputs.shape; // [300, 64]
 * labels.dtype; // 'int32'
 * ```
 */
export function syntheticDigits(perClass: number, options: SyntheticDigitsOptions = {}): DigitSet {
  checkInt('syntheticDigits', 'perClass', perClass, 0);
  checkNumel('syntheticDigits', perClass * 640, `perClass=${perClass} (× 640 pixels)`);
  checkOptions('syntheticDigits', options, { seed: 'int' });
  const gen = new Generator(options.seed ?? 0);
  const pixels = new Float32Array(perClass * 640);
  const labels = new Int32Array(perClass * 10);
  let p = 0;
  for (let k = 0; k < perClass; k++) {
    for (let digit = 0; digit < 10; digit++) {
      const dx = gen.integer(-1, 2);
      const dy = gen.integer(-1, 2);
      const intensity = 0.6 + 0.4 * gen.uniform();
      for (let r = 0; r < 8; r++) {
        for (let c = 0; c < 8; c++) {
          const sr = r - dy;
          const sc = c - dx;
          let on = sr >= 0 && sr < 8 && sc >= 0 && sc < 8 && GLYPHS[digit]![sr]![sc] === '#';
          if (gen.uniform() < 0.03) on = !on;
          pixels[p++] = (on ? intensity : 0) + 0.2 * gen.normal();
        }
      }
      labels[k * 10 + digit] = digit;
    }
  }
  return { inputs: tensor(pixels).reshape([10 * perClass, 64]), labels: tensor(labels) };
}
