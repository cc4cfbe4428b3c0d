/**
 * Classification losses over a class dim: nllLoss (on log-probabilities) and crossEntropy (on
 * logits, with class-index or class-probability targets, class weights, ignoreIndex and label
 * smoothing), with PyTorch's definitions of each reduction's denominator.
 * @module
 */
import { DTypeError, IndexError, ShapeError, ValueError, fmtShape } from '../../errors.js';
import { formatValue } from '../../errors.js';
import { sameShape } from '../../shape.js';
import { integerIndex } from '../../ops/promotion.js';
import { empty, requireFloat, scalar } from '../../ops/util.js';
import { scatterAdd } from '../../ops/indexing.js';
import { noGrad } from '../../autograd/grad-mode.js';
import { record, type Node } from '../../autograd/node.js';
import { tensor } from '../../tensor/creation.js';
import type { Tensor } from '../../tensor/tensor.js';
import { checkReduction, type Reduction } from './loss.js';
import { checkTensor } from '../../checks/args.js';
import { checkOptions } from '../../checks/options.js';
import { CROSS_ENTROPY_OPTIONS, NLL_LOSS_OPTIONS } from '../schemas.js';

/** Options of {@link nllLoss}. */
export interface NllLossOptions {
  /** Weight of each class, shape [C] (a constant: it gets no gradient). */
  weight?: Tensor | null;
  /** Target value whose positions contribute nothing, not even to the mean's denominator (default -100). */
  ignoreIndex?: number;
  /** 'mean' (default; weighted: Σ loss / Σ weight of the counted targets), 'sum' or 'none'. */
  reduction?: Reduction;
}

/** Options of {@link crossEntropy}. */
export interface CrossEntropyOptions extends NllLossOptions {
  /** ε in [0, 1]: the target becomes (1 − ε)·target + ε/C (default 0). */
  labelSmoothing?: number;
}

/** A class-index target decoded once: safe indices (ignored ones set to 0) and per-position weights. */
interface IndexTarget {
  /** The target with ignored positions replaced by class 0 (safe to gather with). */
  safe: Tensor;
  /** True where the target is not ignoreIndex (target's shape). */
  counted: Tensor;
  /** weight[target] (1 without weights), 0 where ignored, in the input's dtype (target's shape). */
  weights: Tensor;
  /** Σ weights: the denominator of the 'mean' reduction. */
  weightSum: number;
}

/** Checks input [C] / [N, C, d1, ...] against an int32 target [] / [N, d1, ...] and decodes the target. */
function indexTarget(op: string, input: Tensor, target: Tensor, weight: Tensor | null | undefined, ignoreIndex: number): IndexTarget {
  requireFloat(op, input);
  if (input.ndim < 1) throw new ShapeError(op, `input must be [C] or [N, C, d1, ...], got a scalar`);
  target = integerIndex(op, target, 'class-index target');
  if (target.dtype !== 'int32') {
    throw new DTypeError(op, `class-index target must be int32, got ${target.dtype} (shape ${fmtShape(target.shape)})`);
  }
  const classDim = input.ndim === 1 ? 0 : 1;
  const expected = input.shape.filter((_, d) => d !== classDim);
  if (!sameShape(expected, target.shape)) {
    throw new ShapeError(op, `target shape ${fmtShape(target.shape)} must be ${fmtShape(expected)} for input ${fmtShape(input.shape)} (class dim ${classDim})`);
  }
  const classes = input.shape[classDim]!;
  const classWeights = checkClassWeight(op, weight, input, classes);
  const values = target.toTypedArray();
  const safe = new Int32Array(values.length);
  const weights = new Float64Array(values.length);
  const counted = new Uint8Array(values.length);
  let weightSum = 0;
  for (let i = 0; i < values.length; i++) {
    const c = values[i]!;
    if (c === ignoreIndex) continue;
    if (c < 0 || c >= classes) {
      throw new IndexError(op, `target ${c} (at flat position ${i}) is out of range for ${classes} classes (ignoreIndex=${ignoreIndex})`);
    }
    safe[i] = c;
    counted[i] = 1;
    weights[i] = classWeights === null ? 1 : classWeights[c]!;
    weightSum += weights[i]!;
  }
  return {
    safe: tensor(safe).reshape(target.shape),
    counted: tensor(counted, { dtype: 'bool' }).reshape(target.shape),
    weights: tensor(weights, { dtype: input.dtype }).reshape(target.shape),
    weightSum,
  };
}

/** Checks class weights: shape [C], the input's dtype. Returns their values (null when absent). */
function checkClassWeight(op: string, weight: Tensor | null | undefined, input: Tensor, classes: number): ArrayLike<number> | null {
  if (weight === null || weight === undefined) return null;
  if (weight.dtype !== input.dtype) throw new DTypeError(op, `weight is ${weight.dtype} but input is ${input.dtype}`);
  if (weight.ndim !== 1 || weight.shape[0] !== classes) {
    throw new ShapeError(op, `weight must have shape [${classes}] (one per class of input ${fmtShape(input.shape)}), got ${fmtShape(weight.shape)}`);
  }
  return weight.toTypedArray();
}

/** Class weights viewed to broadcast along the class dim of `input` ([1, C, 1, ...]). */
function weightAlongClassDim(weight: Tensor, input: Tensor, classDim: number): Tensor {
  return weight.detach().reshape(input.shape.map((s, d) => (d === classDim ? s : 1)));
}

/**
 * Negative log-likelihood: ℓ_n = −w[y_n]·x[n, y_n] for log-probabilities x [N, C, d1, ...] (or
 * [C]) and class indices y (int32); positions with y_n = ignoreIndex give 0. 'mean' divides by
 * Σ w[y_n] over the counted positions (NaN when none are counted, as PyTorch).
 */
export function nllLoss(input: Tensor, target: Tensor, options: NllLossOptions = {}): Tensor {
  const op = 'nllLoss';
  checkOptions(op, options, NLL_LOSS_OPTIONS);
  checkTensor(op, 'input', input);
  checkTensor(op, 'target', target);
  const reduction = checkReduction(op, options.reduction);
  const t = indexTarget(op, input, target, options.weight, options.ignoreIndex ?? -100);
  return reduceNll(input, t, reduction);
}

/** What the NLL node's VJP reads besides its saved target tensors. */
interface NllAttrs {
  readonly reduction: Reduction;
  readonly classDim: number;
  readonly weightSum: number;
}

/**
 * The negative log-likelihood of log-probabilities `input` at the target's classes, as one node
 * (PyTorch's NllLossBackward): loss_i = −w_i·input[i, t_i], 0 where the target is ignored, then
 * the reduction ('mean' divides the sum by Σw). The value is computed by gather, mul, neg, where
 * and sum outside the graph; where(), not a zero weight, drops ignored positions, so an −∞ there
 * never turns into NaN.
 */
function reduceNll(input: Tensor, t: IndexTarget, reduction: Reduction): Tensor {
  const classDim = input.ndim === 1 ? 0 : 1;
  const out = noGrad(() => {
    const picked = input.gather(classDim, t.safe.unsqueeze(classDim)).squeeze(classDim);
    const loss = picked.mul(t.weights).neg().where(t.counted, scalar(0, input.dtype));
    if (reduction === 'none') return loss;
    return reduction === 'sum' ? loss.sum() : loss.sum().div(t.weightSum);
  });
  return record('NllLossBackward', out, [input], nllVjp, [t.safe, t.counted, t.weights], { reduction, classDim, weightSum: t.weightSum });
}
// d loss/d input[i, c] = −w_i·g_i if c = t_i and t_i is not ignored, else 0 (g_i = g for 'sum', g/Σw for 'mean')
function nllVjp(g: Tensor, [safe, counted, weights]: readonly Tensor[], node: Node<NllAttrs>): Tensor[] {
  const { reduction, classDim, weightSum } = node.attrs;
  const perPosition = reduction === 'none' ? g : (reduction === 'mean' ? g.div(weightSum) : g).expand(weights!.shape);
  const coefficient = perPosition.where(counted!, scalar(0, g.dtype)).neg().mul(weights!);
  return [scatterAdd(empty(node.inputShapes[0]!, g.dtype), classDim, safe!.unsqueeze(classDim), coefficient.unsqueeze(classDim))];
}

/**
 * Cross-entropy of logits x [N, C, d1, ...] (or [C]) against a target that is either class
 * indices (int32, shape without the class dim) or class probabilities (the input's shape and
 * dtype). With indices: (1 − ε)·nllLoss(logSoftmax(x), y) + ε/C·Σ_c −w_c·logSoftmax(x)_c, the
 * smoothing term reduced with the same denominator. With probabilities: ℓ_n = −Σ_c w_c·p_c·
 * logSoftmax(x)_c with p smoothed to (1 − ε)p + ε/C, and 'mean' divides by N·d1·… .
 */
export function crossEntropy(input: Tensor, target: Tensor, options: CrossEntropyOptions = {}): Tensor {
  const op = 'crossEntropy';
  checkOptions(op, options, CROSS_ENTROPY_OPTIONS);
  checkTensor(op, 'input', input);
  checkTensor(op, 'target', target);
  const reduction = checkReduction(op, options.reduction);
  const smoothing = options.labelSmoothing ?? 0;
  if (typeof smoothing !== 'number' || !(smoothing >= 0 && smoothing <= 1)) {
    throw new ValueError(op, `labelSmoothing must be in [0, 1], got ${formatValue(smoothing)}`);
  }
  requireFloat(op, input);
  if (input.ndim < 1) throw new ShapeError(op, `input must be [C] or [N, C, d1, ...], got a scalar`);
  const classDim = input.ndim === 1 ? 0 : 1;
  const classes = input.shape[classDim]!;
  // A float target with the input's rank holds probabilities; one dim fewer, class indices as
  // whole numbers (what `tensor([1, 2])` gives), as PyTorch tells them apart by shape
  if ((target.dtype === 'float32' || target.dtype === 'float64') && target.ndim === input.ndim) {
    return probabilityTarget(op, input, target, options.weight, smoothing, reduction, classDim, classes);
  }
  const t = indexTarget(op, input, target, options.weight, options.ignoreIndex ?? -100);
  const logp = input.logSoftmax(classDim);
  const nll = reduceNll(logp, t, reduction);
  if (smoothing === 0) return nll;
  const weighted = options.weight ? logp.mul(weightAlongClassDim(options.weight, input, classDim)) : logp;
  // −Σ_c w_c·log p_c per position, 0 where the target is ignored.
  const smooth = weighted.sum(classDim).neg().where(t.counted, scalar(0, input.dtype));
  let smoothReduced: Tensor;
  if (reduction === 'none') smoothReduced = smooth;
  else if (reduction === 'sum') smoothReduced = smooth.sum();
  else {
    const denominator = options.weight ? t.weightSum : (t.counted.toTypedArray() as Uint8Array).reduce((a, b) => a + b, 0);
    smoothReduced = smooth.sum().div(denominator);
  }
  return nll.mul(1 - smoothing).add(smoothReduced.mul(smoothing / classes));
}

function probabilityTarget(
  op: string,
  input: Tensor,
  target: Tensor,
  weight: Tensor | null | undefined,
  smoothing: number,
  reduction: Reduction,
  classDim: number,
  classes: number,
): Tensor {
  if (target.dtype !== input.dtype) {
    throw new DTypeError(op, `probability target is ${target.dtype} but input is ${input.dtype}`);
  }
  if (!sameShape(input.shape, target.shape)) {
    throw new ShapeError(
      op,
      `a probability target must have the input's shape ${fmtShape(input.shape)}, got ${fmtShape(target.shape)} (class-index targets must be int32)`,
    );
  }
  checkClassWeight(op, weight, input, classes);
  const p = smoothing > 0 ? target.mul(1 - smoothing).add(smoothing / classes) : target;
  let terms = input.logSoftmax(classDim).mul(p);
  if (weight) terms = terms.mul(weightAlongClassDim(weight, input, classDim));
  if (reduction === 'none') return terms.sum(classDim).neg();
  const total = terms.sum().neg();
  return reduction === 'sum' ? total : total.div(input.numel() / classes);
}
