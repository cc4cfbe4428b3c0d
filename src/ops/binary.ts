/**
 * Elementwise functions of two tensors, broadcasting NumPy-style. Broadcasting is an explicit
 * `expand` (whose VJP sums the gradient back), so every VJP here sees operands of one shape.
 * @module
 */
import type { BinaryOp } from '../backend/backend.js';
import { formatValue } from '../errors.js';
import { kernels } from '../backend/registry.js';
import { record } from '../autograd/node.js';
import { DEFAULT_DTYPE, isFloating } from '../dtype.js';
import { DTypeError, ValueError, fmtShape } from '../errors.js';
import { broadcastShapes } from '../shape.js';
import type { Tensor, TensorLike } from '../tensor/tensor.js';
import { eq, ge, gt, logicalAnd, lt, ne } from './compare.js';
import { promotedPair } from './math-util.js';
import { asDtype, resultTypeOf } from './promotion.js';
import { divide, type RoundingMode } from './rounding.js';
import { log, neg, powScalar } from './unary.js';
import { broadcastView, empty, scalar } from './util.js';
import { expand } from './views.js';
import { checkTensor, checkTensorLike, numberAs } from '../checks/args.js';
import { checkOptions, type OptionSchema } from '../checks/options.js';

const ALPHA_OPTIONS: OptionSchema = { alpha: 'any' };
const DIV_OPTIONS: OptionSchema = { roundingMode: 'any' };

/** Runs a binary kernel on two same-shape operands of one dtype (any dtype; bool results are 0/1). */
function applyBinary(op: BinaryOp, a: Tensor, b: Tensor): Tensor {
  if (a.dtype === 'bool') {
    // bool + bool is OR, bool · bool is AND (as PyTorch): computed in int32, then tested ≠ 0
    const wide = empty(a.shape, 'int32');
    kernels().binary(op, a, b, wide.storage);
    return ne(wide, 0);
  }
  const out = empty(a.shape, a.dtype);
  kernels().binary(op, a, b, out.storage);
  return out;
}


/** Options of {@link add} and {@link sub}. */
export interface AlphaOptions {
  /** Multiplier of the second operand (default 1): a + alpha·b, a − alpha·b. */
  alpha?: number;
}

/** alpha·b, checked as PyTorch does (a fractional alpha needs a float result). */
function scaled(op: string, a: TensorLike, b: TensorLike, alpha: number | undefined): TensorLike {
  if (alpha === undefined || alpha === 1) return b;
  if (typeof alpha !== 'number' || Number.isNaN(alpha)) throw new ValueError(op, `alpha must be a number, got ${formatValue(alpha)}`);
  if (!Number.isInteger(alpha) && resultTypeOf(op, [a, b]) !== 'float32' && resultTypeOf(op, [a, b]) !== 'float64') {
    throw new DTypeError(op, `for integer or bool operands alpha must be an integer, got ${formatValue(alpha)}`);
  }
  return typeof b === 'number' ? b * alpha : mul(b, alpha);
}

/**
 * a + alpha·b (alpha defaults to 1), broadcasting and promoting dtypes.
 *
 * ```ts
 * add(tensor([1, 2]), tensor([10, 20]), { alpha: 2 }); // [21, 42]
 * ```
 */
export function add(a: TensorLike, b: TensorLike, options: AlphaOptions = {}): Tensor {
  checkOptions('add', options, ALPHA_OPTIONS);
  if (options.alpha !== undefined) b = scaled('add', a, b, options.alpha);
  const [x, y] = promotedPair('add', a, b);
  return record('AddBackward', applyBinary('add', x, y), [x, y], addVjp);
}
// d(x + y) = (g, g)
function addVjp(g: Tensor): Tensor[] {
  return [g, g];
}

/**
 * a − alpha·b (alpha defaults to 1), broadcasting and promoting dtypes.
 *
 * ```ts
 * sub(tensor([10, 20]), tensor([1, 2]), { alpha: 3 }); // [7, 14]
 * ```
 */
export function sub(a: TensorLike, b: TensorLike, options: AlphaOptions = {}): Tensor {
  checkOptions('sub', options, ALPHA_OPTIONS);
  for (const t of [a, b]) {
    if (typeof t !== 'number' && t?.dtype === 'bool') {
      throw new DTypeError('sub', `subtraction with a bool tensor (shape ${fmtShape(t.shape)}) is not supported, as in PyTorch; use logicalXor, or logicalNot to invert a mask`);
    }
  }
  if (options.alpha !== undefined) b = scaled('sub', a, b, options.alpha);
  const [x, y] = promotedPair('sub', a, b);
  return record('SubBackward', applyBinary('sub', x, y), [x, y], subVjp);
}
// d(x − y) = (g, −g)
function subVjp(g: Tensor): Tensor[] {
  return [g, neg(g)];
}

/** a · b */
export function mul(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = promotedPair('mul', a, b);
  // Save each operand only if the *other* one needs a gradient (so x.mul_(2) stays legal).
  return record('MulBackward', applyBinary('mul', x, y), [x, y], mulVjp, [y.requiresGrad ? x : null, x.requiresGrad ? y : null]);
}
// d(x·y) = (g·y, g·x)
function mulVjp(g: Tensor, [x, y]: readonly Tensor[]): (Tensor | null)[] {
  return [y ? g.mul(y) : null, x ? g.mul(x) : null];
}

/** Options of {@link div}. */
export interface DivOptions {
  /** Round the quotient toward zero ('trunc') or down ('floor'); omitted or null: true division. */
  roundingMode?: RoundingMode | null;
}

/**
 * a / b. True division by default (int32 and bool operands are divided as float32); with
 * `roundingMode` the rounded quotient in the promoted dtype (see {@link divide}).
 *
 * ```ts
 * div(tensor([7, -7], { dtype: 'int32' }), 2); // float32 [3.5, -3.5]
 * div(tensor([7, -7]), 2, { roundingMode: 'floor' }); // [3, -4]
 * ```
 */
export function div(a: TensorLike, b: TensorLike, options: DivOptions = {}): Tensor {
  checkOptions('div', options, DIV_OPTIONS);
  if (options.roundingMode != null) return divide(a, b, options.roundingMode);
  // true division: integer and bool operands are divided as float32 (the default dtype)
  const [x, y] = promotedPair('div', a, b, DEFAULT_DTYPE);
  const out = applyBinary('div', x, y);
  return record('DivBackward', out, [x, y], divVjp, [x, y]);
}
// d(x/y) = (g/y, −g·x/y²)
function divVjp(g: Tensor, [x, y]: readonly Tensor[]): Tensor[] {
  return [g.div(y!), neg(g.mul(x!).div(y!.mul(y!)))];
}

/** a ^ b: a tensor to a number or tensor power, or (as torch.pow(2, t)) a number to a tensor power. */
export function pow(a: TensorLike, b: TensorLike): Tensor {
  if (typeof a === 'number') checkTensor('pow', 'exponent', b); // a number base needs a tensor exponent
  else checkTensor('pow', 'input', a);
  checkTensorLike('pow', 'exponent', b);
  if (typeof a !== 'number' && typeof b === 'number' && isFloating(a.dtype)) return powScalar(a, b);
  const [x, y] = promotedPair('pow', a, b);
  checkIntegerPow(x, b);
  const out = applyBinary('pow', x, y);
  return record('PowBackward', out, [x, y], powVjp, [x, y, out]);
}
// d(x^y) = (g·y·x^(y−1), g·x^y·log x); each term is 0 where PyTorch masks it (y = 0; x = 0 with y ≥ 0)
function powVjp(g: Tensor, [x, y, out]: readonly Tensor[]): Tensor[] {
  const zero = scalar(0, g.dtype);
  const dx = where(eq(y!, 0), zero, y!.mul(pow(x!, y!.sub(1))));
  const dy = where(logicalAnd(eq(x!, 0), ge(y!, 0)), zero, out!.mul(log(x!)));
  return [g.mul(dx), g.mul(dy)];
}

/** Elementwise maximum; ties share the gradient equally (as PyTorch). */
export function maximum(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = promotedPair('maximum', a, b);
  return record('MaximumBackward', applyBinary('maximum', x, y), [x, y], maximumVjp, [x, y]);
}
// d max(x, y) = (g·[x ≮ y], g·[y ≮ x]), halved on ties; a NaN passes g to both (as PyTorch)
function maximumVjp(g: Tensor, [x, y]: readonly Tensor[]): Tensor[] {
  const ties = eq(x!, y!);
  return [g.mul(shareWeight(lt(x!, y!), ties, g)), g.mul(shareWeight(gt(x!, y!), ties, g))];
}

/** Elementwise minimum; ties share the gradient equally (as PyTorch). */
export function minimum(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = promotedPair('minimum', a, b);
  return record('MinimumBackward', applyBinary('minimum', x, y), [x, y], minimumVjp, [x, y]);
}
// d min(x, y) = (g·[x ≯ y], g·[y ≯ x]), halved on ties; a NaN passes g to both (as PyTorch)
function minimumVjp(g: Tensor, [x, y]: readonly Tensor[]): Tensor[] {
  const ties = eq(x!, y!);
  return [g.mul(shareWeight(gt(x!, y!), ties, g)), g.mul(shareWeight(lt(x!, y!), ties, g))];
}

/** 0 where `loses`, ½ where `ties`, 1 elsewhere (also where a NaN made both false), as a constant of g's dtype. */
function shareWeight(loses: Tensor, ties: Tensor, g: Tensor): Tensor {
  const w = empty(g.shape, g.dtype);
  for (let i = 0; i < w.storage.length; i++) w.storage[i] = loses.storage[i]! ? 0 : ties.storage[i]! ? 0.5 : 1;
  return w;
}

/** PyTorch's rules for integer powers: bool has none, and a negative number exponent of an int is an error. */
function checkIntegerPow(x: Tensor, b: TensorLike): void {
  if (x.dtype === 'bool') throw new DTypeError('pow', `pow is not implemented for bool tensors (shape ${fmtShape(x.shape)}), as in PyTorch; convert with .to('int32')`);
  if (x.dtype === 'int32' && typeof b === 'number' && b < 0) {
    throw new ValueError('pow', `integers to negative integer powers are not allowed (exponent ${b}); convert the base with .to('float32')`);
  }
}

/** `a` where `condition` is true, `b` elsewhere (all three broadcast together). */
export function where(condition: Tensor, a: TensorLike, b: TensorLike): Tensor {
  checkTensor('where', 'condition', condition);
  if (condition.dtype !== 'bool') {
    throw new DTypeError('where', `condition must be a bool tensor, got ${condition.dtype} (shape ${fmtShape(condition.shape)})`);
  }
  const [ta, tb] = promotedWhereOperands(a, b);
  const shape = broadcastShapes('where', broadcastShapes('where', condition.shape, ta.shape), tb.shape);
  const x = expand(ta, shape);
  const y = expand(tb, shape);
  const c = broadcastView(condition, shape);
  const out = empty(shape, x.dtype);
  kernels().where(c, x, y, out.storage);
  return record('WhereBackward', out, [x, y], whereVjp, [c]);
}
/** where's two values promoted together; two numbers are allowed (`where(c, 4, 2)` is int32). */
function promotedWhereOperands(a: TensorLike, b: TensorLike): [Tensor, Tensor] {
  const dtype = resultTypeOf('where', [a, b]);
  // a number must fit the result's dtype (where(c, 2 ** 31, intTensor) is an error, as PyTorch's)
  const operand = (v: TensorLike, arg: string) => (typeof v === 'number' ? asDtype(numberAs('where', arg, v, dtype), dtype) : asDtype(v, dtype));
  return [operand(a, 'a'), operand(b, 'b')];
}
// d where(c, x, y) = (where(c, g, 0), where(c, 0, g))
function whereVjp(g: Tensor, [c]: readonly Tensor[]): Tensor[] {
  const zero = scalar(0, g.dtype);
  return [where(c!, g, zero), where(c!, zero, g)];
}
