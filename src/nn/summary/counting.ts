/**
 * The counting rules of `summary()`: how many multiplications, additions and activation-function
 * evaluations one call of a layer performs, computed from the layer's constructor arguments and
 * the shapes of that call. docs/summary.md states the same conventions with worked examples.
 *
 * Conventions shared by every rule:
 * - A division counts as a multiplication, a subtraction as an addition.
 * - Summing `t` terms takes `t − 1` additions, so a dot product of K terms plus a bias takes K
 *   multiplications and K additions (a layer with bias has as many additions as multiplications).
 * - Padding is counted: a convolution output sums all (Cin/groups)·kH·kW products of its window,
 *   including the ones that read zero padding (the work a dense implementation does).
 * - Comparisons (max pooling, the running max of a stable softmax) and square roots are neither
 *   multiplications nor additions; they are not counted.
 * - An activation function (ReLU, tanh, sigmoid, GELU, leaky ReLU, softmax, log-softmax) counts as
 *   one evaluation per output element and nothing else; whatever arithmetic it takes inside is
 *   part of that evaluation.
 * - Data movement (views, copies, concatenation, padding, index lookups, sampling a dropout mask)
 *   costs nothing.
 * @module
 */
import type { Module } from '../module.js';
import { Bilinear, Identity, Linear } from '../layers/linear.js';
import { Conv1d, Conv2d, ConvTranspose1d, ConvTranspose2d } from '../layers/conv.js';
import { AdaptiveAvgPool1d, AdaptiveAvgPool2d, AvgPool1d, AvgPool2d, MaxPool1d, MaxPool2d } from '../layers/pooling.js';
import { BatchNorm, LayerNorm } from '../layers/normalization.js';
import { GELU, LeakyReLU, LogSoftmax, ReLU, Sigmoid, Softmax, Tanh } from '../layers/activation.js';
import { Dropout } from '../layers/dropout.js';
import { Embedding } from '../layers/embedding.js';
import { Flatten } from '../layers/flatten.js';
import { RNNBase } from '../layers/recurrent.js';
import { GRUCell, LSTMCell, RNNCell } from '../layers/recurrent-cells.js';
import { countParityLayer } from './counting-parity.js';

/** What a convolution rule reads of its layer (Conv1d/2d/3d, ConvTranspose1d/2d/3d). */
interface ConvShape {
  readonly inChannels: number;
  readonly groups: number;
  readonly kernelSize: readonly number[];
  readonly bias: unknown;
}

/** What one call of a layer computes, by the conventions above. */
export interface OpCounts {
  /** Multiplications (divisions included). */
  multiplications: number;
  /** Additions (subtractions included). */
  additions: number;
  /** Activation-function evaluations (one per element an activation is applied to). */
  activations: number;
}

/** The shapes of one call of a layer: its tensor arguments and its tensor results, in order. */
export interface LayerCall {
  readonly inputShapes: readonly (readonly number[])[];
  readonly outputShapes: readonly (readonly number[])[];
  /** The layer's training flag during the call (Dropout, BatchNorm and RNN dropout depend on it). */
  readonly training: boolean;
}

export const ZERO: OpCounts = Object.freeze({ multiplications: 0, additions: 0, activations: 0 });

/** Additions needed to sum `terms` values: terms − 1 (none for zero or one term). */
export function sumAdditions(terms: number): number {
  return Math.max(terms - 1, 0);
}

export function product(values: readonly number[]): number {
  return values.reduce((p, v) => p * v, 1);
}

export function numel(shape: readonly number[] | undefined): number {
  return shape === undefined ? 0 : product(shape);
}

export function counts(multiplications: number, additions: number, activations = 0): OpCounts {
  return { multiplications, additions, activations };
}

/**
 * Linear, y = x·Wᵀ + b: each of the R·O outputs (R = rows of x, O = outFeatures) is a dot product
 * of I = inFeatures terms plus the bias: I multiplications and I − 1 + [bias] additions.
 */
function linearCounts(layer: Linear, call: LayerCall): OpCounts {
  const outputs = numel(call.outputShapes[0]);
  const k = layer.inFeatures;
  return counts(outputs * k, outputs * sumAdditions(k + (layer.bias ? 1 : 0)));
}

/**
 * Bilinear, y_k = x1ᵀ·A_k·x2 + b_k, evaluated as PyTorch and chainrule do: first the I2 dot
 * products of x1 with the columns of A_k (I1·I2 multiplications, I2·(I1 − 1) additions), then the
 * dot product with x2 (I2 multiplications, I2 − 1 additions), then the bias (1 addition).
 */
function bilinearCounts(layer: Bilinear, call: LayerCall): OpCounts {
  const outputs = numel(call.outputShapes[0]);
  const i1 = layer.in1Features;
  const i2 = layer.in2Features;
  const mults = i1 * i2 + i2;
  const adds = i2 * sumAdditions(i1) + sumAdditions(i2 + (layer.bias ? 1 : 0));
  return counts(outputs * mults, outputs * adds);
}

/**
 * Conv1d/Conv2d: each output element is a dot product over its window, K = (Cin/groups)·∏kernelSize
 * terms (stride, dilation and padding change how many outputs there are, not K; padded positions
 * count), plus the bias: K multiplications and K − 1 + [bias] additions per output element.
 */
export function convCounts(layer: ConvShape, call: LayerCall): OpCounts {
  const outputs = numel(call.outputShapes[0]);
  const k = (layer.inChannels / layer.groups) * product(layer.kernelSize);
  return counts(outputs * k, outputs * sumAdditions(k + (layer.bias ? 1 : 0)));
}

/**
 * How the windows of a transposed convolution land along one spatial dim: input position i and
 * kernel tap k write output position i·stride − padding + k·dilation. Returns `landed`, the
 * products that land inside the output (those cropped by `padding` are not counted), and
 * `reached`, the output positions that receive at least one product.
 */
function transposedTaps(inSize: number, outSize: number, kernel: number, stride: number, padding: number, dilation: number): { landed: number; reached: number } {
  const hits = new Array<number>(outSize).fill(0);
  for (let i = 0; i < inSize; i++) {
    for (let k = 0; k < kernel; k++) {
      const o = i * stride - padding + k * dilation;
      if (o >= 0 && o < outSize) hits[o]!++;
    }
  }
  return { landed: hits.reduce((a, b) => a + b, 0), reached: hits.filter((h) => h > 0).length };
}

/**
 * ConvTranspose1d/2d, counted as the sums that define each output element: output element o of
 * channel co receives c(o) = (Cin/groups)·∏_d c_d(o_d) products, where c_d counts the (input
 * position, kernel tap) pairs that land on o_d. So it costs c(o) multiplications and
 * c(o) − 1 + [bias] additions; an output no product reaches (stride > dilated kernel) is just the
 * bias and costs nothing. Products that fall into the cropped border (padding) are not counted.
 * Totals: mults = N·Cout·(Cin/groups)·∏landed_d, adds = mults − N·Cout·∏reached_d (+ N·Cout·∏reached_d with bias).
 */
export function convTransposeCounts(layer: ConvShape & { stride: readonly number[]; padding: readonly number[]; dilation: readonly number[]; outChannels: number }, call: LayerCall): OpCounts {
  const input = call.inputShapes[0]!;
  const output = call.outputShapes[0]!;
  const spatial = layer.kernelSize.length;
  const batch = input.length === spatial + 2 ? input[0]! : 1;
  const inSize = input.slice(input.length - spatial);
  const outSize = output.slice(output.length - spatial);
  let landed = 1;
  let reached = 1;
  for (let d = 0; d < spatial; d++) {
    const taps = transposedTaps(inSize[d]!, outSize[d]!, layer.kernelSize[d]!, layer.stride[d]!, layer.padding[d]!, layer.dilation[d]!);
    landed *= taps.landed;
    reached *= taps.reached;
  }
  const planes = batch * layer.outChannels;
  const mults = planes * (layer.inChannels / layer.groups) * landed;
  const adds = mults - planes * reached + (layer.bias ? planes * reached : 0);
  return counts(mults, adds);
}

/**
 * AvgPool1d/2d: each output sums its ∏kernelSize window positions (padding included, as for
 * convolutions) and divides once: ∏kernelSize − 1 additions and 1 multiplication per output.
 */
function avgPoolCounts(layer: AvgPool1d | AvgPool2d, call: LayerCall): OpCounts {
  const outputs = numel(call.outputShapes[0]);
  return counts(outputs, outputs * sumAdditions(product(layer.kernelSize)));
}

/** The summed sizes of PyTorch's adaptive windows ⌊o·in/out⌋ … ⌈(o+1)·in/out⌉ − 1 along one dim. */
function adaptiveWindowSum(inSize: number, outSize: number): number {
  let total = 0;
  for (let o = 0; o < outSize; o++) total += Math.ceil(((o + 1) * inSize) / outSize) - Math.floor((o * inSize) / outSize);
  return total;
}

/**
 * AdaptiveAvgPool1d/2d, counted as the direct averages (not as the two small matrix products the
 * implementation uses): output (i, j) sums its r_i·c_j window (r_i·c_j − 1 additions) and divides
 * once. Per plane: (Σr_i)(Σc_j) − oH·oW additions and oH·oW multiplications.
 */
function adaptiveAvgPoolCounts(spatial: 1 | 2, call: LayerCall): OpCounts {
  const input = call.inputShapes[0]!;
  const output = call.outputShapes[0]!;
  const inSize = input.slice(input.length - spatial);
  const outSize = output.slice(output.length - spatial);
  const planes = numel(output) / product(outSize);
  const windowSum = product(inSize.map((s, d) => adaptiveWindowSum(s, outSize[d]!)));
  return counts(numel(output), planes * (windowSum - product(outSize)));
}

/**
 * The normalization of one group of M values with its own statistics (BatchNorm in training,
 * LayerNorm): mean (M − 1 additions, 1 division), centering (M subtractions), variance (M squares,
 * M − 1 additions, 1 division), + eps (1 addition), the square root (not counted), the division of
 * the M centered values, then the affine weight (M multiplications) and bias (M additions).
 * Per group: 2M + 2 (+ M with weight) multiplications, 3M − 1 (+ M with bias) additions.
 */
export function batchStatisticsCounts(groups: number, m: number, weight: boolean, bias: boolean): OpCounts {
  return counts(groups * (2 * m + 2 + (weight ? m : 0)), groups * (3 * m - 1 + (bias ? m : 0)));
}

/**
 * BatchNorm1d/2d over C channels of M = numel/C values each.
 * - Batch statistics (training, or no running statistics): as {@link batchStatisticsCounts} per
 *   channel; when running statistics are tracked, their update costs 5 multiplications
 *   (two momentum scalings each, and the unbiased-variance factor) and 2 additions per channel.
 * - Running statistics (eval): x − μ (1 addition), ÷√(σ² + eps) (1 multiplication; the C
 *   additions of eps are counted, the square roots are not), then γ and β (1 multiplication and 1
 *   addition each): per element 1 (+1 affine) multiplication and 1 (+1 affine) addition, plus C.
 */
function batchNormCounts(layer: BatchNorm, call: LayerCall): OpCounts {
  const c = layer.numFeatures;
  const m = c === 0 ? 0 : numel(call.inputShapes[0]) / c;
  const useBatchStats = call.training || layer.runningMean === null;
  if (useBatchStats) {
    const base = batchStatisticsCounts(c, m, layer.affine, layer.affine);
    const updates = call.training && layer.runningMean !== null;
    return counts(base.multiplications + (updates ? 5 * c : 0), base.additions + (updates ? 2 * c : 0));
  }
  const affine = layer.affine ? 1 : 0;
  return counts(c * m * (1 + affine), c * m * (1 + affine) + c);
}

/** LayerNorm: each of the numel/M groups (M = ∏normalizedShape) as {@link batchStatisticsCounts}. */
function layerNormCounts(layer: LayerNorm, call: LayerCall): OpCounts {
  const m = product(layer.normalizedShape);
  const groups = m === 0 ? 0 : numel(call.inputShapes[0]) / m;
  return batchStatisticsCounts(groups, m, layer.weight !== null, layer.bias !== null);
}

/** Dropout: in training with p > 0, one multiplication per element (x · mask/(1 − p)); nothing in eval. */
function dropoutCounts(layer: Dropout, call: LayerCall): OpCounts {
  return call.training && layer.p > 0 ? counts(numel(call.outputShapes[0]), 0) : ZERO;
}

/** The sizes of one recurrent step. */
interface StepSizes {
  /** Rows of the batch (1 when unbatched). */
  batch: number;
  hidden: number;
  /** Features of x_t. */
  input: number;
  /** Features of h_{t−1} (projSize for a projected LSTM). */
  state: number;
  bias: boolean;
}

/**
 * One recurrent step for a batch. The G·H gate pre-activations are each a dot product over
 * [x_t, h_{t−1}] (I + S terms) plus the two biases b_ih and b_hh: I + S multiplications and
 * I + S − 1 + 2·[bias] additions (for the GRU's n gate, r ⊙ (W_hn·h + b_hn) adds one
 * multiplication, counted below). Then, per hidden unit:
 * - RNN: 1 activation (tanh or ReLU);
 * - LSTM: 3 sigmoids + 2 tanh; c' = f⊙c + i⊙g and h' = o⊙tanh(c'): 3 multiplications, 1 addition;
 * - GRU: 2 sigmoids + 1 tanh; r⊙(…) in n, and h' = n + z⊙(h − n) as implemented: 2
 *   multiplications, 2 additions.
 */
function stepCounts(kind: 'RNN' | 'LSTM' | 'GRU', s: StepSizes): OpCounts {
  const gates = kind === 'LSTM' ? 4 : kind === 'GRU' ? 3 : 1;
  const rows = s.batch * gates * s.hidden;
  const units = s.batch * s.hidden;
  const terms = s.input + s.state;
  const mults = rows * terms;
  const adds = rows * (terms - 1 + (s.bias ? 2 : 0));
  switch (kind) {
    case 'RNN':
      return counts(mults, adds, units);
    case 'LSTM':
      return counts(mults + 3 * units, adds + units, 5 * units);
    case 'GRU':
      return counts(mults + 2 * units, adds + 2 * units, 3 * units);
  }
}

function addInto(total: OpCounts, part: OpCounts, times = 1): void {
  total.multiplications += part.multiplications * times;
  total.additions += part.additions * times;
  total.activations += part.activations * times;
}

/**
 * RNN/LSTM/GRU over a whole sequence: {@link stepCounts} for every step, layer and direction
 * (layer l > 0 reads the D·H_out outputs of layer l − 1). An LSTM with projSize P projects every
 * h_t: P·H multiplications and P·(H − 1) additions per batch row. Dropout between layers, in
 * training, is one multiplication per element of that layer's output.
 */
function recurrentCounts(layer: RNNBase, call: LayerCall): OpCounts {
  const input = call.inputShapes[0]!;
  const batched = input.length === 3;
  const steps = batched ? input[layer.batchFirst ? 1 : 0]! : input[0]!;
  const batch = batched ? input[layer.batchFirst ? 0 : 1]! : 1;
  const kind = layer.mode === 'LSTM' ? 'LSTM' : layer.mode === 'GRU' ? 'GRU' : 'RNN';
  const total: OpCounts = { ...ZERO };
  const runs = steps * layer.numDirections;
  for (let l = 0; l < layer.numLayers; l++) {
    const features = l === 0 ? layer.inputSize : layer.numDirections * layer.outputSize;
    addInto(total, stepCounts(kind, { batch, hidden: layer.hiddenSize, input: features, state: layer.outputSize, bias: layer.bias }), runs);
    if (layer.projSize > 0) addInto(total, counts(batch * layer.projSize * layer.hiddenSize, batch * layer.projSize * sumAdditions(layer.hiddenSize)), runs);
    if (call.training && layer.dropout > 0 && l < layer.numLayers - 1) {
      total.multiplications += steps * batch * layer.numDirections * layer.outputSize;
    }
  }
  return total;
}

/** RNNCell/LSTMCell/GRUCell: one {@link stepCounts} for the batch ([batch, inputSize] or unbatched). */
function cellCounts(layer: RNNCell | LSTMCell | GRUCell, call: LayerCall): OpCounts {
  const input = call.inputShapes[0]!;
  const batch = input.length === 2 ? input[0]! : 1;
  const kind = layer instanceof LSTMCell ? 'LSTM' : layer instanceof GRUCell ? 'GRU' : 'RNN';
  return stepCounts(kind, { batch, hidden: layer.hiddenSize, input: layer.inputSize, state: layer.hiddenSize, bias: layer.bias });
}

/**
 * The operation counts of one call of `layer`, or null when chainrule has no rule for its type
 * (matched with instanceof, so subclasses use their base class's rule). The rules:
 *
 * | layer | multiplications | additions | activations |
 * |---|---|---|---|
 * | Linear | outputs·I | outputs·(I − 1 + [bias]) | 0 |
 * | Bilinear | outputs·(I1·I2 + I2) | outputs·(I1·I2 − 1 + [bias]) | 0 |
 * | Conv1d/2d | outputs·K, K = (Cin/groups)·∏k | outputs·(K − 1 + [bias]) | 0 |
 * | ConvTranspose1d/2d | products landing in the output | mults − outputs reached (+ reached with bias) | 0 |
 * | MaxPool | 0 (comparisons only) | 0 | 0 |
 * | AvgPool | outputs | outputs·(∏k − 1) | 0 |
 * | AdaptiveAvgPool | outputs | Σ(window − 1) | 0 |
 * | BatchNorm, LayerNorm | see {@link batchNormCounts}, {@link batchStatisticsCounts} | | 0 |
 * | ReLU, Tanh, Sigmoid, GELU, LeakyReLU, Softmax, LogSoftmax | 0 | 0 | outputs |
 * | Dropout | outputs in training, else 0 | 0 | 0 |
 * | RNN, LSTM, GRU and cells | see {@link stepCounts} | | per step: H, 5H, 3H per batch row |
 * | Embedding, Flatten, Identity | 0 | 0 | 0 |
 * | issue 10's layers (Conv3d, GroupNorm, SiLU, …) | see {@link countParityLayer} | | |
 */
export function countLayer(layer: Module, call: LayerCall): OpCounts | null {
  if (layer instanceof Linear) return linearCounts(layer, call);
  if (layer instanceof Bilinear) return bilinearCounts(layer, call);
  if (layer instanceof Conv1d || layer instanceof Conv2d) return convCounts(layer, call);
  if (layer instanceof ConvTranspose1d || layer instanceof ConvTranspose2d) return convTransposeCounts(layer, call);
  if (layer instanceof MaxPool1d || layer instanceof MaxPool2d) return ZERO;
  if (layer instanceof AvgPool1d || layer instanceof AvgPool2d) return avgPoolCounts(layer, call);
  if (layer instanceof AdaptiveAvgPool1d) return adaptiveAvgPoolCounts(1, call);
  if (layer instanceof AdaptiveAvgPool2d) return adaptiveAvgPoolCounts(2, call);
  if (layer instanceof BatchNorm) return batchNormCounts(layer, call);
  if (layer instanceof LayerNorm) return layerNormCounts(layer, call);
  if (
    layer instanceof ReLU || layer instanceof Tanh || layer instanceof Sigmoid || layer instanceof GELU ||
    layer instanceof LeakyReLU || layer instanceof Softmax || layer instanceof LogSoftmax
  ) {
    return counts(0, 0, numel(call.outputShapes[0]));
  }
  if (layer instanceof Dropout) return dropoutCounts(layer, call);
  if (layer instanceof RNNBase) return recurrentCounts(layer, call);
  if (layer instanceof RNNCell || layer instanceof LSTMCell || layer instanceof GRUCell) return cellCounts(layer, call);
  if (layer instanceof Embedding || layer instanceof Flatten || layer instanceof Identity) return ZERO;
  return countParityLayer(layer, call); // issue 10's layers (counting-parity.ts)
}
