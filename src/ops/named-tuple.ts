/**
 * PyTorch's named tuples: `const [values, indices] = x.max(1)` and `x.max(1).values` both work.
 * @module
 */
import type { Tensor, ValuesIndices } from '../tensor/tensor.js';

/** `(values, indices)` as PyTorch returns them: an array of two tensors that also has `.values` and `.indices`. */
export type ValuesIndicesTuple = readonly [values: Tensor, indices: Tensor] & ValuesIndices;

/** The `(min, max)` of `aminmax`: an array of two tensors that also has `.min` and `.max`. */
export type MinMaxTuple = readonly [min: Tensor, max: Tensor] & { readonly min: Tensor; readonly max: Tensor };

/**
 * A frozen array of `tensors` with each also readable by name (non-enumerable, so printing and
 * spreading show the array).
 *
 * @example
 * ```ts
 * const r = namedTuple(['values', 'indices'], [v, i]); // r[0] === r.values
 * ```
 */
export function namedTuple<T>(names: readonly string[], tensors: readonly Tensor[]): T {
  const out = tensors.slice();
  names.forEach((name, k) => Object.defineProperty(out, name, { value: tensors[k], enumerable: false }));
  return Object.freeze(out) as unknown as T;
}

/** A {@link ValuesIndicesTuple}. */
export function valuesIndices(values: Tensor, indices: Tensor): ValuesIndicesTuple {
  return namedTuple<ValuesIndicesTuple>(['values', 'indices'], [values, indices]);
}
