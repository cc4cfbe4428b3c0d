/**
 * The shrinkage activations (PyTorch's F.softshrink, F.hardshrink, F.tanhshrink), as compositions.
 * @module
 */
import { checkNumber } from '../../checks/args.js';
import { ValueError } from '../../errors.js';
import { where } from '../../ops/binary.js';
import type { Tensor } from '../../tensor/tensor.js';
import { requireFloatTensor } from './window.js';

function lambdaOf(op: string, lambd: number): number {
  checkNumber(op, 'lambd', lambd);
  if (!(lambd >= 0)) throw new ValueError(op, `lambd must be non-negative, got ${lambd}`);
  return lambd;
}

/**
 * x − λ for x > λ, x + λ for x < −λ, 0 between (default λ = 0.5).
 *
 * ```ts
 * F.softshrink(tensor([-2, 0.25, 1])).toArray(); // [-1.5, 0, 0.5]
 * ```
 */
export function softshrink(x: Tensor, lambd = 0.5): Tensor {
  requireFloatTensor('softshrink', 'input', x);
  const l = lambdaOf('softshrink', lambd);
  return where(x.gt(l), x.sub(l), where(x.lt(-l), x.add(l), 0));
}

/**
 * x where |x| > λ, 0 elsewhere (default λ = 0.5); NaN stays NaN.
 *
 * ```ts
 * F.hardshrink(tensor([-2, 0.25, 1])).toArray(); // [-2, 0, 1]
 * ```
 */
export function hardshrink(x: Tensor, lambd = 0.5): Tensor {
  requireFloatTensor('hardshrink', 'input', x);
  const l = lambdaOf('hardshrink', lambd);
  // zeroed where |x| ≤ λ, so NaN passes through as PyTorch's (`|x| > λ` turned NaN into 0)
  return where(x.abs().le(l), 0, x);
}

/**
 * x − tanh(x).
 *
 * ```ts
 * F.tanhshrink(tensor([0])).toArray(); // [0]
 * ```
 */
export function tanhshrink(x: Tensor): Tensor {
  requireFloatTensor('tanhshrink', 'input', x);
  return x.sub(x.tanh());
}
