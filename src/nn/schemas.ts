/**
 * The option schemas of the nn layers (PyTorch's keyword arguments, camelCase), checked by each
 * constructor before it allocates anything: an unknown or snake_case key (`batch_first`) is an
 * error naming the key it meant, and every value must be of the right kind (`ceilMode: 'no'` is
 * not a boolean). See src/checks/options.ts.
 * @module
 */
import { checkInt, describe, type OptionKind, type OptionSchema } from '../checks/index.js';
import { DTypeError, ValueError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { checkNumel } from '../checks/limits.js';

/** dtype of a layer's parameters: float32 or float64 only (parameters require gradients). */
export const floatDType: OptionKind = (op, arg, v) => {
  if (v !== 'float32' && v !== 'float64') throw new DTypeError(op, `${arg} must be 'float32' or 'float64' (parameters require gradients), got ${describe(v)}`);
};
/** A non-negative integer or an array of them (a kernel size, stride, padding). */
export const sizeArg: OptionKind = (op, arg, v) => {
  if (Array.isArray(v)) v.forEach((s, i) => checkInt(op, `${arg}[${i}]`, s, 0));
  else checkInt(op, arg, v, 0);
};
/** null or a {@link sizeArg}. */
export const nullableSizeArg: OptionKind = (op, arg, v) => {
  if (v !== null) (sizeArg as (op: string, arg: string, v: unknown) => void)(op, arg, v);
};
/** null or a finite number. */
export const nullableNumber: OptionKind = (op, arg, v) => {
  if (v !== null && (typeof v !== 'number' || !Number.isFinite(v))) throw new ValueError(op, `${arg} must be a finite number or null, got ${describe(v)}`);
};
/** A finite number ≥ 0 (an `eps`: a negative one gives NaN where the variance is 0). */
export const nonNegative = (op: string, arg: string, v: unknown): void => {
  if (typeof v !== 'number' || !(v >= 0 && v < Infinity)) throw new ValueError(op, `${arg} must be a non-negative number, got ${describe(v)}`);
};
/** null or a Tensor. */
export const nullableTensor: OptionKind = (op, arg, v) => {
  if (v !== null && !(v instanceof Tensor)) throw new ValueError(op, `${arg} must be a Tensor or null, got ${describe(v)}`);
};

export const LINEAR_OPTIONS: OptionSchema = { bias: 'bool', dtype: floatDType, generator: 'generator' };
export const EMBEDDING_OPTIONS: OptionSchema = { paddingIdx: (op, arg, v) => v === null || checkInt(op, arg, v), maxNorm: 'any', normType: 'any', dtype: floatDType, generator: 'generator' };
export const DROPOUT_OPTIONS: OptionSchema = { generator: 'generator', inplace: 'bool' };
export const BATCH_NORM_OPTIONS: OptionSchema = { eps: 'finite', momentum: nullableNumber, affine: 'bool', trackRunningStats: 'bool', dtype: floatDType };
export const LAYER_NORM_OPTIONS: OptionSchema = { eps: 'finite', elementwiseAffine: 'bool', bias: 'bool', dtype: floatDType };
const RNN_BASE = { projSize: 'any', nonlinearity: 'any', numLayers: 'any', bias: 'bool', batchFirst: 'bool', dropout: 'finite', bidirectional: 'bool', dtype: floatDType, generator: 'generator' } as const;
export const RNN_OPTIONS: OptionSchema = RNN_BASE;
export const LSTM_OPTIONS: OptionSchema = RNN_BASE;
export const GRU_OPTIONS: OptionSchema = RNN_BASE;
export const RNN_CELL_OPTIONS: OptionSchema = { bias: 'bool', dtype: floatDType, generator: 'generator', nonlinearity: 'any' };
export const CELL_OPTIONS: OptionSchema = { bias: 'bool', dtype: floatDType, generator: 'generator' };
// Sizes (stride, padding, …), reductions and modes are 'any' here: the layer's own checks give
// the more specific message (`stride must be positive integers, got [1,-2]`).
export const MAX_POOL_OPTIONS: OptionSchema = { stride: 'any', padding: 'any', dilation: 'any', returnIndices: 'bool', ceilMode: 'bool' };
export const AVG_POOL1D_OPTIONS: OptionSchema = { stride: 'any', padding: 'any', ceilMode: 'bool', countIncludePad: 'bool' };
export const AVG_POOL2D_OPTIONS: OptionSchema = { ...AVG_POOL1D_OPTIONS, divisorOverride: 'any' };
const CONV_COMMON = { stride: 'any', dilation: 'any', groups: 'any', bias: 'bool', dtype: floatDType, generator: 'generator' } as const;
export const CONV_OPTIONS: OptionSchema = { ...CONV_COMMON, padding: 'any', paddingMode: 'any' };
export const CONV_TRANSPOSE_OPTIONS: OptionSchema = { ...CONV_COMMON, padding: 'any', outputPadding: 'any', paddingMode: 'any' };
const REDUCTION = 'any';
export const LOSS_OPTIONS: OptionSchema = { reduction: REDUCTION };
export const NLL_LOSS_OPTIONS: OptionSchema = { weight: nullableTensor, ignoreIndex: 'int', reduction: REDUCTION };
export const CROSS_ENTROPY_OPTIONS: OptionSchema = { ...NLL_LOSS_OPTIONS, labelSmoothing: 'finite' };
export const BCE_OPTIONS: OptionSchema = { weight: nullableTensor, reduction: REDUCTION };
export const BCE_LOGITS_OPTIONS: OptionSchema = { ...BCE_OPTIONS, posWeight: nullableTensor };

/**
 * Checks a layer's integer size arguments (each a positive integer, or non-negative where
 * `allowZero`) and that the parameter they make fits under MAX_ELEMENTS.
 *
 * ```ts
 * checkLayerSizes('Linear', { inFeatures: 1e6, outFeatures: 1e6 }); // ValueError: Linear: weight [...] has 1e12 elements, more than MAX_ELEMENTS
 * ```
 */
export function checkLayerSizes(layer: string, sizes: Readonly<Record<string, unknown>>): void {
  let n = 1;
  for (const v of Object.values(sizes)) {
    // A size that is not a non-negative integer is left to the layer's own, more specific check.
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) return;
    n *= v;
  }
  checkNumel(layer, n, `the parameter of size ${Object.entries(sizes).map(([k, v]) => `${k}=${String(v)}`).join(' × ')}`);
}
