/**
 * Statistics and index helpers a course reaches for: cov, corrcoef (differentiable compositions),
 * blockDiag, cartesianProd (compositions of cat/expand), and the non-differentiable logspace,
 * triuIndices, trilIndices.
 * @module
 */
import { checkFinite, checkInt, checkNumber, checkTensor, checkTensorList } from '../checks/args.js';
import { checkOptions } from '../checks/options.js';
import { asOp } from '../checks/rename.js';
import { checkNumel } from '../checks/limits.js';
import { DTypeError, ShapeError, ValueError, fmtShape } from '../errors.js';
import { isFloating, type FloatDType } from '../dtype.js';
import { div, sub } from '../ops/binary.js';
import { diagonal } from '../ops/diagonal.js';
import { cat, stack } from '../ops/join.js';
import { matmul } from '../ops/matmul.js';
import { sum } from '../ops/reduce.js';
import { clamp, sqrt } from '../ops/unary.js';
import { expand, reshape, transpose, unsqueeze } from '../ops/views.js';
import { linspace, tensor, zeros, type TensorOptions } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';

/**
 * The covariance matrix of the variables in the rows of `input` ([vars, observations]; a 1-D
 * input is one variable and gives a 0-d variance), divided by N − correction (default 1). PyTorch's
 * fweights/aweights are not supported.
 *
 * ```ts
 * cov(tensor([[0, 1, 2], [2, 1, 0]])).toArray(); // [[1, -1], [-1, 1]]
 * ```
 */
export function cov(input: Tensor, options: { correction?: number } = {}): Tensor {
  checkTensor('cov', 'input', input);
  checkOptions('cov', options, { correction: 'int', fweights: 'any', aweights: 'any' });
  if (!isFloating(input.dtype)) throw new DTypeError('cov', `input must be float32 or float64, got ${input.dtype} (shape ${fmtShape(input.shape)})`);
  if (input.ndim > 2) throw new ShapeError('cov', `input must be 0-D, 1-D or 2-D [variables, observations], got shape ${fmtShape(input.shape)}`);
  if ('fweights' in options || 'aweights' in options) throw new ValueError('cov', 'fweights and aweights are not supported');
  const correction = options.correction ?? 1;
  checkInt('cov', 'correction', correction, 0);
  const x = input.ndim < 2 ? reshape(input, [1, -1]) : input;
  const n = x.shape[1]!;
  const centered = sub(x, div(sum(x, 1, true), n));
  const c = div(matmul(centered, transpose(centered, 0, 1)), Math.max(n - correction, 0));
  return input.ndim < 2 ? reshape(c, []) : c;
}

/**
 * Pearson correlation coefficients of the variables in the rows of `input`:
 * cov[i, j]/√(cov[i, i]·cov[j, j]), clamped to [−1, 1] as PyTorch does.
 *
 * ```ts
 * corrcoef(tensor([[0, 1, 2], [2, 1, 0]])).toArray(); // [[1, -1], [-1, 1]]
 * ```
 */
export function corrcoef(input: Tensor): Tensor {
  checkTensor('corrcoef', 'input', input);
  const c = asOp('corrcoef', () => cov(input));
  if (c.ndim === 0) return div(c, c);
  const sd = sqrt(diagonal(c));
  return clamp(div(div(c, unsqueeze(sd, 1)), unsqueeze(sd, 0)), -1, 1);
}

/**
 * The block-diagonal matrix of the given tensors (0-d → 1×1, 1-D [n] → 1×n, 2-D as is).
 *
 * ```ts
 * blockDiag(tensor([[1, 2]]), tensor(3)).toArray(); // [[1, 2, 0], [0, 0, 3]]
 * ```
 */
export function blockDiag(...tensors: Tensor[]): Tensor {
  checkTensorList('blockDiag', 'tensors', tensors);
  const mats = tensors.map((t, i) => {
    if (t.ndim > 2) throw new ShapeError('blockDiag', `tensors[${i}] must be at most 2-D, got shape ${fmtShape(t.shape)}`);
    return t.ndim === 2 ? t : reshape(t, [1, t.numel()]);
  });
  const dtype = mats[0]!.dtype;
  if (mats.some((m) => m.dtype !== dtype)) throw new DTypeError('blockDiag', `all tensors must have one dtype, got ${mats.map((m) => m.dtype).join(', ')}`);
  const width = mats.reduce((w, m) => w + m.shape[1]!, 0);
  let left = 0;
  const rows = mats.map((m) => {
    const c = m.shape[1]!;
    const parts = [zeros([m.shape[0]!, left], { dtype }), m, zeros([m.shape[0]!, width - left - c], { dtype })];
    left += c;
    return cat(parts, 1);
  });
  return cat(rows, 0);
}

/**
 * The Cartesian product of 1-D tensors, [N1·N2·…, k] (row-major, the last varying fastest); one
 * tensor gives itself.
 *
 * ```ts
 * cartesianProd(tensor([1, 2]), tensor([3, 4])).toArray(); // [[1, 3], [1, 4], [2, 3], [2, 4]]
 * ```
 */
export function cartesianProd(...tensors: Tensor[]): Tensor {
  checkTensorList('cartesianProd', 'tensors', tensors);
  tensors.forEach((t, i) => {
    if (t.ndim !== 1) throw new ShapeError('cartesianProd', `tensors[${i}] must be 1-D, got shape ${fmtShape(t.shape)}`);
  });
  if (tensors.length === 1) return tensors[0]!;
  const sizes = tensors.map((t) => t.shape[0]!);
  // a too-large grid names cartesianProd, not expand
  const grids = asOp('cartesianProd', () => tensors.map((t, i) => reshape(expand(reshape(t, sizes.map((s, j) => (j === i ? s : 1))), sizes), [-1])));
  return stack(grids, 1);
}

/**
 * `steps` numbers base^s for s evenly spaced from start to end (torch.logspace; default base 10).
 * Not differentiable (a creation function).
 *
 * ```ts
 * logspace(0, 2, 3).toArray(); // [1, 10, 100]
 * ```
 */
export function logspace(start: number, end: number, steps: number, base = 10, options: TensorOptions = {}): Tensor {
  checkFinite('logspace', 'start', start);
  checkFinite('logspace', 'end', end);
  checkNumber('logspace', 'base', base);
  // the options go to tensor(): checked (and its errors named) here, as logspace's
  checkOptions('logspace', options, { dtype: 'any', requiresGrad: 'bool' });
  const exponents = asOp('logspace', () => linspace(start, end, steps, { dtype: 'float64' }));
  const dtype = (options.dtype ?? 'float32') as FloatDType;
  return asOp('logspace', () => tensor(Array.from(exponents.toTypedArray(), (s) => base ** s), { ...options, dtype }));
}

function triangleIndices(op: string, row: number, col: number, offset: number, lower: boolean): Tensor {
  checkInt(op, 'row', row, 0);
  checkInt(op, 'col', col, 0);
  checkInt(op, 'offset', offset);
  checkNumel(op, row * col, `the ${row}×${col} matrix`);
  // Row i keeps columns j ≤ i + offset (lower) or j ≥ i + offset (upper), within [0, col). The count
  // comes first, in closed form, and bounds the result before anything is allocated; the rows that
  // keep nothing are never walked (a 10¹²×0 matrix or an offset far below the diagonal hung, fuzz seed 65).
  const n = lower ? keptCount(row, col, offset + 1) : row * col - keptCount(row, col, offset);
  checkNumel(op, 2 * n, `the [2, ${n}] result`);
  const out = new Int32Array(2 * n);
  // walk only rows that keep something: not the lower triangle's leading rows, nor the upper's
  // trailing ones, nor any row of a matrix without columns
  const first = lower ? Math.max(0, -offset - 1) : 0;
  const last = n === 0 ? first : lower ? row : Math.min(row, Math.max(0, col - offset));
  let k = 0;
  for (let i = first; i < last; i++) {
    const [from, to] = lower ? [0, Math.min(col, i + offset + 1)] : [Math.max(0, i + offset), col];
    for (let j = from; j < to; j++, k++) {
      out[k] = i;
      out[n + k] = j;
    }
  }
  return tensor(out).reshape([2, n]);
}

/** Σ over rows i < row of clamp(i + c, 0, col): the entries kept when row i keeps its first i + c columns. */
function keptCount(row: number, col: number, c: number): number {
  const none = Math.min(row, Math.max(0, -c)); // rows before it keep nothing
  const all = Math.min(row, Math.max(none, col - c)); // rows from it keep all col columns
  // rows none..all−1 keep i + c columns: an arithmetic series
  return ((all - none) * (none + c + (all - 1 + c))) / 2 + (row - all) * col;
}

/**
 * The [2, n] int32 indices (rows, columns) of the upper triangle of a row×col matrix, from the
 * diagonal `offset` up, row by row (torch.triu_indices).
 *
 * ```ts
 * triuIndices(2, 2).toArray(); // [[0, 0, 1], [0, 1, 1]]
 * ```
 */
export function triuIndices(row: number, col: number, offset = 0): Tensor {
  return triangleIndices('triuIndices', row, col, offset, false);
}

/**
 * The [2, n] int32 indices of the lower triangle, up to the diagonal `offset` (torch.tril_indices).
 *
 * ```ts
 * trilIndices(2, 2).toArray(); // [[0, 1, 1], [0, 0, 1]]
 * ```
 */
export function trilIndices(row: number, col: number, offset = 0): Tensor {
  return triangleIndices('trilIndices', row, col, offset, true);
}

