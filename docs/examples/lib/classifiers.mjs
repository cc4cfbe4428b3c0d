// @ts-check
/**
 * The training loop and the accuracy shared by the edge-cnn and random-labels examples: Adam on
 * the cross-entropy, over a seeded shuffled DataLoader, with the progress line.
 */
import { Generator, noGrad } from 'chainrule';
import { functional as F } from 'chainrule/nn';
import { Adam } from 'chainrule/optim';
import { DataLoader, TensorDataset } from 'chainrule/data';
import { progress } from './progress.mjs';

/** @typedef {import('chainrule').Tensor} Tensor */
/** @typedef {import('chainrule/nn').Module} Module */
/** @typedef {{ inputs: Tensor, labels: Tensor }} Labelled inputs [n, …] and int32 class labels [n] */

/**
 * @typedef {object} TrainOptions
 * @property {string} label what is training, for the progress line and the run list
 * @property {number} seed the shuffling's seed (the same seed gives the same batches)
 * @property {number} [epochs] passes over the data (one of `epochs` and `steps`)
 * @property {number} [steps] optimizer steps, cycling over the data as often as needed
 * @property {number} [batchSize] default 32
 * @property {number} [lr] Adam's learning rate, default 0.01
 * @property {boolean} [quiet]
 * @property {(epoch: number, meanLoss: number) => void} [afterEpoch] called after each full pass
 *
 * @typedef {object} Trained
 * @property {number[]} losses the loss of every step
 * @property {import('./contract.mjs').TrainingRun} run first and last loss, each the mean of up to five steps
 */

/**
 * Trains `model` in place to classify `data` with the cross-entropy loss.
 * @param {Module} model
 * @param {Labelled} data
 * @param {TrainOptions} options
 * @returns {Trained}
 */
export function trainClassifier(model, data, options) {
  const loader = new DataLoader(new TensorDataset(data.inputs, data.labels), {
    batchSize: options.batchSize ?? 32,
    shuffle: true,
    generator: new Generator(options.seed),
  });
  const steps = options.steps ?? (options.epochs ?? 1) * loader.length;
  const optimizer = new Adam(model.parameters(), { lr: options.lr ?? 0.01 });
  const bar = progress(options.label, steps, { quiet: options.quiet });
  /** @type {number[]} */
  const losses = [];
  model.train();
  for (let epoch = 0; losses.length < steps; epoch++) {
    let sum = 0;
    let batches = 0;
    for (const [x, y] of loader) {
      optimizer.zeroGrad();
      const loss = F.crossEntropy(model(x), y);
      loss.backward();
      optimizer.step();
      const value = loss.item();
      losses.push(value);
      sum += value;
      batches += 1;
      bar.update(losses.length, value);
      if (losses.length === steps) break;
    }
    if (batches === loader.length) options.afterEpoch?.(epoch, sum / batches);
  }
  bar.done();
  const k = Math.min(5, losses.length);
  const mean = (/** @type {number[]} */ xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return { losses, run: { label: options.label, firstLoss: mean(losses.slice(0, k)), lastLoss: mean(losses.slice(-k)) } };
}

/**
 * The fraction of `data` that `model` classifies correctly (evaluation mode, no graph).
 * @param {Module} model
 * @param {Labelled} data
 * @returns {number}
 */
export function accuracy(model, data) {
  const wasTraining = model.training;
  model.eval();
  const correct = noGrad(() => model(data.inputs).argmax(1).eq(data.labels).float().mean().item());
  model.train(wasTraining);
  return correct;
}
