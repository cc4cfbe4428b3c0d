/**
 * Issue 10's activations (PyTorch's torch.nn.functional), composites of primitives: their
 * gradients, first and higher order, come from the graph. At a kink the gradient is the one the
 * composite's pieces give (e.g. hardtanh at its bounds passes g, PyTorch passes 0); elsewhere it
 * is PyTorch's.
 * @module
 */
import { asOp } from '../checks/rename.js';
import { ShapeError, ValueError, fmtShape } from '../errors.js';
import { formatValue } from '../errors.js';
import { where } from '../ops/binary.js';
import { gt, le, logicalAnd, lt } from '../ops/compare.js';
import { softmax } from '../ops/softmax.js';
import { abs, clamp, expm1, neg, sigmoid, softplus, tanh } from '../ops/unary.js';
import { requireTensor } from '../ops/promotion.js';
import { requireFloat } from '../ops/util.js';
import { normalizeDim } from '../shape.js';
import { checkFinite } from '../checks/args.js';
import type { Tensor } from '../tensor/tensor.js';

/** celu's α: finite and nonzero (it divides x). Shared with the CELU module. */
export function checkCeluAlpha(op: string, alpha: unknown): void {
  checkFinite(op, 'alpha', alpha);
  if (alpha === 0) throw new ValueError(op, 'alpha must be nonzero (it divides x), got 0');
}

/** hardtanh's bounds: finite, maxVal ≥ minVal. Shared with the Hardtanh module. */
export function checkHardtanhBounds(op: string, minVal: unknown, maxVal: unknown): void {
  checkFinite(op, 'minVal', minVal);
  checkFinite(op, 'maxVal', maxVal);
  if (maxVal < minVal) throw new ValueError(op, `maxVal (${maxVal}) must be ≥ minVal (${minVal})`);
}

/** threshold's numbers: a non-NaN threshold and a number to write. Shared with the Threshold module. */
export function checkThresholdArgs(op: string, threshold: unknown, value: unknown): void {
  if (typeof threshold !== 'number' || Number.isNaN(threshold)) throw new ValueError(op, `threshold must be a number, got ${formatValue(threshold)}`);
  if (typeof value !== 'number') throw new ValueError(op, `value must be a number, got ${formatValue(value)}`);
}

/**
 * SiLU (swish): x·σ(x).
 *
 * ```ts
 * silu(tensor([0, 1])); // [0, 0.7311]
 * ```
 */
export function silu(x: Tensor): Tensor {
  requireFloat('silu', requireTensor('silu', x));
  return x.mul(sigmoid(x));
}

/**
 * ELU: x for x > 0, α·(eˣ − 1) otherwise (α defaults to 1).
 *
 * ```ts
 * elu(tensor([-1, 2])); // [-0.6321, 2]
 * ```
 */
export function elu(x: Tensor, alpha = 1): Tensor {
  requireFloat('elu', requireTensor('elu', x));
  checkFinite('elu', 'alpha', alpha);
  // e^min(x, 0): the branch not taken never overflows, so its zero gradient stays finite
  return where(gt(x, 0), x, expm1(clamp(x, null, 0)).mul(alpha));
}

const SELU_ALPHA = 1.6732632423543772848170429916717;
const SELU_SCALE = 1.0507009873554804934193349852946;

/**
 * SELU: scale·ELU(x, α) with PyTorch's constants (α ≈ 1.6733, scale ≈ 1.0507).
 *
 * ```ts
 * selu(tensor([-1, 1])); // [-1.1113, 1.0507]
 * ```
 */
export function selu(x: Tensor): Tensor {
  requireFloat('selu', requireTensor('selu', x));
  return elu(x, SELU_ALPHA).mul(SELU_SCALE);
}

/**
 * CELU: x for x > 0, α·(e^(x/α) − 1) otherwise (α defaults to 1, must be nonzero).
 *
 * ```ts
 * celu(tensor([-1, 2]), 2); // [-0.7869, 2]
 * ```
 */
export function celu(x: Tensor, alpha = 1): Tensor {
  requireFloat('celu', requireTensor('celu', x));
  checkCeluAlpha('celu', alpha);
  return where(gt(x, 0), x, expm1(clamp(x, null, 0).div(alpha)).mul(alpha));
}

/**
 * Mish: x·tanh(softplus(x)).
 *
 * ```ts
 * mish(tensor([0, 1])); // [0, 0.8651]
 * ```
 */
export function mish(x: Tensor): Tensor {
  requireFloat('mish', requireTensor('mish', x));
  return x.mul(tanh(softplus(x)));
}

/**
 * Hardswish: x·min(max(x + 3, 0), 6)/6.
 *
 * ```ts
 * hardswish(tensor([-4, 1, 4])); // [0, 0.6667, 4]
 * ```
 */
export function hardswish(x: Tensor): Tensor {
  requireFloat('hardswish', requireTensor('hardswish', x));
  return x.mul(clamp(x.add(3), 0, 6)).div(6);
}

/**
 * clamp(x, lo, hi) with PyTorch's hardtanh gradient: g strictly inside (lo, hi), 0 at the bounds
 * (clamp's own gradient passes at them: relu6 had gradient 1 at an exact 0, as after a ReLU).
 */
function clampInside(x: Tensor, lo: number, hi: number): Tensor {
  return where(logicalAnd(gt(x, lo), lt(x, hi)), x, clamp(x, lo, hi).detach());
}

/**
 * Hardsigmoid: min(max(x + 3, 0), 6)/6.
 *
 * ```ts
 * hardsigmoid(tensor([-4, 0, 4])); // [0, 0.5, 1]
 * ```
 */
export function hardsigmoid(x: Tensor): Tensor {
  requireFloat('hardsigmoid', requireTensor('hardsigmoid', x));
  return clampInside(x.add(3), 0, 6).div(6);
}

/**
 * Hardtanh: x clamped into [minVal, maxVal] (default [−1, 1]).
 *
 * ```ts
 * hardtanh(tensor([-2, 0.5, 2])); // [-1, 0.5, 1]
 * ```
 */
export function hardtanh(x: Tensor, minVal = -1, maxVal = 1): Tensor {
  requireFloat('hardtanh', requireTensor('hardtanh', x));
  checkHardtanhBounds('hardtanh', minVal, maxVal);
  return clampInside(x, minVal, maxVal);
}

/**
 * ReLU6: min(max(x, 0), 6).
 *
 * ```ts
 * relu6(tensor([-1, 3, 7])); // [0, 3, 6]
 * ```
 */
export function relu6(x: Tensor): Tensor {
  requireFloat('relu6', requireTensor('relu6', x));
  return clampInside(x, 0, 6);
}

/**
 * Softsign: x/(1 + |x|).
 *
 * ```ts
 * softsign(tensor([-1, 3])); // [-0.5, 0.75]
 * ```
 */
export function softsign(x: Tensor): Tensor {
  requireFloat('softsign', requireTensor('softsign', x));
  return x.div(abs(x).add(1));
}

/**
 * log σ(x) = −softplus(−x), without overflow for large |x|.
 *
 * ```ts
 * logsigmoid(tensor([0, -100])); // [-0.6931, -100]
 * ```
 */
export function logsigmoid(x: Tensor): Tensor {
  requireFloat('logsigmoid', requireTensor('logsigmoid', x));
  return neg(softplus(neg(x)));
}

/**
 * Softmin along `dim`: softmax(−x).
 *
 * ```ts
 * softmin(tensor([1, 2]), 0); // [0.7311, 0.2689]
 * ```
 */
export function softmin(x: Tensor, dim: number): Tensor {
  requireFloat('softmin', requireTensor('softmin', x));
  return asOp('softmin', () => softmax(neg(x), dim));
}

/**
 * Gated linear unit: the halves a, b of x along `dim` (default −1) give a·σ(b).
 *
 * ```ts
 * glu(tensor([1, 2, 0, 100])); // [0.5, 2]
 * ```
 */
export function glu(x: Tensor, dim = -1): Tensor {
  requireFloat('glu', requireTensor('glu', x));
  if (x.ndim === 0) throw new ShapeError('glu', 'input must have at least one dim, got a 0-d tensor');
  const d = normalizeDim('glu', dim, x.ndim);
  const size = x.shape[d]!;
  if (size % 2 !== 0) throw new ShapeError('glu', `dim ${d} of input ${fmtShape(x.shape)} must have an even size to halve, got ${formatValue(size)}`);
  const half = size / 2;
  return x.narrow(d, 0, half).mul(sigmoid(x.narrow(d, half, half)));
}

/**
 * PReLU: x for x > 0, w·x otherwise, with a learnable slope `weight` of 1 element or one per
 * channel (dim 1 of input; inputs of fewer than 2 dims have one channel).
 *
 * ```ts
 * prelu(tensor([[-1, 2], [-3, 4]]), tensor([0.1, 0.5])); // [[-0.1, 2], [-0.3, 4]]
 * ```
 */
export function prelu(x: Tensor, weight: Tensor): Tensor {
  requireFloat('prelu', requireTensor('prelu', x));
  requireFloat('prelu', requireTensor('prelu', weight, 'weight'), 'weight');
  const channels = x.ndim >= 2 ? x.shape[1]! : 1;
  const n = weight.numel();
  if (weight.ndim > 1 || (n !== 1 && n !== channels)) {
    throw new ShapeError('prelu', `weight must have 1 element or one per channel (${channels}, dim 1 of input ${fmtShape(x.shape)}), got shape ${fmtShape(weight.shape)}`);
  }
  const w = n === 1 || x.ndim < 2 ? weight.reshape([]) : weight.reshape([channels, ...x.shape.slice(2).map(() => 1)]);
  return where(gt(x, 0), x, x.mul(w));
}

/**
 * Threshold: x where x > threshold, `value` elsewhere (NaN stays NaN).
 *
 * ```ts
 * threshold(tensor([0.5, 2]), 1, -1); // [-1, 2]
 * ```
 */
export function threshold(x: Tensor, threshold: number, value: number): Tensor {
  requireFloat('threshold', requireTensor('threshold', x));
  checkThresholdArgs('threshold', threshold, value);
  // `value` where x ≤ threshold, so NaN passes through as PyTorch's (`x > threshold` replaced it)
  return where(le(x, threshold), value, x);
}
