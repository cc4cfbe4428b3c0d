/**
 * Structure ops built from views, cat and where (their gradients come from those): movedim,
 * swapaxes, broadcastTo, unflatten, tril/triu, roll, repeat, tile, repeatInterleave, meshgrid and
 * Tensor.unfold.
 * @module
 */
import { asOp, checkInt, checkIntList, checkIntOrList, checkNumel, checkOptions, checkShapeNumel, checkTensor, checkTensorLike, checkTensorList } from '../checks/index.js';
import { formatValue } from '../errors.js';
import { record, type Node } from '../autograd/node.js';
import { DTypeError, IndexError, ShapeError, ValueError, fmtShape } from '../errors.js';
import { normalizeDim } from '../shape.js';
import { Tensor } from '../tensor/tensor.js';
import { where } from './binary.js';
import { indexAdd, indexSelect } from './indexing.js';
import { cat } from './join.js';
import { empty, scalar } from './util.js';
import { expand, flatten, narrow, permute, reshape, transpose, unsqueeze } from './views.js';

/**
 * Moves dims `source` to positions `destination`, the others keeping their order.
 *
 * @example
 * ```ts
 * movedim(zeros([2, 3, 4]), 0, -1).shape; // [3, 4, 2]
 * ```
 */
export function movedim(x: Tensor, source: number | readonly number[], destination: number | readonly number[]): Tensor {
  checkTensor('movedim', 'input', x);
  checkIntOrList('movedim', 'source', source);
  checkIntOrList('movedim', 'destination', destination);
  const src = (typeof source === 'number' ? [source] : source).map((d) => normalizeDim('movedim', d, x.ndim, 'source'));
  const dst = (typeof destination === 'number' ? [destination] : destination).map((d) => normalizeDim('movedim', d, x.ndim, 'destination'));
  if (new Set(src).size !== src.length || new Set(dst).size !== dst.length) {
    throw new IndexError('movedim', `source ${fmtShape(src)} and destination ${fmtShape(dst)} must not repeat a dim`);
  }
  if (src.length !== dst.length) {
    throw new ShapeError('movedim', `source ${fmtShape(src)} and destination ${fmtShape(dst)} must have the same length`);
  }
  const order = new Array<number>(x.ndim).fill(-1);
  dst.forEach((d, i) => (order[d] = src[i]!));
  const rest = x.shape.map((_, d) => d).filter((d) => !src.includes(d));
  for (let d = 0, r = 0; d < x.ndim; d++) if (order[d] === -1) order[d] = rest[r++]!;
  return x.ndim === 0 ? x : permute(x, order);
}

/**
 * Swaps two dims (NumPy's name for `transpose`; also `swapdims`).
 *
 * @example
 * ```ts
 * swapaxes(zeros([2, 3]), 0, 1).shape; // [3, 2]
 * ```
 */
export function swapaxes(x: Tensor, axis0: number, axis1: number): Tensor {
  return asOp('swapaxes', () => transpose(x, axis0, axis1));
}

/**
 * Broadcasts x to `shape` without copying (a view, as `expand`).
 *
 * @example
 * ```ts
 * broadcastTo(tensor([1, 2]), [3, 2]); // [[1, 2], [1, 2], [1, 2]]
 * ```
 */
export function broadcastTo(x: Tensor, shape: readonly number[]): Tensor {
  return asOp('broadcastTo', () => expand(x, shape));
}

/**
 * Splits dim `dim` into `sizes` (one may be -1).
 *
 * @example
 * ```ts
 * unflatten(zeros([2, 6]), 1, [2, 3]).shape; // [2, 2, 3]
 * ```
 */
export function unflatten(x: Tensor, dim: number, sizes: readonly number[]): Tensor {
  checkTensor('unflatten', 'input', x);
  checkIntList('unflatten', 'sizes', sizes, -1);
  const d = normalizeDim('unflatten', dim, x.ndim);
  if (x.ndim === 0) throw new ShapeError('unflatten', 'cannot unflatten a 0-d tensor');
  const known = sizes.filter((s) => s !== -1).reduce((p, s) => p * s, 1);
  const inferred = sizes.map((s) => (s === -1 ? (known === 0 ? 0 : x.shape[d]! / known) : s));
  if (!inferred.every((s) => Number.isInteger(s) && s >= 0) || inferred.reduce((p, s) => p * s, 1) !== x.shape[d]) {
    throw new ShapeError('unflatten', `sizes ${fmtShape(sizes)} do not multiply to dim ${d} of size ${x.shape[d]} (shape ${fmtShape(x.shape)})`);
  }
  return reshape(x, [...x.shape.slice(0, d), ...inferred, ...x.shape.slice(d + 1)]);
}

/** The bool mask of the last two dims' entries (i, j) with j − i ≤ k (tril) or ≥ k (triu). */
function triangle(op: 'tril' | 'triu', x: Tensor, k: number): Tensor {
  checkTensor(op, 'input', x);
  checkInt(op, 'diagonal', k);
  if (x.ndim < 2) throw new ShapeError(op, `needs a tensor of at least 2 dims, got shape ${fmtShape(x.shape)}`);
  if (!Number.isInteger(k)) throw new ValueError(op, `diagonal must be an integer, got ${formatValue(k)}`);
  const rows = x.shape[x.ndim - 2]!;
  const cols = x.shape[x.ndim - 1]!;
  // the mask is checked before it is built, and a matrix without columns walks no rows ([10¹², 0] hung)
  checkNumel(op, rows * cols, `its ${rows}×${cols} mask`);
  const mask = new Uint8Array(rows * cols);
  if (cols > 0) for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) mask[i * cols + j] = (op === 'tril' ? j - i <= k : j - i >= k) ? 1 : 0;
  // a zero of x's own dtype: the number 0 would promote a bool x to int32
  return where(new Tensor(mask, [rows, cols], undefined, 0, 'bool'), x, scalar(0, x.dtype));
}

/**
 * The lower triangle of the last two dims (entries with j − i ≤ `diagonal`), zeros elsewhere.
 *
 * @example
 * ```ts
 * tril(ones([2, 2])); // [[1, 0], [1, 1]]
 * ```
 */
export function tril(x: Tensor, diagonal = 0): Tensor {
  return triangle('tril', x, diagonal);
}

/**
 * The upper triangle of the last two dims (entries with j − i ≥ `diagonal`), zeros elsewhere.
 *
 * @example
 * ```ts
 * triu(ones([2, 2])); // [[1, 1], [0, 1]]
 * ```
 */
export function triu(x: Tensor, diagonal = 0): Tensor {
  return triangle('triu', x, diagonal);
}

/**
 * Rolls entries along `dims` by `shifts` (wrapping around); with no dims, rolls the flattened
 * tensor and restores the shape.
 *
 * @example
 * ```ts
 * roll(tensor([1, 2, 3, 4]), 1); // [4, 1, 2, 3]
 * ```
 */
export function roll(x: Tensor, shifts: number | readonly number[], dims?: number | readonly number[]): Tensor {
  checkTensor('roll', 'input', x);
  checkIntOrList('roll', 'shifts', shifts);
  if (dims !== undefined) checkIntOrList('roll', 'dims', dims);
  const s = typeof shifts === 'number' ? [shifts] : shifts;
  if (!s.every(Number.isInteger)) throw new ValueError('roll', `shifts must be integers, got ${fmtShape(s)}`);
  if (dims === undefined) {
    if (s.length !== 1) throw new ValueError('roll', `without dims, shifts must be one number, got ${fmtShape(s)}`);
    return reshape(roll(flatten(x), s[0]!, 0), x.shape);
  }
  const ds = typeof dims === 'number' ? [dims] : dims;
  if (ds.length !== s.length) throw new ValueError('roll', `shifts ${fmtShape(s)} and dims ${fmtShape(ds)} must have the same length`);
  let out = x;
  ds.forEach((dim, i) => {
    const d = normalizeDim('roll', dim, x.ndim);
    const n = x.ndim === 0 ? 1 : x.shape[d]!;
    const k = n === 0 ? 0 : ((s[i]! % n) + n) % n;
    if (k !== 0) out = cat([narrow(out, d, n - k, k), narrow(out, d, 0, n - k)], d);
  });
  return out;
}

/**
 * Repeats the whole tensor `sizes[d]` times along each dim d (PyTorch's `Tensor.repeat`; leading
 * extra sizes add dims).
 *
 * @example
 * ```ts
 * repeat(tensor([1, 2]), [2, 2]); // [[1, 2, 1, 2], [1, 2, 1, 2]]
 * ```
 */
export function repeat(x: Tensor, sizes: readonly number[]): Tensor {
  checkTensor('repeat', 'input', x);
  checkIntList('repeat', 'sizes', sizes, 0);
  checkShapeNumel('repeat', sizes.map((r, d) => r * (x.shape[d - (sizes.length - x.ndim)] ?? 1)), 'the result');
  if (sizes.length < x.ndim) {
    throw new ShapeError('repeat', `needs at least as many sizes as dims: sizes ${fmtShape(sizes)} for shape ${fmtShape(x.shape)}`);
  }
  if (!sizes.every((r) => Number.isInteger(r) && r >= 0)) throw new ValueError('repeat', `sizes must be non-negative integers, got ${fmtShape(sizes)}`);
  const padded = [...new Array<number>(sizes.length - x.ndim).fill(1), ...x.shape];
  const interleaved = padded.flatMap((p) => [1, p]);
  const expanded = sizes.flatMap((r, d) => [r, padded[d]!]);
  return reshape(expand(reshape(x, interleaved), expanded), sizes.map((r, d) => r * padded[d]!));
}

/**
 * Like `repeat`, but fewer `dims` than the tensor's rank are padded with leading 1s (NumPy's tile).
 *
 * @example
 * ```ts
 * tile(tensor([[1, 2]]), [2]); // [[1, 2, 1, 2]]
 * ```
 */
export function tile(x: Tensor, dims: readonly number[]): Tensor {
  checkTensor('tile', 'input', x);
  checkIntList('tile', 'dims', dims, 0);
  return asOp('tile', () => repeat(x, [...new Array<number>(Math.max(0, x.ndim - dims.length)).fill(1), ...dims]));
}

/**
 * Repeats each element `repeats` times along `dim` (a number, or an int32 tensor with one count
 * per entry); with no dim the tensor is flattened first.
 *
 * @example
 * ```ts
 * repeatInterleave(tensor([1, 2]), 2); // [1, 1, 2, 2]
 * ```
 */
export function repeatInterleave(x: Tensor, repeats: number | Tensor, dim?: number): Tensor {
  checkTensor('repeatInterleave', 'input', x);
  checkTensorLike('repeatInterleave', 'repeats', repeats);
  if (typeof repeats === 'number') checkInt('repeatInterleave', 'repeats', repeats, 0);
  if (typeof repeats === 'number') checkNumel('repeatInterleave', x.numel() * repeats, 'the result');
  if (dim === undefined) return repeatInterleave(flatten(x), repeats, 0);
  const d = normalizeDim('repeatInterleave', dim, x.ndim);
  if (x.ndim === 0) return repeatInterleave(reshape(x, [1]), repeats, 0);
  const n = x.shape[d]!;
  if (typeof repeats === 'number') {
    if (!Number.isInteger(repeats) || repeats < 0) throw new ValueError('repeatInterleave', `repeats must be a non-negative integer, got ${formatValue(repeats)}`);
    const shape = x.shape.slice();
    shape[d] = n * repeats;
    const up = unsqueeze(x, d + 1);
    return reshape(expand(up, up.shape.map((s, k) => (k === d + 1 ? repeats : s))), shape);
  }
  if (repeats.dtype !== 'int32') throw new DTypeError('repeatInterleave', `repeats must be a number or an int32 tensor, got ${repeats.dtype}`);
  const counts = Array.from(repeats.toTypedArray());
  if (!(counts.length === n || counts.length === 1) || repeats.ndim > 1 || counts.some((c) => c < 0)) {
    throw new ShapeError('repeatInterleave', `repeats ${fmtShape(repeats.shape)} must hold ${n} (or 1) non-negative counts for dim ${d} of shape ${fmtShape(x.shape)}`);
  }
  if (counts.length === 1) return repeatInterleave(x, counts[0]!, d);
  const index = counts.flatMap((c, i) => new Array<number>(c).fill(i));
  return indexSelect(x, d, new Tensor(Int32Array.from(index), [index.length]));
}

/** Options of {@link meshgrid}. */
export interface MeshgridOptions {
  /** 'ij' (matrix, default): output dim i follows input i; 'xy' (Cartesian): the first two swap. */
  indexing?: 'ij' | 'xy';
}

/**
 * Grids from 1-D tensors: output k has input k's values along its dim, broadcast over the others.
 *
 * @example
 * ```ts
 * const [gx, gy] = meshgrid([tensor([1, 2]), tensor([3, 4, 5])]); // both [2, 3]
 * ```
 */
export function meshgrid(tensors: readonly Tensor[], options: MeshgridOptions = {}): Tensor[] {
  checkTensorList('meshgrid', 'tensors', tensors);
  checkOptions('meshgrid', options, { indexing: ['ij', 'xy'] });
  const indexing = options.indexing ?? 'ij';
  if (indexing !== 'ij' && indexing !== 'xy') throw new ValueError('meshgrid', `indexing must be 'ij' or 'xy', got ${formatValue(indexing)}`);
  tensors.forEach((t, i) => {
    if (t.ndim > 1) throw new ShapeError('meshgrid', `tensor ${i} must be 0-D or 1-D, got shape ${fmtShape(t.shape)}`);
  });
  const lengths = tensors.map((t) => t.numel());
  const place = tensors.map((_, i) => (indexing === 'xy' && tensors.length > 1 && i < 2 ? 1 - i : i));
  const shape = lengths.map((_, k) => lengths[place.indexOf(k)]!);
  return tensors.map((t, i) => expand(reshape(t, shape.map((s, k) => (k === place[i] ? s : 1))), shape));
}

/**
 * The windows of `size` entries along `dim`, every `step` entries, as a new last dim (PyTorch's
 * `Tensor.unfold`): dim `dim` becomes ⌊(n − size)/step⌋ + 1 long. A view; its gradient sums the
 * overlapping windows back.
 *
 * @example
 * ```ts
 * unfoldDim(tensor([1, 2, 3, 4]), 0, 2, 1); // [[1, 2], [2, 3], [3, 4]]
 * ```
 */
export function unfoldDim(x: Tensor, dim: number, size: number, step: number): Tensor {
  checkTensor('unfold', 'input', x);
  const d = normalizeDim('unfold', dim, x.ndim);
  checkInt('unfold', 'size', size);
  const n = x.ndim === 0 ? 1 : x.shape[d]!;
  if (!Number.isInteger(size) || size < 0 || size > n) throw new IndexError('unfold', `size=${size} must be in 0..${n} (dim ${d} of shape ${fmtShape(x.shape)})`);
  if (!Number.isInteger(step) || step <= 0) throw new ValueError('unfold', `step must be a positive integer, got ${formatValue(step)}`);
  const count = Math.floor((n - size) / step) + 1;
  const shape = x.ndim === 0 ? [size] : [...x.shape.slice(0, d), count, ...x.shape.slice(d + 1), size];
  const stride = x.ndim === 0 ? 1 : x.strides[d]!;
  const strides = x.ndim === 0 ? [1] : [...x.strides.slice(0, d), stride * step, ...x.strides.slice(d + 1), stride];
  const out = new Tensor(x.storage, shape, strides, x.offset, x.dtype, x.base ?? x, x.versionCounter);
  return record('UnfoldBackward', out, [x], unfoldVjp, [], { dim: d, size, step, count });
}
// d unfold = each window's gradient added back at its positions: indexAdd over the window indices
function unfoldVjp(g: Tensor, _saved: readonly Tensor[], node: Node<{ dim: number; size: number; step: number; count: number }>): Tensor[] {
  const { dim, size, step, count } = node.attrs;
  const inputShape = node.inputShapes[0]!;
  if (inputShape.length === 0) return [size === 0 ? empty([], g.dtype) : reshape(g, [])];
  const index = Array.from({ length: count * size }, (_, w) => Math.floor(w / size) * step + (w % size));
  // g: [..., count (at dim), ..., size] → [..., count·size (at dim), ...]
  const windows = flatten(movedim(g, -1, dim + 1), dim, dim + 1);
  return [indexAdd(empty(inputShape, g.dtype), dim, new Tensor(Int32Array.from(index), [index.length]), windows)];
}
