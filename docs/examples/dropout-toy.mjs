// @ts-check
/**
 * dropout-toy: one training example, x = [10, 1], y = 11, a linear model ŷ = w·x without bias, and
 * dropout on the input. Without dropout every w on the line w·x = 11 fits exactly, and gradient
 * descent from 0 picks the minimum-norm one. With dropout the loss is random, and what training
 * minimizes is its expectation over the masks: a ridge-like problem with a unique answer. This
 * notebook derives both answers in closed form, trains towards them with SGD (batch 1 and a large
 * batch) and Adam, and sweeps the dropout rate to show the jump at p = 0.
 *
 * Conventions as in PyTorch and in the report's section D (src/report/d-dropout*.ts): p is the
 * DROP probability, kept inputs are scaled by 1/(1 − p) (inverted dropout).
 */
import { Generator, linalg, manualSeed, tensor } from 'chainrule';
import { Dropout, Linear, init } from 'chainrule/nn';
import { Adam, SGD } from 'chainrule/optim';
import { linePlot, panels, scatterPlot } from 'chainrule/plot';
import { saveFigure } from './lib/figures.mjs';
import { progress } from './lib/progress.mjs';

export const title = 'one-example regression with input dropout: closed forms, SGD batch 1 vs large batch, Adam, a sweep of p';

/** The homework's single example. */
export const X = [10, 1];
export const Y = 11;

// ─── 1. The two closed forms ─────────────────────────────────────────────────────────────────────
//
// No dropout. The loss (y − w·x)² has gradient −2(y − w·x)·x: it always points along x, so
// gradient descent from w = 0 never leaves the line through x. The point of that line that fits
// is w = c·x with c‖x‖² = y:  w = y·x/‖x‖² = 11·[10, 1]/101 = [1.0891, 0.1089], the minimum-norm
// solution (what the pseudo-inverse gives too).
//
// With dropout. The input is x̃ = m⊙x/(1 − p), m_i ~ Bernoulli(1 − p) independently, so
// E[x̃_i] = x_i and Var[x̃_i] = x_i²·p/(1 − p). The expected loss is
//   E (y − w·x̃)² = (y − w·x)² + Var(w·x̃) = (y − w·x)² + λ·Σ_i w_i² x_i²,   λ = p/(1 − p),
// a ridge penalty weighted by x_i². Its gradient is zero where
//   (x xᵀ + λ·diag(x²)) w = y·x,
// a 2×2 system with a unique solution for every p > 0 (det = λ(2 + λ)·x₁²x₂² > 0). By hand: with
// u_i = x_i·w_i the system reads x_i·(Σ u) + λ·x_i·u_i = y·x_i, so every u_i is the same
// u = y/(2 + λ): w_i = y / ((2 + λ)·x_i). At p = 0.5 (λ = 1): w = [11/30, 11/3] = [0.3667, 3.667].
// As p → 0⁺ this tends to [0.55, 5.5], not to the minimum-norm [1.089, 0.109]: a jump at p = 0.

/** λ = p/(1 − p): the weight of the ridge penalty dropout adds in expectation. */
const ridgeWeight = (/** @type {number} */ p) => p / (1 - p);

/**
 * The minimizer of the expected dropout loss, from chainrule's linalg.solve (float64);
 * at p = 0 the system is singular and the minimum-norm least-squares solution (pinv) is returned.
 * @param {number} p drop probability in [0, 1)
 * @returns {number[]} [w₁, w₂]
 */
export function closedForm(p) {
  const x = tensor(X, { dtype: 'float64' });
  if (p === 0) {
    return /** @type {number[]} */ (linalg.pinv(x.unsqueeze(0)).matmul(tensor([Y], { dtype: 'float64' })).toArray());
  }
  const A = x.unsqueeze(1).matmul(x.unsqueeze(0)).add(x.square().diag().mul(ridgeWeight(p)));
  return /** @type {number[]} */ (linalg.solve(A, x.mul(Y)).toArray());
}

/**
 * The expected loss over the masks at w (the function dropout training minimizes), in plain numbers.
 * @param {number[]} w
 * @param {number} p
 */
export function expectedLoss(w, p) {
  const r = Y - (w[0] * X[0] + w[1] * X[1]);
  return r * r + ridgeWeight(p) * ((w[0] * X[0]) ** 2 + (w[1] * X[1]) ** 2);
}

/**
 * The largest eigenvalue of the expected loss's Hessian / 2 (x xᵀ + λ diag(x²)): it bounds the
 * learning rate SGD can use (lr < 1/that).
 * @param {number} p
 */
function curvature(p) {
  const x = tensor(X, { dtype: 'float64' });
  const A = x.unsqueeze(1).matmul(x.unsqueeze(0)).add(x.square().diag().mul(ridgeWeight(p)));
  return Math.max(.../** @type {number[]} */ (linalg.eigvalsh(A).toArray()));
}

// ─── 2. Training through real dropout ────────────────────────────────────────────────────────────

/**
 * @typedef {object} TrainOptions
 * @property {number} p          drop probability
 * @property {number} batch      the example repeated `batch` times, each copy with its own mask
 * @property {number} steps
 * @property {number} lr
 * @property {'sgd' | 'adam'} optimizer
 * @property {number} seed       seeds the dropout masks
 * @property {boolean} [quiet]
 * @property {number} [averageFrom] average the iterates from this fraction of the run on (default 0.5)
 *
 * @typedef {object} TrainResult
 * @property {number[]} finalW    w after the last step
 * @property {number[]} averageW  mean of the iterates over the tail of the run (the noise averages out)
 * @property {number[]} batchLoss the minibatch loss at each step (what the optimizer saw)
 * @property {number[]} expected  the expected loss at each step's w (what it is minimizing)
 * @property {number[][]} path    w every `steps/200` steps
 */

/**
 * Trains w from 0: x repeated `batch` times → nn.Dropout(p) → Linear(2, 1, bias: false),
 * loss = mean over the batch of (ŷ − y)².
 * @param {TrainOptions} options
 * @returns {TrainResult}
 */
export function train({ p, batch, steps, lr, optimizer, seed, quiet = true, averageFrom = 0.5 }) {
  const dropout = new Dropout(p, { generator: new Generator(seed) });
  const model = new Linear(2, 1, { bias: false });
  init.zeros_(model.weight);
  const opt = optimizer === 'sgd' ? new SGD(model.parameters(), { lr }) : new Adam(model.parameters(), { lr });
  // One example, `batch` copies: expand is a view, and dropout draws a mask per element of it.
  const inputs = tensor([X]).expand([batch, 2]);
  const bar = progress(`${optimizer} p=${p} batch ${batch}`, steps, { quiet });
  /** @type {number[]} */ const batchLoss = [];
  /** @type {number[]} */ const expected = [];
  /** @type {number[][]} */ const path = [[0, 0]];
  const sum = [0, 0];
  let counted = 0;
  const every = Math.max(1, Math.floor(steps / 200));
  for (let step = 1; step <= steps; step++) {
    opt.zeroGrad();
    const loss = model.forward(dropout.forward(inputs)).sub(Y).square().mean();
    loss.backward();
    opt.step();
    const w = /** @type {number[][]} */ (model.weight.toArray())[0];
    batchLoss.push(loss.item());
    expected.push(expectedLoss(w, p));
    if (step % every === 0) path.push(w);
    if (step > averageFrom * steps) {
      sum[0] += w[0];
      sum[1] += w[1];
      counted++;
    }
    bar.update(step, batchLoss[batchLoss.length - 1]);
  }
  bar.done();
  const finalW = /** @type {number[][]} */ (model.weight.toArray())[0];
  return { finalW, averageW: sum.map((s) => s / counted), batchLoss, expected, path };
}

/** Running mean over `window` steps (the batch-1 loss is far too spiky to read raw). */
function runningMean(/** @type {number[]} */ values, /** @type {number} */ window) {
  const out = [];
  let acc = 0;
  for (let i = 0; i < values.length; i++) {
    acc += values[i] - (i >= window ? values[i - window] : 0);
    out.push(acc / Math.min(i + 1, window));
  }
  return out;
}

/** Every k-th entry with its step number (keeps the figures small). */
function thin(/** @type {number[]} */ values, /** @type {number} */ points = 300) {
  const k = Math.max(1, Math.floor(values.length / points));
  const x = [];
  const y = [];
  for (let i = 0; i < values.length; i += k) {
    x.push(i + 1);
    y.push(values[i]);
  }
  return { x, y };
}

const round = (/** @type {number} */ v, digits = 4) => Number(v.toPrecision(digits));
const relError = (/** @type {number[]} */ w, /** @type {number[]} */ ref) =>
  Math.hypot(w[0] - ref[0], w[1] - ref[1]) / Math.hypot(ref[0], ref[1]);

// ─── 3. The notebook ─────────────────────────────────────────────────────────────────────────────

/** @param {import('./lib/contract.mjs').ExampleOptions} options */
export async function run({ quick, figuresDir, quiet }) {
  manualSeed(0);
  /** @type {string[]} */ const figures = [];
  /** @type {import('./lib/contract.mjs').TrainingRun[]} */ const runs = [];
  /** @type {Array<Record<string, string | number | boolean>>} */ const rows = [];
  const big = quick ? 256 : 1024;
  const steps = quick ? 300 : 3000;

  // Cell 1: the closed forms at p = 0.5, and the no-dropout minimum-norm solution.
  const p = 0.5;
  const exact = closedForm(p);
  const minNorm = closedForm(0);

  // Cell 2: SGD at batch 1 vs a large batch (independent masks per copy), and Adam, all at p = 0.5.
  // Same learning rate for both SGD runs: the large batch only averages the gradient noise away.
  const configs = /** @type {const} */ ([
    { label: 'SGD, batch 1', optimizer: 'sgd', batch: 1, lr: 0.001 },
    { label: `SGD, batch ${big}`, optimizer: 'sgd', batch: big, lr: 0.001 },
    { label: 'Adam, batch 1', optimizer: 'adam', batch: 1, lr: 0.01 },
    { label: `Adam, batch ${big}`, optimizer: 'adam', batch: big, lr: 0.01 },
  ]);
  const trained = configs.map((c, i) => ({ ...c, result: train({ p, steps, seed: 100 + i, quiet, ...c }) }));
  const minimum = expectedLoss(exact, p);
  for (const { label, lr, result } of trained) {
    const first = result.expected[0];
    const last = result.expected[result.expected.length - 1];
    runs.push({ label: `${label}, p = ${p}`, firstLoss: first, lastLoss: last });
    rows.push({
      run: label,
      p,
      lr,
      steps,
      'avg w1': round(result.averageW[0]),
      'avg w2': round(result.averageW[1]),
      'closed w1': round(exact[0]),
      'closed w2': round(exact[1]),
      'final w1': round(result.finalW[0]),
      'final w2': round(result.finalW[1]),
      'rel. error': round(relError(result.averageW, exact), 2),
      'E loss − min': round(expectedLoss(result.averageW, p) - minimum, 3),
    });
  }

  // Figure 1: what the optimizer sees (the minibatch loss; batch 1 smoothed over 100 steps) and
  // what it minimizes (the expected loss minus its minimum, on a log axis).
  const sgdRuns = trained.filter((t) => t.optimizer === 'sgd');
  const lossPanel = linePlot({
    title: `SGD, dropout p = ${p}: minibatch loss (running mean over 100 steps)`,
    series: sgdRuns.map((t) => ({ name: t.label, ...thin(runningMean(t.result.batchLoss, 100)) })),
    x: { title: 'step' },
    y: { title: 'loss' },
  });
  const gapPanel = linePlot({
    title: 'expected loss − its minimum',
    series: trained.map((t) => ({ name: t.label, ...thin(t.result.expected.map((v) => Math.max(v - minimum, 1e-8))) })),
    x: { title: 'step' },
    y: { title: 'E loss − min', log: true },
  });
  figures.push(await saveFigure(figuresDir, 'dropout-toy-loss', panels([lossPanel, gapPanel], { columns: 2 })));

  // Figure 2: the paths of w from 0 (every steps/200-th iterate), with both closed forms. Without
  // dropout training would stop at the min-norm point on the line through x; with dropout it
  // first moves along x (the steep direction), then slides over to the ridge solution.
  // (Drawn as points: a line would be sorted by w₁, not by step.)
  /** @type {Array<{ name: string, x: number[], y: number[] }>} */
  const pathSeries = trained.map((t) => ({ name: t.label, x: t.result.path.map((w) => w[0]), y: t.result.path.map((w) => w[1]) }));
  pathSeries.push({ name: 'optimum, p = 0.5', x: [exact[0]], y: [exact[1]] });
  pathSeries.push({ name: 'min-norm, p = 0', x: [minNorm[0]], y: [minNorm[1]] });
  figures.push(
    await saveFigure(
      figuresDir,
      'dropout-toy-paths',
      scatterPlot({ title: `w from 0 to the dropout solution (p = ${p})`, series: pathSeries, x: { title: 'w₁' }, y: { title: 'w₂' } }),
    ),
  );

  // Cell 3: the sweep of the dropout rate. Closed form on a fine grid of p; training (large batch,
  // SGD with lr = 0.8 / curvature) at a few rates. p = 0 is the min-norm point: the curves for
  // p > 0 do not end there — they tend to [0.55, 5.5].
  const fine = Array.from({ length: 91 }, (_, i) => (i === 0 ? 0.002 : i / 100));
  const fineW = fine.map(closedForm);
  const rates = quick ? [0, 0.3, 0.7] : [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
  const sweepSteps = quick ? 300 : 2000;
  const sweep = rates.map((rate, i) => {
    const lr = 0.8 / curvature(rate);
    const result = train({ p: rate, batch: big, steps: sweepSteps, lr, optimizer: 'sgd', seed: 200 + i, quiet, averageFrom: 0.75 });
    const w = closedForm(rate);
    rows.push({
      run: `sweep: SGD, batch ${big}`,
      p: rate,
      lr: round(lr, 3),
      steps: sweepSteps,
      'avg w1': round(result.averageW[0]),
      'avg w2': round(result.averageW[1]),
      'closed w1': round(w[0]),
      'closed w2': round(w[1]),
      'rel. error': round(relError(result.averageW, w), 2),
    });
    return { rate, w: result.averageW };
  });
  const sweepPanel = (/** @type {0 | 1} */ k) =>
    linePlot({
      title: `w${k === 0 ? '₁' : '₂'} against the dropout rate`,
      series: [
        { name: 'closed form, p > 0', x: fine, y: fineW.map((w) => w[k]) },
        { name: 'p = 0: min-norm', x: [0], y: [minNorm[k]] },
        // (training at p = 0 lands on the min-norm point too: see the table)
        { name: 'trained (SGD)', x: sweep.filter((s) => s.rate > 0).map((s) => s.rate), y: sweep.filter((s) => s.rate > 0).map((s) => s.w[k]) },
      ],
      x: { title: 'dropout rate p' },
      y: { title: k === 0 ? 'w₁' : 'w₂' },
      points: true,
    });
  figures.push(await saveFigure(figuresDir, 'dropout-toy-sweep', panels([sweepPanel(0), sweepPanel(1)], { columns: 2 })));

  return { rows, figures, runs };
}
