/**
 * `randomSplit`: a data set cut into random, non-overlapping subsets (PyTorch's `random_split`).
 * @module
 */
import { ValueError } from '../errors.js';
import type { Generator } from '../random.js';
import { checkOptions, describe } from '../checks/index.js';
import { randperm } from '../tensor/randperm.js';
import { checkDataset, Subset, type Dataset } from './dataset.js';

/** Options of {@link randomSplit}. */
export interface RandomSplitOptions {
  /** The generator the permutation is drawn from (default: the global one that `manualSeed` seeds). */
  generator?: Generator;
}

const OP = 'randomSplit';

/**
 * Splits `dataset` into non-overlapping {@link Subset}s of the given sizes, in a random order
 * (PyTorch's `torch.utils.data.random_split`, 1.13 semantics): one `randperm(n)` cut into
 * consecutive pieces.
 *
 * `lengths` are counts that add up to `dataset.length`, or fractions in [0, 1] that add up to 1
 * (within 1e-9, and not above it), as PyTorch tells them apart. Fractions become
 * ⌊n · fraction⌋ each, and the remainder is handed out one by one, round-robin from the first
 * subset: 10 samples split [1/3, 1/3, 1/3] give sizes [4, 3, 3].
 *
 * ```ts
 * import { arange, Generator } from 'chainrule';
 * import { randomSplit, TensorDataset } from 'chainrule/data';
 * const ds = new TensorDataset(arange(10));
 * const [train, val] = randomSplit(ds, [0.8, 0.2], { generator: new Generator(42) });
 * [train.length, val.length]; // [8, 2]
 * ```
 */
export function randomSplit<T>(dataset: Dataset<T>, lengths: readonly number[], options: RandomSplitOptions = {}): Subset<T>[] {
  checkDataset(OP, 'dataset', dataset);
  checkOptions(OP, options, { generator: 'generator' });
  const sizes = splitSizes(dataset.length, lengths);
  const order = Array.from(randperm(dataset.length, options.generator ? { generator: options.generator } : {}).toTypedArray());
  let offset = 0;
  return sizes.map((size) => {
    const subset = new Subset(dataset, order.slice(offset, offset + size));
    offset += size;
    return subset;
  });
}

/** The subset sizes for `lengths` (counts or fractions) of n samples, as PyTorch 1.13 computes them. */
export function splitSizes(n: number, lengths: readonly number[]): number[] {
  if (!Array.isArray(lengths)) throw new ValueError(OP, `lengths must be an array of counts or fractions, got ${describe(lengths)}`);
  lengths.forEach((v, i) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new ValueError(OP, `lengths[${i}] must be a finite number, got ${describe(v)}`);
  });
  let total = 0;
  for (const v of lengths) total += v; // Python's sum(): left to right
  if (isClose(total, 1) && total <= 1) return fractionSizes(n, lengths);
  lengths.forEach((v, i) => {
    if (!Number.isInteger(v) || v < 0) throw new ValueError(OP, `lengths[${i}] must be a count (an integer ≥ 0) or, with all lengths summing to 1, a fraction; got ${v}`);
  });
  if (total !== n) throw new ValueError(OP, `the lengths [${lengths.join(', ')}] sum to ${total}, but the data set has ${n} samples`);
  return [...lengths];
}

function fractionSizes(n: number, fractions: readonly number[]): number[] {
  fractions.forEach((f, i) => {
    if (f < 0 || f > 1) throw new ValueError(OP, `fraction lengths[${i}]=${f} is not between 0 and 1`);
  });
  const sizes = fractions.map((f) => Math.floor(n * f));
  const remainder = n - sizes.reduce((a, b) => a + b, 0);
  for (let i = 0; i < remainder; i++) sizes[i % sizes.length]! += 1;
  return sizes;
}

/** Python's math.isclose(a, b) with its default rel_tol 1e-9. */
function isClose(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
}
