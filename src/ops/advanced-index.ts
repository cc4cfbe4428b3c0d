/**
 * NumPy/PyTorch indexing: `x.index([i, j])` ≡ `x[i, j]` with several index tensors broadcast
 * together, mixed with numbers, slices and `null` (a whole dim), and `x.at('1:3, :, ::2')`, the
 * same written as Python's subscript. Also indexPut (`x[i, j] = v`, out of place). All are built
 * from select/slice views and indexSelect/indexAdd, which give the gradients.
 * @module
 */
import { asOp, checkOptions, checkTensor, describe } from '../checks/index.js';
import { formatValue } from '../errors.js';
import { DTypeError, IndexError, ShapeError, ValueError, fmtShape } from '../errors.js';
import { broadcastShapes } from '../shape.js';
import { Tensor } from '../tensor/tensor.js';
import { where } from './binary.js';
import { indexAdd, indexSelect } from './indexing.js';
import { select } from './join.js';
import { nonzero } from './select.js';
import { movedim } from './structure.js';
import { broadcastView, empty } from './util.js';
import { contiguousCopy, expand, reshape, slice } from './views.js';

/**
 * One entry of an index: a number (picks one position, removing the dim), a slice string
 * ('1:3', '::2', ':' — Python's start:stop:step), `null` (the whole dim, as ':'), '...' (as many
 * whole dims as needed), or a tensor of positions (int32) or a bool mask.
 */
export type IndexEntry = number | string | null | Tensor;

/** Python's `start:stop:step`, each part optional. */
function parseSlice(text: string): [number | undefined, number | undefined, number] {
  const parts = text.split(':').map((p) => p.trim());
  const num = (p: string | undefined): number | undefined => {
    if (p === undefined || p === '') return undefined;
    const v = Number(p);
    if (!Number.isInteger(v)) throw new ValueError('index', `'${text}' is not a slice start:stop:step of integers`);
    return v;
  };
  if (parts.length > 3) throw new ValueError('index', `'${text}' is not a slice start:stop:step`);
  // a slice has a colon: '2' gave x[2:] where x[2] was meant (a position is the number 2)
  if (parts.length < 2) throw new ValueError('index', `'${text}' is not a slice start:stop:step (it has no ':'); a single position is a number, as 2`);
  return [num(parts[0]), num(parts[1]), num(parts[2]) ?? 1];
}

/** Dims consumed by an entry: a bool mask takes as many as it has. */
const width = (e: IndexEntry): number => (e instanceof Tensor && e.dtype === 'bool' ? Math.max(e.ndim, 1) : e === '...' ? 0 : 1);

/**
 * x indexed as PyTorch's `x[e0, e1, …]` (see {@link IndexEntry}): numbers and slices give views;
 * index tensors (int32, or bool masks) are broadcast together and pick entries, their dims going
 * where the first of them stood when they are adjacent, first otherwise (NumPy's rule).
 *
 * @example
 * ```ts
 * const x = arange(12).reshape(3, 4);
 * const i = tensor([0, 2], { dtype: 'int32' });
 * index(x, [i, i]);          // [x[0,0], x[2,2]] = [0, 10]
 * index(x, ['1:', '::2']);    // x[1:, ::2] = [[4, 6], [8, 10]]
 * index(x, [null, i]);        // x[:, [0, 2]]
 * ```
 */
export function index(x: Tensor, entries: readonly IndexEntry[]): Tensor {
  checkTensor('index', 'input', x);
  if (!Array.isArray(entries)) throw new IndexError('index', `entries must be an array of index entries, got ${describe(entries)}`);
  entries.forEach((e, i) => {
    if (!(e === null || typeof e === 'number' || typeof e === 'string' || e instanceof Tensor)) {
      throw new IndexError('index', `entries[${i}] must be a number, a slice string, null, '...' or a tensor, got ${describe(e)}`);
    }
  });
  return asOp('index', () => indexOf(x, entries));
}

function indexOf(x: Tensor, entries: readonly IndexEntry[]): Tensor {
  const ellipses = entries.filter((e) => e === '...').length;
  if (ellipses > 1) throw new IndexError('index', 'an index can hold at most one ...');
  const used = entries.reduce<number>((n, e) => n + width(e), 0);
  if (used > x.ndim) throw new IndexError('index', `too many indices (${used}) for a tensor of shape ${fmtShape(x.shape)}`);
  const full: IndexEntry[] = [];
  for (const e of entries) {
    if (e === '...') for (let k = 0; k < x.ndim - used; k++) full.push(null);
    else full.push(e);
  }
  let out = x;
  let dim = 0;
  const advanced: { dim: number; index: Tensor }[] = [];
  for (const e of full) {
    if (typeof e === 'number') {
      if (!Number.isInteger(e)) throw new IndexError('index', `${e} is not an integer index`);
      out = select(out, dim, e);
    } else if (typeof e === 'string') {
      const [start, stop, step] = parseSlice(e);
      out = slice(out, dim, start, stop, step);
      dim++;
    } else if (e === null) {
      dim++;
    } else if (e instanceof Tensor && e.dtype === 'bool') {
      const maskShape = e.ndim === 0 ? [1] : e.shape;
      if (!maskShape.every((s, k) => s === out.shape[dim + k])) {
        throw new IndexError('index', `the mask ${fmtShape(e.shape)} does not match dims ${dim}.. of shape ${fmtShape(out.shape)}`);
      }
      nonzero(e.ndim === 0 ? reshape(e, [1]) : e, { asTuple: true }).forEach((t, k) => advanced.push({ dim: dim + k, index: t }));
      dim += maskShape.length;
    } else if (e instanceof Tensor) {
      if (e.dtype !== 'int32') throw new DTypeError('index', `index tensors must be int32 or bool, got ${e.dtype} (shape ${fmtShape(e.shape)})`);
      advanced.push({ dim, index: e });
      dim++;
    } else {
      throw new ValueError('index', `an index entry must be a number, a slice string, null, '...' or a tensor, got ${formatValue(e)}`);
    }
  }
  if (advanced.length === 0) return out;
  return pickAdvanced(out, advanced);
}

/** Broadcast index tensors over `dims` of x → flat positions into those dims (row-major), checked. */
function linearIndex(op: string, x: Tensor, advanced: readonly { dim: number; index: Tensor }[]): { shape: number[]; flat: Tensor } {
  let shape: number[] = [];
  for (const a of advanced) shape = broadcastShapes(op, shape, a.index.shape);
  const n = shape.reduce((p, s) => p * s, 1);
  const flat = new Int32Array(n);
  let scale = 1;
  for (let k = advanced.length - 1; k >= 0; k--) {
    const { dim, index } = advanced[k]!;
    const size = x.shape[dim]!;
    const values = contiguousCopy(broadcastView(index, shape)).storage as Int32Array;
    for (let i = 0; i < n; i++) {
      const v = values[i]!;
      if (v < -size || v >= size) throw new IndexError(op, `index ${v} is out of range for dim ${dim} of size ${size} (shape ${fmtShape(x.shape)})`);
      flat[i] += (v < 0 ? v + size : v) * scale;
    }
    scale *= size;
  }
  return { shape, flat: new Tensor(flat, [n]) };
}

/** The advanced dims moved first and merged, so one indexSelect picks them; and where their result dims go. */
function mergeAdvanced(x: Tensor, advanced: readonly { dim: number }[]): { merged: Tensor; rest: number[]; at: number } {
  const dims = advanced.map((a) => a.dim);
  const adjacent = dims.every((d, k) => k === 0 || d === dims[k - 1]! + 1);
  const front = movedim(x, dims, dims.map((_, k) => k));
  const rest = front.shape.slice(dims.length);
  const merged = reshape(front, [dims.reduce((p, d) => p * x.shape[d]!, 1), ...rest]);
  return { merged, rest, at: adjacent ? dims[0]! : 0 };
}

function pickAdvanced(x: Tensor, advanced: readonly { dim: number; index: Tensor }[]): Tensor {
  const { shape, flat } = linearIndex('index', x, advanced);
  const { merged, rest, at } = mergeAdvanced(x, advanced);
  const picked = reshape(indexSelect(merged, 0, flat), [...shape, ...rest]);
  return at === 0 ? picked : movedim(picked, shape.map((_, k) => k), shape.map((_, k) => at + k));
}

/** Options of {@link indexPut}. */
export interface IndexPutOptions {
  /** Add the values in (repeated positions add up) instead of writing them (default false). */
  accumulate?: boolean;
}

/**
 * An out-of-place `x[i, j, …] = values` (PyTorch's `index_put`): `indices` (int32 or bool tensors)
 * index the leading dims, broadcast together; `values` broadcasts to the picked shape. Without
 * `accumulate`, the last write to a repeated position wins.
 *
 * @example
 * ```ts
 * indexPut(zeros([3]), [tensor([0, 2], { dtype: 'int32' })], tensor(1)); // [1, 0, 1]
 * ```
 */
export function indexPut(x: Tensor, indices: readonly Tensor[], values: Tensor, options: IndexPutOptions = {}): Tensor {
  checkTensor('indexPut', 'input', x);
  if (!Array.isArray(indices)) throw new IndexError('indexPut', `indices must be an array of tensors, got ${describe(indices)}`);
  indices.forEach((t, i) => checkTensor('indexPut', `indices[${i}]`, t));
  checkTensor('indexPut', 'values', values);
  checkOptions('indexPut', options, { accumulate: 'bool' });
  const advanced: { dim: number; index: Tensor }[] = [];
  let dim = 0;
  for (const t of indices) {
    if (t.dtype === 'bool') {
      nonzero(t, { asTuple: true }).forEach((u, k) => advanced.push({ dim: dim + k, index: u }));
      dim += Math.max(t.ndim, 1);
    } else if (t.dtype === 'int32') {
      advanced.push({ dim, index: t });
      dim++;
    } else throw new DTypeError('indexPut', `indices must be int32 or bool tensors, got ${t.dtype} (shape ${fmtShape(t.shape)})`);
  }
  if (dim > x.ndim) throw new IndexError('indexPut', `too many indices (${dim}) for a tensor of shape ${fmtShape(x.shape)}`);
  if (values.dtype !== x.dtype) throw new DTypeError('indexPut', `values have dtype ${values.dtype} but x has ${x.dtype}`);
  if (advanced.length === 0) return x;
  const { shape, flat } = linearIndex('indexPut', x, advanced);
  const { merged, rest } = mergeAdvanced(x, advanced);
  const target = [shape.reduce((p, s) => p * s, 1), ...rest];
  const full = [...shape, ...rest];
  if (!sameBroadcast(values.shape, full)) throw new ShapeError('indexPut', `values ${fmtShape(values.shape)} do not broadcast to the indexed shape ${fmtShape(full)}`);
  let source = reshape(expand(values, full), target);
  let result: Tensor;
  if (options.accumulate) result = indexAdd(merged, 0, flat, source);
  else {
    const { positions, kept } = lastWrites(flat);
    source = indexSelect(source, 0, kept);
    const hit = new Uint8Array(merged.shape[0]!);
    positions.storage.forEach((p) => (hit[p as number] = 1));
    const mask = new Tensor(hit, [hit.length, ...rest.map(() => 1)], undefined, 0, 'bool');
    result = where(mask, indexAdd(empty(merged.shape, x.dtype), 0, positions, source), merged);
  }
  const front = reshape(result, [...advanced.map((a) => x.shape[a.dim]!), ...rest]);
  return movedim(front, advanced.map((_, k) => k), advanced.map((a) => a.dim));
}

/** Whether `shape` broadcasts to exactly `to`. */
function sameBroadcast(shape: readonly number[], to: readonly number[]): boolean {
  if (shape.length > to.length) return false;
  return shape.every((s, k) => s === 1 || s === to[to.length - shape.length + k]);
}

/** Each distinct position once (its last occurrence) and which entry that was. */
function lastWrites(flat: Tensor): { positions: Tensor; kept: Tensor } {
  const values = flat.storage as Int32Array;
  const last = new Map<number, number>();
  values.forEach((p, i) => last.set(p, i));
  const kept = Int32Array.from([...last.values()].sort((a, b) => a - b));
  return { positions: new Tensor(Int32Array.from(kept, (i) => values[i]!), [kept.length]), kept: new Tensor(kept, [kept.length]) };
}

/**
 * Python's subscript as a string: `at(x, '1:3, :, ::2')` ≡ `x[1:3, :, ::2]`, with integers,
 * slices, ':' and '...'. Index tensors go through {@link index}.
 *
 * @example
 * ```ts
 * at(arange(12).reshape(3, 4), '1:, ::2'); // [[4, 6], [8, 10]]
 * at(arange(12).reshape(3, 4), '-1');      // [8, 9, 10, 11]
 * ```
 */
export function at(x: Tensor, subscript: string): Tensor {
  if (typeof subscript !== 'string') throw new ValueError('at', `expects a subscript string such as '1:3, :, ::2', got ${typeof subscript}`);
  const entries = subscript.trim() === '' ? [] : subscript.split(',').map((p): IndexEntry => {
    const s = p.trim();
    if (s === '...' || s.includes(':')) return s;
    const v = Number(s);
    if (s === '' || !Number.isInteger(v)) throw new ValueError('at', `'${s}' in '${subscript}' is not an integer, a slice or ...`);
    return v;
  });
  return asOp('at', () => index(x, entries));
}
