// @ts-check
/**
 * edge-cnn: a small CNN against an MLP on seeded synthetic edge images (none / horizontal /
 * vertical). How many images does each need, what do the CNN's 3×3 filters learn, what happens
 * when the edges move to the other half of the image, or when the pixels are shuffled?
 *
 * `npm run example -- edge-cnn` (add `--quick` for the smoke test's few steps).
 */
import { Generator, noGrad, randperm, stack, tensor } from 'chainrule';
import * as nn from 'chainrule/nn';
import { barPlot, imageGrid, linePlot, panels } from 'chainrule/plot';
import { EDGE_CLASSES, edgeImages } from './lib/edges.mjs';
import { accuracy, trainClassifier } from './lib/classifiers.mjs';
import { saveFigure } from './lib/figures.mjs';

/** @typedef {import('chainrule').Tensor} Tensor */
/** @typedef {import('./lib/classifiers.mjs').Labelled} Labelled */

export const title = 'a small CNN vs an MLP on edge images: data efficiency, learned filters, domain shift, shuffled pixels, max vs average pooling';

const SIZE = 12; // images are 12×12
const PIXELS = SIZE * SIZE;

// ---------------------------------------------------------------------------------------------
// The models. The CNN is one 3×3 convolution with 8 filters, ReLU, a pooling step and a Linear
// classifier: 107 parameters with global pooling. Global pooling (one number per filter: "how
// strongly did this filter fire anywhere?") makes the whole CNN blind to where the edge is; the
// 2×2-pooling variant keeps a map of where each filter fired and gives it to a Linear layer with
// a weight per position. The MLP sees the 144 pixels as a flat vector, with no notion of
// neighbouring pixels: 4 739 parameters.
// ---------------------------------------------------------------------------------------------

/** @typedef {'global max' | 'global avg' | '2×2 max'} Pooling */

/**
 * @param {Pooling} pooling
 * @param {Generator} generator the initial weights' seed
 */
function cnn(pooling, generator) {
  const g = { generator };
  const pool =
    pooling === 'global max' ? [new nn.AdaptiveMaxPool2d(1), new nn.Flatten(), new nn.Linear(8, 3, g)]
    : pooling === 'global avg' ? [new nn.AdaptiveAvgPool2d(1), new nn.Flatten(), new nn.Linear(8, 3, g)]
    : [new nn.MaxPool2d(2), new nn.Flatten(), new nn.Linear(8 * 5 * 5, 3, g)];
  return new nn.Sequential(new nn.Conv2d(1, 8, 3, g), new nn.ReLU(), ...pool);
}

/** @param {Generator} generator */
function mlp(generator) {
  const g = { generator };
  return new nn.Sequential(new nn.Flatten(), new nn.Linear(PIXELS, 32, g), new nn.ReLU(), new nn.Linear(32, 3, g));
}

/** @param {nn.Module} model */
const parameterCount = (model) => model.parameters().reduce((n, p) => n + p.numel(), 0);

/** The first `perClass` images of each class (the data sets interleave the classes). @param {Labelled} data @param {number} perClass */
const firstPerClass = (data, perClass) => ({ inputs: data.inputs.narrow(0, 0, 3 * perClass), labels: data.labels.narrow(0, 0, 3 * perClass) });

/** @param {{ images: Tensor, labels: Tensor }} set @returns {Labelled} */
const labelled = (set) => ({ inputs: set.images, labels: set.labels });

/**
 * @param {import('./lib/contract.mjs').ExampleOptions} options
 * @returns {Promise<import('./lib/contract.mjs').ExampleResult>}
 */
export async function run({ quick, figuresDir, quiet }) {
  const sizes = quick ? [5, 20] : [2, 5, 10, 20, 50, 200];
  const seeds = quick ? 1 : 3;
  const valPerClass = quick ? 30 : 100;
  const shiftPerClass = quick ? 20 : 50;
  const steps = quick ? 40 : 150;
  const train = (/** @type {nn.Module} */ model, /** @type {Labelled} */ data, /** @type {string} */ label, seed = 1) =>
    trainClassifier(model, data, { label, seed, steps, batchSize: 32, lr: 0.02, quiet });
  /** @type {Array<Record<string, string | number>>} */
  const rows = [];
  /** @type {import('./lib/contract.mjs').TrainingRun[]} */
  const runs = [];
  const figures = [];

  // -------------------------------------------------------------------------------------------
  // 1. The data: a short step between a bright and a dark band (random length 4–6, position,
  //    contrast 0.5–1 and polarity) in noise of standard deviation 0.35, or noise alone. A
  //    training set per seed (its first k images of each class are the "k per class" subset)
  //    and one validation set, all from different seeds.
  // -------------------------------------------------------------------------------------------
  const trainSets = range(seeds).map((r) => labelled(edgeImages(Math.max(...sizes), { seed: 1 + 10 * r, size: SIZE })));
  const trainSet = trainSets[0];
  const valSet = labelled(edgeImages(valPerClass, { seed: 2, size: SIZE }));

  // -------------------------------------------------------------------------------------------
  // 2. Validation accuracy against the number of training images per class, for the CNN with
  //    global max pooling, with global average pooling, and the MLP. With a handful of images
  //    the result depends a lot on which images they are, so each point is the mean of three
  //    runs (another training set, initial weights and batch order each); the table lists all
  //    three. Every run trains for the same number of steps.
  // -------------------------------------------------------------------------------------------
  /** @type {Record<string, number[]>} */
  const curves = { 'CNN, max pool': [], 'CNN, avg pool': [], MLP: [] };
  /** @type {Record<string, nn.Module>} the seed-0 models on the largest set, for the filters and the shuffled pixels */
  const largest = {};
  /** @type {Record<string, number>} their validation accuracy */
  const largestAcc = {};
  let untrainedFilters = tensor([0]);
  const mean = (/** @type {number[]} */ xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
  for (const perClass of sizes) {
    for (const name of Object.keys(curves)) {
      /** @type {number[]} */
      const valAccs = [];
      /** @type {number[]} */
      const trainAccs = [];
      let params = 0;
      for (let r = 0; r < seeds; r++) {
        const data = firstPerClass(trainSets[r], perClass);
        const init = new Generator(7 + r);
        const model = name === 'MLP' ? mlp(init) : cnn(name === 'CNN, max pool' ? 'global max' : 'global avg', init);
        if (name === 'CNN, max pool' && r === 0) untrainedFilters = firstFilters(model).clone();
        runs.push(train(model, data, `${name}, ${perClass} per class${r > 0 ? `, seed ${r}` : ''}`, 1 + r).run);
        valAccs.push(accuracy(model, valSet));
        trainAccs.push(accuracy(model, data));
        params = parameterCount(model);
        if (r === 0) {
          largest[name] = model;
          largestAcc[name] = valAccs[0];
        }
      }
      curves[name].push(mean(valAccs));
      rows.push({
        experiment: 'size sweep',
        model: name,
        params,
        'per class': perClass,
        'tested on': 'validation',
        'train acc': mean(trainAccs),
        'val acc': mean(valAccs),
        'val acc per seed': valAccs.map((a) => a.toFixed(3)).join(' '),
      });
    }
  }
  figures.push(
    await saveFigure(
      figuresDir,
      'edge-cnn-accuracy',
      linePlot({
        title: `Validation accuracy against training images per class${seeds > 1 ? ` (mean of ${seeds} seeds)` : ''}`,
        series: [
          ...Object.entries(curves).map(([name, ys]) => ({ name, x: sizes, y: ys })),
          { name: 'chance (1/3)', x: [sizes[0], sizes[sizes.length - 1]], y: [1 / 3, 1 / 3] },
        ],
        x: { title: 'training images per class', log: true, domain: [sizes[0], sizes[sizes.length - 1]] },
        y: { title: 'validation accuracy', domain: [0, 1] },
        points: true,
      }),
    ),
  );

  // -------------------------------------------------------------------------------------------
  // 3. The filters: the CNN's 8 first-layer filters before training and after training on the
  //    largest set, beside the classic edge detectors (Sobel and Prewitt, each orientation).
  //    Each filter is scaled to a largest |weight| of 1 so that the shapes compare; red is
  //    positive, blue negative. A number for "looks like an edge detector": each filter's best
  //    |cosine similarity| with the two Sobel filters, averaged over the 8 filters (random 3×3
  //    filters score about 0.35).
  // -------------------------------------------------------------------------------------------
  const learnedFilters = firstFilters(largest['CNN, max pool']);
  const sobelX = tensor([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]);
  const prewittX = tensor([[-1, 0, 1], [-1, 0, 1], [-1, 0, 1]]);
  const classic = stack([sobelX, sobelX.t(), prewittX, prewittX.t()]);
  const similarity = (/** @type {Tensor} */ filters) => sobelSimilarity(filters, stack([sobelX, sobelX.t()]));
  const cells = 8;
  figures.push(
    await saveFigure(
      figuresDir,
      'edge-cnn-filters',
      panels(
        [
          imageGrid({ images: unitScale(untrainedFilters), columns: cells, symmetric: true, title: 'untrained 3×3 filters', labels: range(8).map((i) => `#${i}`) }),
          imageGrid({ images: unitScale(learnedFilters), columns: cells, symmetric: true, title: `learned filters (${sizes[sizes.length - 1]} images per class)`, labels: range(8).map((i) => `#${i}`) }),
          imageGrid({ images: unitScale(classic), columns: cells, symmetric: true, title: 'classic edge detectors', labels: ['Sobel x', 'Sobel y', 'Prewitt x', 'Prewitt y'] }),
        ],
        { columns: 1, title: 'First-layer filters of the CNN (global max pool)' },
      ),
    ),
  );
  rows.push({ experiment: 'filters', model: 'CNN, untrained', 'Sobel |cos|': similarity(untrainedFilters) });
  rows.push({ experiment: 'filters', model: `CNN, trained (${sizes[sizes.length - 1]} per class)`, 'Sobel |cos|': similarity(learnedFilters) });

  // -------------------------------------------------------------------------------------------
  // 4. Domain shift: every training edge lies in the top half of the image (rows 0–5); test on
  //    new images with the edges in the top half (the same half) and in the bottom half (rows
  //    6–11). Weight sharing plus global pooling make the CNN's answer the same wherever the
  //    edge is; the 2×2-pooling CNN and the MLP have a weight per position, and the bottom-half
  //    weights only ever saw noise.
  // -------------------------------------------------------------------------------------------
  const top = labelled(edgeImages(shiftPerClass, { seed: 3, size: SIZE, rows: [0, SIZE / 2] }));
  const topVal = labelled(edgeImages(valPerClass, { seed: 4, size: SIZE, rows: [0, SIZE / 2] }));
  const bottomVal = labelled(edgeImages(valPerClass, { seed: 5, size: SIZE, rows: [SIZE / 2, SIZE] }));
  /** @type {Array<{ label: string, value: number, group: string }>} */
  const shiftBars = [];
  /** @type {Array<[string, () => nn.Module]>} */
  const shiftModels = [
    ['CNN, max pool', () => cnn('global max', new Generator(7))],
    ['CNN, avg pool', () => cnn('global avg', new Generator(7))],
    ['CNN, 2×2 max pool', () => cnn('2×2 max', new Generator(7))],
    ['MLP', () => mlp(new Generator(7))],
  ];
  for (const [name, make] of shiftModels) {
    const model = make();
    runs.push(train(model, top, `${name}, edges in the top half`).run);
    const trainAcc = accuracy(model, top);
    for (const [half, data] of /** @type {const} */ ([['top half', topVal], ['bottom half', bottomVal]])) {
      const acc = accuracy(model, data);
      shiftBars.push({ label: name, group: half, value: acc });
      rows.push({ experiment: 'domain shift', model: name, params: parameterCount(model), 'per class': shiftPerClass, 'tested on': half, 'train acc': trainAcc, 'val acc': acc });
    }
  }

  // -------------------------------------------------------------------------------------------
  // 5. Shuffled pixels: one fixed random permutation of the 144 pixels, applied to the training
  //    and the validation images alike. Nothing is lost for the MLP: a Linear layer whose weight
  //    columns are permuted the same way computes exactly what it computed before, so the MLP
  //    below, started from the permuted copy of the MLP's initial weights, retraces the MLP's
  //    training on the original pixels step by step (the same batches, the same losses up to
  //    rounding). The CNN's 3×3 windows now hold unrelated pixels: its prior is wrong.
  // -------------------------------------------------------------------------------------------
  const permutation = randperm(PIXELS, { generator: new Generator(11) });
  const shuffle = (/** @type {Labelled} */ data) => ({
    inputs: data.inputs.reshape([-1, PIXELS]).indexSelect(1, permutation).reshape([-1, 1, SIZE, SIZE]),
    labels: data.labels,
  });
  const permPerClass = sizes[sizes.length - 1];
  const permTrain = shuffle(firstPerClass(trainSet, permPerClass));
  const permVal = shuffle(valSet);
  const permCnn = cnn('global max', new Generator(7));
  runs.push(train(permCnn, permTrain, 'CNN, max pool, shuffled pixels').run);
  const permMlp = mlp(new Generator(7));
  const firstLayer = /** @type {nn.Linear} */ (/** @type {nn.Sequential} */ (permMlp).at(1));
  noGrad(() => firstLayer.weight.copy_(firstLayer.weight.indexSelect(1, permutation)));
  const permMlpRun = train(permMlp, permTrain, 'MLP, shuffled pixels');
  runs.push(permMlpRun.run);
  /** @type {Array<{ label: string, value: number, group: string }>} */
  const permBars = [];
  for (const [name, model] of /** @type {Array<[string, nn.Module]>} */ ([['CNN, max pool', permCnn], ['MLP', permMlp]])) {
    const acc = accuracy(model, permVal);
    permBars.push({ label: name, group: 'original', value: largestAcc[name] }, { label: name, group: 'shuffled', value: acc });
    rows.push({
      experiment: 'shuffled pixels',
      model: name,
      params: parameterCount(model),
      'per class': permPerClass,
      'tested on': 'validation, shuffled',
      'train acc': accuracy(model, permTrain),
      'val acc': acc,
      'unshuffled val acc': largestAcc[name],
    });
  }
  figures.push(
    await saveFigure(
      figuresDir,
      'edge-cnn-variants',
      panels(
        [
          barPlot({ title: `Domain shift: trained on top-half edges`, bars: shiftBars, y: { title: 'accuracy', domain: [0, 1] }, width: 320 }),
          barPlot({ title: `Shuffled pixels (${permPerClass} per class)`, bars: permBars, y: { title: 'validation accuracy', domain: [0, 1] }, width: 200 }),
        ],
        { columns: 2 },
      ),
    ),
  );

  // -------------------------------------------------------------------------------------------
  // 6. What the data look like: training images of each class, the domain-shift halves, and the
  //    same images with shuffled pixels (a human cannot see the edges either).
  // -------------------------------------------------------------------------------------------
  const show = range(6);
  const pick = (/** @type {Labelled} */ data, /** @type {number[]} */ idx) => data.inputs.indexSelect(0, tensor(Int32Array.from(idx)));
  const names = (/** @type {Labelled} */ data, /** @type {number[]} */ idx) => idx.map((i) => EDGE_CLASSES[/** @type {number} */ (data.labels.select(0, i).item())]);
  figures.push(
    await saveFigure(
      figuresDir,
      'edge-cnn-samples',
      panels(
        [
          imageGrid({ images: pick(trainSet, show), labels: names(trainSet, show), columns: 6, symmetric: true, title: 'training images' }),
          imageGrid({ images: pick(top, show.slice(0, 3)).contiguous(), labels: names(top, show.slice(0, 3)), columns: 3, symmetric: true, title: 'domain shift: train with edges on top' }),
          imageGrid({ images: pick(bottomVal, show.slice(0, 3)).contiguous(), labels: names(bottomVal, show.slice(0, 3)), columns: 3, symmetric: true, title: 'test with edges at the bottom' }),
          imageGrid({ images: pick(shuffle(trainSet), show), labels: names(trainSet, show), columns: 6, symmetric: true, title: 'the same training images, pixels shuffled' }),
        ],
        { columns: 1 },
      ),
    ),
  );

  return { rows, figures, runs };
}

// ---------------------------------------------------------------------------------------------
// Small helpers for the filter figure.
// ---------------------------------------------------------------------------------------------

/** The first layer's filters, [8, 3, 3], detached. @param {nn.Module} model */
function firstFilters(model) {
  const conv = /** @type {nn.Conv2d} */ (/** @type {nn.Sequential} */ (model).at(0));
  return conv.weight.detach().reshape([-1, 3, 3]);
}

/** Each 3×3 filter divided by its largest |weight|. @param {Tensor} filters [n, 3, 3] */
function unitScale(filters) {
  return filters.div(filters.abs().amax([1, 2], true));
}

/**
 * The mean over `filters` of each one's largest |cosine similarity| with any of `references`.
 * @param {Tensor} filters [n, 3, 3]
 * @param {Tensor} references [m, 3, 3]
 */
function sobelSimilarity(filters, references) {
  const unit = (/** @type {Tensor} */ t) => {
    const flat = t.reshape([t.shape[0], 9]);
    return flat.div(flat.square().sum(1, true).sqrt());
  };
  return unit(filters).matmul(unit(references).t()).abs().amax(1).mean().item();
}

/** @param {number} n */
function range(n) {
  return Array.from({ length: n }, (_, i) => i);
}
