// @ts-check
/**
 * names-rnn — which language is this word from?
 *
 * A seeded synthetic "language" source: four languages, each a character bigram (Markov) model with
 * its own letter statistics, two of them dialects of one parent. A character-level `nn.RNN` and an
 * `nn.LSTM` read the one-hot letters (`F.oneHot`) and classify each word by its language. Because we
 * wrote the source, we also know the best any classifier can do: the Bayes classifier that scores a
 * word under each language's true bigram model.
 */
import { Generator, manualSeed, noGrad, rand, randperm, tensor } from 'chainrule';
import * as nn from 'chainrule/nn';
import * as optim from 'chainrule/optim';
import { DataLoader, TensorDataset } from 'chainrule/data';
import { heatmap, linePlot, panels } from 'chainrule/plot';
import { saveFigure } from './lib/figures.mjs';
import { progress } from './lib/progress.mjs';
import { firstAndLast, movingAverage } from './lib/recurrent.mjs';

/** @typedef {import('chainrule').Tensor} Tensor */

export const title = 'names-rnn: a character-level RNN and LSTM classifying words of four synthetic languages, with confusion matrices';

const F = nn.functional;

// ---------------------------------------------------------------------------------------------
// 1. The languages. Sixteen letters; each language is a start distribution and a 16×16 table of
//    letter→next-letter probabilities. All share a mild vowel/consonant alternation (so the words
//    look pronounceable); each has its own random preferences on top; the last language is a
//    dialect of the third (its table is the third's, slightly perturbed), so those two get confused.
// ---------------------------------------------------------------------------------------------

export const LETTERS = 'aeioubdgklmnprst';
export const LANGUAGES = ['Alvic', 'Morrish', 'Tessan', 'N. Tessan'];
const VOWELS = new Set('aeiou');

/**
 * A small seeded stream of uniform numbers in [0, 1), drawn from chainrule's Generator in blocks.
 * @param {number} seed
 */
function uniforms(seed) {
  const generator = new Generator(seed);
  /** @type {number[]} */
  let block = [];
  let i = 0;
  return () => {
    if (i === block.length) {
      block = /** @type {number[]} */ (rand([4096], { generator, dtype: 'float64' }).toArray());
      i = 0;
    }
    return block[i++];
  };
}

/** A standard normal from two uniforms (Box–Muller). @param {() => number} u */
const normal = (u) => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());

/** @param {number[]} logits @returns {number[]} probabilities */
function softmaxRow(logits) {
  const top = Math.max(...logits);
  const e = logits.map((l) => Math.exp(l - top));
  const total = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / total);
}

/**
 * @typedef {object} Language
 * @property {string} name
 * @property {number[]} start    P(first letter)
 * @property {number[][]} next   next[a][b] = P(letter b follows letter a)
 */

/**
 * The four languages, from a seed.
 * @param {number} seed
 * @returns {Language[]}
 */
export function makeLanguages(seed) {
  const u = uniforms(seed);
  const n = LETTERS.length;
  const alternation = (/** @type {number} */ a, /** @type {number} */ b) =>
    VOWELS.has(LETTERS[a]) !== VOWELS.has(LETTERS[b]) ? 1.5 : 0;
  const randomLogits = (/** @type {number} */ spread) => Array.from({ length: n }, () => Array.from({ length: n }, () => spread * normal(u)));
  const build = (/** @type {string} */ name, /** @type {number[][]} */ logits, /** @type {number[]} */ startLogits) => ({
    name,
    start: softmaxRow(startLogits),
    next: logits.map((row, a) => softmaxRow(row.map((l, b) => l + alternation(a, b)))),
  });
  const own = [0, 1, 2].map(() => ({ logits: randomLogits(1.6), start: Array.from({ length: n }, () => 1.6 * normal(u)) }));
  const languages = own.map((l, i) => build(LANGUAGES[i], l.logits, l.start));
  // The dialect: the parent's preferences plus a small perturbation.
  const drift = randomLogits(0.6);
  const parent = own[2];
  languages.push(
    build(
      LANGUAGES[3],
      parent.logits.map((row, a) => row.map((l, b) => l + drift[a][b])),
      parent.start.map((l) => l + 0.6 * normal(u)),
    ),
  );
  return languages;
}

/** @param {number[]} p @param {number} r a uniform number */
function sampleIndex(p, r) {
  let acc = 0;
  for (let i = 0; i < p.length; i++) {
    acc += p[i];
    if (r < acc) return i;
  }
  return p.length - 1;
}

/**
 * Words of every language: lengths uniform in 3..8 (the same for every language, so the length
 * says nothing), letters from the language's chain.
 * @param {Language[]} languages
 * @param {number} perLanguage
 * @param {number} seed
 * @returns {Array<{ word: number[], label: number }>} word = letter indices
 */
export function sampleWords(languages, perLanguage, seed) {
  const u = uniforms(seed);
  const out = [];
  for (let label = 0; label < languages.length; label++) {
    const { start, next } = languages[label];
    for (let k = 0; k < perLanguage; k++) {
      const length = 3 + Math.floor(u() * 6);
      const word = [sampleIndex(start, u())];
      while (word.length < length) word.push(sampleIndex(next[word[word.length - 1]], u()));
      out.push({ word, label });
    }
  }
  return out;
}

/** @param {number[]} word */
export const spell = (word) => word.map((i) => LETTERS[i]).join('');

// ---------------------------------------------------------------------------------------------
// 2. The best possible classifier: it knows the source. log P(word | language) is the log start
//    probability plus the log of each transition; with equal priors and a length that does not
//    depend on the language, the Bayes classifier picks the language with the largest likelihood.
// ---------------------------------------------------------------------------------------------

/** @param {Language} language @param {number[]} word */
export function logLikelihood(language, word) {
  let total = Math.log(language.start[word[0]]);
  for (let i = 1; i < word.length; i++) total += Math.log(language.next[word[i - 1]][word[i]]);
  return total;
}

/** @param {Language[]} languages @param {number[]} word */
function bayesPrediction(languages, word) {
  const scores = languages.map((l) => logLikelihood(l, word));
  return scores.indexOf(Math.max(...scores));
}

// ---------------------------------------------------------------------------------------------
// 3. Batches: words of one length go together (no padding needed). One TensorDataset per length
//    (letters [N, L] int32, labels [N]), one DataLoader each; an epoch takes every loader's
//    batches in a shuffled order. The letters become one-hot [L, N, 16] just before the model.
// ---------------------------------------------------------------------------------------------

/**
 * @param {Array<{ word: number[], label: number }>} data
 * @param {number} batchSize
 * @param {Generator | null} generator shuffles within each length and the order of batches; null: in order
 * @returns {{ loaders: DataLoader<any, any>[], generator: Generator | null }}
 */
export function lengthLoaders(data, batchSize, generator) {
  /** @type {Map<number, Array<{ word: number[], label: number }>>} */
  const byLength = new Map();
  for (const item of data) {
    if (!byLength.has(item.word.length)) byLength.set(item.word.length, []);
    /** @type {Array<{ word: number[], label: number }>} */ (byLength.get(item.word.length)).push(item);
  }
  const loaders = [...byLength.keys()].sort((a, b) => a - b).map((length) => {
    const items = /** @type {Array<{ word: number[], label: number }>} */ (byLength.get(length));
    const dataset = new TensorDataset(
      tensor(items.map((w) => w.word), { dtype: 'int32' }),
      tensor(items.map((w) => w.label), { dtype: 'int32' }),
    );
    return new DataLoader(dataset, { batchSize, shuffle: generator !== null, ...(generator ? { generator } : {}) });
  });
  return { loaders, generator };
}

/**
 * One epoch's batches: x [L, N, 16] float32 one-hot letters, y [N] int32 languages.
 * @param {{ loaders: DataLoader<any, any>[], generator: Generator | null }} source
 * @returns {Array<{ x: Tensor, y: Tensor }>}
 */
export function epochBatches({ loaders, generator }) {
  /** @type {Array<{ x: Tensor, y: Tensor }>} */
  const batches = [];
  for (const loader of loaders) {
    for (const [letters, labels] of loader) batches.push({ x: F.oneHot(letters.t(), LETTERS.length).float(), y: labels });
  }
  if (generator === null) return batches;
  const order = /** @type {number[]} */ (randperm(batches.length, { generator }).toArray());
  return order.map((i) => batches[i]);
}

// ---------------------------------------------------------------------------------------------
// 4. The classifiers: nn.RNN or nn.LSTM over the letters, a Linear layer on the last hidden state.
// ---------------------------------------------------------------------------------------------

export class WordClassifier extends nn.Module {
  /**
   * @param {'RNN' | 'LSTM'} kind
   * @param {number} hiddenSize
   * @param {number} classes
   */
  constructor(kind, hiddenSize, classes) {
    super();
    this.recurrent = kind === 'LSTM' ? new nn.LSTM(LETTERS.length, hiddenSize) : new nn.RNN(LETTERS.length, hiddenSize);
    this.head = new nn.Linear(hiddenSize, classes);
  }

  /** @param {Tensor} x [L, N, 16] @returns {Tensor} logits [N, classes] */
  forward(x) {
    const [, state] = this.recurrent(x);
    const hN = Array.isArray(state) ? state[0] : state; // the LSTM returns [hN, cN]
    return this.head(hN.squeeze(0));
  }
}

/**
 * @param {WordClassifier} model
 * @param {Array<{ x: Tensor, y: Tensor }>} batches
 * @returns {{ accuracy: number, confusion: number[][] }} confusion[true][predicted], counts
 */
function evaluate(model, batches) {
  const k = LANGUAGES.length;
  const confusion = Array.from({ length: k }, () => new Array(k).fill(0));
  noGrad(() => {
    for (const { x, y } of batches) {
      const predicted = /** @type {number[]} */ (model(x).argmax(1).toArray());
      const labels = /** @type {number[]} */ (y.toArray());
      labels.forEach((label, i) => confusion[label][predicted[i]]++);
    }
  });
  return { accuracy: trace(confusion) / total(confusion), confusion };
}

/** @param {number[][]} m */
const trace = (m) => m.reduce((s, row, i) => s + row[i], 0);
/** @param {number[][]} m */
const total = (m) => m.flat().reduce((a, b) => a + b, 0);

// ---------------------------------------------------------------------------------------------
// 5. The notebook: data, both models, the Bayes ceiling, figures and table.
// ---------------------------------------------------------------------------------------------

/** @param {import('./lib/contract.mjs').ExampleOptions} options */
export async function run({ quick, figuresDir, quiet }) {
  const languages = makeLanguages(2026);
  const train = sampleWords(languages, quick ? 60 : 1500, 1);
  const test = sampleWords(languages, quick ? 30 : 250, 2);
  const testBatches = epochBatches(lengthLoaders(test, 256, null));
  const trainEval = epochBatches(lengthLoaders(train, 256, null));
  const epochs = quick ? 4 : 10;
  const hidden = quick ? 16 : 32;

  // The Bayes classifier's confusion matrix on the same test words: the ceiling.
  const k = languages.length;
  const bayes = Array.from({ length: k }, () => new Array(k).fill(0));
  for (const { word, label } of test) bayes[label][bayesPrediction(languages, word)]++;
  const bayesTrain = train.filter(({ word, label }) => bayesPrediction(languages, word) === label).length / train.length;

  /** @type {Array<Record<string, string | number | boolean>>} */
  const rows = [];
  /** @type {import('./lib/contract.mjs').TrainingRun[]} */
  const runs = [];
  const lossSeries = [];
  const accuracySeries = [];
  const confusions = [];
  for (const kind of /** @type {const} */ (['RNN', 'LSTM'])) {
    manualSeed(3);
    const model = new WordClassifier(kind, hidden, k);
    const optimizer = new optim.Adam(model.parameters(), { lr: 1e-2 });
    const loaders = lengthLoaders(train, 64, new Generator(4));
    const perEpoch = loaders.loaders.reduce((n, loader) => n + loader.length, 0);
    const bar = progress(`${kind} classifier`, epochs * perEpoch, { quiet });
    /** @type {number[]} */
    const losses = [];
    /** @type {number[]} */
    const testAccuracy = [];
    for (let epoch = 0; epoch < epochs; epoch++) {
      for (const { x, y } of epochBatches(loaders)) {
        const loss = F.crossEntropy(model(x), y);
        optimizer.zeroGrad();
        loss.backward();
        optimizer.step();
        losses.push(loss.item());
        bar.update(losses.length, losses[losses.length - 1]);
      }
      testAccuracy.push(evaluate(model, testBatches).accuracy);
    }
    bar.done();
    const onTest = evaluate(model, testBatches);
    runs.push(firstAndLast(`${kind} classifier`, losses));
    lossSeries.push({ name: `nn.${kind}`, x: losses.map((_, i) => (i + 1) / perEpoch), y: movingAverage(losses, quick ? 2 : 20) });
    accuracySeries.push({ name: `nn.${kind}`, x: testAccuracy.map((_, i) => i + 1), y: testAccuracy });
    confusions.push({ name: `nn.${kind}`, confusion: onTest.confusion });
    rows.push({
      model: `nn.${kind}(16, ${hidden}) + Linear`,
      parameters: model.parameters().reduce((s, p) => s + p.numel(), 0),
      'train accuracy': evaluate(model, trainEval).accuracy,
      'test accuracy': onTest.accuracy,
      [`${LANGUAGES[2]}↔${LANGUAGES[3]} confusions`]: onTest.confusion[2][3] + onTest.confusion[3][2],
    });
  }
  rows.push({
    model: 'Bayes classifier (knows the source)',
    parameters: 0,
    'train accuracy': bayesTrain,
    'test accuracy': trace(bayes) / total(bayes),
    [`${LANGUAGES[2]}↔${LANGUAGES[3]} confusions`]: bayes[2][3] + bayes[3][2],
  });
  confusions.push({ name: 'Bayes classifier', confusion: bayes });
  accuracySeries.push({ name: 'Bayes (ceiling)', x: [1, epochs], y: [trace(bayes) / total(bayes), trace(bayes) / total(bayes)] });

  const confusionPlots = confusions.map(({ name, confusion }) =>
    heatmap({
      values: confusion,
      xLabels: LANGUAGES,
      yLabels: LANGUAGES,
      title: `${name}: ${((100 * trace(confusion)) / total(confusion)).toFixed(1)}% of ${total(confusion)} test words`,
      x: { title: 'predicted' },
      y: { title: 'true language' },
      color: { scheme: 'blues' },
      annotate: true,
      width: 220,
      height: 220,
    }),
  );
  const figures = [
    await saveFigure(figuresDir, 'names-rnn-confusion', panels(confusionPlots, { columns: 3, title: 'Confusion matrices on the test words (rows: true language)' })),
    await saveFigure(
      figuresDir,
      'names-rnn-training',
      panels(
        [
          linePlot({ series: lossSeries, title: 'training loss (cross-entropy, moving average)', x: { title: 'epoch' }, y: { title: 'loss' }, width: 320, height: 220 }),
          linePlot({ series: accuracySeries, title: 'test accuracy after each epoch', x: { title: 'epoch' }, y: { title: 'accuracy' }, width: 320, height: 220, points: true }),
        ],
        { columns: 2 },
      ),
    ),
  ];
  return { rows, figures, runs };
}

/** A few words of each language, for the write-up. @param {number} count */
export function sampleTable(count) {
  const languages = makeLanguages(2026);
  return languages.map((l, i) => ({ language: l.name, words: sampleWords([l], count, 10 + i).map(({ word }) => spell(word)).join(' ') }));
}

