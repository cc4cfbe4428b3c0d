/**
 * Root-mean-square normalization (PyTorch 2's F.rms_norm).
 * @module
 */
import { checkIntOrList, checkTensor } from '../../checks/index.js';
import { checkOptions } from '../../checks/options.js';
import { ShapeError, ValueError, fmtShape } from '../../errors.js';
import { formatValue } from '../../errors.js';
import { requireFloat } from '../../ops/util.js';
import type { Tensor } from '../../tensor/tensor.js';
import { checkParamDtypes } from './checks.js';

/** Options of {@link rmsNorm}. */
export interface RmsNormOptions {
  /** Elementwise scale of shape normalizedShape (default none). */
  weight?: Tensor | null;
  /** Added to the mean square (default: the dtype's machine epsilon, 2⁻²³ for float32, 2⁻⁵² for float64, as PyTorch). */
  eps?: number | null;
}

/** Machine epsilon of a float dtype (torch.finfo(dtype).eps). */
export function machineEpsilon(dtype: string): number {
  return dtype === 'float64' ? 2 ** -52 : 2 ** -23;
}

/**
 * RMS normalization over the last dims (those of `normalizedShape`): y = x / √(mean(x²) + eps)·γ,
 * the mean taken over each sample's trailing block. No centering, no shift.
 *
 * ```ts
 * import { tensor } from 'chainrule';
 * import { functional as F } from 'chainrule/nn';
 * F.rmsNorm(tensor([[3, 4]]), [2], { eps: 0 }).toArray(); // [[0.8485…, 1.1313…]] = x / √12.5
 * ```
 */
export function rmsNorm(input: Tensor, normalizedShape: number | readonly number[], options: RmsNormOptions = {}): Tensor {
  checkOptions('rmsNorm', options, { weight: 'any', eps: 'any' });
  const op = 'rmsNorm';
  checkTensor(op, 'input', input);
  checkIntOrList(op, 'normalizedShape', normalizedShape);
  requireFloat(op, input);
  checkParamDtypes(op, input, { weight: options.weight });
  const shape = typeof normalizedShape === 'number' ? [normalizedShape] : [...normalizedShape];
  const k = shape.length;
  const tail = input.shape.slice(input.ndim - k);
  if (k === 0 || input.ndim < k || tail.join(',') !== shape.join(',')) {
    throw new ShapeError(op, `input ${fmtShape(input.shape)} must end with normalizedShape ${fmtShape(shape)}`);
  }
  if (options.weight && options.weight.shape.join(',') !== shape.join(',')) {
    throw new ShapeError(op, `weight must have shape normalizedShape ${fmtShape(shape)}, got ${fmtShape(options.weight.shape)}`);
  }
  const eps = options.eps ?? machineEpsilon(input.dtype);
  if (!(eps >= 0)) throw new ValueError(op, `eps must be a non-negative number, got ${formatValue(eps)}`);
  const dims = shape.map((_, i) => input.ndim - k + i);
  const y = input.div(input.mul(input).mean(dims, true).add(eps).sqrt());
  return options.weight ? y.mul(options.weight) : y;
}
