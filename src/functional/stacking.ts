/**
 * NumPy-style joins and rearrangements, as compositions of cat, flip, transpose and narrow
 * (gradients from those): hstack, vstack, dstack, columnStack, atleast1d/2d/3d, fliplr, flipud,
 * rot90, diff, ravel.
 * @module
 */
import { checkInt, checkTensor, checkTensorList } from '../checks/args.js';
import { checkOptions } from '../checks/options.js';
import { asOp } from '../checks/rename.js';
import { ShapeError, ValueError, fmtShape, formatValue } from '../errors.js';
import { sub } from '../ops/binary.js';
import { flip } from '../ops/flip.js';
import { cat } from '../ops/join.js';
import { dimIn } from './products.js';
import { narrow, reshape, transpose, unsqueeze } from '../ops/views.js';
import type { Tensor } from '../tensor/tensor.js';

/**
 * x viewed with at least one dim (a 0-d tensor becomes [1]).
 *
 * ```ts
 * atleast1d(tensor(3)).shape; // [1]
 * ```
 */
export function atleast1d(x: Tensor): Tensor {
  checkTensor('atleast1d', 'input', x);
  return x.ndim >= 1 ? x : reshape(x, [1]);
}

/**
 * x viewed with at least two dims: [] → [1, 1], [n] → [1, n].
 *
 * ```ts
 * atleast2d(tensor([1, 2])).shape; // [1, 2]
 * ```
 */
export function atleast2d(x: Tensor): Tensor {
  checkTensor('atleast2d', 'input', x);
  return x.ndim >= 2 ? x : reshape(x, [1, x.ndim === 0 ? 1 : x.shape[0]!]);
}

/**
 * x viewed with at least three dims: [] → [1, 1, 1], [n] → [1, n, 1], [m, n] → [m, n, 1] (NumPy's rule).
 *
 * ```ts
 * atleast3d(tensor([1, 2])).shape; // [1, 2, 1]
 * ```
 */
export function atleast3d(x: Tensor): Tensor {
  checkTensor('atleast3d', 'input', x);
  if (x.ndim >= 3) return x;
  if (x.ndim === 2) return unsqueeze(x, 2);
  return reshape(x, [1, x.ndim === 0 ? 1 : x.shape[0]!, 1]);
}

function list(op: string, xs: readonly Tensor[]): void {
  checkTensorList(op, 'tensors', xs);
  if (xs.length === 0) throw new ValueError(op, 'expects a non-empty list of tensors');
}

/**
 * Joins horizontally: along dim 0 when all are 1-D (0-d ones become [1]), else along dim 1.
 *
 * ```ts
 * hstack([tensor([1, 2]), tensor([3])]).toArray();        // [1, 2, 3]
 * hstack([zeros([2, 1]), ones([2, 2])]).shape;             // [2, 3]
 * ```
 */
export function hstack(tensors: readonly Tensor[]): Tensor {
  list('hstack', tensors);
  const xs = tensors.map(atleast1d);
  return asOp('hstack', () => cat(xs, xs.every((t) => t.ndim === 1) ? 0 : 1));
}

/**
 * Joins vertically (along dim 0) after atleast2d: 1-D tensors become rows.
 *
 * ```ts
 * vstack([tensor([1, 2]), tensor([3, 4])]).toArray(); // [[1, 2], [3, 4]]
 * ```
 */
export function vstack(tensors: readonly Tensor[]): Tensor {
  list('vstack', tensors);
  return asOp('vstack', () => cat(tensors.map(atleast2d), 0));
}

/**
 * Joins along the third dim after atleast3d.
 *
 * ```ts
 * dstack([tensor([1, 2]), tensor([3, 4])]).shape; // [1, 2, 2]
 * ```
 */
export function dstack(tensors: readonly Tensor[]): Tensor {
  list('dstack', tensors);
  return asOp('dstack', () => cat(tensors.map(atleast3d), 2));
}

/**
 * Joins as columns: 0-d and 1-D tensors become [n, 1] columns, then all join along dim 1.
 *
 * ```ts
 * columnStack([tensor([1, 2]), tensor([3, 4])]).toArray(); // [[1, 3], [2, 4]]
 * ```
 */
export function columnStack(tensors: readonly Tensor[]): Tensor {
  list('columnStack', tensors);
  return asOp('columnStack', () => cat(tensors.map((t) => (t.ndim >= 2 ? t : reshape(t, [t.numel(), 1]))), 1));
}

/**
 * Flips left-right (dim 1); x must be at least 2-D.
 *
 * ```ts
 * fliplr(tensor([[1, 2], [3, 4]])).toArray(); // [[2, 1], [4, 3]]
 * ```
 */
export function fliplr(x: Tensor): Tensor {
  checkTensor('fliplr', 'input', x);
  if (x.ndim < 2) throw new ShapeError('fliplr', `input must be at least 2-D, got shape ${fmtShape(x.shape)}`);
  return flip(x, 1);
}

/**
 * Flips up-down (dim 0); x must be at least 1-D.
 *
 * ```ts
 * flipud(tensor([[1, 2], [3, 4]])).toArray(); // [[3, 4], [1, 2]]
 * ```
 */
export function flipud(x: Tensor): Tensor {
  checkTensor('flipud', 'input', x);
  if (x.ndim < 1) throw new ShapeError('flipud', `input must be at least 1-D, got shape ${fmtShape(x.shape)}`);
  return flip(x, 0);
}

/**
 * Rotates by k·90° in the plane of `dims` (default [0, 1]), from the first dim towards the second.
 *
 * ```ts
 * rot90(tensor([[1, 2], [3, 4]])).toArray(); // [[2, 4], [1, 3]]
 * ```
 */
export function rot90(x: Tensor, k = 1, dims: readonly [number, number] = [0, 1]): Tensor {
  checkTensor('rot90', 'input', x);
  checkInt('rot90', 'k', k);
  if (!Array.isArray(dims) || dims.length !== 2) throw new ValueError('rot90', `dims must be two dims, got ${formatValue(dims)}`); // formatValue: JSON.stringify threw on a BigInt
  if (x.ndim < 2) throw new ShapeError('rot90', `input must be at least 2-D, got shape ${fmtShape(x.shape)}`);
  const d0 = dimIn('rot90', 'dims[0]', dims[0], x.ndim);
  const d1 = dimIn('rot90', 'dims[1]', dims[1], x.ndim);
  if (d0 === d1) throw new ValueError('rot90', `dims must differ, got ${formatValue(dims)}`);
  const turns = ((k % 4) + 4) % 4;
  if (turns === 1) return transpose(flip(x, d1), d0, d1);
  if (turns === 2) return flip(x, [d0, d1]);
  if (turns === 3) return flip(transpose(x, d0, d1), d1);
  return x;
}

/** Options of {@link diff}. */
export interface DiffOptions {
  /** Dim to difference along (default −1). */
  dim?: number;
  /** Joined before x along dim first. */
  prepend?: Tensor;
  /** Joined after x along dim first. */
  append?: Tensor;
}

/**
 * The n-th forward difference along `dim`: out[i] = x[i + 1] − x[i], applied n times (default 1).
 *
 * ```ts
 * diff(tensor([1, 4, 9, 16])).toArray();    // [3, 5, 7]
 * diff(tensor([1, 4, 9, 16]), 2).toArray(); // [2, 2]
 * ```
 */
export function diff(x: Tensor, n = 1, options: DiffOptions = {}): Tensor {
  checkTensor('diff', 'input', x);
  checkInt('diff', 'n', n, 0);
  checkOptions('diff', options, { dim: 'int', prepend: 'tensor', append: 'tensor' });
  if (x.ndim === 0) throw new ShapeError('diff', 'input must be at least 1-D, got a 0-d tensor');
  const d = dimIn('diff', 'dim', options.dim ?? -1, x.ndim);
  return asOp('diff', () => {
    let y = x;
    if (options.prepend !== undefined || options.append !== undefined) {
      y = cat([...(options.prepend ? [options.prepend] : []), x, ...(options.append ? [options.append] : [])], d);
    }
    for (let i = 0; i < n && y.shape[d]! > 0; i++) {
      const len = y.shape[d]! - 1;
      y = sub(narrow(y, d, 1, len), narrow(y, d, 0, len));
    }
    return y;
  });
}

/**
 * x flattened to 1-D (a view when x is contiguous), as torch.ravel.
 *
 * ```ts
 * ravel(tensor([[1, 2], [3, 4]])).toArray(); // [1, 2, 3, 4]
 * ```
 */
export function ravel(x: Tensor): Tensor {
  checkTensor('ravel', 'input', x);
  return reshape(x, [-1]);
}
