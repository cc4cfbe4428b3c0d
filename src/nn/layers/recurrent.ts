/**
 * Multi-layer recurrent layers over whole sequences: {@link RNN} (tanh or relu), {@link LSTM}
 * (optionally with a projection) and {@link GRU}, with PyTorch's options, shapes, parameter names
 * (`weight_ih_l0`, `weight_hh_l0`, `bias_ih_l0`, `bias_hh_l0`, `…_reverse`, `weight_hr_l0`) and
 * default initialization. RNN, GRU and LSTM without projection run each layer and direction as
 * one product for the inputs of all steps and one recurrence primitive (`./recurrent-sequence.ts`);
 * a projected LSTM is an unrolled loop over the cell's math of `nn/functional/recurrent.ts` (its
 * steps join the input and hidden matmuls into one, see `StepWeights`). Gradients, higher-order
 * gradients and every backend come from the primitives.
 *
 * Shapes (L = sequence length, N = batch, D = 2 if bidirectional else 1, H_out = projSize or
 * hiddenSize):
 * - input [L, N, inputSize] ([N, L, inputSize] with batchFirst), or unbatched [L, inputSize];
 * - h0 [numLayers·D, N, H_out] (unbatched [numLayers·D, H_out]); zeros when omitted;
 *   an LSTM's c0 is [numLayers·D, N, hiddenSize];
 * - output [L, N, D·H_out] (batchFirst: [N, L, D·H_out]; unbatched [L, D·H_out]): the last
 *   layer's h_t for every t, the two directions concatenated (forward first);
 * - hN (and cN) shaped like h0 (c0): the final state of every layer and direction, layer-major.
 *
 * The per-step hidden states live inside `forward`; to `retainGrad()` or `registerHook()` on each
 * h_t, unroll a cell (`RNNCell`, `LSTMCell`, `GRUCell`) in your own loop: same math, same names.
 * @module
 */
import type { FloatDType } from '../../dtype.js';
import { formatValue } from '../../errors.js';
import { ShapeError, ValueError, fmtShape } from '../../errors.js';
import { cat, stack } from '../../ops/join.js';
import { defaultGenerator, type Generator } from '../../random.js';
import { ones, zeros } from '../../tensor/creation.js';
import type { Tensor } from '../../tensor/tensor.js';
import { dropout } from '../functional/dropout.js';
import { linear } from '../functional/linear.js';
import { lstmStates } from '../functional/recurrent.js';
import { Module } from '../module.js';
import { gruDirection, lstmDirection, rnnDirection } from './recurrent-sequence.js';
import {
  checkFloatDType,
  checkNonlinearity,
  checkPositiveInt,
  checkTensor,
  resetUniform,
  type RNNNonlinearity,
} from './recurrent-cells.js';
import { checkOptions } from '../../checks/options.js';
import { GRU_OPTIONS, LSTM_OPTIONS, RNN_OPTIONS, checkLayerSizes } from '../schemas.js';

/** Options shared by RNN, LSTM and GRU (PyTorch's keyword arguments). */
export interface RNNBaseOptions {
  /** Number of stacked layers (default 1). */
  numLayers?: number;
  /** Use the biases b_ih and b_hh (default true). */
  bias?: boolean;
  /** Input and output are [batch, seq, feature] instead of [seq, batch, feature] (default false). */
  batchFirst?: boolean;
  /** Dropout probability on the outputs of every layer but the last, in training mode (default 0; no effect with one layer). */
  dropout?: number;
  /** Also run each layer backwards over the sequence and concatenate both directions (default false). */
  bidirectional?: boolean;
  /** Parameter dtype (default float32). */
  dtype?: FloatDType;
  /** Generator for the initialization and the dropout masks (default: the global one). */
  generator?: Generator;
}

/** Options of {@link RNN}. */
export interface RNNOptions extends RNNBaseOptions {
  /** 'tanh' (default) or 'relu'. */
  nonlinearity?: RNNNonlinearity;
}

/** Options of {@link LSTM}. */
export interface LSTMOptions extends RNNBaseOptions {
  /** If > 0, project every h_t to this many features with `weight_hr` (default 0: none). */
  projSize?: number;
}

/** Options of {@link GRU}. */
export type GRUOptions = RNNBaseOptions;

/** PyTorch's name for the kind of recurrence. */
export type RNNMode = 'RNN_TANH' | 'RNN_RELU' | 'LSTM' | 'GRU';

/** The parameters of one layer and direction. */
export interface RecurrentWeights {
  weightIh: Tensor;
  weightHh: Tensor;
  biasIh: Tensor | null;
  biasHh: Tensor | null;
  /** LSTM projection [projSize, hiddenSize], or null. */
  weightHr: Tensor | null;
}

const GATES: Record<RNNMode, number> = { RNN_TANH: 1, RNN_RELU: 1, LSTM: 4, GRU: 3 };

/**
 * The weights of a projected LSTM's layer and direction, which runs unrolled step by step (the
 * other layers run as recurrence primitives, ./recurrent-sequence.ts). Its gates are
 * x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh = [x, h, 1]·[W_ih, W_hh, b_ih + b_hh]ᵀ: one matmul per step
 * instead of two matmuls and three adds, the bias riding along as the weight of a constant input
 * 1, with the joined, transposed weight made once per forward (tfjs's basicLSTMCell joins them
 * the same way). Every step using that one transposed weight lets the backward pass sum its
 * gradient (bias included) in a single buffer, each step's matmul adding into it.
 */
interface StepWeights {
  readonly w: RecurrentWeights;
  /** [W_ih, W_hh, b_ih + b_hh]ᵀ, or [W_ih, W_hh]ᵀ without biases. */
  readonly jointT: Tensor;
  /** The constant input column [batch, 1] of ones when the weight carries the bias, else null. */
  readonly ones: Tensor | null;
}

function stepWeights(w: RecurrentWeights, batch: number): StepWeights {
  if (w.biasIh === null || w.biasHh === null) return { w, jointT: cat([w.weightIh, w.weightHh], 1).t(), ones: null };
  const bias = w.biasIh.add(w.biasHh).unsqueeze(1);
  return { w, jointT: cat([w.weightIh, w.weightHh, bias], 1).t(), ones: ones([batch, 1], { dtype: w.weightIh.dtype as FloatDType }) };
}

/**
 * One step of a projected LSTM: [h', c'] from x_t and [h, c], the gates [x, h, 1]·[W_ih, W_hh,
 * b_ih + b_hh]ᵀ, then h' ← h'·W_hrᵀ. The math is the cell's (nn/functional/recurrent.ts).
 */
function projectedLstmStep(x: Tensor, [h, c]: readonly Tensor[], { w, jointT, ones }: StepWeights): Tensor[] {
  const gates = cat(ones === null ? [x, h!] : [x, h!, ones], 1).matmul(jointT);
  const [hNew, cNew] = lstmStates(gates, c!);
  return [linear(hNew, w.weightHr!), cNew];
}

/** A projected LSTM's layer and direction, step by step (backwards when `reverse`): [h_t for every t as [T, B, H], the final states]. */
function unrolled(x: Tensor, first: readonly Tensor[], sw: StepWeights, reverse: boolean): [Tensor, Tensor[]] {
  const steps = x.shape[0]!;
  let states = first;
  const hs: Tensor[] = new Array<Tensor>(steps);
  for (let i = 0; i < steps; i++) {
    const t = reverse ? steps - 1 - i : i;
    states = projectedLstmStep(x.select(0, t), states, sw);
    hs[t] = states[0]!;
  }
  return [stack(hs, 0), [...states]];
}

/** Dropout between layers: each element zeroed with probability p, the rest scaled by 1/(1 − p); p = 1 zeroes all (as PyTorch). */
function dropoutBetweenLayers(x: Tensor, p: number, generator: Generator): Tensor {
  return p === 1 ? x.mul(0) : dropout(x, { p, generator });
}

/** What RNN, LSTM and GRU share: options, parameters, checks and the unrolled loop. */
export abstract class RNNBase extends Module {
  /** 'RNN_TANH', 'RNN_RELU', 'LSTM' or 'GRU'. */
  readonly mode: RNNMode;
  /** Features of each input x_t. */
  readonly inputSize: number;
  /** Features of the hidden state (and of an LSTM's cell state). */
  readonly hiddenSize: number;
  /** Number of stacked layers. */
  readonly numLayers: number;
  /** Whether the layers have the biases b_ih and b_hh. */
  readonly bias: boolean;
  /** Input and output are [batch, seq, feature]. */
  readonly batchFirst: boolean;
  /** Dropout probability between layers (training mode only). */
  readonly dropout: number;
  /** Whether every layer also runs backwards over the sequence. */
  readonly bidirectional: boolean;
  /** LSTM projection size (0: none; always 0 for RNN and GRU). */
  readonly projSize: number;
  /** Parameter dtype. */
  readonly dtype: FloatDType;
  private readonly generator: Generator | undefined;
  /** weights[layer][direction]. */
  private readonly weights: RecurrentWeights[][] = [];

  protected constructor(mode: RNNMode, inputSize: number, hiddenSize: number, options: RNNBaseOptions & { projSize?: number }) {
    super();
    const name = this.typeName;
    checkOptions(name, options, mode === 'LSTM' ? LSTM_OPTIONS : mode === 'GRU' ? GRU_OPTIONS : RNN_OPTIONS);
    checkLayerSizes(name, { inputSize, hiddenSize });
    this.mode = mode;
    this.inputSize = checkPositiveInt(name, 'inputSize', inputSize);
    this.hiddenSize = checkPositiveInt(name, 'hiddenSize', hiddenSize);
    this.numLayers = checkPositiveInt(name, 'numLayers', options.numLayers ?? 1);
    this.bias = options.bias ?? true;
    this.batchFirst = options.batchFirst ?? false;
    const dropout = options.dropout ?? 0;
    if (typeof dropout !== 'number' || !(dropout >= 0 && dropout <= 1)) {
      throw new ValueError(name, `dropout must be a probability in [0, 1], got ${formatValue(dropout)}`);
    }
    this.dropout = dropout;
    this.bidirectional = options.bidirectional ?? false;
    const projSize = options.projSize ?? 0;
    if (projSize !== 0 && mode !== 'LSTM') throw new ValueError(name, `projSize is only supported by LSTM, got projSize ${projSize}`);
    if (projSize !== 0) checkPositiveInt(name, 'projSize', projSize);
    if (projSize >= hiddenSize) {
      throw new ValueError(name, `projSize must be smaller than hiddenSize, got projSize ${projSize} and hiddenSize ${hiddenSize}`);
    }
    this.projSize = projSize;
    this.dtype = checkFloatDType(name, options.dtype ?? 'float32');
    this.generator = options.generator;
    this.registerWeights();
    this.resetParameters();
  }

  /** 2 if bidirectional, else 1. */
  get numDirections(): number {
    return this.bidirectional ? 2 : 1;
  }

  /** Features of h_t: projSize if set, else hiddenSize. */
  get outputSize(): number {
    return this.projSize > 0 ? this.projSize : this.hiddenSize;
  }

  /** The parameters of every layer and direction, as PyTorch's `all_weights`: [w_ih, w_hh, b_ih, b_hh, w_hr] minus the absent ones. */
  get allWeights(): Tensor[][] {
    return this.weights.flat().map((w) => [w.weightIh, w.weightHh, w.biasIh, w.biasHh, w.weightHr].filter((t): t is Tensor => t !== null));
  }

  /** The parameters of one layer and direction (reverse: the backward direction of a bidirectional layer). */
  layerWeights(layer: number, reverse = false): RecurrentWeights {
    const w = this.weights[layer]?.[reverse ? 1 : 0];
    if (w === undefined) {
      throw new ValueError(this.typeName, `no weights for layer ${layer}${reverse ? ' (reverse)' : ''}: it has ${this.numLayers} layer(s), ${this.numDirections} direction(s)`);
    }
    return w;
  }

  /** Redraws every parameter uniformly in [−1/√hiddenSize, 1/√hiddenSize) (PyTorch's default). */
  resetParameters(): void {
    resetUniform(this.parameters(), this.hiddenSize, this.generator);
  }

  private registerWeights(): void {
    const rows = GATES[this.mode] * this.hiddenSize;
    const dtype = this.dtype;
    for (let layer = 0; layer < this.numLayers; layer++) {
      const inputs = layer === 0 ? this.inputSize : this.outputSize * this.numDirections;
      const directions: RecurrentWeights[] = [];
      for (let d = 0; d < this.numDirections; d++) {
        const suffix = `_l${layer}${d === 1 ? '_reverse' : ''}`;
        const weightIh = this.registerParameter(`weight_ih${suffix}`, zeros([rows, inputs], { dtype }));
        const weightHh = this.registerParameter(`weight_hh${suffix}`, zeros([rows, this.outputSize], { dtype }));
        const biasIh = this.bias ? this.registerParameter(`bias_ih${suffix}`, zeros([rows], { dtype })) : null;
        const biasHh = this.bias ? this.registerParameter(`bias_hh${suffix}`, zeros([rows], { dtype })) : null;
        const weightHr = this.projSize > 0 ? this.registerParameter(`weight_hr${suffix}`, zeros([this.projSize, this.hiddenSize], { dtype })) : null;
        directions.push({ weightIh, weightHh, biasIh, biasHh, weightHr });
      }
      this.weights.push(directions);
    }
  }

  /**
   * Runs the layers over the sequence. `initial` holds the given initial states (h0, and c0 for
   * an LSTM) or null for zeros; `stateSizes` their feature counts. Returns the output and the
   * final states, each shaped like its initial state.
   */
  protected runLayers(input: Tensor, initial: readonly Tensor[] | null, stateNames: readonly string[], stateSizes: readonly number[]): [Tensor, Tensor[]] {
    const name = this.typeName;
    checkTensor(name, 'input', input, this.dtype);
    if (input.ndim !== 2 && input.ndim !== 3) {
      const want = this.batchFirst ? `[batch, seq, ${this.inputSize}]` : `[seq, batch, ${this.inputSize}]`;
      throw new ShapeError(name, `expected input to be 2-D (unbatched [seq, ${this.inputSize}]) or 3-D ${want}, got shape ${fmtShape(input.shape)}`);
    }
    const features = input.shape[input.ndim - 1];
    if (features !== this.inputSize) {
      throw new ShapeError(name, `input has ${features} features (last dim of ${fmtShape(input.shape)}) but inputSize is ${this.inputSize}`);
    }
    const batched = input.ndim === 3;
    const x0 = !batched ? input.unsqueeze(1) : this.batchFirst ? input.transpose(0, 1) : input;
    const [steps, batch] = x0.shape as [number, number];
    if (steps === 0) throw new ShapeError(name, `the sequence is empty (input ${fmtShape(input.shape)})`);
    const slots = this.numLayers * this.numDirections;
    if (initial !== null) {
      initial.forEach((s, k) => {
        checkTensor(name, stateNames[k]!, s, this.dtype);
        const want = batched ? [slots, batch, stateSizes[k]!] : [slots, stateSizes[k]!];
        if (s.shape.join(',') !== want.join(',')) {
          throw new ShapeError(
            name,
            `${stateNames[k]} has shape ${fmtShape(s.shape)}, expected ${fmtShape(want)} ` +
              `(numLayers·directions ${slots}${batched ? `, batch ${batch}` : ''}, ${stateSizes[k]} features) for input ${fmtShape(input.shape)}`,
          );
        }
      });
    }
    const init = initial === null ? null : initial.map((s) => (batched ? s : s.unsqueeze(1)));

    let x = x0;
    const finals: Tensor[][] = stateSizes.map(() => []);
    for (let layer = 0; layer < this.numLayers; layer++) {
      const outputs: Tensor[] = [];
      for (let d = 0; d < this.numDirections; d++) {
        const w = this.weights[layer]![d]!;
        const first = init === null
          ? stateSizes.map((size) => zeros([batch, size], { dtype: this.dtype }))
          : init.map((s) => s.select(0, layer * this.numDirections + d));
        const [hs, last] = this.mode === 'LSTM' && w.weightHr === null
          ? lstmDirection(x, first, w, d === 1)
          : this.mode === 'RNN_TANH' || this.mode === 'RNN_RELU'
            ? rnnDirection(x, first, w, d === 1, this.mode === 'RNN_RELU' ? 'relu' : 'tanh')
            : this.mode === 'GRU'
              ? gruDirection(x, first, w, d === 1)
              : unrolled(x, first, stepWeights(w, batch), d === 1); // a projected LSTM
        last.forEach((s, k) => finals[k]!.push(s));
        outputs.push(hs);
      }
      x = outputs.length === 1 ? outputs[0]! : cat(outputs, 2);
      if (this.training && this.dropout > 0 && layer < this.numLayers - 1) {
        x = dropoutBetweenLayers(x, this.dropout, this.generator ?? defaultGenerator);
      }
    }
    const output = !batched ? x.squeeze(1) : this.batchFirst ? x.transpose(0, 1) : x;
    const last = finals.map((f) => (batched ? stack(f, 0) : stack(f, 0).squeeze(1)));
    return [output, last];
  }

  override extraRepr(): string {
    const parts = [`${this.inputSize}`, `${this.hiddenSize}`];
    if (this.projSize > 0) parts.push(`projSize=${this.projSize}`);
    if (this.numLayers !== 1) parts.push(`numLayers=${this.numLayers}`);
    // PyTorch's RNNBase.extra_repr leaves out the nonlinearity
    if (!this.bias) parts.push('bias=false');
    if (this.batchFirst) parts.push('batchFirst=true');
    if (this.dropout !== 0) parts.push(`dropout=${this.dropout}`);
    if (this.bidirectional) parts.push('bidirectional=true');
    return parts.join(', ');
  }
}

/**
 * A multi-layer Elman RNN: h_t = tanh(x_t·W_ihᵀ + b_ih + h_{t−1}·W_hhᵀ + b_hh) (or relu), each
 * layer's h_t being the next layer's x_t. `forward(input, h0?)` returns `[output, hN]`.
 */
export class RNN extends RNNBase {
  /** 'tanh' or 'relu'. */
  readonly nonlinearity: RNNNonlinearity;

  constructor(inputSize: number, hiddenSize: number, options: RNNOptions = {}) {
    const nonlinearity = checkNonlinearity('RNN', (options ?? {}).nonlinearity ?? 'tanh');
    super(nonlinearity === 'tanh' ? 'RNN_TANH' : 'RNN_RELU', inputSize, hiddenSize, options);
    this.nonlinearity = nonlinearity;
  }

  forward(input: Tensor, h0?: Tensor | null): [Tensor, Tensor] {
    const [output, [hN]] = this.runLayers(input, h0 == null ? null : [h0], ['h0'], [this.hiddenSize]);
    return [output, hN!];
  }
}

/**
 * A multi-layer LSTM (gates i, f, g, o as PyTorch): c_t = σ(f)⊙c_{t−1} + σ(i)⊙tanh(g),
 * h_t = σ(o)⊙tanh(c_t) (then h_t·W_hrᵀ with projSize). `forward(input, [h0, c0]?)` returns
 * `[output, [hN, cN]]`.
 */
export class LSTM extends RNNBase {
  constructor(inputSize: number, hiddenSize: number, options: LSTMOptions = {}) {
    super('LSTM', inputSize, hiddenSize, options);
  }

  forward(input: Tensor, hx?: readonly [Tensor, Tensor] | null): [Tensor, [Tensor, Tensor]] {
    if (hx != null && (!Array.isArray(hx) || hx.length !== 2)) {
      throw new ValueError('LSTM', 'hx must be a pair [h0, c0] of tensors');
    }
    const [output, [hN, cN]] = this.runLayers(input, hx == null ? null : [hx[0], hx[1]], ['h0', 'c0'], [this.outputSize, this.hiddenSize]);
    return [output, [hN!, cN!]];
  }
}

/**
 * A multi-layer GRU (gates r, z, n as PyTorch): n_t = tanh(W_in x_t + b_in + r⊙(W_hn h_{t−1} + b_hn)),
 * h_t = (1 − z)⊙n_t + z⊙h_{t−1}. `forward(input, h0?)` returns `[output, hN]`.
 */
export class GRU extends RNNBase {
  constructor(inputSize: number, hiddenSize: number, options: GRUOptions = {}) {
    super('GRU', inputSize, hiddenSize, options);
  }

  forward(input: Tensor, h0?: Tensor | null): [Tensor, Tensor] {
    const [output, [hN]] = this.runLayers(input, h0 == null ? null : [h0], ['h0'], [this.hiddenSize]);
    return [output, hN!];
  }
}
