/**
 * The output size argument of the adaptive poolings, checked.
 * @module
 */
import { ShapeError, ValueError, fmtShape } from '../../errors.js';
import { formatValue } from '../../errors.js';

/** One number for every dim, or one per dim (null keeps the input's size) → positive sizes. */
export function adaptiveSizes(op: string, outputSize: number | readonly (number | null)[], inSize: readonly number[]): number[] {
  const n = inSize.length;
  if (typeof outputSize !== 'number' && !Array.isArray(outputSize)) throw new ValueError(op, `outputSize must be a size or an array of sizes, got ${formatValue(outputSize)}`);
  const given = typeof outputSize === 'number' ? new Array<number>(n).fill(outputSize) : [...outputSize];
  if (given.length !== n) throw new ValueError(op, `outputSize must have ${n} value${n > 1 ? 's' : ''}, got ${formatValue(outputSize)}`);
  const sizes = given.map((s, i) => (s === null ? inSize[i]! : s));
  if (sizes.some((s) => !Number.isInteger(s) || s < 1)) {
    throw new ValueError(op, `outputSize must hold positive integers (or null), got ${formatValue(outputSize)}`);
  }
  if (inSize.some((s) => s < 1)) throw new ShapeError(op, `input spatial size ${fmtShape(inSize)} must be positive`);
  return sizes;
}
