/**
 * Kullback–Leibler divergence loss (PyTorch's F.kl_div).
 * @module
 */
import { checkOptions } from '../../checks/index.js';
import { ValueError } from '../../errors.js';
import { formatValue } from '../../errors.js';
import { where } from '../../ops/binary.js';
import type { Tensor } from '../../tensor/tensor.js';
import { checkSameShape, reduceLoss, type Reduction } from './loss.js';

/** How klDiv combines its per-element values: PyTorch's reductions plus 'batchmean' (sum / batch size). */
export type KlDivReduction = Reduction | 'batchmean';

/** Options of {@link klDiv}. */
export interface KlDivOptions {
  /** 'mean' (default, as PyTorch, though 'batchmean' is the true KL divergence), 'batchmean', 'sum' or 'none'. */
  reduction?: KlDivReduction;
  /** The target holds log-probabilities (default false: probabilities). */
  logTarget?: boolean;
}

/** Checks the reduction of klDiv. */
export function checkKlDivReduction(op: string, reduction: unknown = 'mean'): KlDivReduction {
  if (reduction === 'mean' || reduction === 'sum' || reduction === 'none' || reduction === 'batchmean') return reduction;
  throw new ValueError(op, `reduction must be 'mean', 'batchmean', 'sum' or 'none', got ${formatValue(reduction)}`);
}

/**
 * KL divergence of `input` (log-probabilities) from `target`: ℓ = y·(log y − x), 0 where y = 0
 * (NaN where y < 0, as PyTorch's);
 * with `logTarget`, ℓ = e^y·(y − x). Then reduced; 'batchmean' divides the sum by the size of
 * dim 0. Differentiable in both input and target.
 *
 * ```ts
 * import { tensor } from 'chainrule';
 * import { functional as F } from 'chainrule/nn';
 * const logq = tensor([0.25, 0.75]).log();
 * F.klDiv(logq, tensor([0.5, 0.5]), { reduction: 'sum' }).item(); // 0.1438… = Σ p log(p/q)
 * ```
 */
export function klDiv(input: Tensor, target: Tensor, options: KlDivOptions = {}): Tensor {
  const op = 'klDiv';
  checkOptions(op, options, { reduction: 'any', logTarget: 'bool' });
  const reduction = checkKlDivReduction(op, options.reduction);
  checkSameShape(op, input, target);
  let loss: Tensor;
  if (options.logTarget ?? false) {
    loss = target.exp().mul(target.sub(input));
  } else {
    // y·log y with y = 0 giving 0 (and a finite gradient): the log is taken of 1 there. Only at
    // 0: a negative y is NaN, as PyTorch's xlogy (it was taken as 0, a finite loss from a bad target).
    const safe = where(target.ne(0), target, 1);
    loss = target.mul(safe.log()).sub(target.mul(input));
  }
  if (reduction !== 'batchmean') return reduceLoss(loss, reduction);
  const total = loss.sum();
  return input.ndim === 0 ? total : total.div(input.shape[0]!);
}
