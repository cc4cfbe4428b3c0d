/**
 * A small deterministic synthetic digit set for the training smoke test: 5×7 glyphs of the
 * digits 0–9 drawn into 12×12 images at a random shift of up to ±maxShift pixels in each direction,
 * with per-pixel Gaussian noise.
 */
import { Generator, tensor, type Tensor } from '../../../src/index.js';

const GLYPHS: readonly string[][] = [
  ['.###.', '#...#', '#..##', '#.#.#', '##..#', '#...#', '.###.'], // 0
  ['..#..', '.##..', '..#..', '..#..', '..#..', '..#..', '.###.'], // 1
  ['.###.', '#...#', '....#', '...#.', '..#..', '.#...', '#####'], // 2
  ['####.', '....#', '....#', '.###.', '....#', '....#', '####.'], // 3
  ['...#.', '..##.', '.#.#.', '#..#.', '#####', '...#.', '...#.'], // 4
  ['#####', '#....', '####.', '....#', '....#', '#...#', '.###.'], // 5
  ['..##.', '.#...', '#....', '####.', '#...#', '#...#', '.###.'], // 6
  ['#####', '....#', '...#.', '..#..', '.#...', '.#...', '.#...'], // 7
  ['.###.', '#...#', '#...#', '.###.', '#...#', '#...#', '.###.'], // 8
  ['.###.', '#...#', '#...#', '.####', '....#', '...#.', '.##..'], // 9
];

/** Image side length. */
export const SIZE = 12;

/** `perClass` noisy, shifted images of each digit: images [N, 1, 12, 12] and int32 labels [N]. */
export function digitSet(perClass: number, seed: number, noise = 0.3, maxShift = 2): { images: Tensor; labels: Tensor } {
  const gen = new Generator(seed);
  const pixels: number[] = [];
  const labels: number[] = [];
  for (let i = 0; i < perClass; i++) {
    for (let digit = 0; digit < 10; digit++) {
      // The glyph's top-left corner sits at (2, 3) ± maxShift (≤ 2, so it always fits in the frame).
      const top = 2 + gen.integer(-maxShift, maxShift + 1);
      const left = 3 + gen.integer(-maxShift, maxShift + 1);
      for (let r = 0; r < SIZE; r++) {
        for (let c = 0; c < SIZE; c++) {
          const on = GLYPHS[digit]![r - top]?.[c - left] === '#';
          pixels.push((on ? 1 : 0) + noise * gen.normal());
        }
      }
      labels.push(digit);
    }
  }
  return {
    images: tensor(Float32Array.from(pixels)).reshape([labels.length, 1, SIZE, SIZE]),
    labels: tensor(labels, { dtype: 'int32' }),
  };
}
