// The end of the 4×8 register tile that matmul's micro-kernel and the direct convolution share:
// its eight accumulators written to C (or added to what C holds).

/**
 * Writes the 4×8 tile c00 … c31 (row r in cr0, cr1: columns 0–3 and 4–7) to C at `to`, rows
 * `ldc` floats apart; with `accumulate`, adds C's values first (accumulator + C, one rounding).
 */
// prettier-ignore
@inline export function storeTile(
  to: usize, ldc: i32, accumulate: bool,
  c00: v128, c01: v128, c10: v128, c11: v128, c20: v128, c21: v128, c30: v128, c31: v128,
): void {
  const row = <usize>(ldc * 4);
  if (accumulate) {
    c00 = f32x4.add(c00, v128.load(to)); c01 = f32x4.add(c01, v128.load(to, 16));
    c10 = f32x4.add(c10, v128.load(to + row)); c11 = f32x4.add(c11, v128.load(to + row, 16));
    c20 = f32x4.add(c20, v128.load(to + 2 * row)); c21 = f32x4.add(c21, v128.load(to + 2 * row, 16));
    c30 = f32x4.add(c30, v128.load(to + 3 * row)); c31 = f32x4.add(c31, v128.load(to + 3 * row, 16));
  }
  v128.store(to, c00); v128.store(to, c01, 16);
  v128.store(to + row, c10); v128.store(to + row, c11, 16);
  v128.store(to + 2 * row, c20); v128.store(to + 2 * row, c21, 16);
  v128.store(to + 3 * row, c30); v128.store(to + 3 * row, c31, 16);
}
