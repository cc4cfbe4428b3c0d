/**
 * Elementwise functions of two tensors, broadcasting NumPy-style. Broadcasting is an explicit
 * `expand` (whose VJP sums the gradient back), so every VJP here sees operands of one shape.
 * @module
 */
import type { BinaryOp } from '../backend/backend.js';
import { kernels } from '../backend/registry.js';
import { record } from '../autograd/node.js';
import { DTypeError, fmtShape } from '../errors.js';
import { broadcastShapes } from '../shape.js';
import type { Tensor, TensorLike } from '../tensor/tensor.js';
import { eq, ge, gt, logicalAnd, lt } from './compare.js';
import { log, neg, powScalar } from './unary.js';
import { broadcastPair, broadcastView, empty, operands, requireFloat, scalar } from './util.js';
import { expand } from './views.js';
import { checkTensor } from '../checks/args.js';

/** Runs a binary kernel on two same-shape operands. */
function applyBinary(op: BinaryOp, a: Tensor, b: Tensor): Tensor {
  requireFloat(op, a, 'first operand');
  const out = empty(a.shape, a.dtype);
  kernels().binary(op, a, b, out.storage);
  return out;
}

/** a + b */
export function add(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = broadcastPair('add', a, b);
  return record('AddBackward', applyBinary('add', x, y), [x, y], addVjp);
}
// d(x + y) = (g, g)
function addVjp(g: Tensor): Tensor[] {
  return [g, g];
}

/** a − b */
export function sub(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = broadcastPair('sub', a, b);
  return record('SubBackward', applyBinary('sub', x, y), [x, y], subVjp);
}
// d(x − y) = (g, −g)
function subVjp(g: Tensor): Tensor[] {
  return [g, neg(g)];
}

/** a · b */
export function mul(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = broadcastPair('mul', a, b);
  // Save each operand only if the *other* one needs a gradient (so x.mul_(2) stays legal).
  return record('MulBackward', applyBinary('mul', x, y), [x, y], mulVjp, [y.requiresGrad ? x : null, x.requiresGrad ? y : null]);
}
// d(x·y) = (g·y, g·x)
function mulVjp(g: Tensor, [x, y]: readonly Tensor[]): (Tensor | null)[] {
  return [y ? g.mul(y) : null, x ? g.mul(x) : null];
}

/** a / b */
export function div(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = broadcastPair('div', a, b);
  const out = applyBinary('div', x, y);
  return record('DivBackward', out, [x, y], divVjp, [x, y]);
}
// d(x/y) = (g/y, −g·x/y²)
function divVjp(g: Tensor, [x, y]: readonly Tensor[]): Tensor[] {
  return [g.div(y!), neg(g.mul(x!).div(y!.mul(y!)))];
}

/** a ^ b: a tensor to a number or tensor power. */
export function pow(a: Tensor, b: TensorLike): Tensor {
  if (typeof b === 'number') return powScalar(a, b);
  const [x, y] = broadcastPair('pow', a, b);
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
  const [x, y] = broadcastPair('maximum', a, b);
  return record('MaximumBackward', applyBinary('maximum', x, y), [x, y], maximumVjp, [x, y]);
}
// d max(x, y) = (g·[x ≮ y], g·[y ≮ x]), halved on ties; a NaN passes g to both (as PyTorch)
function maximumVjp(g: Tensor, [x, y]: readonly Tensor[]): Tensor[] {
  const ties = eq(x!, y!);
  return [g.mul(shareWeight(lt(x!, y!), ties, g)), g.mul(shareWeight(gt(x!, y!), ties, g))];
}

/** Elementwise minimum; ties share the gradient equally (as PyTorch). */
export function minimum(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = broadcastPair('minimum', a, b);
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

/** `a` where `condition` is true, `b` elsewhere (all three broadcast together). */
export function where(condition: Tensor, a: TensorLike, b: TensorLike): Tensor {
  checkTensor('where', 'condition', condition);
  if (condition.dtype !== 'bool') {
    throw new DTypeError('where', `condition must be a bool tensor, got ${condition.dtype} (shape ${fmtShape(condition.shape)})`);
  }
  const [ta, tb] = operands('where', a, b);
  const shape = broadcastShapes('where', broadcastShapes('where', condition.shape, ta.shape), tb.shape);
  const x = expand(ta, shape);
  const y = expand(tb, shape);
  const c = broadcastView(condition, shape);
  const out = empty(shape, x.dtype);
  kernels().where(c, x, y, out.storage);
  return record('WhereBackward', out, [x, y], whereVjp, [c]);
}
// d where(c, x, y) = (where(c, g, 0), where(c, 0, g))
function whereVjp(g: Tensor, [c]: readonly Tensor[]): Tensor[] {
  const zero = scalar(0, g.dtype);
  return [where(c!, g, zero), where(c!, zero, g)];
}
