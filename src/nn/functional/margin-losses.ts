/**
 * The margin and likelihood losses a course meets after the basic ones (PyTorch's
 * F.margin_ranking_loss, hinge_embedding_loss, soft_margin_loss, cosine_embedding_loss,
 * gaussian_nll_loss, poisson_nll_loss), as compositions (gradients from the primitives).
 * Targets y of the margin losses hold 1 or −1.
 * @module
 */
import { checkBool, checkNumber, checkTensor, describe } from '../../checks/args.js';
import { checkOptions } from '../../checks/options.js';
import { ShapeError, ValueError, fmtShape } from '../../errors.js';
import { where } from '../../ops/binary.js';
import { clamp, softplus } from '../../ops/unary.js';
import { sameShape } from '../../shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { arange } from '../../tensor/creation.js';
import { checkReduction, checkSameShape, reduceLoss, type LossOptions } from './loss.js';
import { nonNegative } from '../schemas.js';

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
  checkOptions(op, options, { reduction: 'any', margin: 'any' });
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
  checkOptions(op, options, { reduction: 'any', margin: 'any' });
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
  checkOptions(op, options, { reduction: 'any' });
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
  checkOptions(op, options, { reduction: 'any', margin: 'any' });
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
  checkOptions(op, options, { reduction: 'any', full: 'bool', eps: 'any' });
  const reduction = checkReduction(op, options.reduction);
  checkSameShape(op, input, target);
  checkTensor(op, 'var', variance);
  const eps = options.eps ?? 1e-6;
  nonNegative(op, 'eps', eps); // a negative eps clamps a zero variance below 0: NaN
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
  checkOptions(op, options, { reduction: 'any', logInput: 'bool', full: 'bool', eps: 'any' });
  const reduction = checkReduction(op, options.reduction);
  checkSameShape(op, input, target);
  const logInput = options.logInput ?? true;
  const full = options.full ?? false;
  const eps = options.eps ?? 1e-8;
  checkBool(op, 'logInput', logInput);
  checkBool(op, 'full', full);
  nonNegative(op, 'eps', eps); // a negative eps takes the log of a negative input + eps: NaN
  let loss = logInput ? input.exp().sub(target.mul(input)) : input.sub(target.mul(input.add(eps).log()));
  if (full) {
    // target is differentiated too, as PyTorch does (so target = 0 gives a NaN target gradient there, as PyTorch's)
    const t = target;
    const stirling = t.mul(t.log()).sub(t).add(t.mul(2 * Math.PI).log().mul(0.5));
    loss = loss.add(where(t.gt(1), stirling, 0));
  }
  return reduceLoss(loss, reduction);
}

/** Options of {@link multiMarginLoss}. */
export interface MultiMarginLossOptions extends LossOptions {
  /** 1 (default) or 2: the hinge, or its square. */
  p?: 1 | 2;
  /** The margin (default 1). */
  margin?: number;
  /** Per-class weights [C], applied by the target class (default none). */
  weight?: Tensor | null;
}

/**
 * The multi-class hinge loss: per sample, Σ_{i ≠ y} max(0, margin − x[y] + x[i])^p / C (weighted
 * by weight[y]); x [N, C] or [C], y int32 class indices [N] or 0-d; reduced over the samples.
 *
 * ```ts
 * F.multiMarginLoss(tensor([[0.1, 0.2, 0.4, 0.8]]), tensor([3], { dtype: 'int32' })).item(); // (0.3 + 0.4 + 0.6)/4 = 0.325
 * ```
 */
export function multiMarginLoss(input: Tensor, target: Tensor, options: MultiMarginLossOptions = {}): Tensor {
  const op = 'multiMarginLoss';
  checkOptions(op, options, { reduction: 'any', p: 'any', margin: 'any', weight: 'any' });
  const reduction = checkReduction(op, options.reduction);
  checkTensor(op, 'input', input);
  checkTensor(op, 'target', target);
  const p = options.p ?? 1;
  if (p !== 1 && p !== 2) throw new ValueError(op, `p must be 1 or 2, got ${describe(p)}`);
  const m = margin(op, options, 1);
  if (input.ndim !== 1 && input.ndim !== 2) throw new ShapeError(op, `input must be [N, C] or [C], got shape ${fmtShape(input.shape)}`);
  if (!sameShape(target.shape, input.shape.slice(0, -1))) throw new ShapeError(op, `target must have shape ${fmtShape(input.shape.slice(0, -1))} (one class per sample), got ${fmtShape(target.shape)}`);
  const x = input.ndim === 1 ? input.unsqueeze(0) : input;
  const y = (input.ndim === 1 ? target.reshape([1]) : target).unsqueeze(1); // [N, 1]
  const c = x.shape[1]!;
  const classes = Array.from(target.toTypedArray(), Number);
  const bad = classes.find((k) => !(Number.isInteger(k) && k >= 0 && k < c));
  if (bad !== undefined) throw new ValueError(op, `target holds ${bad}, not a class index in [0, ${c}) (input ${fmtShape(input.shape)})`);
  const xy = x.gather(1, y); // [N, 1]
  const isTarget = arange(c, { dtype: 'int32' }).unsqueeze(0).eq(y); // [N, C]: the sum skips i = y
  let h = where(isTarget, 0, clamp(x.sub(xy).add(m), 0)); // [N, C]
  if (p === 2) h = h.mul(h);
  const weight = options.weight ?? null;
  if (weight !== null) {
    checkTensor(op, 'weight', weight);
    if (!sameShape(weight.shape, [c])) throw new ShapeError(op, `weight must have shape [${c}], got ${fmtShape(weight.shape)}`);
    h = h.mul(weight.detach().gather(0, y.reshape([-1])).unsqueeze(1));
  }
  const perSample = h.sum(1).div(c);
  const loss = input.ndim === 1 ? perSample.reshape([]) : perSample;
  return reduceLoss(loss, reduction);
}

/**
 * The multi-label logistic loss: per sample −mean_c(y·log σ(x) + (1 − y)·log σ(−x)) over the C
 * labels (each weighted by `weight`), x and y [N, C]; reduced over the samples.
 *
 * ```ts
 * F.multilabelSoftMarginLoss(tensor([[0, 0]]), tensor([[1, 0]])).item(); // log 2
 * ```
 */
export function multilabelSoftMarginLoss(input: Tensor, target: Tensor, options: LossOptions & { weight?: Tensor | null } = {}): Tensor {
  const op = 'multilabelSoftMarginLoss';
  checkOptions(op, options, { reduction: 'any', weight: (o, a, v) => {
    if (v !== null) checkTensor(o, a, v);
  } });
  const reduction = checkReduction(op, options.reduction);
  checkSameShape(op, input, target);
  let terms = target.mul(softplus(input.neg()).neg()).add(target.neg().add(1).mul(softplus(input).neg())); // y·logσ(x) + (1 − y)·logσ(−x)
  if (options.weight) terms = terms.mul(options.weight);
  const perSample = terms.mean(-1).neg();
  return reduceLoss(perSample, reduction);
}
