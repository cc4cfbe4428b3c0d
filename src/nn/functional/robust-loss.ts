/**
 * Losses quadratic near zero and linear beyond a threshold: smoothL1Loss and huberLoss
 * (PyTorch's F.smooth_l1_loss and F.huber_loss).
 * @module
 */
import { checkOptions } from '../../checks/index.js';
import { ValueError } from '../../errors.js';
import { formatValue } from '../../errors.js';
import { where } from '../../ops/binary.js';
import type { Tensor } from '../../tensor/tensor.js';
import { checkReduction, checkSameShape, reduceLoss, type LossOptions } from './loss.js';

/** Options of {@link smoothL1Loss}. */
export interface SmoothL1LossOptions extends LossOptions {
  /** Where the loss turns from quadratic to linear (default 1); 0 gives l1Loss. */
  beta?: number;
}

function threshold(op: string, name: string, value: number): number {
  if (typeof value !== 'number' || !(value >= 0) || !Number.isFinite(value)) {
    throw new ValueError(op, `${name} must be a finite non-negative number, got ${formatValue(value)}`);
  }
  return value;
}

/**
 * Smooth L1: with d = |x − y|, ℓ = ½d²/β where d < β, d − ½β elsewhere; then reduced.
 *
 * ```ts
 * import { tensor } from 'chainrule';
 * import { functional as F } from 'chainrule/nn';
 * F.smoothL1Loss(tensor([0.5, 3]), tensor([0, 0]), { reduction: 'none' }).toArray(); // [0.125, 2.5]
 * ```
 */
export function smoothL1Loss(input: Tensor, target: Tensor, options: SmoothL1LossOptions = {}): Tensor {
  const op = 'smoothL1Loss';
  checkOptions(op, options, { reduction: 'any', beta: 'any' });
  const reduction = checkReduction(op, options.reduction);
  checkSameShape(op, input, target);
  const beta = threshold(op, 'beta', options.beta ?? 1);
  const d = input.sub(target).abs();
  if (beta === 0) return reduceLoss(d, reduction);
  return reduceLoss(where(d.lt(beta), d.mul(d).mul(0.5 / beta), d.sub(0.5 * beta)), reduction);
}

/** Options of {@link huberLoss}. */
export interface HuberLossOptions extends LossOptions {
  /** Where the loss turns from quadratic to linear (default 1); must be positive. */
  delta?: number;
}

/**
 * Huber loss: with d = |x − y|, ℓ = ½d² where d < δ, δ(d − ½δ) elsewhere; then reduced
 * (smoothL1Loss with β = δ, times δ).
 *
 * ```ts
 * import { tensor } from 'chainrule';
 * import { functional as F } from 'chainrule/nn';
 * F.huberLoss(tensor([0.5, 3]), tensor([0, 0]), { delta: 2, reduction: 'none' }).toArray(); // [0.125, 4]
 * ```
 */
export function huberLoss(input: Tensor, target: Tensor, options: HuberLossOptions = {}): Tensor {
  const op = 'huberLoss';
  checkOptions(op, options, { reduction: 'any', delta: 'any' });
  const reduction = checkReduction(op, options.reduction);
  checkSameShape(op, input, target);
  const delta = threshold(op, 'delta', options.delta ?? 1);
  if (delta === 0) throw new ValueError(op, 'delta must be positive, got 0');
  const d = input.sub(target).abs();
  return reduceLoss(where(d.lt(delta), d.mul(d).mul(0.5), d.sub(0.5 * delta).mul(delta)), reduction);
}
