// @ts-check
/**
 * random-labels: an MLP and a LeNet-style CNN memorize a few hundred 8×8 digits whose labels
 * were shuffled (Zhang et al., "Understanding deep learning requires rethinking generalization"),
 * beside the same models on the true labels. Both reach 100 % training accuracy either way, the
 * random labels take more epochs, and the test accuracy on random labels stays at chance.
 *
 * `npm run example -- random-labels` (add `--quick` for the smoke test's few epochs).
 */
import { Generator, randperm } from 'chainrule';
import * as nn from 'chainrule/nn';
import { syntheticDigits } from 'chainrule/data';
import { linePlot, panels } from 'chainrule/plot';
import { accuracy, trainClassifier } from './lib/classifiers.mjs';
import { saveFigure } from './lib/figures.mjs';

/** @typedef {import('chainrule').Tensor} Tensor */
/** @typedef {import('./lib/classifiers.mjs').Labelled} Labelled */

export const title = 'an MLP and a LeNet-style CNN memorize digits with shuffled labels: more epochs, test accuracy at chance';

// ---------------------------------------------------------------------------------------------
// The models. The MLP: 64 → 128 → 128 → 10 with ReLU. The CNN follows LeNet's layout
// (chainrule/models' LeNet: conv–ReLU–pool twice, then three Linear layers of 120, 84 and 10,
// the same layer names), sized for 8×8 inputs: LeNet itself wants 28×28 or 32×32 images, and
// upsampling the 8×8 digits to 28×28 (F.interpolate) would cost about 20× more arithmetic per
// image for no new information. Here the convolutions are 3×3 with padding 1, and wider than
// LeNet's 6 and 16 channels (with those, memorizing the random labels takes over 40 epochs):
// 8×8 → conv1 (16 channels) → pool → 4×4 → conv2 (32 channels) → pool → 2×2 → 128 features.
// ---------------------------------------------------------------------------------------------

/** @param {Generator} generator */
function mlp(generator) {
  const g = { generator };
  return new nn.Sequential(new nn.Linear(64, 128, g), new nn.ReLU(), new nn.Linear(128, 128, g), new nn.ReLU(), new nn.Linear(128, 10, g));
}

/** LeNet's layers, for 8×8 digits given as flat rows of 64 pixels. */
class SmallLeNet extends nn.Module {
  /** @param {Generator} generator */
  constructor(generator) {
    super();
    const g = { generator };
    // Assigning a module to a property registers it under that name, as in PyTorch.
    this.conv1 = new nn.Conv2d(1, 16, 3, { padding: 1, ...g });
    this.conv2 = new nn.Conv2d(16, 32, 3, { padding: 1, ...g });
    this.pool = new nn.MaxPool2d(2);
    this.relu = new nn.ReLU();
    this.fc1 = new nn.Linear(32 * 2 * 2, 120, g);
    this.fc2 = new nn.Linear(120, 84, g);
    this.fc3 = new nn.Linear(84, 10, g);
  }

  /** @param {Tensor} x [n, 64] */
  forward(x) {
    let out = x.reshape([-1, 1, 8, 8]);
    out = this.pool(this.relu(this.conv1(out)));
    out = this.pool(this.relu(this.conv2(out)));
    out = out.flatten(1);
    out = this.relu(this.fc1(out));
    out = this.relu(this.fc2(out));
    return this.fc3(out);
  }
}

/** @param {nn.Module} model */
const parameterCount = (model) => model.parameters().reduce((n, p) => n + p.numel(), 0);

/**
 * @param {import('./lib/contract.mjs').ExampleOptions} options
 * @returns {Promise<import('./lib/contract.mjs').ExampleResult>}
 */
export async function run({ quick, figuresDir, quiet }) {
  const trainPerClass = quick ? 10 : 40;
  const testPerClass = quick ? 20 : 30;
  const epochs = quick ? 6 : 45;

  // -------------------------------------------------------------------------------------------
  // 1. The data: syntheticDigits draws noisy, shifted 8×8 glyphs of 0–9 (400 for training, 300
  //    for testing, from different seeds). The random labels are the true labels in a shuffled
  //    order: the same number of each class, but no relation between an image and its label
  //    (about one in ten keeps its true label by chance).
  // -------------------------------------------------------------------------------------------
  const train = syntheticDigits(trainPerClass, { seed: 1 });
  const test = syntheticDigits(testPerClass, { seed: 2 });
  const shuffledLabels = train.labels.indexSelect(0, randperm(train.labels.shape[0], { generator: new Generator(3) }));
  /** @type {Record<'true' | 'random', Labelled>} */
  const trainSets = { true: train, random: { inputs: train.inputs, labels: shuffledLabels } };

  // -------------------------------------------------------------------------------------------
  // 2. Training: Adam (lr 3·10⁻³), batches of 32 in a seeded shuffled order, the same epochs for
  //    every run. After each epoch: the mean training loss, the accuracy on the training images
  //    with the labels the model is trained on, and the accuracy on the test images with their
  //    true labels.
  // -------------------------------------------------------------------------------------------
  /** @type {Array<Record<string, string | number>>} */
  const rows = [];
  /** @type {import('./lib/contract.mjs').TrainingRun[]} */
  const runs = [];
  /** @type {Array<{ name: string, loss: number[], trainAcc: number[], testAcc: number[] }>} */
  const curves = [];
  /** @type {Array<[string, () => nn.Module]>} */
  const models = [
    ['MLP', () => mlp(new Generator(7))],
    ['CNN', () => new SmallLeNet(new Generator(7))],
  ];
  for (const [modelName, make] of models) {
    for (const labels of /** @type {const} */ (['true', 'random'])) {
      const name = `${modelName}, ${labels} labels`;
      const model = make();
      const data = trainSets[labels];
      const curve = { name, loss: /** @type {number[]} */ ([]), trainAcc: /** @type {number[]} */ ([]), testAcc: /** @type {number[]} */ ([]) };
      trainClassifier(model, data, {
        label: name,
        seed: 5,
        epochs,
        batchSize: 32,
        lr: 3e-3,
        quiet,
        afterEpoch: (_epoch, meanLoss) => {
          curve.loss.push(meanLoss);
          curve.trainAcc.push(accuracy(model, data));
          curve.testAcc.push(accuracy(model, test));
        },
      });
      curves.push(curve);
      // The per-epoch mean loss is already smooth: the run's first and last loss are epochs 1 and last.
      runs.push({ label: name, firstLoss: curve.loss[0], lastLoss: curve.loss[curve.loss.length - 1] });
      const memorized = curve.trainAcc.findIndex((a) => a === 1);
      rows.push({
        model: modelName,
        labels,
        params: parameterCount(model),
        'epochs to 100 % train acc': memorized < 0 ? `> ${epochs}` : memorized + 1,
        'final train loss': curve.loss[curve.loss.length - 1],
        'final train acc': curve.trainAcc[curve.trainAcc.length - 1],
        'final test acc': curve.testAcc[curve.testAcc.length - 1],
      });
    }
  }
  const agree = shuffledLabels.eq(train.labels).float().mean().item();
  rows.push({ model: '(labels)', labels: 'random = true', 'final train acc': agree });

  // -------------------------------------------------------------------------------------------
  // 3. The figures: training loss per epoch (log scale), and the training and test accuracy per
  //    epoch. Solid memorization on both label sets; generalization only on the true ones.
  // -------------------------------------------------------------------------------------------
  const epochAxis = { title: 'epoch' };
  const series = (/** @type {'loss' | 'trainAcc' | 'testAcc'} */ key) =>
    curves.map((c) => ({ name: c.name, x: c[key].map((_, i) => i + 1), y: c[key] }));
  const figures = [
    await saveFigure(
      figuresDir,
      'random-labels-loss',
      linePlot({ title: 'Training loss per epoch', series: series('loss'), x: epochAxis, y: { title: 'mean cross-entropy over the epoch', log: true } }),
    ),
    await saveFigure(
      figuresDir,
      'random-labels-accuracy',
      panels(
        [
          linePlot({ title: 'Training accuracy (on the labels trained on)', series: series('trainAcc'), x: epochAxis, y: { title: 'accuracy', domain: [0, 1] } }),
          linePlot({ title: 'Test accuracy (true labels)', series: [...series('testAcc'), { name: 'chance', x: [1, epochs], y: [0.1, 0.1] }], x: epochAxis, y: { title: 'accuracy', domain: [0, 1] } }),
        ],
        { columns: 2 },
      ),
    ),
  ];
  return { rows, figures, runs };
}
