/**
 * Counting and searching (not differentiable, as in PyTorch): bincount, histc, searchsorted,
 * bucketize, unique. Each reads its input's values and builds a new tensor.
 * @module
 */
import { checkNumel } from '../checks/limits.js';
import { checkBool, checkInt, checkNumber, checkTensor } from '../checks/args.js';
import { checkOptions } from '../checks/options.js';
import { DTypeError, ShapeError, ValueError, fmtShape } from '../errors.js';
import { isFloating } from '../dtype.js';
import { contiguous } from '../ops/views.js';
import { tensor } from '../tensor/creation.js';
import { asOp } from '../checks/rename.js';
import type { Tensor } from '../tensor/tensor.js';

const values = (t: Tensor): number[] => Array.from(contiguous(t).toTypedArray(), Number);
const lowest = (xs: readonly number[]): number => xs.reduce((m, v) => (v < m ? v : m), Infinity);
/** A tensor, or null for none. */
const tensorOrNull = (op: string, arg: string, v: unknown): void => {
  if (v !== null) checkTensor(op, arg, v);
};

const highest = (xs: readonly number[]): number => xs.reduce((m, v) => (v > m ? v : m), -Infinity);

/**
 * Counts of each value 0, 1, … in a 1-D int32 tensor of non-negative entries (at least
 * `minlength` bins); with `weights`, sums of the weights instead (in the weights' dtype).
 *
 * ```ts
 * bincount(tensor([0, 2, 2], { dtype: 'int32' })).toArray(); // [1, 0, 2]
 * ```
 */
export function bincount(input: Tensor, options: { weights?: Tensor | null; minlength?: number } = {}): Tensor {
  checkTensor('bincount', 'input', input);
  checkOptions('bincount', options, { weights: tensorOrNull, minlength: 'count' });
  if (input.dtype !== 'int32' && input.dtype !== 'bool') throw new DTypeError('bincount', `input must be int32, got ${input.dtype}`);
  if (input.ndim !== 1) throw new ShapeError('bincount', `input must be 1-D, got shape ${fmtShape(input.shape)}`);
  const minlength = options.minlength ?? 0;
  checkInt('bincount', 'minlength', minlength, 0);
  const xs = values(input);
  if (xs.some((v) => v < 0)) throw new ValueError('bincount', `input must be non-negative, got ${lowest(xs)}`);
  const weights = options.weights ?? null;
  if (weights !== null) {
    checkTensor('bincount', 'weights', weights);
    if (weights.ndim !== 1 || weights.shape[0] !== xs.length) throw new ShapeError('bincount', `weights must have the input's shape ${fmtShape(input.shape)}, got ${fmtShape(weights.shape)}`);
  }
  const w = weights === null ? null : values(weights);
  const length = Math.max(minlength, xs.length === 0 ? 0 : highest(xs) + 1);
  checkNumel('bincount', length, `the counts (minlength ${minlength}, largest value ${xs.length === 0 ? 'none' : highest(xs)})`);
  const out = new Array<number>(length).fill(0);
  xs.forEach((v, i) => (out[v]! += w === null ? 1 : w[i]!));
  return tensor(out, { dtype: weights === null ? 'int32' : isFloating(weights.dtype) ? weights.dtype : 'float64' });
}

/**
 * A histogram of `bins` equal-width bins over [min, max] (both 0: the data's own range); values
 * outside are ignored, the last bin includes max. Float input; counts in its dtype.
 *
 * ```ts
 * histc(tensor([1, 2, 1]), 4, 0, 3).toArray(); // [0, 2, 1, 0]
 * ```
 */
export function histc(input: Tensor, bins = 100, min = 0, max = 0): Tensor {
  checkTensor('histc', 'input', input);
  if (!isFloating(input.dtype)) throw new DTypeError('histc', `input must be float32 or float64, got ${input.dtype}`);
  checkInt('histc', 'bins', bins, 1);
  checkNumel('histc', bins, `bins=${bins}`);
  checkNumber('histc', 'min', min);
  checkNumber('histc', 'max', max);
  const xs = values(input);
  let lo = min;
  let hi = max;
  if (lo === hi && xs.length > 0) {
    lo = lowest(xs);
    hi = highest(xs);
  }
  if (lo === hi) {
    lo -= 1;
    hi += 1;
  }
  if (lo > hi) throw new ValueError('histc', `max must be larger than min, got min=${min}, max=${max}`);
  const out = new Array<number>(bins).fill(0);
  for (const v of xs) {
    if (!(v >= lo && v <= hi)) continue;
    out[Math.min(Math.floor(((v - lo) * bins) / (hi - lo)), bins - 1)]!++;
  }
  return tensor(out, { dtype: input.dtype });
}

/**
 * The first position in the sorted row `seq[start, end)` whose value is ≥ v (> v when `right`),
 * relative to `start`. The tests are PyTorch's, `!(s ≥ v)` and `!(s > v)`: NaN sorts last, so a
 * NaN value goes past the row's end and a NaN in the row is above every value (`s < v` sent a NaN
 * value to position 0).
 */
function insertionPoint(seq: readonly number[], start: number, end: number, v: number, right: boolean): number {
  let lo = start;
  let hi = end;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (right ? !(seq[mid]! > v) : !(seq[mid]! >= v)) lo = mid + 1;
    else hi = mid;
  }
  return lo - start;
}

/**
 * Where each of `values` would be inserted into the sorted last dim of `sortedSequence` to keep it
 * sorted (int32 indices of values' shape): the first such place, or the last with `right`. A 1-D
 * sequence serves every value; otherwise its leading dims must equal values' leading dims.
 *
 * ```ts
 * searchsorted(tensor([1, 3, 5]), tensor([3, 6])).toArray();                  // [1, 3]
 * searchsorted(tensor([1, 3, 5]), tensor([3]), { right: true }).toArray();   // [2]
 * ```
 */
export function searchsorted(sortedSequence: Tensor, input: Tensor | number, options: { right?: boolean; side?: 'left' | 'right' } = {}): Tensor {
  checkTensor('searchsorted', 'sortedSequence', sortedSequence);
  checkOptions('searchsorted', options, { right: 'bool', side: ['left', 'right'] });
  // a number is searched as itself: in an int32 sequence's dtype 2.5 was truncated to 2 (and 10¹²
  // was an error naming tensor)
  const v = typeof input === 'number' ? tensor(input, { dtype: 'float64' }) : input;
  checkTensor('searchsorted', 'input', v);
  const right = options.side !== undefined ? options.side === 'right' : (options.right ?? false);
  if (options.right !== undefined) checkBool('searchsorted', 'right', options.right);
  if (options.side !== undefined && options.side !== 'left' && options.side !== 'right') throw new ValueError('searchsorted', `side must be 'left' or 'right', got ${JSON.stringify(options.side)}`);
  if (options.side !== undefined && options.right !== undefined && (options.side === 'right') !== options.right) {
    throw new ValueError('searchsorted', `side=${options.side} contradicts right=${options.right}`);
  }
  if (sortedSequence.ndim === 0) throw new ShapeError('searchsorted', 'sortedSequence must be at least 1-D');
  const seq = values(sortedSequence);
  const xs = values(v);
  const n = sortedSequence.shape[sortedSequence.ndim - 1]!;
  if (sortedSequence.ndim > 1) {
    const lead = sortedSequence.shape.slice(0, -1);
    if (v.ndim !== sortedSequence.ndim || lead.some((s, i) => s !== v.shape[i])) {
      throw new ShapeError('searchsorted', `sortedSequence ${fmtShape(sortedSequence.shape)} and input ${fmtShape(v.shape)} must have the same leading dims`);
    }
  }
  const perRow = sortedSequence.ndim > 1 ? v.shape[v.ndim - 1]! : xs.length;
  const out = xs.map((x, i) => {
    const r = sortedSequence.ndim > 1 ? Math.floor(i / perRow) : 0;
    return insertionPoint(seq, r * n, (r + 1) * n, x, right); // offsets, not a copy of the row per value
  });
  return tensor(out, { dtype: 'int32' }).reshape(v.shape.slice());
}

/**
 * The bucket of each value of `input` among the sorted 1-D `boundaries` (torch.bucketize): i with
 * boundaries[i − 1] < x ≤ boundaries[i], or boundaries[i − 1] ≤ x < boundaries[i] with `right`.
 *
 * ```ts
 * bucketize(tensor([1, 5, 9]), tensor([2, 5, 8])).toArray(); // [0, 1, 3]
 * ```
 */
export function bucketize(input: Tensor | number, boundaries: Tensor, options: { right?: boolean } = {}): Tensor {
  checkTensor('bucketize', 'boundaries', boundaries);
  checkOptions('bucketize', options, { right: 'bool' });
  if (boundaries.ndim !== 1) throw new ShapeError('bucketize', `boundaries must be 1-D, got shape ${fmtShape(boundaries.shape)}`);
  return asOp('bucketize', () => searchsorted(boundaries, input, { right: options.right ?? false }));
}

/** Options of {@link unique}. */
export interface UniqueOptions {
  /** Ascending order (default true; chainrule always sorts, as PyTorch's CPU kernel does). */
  sorted?: boolean;
  /** Also return, for each input element, the index of its value in the result. */
  returnInverse?: boolean;
  /** Also return how often each unique value occurs. */
  returnCounts?: boolean;
}

/**
 * The distinct values of `input` (flattened), sorted; with `returnInverse` / `returnCounts` an
 * array [values, inverse?, counts?] in that order, as PyTorch's tuple (inverse of input's shape,
 * int32). NaNs are each distinct, last. Not differentiable.
 *
 * ```ts
 * unique(tensor([3, 1, 3])).toArray();                                             // [1, 3]
 * const [u, inverse, counts] = unique(tensor([3, 1, 3]), { returnInverse: true, returnCounts: true });
 * // u [1, 3], inverse [1, 0, 1], counts [1, 2]
 * ```
 */
export function unique(input: Tensor, options?: UniqueOptions & { returnInverse?: false; returnCounts?: false }): Tensor;
export function unique(input: Tensor, options?: UniqueOptions): Tensor | Tensor[];
export function unique(input: Tensor, options: UniqueOptions = {}): Tensor | Tensor[] {
  checkTensor('unique', 'input', input);
  checkOptions('unique', options, { sorted: 'bool', returnInverse: 'bool', returnCounts: 'bool', dim: 'any' });
  if ('dim' in options) throw new ValueError('unique', 'the dim option is not supported (unique of the flattened input only)');
  for (const k of ['sorted', 'returnInverse', 'returnCounts'] as const) if (options[k] !== undefined) checkBool('unique', k, options[k]);
  const xs = values(input);
  const distinct: number[] = [];
  const seen = new Map<number, number>();
  for (const x of [...xs].filter((v) => !Number.isNaN(v)).sort((a, b) => a - b)) {
    if (!seen.has(x)) {
      seen.set(x, distinct.length);
      distinct.push(x);
    }
  }
  const nanCount = xs.filter((v) => Number.isNaN(v)).length;
  const firstNan = distinct.length;
  for (let i = 0; i < nanCount; i++) distinct.push(NaN);
  const u = tensor(distinct, { dtype: input.dtype });
  if (!options.returnInverse && !options.returnCounts) return u;
  let nan = firstNan;
  const inverse = xs.map((v) => (Number.isNaN(v) ? nan++ : seen.get(v)!));
  const counts = new Array<number>(distinct.length).fill(0);
  inverse.forEach((k) => counts[k]!++);
  const out = [u];
  if (options.returnInverse) out.push(tensor(inverse, { dtype: 'int32' }).reshape(input.shape.slice()));
  if (options.returnCounts) out.push(tensor(counts, { dtype: 'int32' }));
  return out;
}
