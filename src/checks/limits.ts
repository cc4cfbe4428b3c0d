/**
 * The documented size limit. Every public function that allocates from a user-given size checks
 * the element count against {@link MAX_ELEMENTS} before anything is allocated, so a huge size is a
 * {@link ValueError} naming the op and the size, never a `RangeError` or an out-of-memory abort.
 * @module
 */
import { ValueError, fmtShape } from '../errors.js';

/**
 * The largest number of elements one tensor may hold: 2²⁸ (268,435,456; 1 GiB of float32, 2 GiB
 * of float64). PyTorch's own limit is the machine's memory; a JavaScript process dies with an
 * uncatchable heap abort long before that, so chainrule refuses earlier, with a message.
 *
 * ```ts
 * import { zeros, MAX_ELEMENTS } from 'chainrule';
 * zeros([1e6, 1e6]); // ValueError: zeros: shape [1000000,1000000] has 1e12 elements, more than MAX_ELEMENTS (268435456)
 * ```
 */
export const MAX_ELEMENTS = 2 ** 28;

/** Throws unless `n` elements (the product of `shape`) fit under {@link MAX_ELEMENTS}. */
export function checkNumel(op: string, n: number, what: string): void {
  if (!(n <= MAX_ELEMENTS)) {
    throw new ValueError(op, `${what} has ${n} elements, more than MAX_ELEMENTS (${MAX_ELEMENTS})`);
  }
}

/** {@link checkNumel} for a shape. */
export function checkShapeNumel(op: string, shape: readonly number[], arg = 'shape'): void {
  let n = 1;
  for (const s of shape) n *= s;
  if (n > MAX_ELEMENTS) checkNumel(op, n, `${arg} ${fmtShape(shape)}`);
}
