/**
 * Binary cross-entropy on probabilities (binaryCrossEntropy) and on logits
 * (binaryCrossEntropyWithLogits, stable for any logit, with a positive-class weight).
 * @module
 */
import { noGrad } from '../../autograd/grad-mode.js';
import { record } from '../../autograd/node.js';
import { ValueError, fmtShape } from '../../errors.js';
import { clamp, log } from '../../ops/unary.js';
import type { Tensor } from '../../tensor/tensor.js';
import { checkElementWeight, checkReduction, checkSameShape, reduceLoss, type Reduction } from './loss.js';
import { checkOptions } from '../../checks/options.js';
import { BCE_LOGITS_OPTIONS, BCE_OPTIONS } from '../schemas.js';

/** Options of {@link binaryCrossEntropy}. */
export interface BinaryCrossEntropyOptions {
  /** Weight of each element, broadcast to the input's shape (a constant: it gets no gradient). */
  weight?: Tensor | null;
  /** 'mean' (default), 'sum' or 'none'. */
  reduction?: Reduction;
}

/** Options of {@link binaryCrossEntropyWithLogits}. */
export interface BinaryCrossEntropyWithLogitsOptions extends BinaryCrossEntropyOptions {
  /** Weight of the positive term, broadcast along the last (class) dim (a constant). */
  posWeight?: Tensor | null;
}

/**
 * ℓ_i = −w_i·(y_i·log x_i + (1 − y_i)·log(1 − x_i)) for probabilities x ∈ [0, 1], each log
 * clamped to ≥ −100 as PyTorch does (so x = 0 or 1 gives a finite loss), then reduced.
 */
export function binaryCrossEntropy(input: Tensor, target: Tensor, options: BinaryCrossEntropyOptions = {}): Tensor {
  const op = 'binaryCrossEntropy';
  checkOptions(op, options, BCE_OPTIONS);
  const reduction = checkReduction(op, options.reduction);
  checkSameShape(op, input, target);
  const weight = checkElementWeight(op, 'weight', options.weight, input);
  const values = input.toTypedArray();
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!(v >= 0 && v <= 1)) {
      throw new ValueError(op, `all elements of input must be in [0, 1], found ${v} at flat position ${i} (input ${fmtShape(input.shape)})`);
    }
  }
  const loss = bceElements(input, target);
  return reduceLoss(weight === null ? loss : loss.mul(weight), reduction);
}

/**
 * The elementwise loss as one op, because its derivative is PyTorch's clamped one rather than
 * the derivative of the clamped logs (which is 0/0 at x = 0 or 1).
 */
function bceElements(x: Tensor, y: Tensor): Tensor {
  const out = noGrad(() => {
    const [logX, log1mX] = clampedLogs(x);
    return y.mul(logX).add(y.neg().add(1).mul(log1mX)).neg();
  });
  return record('BinaryCrossEntropyBackward', out, [x, y], bceVjp, [x, y]);
}
// PyTorch's floor on x(1 − x) is the float32 constant 1e-12 (9.99999996e-13), also in float64.
const EPSILON = Math.fround(1e-12);

// d/dx = g·(x − y)/max(x(1 − x), 1e−12);  d/dy = g·(log(1 − x) − log x), unclamped (±∞ at 0 and 1, as PyTorch)
function bceVjp(g: Tensor, [x, y]: readonly Tensor[]): Tensor[] {
  const denominator = x!.mul(x!.neg().add(1)).maximum(EPSILON);
  return [g.mul(x!.sub(y!)).div(denominator), g.mul(log(x!.neg().add(1)).sub(log(x!)))];
}

function clampedLogs(x: Tensor): [Tensor, Tensor] {
  return [clamp(log(x), -100), clamp(log(x.neg().add(1)), -100)];
}

/**
 * ℓ_i = w_i·((1 − y_i)·x_i + (1 + (pw − 1)·y_i)·log(1 + e^(−x_i))) for logits x: the same as
 * binaryCrossEntropy(σ(x), y) but stable, with log(1 + e^(−x)) computed as
 * m + log(e^(−m) + e^(−x−m)), m = max(−x, 0).
 */
export function binaryCrossEntropyWithLogits(
  input: Tensor,
  target: Tensor,
  options: BinaryCrossEntropyWithLogitsOptions = {},
): Tensor {
  const op = 'binaryCrossEntropyWithLogits';
  checkOptions(op, options, BCE_LOGITS_OPTIONS);
  const reduction = checkReduction(op, options.reduction);
  checkSameShape(op, input, target);
  const weight = checkElementWeight(op, 'weight', options.weight, input);
  const posWeight = checkElementWeight(op, 'posWeight', options.posWeight, input);
  // The value does not depend on m, so a constant m gives the exact gradient.
  const m = input.detach().neg().relu();
  const softplusNeg = input.neg().sub(m).exp().add(m.neg().exp()).log().add(m);
  const logWeight = posWeight === null ? softplusNeg : target.mul(posWeight.sub(1)).add(1).mul(softplusNeg);
  const loss = target.neg().add(1).mul(input).add(logWeight);
  return reduceLoss(weight === null ? loss : loss.mul(weight), reduction);
}
