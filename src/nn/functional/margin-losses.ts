/**
 * The margin and likelihood losses a course meets after the basic ones (PyTorch's
 * F.margin_ranking_loss, hinge_embedding_loss, soft_margin_loss, cosine_embedding_loss,
 * gaussian_nll_loss, poisson_nll_loss), as compositions (gradients from the primitives).
 * Targets y of the margin losses hold 1 or −1.
 * @module
 */
import { checkBool, checkNumber, checkTensor } from '../../checks/args.js';
import { ShapeError, ValueError, fmtShape } from '../../errors.js';
import { where } from '../../ops/binary.js';
import { clamp, softplus } from '../../ops/unary.js';
import { sameShape } from '../../shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { checkReduction, checkSameShape, reduceLoss, type LossOptions } from './loss.js';

/** Options of the margin losses: `margin` and the reduction. */
export interface MarginLossOptions extends LossOptions {
  /** The margin (defaults: 0 for marginRankingLoss and cosineEmbeddingLoss, 1 for hingeEmbeddingLoss). */
  margin?: number;
}

function margin(op: string, options: MarginLossOptions, fallback: number): number {
  const m = options.margin ?? fallback;
  checkNumber(op, 'margin', m);
  return m;
}

/**
 * max(0, −y·(x1 − x2) + margin), reduced: y = 1 asks x1 to rank above x2 by the margin.
 *
 * ```ts
 * F.marginRankingLoss(tensor([1, 0]), tensor([0, 1]), tensor([1, 1]), { margin: 0.5, reduction: 'none' }).toArray(); // [0, 1.5]
 * ```
 */
export function marginRankingLoss(x1: Tensor, x2: Tensor, y: Tensor, options: MarginLossOptions = {}): Tensor {
  const op = 'marginRankingLoss';
  const reduction = checkReduction(op, options.reduction);
  checkSameShape(op, x1, x2);
  checkSameShape(op, x1, y);
  const m = margin(op, options, 0);
  return reduceLoss(clamp(y.neg().mul(x1.sub(x2)).add(m), 0), reduction);
}

/**
 * x where y = 1, max(0, margin − x) where y = −1 (x typically a distance), reduced.
 *
 * ```ts
 * F.hingeEmbeddingLoss(tensor([0.3, 0.4]), tensor([1, -1]), { reduction: 'none' }).toArray(); // [0.3, 0.6]
 * ```
 */
export function hingeEmbeddingLoss(x: Tensor, y: Tensor, options: MarginLossOptions = {}): Tensor {
  const op = 'hingeEmbeddingLoss';
  const reduction = checkReduction(op, options.reduction);
  checkSameShape(op, x, y);
  const m = margin(op, options, 1);
  // PyTorch's form: (y ≠ 1)·max(0, margin − x) + (y ≠ −1)·x
  const outside = where(y.ne(1), clamp(x.neg().add(m), 0), 0);
  const inside = where(y.ne(-1), x, 0);
  return reduceLoss(outside.add(inside), reduction);
}

/**
 * log(1 + exp(−y·x)) (the logistic loss for ±1 labels), reduced.
 *
 * ```ts
 * F.softMarginLoss(tensor([0]), tensor([1])).item(); // log 2
 * ```
 */
export function softMarginLoss(x: Tensor, y: Tensor, options: LossOptions = {}): Tensor {
  const op = 'softMarginLoss';
  const reduction = checkReduction(op, options.reduction);
  checkSameShape(op, x, y);
  return reduceLoss(softplus(y.neg().mul(x)), reduction);
}

/**
 * 1 − cos(x1, x2) where y = 1, max(0, cos(x1, x2) − margin) where y = −1, with cos over dim 1 of
 * [N, D] inputs (or over D for [D] inputs and a 0-d y), PyTorch's ε = 1e-12 in the norms; reduced.
 *
 * ```ts
 * F.cosineEmbeddingLoss(tensor([[1, 0]]), tensor([[0, 1]]), tensor([1])).item(); // 1: orthogonal
 * ```
 */
export function cosineEmbeddingLoss(x1: Tensor, x2: Tensor, y: Tensor, options: MarginLossOptions = {}): Tensor {
  const op = 'cosineEmbeddingLoss';
  const reduction = checkReduction(op, options.reduction);
  checkSameShape(op, x1, x2);
  checkTensor(op, 'target', y);
  if ((x1.ndim !== 1 && x1.ndim !== 2) || !sameShape(y.shape, x1.shape.slice(0, -1))) {
    throw new ShapeError(op, `expected x1, x2 of shape [N, D] with target [N] (or [D] with a 0-d target), got ${fmtShape(x1.shape)} and target ${fmtShape(y.shape)}`);
  }
  const m = margin(op, options, 0);
  const eps = 1e-12;
  const dot = x1.mul(x2).sum(-1);
  const cos = dot.div(x1.mul(x1).sum(-1).add(eps).mul(x2.mul(x2).sum(-1).add(eps)).sqrt());
  const loss = where(y.eq(1), cos.neg().add(1), 0).add(where(y.eq(-1), clamp(cos.sub(m), 0), 0));
  return reduceLoss(loss, reduction);
}

/** Options of {@link gaussianNllLoss}. */
export interface GaussianNllLossOptions extends LossOptions {
  /** Add the constant ½·log(2π) (default false). */
  full?: boolean;
  /** Lower clamp of the variance (default 1e-6); the clamp passes the gradient through, as PyTorch's. */
  eps?: number;
}

/**
 * The Gaussian negative log-likelihood ½(log max(var, eps) + (input − target)²/max(var, eps)),
 * reduced; `var` has input's shape, or one dim fewer (one variance per row), or its last dim 1.
 *
 * ```ts
 * F.gaussianNllLoss(tensor([1]), tensor([3]), tensor([4])).item(); // ½(log 4 + 1)
 * ```
 */
export function gaussianNllLoss(input: Tensor, target: Tensor, variance: Tensor, options: GaussianNllLossOptions = {}): Tensor {
  const op = 'gaussianNllLoss';
  const reduction = checkReduction(op, options.reduction);
  checkSameShape(op, input, target);
  checkTensor(op, 'var', variance);
  const eps = options.eps ?? 1e-6;
  checkNumber(op, 'eps', eps);
  const full = options.full ?? false;
  checkBool(op, 'full', full);
  let v = variance;
  if (v.ndim === input.ndim - 1 && sameShape(v.shape, input.shape.slice(0, -1))) v = v.unsqueeze(-1);
  const lastOne = v.ndim === input.ndim && sameShape(v.shape.slice(0, -1), input.shape.slice(0, -1)) && v.shape[v.ndim - 1] === 1;
  if (!sameShape(v.shape, input.shape) && !lastOne) {
    throw new ShapeError(op, `var of shape ${fmtShape(variance.shape)} must have the input's shape ${fmtShape(input.shape)}, that shape with the last dim 1, or without the last dim`);
  }
  if (v.lt(0).any().item()) throw new ValueError(op, 'var has negative entries');
  // PyTorch clamps a copy under no_grad: the value is clamped, the gradient passes through unchanged
  const vc = v.add(clamp(v, eps).sub(v).detach());
  let loss = vc.log().add(input.sub(target).square().div(vc)).mul(0.5);
  if (full) loss = loss.add(0.5 * Math.log(2 * Math.PI));
  return reduceLoss(loss, reduction);
}

/** Options of {@link poissonNllLoss}. */
export interface PoissonNllLossOptions extends LossOptions {
  /** input is log λ (default true): loss exp(input) − target·input; else λ − target·log(λ + eps). */
  logInput?: boolean;
  /** Add Stirling's approximation of log(target!) where target > 1 (default false). */
  full?: boolean;
  /** Added to λ inside the log when logInput is false (default 1e-8). */
  eps?: number;
}

/**
 * The Poisson negative log-likelihood (without the log(target!) term unless `full`), reduced.
 *
 * ```ts
 * F.poissonNllLoss(tensor([0]), tensor([2])).item(); // exp(0) − 2·0 = 1
 * ```
 */
export function poissonNllLoss(input: Tensor, target: Tensor, options: PoissonNllLossOptions = {}): Tensor {
  const op = 'poissonNllLoss';
  const reduction = checkReduction(op, options.reduction);
  checkSameShape(op, input, target);
  const logInput = options.logInput ?? true;
  const full = options.full ?? false;
  const eps = options.eps ?? 1e-8;
  checkBool(op, 'logInput', logInput);
  checkBool(op, 'full', full);
  checkNumber(op, 'eps', eps);
  let loss = logInput ? input.exp().sub(target.mul(input)) : input.sub(target.mul(input.add(eps).log()));
  if (full) {
    // target is differentiated too, as PyTorch does (so target = 0 gives a NaN target gradient there, as PyTorch's)
    const t = target;
    const stirling = t.mul(t.log()).sub(t).add(t.mul(2 * Math.PI).log().mul(0.5));
    loss = loss.add(where(t.gt(1), stirling, 0));
  }
  return reduceLoss(loss, reduction);
}
