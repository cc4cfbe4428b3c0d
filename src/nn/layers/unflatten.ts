/**
 * Unflatten: splits one dim into several (PyTorch's nn.Unflatten), the inverse of Flatten.
 * @module
 */
import { checkIntList, checkTensor } from '../../checks/index.js';
import { ShapeError, ValueError, fmtShape } from '../../errors.js';
import { formatValue } from '../../errors.js';
import { normalizeDim } from '../../shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { Module } from '../module.js';
import { pyTuple } from '../repr.js';

/**
 * Replaces dim `dim` by the dims `unflattenedSize` (one of them may be −1, inferred).
 *
 * ```ts
 * import { randn } from 'chainrule';
 * import { Unflatten } from 'chainrule/nn';
 * new Unflatten(1, [2, 5]).forward(randn([3, 10])).shape; // [3, 2, 5]
 * ```
 */
export class Unflatten extends Module {
  readonly dim: number;
  readonly unflattenedSize: readonly number[];

  constructor(dim: number, unflattenedSize: readonly number[]) {
    super();
    if (!Number.isInteger(dim)) throw new ValueError('Unflatten', `dim must be an integer, got ${formatValue(dim)}`);
    checkIntList('Unflatten', 'unflattenedSize', unflattenedSize, -1);
    const sizes = [...unflattenedSize];
    if (sizes.length === 0 || sizes.some((s) => !Number.isInteger(s) || s < -1) || sizes.filter((s) => s === -1).length > 1) {
      throw new ValueError('Unflatten', `unflattenedSize must be non-negative integers with at most one -1, got ${formatValue(unflattenedSize)}`);
    }
    this.dim = dim;
    this.unflattenedSize = Object.freeze(sizes);
  }

  /** x [..., n, ...] → [..., *unflattenedSize, ...] where the sizes multiply to n. */
  forward(input: Tensor): Tensor {
    checkTensor('Unflatten', 'input', input);
    const d = normalizeDim('Unflatten', this.dim, input.ndim);
    const n = input.shape[d]!;
    const known = this.unflattenedSize.filter((s) => s !== -1).reduce((a, b) => a * b, 1);
    const fits = this.unflattenedSize.includes(-1) ? known > 0 && n % known === 0 : known === n;
    if (!fits) {
      throw new ShapeError('Unflatten', `unflattenedSize ${fmtShape(this.unflattenedSize)} does not match size ${n} of dim ${d} of input ${fmtShape(input.shape)}`);
    }
    return input.reshape([...input.shape.slice(0, d), ...this.unflattenedSize, ...input.shape.slice(d + 1)]);
  }

  override extraRepr(): string {
    return `dim=${this.dim}, unflattenedSize=${pyTuple(this.unflattenedSize)}`;
  }
}
