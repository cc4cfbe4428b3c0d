/**
 * Triplet margin loss (PyTorch's F.triplet_margin_loss).
 * @module
 */
import { checkTensor } from '../../checks/index.js';
import { checkOptions } from '../../checks/options.js';
import { DTypeError, ShapeError, ValueError, fmtShape } from '../../errors.js';
import { formatValue } from '../../errors.js';
import { minimum } from '../../ops/binary.js';
import { requireFloat } from '../../ops/util.js';
import type { Tensor } from '../../tensor/tensor.js';
import { checkOrder, pairwiseDistance } from './distance.js';
import { checkReduction, reduceLoss, type LossOptions } from './loss.js';

/** Options of {@link tripletMarginLoss}. */
export interface TripletMarginLossOptions extends LossOptions {
  /** The margin the negative must be farther than the positive (default 1). */
  margin?: number;
  /** Order of the distance's norm (default 2). */
  p?: number;
  /** Added to differences before the norm (default 1e-6). */
  eps?: number;
  /** Use min(d(a, n), d(p, n)) as the negative distance (default false). */
  swap?: boolean;
}

/**
 * Triplet margin loss: ℓ = max(d(a, p) − d(a, n) + margin, 0) with d the pairwiseDistance over
 * the last dim, for anchors, positives and negatives of one shape [D] or [N, D]; then reduced.
 *
 * ```ts
 * import { tensor } from 'chainrule';
 * import { functional as F } from 'chainrule/nn';
 * const a = tensor([[0, 0]]), p = tensor([[0, 1]]), n = tensor([[0, 3]]);
 * F.tripletMarginLoss(a, p, n, { margin: 3, eps: 0 }).item(); // 1 = 1 − 3 + 3
 * ```
 */
export function tripletMarginLoss(anchor: Tensor, positive: Tensor, negative: Tensor, options: TripletMarginLossOptions = {}): Tensor {
  checkOptions('tripletMarginLoss', options, { reduction: 'any', margin: 'any', p: 'any', eps: 'any', swap: 'bool' });
  const op = 'tripletMarginLoss';
  checkTensor(op, 'anchor', anchor);
  checkTensor(op, 'positive', positive);
  checkTensor(op, 'negative', negative);
  const reduction = checkReduction(op, options.reduction);
  const args: [string, Tensor][] = [['anchor', anchor], ['positive', positive], ['negative', negative]];
  for (const [name, t] of args) {
    requireFloat(op, t, name);
    if (t.dtype !== anchor.dtype) throw new DTypeError(op, `${name} is ${t.dtype} but anchor is ${anchor.dtype}`);
    if (t.ndim !== anchor.ndim || t.ndim < 1 || t.ndim > 2) {
      throw new ShapeError(op, `anchor, positive and negative must all be [D] or [N, D], got ${args.map(([n, v]) => `${n} ${fmtShape(v.shape)}`).join(', ')}`);
    }
  }
  const margin = options.margin ?? 1;
  if (!Number.isFinite(margin)) throw new ValueError(op, `margin must be a finite number, got ${formatValue(margin)}`);
  const distance = { p: checkOrder(op, options.p ?? 2), eps: options.eps ?? 1e-6 };
  const dPos = pairwiseDistance(anchor, positive, distance);
  let dNeg = pairwiseDistance(anchor, negative, distance);
  if (options.swap ?? false) dNeg = minimum(dNeg, pairwiseDistance(positive, negative, distance));
  return reduceLoss(dPos.sub(dNeg).add(margin).clamp(0, null), reduction);
}
