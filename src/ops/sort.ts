/**
 * Sorting and selection: sort, argsort, topk, kthvalue, median. Each finds int32 indices with the
 * `sortIndices` kernel (not differentiable) and takes the values as a gather at them, so the
 * gradient flows through the values (scatter-added back), as PyTorch's.
 * @module
 */
import { checkBool, checkInt, checkOptions, checkTensor } from '../checks/index.js';
import { kernels } from '../backend/registry.js';
import { IndexError, ValueError, fmtShape } from '../errors.js';
import { normalizeDim } from '../shape.js';
import { Tensor } from '../tensor/tensor.js';
import { record } from '../autograd/node.js';
import { where } from './binary.js';
import { eq, isnan } from './compare.js';
import { gather } from './indexing.js';
import { valuesIndices, type ValuesIndicesTuple } from './named-tuple.js';
import { empty } from './util.js';
import { contiguousCopy, narrow, reshape, squeeze } from './views.js';

/** Options of {@link sort} and {@link argsort}. */
export interface SortOptions {
  /** Largest first (default false). NaN counts as the largest value. */
  descending?: boolean;
  /** Keep equal values in their original order. chainrule's sort is always stable; accepted for PyTorch's signature. */
  stable?: boolean;
}

function sortedIndices(op: string, x: Tensor, d: number, descending: boolean): Tensor {
  const out = empty(x.shape, 'int32');
  kernels().sortIndices(x, d, descending, out.storage as Int32Array);
  return out;
}

/**
 * Sorts along `dim` (default −1): the sorted values and, for each, its position in x (int32).
 * Stable; NaN sorts as the largest value. Gradient through the values only.
 *
 * @example
 * ```ts
 * const [values, indices] = sort(tensor([3, 1, 2])); // [1, 2, 3], [1, 2, 0]
 * sort(tensor([3, 1, 2]), 0, { descending: true }).values; // [3, 2, 1]
 * ```
 */
export function sort(x: Tensor, dim = -1, options: SortOptions = {}): ValuesIndicesTuple {
  checkTensor('sort', 'input', x);
  checkOptions('sort', options, { descending: 'bool', stable: 'bool' });
  const d = normalizeDim('sort', dim, x.ndim);
  const indices = sortedIndices('sort', x, d, options.descending ?? false);
  return valuesIndices(gather(x, d, indices), indices);
}

/**
 * The positions (int32) that sort x along `dim` (default −1); not differentiable.
 *
 * @example
 * ```ts
 * argsort(tensor([3, 1, 2])); // [1, 2, 0]
 * ```
 */
export function argsort(x: Tensor, dim = -1, options: SortOptions = {}): Tensor {
  checkTensor('argsort', 'input', x);
  checkOptions('argsort', options, { descending: 'bool', stable: 'bool' });
  const d = normalizeDim('argsort', dim, x.ndim);
  return sortedIndices('argsort', x, d, options.descending ?? false);
}

/** Options of {@link topk}. */
export interface TopkOptions {
  /** The k largest (default true) or the k smallest. */
  largest?: boolean;
  /** Return them in sorted order (default true). chainrule always does; accepted for PyTorch's signature. */
  sorted?: boolean;
}

/**
 * The `k` largest (or smallest) entries along `dim` (default −1) and their positions (int32), in
 * sorted order. Gradient through the values only.
 *
 * @example
 * ```ts
 * const [values, indices] = topk(tensor([1, 5, 3, 4]), 2); // [5, 4], [1, 3]
 * ```
 */
export function topk(x: Tensor, k: number, dim = -1, options: TopkOptions = {}): ValuesIndicesTuple {
  checkTensor('topk', 'input', x);
  checkOptions('topk', options, { largest: 'bool', sorted: 'bool' });
  const d = normalizeDim('topk', dim, x.ndim);
  const n = x.ndim === 0 ? 1 : x.shape[d]!;
  checkInt('topk', 'k', k);
  if (!Number.isInteger(k) || k < 0 || k > n) throw new IndexError('topk', `k=${k} is out of range for dim ${d} of size ${n} (shape ${fmtShape(x.shape)})`);
  const all = sortedIndices('topk', x, d, options.largest ?? true);
  const indices = x.ndim === 0 ? all : contiguousCopy(narrow(all, d, 0, k));
  return valuesIndices(gather(x, d, indices), indices);
}

/**
 * The `k`-th smallest entry (k from 1) along `dim` (default −1) and its position (int32). Gradient
 * through the values only.
 *
 * @example
 * ```ts
 * const [value, index] = kthvalue(tensor([3, 1, 2]), 2); // 2, 2
 * ```
 */
export function kthvalue(x: Tensor, k: number, dim = -1, keepdim = false): ValuesIndicesTuple {
  checkTensor('kthvalue', 'input', x);
  checkBool('kthvalue', 'keepdim', keepdim);
  const d = normalizeDim('kthvalue', dim, x.ndim);
  const n = x.ndim === 0 ? 1 : x.shape[d]!;
  checkInt('kthvalue', 'k', k);
  if (!Number.isInteger(k) || k < 1 || k > n) throw new IndexError('kthvalue', `k=${k} is out of range for dim ${d} of size ${n} (shape ${fmtShape(x.shape)}); k counts from 1`);
  const all = sortedIndices('kthvalue', x, d, false);
  return pickAlong(x, d, x.ndim === 0 ? all : contiguousCopy(narrow(all, d, k - 1, 1)), keepdim);
}

/** Values of x gathered at `indices` (keepdim shape along d), squeezed unless keepdim. */
function pickAlong(x: Tensor, d: number, indices: Tensor, keepdim: boolean): ValuesIndicesTuple {
  const values = gather(x, d, indices);
  if (keepdim || x.ndim === 0) return valuesIndices(values, indices);
  return valuesIndices(squeeze(values, d), reshape(indices, x.shape.filter((_, k) => k !== d)));
}

/**
 * The median: of all entries (a 0-d tensor), or along `dim` with its position (int32). For an even
 * count it is the lower of the two middle values, and a slice holding NaN has median NaN (as
 * PyTorch's). Gradient through the values only: along `dim` to the entry at the returned index;
 * of all entries shared evenly by the entries equal to the median (the NaNs if it is NaN), as
 * PyTorch's evenly_distribute_backward.
 *
 * @example
 * ```ts
 * median(tensor([3, 1, 4, 2])); // 2
 * const [values, indices] = median(tensor([[3, 1, 2]]), 1); // [2], [2]
 * ```
 */
export function median(x: Tensor): Tensor;
export function median(x: Tensor, dim: number, keepdim?: boolean): ValuesIndicesTuple;
export function median(x: Tensor, dim?: number, keepdim = false): Tensor | ValuesIndicesTuple {
  checkTensor('median', 'input', x);
  checkBool('median', 'keepdim', keepdim);
  if (dim === undefined) {
    if (x.numel() === 0) throw new ValueError('median', `needs a non-empty tensor, got shape ${fmtShape(x.shape)}`);
    const value = contiguousCopy(reshape(median(reshape(x.detach(), [x.numel()]), 0).values, []));
    return record('MedianBackward', value, [x], medianAllVjp, [x.detach(), value]);
  }
  const d = normalizeDim('median', dim, x.ndim);
  const n = x.ndim === 0 ? 1 : x.shape[d]!;
  if (n === 0) throw new IndexError('median', `cannot take the median over an empty dim ${d} (shape ${fmtShape(x.shape)})`);
  const order = sortedIndices('median', x, d, false);
  // per slice: the lower middle, or the first NaN (NaN sorts last) when the slice holds one
  const sortedValues = gather(x.detach(), d, order);
  const keptShape = x.shape.map((s, k) => (k === d ? 1 : s));
  const position = new Int32Array(keptShape.reduce((p, s) => p * s, 1));
  const nanCount = sortedValues.isnan().to('float64').sum(d, true).toTypedArray();
  position.forEach((_, i) => (position[i] = nanCount[i]! > 0 ? n - nanCount[i]! : (n - 1) >> 1));
  const at = x.ndim === 0 ? new Tensor(position, []) : new Tensor(position, keptShape);
  return pickAlong(x, d, x.ndim === 0 ? order : gather(order, d, at), keepdim);
}
// d median(x) = g / k at each of the k entries equal to the median (NaN: the NaN entries), 0 elsewhere
function medianAllVjp(g: Tensor, [x, value]: readonly Tensor[]): Tensor[] {
  const mask = Number.isNaN(value!.item()) ? isnan(x!) : eq(x!, value!);
  return [where(mask, g.div(mask.sum()), 0)];
}
