/**
 * Instance normalization (PyTorch's F.instance_norm): each channel of each sample normalized over
 * its spatial dims, with optional running statistics.
 * @module
 */
import { checkOptions } from '../../checks/options.js';
import { noGrad } from '../../autograd/grad-mode.js';
import { formatValue } from '../../errors.js';
import { ShapeError, ValueError, fmtShape } from '../../errors.js';
import { requireFloat } from '../../ops/util.js';
import type { Tensor } from '../../tensor/tensor.js';
import { affinePerChannel, checkChannelParams } from './group-norm.js';

/** Options of {@link instanceNorm}. */
export interface InstanceNormOptions {
  /** Running mean [C], updated in place when the input statistics are used (default none). */
  runningMean?: Tensor | null;
  /** Running variance [C], updated in place when the input statistics are used (default none). */
  runningVar?: Tensor | null;
  /** Per-channel scale γ [C] (default none). */
  weight?: Tensor | null;
  /** Per-channel shift β [C] (default none). */
  bias?: Tensor | null;
  /** Normalize with each instance's statistics (default true); false uses the running ones. */
  useInputStats?: boolean;
  /** Weight of the new statistic in the running average (default 0.1). */
  momentum?: number;
  /** Added to the variance before the square root (default 1e-5). */
  eps?: number;
}

/**
 * Instance normalization of x [N, C, ...spatial]: y = (x − μ)/√(σ² + eps)·γ + β with μ, σ²
 * (biased) of each (sample, channel) over the spatial dims. With `useInputStats` (default) and
 * running statistics given, those are updated in place with the batch average of the instance
 * statistics (the variance unbiased), r ← (1 − momentum)·r + momentum·s, as PyTorch does; with
 * `useInputStats: false` the running statistics normalize instead.
 *
 * ```ts
 * import { randn } from 'chainrule';
 * import { functional as F } from 'chainrule/nn';
 * const y = F.instanceNorm(randn([2, 3, 5])); // each of the 6 rows: mean 0, variance ≈ 1
 * ```
 */
export function instanceNorm(input: Tensor, options: InstanceNormOptions = {}): Tensor {
  const op = 'instanceNorm';
  checkOptions(op, options, { runningMean: 'any', runningVar: 'any', weight: 'any', bias: 'any', useInputStats: 'bool', momentum: 'any', eps: 'any' });
  requireFloat(op, input);
  if (input.ndim < 3) throw new ShapeError(op, `input must have at least 3 dims [N, C, ...spatial], got ${fmtShape(input.shape)}`);
  const [n, channels] = input.shape as [number, number];
  const { runningMean = null, runningVar = null, weight, bias } = options;
  checkChannelParams(op, input, channels, { runningMean, runningVar, weight, bias });
  const useInputStats = options.useInputStats ?? true;
  const momentum = options.momentum ?? 0.1;
  const eps = options.eps ?? 1e-5;
  if (!(eps >= 0)) throw new ValueError(op, `eps must be a non-negative number, got ${formatValue(eps)}`);
  const channelShape = input.shape.map((s, d) => (d === 1 ? s : 1));
  const dims = input.shape.slice(2).map((_, i) => i + 2);
  const count = input.shape.slice(2).reduce((a, b) => a * b, 1);
  let centered: Tensor;
  let variance: Tensor;
  if (useInputStats) {
    if (count <= 1) throw new ValueError(op, `expected more than 1 spatial element when using input statistics, got input ${fmtShape(input.shape)}`);
    const mean = input.mean(dims, true);
    centered = input.sub(mean);
    variance = centered.mul(centered).mean(dims, true);
    if (runningMean && runningVar && n > 0) {
      noGrad(() => {
        const m = mean.detach().reshape([n, channels]).mean(0).to(runningMean.dtype);
        const v = variance.detach().reshape([n, channels]).mean(0).mul(count / (count - 1)).to(runningVar.dtype);
        runningMean.mul_(1 - momentum).add_(m.mul(momentum));
        runningVar.mul_(1 - momentum).add_(v.mul(momentum));
      });
    }
  } else {
    if (!runningMean || !runningVar) throw new ValueError(op, 'runningMean and runningVar are required when useInputStats is false');
    centered = input.sub(runningMean.reshape(channelShape));
    variance = runningVar.reshape(channelShape);
  }
  return affinePerChannel(centered.div(variance.add(eps).sqrt()), weight, bias);
}
