/**
 * How PyTorch writes argument values in a module's repr, for the layers' `extraRepr`: Python
 * tuples (`(3,)` for one element, `(2, 2)` otherwise), sizes as the user gave them (PyTorch's
 * pooling layers keep `2` or `(2, 3)` as passed), and floats with Python's `1.0`.
 *
 * ```ts
 * pyTuple([3]);      // '(3,)'
 * pyTuple([2, 2]);   // '(2, 2)'
 * pySize(2);         // '2'
 * pyFloat(1);        // '1.0'
 * ```
 * @module
 */

/** A Python tuple of numbers (null as None): `(3,)`, `(2, 2)`, `()`. */
export function pyTuple(values: readonly (number | null)[]): string {
  const items = values.map((v) => (v === null ? 'None' : String(v)));
  return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
}

/** A size argument as the user passed it: a number as is, an array as a Python tuple. */
export function pySize(value: number | readonly (number | null)[]): string {
  return typeof value === 'number' ? String(value) : pyTuple(value);
}

/** A float as Python prints it: whole numbers with `.0` (`1.0`, `-2.0`); others as JavaScript does. */
export function pyFloat(x: number): string {
  return Number.isInteger(x) ? `${x}.0` : String(x);
}

/** A copy of a size argument (number or array) to print later as passed. */
export function rawSize<T extends number | readonly (number | null)[]>(value: T): T {
  return (typeof value === 'number' ? value : [...(value as readonly (number | null)[])]) as T;
}
