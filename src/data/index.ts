/**
 * `chainrule/data`: data sets and batching with PyTorch's `torch.utils.data` names and semantics
 * (`TensorDataset`, `Subset`, `DataLoader`, `randomSplit`, `defaultCollate`), and a seeded
 * synthetic digit set. `randperm` lives in `chainrule` itself, as `torch.randperm` does.
 *
 * ```ts
 * import { Generator } from 'chainrule';
 * import { DataLoader, TensorDataset, randomSplit, syntheticDigits } from 'chainrule/data';
 * const { inputs, labels } = syntheticDigits(30, { seed: 4 });
 * const [train, val] = randomSplit(new TensorDataset(inputs, labels), [0.8, 0.2], { generator: new Generator(1) });
 * for (const [xb, yb] of new DataLoader(train, { batchSize: 32, shuffle: true })) {
 *   // xb: [32, 64] float32, yb: [32] int32 (the last batch holds the remaining 16)
 * }
 * ```
 * @module chainrule/data
 */
export { TensorDataset, Subset } from './dataset.js';
export type { Dataset } from './dataset.js';
export { DataLoader } from './loader.js';
export type { DataLoaderOptions } from './loader.js';
export { defaultCollate } from './collate.js';
export type { Collated } from './collate.js';
export { randomSplit } from './split.js';
export type { RandomSplitOptions } from './split.js';
export { syntheticDigits } from './digits.js';
export type { DigitSet, SyntheticDigitsOptions } from './digits.js';
