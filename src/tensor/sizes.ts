/**
 * PyTorch's variadic sizes: `zeros(2, 3)` is `zeros([2, 3])`, each optionally followed by the
 * options object. Anything else (a size list AND loose sizes, a non-integer) is a clear error,
 * never a silently wrong shape.
 * @module
 */
import { checkShape } from '../shape.js';
import { ValueError } from '../errors.js';
import { describe } from '../checks/args.js';

/** The arguments of a creation function taking sizes: `(shape, options?)` or `(...sizes, options?)`. */
export type SizesAndOptions<O> = [shape: number | readonly number[], options?: O] | number[] | [...sizes: number[], options: O];

/**
 * Splits creation arguments into the shape and the options.
 *
 * ```ts
 * sizesAndOptions('zeros', [2, 3, { dtype: 'float64' }]); // [[2, 3], { dtype: 'float64' }]
 * ```
 */
export function sizesAndOptions<O extends object>(op: string, args: readonly unknown[]): [number[], O] {
  const last = args[args.length - 1];
  const hasOptions = args.length > 0 && (last === undefined || (typeof last === 'object' && last !== null && !Array.isArray(last)));
  const sizes = hasOptions ? args.slice(0, -1) : args;
  const options = (hasOptions && last !== undefined ? last : {}) as O;
  if (sizes.length === 1 && Array.isArray(sizes[0])) return [checkShape(op, sizes[0], 'size'), options];
  if (sizes.length === 0) throw new ValueError(op, 'needs a size: a list such as [2, 3] or the sizes one by one, (2, 3)');
  for (let i = 0; i < sizes.length; i++) {
    if (typeof sizes[i] !== 'number') {
      throw new ValueError(op, `size argument ${i} must be a number (sizes one by one) or the only size argument must be an array, got ${describe(sizes[i])}`);
    }
  }
  return [checkShape(op, sizes, 'size'), options];
}
