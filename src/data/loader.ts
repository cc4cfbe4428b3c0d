/**
 * `DataLoader`: batches of a data set, in order or shuffled, iterable with `for…of`
 * (PyTorch's `torch.utils.data.DataLoader`, single-process).
 * @module
 */
import { ValueError } from '../errors.js';
import type { Generator } from '../random.js';
import { checkOptions, describe, type OptionSchema } from '../checks/index.js';
import { randperm } from '../tensor/randperm.js';
import { checkDataset, type Dataset } from './dataset.js';
import { defaultCollate, type Collated } from './collate.js';
import { fetchBatch, tensorRows } from './fetch.js';

/** Options of {@link DataLoader} (PyTorch's keyword arguments, camelCase). */
export interface DataLoaderOptions<T, B> {
  /** Samples per batch (default 1), a positive integer. */
  batchSize?: number;
  /** Visit the samples in a fresh random order every epoch (default false). */
  shuffle?: boolean;
  /** Leave out the last batch when it would be smaller than `batchSize` (default false). */
  dropLast?: boolean;
  /** The generator the shuffling draws from (default: the global one that `manualSeed` seeds). */
  generator?: Generator;
  /** Merges a list of samples into a batch (default {@link defaultCollate}). */
  collateFn?: (items: T[]) => B;
}

function checkBatchSize(op: string, arg: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new ValueError(op, `${arg} must be a positive integer, got ${describe(value)}`);
  }
}

function checkFunction(op: string, arg: string, value: unknown): void {
  if (typeof value !== 'function') throw new ValueError(op, `${arg} must be a function (items) => batch, got ${describe(value)}`);
}

const LOADER_OPTIONS: OptionSchema = {
  batchSize: checkBatchSize,
  shuffle: 'bool',
  dropLast: 'bool',
  generator: 'generator',
  collateFn: checkFunction,
};

/**
 * Batches of a {@link Dataset}, iterable with `for…of` (PyTorch's `DataLoader`, with
 * `num_workers=0`). Each pass visits every sample once: in order, or with `shuffle` in a new
 * random order drawn from `generator` when the pass starts (`randperm`), so two passes differ and
 * the same seed gives the same passes. Each batch is `collateFn` of its `batchSize` samples
 * (the last one smaller unless `dropLast`); the default {@link defaultCollate} stacks tensors.
 *
 * ```ts
 * import { Generator, randn, randint } from 'chainrule';
 * import { DataLoader, TensorDataset } from 'chainrule/data';
 * const ds = new TensorDataset(randn(100, 3), randint(0, 2, [100]));
 * const loader = new DataLoader(ds, { batchSize: 32, shuffle: true, generator: new Generator(0) });
 * loader.length; // 4 (32 + 32 + 32 + 4)
 * for (const [xb, yb] of loader) {
 *   xb.shape; // [32, 3], then [4, 3] for the last batch
 * }
 * ```
 */
export class DataLoader<T, B = Collated<T>> implements Iterable<B> {
  /** The data set the batches come from. */
  readonly dataset: Dataset<T>;
  /** Samples per batch. */
  readonly batchSize: number;
  /** Whether each pass draws a new random order. */
  readonly shuffle: boolean;
  /** Whether a last, smaller batch is left out. */
  readonly dropLast: boolean;
  /** The generator shuffling draws from (undefined: the global one). */
  readonly generator: Generator | undefined;
  /** Merges the samples of a batch. */
  readonly collateFn: (items: T[]) => B;

  /** Checks every option (unknown keys name the camelCase key meant) before anything else. */
  constructor(dataset: Dataset<T>, options: DataLoaderOptions<T, B> = {}) {
    checkDataset('DataLoader', 'dataset', dataset);
    checkOptions('DataLoader', options, LOADER_OPTIONS);
    this.dataset = dataset;
    this.batchSize = options.batchSize ?? 1;
    this.shuffle = options.shuffle ?? false;
    this.dropLast = options.dropLast ?? false;
    this.generator = options.generator;
    this.collateFn = options.collateFn ?? (defaultCollate as unknown as (items: T[]) => B);
  }

  /** The number of batches in a pass: ⌈n / batchSize⌉, or ⌊n / batchSize⌋ with `dropLast`. */
  get length(): number {
    const n = this.dataset.length;
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }

  /** One pass over the data set, a batch at a time (the order is drawn at the first batch). */
  *[Symbol.iterator](): Iterator<B> {
    const n = this.dataset.length;
    const order = this.shuffle ? randperm(n, this.generator ? { generator: this.generator } : {}).toTypedArray() : undefined;
    const shortcut = tensorRows(this.dataset, this.collateFn);
    for (let start = 0; start < n; start += this.batchSize) {
      const end = Math.min(start + this.batchSize, n);
      if (this.dropLast && end - start < this.batchSize) return;
      const indices: number[] = [];
      for (let k = start; k < end; k++) indices.push(order ? order[k]! : k);
      yield fetchBatch(this.dataset, indices, this.collateFn, shortcut);
    }
  }
}
