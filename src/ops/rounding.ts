/**
 * Rounding and division with rounding: floor, ceil, round (with decimals), trunc, frac, div with
 * a rounding mode, floorDivide, remainder, fmod, copysign. Rounded results have a zero gradient,
 * as PyTorch (their derivative is 0 almost everywhere); int32 inputs stay int32.
 * @module
 */
import { asOp, checkOptions } from '../checks/index.js';
import { formatValue } from '../errors.js';
import { record } from '../autograd/node.js';
import { isFloating } from '../dtype.js';
import { DTypeError, ValueError, fmtShape } from '../errors.js';
import type { Tensor, TensorLike } from '../tensor/tensor.js';
import { requireTensor } from './promotion.js';
import { checkIntegerDivisor, promotedPair, runBinary, zerosVjp } from './math-util.js';
import { applyUnary, sign } from './unary.js';
import { empty } from './util.js';

/** Rounds with a unary kernel; an int32 input is returned as a copy (already whole), bool is rejected. */
function rounded(op: string, kernel: 'floor' | 'ceil' | 'round' | 'trunc', x: Tensor, decimals = 0): Tensor {
  requireTensor(op, x);
  if (x.dtype === 'int32') return x.clone();
  if (x.dtype === 'bool') throw new DTypeError(op, `input must be float32, float64 or int32, got bool (shape ${fmtShape(x.shape)})`);
  const name = `${op[0]!.toUpperCase()}${op.slice(1)}Backward`;
  return record(name, applyUnary(op, kernel, x, decimals), [x], zerosVjp);
}
// d floor = d ceil = d round = d trunc = 0 (zeros, as PyTorch)

/**
 * The largest whole number ≤ x. Not differentiable in the usual sense: its gradient is zero, as
 * in PyTorch. int32 stays int32.
 *
 * ```ts
 * floor(tensor([1.5, -1.5])); // [1, -2]
 * ```
 */
export function floor(x: Tensor): Tensor {
  return rounded('floor', 'floor', x);
}

/**
 * The smallest whole number ≥ x (zero gradient, as PyTorch).
 *
 * ```ts
 * ceil(tensor([1.5, -1.5])); // [2, -1]
 * ```
 */
export function ceil(x: Tensor): Tensor {
  return rounded('ceil', 'ceil', x);
}

/** Options of {@link round}. */
export interface RoundOptions {
  /** Decimal places to round to (default 0; negative rounds to tens, hundreds, …). */
  decimals?: number;
}

/**
 * Rounds half to even (PyTorch's round: 0.5 → 0, 1.5 → 2, 2.5 → 2), at `decimals` places:
 * x·10^d rounded, then divided by 10^d. Zero gradient, as PyTorch.
 *
 * ```ts
 * round(tensor([0.5, 1.5, 2.5])); // [0, 2, 2]
 * round(tensor([1.2345]), { decimals: 2 }); // [1.23]
 * ```
 */
export function round(x: Tensor, options: RoundOptions = {}): Tensor {
  checkOptions('round', options, { decimals: 'any' });
  const decimals = options.decimals ?? 0;
  if (!Number.isInteger(decimals)) throw new ValueError('round', `decimals must be an integer, got ${formatValue(decimals)}`);
  return rounded('round', 'round', x, decimals);
}

/**
 * x rounded toward zero (zero gradient, as PyTorch).
 *
 * ```ts
 * trunc(tensor([1.7, -1.7])); // [1, -1]
 * ```
 */
export function trunc(x: Tensor): Tensor {
  return rounded('trunc', 'trunc', x);
}

/**
 * The fractional part x − trunc(x), with x's sign; float only. Its gradient is g (the
 * derivative of x − trunc(x) almost everywhere).
 *
 * ```ts
 * frac(tensor([1.25, -1.25])); // [0.25, -0.25]
 * ```
 */
export function frac(x: Tensor): Tensor {
  requireTensor('frac', x);
  if (!isFloating(x.dtype)) throw new DTypeError('frac', `input must be float32 or float64, got ${x.dtype} (shape ${fmtShape(x.shape)})`);
  return record('FracBackward', applyUnary('frac', 'frac', x), [x], fracVjp);
}
// d frac x = g
function fracVjp(g: Tensor): Tensor[] {
  return [g];
}

/** How {@link divide} rounds its quotient. */
export type RoundingMode = 'trunc' | 'floor';

/**
 * a / b rounded toward zero ('trunc') or down ('floor'), in the operands' promoted dtype (two
 * int32 tensors give int32, unlike true division). Zero gradient, as PyTorch. Integer division
 * by zero is an error.
 *
 * ```ts
 * divide(tensor([7, -7]), 2, 'floor'); // [3, -4]
 * divide(tensor([7, -7]), 2, 'trunc'); // [3, -3]
 * ```
 */
export function divide(a: TensorLike, b: TensorLike, roundingMode: RoundingMode): Tensor {
  if (roundingMode !== 'trunc' && roundingMode !== 'floor') {
    throw new ValueError('div', `roundingMode must be 'trunc', 'floor' or undefined (true division), got ${formatValue(roundingMode)}`);
  }
  const [x, y] = promotedPair('div', a, b, 'int32');
  checkIntegerDivisor('div', y);
  const out = runBinary(roundingMode === 'trunc' ? 'divTrunc' : 'divFloor', x, y);
  return record('DivBackward', out, [x, y], zerosVjp);
}
// d div(a, b, mode) = (0, 0) for both rounding modes (as PyTorch)

/**
 * ⌊a / b⌋ (PyTorch's floor_divide: `divide(a, b, 'floor')`). Zero gradient.
 *
 * ```ts
 * floorDivide(tensor([7, -7], { dtype: 'int32' }), 2); // int32 [3, -4]
 * ```
 */
export function floorDivide(a: TensorLike, b: TensorLike): Tensor {
  return asOp('floorDivide', () => divide(a, b, 'floor'));
}

/**
 * a − ⌊a/b⌋·b: the remainder with the divisor's sign (Python's %, PyTorch's remainder).
 *
 * ```ts
 * remainder(tensor([5, -5]), 3); // [2, 1]
 * ```
 */
export function remainder(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = promotedPair('remainder', a, b, 'int32');
  checkIntegerDivisor('remainder', y);
  const out = runBinary('remainder', x, y);
  return record('RemainderBackward', out, [x, y], remainderVjp, [x, y]);
}
// d (a − ⌊a/b⌋·b) = (g, −g·⌊a/b⌋)
function remainderVjp(g: Tensor, [x, y]: readonly Tensor[]): Tensor[] {
  return [g, g.mul(divide(x!.detach(), y!.detach(), 'floor')).neg()];
}

/**
 * C's fmod: a − trunc(a/b)·b, the remainder with the dividend's sign.
 *
 * ```ts
 * fmod(tensor([5, -5]), 3); // [2, -2]
 * ```
 */
export function fmod(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = promotedPair('fmod', a, b, 'int32');
  checkIntegerDivisor('fmod', y);
  const out = runBinary('fmod', x, y);
  return record('FmodBackward', out, [x, y], fmodVjp, [x, y]);
}
// d (a − trunc(a/b)·b) = (g, −g·trunc(a/b))
function fmodVjp(g: Tensor, [x, y]: readonly Tensor[]): Tensor[] {
  return [g, g.mul(divide(x!.detach(), y!.detach(), 'trunc')).neg()];
}

/**
 * |a| with the sign of b (−0 counts as negative); always float (ints become float32).
 *
 * ```ts
 * copysign(tensor([1, -2, 3]), tensor([-1, 1, -0])); // [-1, 2, -3]
 * ```
 */
export function copysign(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = promotedPair('copysign', a, b, 'float32');
  const out = runBinary('copysign', x, y);
  return record('CopysignBackward', out, [x, y], copysignVjp, [x, out]);
}
// d copysign(a, b) = (g·out/a, 0), out/a = sign(out)·sign(a) (0 where a = 0, as PyTorch)
function copysignVjp(g: Tensor, [x, out]: readonly Tensor[]): Tensor[] {
  return [g.mul(sign(out!).mul(sign(x!))), empty(g.shape, g.dtype)];
}
