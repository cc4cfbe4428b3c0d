/**
 * `nn.init`: PyTorch's parameter initializers. Each fills a tensor in place (under noGrad, so it
 * works on parameters) from the seeded generator (`options.generator`, else the default one that
 * `manualSeed` reseeds) and returns it. The distributions and their scales are PyTorch's.
 * @module
 */
import { asOp, checkGenerator, checkNumber, checkOptions, checkTensor, type OptionSchema } from '../checks/index.js';
import { formatValue } from '../errors.js';
import { noGrad } from '../autograd/grad-mode.js';
import { isFloating, type FloatArray } from '../dtype.js';
import { DTypeError, ValueError, fmtShape } from '../errors.js';
import { Generator, defaultGenerator } from '../random.js';
import { full, tensor } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';

/** Nonlinearities known to {@link calculateGain} (PyTorch's names; `leakyRelu` is accepted for `leaky_relu`). */
export type Nonlinearity =
  | 'linear'
  | 'identity'
  | 'conv1d'
  | 'conv2d'
  | 'conv3d'
  | 'conv_transpose1d'
  | 'conv_transpose2d'
  | 'conv_transpose3d'
  | 'sigmoid'
  | 'tanh'
  | 'relu'
  | 'leaky_relu'
  | 'leakyRelu'
  | 'selu';

/** Which fan the Kaiming initializers preserve the variance of. */
export type FanMode = 'fan_in' | 'fan_out';

/** Options of the random initializers. */
export interface InitOptions {
  /** Generator to draw from (default: the global one, seeded by `manualSeed`). */
  generator?: Generator;
}

/** Options of {@link xavierUniform_} and {@link xavierNormal_}. */
export interface XavierOptions extends InitOptions {
  /** Scale factor (default 1); see {@link calculateGain}. */
  gain?: number;
}

/** Options of {@link kaimingUniform_} and {@link kaimingNormal_}. */
export interface KaimingOptions extends InitOptions {
  /** Negative slope of the leaky ReLU that follows (used when nonlinearity is leaky_relu; default 0). */
  a?: number;
  /** 'fan_in' (default) keeps the forward pass's variance, 'fan_out' the backward pass's. */
  mode?: FanMode;
  /** The nonlinearity that follows (default 'leaky_relu'). */
  nonlinearity?: Nonlinearity;
}


const INIT_OPTIONS: OptionSchema = { generator: 'generator' };
const XAVIER_OPTIONS: OptionSchema = { generator: 'generator', gain: 'finite' };
const KAIMING_OPTIONS: OptionSchema = { generator: 'generator', a: 'finite', mode: 'any', nonlinearity: 'any' };

const UNIT_GAIN = new Set<string>([
  'linear', 'identity', 'conv1d', 'conv2d', 'conv3d', 'conv_transpose1d', 'conv_transpose2d', 'conv_transpose3d', 'sigmoid',
]);

/**
 * The recommended gain for a nonlinearity: 1 for linear/conv/sigmoid, 5/3 for tanh, √2 for
 * relu, √(2/(1 + slope²)) for leaky_relu (slope `param`, default 0.01), 3/4 for selu.
 */
export function calculateGain(nonlinearity: Nonlinearity, param?: number): number {
  if (UNIT_GAIN.has(nonlinearity)) return 1;
  if (nonlinearity === 'tanh') return 5 / 3;
  if (nonlinearity === 'relu') return Math.SQRT2;
  if (nonlinearity === 'selu') return 3 / 4;
  if (nonlinearity === 'leaky_relu' || nonlinearity === 'leakyRelu') {
    const slope = param ?? 0.01;
    if (typeof slope !== 'number' || !Number.isFinite(slope)) {
      throw new ValueError('calculateGain', `negative slope ${formatValue(param)} is not a finite number`);
    }
    return Math.sqrt(2 / (1 + slope * slope));
  }
  throw new ValueError('calculateGain', `unsupported nonlinearity ${formatValue(nonlinearity)}`);
}

/**
 * PyTorch's fan in and fan out of a weight: for shape [out, in, k1, k2, …], fanIn = in·k1·k2·…
 * and fanOut = out·k1·k2·…. Needs at least 2 dims.
 */
export function calculateFanInAndFanOut(t: Tensor): { fanIn: number; fanOut: number } {
  checkTensor('calculateFanInAndFanOut', 'tensor', t);
  if (t.ndim < 2) {
    throw new ValueError('calculateFanInAndFanOut', `fan in and fan out need a tensor with at least 2 dims, got shape ${fmtShape(t.shape)}`);
  }
  const receptiveField = t.shape.slice(2).reduce((p, s) => p * s, 1);
  return { fanIn: t.shape[1]! * receptiveField, fanOut: t.shape[0]! * receptiveField };
}

function fanOf(op: string, t: Tensor, mode: FanMode): number {
  if (mode !== 'fan_in' && mode !== 'fan_out') {
    throw new ValueError(op, `mode must be 'fan_in' or 'fan_out', got ${formatValue(mode)}`);
  }
  const { fanIn, fanOut } = calculateFanInAndFanOut(t);
  return mode === 'fan_in' ? fanIn : fanOut;
}

function requireFloatTarget(op: string, t: Tensor): void {
  if (!isFloating(t.dtype)) throw new DTypeError(op, `can only fill float32/float64 tensors, got ${t.dtype} (shape ${fmtShape(t.shape)})`);
}

function fillFrom(t: Tensor, values: Tensor): Tensor {
  noGrad(() => t.copy_(values));
  return t;
}

/**
 * Fills `t` in row-major order by `fill(out, start, end)`, which writes out[start, end) with draws
 * computed in float64 and rounded once to t's dtype: the numbers `rand`/`randn` into a float64
 * temporary, scaled, then `copy_` gave (the same draws from the same generator, the same
 * arithmetic), without the three full-size temporaries and passes that cost most of building a big
 * model (ResNet-18's 11.7 M weights are drawn twice, as in torchvision). A contiguous `t` is
 * written straight into its storage (bumping its version as `copy_` does); any other view through
 * one float64 temporary.
 */
function fillDrawn(op: string, t: Tensor, fill: (out: FloatArray, start: number, end: number) => void): Tensor {
  const n = t.numel();
  if (!t.isContiguous()) {
    const values = new Float64Array(n);
    fill(values, 0, n);
    return fillFrom(t, tensor(values, { dtype: 'float64' }).reshape(t.shape));
  }
  fill(t.storage as FloatArray, t.offset, t.offset + n);
  t.versionCounter.value++;
  t.versionCounter.lastOp = op;
  return t;
}

/** Fills `t` with samples of U(a, b). */
export function uniform_(t: Tensor, a = 0, b = 1, options: InitOptions = {}): Tensor {
  checkTensor('uniform_', 'tensor', t);
  checkNumber('uniform_', 'a', a);
  checkNumber('uniform_', 'b', b);
  checkOptions('uniform_', options, INIT_OPTIONS);
  requireFloatTarget('uniform_', t);
  if (!Number.isFinite(a) || !Number.isFinite(b) || a > b) {
    throw new ValueError('uniform_', `needs finite bounds with a <= b, got a=${a}, b=${b}`);
  }
  // Drawn and scaled in float64, then rounded once to t's dtype, so values stay inside [a, b].
  const g = options.generator ?? defaultGenerator;
  const width = b - a;
  return fillDrawn('uniform_', t, (out, start, end) => g.fillUniform(out, start, end, width, a));
}

/** Fills `t` with samples of N(mean, std²). */
export function normal_(t: Tensor, mean = 0, std = 1, options: InitOptions = {}): Tensor {
  checkTensor('normal_', 'tensor', t);
  checkNumber('normal_', 'mean', mean);
  checkNumber('normal_', 'std', std);
  checkOptions('normal_', options, INIT_OPTIONS);
  requireFloatTarget('normal_', t);
  if (!Number.isFinite(mean) || !Number.isFinite(std) || std < 0) {
    throw new ValueError('normal_', `needs a finite mean and a finite std >= 0, got mean=${mean}, std=${std}`);
  }
  const g = options.generator ?? defaultGenerator;
  return fillDrawn('normal_', t, (out, start, end) => g.fillNormal(out, start, end, std, mean));
}

/**
 * Fills `t` with samples of N(mean, std²) truncated to [a, b] (PyTorch's trunc_normal_, default
 * [−2, 2]), by redrawing the samples that fall outside. The values are from the same law as
 * PyTorch's inverse-CDF draws, not the same numbers.
 */
export function truncNormal_(t: Tensor, mean = 0, std = 1, a = -2, b = 2, options: InitOptions = {}): Tensor {
  const op = 'truncNormal_';
  checkTensor(op, 'tensor', t);
  [mean, std, a, b].forEach((v, i) => checkNumber(op, ['mean', 'std', 'a', 'b'][i]!, v));
  checkOptions(op, options, INIT_OPTIONS);
  requireFloatTarget(op, t);
  if (![mean, std, a, b].every(Number.isFinite) || std < 0 || !(a < b)) {
    throw new ValueError(op, `needs a finite mean, a finite std >= 0 and finite bounds a < b, got mean=${mean}, std=${std}, a=${a}, b=${b}`);
  }
  const g = options.generator ?? defaultGenerator;
  // a bounded number of redraws: an interval far in a tail (acceptance < 1e-6) is refused, not looped on
  const draw = (): number => {
    for (let k = 0; k < 1e6; k++) {
      const v = g.normal() * std + mean;
      if (v >= a && v <= b) return v;
    }
    throw new ValueError(op, `[a, b] = [${a}, ${b}] is too far from mean=${mean} (std ${std}) to sample by redrawing`);
  };
  return fillDrawn(op, t, (out, start, end) => {
    for (let i = start; i < end; i++) out[i] = draw();
  });
}

/** Fills `t` with `value`. */
export function constant_(t: Tensor, value: number): Tensor {
  checkTensor('constant_', 'tensor', t);
  checkNumber('constant_', 'value', value);
  requireFloatTarget('constant_', t);
  return fillFrom(t, full([], value, { dtype: t.dtype }));
}

/** Fills `t` with zeros. */
export function zeros_(t: Tensor): Tensor {
  return asOp('zeros_', () => constant_(t, 0));
}

/** Fills `t` with ones. */
export function ones_(t: Tensor): Tensor {
  return asOp('ones_', () => constant_(t, 1));
}

/** Glorot/Xavier uniform: U(−a, a) with a = gain·√(6 / (fanIn + fanOut)). */
export function xavierUniform_(t: Tensor, options: XavierOptions = {}): Tensor {
  checkTensor('xavierUniform_', 'tensor', t);
  checkOptions('xavierUniform_', options, XAVIER_OPTIONS);
  if (t.numel() === 0) return t;
  return asOp('xavierUniform_', () => xavier(t, options, 'uniform'));
}

function xavier(t: Tensor, options: XavierOptions, kind: 'uniform' | 'normal'): Tensor {
  const { fanIn, fanOut } = calculateFanInAndFanOut(t);
  const std = (options.gain ?? 1) * Math.sqrt(2 / (fanIn + fanOut));
  return kind === 'normal' ? normal_(t, 0, std, { generator: options.generator }) : uniform_(t, -Math.sqrt(3) * std, Math.sqrt(3) * std, { generator: options.generator });
}

/** Glorot/Xavier normal: N(0, std²) with std = gain·√(2 / (fanIn + fanOut)). */
export function xavierNormal_(t: Tensor, options: XavierOptions = {}): Tensor {
  checkTensor('xavierNormal_', 'tensor', t);
  checkOptions('xavierNormal_', options, XAVIER_OPTIONS);
  if (t.numel() === 0) return t;
  return asOp('xavierNormal_', () => xavier(t, options, 'normal'));
}

function kaimingStd(op: string, t: Tensor, options: KaimingOptions): number {
  return asOp(op, () => calculateGain(options.nonlinearity ?? 'leaky_relu', options.a ?? 0) / Math.sqrt(fanOf(op, t, options.mode ?? 'fan_in')));
}

/** He/Kaiming uniform: U(−bound, bound) with bound = gain·√(3 / fan). */
export function kaimingUniform_(t: Tensor, options: KaimingOptions = {}): Tensor {
  checkTensor('kaimingUniform_', 'tensor', t);
  checkOptions('kaimingUniform_', options, KAIMING_OPTIONS);
  if (t.numel() === 0) return t;
  const bound = Math.sqrt(3) * kaimingStd('kaimingUniform_', t, options);
  return asOp('kaimingUniform_', () => uniform_(t, -bound, bound, { generator: options.generator }));
}

/** He/Kaiming normal: N(0, std²) with std = gain / √fan. */
export function kaimingNormal_(t: Tensor, options: KaimingOptions = {}): Tensor {
  checkTensor('kaimingNormal_', 'tensor', t);
  checkOptions('kaimingNormal_', options, KAIMING_OPTIONS);
  if (t.numel() === 0) return t;
  const std = kaimingStd('kaimingNormal_', t, options);
  return asOp('kaimingNormal_', () => normal_(t, 0, std, { generator: options.generator }));
}

/**
 * PyTorch's default initialization of Linear and Conv layers (their `reset_parameters`): weight
 * kaiming-uniform with a = √5, i.e. U(±1/√fanIn), and bias U(±1/√fanIn).
 */
export function resetLinearLike_(weight: Tensor, bias: Tensor | null, generator?: Generator): void {
  checkTensor('resetLinearLike_', 'weight', weight);
  if (bias !== null) checkTensor('resetLinearLike_', 'bias', bias);
  if (generator !== undefined) checkGenerator('resetLinearLike_', 'generator', generator);
  // everything that could fail is checked before the weight is filled
  requireFloatTarget('resetLinearLike_', weight);
  if (bias !== null) requireFloatTarget('resetLinearLike_', bias);
  if (weight.numel() > 0) asOp('resetLinearLike_', () => calculateFanInAndFanOut(weight));
  asOp('resetLinearLike_', () => resetLinearLike(weight, bias, generator));
}

function resetLinearLike(weight: Tensor, bias: Tensor | null, generator?: Generator): void {
  kaimingUniform_(weight, { a: Math.sqrt(5), generator });
  if (bias !== null) {
    const { fanIn } = calculateFanInAndFanOut(weight);
    const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
    uniform_(bias, -bound, bound, { generator });
  }
}
