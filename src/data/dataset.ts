/**
 * Map-style data sets (PyTorch's `torch.utils.data.Dataset`, `TensorDataset`, `Subset`): a
 * `length` and `get(i)`.
 * @module
 */
import { IndexError, ShapeError, ValueError, fmtShape } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { checkTensor, describe } from '../checks/index.js';

/**
 * A map-style data set (PyTorch's `Dataset` with `__len__` and `__getitem__`): `length` samples,
 * read one at a time with `get(i)` for `0 ≤ i < length`. Any object of this shape works with
 * {@link DataLoader}, {@link Subset} and {@link randomSplit}.
 *
 * ```ts
 * import type { Dataset } from 'chainrule/data';
 * const squares: Dataset<[number, number]> = { length: 10, get: (i) => [i, i * i] };
 * ```
 */
export interface Dataset<T = unknown> {
  /** The number of samples. */
  readonly length: number;
  /** Sample `index` (0 ≤ index < length). */
  get(index: number): T;
}

/** Throws unless `x` has an integer `length` ≥ 0 and a `get` method. */
export function checkDataset(op: string, arg: string, x: unknown): asserts x is Dataset {
  const candidate = x as { length?: unknown; get?: unknown } | null;
  if (candidate === null || (typeof candidate !== 'object' && typeof candidate !== 'function') || typeof candidate.get !== 'function') {
    throw new ValueError(op, `${arg} must be a Dataset (an object with length and get(index)), got ${describe(x)}`);
  }
  const n = candidate.length;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
    throw new ValueError(op, `${arg}.length must be an integer ≥ 0, got ${describe(n)}`);
  }
}

/** `index` as a position in 0..length-1 (negative counts from the end, as Python's indexing). */
export function resolveIndex(op: string, arg: string, index: unknown, length: number): number {
  if (typeof index !== 'number' || !Number.isInteger(index)) throw new IndexError(op, `${arg} must be an integer, got ${describe(index)}`);
  if (index < -length || index >= length) throw new IndexError(op, `${arg}=${index} is out of range for a data set of length ${length}`);
  return index < 0 ? index + length : index;
}

/**
 * A data set of tensors that share their first dim (PyTorch's `TensorDataset`): sample `i` is
 * `[t[i] for each tensor t]`, views into the tensors (no copy).
 *
 * ```ts
 * import { randn, randint } from 'chainrule';
 * import { TensorDataset } from 'chainrule/data';
 * const ds = new TensorDataset(randn(100, 3), randint(0, 2, [100]));
 * ds.length; // 100
 * const [x, y] = ds.get(0); // x: [3] float32, y: [] int32
 * for (const [xi, yi] of ds) console.log(xi.shape, yi.item()); // every sample, in order
 * ```
 */
export class TensorDataset implements Dataset<Tensor[]> {
  /** The tensors, in the order given. */
  readonly tensors: readonly Tensor[];

  /** Throws a ShapeError naming the sizes when the tensors' first dims differ. */
  constructor(...tensors: Tensor[]) {
    if (tensors.length === 0) throw new ValueError('TensorDataset', 'needs at least one tensor, got none');
    tensors.forEach((t, i) => {
      checkTensor('TensorDataset', `tensors[${i}]`, t);
      if (t.ndim === 0) throw new ShapeError('TensorDataset', `tensors[${i}] is 0-d (shape []): each tensor needs a first dim to index samples by`);
    });
    const n = tensors[0]!.shape[0]!;
    tensors.forEach((t, i) => {
      if (t.shape[0] !== n) {
        throw new ShapeError('TensorDataset', `size mismatch between tensors: tensors[${i}] has shape ${fmtShape(t.shape)} (first dim ${t.shape[0]}) but tensors[0] has ${fmtShape(tensors[0]!.shape)} (first dim ${n})`);
      }
    });
    this.tensors = [...tensors];
  }

  /** The shared first dim. */
  get length(): number {
    return this.tensors[0]!.shape[0]!;
  }

  /** `[t[index] for each tensor]` (negative counts from the end). */
  get(index: number): Tensor[] {
    const i = resolveIndex('TensorDataset.get', 'index', index, this.length);
    return this.tensors.map((t) => t.select(0, i));
  }

  /** The samples in order, as Python's `for sample in dataset` visits them. */
  *[Symbol.iterator](): Iterator<Tensor[]> {
    for (let i = 0; i < this.length; i++) yield this.get(i);
  }
}

/**
 * The samples of `dataset` at `indices`, in that order (PyTorch's `Subset`): `get(k)` is
 * `dataset.get(indices[k])`. {@link randomSplit} returns these.
 *
 * ```ts
 * import { arange } from 'chainrule';
 * import { Subset, TensorDataset } from 'chainrule/data';
 * const evens = new Subset(new TensorDataset(arange(10)), [0, 2, 4, 6, 8]);
 * evens.get(1)[0].item(); // 2
 * ```
 */
export class Subset<T = unknown> implements Dataset<T> {
  /** The data set the indices point into. */
  readonly dataset: Dataset<T>;
  /** Positions in `dataset`, each in 0..dataset.length-1. */
  readonly indices: readonly number[];

  /** `indices`: integers (negative counts from the end), or a 1-d int32 tensor of them. */
  constructor(dataset: Dataset<T>, indices: readonly number[] | Tensor) {
    checkDataset('Subset', 'dataset', dataset);
    let list: unknown = indices;
    if (indices instanceof Tensor) {
      if (indices.ndim !== 1 || indices.dtype !== 'int32') {
        throw new ValueError('Subset', `indices must be a 1-d int32 tensor or an array of integers, got ${describe(indices)}`);
      }
      list = Array.from(indices.toTypedArray());
    }
    if (!Array.isArray(list)) throw new ValueError('Subset', `indices must be an array of integers or a 1-d int32 tensor, got ${describe(indices)}`);
    const n = dataset.length;
    this.indices = list.map((index, k) => resolveIndex('Subset', `indices[${k}]`, index, n));
    this.dataset = dataset;
  }

  /** The number of indices. */
  get length(): number {
    return this.indices.length;
  }

  /** `dataset.get(indices[index])` (negative counts from the end). */
  get(index: number): T {
    return this.dataset.get(this.indices[resolveIndex('Subset.get', 'index', index, this.indices.length)]!);
  }

  /** The samples in order, as Python's `for sample in subset` visits them. */
  *[Symbol.iterator](): Iterator<T> {
    for (let i = 0; i < this.length; i++) yield this.get(i);
  }
}
