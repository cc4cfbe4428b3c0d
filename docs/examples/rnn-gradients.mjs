// @ts-check
/**
 * rnn-gradients — watch ∂L/∂h_t vanish or explode.
 *
 * A student's RNN (a Module with two Linear layers), the running-average task (y_t is the mean of
 * x_1..x_t), and the gradient of the loss with respect to every hidden state h_t, read with
 * `retainGrad()`. The recurrent matrix W_hh is rescaled to a chosen spectral radius ρ (read back with
 * `linalg.eigvals`) for linear, tanh and ReLU recurrences and for an `nn.LSTM`; the loss sits on every
 * step or on the last step only. Then each model trains briefly with both loss placements.
 */
import { Generator, arange, cumsum, linalg, manualSeed, noGrad, rand, stack, tensor, zeros } from 'chainrule';
import * as nn from 'chainrule/nn';
import * as optim from 'chainrule/optim';
import { linePlot, panels } from 'chainrule/plot';
import { saveFigure } from './lib/figures.mjs';
import { progress } from './lib/progress.mjs';
import { firstAndLast, movingAverage } from './lib/recurrent.mjs';

/** @typedef {import('chainrule').Tensor} Tensor */
/** @typedef {'linear' | 'tanh' | 'relu'} Activation */
/** @typedef {'every' | 'last'} LossPlacement */

export const title = 'RNN gradients: ‖∂L/∂h_t‖ vanishing or exploding with the spectral radius of W_hh; LSTM; loss on every step vs the last';

// ---------------------------------------------------------------------------------------------
// 1. The task: running averages. x_t is uniform in [-1, 1] and the target is y_t = (x_1+…+x_t)/t,
//    so the answer at step t depends on every input so far — the network must remember.
// ---------------------------------------------------------------------------------------------

/**
 * A batch of sequences, time first: x and y are [T, N, 1].
 * @param {number} steps T
 * @param {number} batch N
 * @param {Generator} generator
 * @returns {{ x: Tensor, y: Tensor }}
 */
export function runningAverageBatch(steps, batch, generator) {
  const x = rand([steps, batch, 1], { generator }).mul(2).sub(1);
  const counts = arange(1, steps + 1).reshape([steps, 1, 1]);
  return { x, y: cumsum(x, 0).div(counts) };
}

// ---------------------------------------------------------------------------------------------
// 2. The model, as a student writes it: two Linear layers (input→hidden, hidden→hidden) registered
//    by assignment, and a readout Linear hidden→1 that predicts y_t from h_t.
//       h_t = φ(W_ih x_t + b_ih + W_hh h_{t−1}),   ŷ_t = w_outᵀ h_t + b_out
// ---------------------------------------------------------------------------------------------

export class StudentRNN extends nn.Module {
  /**
   * @param {number} hiddenSize
   * @param {Activation} activation φ: identity, tanh or ReLU
   */
  constructor(hiddenSize, activation) {
    super();
    this.inputToHidden = new nn.Linear(1, hiddenSize);
    this.hiddenToHidden = new nn.Linear(hiddenSize, hiddenSize, { bias: false });
    this.readout = new nn.Linear(hiddenSize, 1);
    this.activation = activation;
    this.hiddenSize = hiddenSize;
  }

  /** W_hh, the recurrent matrix. @returns {Tensor} */
  recurrentMatrix() {
    return this.hiddenToHidden.weight;
  }

  /**
   * Runs the whole sequence; returns every hidden state (for retainGrad) and every prediction.
   * @param {Tensor} x [T, N, 1]
   * @returns {{ hiddens: Tensor[], predictions: Tensor }} predictions [T, N, 1]
   */
  forward(x) {
    const [steps, batch] = x.shape;
    let h = zeros([batch, this.hiddenSize]);
    /** @type {Tensor[]} */
    const hiddens = [];
    for (let t = 0; t < steps; t++) {
      const pre = this.inputToHidden(x.select(0, t)).add(this.hiddenToHidden(h));
      h = this.activation === 'tanh' ? pre.tanh() : this.activation === 'relu' ? pre.relu() : pre;
      hiddens.push(h);
    }
    return { hiddens, predictions: this.readout(stackTime(hiddens)) };
  }
}

/** The LSTM counterpart: nn.LSTM run one step at a time, so that each h_t is a tensor we can hold. */
export class StepLSTM extends nn.Module {
  /** @param {number} hiddenSize */
  constructor(hiddenSize) {
    super();
    this.lstm = new nn.LSTM(1, hiddenSize);
    this.readout = new nn.Linear(hiddenSize, 1);
    this.hiddenSize = hiddenSize;
  }

  /** W_hh of the LSTM: the four gates' H×H blocks stacked, [4H, H] (input, forget, cell, output). */
  recurrentMatrix() {
    // PyTorch reads it as lstm.weight_hh_l0; here the registered name is reached through namedParameters.
    return /** @type {Tensor} */ (new Map(this.lstm.namedParameters()).get('weight_hh_l0'));
  }

  /**
   * @param {Tensor} x [T, N, 1]
   * @param {{ stepwise?: boolean }} [options] stepwise: one nn.LSTM call per step (to hold each h_t)
   * @returns {{ hiddens: Tensor[], predictions: Tensor }}
   */
  forward(x, options = {}) {
    if (!options.stepwise) {
      const [output] = this.lstm(x);
      return { hiddens: [], predictions: this.readout(output) };
    }
    const [steps, batch] = x.shape;
    let h = zeros([batch, this.hiddenSize]);
    let c = zeros([1, batch, this.hiddenSize]);
    /** @type {Tensor[]} */
    const hiddens = [];
    for (let t = 0; t < steps; t++) {
      // h_t is held as [N, H] and fed back as a view, so the retained h_t lies on the recurrent path.
      const [, [hNext, cNext]] = this.lstm(x.narrow(0, t, 1), [h.unsqueeze(0), c]);
      h = hNext.squeeze(0);
      c = cNext;
      hiddens.push(h);
    }
    return { hiddens, predictions: this.readout(stackTime(hiddens)) };
  }
}

/** @param {Tensor[]} hiddens T tensors [N, H] → [T, N, H] */
function stackTime(hiddens) {
  return stack(hiddens, 0);
}

/**
 * The MSE loss on every step (mean over t) or on the last step only.
 * @param {Tensor} predictions [T, N, 1]
 * @param {Tensor} y [T, N, 1]
 * @param {LossPlacement} placement
 */
export function sequenceLoss(predictions, y, placement) {
  if (placement === 'every') return nn.functional.mseLoss(predictions, y);
  const last = predictions.shape[0] - 1;
  return nn.functional.mseLoss(predictions.select(0, last), y.select(0, last));
}

// ---------------------------------------------------------------------------------------------
// 3. The spectral radius ρ(W) = max |λ_i(W)|, from linalg.eigvals (real and imaginary parts).
//    For the LSTM, W_hh holds four square blocks, one per gate: we report the largest radius.
// ---------------------------------------------------------------------------------------------

/** @param {Tensor} W a square matrix @returns {number} */
export function spectralRadius(W) {
  const { real, imag } = linalg.eigvals(W.detach());
  return real.square().add(imag.square()).sqrt().amax(-1).item();
}

/**
 * Rescales the recurrent matrix in place so that its spectral radius (each gate block's, for the
 * LSTM) is `radius`; returns the radius read back with eigvals.
 * @param {StudentRNN | StepLSTM} model
 * @param {number | null} radius null keeps the default initialization
 */
export function setSpectralRadius(model, radius) {
  const W = model.recurrentMatrix();
  const H = W.shape[1];
  const blocks = W.shape[0] / H;
  noGrad(() => {
    if (radius === null) return;
    for (let g = 0; g < blocks; g++) {
      const block = W.narrow(0, g * H, H);
      block.mul_(radius / spectralRadius(block));
    }
  });
  let largest = 0;
  for (let g = 0; g < blocks; g++) largest = Math.max(largest, spectralRadius(W.narrow(0, g * H, H)));
  return largest;
}

// ---------------------------------------------------------------------------------------------
// 4. ‖∂L/∂h_t‖ for t = 1..T: retainGrad() on every hidden state, one backward pass.
// ---------------------------------------------------------------------------------------------

/**
 * @param {{ model: 'linear' | 'tanh' | 'relu' | 'lstm', radius: number | null, placement: LossPlacement,
 *           steps: number, batch: number, hidden: number, seed: number }} config
 * @returns {{ norms: number[], radius: number, grads: number[][][], recurrent: number[][] }}
 *   norms[t] = ‖∂L/∂h_{t+1}‖ (Frobenius over the batch); grads[t] = ∂L/∂h_{t+1} as [N][H];
 *   recurrent = W_hh after rescaling
 */
export function hiddenStateGradients(config) {
  manualSeed(config.seed);
  const model = config.model === 'lstm' ? new StepLSTM(config.hidden) : new StudentRNN(config.hidden, config.model);
  const radius = setSpectralRadius(model, config.radius);
  const { x, y } = runningAverageBatch(config.steps, config.batch, new Generator(config.seed + 1));
  const { hiddens, predictions } = model instanceof StepLSTM ? model.forward(x, { stepwise: true }) : model.forward(x);
  for (const h of hiddens) h.retainGrad();
  sequenceLoss(predictions, y, config.placement).backward();
  const grads = hiddens.map((h) => /** @type {Tensor} */ (h.grad));
  return {
    norms: grads.map((g) => g.square().sum().sqrt().item()),
    radius,
    grads: grads.map((g) => /** @type {number[][]} */ (g.toArray())),
    recurrent: /** @type {number[][]} */ (model.recurrentMatrix().detach().toArray()),
  };
}

/**
 * The known answer for the LINEAR recurrence with the loss on the last step: nothing but h_{t+1}
 * depends on h_t, and ∂h_{t+1}/∂h_t = W_hh, so ∂L/∂h_t = (W_hhᵀ)^(T−t) ∂L/∂h_T exactly. With the
 * batch as rows, G_t = G_T · W_hh^(T−t). Returns the largest relative gap over t (autograd vs product).
 * @param {number[][][]} grads ∂L/∂h_t for t = 1..T, each [N][H]
 * @param {number[][]} W W_hh
 */
export function linearRecurrenceGap(grads, W) {
  const Wt = tensor(W, { dtype: 'float64' });
  const last = tensor(grads[grads.length - 1], { dtype: 'float64' });
  let gap = 0;
  for (let t = 0; t < grads.length - 1; t++) {
    const product = last.matmul(linalg.matrixPower(Wt, grads.length - 1 - t));
    const read = tensor(grads[t], { dtype: 'float64' });
    gap = Math.max(gap, read.sub(product).norm().item() / product.norm().item());
  }
  return gap;
}

// ---------------------------------------------------------------------------------------------
// 5. Training briefly, with the loss on every step vs the last step only (Adam): the tanh student
//    RNN and the LSTM (here the whole sequence in one nn.LSTM call).
// ---------------------------------------------------------------------------------------------

/**
 * @param {{ model: 'tanh' | 'lstm', placement: LossPlacement, steps: number, batch: number,
 *           hidden: number, iterations: number, seed: number, quiet: boolean }} config
 * @returns {{ model: StudentRNN | StepLSTM, losses: number[] }}
 */
export function train(config) {
  manualSeed(config.seed);
  const model = config.model === 'lstm' ? new StepLSTM(config.hidden) : new StudentRNN(config.hidden, 'tanh');
  const optimizer = new optim.Adam(model.parameters(), { lr: 1e-2 });
  const generator = new Generator(config.seed + 1);
  const label = `${config.model === 'lstm' ? 'LSTM' : 'tanh RNN'}, loss on ${config.placement === 'every' ? 'every step' : 'the last step'}`;
  const bar = progress(label, config.iterations, { quiet: config.quiet });
  /** @type {number[]} */
  const losses = [];
  for (let i = 1; i <= config.iterations; i++) {
    const { x, y } = runningAverageBatch(config.steps, config.batch, generator);
    const loss = sequenceLoss(model(x).predictions, y, config.placement);
    optimizer.zeroGrad();
    loss.backward();
    optimizer.step();
    losses.push(loss.item());
    bar.update(i, losses[losses.length - 1]);
  }
  bar.done();
  return { model, losses };
}

/**
 * The mean squared error at each position t on held-out sequences.
 * @param {StudentRNN | StepLSTM} model
 * @param {{ x: Tensor, y: Tensor }} data
 * @returns {number[]}
 */
function errorByPosition(model, data) {
  return noGrad(() => /** @type {number[]} */ (model(data.x).predictions.sub(data.y).square().mean([1, 2]).toArray()));
}

/**
 * ‖∂L/∂h_t‖ of a (trained or untrained) model on held-out sequences, loss on the last step, read
 * this time with a hook on each h_t (called with ∂L/∂h_t during backward) instead of retainGrad.
 * @param {StudentRNN | StepLSTM} model
 * @param {{ x: Tensor, y: Tensor }} data
 * @param {'hook' | 'retainGrad'} [via]
 * @returns {number[]}
 */
export function gradientNormsOf(model, data, via = 'hook') {
  const { hiddens, predictions } = model instanceof StepLSTM ? model.forward(data.x, { stepwise: true }) : model.forward(data.x);
  /** @type {number[]} */
  const norms = new Array(hiddens.length).fill(0);
  hiddens.forEach((h, t) => {
    if (via === 'retainGrad') h.retainGrad();
    else h.registerHook((grad) => void (norms[t] = grad.square().sum().sqrt().item()));
  });
  sequenceLoss(predictions, data.y, 'last').backward();
  model.zeroGrad();
  if (via === 'retainGrad') hiddens.forEach((h, t) => (norms[t] = /** @type {Tensor} */ (h.grad).square().sum().sqrt().item()));
  return norms;
}

// ---------------------------------------------------------------------------------------------
// 6. The notebook: every curve, the figures and the table.
// ---------------------------------------------------------------------------------------------

/** @param {import('./lib/contract.mjs').ExampleOptions} options */
export async function run({ quick, figuresDir, quiet }) {
  const steps = quick ? 10 : 40; // T for the gradient study
  const hidden = quick ? 8 : 16;
  const radii = quick ? [0.5, 1.0, 1.5] : [0.5, 0.9, 1.0, 1.1, 1.5];
  const models = /** @type {const} */ (['linear', 'tanh', 'relu', 'lstm']);
  const names = { linear: 'linear', tanh: 'tanh', relu: 'ReLU', lstm: 'LSTM' };
  /** @type {Array<Record<string, string | number | boolean>>} */
  const rows = [];
  /** @type {Record<LossPlacement, import('chainrule/plot').VegaLiteSpec[]>} */
  const plots = { last: [], every: [] };

  const bar = progress('‖∂L/∂h_t‖ for every recurrence and radius', models.length * (radii.length + 1), { quiet });
  let done = 0;
  for (const model of models) {
    /** @type {Record<LossPlacement, Array<{ name: string, x: number[], y: number[] }>>} */
    const series = { last: [], every: [] };
    for (const radius of [null, ...radii]) {
      const config = { model, radius, steps, batch: 32, hidden, seed: 7 };
      const last = hiddenStateGradients({ ...config, placement: 'last' });
      const every = hiddenStateGradients({ ...config, placement: 'every' });
      const name = `${radius === null ? 'default, ' : ''}ρ = ${last.radius.toFixed(2)}`;
      const t = last.norms.map((_, i) => i + 1);
      series.last.push({ name, x: t, y: last.norms });
      series.every.push({ name, x: t, y: every.norms });
      rows.push({
        model: names[model],
        W_hh: radius === null ? 'default init' : `scaled to ρ=${radius}`,
        'ρ eigvals': last.radius,
        'last: ‖g_1‖': last.norms[0],
        'last: ‖g_T‖': last.norms[steps - 1],
        'every: ‖g_1‖': every.norms[0],
        'every: ‖g_T‖': every.norms[steps - 1],
        ...(model === 'linear' ? { 'gap to (Wᵀ)^(T−t)g_T': linearRecurrenceGap(last.grads, last.recurrent) } : {}),
      });
      bar.update(++done, last.norms[0]);
    }
    for (const placement of /** @type {const} */ (['last', 'every'])) {
      plots[placement].push(
        linePlot({
          series: series[placement],
          title: `${names[model]}${model === 'lstm' ? ' (each gate block of W_hh scaled)' : ' recurrence'}`,
          x: { title: 't' },
          y: { title: '‖∂L/∂h_t‖', log: true },
          width: 300,
          height: 200,
        }),
      );
    }
  }
  bar.done();

  // Training: the tanh student RNN and the LSTM, each with both loss placements.
  const trainSteps = quick ? 8 : 30;
  const iterations = quick ? 16 : 200;
  const heldOut = runningAverageBatch(trainSteps, 256, new Generator(99));
  /** @type {import('./lib/contract.mjs').TrainingRun[]} */
  const runs = [];
  const lossSeries = [];
  const positionSeries = [];
  const gradientSeries = [];
  for (const model of /** @type {const} */ (['tanh', 'lstm'])) {
    for (const placement of /** @type {const} */ (['every', 'last'])) {
      const label = `${model === 'lstm' ? 'LSTM' : 'tanh RNN'}, loss on ${placement === 'every' ? 'every step' : 'the last step'}`;
      const config = { model, placement, steps: trainSteps, batch: 32, hidden, iterations, seed: 11, quiet };
      const untrained = train({ ...config, iterations: 0 }).model;
      const { model: trained, losses } = train(config);
      runs.push(firstAndLast(label, losses));
      const short = `${model === 'lstm' ? 'LSTM' : 'RNN'}, ${placement} step`;
      lossSeries.push({ name: short, y: movingAverage(losses, quick ? 1 : 5) });
      const byPosition = errorByPosition(trained, heldOut);
      positionSeries.push({ name: short, x: byPosition.map((_, i) => i + 1), y: byPosition });
      if (placement === 'last') {
        const name = model === 'lstm' ? 'LSTM' : 'RNN';
        const before = gradientNormsOf(untrained, heldOut);
        const after = gradientNormsOf(trained, heldOut);
        const rho = (/** @type {StudentRNN | StepLSTM} */ m) => setSpectralRadius(m, null).toFixed(2);
        gradientSeries.push({ name: `${name} untrained, ρ = ${rho(untrained)}`, x: before.map((_, i) => i + 1), y: before });
        gradientSeries.push({ name: `${name} trained, ρ = ${rho(trained)}`, x: after.map((_, i) => i + 1), y: after });
      }
      const run = runs[runs.length - 1];
      rows.push({
        model: `${model === 'lstm' ? 'LSTM' : 'tanh RNN'} trained`,
        W_hh: `loss on ${placement === 'every' ? 'every step' : 'last step'}`,
        'ρ eigvals': setSpectralRadius(trained, null),
        'first loss': run.firstLoss,
        'last loss': run.lastLoss,
        'held-out MSE at T': byPosition[trainSteps - 1],
        'mean over t': byPosition.reduce((a, b) => a + b, 0) / byPosition.length,
      });
    }
  }

  const figures = [
    await saveFigure(figuresDir, 'rnn-gradients-last-step', panels(plots.last, { columns: 2, title: `‖∂L/∂h_t‖, loss on the last step (T = ${steps}), by spectral radius of W_hh` })),
    await saveFigure(figuresDir, 'rnn-gradients-every-step', panels(plots.every, { columns: 2, title: `‖∂L/∂h_t‖, loss on every step (T = ${steps}), by spectral radius of W_hh` })),
    await saveFigure(
      figuresDir,
      'rnn-gradients-training',
      panels(
        [
          linePlot({ series: lossSeries, title: 'training loss (Adam, lr 0.01)', x: { title: 'step' }, y: { title: 'MSE (as optimized)', log: true }, width: 300, height: 200 }),
          linePlot({ series: positionSeries, title: 'held-out error at each position', x: { title: 't' }, y: { title: 'MSE at step t', log: true }, width: 300, height: 200, points: true }),
          linePlot({ series: gradientSeries, title: '‖∂L/∂h_t‖ before and after training (loss on the last step)', x: { title: 't' }, y: { title: '‖∂L/∂h_t‖', log: true }, width: 300, height: 200 }),
        ],
        { columns: 2, title: `Training with the loss on every step vs the last step only (T = ${trainSteps})` },
      ),
    ),
  ];
  return { rows, figures, runs };
}
