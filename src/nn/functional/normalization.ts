/**
 * Batch and layer normalization, composed from mean, subtraction and rsqrt, so their gradients
 * (including through the batch statistics) come from the primitives; training-mode batch norm is
 * one primitive (src/ops/batch-norm.ts) that saves only the input and weight, as PyTorch does.
 * @module
 */
import { noGrad } from '../../autograd/grad-mode.js';
import { ShapeError, ValueError, fmtShape } from '../../errors.js';
import { batchNormTraining } from '../../ops/batch-norm.js';
import { requireFloat } from '../../ops/util.js';
import type { Tensor } from '../../tensor/tensor.js';
import { checkParamDtypes } from './checks.js';
import { describe } from '../../checks/args.js';
import { checkOptions } from '../../checks/options.js';
import { nonNegative, nullableTensor } from '../schemas.js';
import { checkTensor } from '../../checks/args.js';

/** Options of {@link batchNorm}. */
export interface BatchNormOptions {
  /** Per-channel scale γ [C] (default none). */
  weight?: Tensor | null;
  /** Per-channel shift β [C] (default none). */
  bias?: Tensor | null;
  /** Normalize with the batch's statistics and update the running ones (default false). */
  training?: boolean;
  /** Weight of the new batch statistic in the running average (default 0.1). */
  momentum?: number;
  /** Added to the variance before the square root (default 1e-5). */
  eps?: number;
}

/**
 * Batch normalization of x [N, C, ...] per channel C: y = (x − μ)/√(σ² + eps)·γ + β. In
 * training, μ and σ² (biased) come from the batch, and the running statistics (when given) are
 * updated in place: r ← (1 − momentum)·r + momentum·s, with the unbiased variance n/(n − 1)·σ².
 * Otherwise μ and σ² are the running statistics.
 */
export function batchNorm(
  input: Tensor,
  runningMean: Tensor | null,
  runningVar: Tensor | null,
  options: BatchNormOptions = {},
): Tensor {
  const op = 'batchNorm';
  checkTensor(op, 'input', input);
  runningMean ??= null;
  runningVar ??= null;
  requireFloat(op, input);
  checkOptions(op, options, { weight: nullableTensor, bias: nullableTensor, training: 'bool', momentum: 'finite', eps: nonNegative });
  if (runningMean != null) checkTensor(op, 'runningMean', runningMean);
  if (runningVar != null) checkTensor(op, 'runningVar', runningVar);
  checkParamDtypes(op, input, { runningMean, runningVar, weight: options.weight, bias: options.bias });
  const training = options.training ?? false;
  const momentum = options.momentum ?? 0.1;
  const eps = options.eps ?? 1e-5;
  if (input.ndim < 2) throw new ShapeError(op, `input must have at least 2 dims [N, C, ...], got ${fmtShape(input.shape)}`);
  const channels = input.shape[1]!;
  const perChannel: [string, Tensor | null | undefined][] = [
    ['runningMean', runningMean], ['runningVar', runningVar], ['weight', options.weight], ['bias', options.bias],
  ];
  for (const [name, t] of perChannel) {
    if (t && (t.ndim !== 1 || t.shape[0] !== channels)) {
      throw new ShapeError(op, `${name} must have shape [${channels}] for input ${fmtShape(input.shape)} with ${channels} channels, got ${fmtShape(t.shape)}`);
    }
  }
  const count = input.numel() / Math.max(channels, 1);
  const channelShape = input.shape.map((s, d) => (d === 1 ? s : 1));
  let centered: Tensor;
  let variance: Tensor;
  if (training) {
    if (count <= 1) {
      throw new ValueError(op, `expected more than 1 value per channel when training, got input ${fmtShape(input.shape)}`);
    }
    // one primitive (src/ops/batch-norm.ts): saves the input and weight, as PyTorch, not intermediates
    const batch = batchNormTraining(input, options.weight, options.bias, eps);
    if (runningMean !== null && runningVar !== null) {
      updateRunning(runningMean, runningVar, batch.mean, batch.variance, momentum, count);
    }
    return batch.output;
  } else {
    if (runningMean === null || runningVar === null) {
      throw new ValueError(op, 'runningMean and runningVar are required when training is false');
    }
    centered = input.sub(runningMean.reshape(channelShape));
    variance = runningVar.reshape(channelShape);
  }
  let y = centered.div(variance.add(eps).sqrt());
  if (options.weight) y = y.mul(options.weight.reshape(channelShape));
  if (options.bias) y = y.add(options.bias.reshape(channelShape));
  return y;
}

// r ← (1 − m)·r + m·s, with the unbiased variance for the running variance (as PyTorch).
function updateRunning(runningMean: Tensor, runningVar: Tensor, mean: Tensor, variance: Tensor, momentum: number, count: number): void {
  noGrad(() => {
    runningMean.mul_(1 - momentum).add_(mean.detach().reshape([-1]).to(runningMean.dtype).mul(momentum));
    const unbiased = variance.detach().reshape([-1]).mul(count / (count - 1));
    runningVar.mul_(1 - momentum).add_(unbiased.to(runningVar.dtype).mul(momentum));
  });
}

/** Options of {@link layerNorm}. */
export interface LayerNormOptions {
  /** Elementwise scale of shape normalizedShape (default none). */
  weight?: Tensor | null;
  /** Elementwise shift of shape normalizedShape (default none). */
  bias?: Tensor | null;
  /** Added to the variance before the square root (default 1e-5). */
  eps?: number;
}

/**
 * Layer normalization over the last dims (those of `normalizedShape`):
 * y = (x − μ)/√(σ² + eps)·γ + β with μ, σ² (biased) of each sample's trailing block.
 */
export function layerNorm(input: Tensor, normalizedShape: number | readonly number[], options: LayerNormOptions = {}): Tensor {
  const op = 'layerNorm';
  requireFloat(op, input);
  checkOptions(op, options, { weight: nullableTensor, bias: nullableTensor, eps: nonNegative });
  if (typeof normalizedShape !== 'number' && !Array.isArray(normalizedShape)) {
    throw new ValueError(op, `normalizedShape must be a size or an array of sizes, got ${describe(normalizedShape)}`);
  }
  checkParamDtypes(op, input, { weight: options.weight, bias: options.bias });
  const shape = typeof normalizedShape === 'number' ? [normalizedShape] : [...normalizedShape];
  const k = shape.length;
  const tail = input.shape.slice(input.ndim - k);
  if (k === 0 || input.ndim < k || tail.join(',') !== shape.join(',')) {
    throw new ShapeError(op, `input ${fmtShape(input.shape)} must end with normalizedShape ${fmtShape(shape)}`);
  }
  for (const [name, t] of [['weight', options.weight], ['bias', options.bias]] as const) {
    if (t && t.shape.join(',') !== shape.join(',')) {
      throw new ShapeError(op, `${name} must have shape normalizedShape ${fmtShape(shape)}, got ${fmtShape(t.shape)}`);
    }
  }
  const eps = options.eps ?? 1e-5;
  const dims = shape.map((_, i) => input.ndim - k + i);
  const mean = input.mean(dims, true);
  const centered = input.sub(mean);
  const variance = centered.mul(centered).mean(dims, true);
  let y = centered.div(variance.add(eps).sqrt());
  if (options.weight) y = y.mul(options.weight);
  if (options.bias) y = y.add(options.bias);
  return y;
}
