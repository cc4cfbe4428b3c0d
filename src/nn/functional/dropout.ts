/**
 * Dropout: zeroes each element with probability p and (by default) scales the survivors by
 * 1/(1 − p), so the expected output equals the input. Identity when not training.
 * @module
 */
import { DTypeError, ShapeError, ValueError, fmtShape } from '../../errors.js';
import { formatValue } from '../../errors.js';
import { defaultGenerator, type Generator } from '../../random.js';
import { requireFloat } from '../../ops/util.js';
import { broadcastsTo } from './checks.js';
import { rand } from '../../tensor/creation.js';
import type { Tensor } from '../../tensor/tensor.js';
import { checkOptions } from '../../checks/options.js';

/** Options of {@link dropout}. */
export interface DropoutOptions {
  /** Probability of zeroing an element, in [0, 1] (default 0.5; 1 zeroes everything, as PyTorch). */
  p?: number;
  /** Apply dropout (default true); when false the input is returned unchanged. */
  training?: boolean;
  /** Generator to sample the mask from (default: the global one). */
  generator?: Generator;
  /** A 0/1 mask (broadcastable to the input) to use instead of sampling one. */
  mask?: Tensor;
  /** Scale the kept elements by 1/(1 − p) (default true); false gives plain x·mask. */
  scale?: boolean;
  /** Write the result into the input and return it (default false), as PyTorch's inplace: an in-place `mul_`, recorded as such. */
  inplace?: boolean;
}

/** Checks dropout's probability: a number in [0, 1], as PyTorch's. */
export function checkDropoutP(op: string, p: number): void {
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) {
    throw new ValueError(op, `dropout probability p must be in [0, 1], got ${formatValue(p)}`);
  }
}

/**
 * y = x·m/(1 − p) with m ~ Bernoulli(1 − p) elementwise (or the given mask); x when not training.
 * p = 1 gives x·0 without drawing a mask, as PyTorch (zeros, but a NaN in x stays NaN; gradient 0).
 */
export function dropout(input: Tensor, options: DropoutOptions = {}): Tensor {
  checkOptions('dropout', options, { p: 'any', training: 'bool', generator: 'generator', mask: 'tensor', scale: 'bool', inplace: 'bool' });
  const p = options.p ?? 0.5;
  checkDropoutP('dropout', p);
  requireFloat('dropout', input);
  const mask = options.mask;
  if (mask !== undefined) checkMask(input, mask);
  if (!(options.training ?? true)) return input;
  if (mask === undefined && p === 0) return input;
  const inplace = options.inplace ?? false;
  if (p === 1) return inplace ? input.mul_(0) : input.mul(0);
  const keep = mask === undefined ? sampleMask(input, p, options.generator ?? defaultGenerator) : mask.to(input.dtype);
  const scaled = (options.scale ?? true) && p > 0 ? keep.mul(1 / (1 - p)) : keep;
  return inplace ? input.mul_(scaled.detach()) : input.mul(scaled.detach());
}

/** Bernoulli(1 − p) samples of input's shape and dtype: 1 keeps an element, 0 drops it. */
function sampleMask(input: Tensor, p: number, generator: Generator): Tensor {
  return rand(input.shape, { dtype: 'float64', generator }).ge(p).to(input.dtype);
}

function checkMask(input: Tensor, mask: Tensor): void {
  if (mask.dtype === 'int32' || mask.dtype === 'bool' || mask.dtype === input.dtype) {
    if (!broadcastsTo(mask.shape, input.shape)) {
      throw new ShapeError('dropout', `mask of shape ${fmtShape(mask.shape)} does not broadcast to the input's shape ${fmtShape(input.shape)}`);
    }
    const values = mask.toTypedArray();
    for (let i = 0; i < values.length; i++) {
      if (values[i] !== 0 && values[i] !== 1) {
        throw new ValueError('dropout', `mask must hold only 0 and 1, found ${values[i]} at flat position ${i}`);
      }
    }
    return;
  }
  throw new DTypeError('dropout', `mask must be bool, int32 or the input's dtype ${input.dtype}, got ${mask.dtype} (shape ${fmtShape(mask.shape)})`);
}

/** Options of {@link alphaDropout}. */
export interface AlphaDropoutOptions {
  /** Probability of dropping an element, in [0, 1] (default 0.5). */
  p?: number;
  /** Apply it (default false, as PyTorch's F.alpha_dropout; the AlphaDropout module passes its mode). */
  training?: boolean;
  /** Generator to sample the mask from (default: the global one). */
  generator?: Generator;
}

// SELU's α·λ saturation value −λα, as PyTorch's alpha = 1.7580993408473766
const SELU_ALPHA_LAMBDA = 1.7580993408473766;

/**
 * Alpha dropout for SELU networks (PyTorch's F.alpha_dropout): a dropped element is set to SELU's
 * saturation value −λα, and the result is affinely rescaled so mean and variance are kept:
 * y = a·(x·m + (m − 1)·λα) + λα·a·p with m ~ Bernoulli(1 − p), a = 1/√((λα²·p + 1)(1 − p)).
 * The input when not training or p = 0; zeros for p = 1, as PyTorch.
 */
export function alphaDropout(input: Tensor, options: AlphaDropoutOptions = {}): Tensor {
  checkOptions('alphaDropout', options, { p: 'any', training: 'bool', generator: 'generator' });
  const p = options.p ?? 0.5;
  checkDropoutP('alphaDropout', p);
  requireFloat('alphaDropout', input);
  if (!(options.training ?? false) || p === 0 || input.numel() === 0) return input;
  if (p === 1) return input.mul(0);
  const keep = sampleMask(input, p, options.generator ?? defaultGenerator).detach();
  const a = 1 / Math.sqrt((SELU_ALPHA_LAMBDA * SELU_ALPHA_LAMBDA * p + 1) * (1 - p));
  // PyTorch's order: b = (m − 1)·(αa) + αa·p, noise = m·a, y = x·noise + b
  const b = keep.sub(1).mul(SELU_ALPHA_LAMBDA * a).add(SELU_ALPHA_LAMBDA * a * p);
  return input.mul(keep.mul(a)).add(b);
}
