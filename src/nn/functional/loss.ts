/**
 * Regression losses (mseLoss, l1Loss) and what every loss shares: the `reduction` option and the
 * checks on input/target pairs.
 * @module
 */
import { DTypeError, ShapeError, ValueError, fmtShape } from '../../errors.js';
import { formatValue } from '../../errors.js';
import { sameShape } from '../../shape.js';
import { broadcastsTo } from './checks.js';
import { requireFloat } from '../../ops/util.js';
import type { Tensor } from '../../tensor/tensor.js';
import { checkTensor } from '../../checks/args.js';
import { checkOptions } from '../../checks/options.js';
import { LOSS_OPTIONS } from '../schemas.js';

/** How a loss combines its per-element values: their mean (default), their sum, or none (keep them). */
export type Reduction = 'mean' | 'sum' | 'none';

/** Options of the losses without class weights. */
export interface LossOptions {
  /** 'mean' (default), 'sum' or 'none'. */
  reduction?: Reduction;
}

/** Validates the `reduction` option (default 'mean'). */
export function checkReduction(op: string, reduction: unknown = 'mean'): Reduction {
  if (reduction === 'mean' || reduction === 'sum' || reduction === 'none') return reduction;
  throw new ValueError(op, `reduction must be 'mean', 'sum' or 'none', got ${formatValue(reduction)}`);
}

/** Applies a reduction to per-element losses. */
export function reduceLoss(loss: Tensor, reduction: Reduction): Tensor {
  if (reduction === 'none') return loss;
  return reduction === 'sum' ? loss.sum() : loss.mean();
}

/** Checks a float input and a target of the same shape and dtype. */
export function checkSameShape(op: string, input: Tensor, target: Tensor): void {
  requireFloat(op, input);
  checkTensor(op, 'target', target);
  if (target.dtype !== input.dtype) {
    throw new DTypeError(op, `target is ${target.dtype} but input is ${input.dtype} (input ${fmtShape(input.shape)}, target ${fmtShape(target.shape)})`);
  }
  if (!sameShape(input.shape, target.shape)) {
    throw new ShapeError(op, `target shape ${fmtShape(target.shape)} must equal the input shape ${fmtShape(input.shape)}`);
  }
}

/** Checks an optional per-element weight: the input's dtype, broadcastable to its shape. Weights are constants (no gradient). */
export function checkElementWeight(op: string, name: string, weight: Tensor | null | undefined, input: Tensor): Tensor | null {
  if (weight === null || weight === undefined) return null;
  if (weight.dtype !== input.dtype) {
    throw new DTypeError(op, `${name} is ${weight.dtype} but input is ${input.dtype} (${name} ${fmtShape(weight.shape)}, input ${fmtShape(input.shape)})`);
  }
  if (!broadcastsTo(weight.shape, input.shape)) {
    throw new ShapeError(op, `${name} of shape ${fmtShape(weight.shape)} does not broadcast to the input's shape ${fmtShape(input.shape)}`);
  }
  return weight.detach();
}

/** Mean squared error: ℓ_i = (x_i − y_i)², then reduced. Input and target have the same shape. */
export function mseLoss(input: Tensor, target: Tensor, options: LossOptions = {}): Tensor {
  checkOptions('mseLoss', options, LOSS_OPTIONS);
  const reduction = checkReduction('mseLoss', options.reduction);
  checkSameShape('mseLoss', input, target);
  const diff = input.sub(target);
  return reduceLoss(diff.mul(diff), reduction);
}

/** Mean absolute error: ℓ_i = |x_i − y_i|, then reduced. Input and target have the same shape. */
export function l1Loss(input: Tensor, target: Tensor, options: LossOptions = {}): Tensor {
  checkOptions('l1Loss', options, LOSS_OPTIONS);
  const reduction = checkReduction('l1Loss', options.reduction);
  checkSameShape('l1Loss', input, target);
  return reduceLoss(input.sub(target).abs(), reduction);
}
