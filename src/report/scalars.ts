/**
 * Small helpers for claims about scalar graphs: float64 scalars and their gradients.
 * @module
 */
import fc from 'fast-check';
import { tensor, type Tensor } from 'chainrule';

/** A float64 0-d tensor. */
export function f64(value: number, requiresGrad = false): Tensor {
  return tensor(value, { dtype: 'float64', requiresGrad });
}

/** Doubles in [min, max] without NaN/Inf (the inputs of formula claims). */
export function real(min = -3, max = 3): fc.Arbitrary<number> {
  return fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
}

/**
 * Whole numbers in [min, max]. Polynomial identities are checked on them: a false polynomial
 * identity is false on most integer points too (a nonzero polynomial of degree ≤ d per variable
 * cannot vanish on a full grid of d + 1 values per variable), and failures shrink to readable
 * counterexamples such as [0, 0, 0, 1].
 */
export function wholeNumber(min = -4, max = 4): fc.Arbitrary<number> {
  return fc.integer({ min, max });
}
