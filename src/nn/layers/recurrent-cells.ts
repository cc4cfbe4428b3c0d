/**
 * Recurrent cells: one time step of an Elman RNN ({@link RNNCell}), an {@link LSTMCell} or a
 * {@link GRUCell}, with PyTorch's parameter names (`weight_ih`, `weight_hh`, `bias_ih`,
 * `bias_hh`), shapes and default initialization (every weight and bias uniform in
 * (−1/√hiddenSize, 1/√hiddenSize)). Call a cell in your own loop to watch, `retainGrad()` or
 * `registerHook()` every hidden state h_t.
 *
 * ```ts
 * const cell = new LSTMCell(3, 4);
 * let state: [Tensor, Tensor] | undefined;
 * for (const x of xs) state = cell.forward(x, state); // x: [batch, 3]
 * ```
 * @module
 */
import { asOp } from '../../checks/rename.js';
import type { FloatDType } from '../../dtype.js';
import { formatValue } from '../../errors.js';
import { DTypeError, ShapeError, ValueError, fmtShape } from '../../errors.js';
import { defaultGenerator, type Generator } from '../../random.js';
import { zeros } from '../../tensor/creation.js';
import { Tensor } from '../../tensor/tensor.js';
import { gruCell, lstmCell, rnnReluCell, rnnTanhCell } from '../functional/recurrent.js';
import { uniform_ } from '../init.js';
import { Module } from '../module.js';
import { checkOptions } from '../../checks/options.js';
import { CELL_OPTIONS, RNN_CELL_OPTIONS, checkLayerSizes } from '../schemas.js';

/** The nonlinearity of an Elman RNN. */
export type RNNNonlinearity = 'tanh' | 'relu';

/** Options shared by the cells (PyTorch's keyword arguments). */
export interface RNNCellBaseOptions {
  /** Use the biases b_ih and b_hh (default true). */
  bias?: boolean;
  /** Parameter dtype (default float32). */
  dtype?: FloatDType;
  /** Generator for the initialization (default: the global one). */
  generator?: Generator;
}

/** Options of {@link RNNCell}. */
export interface RNNCellOptions extends RNNCellBaseOptions {
  /** 'tanh' (default) or 'relu'. */
  nonlinearity?: RNNNonlinearity;
}

/** @internal Throws unless `value` is a positive integer. */
export function checkPositiveInt(layer: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw new ValueError(layer, `${name} must be a positive integer, got ${formatValue(value)}`);
  }
  return value;
}

/** @internal Throws unless `value` is 'tanh' or 'relu'. */
export function checkNonlinearity(layer: string, value: unknown): RNNNonlinearity {
  if (value !== 'tanh' && value !== 'relu') {
    throw new ValueError(layer, `unknown nonlinearity ${formatValue(value)}; expected 'tanh' or 'relu'`);
  }
  return value;
}

/** @internal Throws unless `value` is a float dtype. */
export function checkFloatDType(layer: string, value: unknown): FloatDType {
  if (value !== 'float32' && value !== 'float64') {
    throw new DTypeError(layer, `dtype must be 'float32' or 'float64', got ${formatValue(value)}`);
  }
  return value;
}

/**
 * @internal PyTorch's default recurrent initialization: fills every tensor, in order, with
 * uniform samples in [−1/√hiddenSize, 1/√hiddenSize) drawn from `generator`.
 */
export function resetUniform(params: readonly Tensor[], hiddenSize: number, generator: Generator | undefined): void {
  const bound = 1 / Math.sqrt(hiddenSize);
  for (const p of params) uniform_(p, -bound, bound, { generator: generator ?? defaultGenerator });
}

/** @internal Throws unless `t` is a Tensor of the layer's dtype. */
export function checkTensor(layer: string, name: string, t: unknown, dtype: FloatDType): asserts t is Tensor {
  if (!(t instanceof Tensor)) throw new ValueError(layer, `${name} must be a Tensor, got ${typeof t}`);
  if (t.dtype !== dtype) throw new DTypeError(layer, `${name} is ${t.dtype} but the layer's parameters are ${dtype}`);
}

/** Parameters and checks shared by the three cells. */
abstract class RNNCellBase extends Module {
  /** Features of each input x_t. */
  readonly inputSize: number;
  /** Features of the hidden state h_t. */
  readonly hiddenSize: number;
  /** Whether the cell has the biases b_ih and b_hh. */
  readonly bias: boolean;
  /** Parameter dtype. */
  readonly dtype: FloatDType;
  /** Input-to-hidden weights [gates·hiddenSize, inputSize] (PyTorch's `weight_ih`). */
  readonly weightIh: Tensor;
  /** Hidden-to-hidden weights [gates·hiddenSize, hiddenSize] (`weight_hh`). */
  readonly weightHh: Tensor;
  /** Input-to-hidden bias [gates·hiddenSize] (`bias_ih`), or null when bias is false. */
  readonly biasIh: Tensor | null;
  /** Hidden-to-hidden bias [gates·hiddenSize] (`bias_hh`), or null when bias is false. */
  readonly biasHh: Tensor | null;
  private readonly generator: Generator | undefined;

  protected constructor(name: string, gates: number, inputSize: number, hiddenSize: number, options: RNNCellBaseOptions) {
    super();
    checkOptions(name, options, name === 'RNNCell' ? RNN_CELL_OPTIONS : CELL_OPTIONS);
    checkLayerSizes(name, { gates, inputSize, hiddenSize });
    this.inputSize = checkPositiveInt(name, 'inputSize', inputSize);
    this.hiddenSize = checkPositiveInt(name, 'hiddenSize', hiddenSize);
    this.bias = options.bias ?? true;
    this.dtype = checkFloatDType(name, options.dtype ?? 'float32');
    this.generator = options.generator;
    const rows = gates * hiddenSize;
    this.weightIh = this.registerParameter('weight_ih', asOp(this.typeName, () => zeros([rows, inputSize], { dtype: this.dtype })));
    this.weightHh = this.registerParameter('weight_hh', asOp(this.typeName, () => zeros([rows, hiddenSize], { dtype: this.dtype })));
    this.biasIh = this.registerParameter('bias_ih', asOp(this.typeName, () => this.bias ? zeros([rows], { dtype: this.dtype }) : null));
    this.biasHh = this.registerParameter('bias_hh', asOp(this.typeName, () => this.bias ? zeros([rows], { dtype: this.dtype }) : null));
    this.resetParameters();
  }

  /** Redraws every parameter uniformly in [−1/√hiddenSize, 1/√hiddenSize) (PyTorch's default). */
  resetParameters(): void {
    resetUniform(this.parameters(), this.hiddenSize, this.generator);
  }

  /**
   * Checks the input ([batch, inputSize] or unbatched [inputSize]) and the given states (same
   * batching, `sizes` features each), and returns them batched, plus whether to unbatch the result.
   */
  protected batchedArgs(input: Tensor, states: readonly (readonly [string, Tensor])[]): { x: Tensor; hs: Tensor[]; unbatched: boolean } {
    const name = this.typeName;
    checkTensor(name, 'input', input, this.dtype);
    if (input.ndim !== 1 && input.ndim !== 2) {
      throw new ShapeError(name, `expected input to be 1-D (unbatched) or 2-D [batch, ${this.inputSize}], got shape ${fmtShape(input.shape)}`);
    }
    const features = input.shape[input.ndim - 1];
    if (features !== this.inputSize) {
      throw new ShapeError(name, `input has ${features} features (shape ${fmtShape(input.shape)}) but inputSize is ${this.inputSize}`);
    }
    const unbatched = input.ndim === 1;
    const want = unbatched ? [this.hiddenSize] : [input.shape[0]!, this.hiddenSize];
    for (const [stateName, s] of states) {
      checkTensor(name, stateName, s, this.dtype);
      if (s.shape.join(',') !== want.join(',')) {
        throw new ShapeError(name, `${stateName} has shape ${fmtShape(s.shape)}, expected ${fmtShape(want)} for input ${fmtShape(input.shape)}`);
      }
    }
    return {
      x: unbatched ? input.unsqueeze(0) : input,
      hs: states.map(([, s]) => (unbatched ? s.unsqueeze(0) : s)),
      unbatched,
    };
  }

  /** Zeros of shape [batch, hiddenSize] for a missing state. */
  protected zeroState(x: Tensor): Tensor {
    return zeros([x.shape[0]!, this.hiddenSize], { dtype: this.dtype });
  }

  override extraRepr(): string {
    return `${this.inputSize}, ${this.hiddenSize}${this.bias ? '' : ', bias=false'}`;
  }
}

/**
 * An Elman RNN cell: h' = tanh(x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh) (or relu).
 * Input [batch, inputSize] or [inputSize]; hx of the same batching with hiddenSize features
 * (zeros when omitted); returns h'.
 */
export class RNNCell extends RNNCellBase {
  /** 'tanh' or 'relu'. */
  readonly nonlinearity: RNNNonlinearity;

  constructor(inputSize: number, hiddenSize: number, options: RNNCellOptions = {}) {
    const nonlinearity = checkNonlinearity('RNNCell', (options ?? {}).nonlinearity ?? 'tanh');
    super('RNNCell', 1, inputSize, hiddenSize, options);
    this.nonlinearity = nonlinearity;
  }

  forward(input: Tensor, hx?: Tensor | null): Tensor {
    const { x, hs, unbatched } = this.batchedArgs(input, hx == null ? [] : [['hx', hx]]);
    const h = hs[0] ?? this.zeroState(x);
    const cell = this.nonlinearity === 'tanh' ? rnnTanhCell : rnnReluCell;
    const out = cell(x, h, this.weightIh, this.weightHh, this.biasIh, this.biasHh);
    return unbatched ? out.squeeze(0) : out;
  }

  override extraRepr(): string {
    return `${super.extraRepr()}${this.nonlinearity === 'tanh' ? '' : ", nonlinearity=relu"}`;
  }
}

/**
 * An LSTM cell (gates i, f, g, o as PyTorch): c' = σ(f)⊙c + σ(i)⊙tanh(g), h' = σ(o)⊙tanh(c').
 * Input [batch, inputSize] or [inputSize]; `[hx, cx]` of the same batching with hiddenSize
 * features (zeros when omitted); returns `[h', c']`.
 */
export class LSTMCell extends RNNCellBase {
  constructor(inputSize: number, hiddenSize: number, options: RNNCellBaseOptions = {}) {
    super('LSTMCell', 4, inputSize, hiddenSize, options);
  }

  forward(input: Tensor, hx?: readonly [Tensor, Tensor] | null): [Tensor, Tensor] {
    if (hx != null && (!Array.isArray(hx) || hx.length !== 2)) {
      throw new ValueError('LSTMCell', 'hx must be a pair [h0, c0] of tensors');
    }
    const { x, hs, unbatched } = this.batchedArgs(input, hx == null ? [] : [['hx[0] (h0)', hx[0]], ['hx[1] (c0)', hx[1]]]);
    const h0 = hs[0] ?? this.zeroState(x);
    const c0 = hs[1] ?? this.zeroState(x);
    const [h, c] = lstmCell(x, [h0, c0], this.weightIh, this.weightHh, this.biasIh, this.biasHh);
    return unbatched ? [h.squeeze(0), c.squeeze(0)] : [h, c];
  }
}

/**
 * A GRU cell (gates r, z, n as PyTorch): n = tanh(W_in x + b_in + r⊙(W_hn h + b_hn)),
 * h' = (1 − z)⊙n + z⊙h. Input [batch, inputSize] or [inputSize]; hx of the same batching with
 * hiddenSize features (zeros when omitted); returns h'.
 */
export class GRUCell extends RNNCellBase {
  constructor(inputSize: number, hiddenSize: number, options: RNNCellBaseOptions = {}) {
    super('GRUCell', 3, inputSize, hiddenSize, options);
  }

  forward(input: Tensor, hx?: Tensor | null): Tensor {
    const { x, hs, unbatched } = this.batchedArgs(input, hx == null ? [] : [['hx', hx]]);
    const h = hs[0] ?? this.zeroState(x);
    const out = gruCell(x, h, this.weightIh, this.weightHh, this.biasIh, this.biasHh);
    return unbatched ? out.squeeze(0) : out;
  }
}
