/**
 * Gradient clipping (PyTorch's `torch.nn.utils.clip_grad_norm_` and `clip_grad_value_`). Exported
 * from `chainrule/nn` (as `clipGradNorm`, `clipGradValue`) and from `chainrule/optim`.
 * @module
 */
import { noGrad } from '../autograd/grad-mode.js';
import { checkOptions } from '../checks/options.js';
import { formatValue } from '../errors.js';
import { ValueError, fmtShape } from '../errors.js';
import { tensor } from '../tensor/creation.js';
import { Tensor } from '../tensor/tensor.js';

/** Options of {@link clipGradNorm}. */
export interface ClipGradNormOptions {
  /** The p of the p-norm: any p > 0, or Infinity for the largest absolute value (default 2). */
  normType?: number;
  /** Throw instead of clipping when the total norm is NaN or ±Infinity (default false, as PyTorch). */
  errorIfNonfinite?: boolean;
}

/**
 * Scales the gradients of `parameters` in place so that their joint norm (all gradients viewed as
 * one vector) is at most `maxNorm`, and returns that norm as it was before clipping (a 0-d tensor
 * of the gradients' dtype). As in PyTorch the scale is maxNorm / (norm + 1e-6), applied only when
 * it is below 1; parameters without a gradient are skipped; with no gradients at all the norm is 0.
 *
 * ```ts
 * loss.backward();
 * const norm = clipGradNorm(model.parameters(), 1.0).item();
 * opt.step();
 * ```
 */
export function clipGradNorm(parameters: Tensor | Iterable<Tensor>, maxNorm: number, options: ClipGradNormOptions = {}): Tensor {
  checkOptions('clipGradNorm', options, { normType: 'any', errorIfNonfinite: 'bool' });
  const op = 'clipGradNorm';
  const grads = gradientsOf(op, parameters);
  if (typeof maxNorm !== 'number' || !(maxNorm >= 0)) throw new ValueError(op, `maxNorm must be a number >= 0, got ${formatValue(maxNorm)}`);
  const p = options.normType ?? 2;
  if (typeof p !== 'number' || !(p > 0)) throw new ValueError(op, `normType must be a number > 0 or Infinity, got ${formatValue(p)}`);
  if (grads.length === 0) return tensor(0);
  const total = totalNorm(grads, p);
  if (options.errorIfNonfinite && !Number.isFinite(total)) {
    throw new ValueError(
      op,
      `the total norm of order ${p} of the gradients is ${total}, so they cannot be clipped; pass errorIfNonfinite: false to scale by it anyway`,
    );
  }
  const coef = maxNorm / (total + 1e-6);
  // PyTorch multiplies by min(coef, 1) always; multiplying by exactly 1 changes nothing, so skip it.
  const clamped = Number.isNaN(coef) ? NaN : Math.min(coef, 1);
  if (clamped !== 1) noGrad(() => grads.forEach((g) => g.mul_(clamped)));
  return tensor(total, { dtype: grads[0]!.dtype });
}

/**
 * Clamps every gradient of `parameters` into [−clipValue, clipValue], in place (PyTorch's
 * `clip_grad_value_`). Parameters without a gradient are skipped.
 */
export function clipGradValue(parameters: Tensor | Iterable<Tensor>, clipValue: number): void {
  const op = 'clipGradValue';
  const grads = gradientsOf(op, parameters);
  if (typeof clipValue !== 'number' || !(clipValue >= 0)) throw new ValueError(op, `clipValue must be a number >= 0, got ${formatValue(clipValue)}`);
  noGrad(() => grads.forEach((g) => g.clamp_(-clipValue, clipValue)));
}

/** The gradients of the parameters that have one, each checked. */
function gradientsOf(op: string, parameters: Tensor | Iterable<Tensor>): Tensor[] {
  const list = parameters instanceof Tensor ? [parameters] : parameters;
  if (list === null || typeof list !== 'object' || typeof (list as Iterable<Tensor>)[Symbol.iterator] !== 'function') {
    throw new ValueError(op, `parameters must be a Tensor or a list of tensors, got ${formatValue(parameters)}`);
  }
  const grads: Tensor[] = [];
  [...list].forEach((p, i) => {
    if (!(p instanceof Tensor)) throw new ValueError(op, `parameters[${i}] is not a Tensor`);
    if (p.grad === null) return;
    if (p.grad.dtype !== grads[0]?.dtype && grads.length > 0) {
      throw new ValueError(op, `gradients mix dtypes: parameters[${i}] (shape ${fmtShape(p.shape)}) has a ${p.grad.dtype} gradient, an earlier one ${grads[0]!.dtype}`);
    }
    // Gradients recorded with createGraph are scaled outside their graph, as PyTorch's g.detach().mul_().
    grads.push(p.grad.requiresGrad ? p.grad.detach() : p.grad);
  });
  return grads;
}

/** (Σ over all elements of all gradients of |x|^p)^(1/p), or max |x| for p = Infinity; in double precision. */
function totalNorm(grads: readonly Tensor[], p: number): number {
  let acc = 0;
  for (const g of grads) {
    const values = g.toTypedArray();
    for (let i = 0; i < values.length; i++) {
      const a = Math.abs(values[i]!);
      if (p === Infinity) acc = a > acc || Number.isNaN(a) ? a : acc;
      else acc += p === 2 ? a * a : p === 1 ? a : a ** p;
    }
  }
  if (p === Infinity) return acc;
  return p === 2 ? Math.sqrt(acc) : p === 1 ? acc : acc ** (1 / p);
}
