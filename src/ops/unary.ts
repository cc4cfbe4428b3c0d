/**
 * Elementwise functions of one tensor, each with its VJP right below it.
 * Masks inside VJPs (relu's step, clamp's window) are constants: their derivative is 0 almost
 * everywhere, which is also what the second derivative needs.
 * @module
 */
import type { FloatView, UnaryOp } from '../backend/backend.js';
import { kernels } from '../backend/registry.js';
import { record, type Node } from '../autograd/node.js';
import { isFloating, type FloatArray } from '../dtype.js';
import { ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { reluBackward, sigmoidBackward, tanhBackward } from './activation-grads.js';
import { where } from './binary.js';
import { gt } from './compare.js';
import { requireTensor, unaryInputDtype } from './promotion.js';
import { empty, scalar } from './util.js';
import { checkFinite, checkTensor, checkNumber } from '../checks/args.js';
import { asOp } from '../checks/rename.js';
import { clampTensors } from './clamp-tensors.js';
import { checkOptions } from '../checks/options.js';

/**
 * Runs a unary kernel: a new contiguous tensor of x's shape and dtype. An int32 or bool input is
 * promoted as PyTorch does (src/ops/promotion.ts, `unaryInputDtype`): to float32 for the float
 * functions (exp, sin, …), kept int32 for neg/abs/sign/relu; other kernels reject it.
 */
export function applyUnary(op: string, kernel: UnaryOp, x: Tensor, a = 0, b = 0): Tensor {
  if (!isFloating(requireTensor(op, x).dtype)) return applyUnaryNonFloat(op, kernel, x, a, b);
  const out = empty(x.shape, x.dtype);
  kernels().unary(kernel, x as FloatView, out.storage as FloatArray, a, b);
  return out;
}

/** applyUnary for an int32 or bool input (see there). */
function applyUnaryNonFloat(op: string, kernel: UnaryOp, x: Tensor, a: number, b: number): Tensor {
  const rule = unaryInputDtype(op, kernel, x, a, b);
  if (rule === 'float32') return applyUnary(op, kernel, x.to('float32'), a, b);
  if (rule === 'same') return x.clone(); // sign of a bool
  // exact in float64 for every int32, then back
  return applyUnary(op, kernel, x.to('float64'), a, b).to('int32');
}

/** −x */
export function neg(x: Tensor): Tensor {
  return record('NegBackward', applyUnary('neg', 'neg', x), [x], negVjp);
}
// d(−x) = −g
function negVjp(g: Tensor): Tensor[] {
  return [neg(g)];
}

/** e^x */
export function exp(x: Tensor): Tensor {
  const out = applyUnary('exp', 'exp', x);
  return record('ExpBackward', out, [x], expVjp, [out]);
}
// d e^x = e^x · g
function expVjp(g: Tensor, [out]: readonly Tensor[]): Tensor[] {
  return [g.mul(out!)];
}

/** Natural logarithm. */
export function log(x: Tensor): Tensor {
  return record('LogBackward', applyUnary('log', 'log', x), [x], logVjp, [x]);
}
// d log x = g / x
function logVjp(g: Tensor, [x]: readonly Tensor[]): Tensor[] {
  return [g.div(x!)];
}

/** log(1 + x), accurate near 0. */
export function log1p(x: Tensor): Tensor {
  return record('Log1pBackward', applyUnary('log1p', 'log1p', x), [x], log1pVjp, [x]);
}
// d log(1+x) = g / (1 + x)
function log1pVjp(g: Tensor, [x]: readonly Tensor[]): Tensor[] {
  return [g.div(x!.add(1))];
}

/** e^x − 1, accurate near 0. */
export function expm1(x: Tensor): Tensor {
  const out = applyUnary('expm1', 'expm1', x);
  return record('Expm1Backward', out, [x], expm1Vjp, [out]);
}
// d (e^x − 1) = (out + 1) · g
function expm1Vjp(g: Tensor, [out]: readonly Tensor[]): Tensor[] {
  return [g.mul(out!.add(1))];
}

/** √x */
export function sqrt(x: Tensor): Tensor {
  const out = applyUnary('sqrt', 'sqrt', x);
  return record('SqrtBackward', out, [x], sqrtVjp, [out]);
}
// d √x = g / (2√x)
function sqrtVjp(g: Tensor, [out]: readonly Tensor[]): Tensor[] {
  return [g.div(out!.mul(2))];
}

/** 1/√x (composite). */
export function rsqrt(x: Tensor): Tensor {
  checkTensor('rsqrt', 'input', x);
  return reciprocal(sqrt(x));
}

/** x² (composite: x·x). */
export function square(x: Tensor): Tensor {
  checkTensor('square', 'input', x);
  return x.mul(x);
}

/** 1/x */
export function reciprocal(x: Tensor): Tensor {
  const out = applyUnary('reciprocal', 'reciprocal', x);
  return record('ReciprocalBackward', out, [x], reciprocalVjp, [out]);
}
// d (1/x) = −g / x² = −g · out²
function reciprocalVjp(g: Tensor, [out]: readonly Tensor[]): Tensor[] {
  return [neg(g.mul(out!.mul(out!)))];
}

/** |x| */
export function abs(x: Tensor): Tensor {
  return record('AbsBackward', applyUnary('abs', 'abs', x), [x], absVjp, [x]);
}
// d |x| = sign(x) · g   (0 at x = 0, as PyTorch)
function absVjp(g: Tensor, [x]: readonly Tensor[]): Tensor[] {
  return [g.mul(applyUnary('abs', 'sign', x!))];
}

/** sign(x) ∈ {−1, 0, 1}; its gradient is zero. */
export function sign(x: Tensor): Tensor {
  return record('SignBackward', applyUnary('sign', 'sign', x), [x], zeroVjp);
}
// d sign(x) = 0
function zeroVjp(g: Tensor): Tensor[] {
  return [empty(g.shape, g.dtype)];
}

/** sin x */
export function sin(x: Tensor): Tensor {
  return record('SinBackward', applyUnary('sin', 'sin', x), [x], sinVjp, [x]);
}
// d sin x = cos x · g
function sinVjp(g: Tensor, [x]: readonly Tensor[]): Tensor[] {
  return [g.mul(cos(x!))];
}

/** cos x */
export function cos(x: Tensor): Tensor {
  return record('CosBackward', applyUnary('cos', 'cos', x), [x], cosVjp, [x]);
}
// d cos x = −sin x · g
function cosVjp(g: Tensor, [x]: readonly Tensor[]): Tensor[] {
  return [neg(g.mul(sin(x!)))];
}

/** tanh x */
export function tanh(x: Tensor): Tensor {
  const out = applyUnary('tanh', 'tanh', x);
  return record('TanhBackward', out, [x], tanhVjp, [out]);
}
// d tanh = (1 − out²) · g
function tanhVjp(g: Tensor, [out]: readonly Tensor[]): Tensor[] {
  return [tanhBackward(g, out!)];
}

/** σ(x) = 1/(1 + e^−x) */
export function sigmoid(x: Tensor): Tensor {
  const out = applyUnary('sigmoid', 'sigmoid', x);
  return record('SigmoidBackward', out, [x], sigmoidVjp, [out]);
}
// d σ = σ(1 − σ) · g
function sigmoidVjp(g: Tensor, [out]: readonly Tensor[]): Tensor[] {
  return [sigmoidBackward(g, out!)];
}

/** max(x, 0) */
export function relu(x: Tensor): Tensor {
  const out = applyUnary('relu', 'relu', x);
  return record('ReluBackward', out, [x], reluVjp, [out]);
}
// d relu = 0 where out ≤ 0, g elsewhere   (0 at x = 0; g passes through NaN, as PyTorch)
function reluVjp(g: Tensor, [out]: readonly Tensor[]): Tensor[] {
  return [reluBackward(g, out!)];
}

/** x for x > 0, negativeSlope·x otherwise. */
export function leakyRelu(x: Tensor, negativeSlope = 0.01): Tensor {
  checkFinite('leakyRelu', 'negativeSlope', negativeSlope);
  const out = applyUnary('leakyRelu', 'leakyRelu', x, negativeSlope);
  return record('LeakyReluBackward', out, [x], leakyReluVjp, [x], { negativeSlope });
}
// d leakyRelu = (x > 0 ? 1 : slope) · g
function leakyReluVjp(g: Tensor, [x]: readonly Tensor[], node: Node<{ negativeSlope: number }>): Tensor[] {
  return [g.mul(applyUnary('leakyRelu', 'leakyReluSlope', x!, node.attrs.negativeSlope))];
}

/** The Gauss error function. */
export function erf(x: Tensor): Tensor {
  return record('ErfBackward', applyUnary('erf', 'erf', x), [x], erfVjp, [x]);
}
// d erf x = (2/√π) · e^(−x²) · g
function erfVjp(g: Tensor, [x]: readonly Tensor[]): Tensor[] {
  return [g.mul(exp(neg(x!.mul(x!))).mul(2 / Math.sqrt(Math.PI)))];
}

/** Options of {@link softplus}. */
export interface SoftplusOptions {
  /** β in log(1 + e^(βx))/β (default 1). */
  beta?: number;
  /** Above β·x > threshold the function is taken as linear (default 20). */
  threshold?: number;
}

/** log(1 + e^(βx))/β, and x where βx > threshold (as PyTorch). */
export function softplus(x: Tensor, options: SoftplusOptions = {}): Tensor {
  checkOptions('softplus', options, { beta: 'number', threshold: 'number' });
  const beta = options.beta ?? 1;
  const threshold = options.threshold ?? 20;
  checkSoftplusBeta('softplus', beta);
  const out = applyUnary('softplus', 'softplus', x, beta, threshold);
  return record('SoftplusBackward', out, [x], softplusVjp, [x], { beta, threshold });
}
/** softplus's β: finite and nonzero (it divides). Shared with the Softplus module. */
export function checkSoftplusBeta(op: string, beta: unknown): void {
  checkFinite(op, 'beta', beta);
  if (beta === 0) throw new ValueError(op, 'beta must be nonzero');
}
// d softplus = σ(βx) · g, and g where βx > threshold
function softplusVjp(g: Tensor, [x]: readonly Tensor[], node: Node<{ beta: number; threshold: number }>): Tensor[] {
  const { beta, threshold } = node.attrs;
  const bx = x!.mul(beta);
  return [g.mul(where(gt(bx, threshold), scalar(1, x!.dtype), sigmoid(bx)))];
}

/**
 * Clamps into [min, max]; either bound may be null/undefined. Bounds may be tensors (broadcast
 * with x and promoted with it, gradients to them as PyTorch's: see clamp-tensors.ts).
 */
export function clamp(x: Tensor, min?: number | Tensor | null, max?: number | Tensor | null): Tensor {
  if (isObject(min) || isObject(max)) return clampWithTensors(x, min ?? null, max ?? null);
  if (min != null) checkNumber('clamp', 'min', min);
  if (max != null) checkNumber('clamp', 'max', max);
  const lo = min ?? -Infinity;
  const hi = max ?? Infinity;
  if (Number.isNaN(lo) || Number.isNaN(hi)) throw new ValueError('clamp', `bounds must not be NaN (min=${min}, max=${max})`);
  if (min == null && max == null) throw new ValueError('clamp', 'at least one of min and max must be given');
  const out = applyUnary('clamp', 'clamp', x, lo, hi);
  return record('ClampBackward', out, [x], clampVjp, [x], { min: lo, max: hi });
}
/** A bound given as an object: a tensor (checkTensor refuses any other object). */
function isObject(b: unknown): b is Tensor {
  return typeof b === 'object' && b !== null;
}

/** clamp's checks when a bound is a tensor, then {@link clampTensors}. */
function clampWithTensors(x: Tensor, min: number | Tensor | null, max: number | Tensor | null): Tensor {
  checkTensor('clamp', 'input', x);
  for (const [name, b] of [['min', min], ['max', max]] as const) {
    if (isObject(b)) checkTensor('clamp', name, b);
    else if (b !== null) checkNumber('clamp', name, b);
    if (typeof b === 'number' && Number.isNaN(b)) throw new ValueError('clamp', `${name} must not be NaN`);
  }
  return asOp('clamp', () => clampTensors(x, min, max));
}

// d clamp = [min ≤ x ≤ max] · g
function clampVjp(g: Tensor, [x]: readonly Tensor[], node: Node<{ min: number; max: number }>): Tensor[] {
  return [g.mul(applyUnary('clamp', 'clampMask', x!, node.attrs.min, node.attrs.max))];
}

/** x^p for a number p. */
export function powScalar(x: Tensor, p: number): Tensor {
  checkFinite('pow', 'exponent', p);
  const out = applyUnary('pow', 'powScalar', x, p);
  return record('PowBackward', out, [x], powScalarVjp, [x], { exponent: p });
}
// d x^p = p · x^(p−1) · g   (0 when p = 0)
function powScalarVjp(g: Tensor, [x]: readonly Tensor[], node: Node<{ exponent: number }>): Tensor[] {
  const p = node.attrs.exponent;
  if (p === 0) return [empty(g.shape, g.dtype)];
  return [g.mul(powScalar(x!, p - 1).mul(p))];
}
