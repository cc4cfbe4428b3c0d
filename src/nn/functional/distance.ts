/**
 * Vector norms along a dim and what is built on them: normalize, cosineSimilarity and
 * pairwiseDistance (PyTorch's F.normalize, F.cosine_similarity, F.pairwise_distance).
 * @module
 */
import { checkOptions } from '../../checks/options.js';
import { DTypeError, ValueError, fmtShape } from '../../errors.js';
import { formatValue } from '../../errors.js';
import { where } from '../../ops/binary.js';
import { requireFloat } from '../../ops/util.js';
import { broadcastShapes, normalizeDim } from '../../shape.js';
import type { Tensor } from '../../tensor/tensor.js';

/** Checks a norm order: a positive number or Infinity. */
export function checkOrder(op: string, p: number): number {
  if (typeof p !== 'number' || !(p > 0)) throw new ValueError(op, `p must be a positive number or Infinity, got ${formatValue(p)}`);
  return p;
}

/**
 * ‖x‖_p along `dim`: (Σ |x_i|^p)^(1/p), max |x_i| for p = Infinity. Its gradient is 0 at a zero
 * vector (as PyTorch's norm backward), not NaN: the root is taken of max(s, 1) where s = 0.
 */
export function vectorNormAlong(x: Tensor, p: number, dim: number, keepdim: boolean): Tensor {
  if (p === Infinity) return x.abs().amax(dim, keepdim);
  if (p === 1) return x.abs().sum(dim, keepdim);
  // for p < 1, |x|^p has infinite slope at x = 0: routed around it (gradient 0 there, as PyTorch's; it was NaN)
  const a = x.abs();
  const powered = p === 2 ? x.mul(x) : p < 1 ? where(a.eq(0), 0, where(a.eq(0), 1, a).pow(p)) : a.pow(p);
  const s = powered.sum(dim, keepdim);
  const positive = s.gt(0);
  const safe = where(positive, s, 1);
  return where(positive, p === 2 ? safe.sqrt() : safe.pow(1 / p), 0);
}

/** Options of {@link normalize}. */
export interface NormalizeOptions {
  /** Order of the norm (default 2); any positive number or Infinity. */
  p?: number;
  /** The dim normalized (default 1). */
  dim?: number;
  /** Lower bound of the divisor (default 1e-12). */
  eps?: number;
}

/**
 * Divides each vector along `dim` by its p-norm: y = x / max(‖x‖_p, eps).
 *
 * ```ts
 * import { tensor } from 'chainrule';
 * import { functional as F } from 'chainrule/nn';
 * F.normalize(tensor([[3, 4]])).toArray(); // [[0.6, 0.8]]
 * ```
 */
export function normalize(input: Tensor, options: NormalizeOptions = {}): Tensor {
  const op = 'normalize';
  checkOptions(op, options, { p: 'any', dim: 'any', eps: 'any' });
  requireFloat(op, input);
  const p = checkOrder(op, options.p ?? 2);
  const eps = options.eps ?? 1e-12;
  if (!(eps >= 0)) throw new ValueError(op, `eps must be a non-negative number, got ${formatValue(eps)}`);
  if (input.ndim === 0) throw new ValueError(op, 'input must have at least 1 dim, got a 0-d tensor');
  const dim = normalizeDim(op, options.dim ?? 1, input.ndim);
  const norm = vectorNormAlong(input, p, dim, true);
  return input.div(norm.clamp(eps, null));
}

/** Checks two float operands of one dtype whose shapes broadcast; returns the broadcast shape. */
function checkPair(op: string, x1: Tensor, x2: Tensor): number[] {
  requireFloat(op, x1, 'x1');
  requireFloat(op, x2, 'x2');
  if (x1.dtype !== x2.dtype) {
    throw new DTypeError(op, `x1 is ${x1.dtype} ${fmtShape(x1.shape)} but x2 is ${x2.dtype} ${fmtShape(x2.shape)}`);
  }
  return broadcastShapes(op, x1.shape, x2.shape);
}

/** Options of {@link cosineSimilarity}. */
export interface CosineSimilarityOptions {
  /** The dim of the vectors (default 1). */
  dim?: number;
  /** Lower bound of the product of the norms (default 1e-8). */
  eps?: number;
}

/**
 * Cosine of the angle between x1 and x2 along `dim` (shapes broadcast), the dim removed:
 * Σ x1·x2 / √(max(Σ x1², eps²) · max(Σ x2², eps²)). As in PyTorch, the clamps do not enter the
 * gradient (it is that of the unclamped squared norms).
 *
 * ```ts
 * import { tensor } from 'chainrule';
 * import { functional as F } from 'chainrule/nn';
 * F.cosineSimilarity(tensor([[1, 0]]), tensor([[1, 1]])).toArray(); // [0.7071…]
 * ```
 */
export function cosineSimilarity(x1: Tensor, x2: Tensor, options: CosineSimilarityOptions = {}): Tensor {
  checkOptions('cosineSimilarity', options, { dim: 'any', eps: 'any' });
  const op = 'cosineSimilarity';
  const shape = checkPair(op, x1, x2);
  const eps = options.eps ?? 1e-8;
  if (!(eps >= 0)) throw new ValueError(op, `eps must be a non-negative number, got ${formatValue(eps)}`);
  if (shape.length === 0) throw new ValueError(op, 'inputs must have at least 1 dim, got 0-d tensors');
  const dim = normalizeDim(op, options.dim ?? 1, shape.length);
  const a = x1.expand(shape);
  const b = x2.expand(shape);
  const w12 = a.mul(b).sum(dim);
  return w12.div(clampedForward(a.mul(a).sum(dim), eps * eps).mul(clampedForward(b.mul(b).sum(dim), eps * eps)).sqrt());
}

/**
 * max(s, floor) in the forward pass with the gradient of s (PyTorch clamps the squared norms in
 * place under no_grad, so the clamp is invisible to autograd): s + (max(s, floor) − s) detached.
 */
function clampedForward(s: Tensor, floor: number): Tensor {
  return s.add(s.detach().clamp(floor, null).sub(s.detach()));
}

/** Options of {@link pairwiseDistance}. */
export interface PairwiseDistanceOptions {
  /** Order of the norm (default 2). */
  p?: number;
  /** Added to the difference before the norm, against a zero vector (default 1e-6). */
  eps?: number;
  /** Keep the last dim with size 1 (default false). */
  keepdim?: boolean;
}

/**
 * ‖x1 − x2 + eps‖_p along the last dim (shapes broadcast).
 *
 * ```ts
 * import { tensor } from 'chainrule';
 * import { functional as F } from 'chainrule/nn';
 * F.pairwiseDistance(tensor([[0, 0]]), tensor([[3, 4]]), { eps: 0 }).toArray(); // [5]
 * ```
 */
export function pairwiseDistance(x1: Tensor, x2: Tensor, options: PairwiseDistanceOptions = {}): Tensor {
  checkOptions('pairwiseDistance', options, { p: 'any', eps: 'any', keepdim: 'bool' });
  const op = 'pairwiseDistance';
  const shape = checkPair(op, x1, x2);
  const p = checkOrder(op, options.p ?? 2);
  const eps = options.eps ?? 1e-6;
  if (!Number.isFinite(eps)) throw new ValueError(op, `eps must be a finite number, got ${formatValue(eps)}`);
  if (shape.length === 0) throw new ValueError(op, 'inputs must have at least 1 dim, got 0-d tensors');
  return vectorNormAlong(x1.sub(x2).add(eps), p, shape.length - 1, options.keepdim ?? false);
}
