/**
 * Argument checks of nn.Module's methods (kept out of module.ts, which is at its size budget).
 * @module
 */
import { checkOptions } from '../checks/options.js';
import { describe } from '../checks/args.js';
import { DTypeError, ValueError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';

/** `loadStateDict(state, options)`: a Map or a plain object of tensors, and `{ strict }`. */
export function checkStateDictArgs(state: unknown, options: unknown): void {
  const plain = state !== null && typeof state === 'object' && [Object.prototype, null].includes(Object.getPrototypeOf(state));
  if (!(state instanceof Map) && !plain) throw new ValueError('loadStateDict', `state must be a Map or an object of tensors, got ${describe(state)}`);
  checkOptions('loadStateDict', options, { strict: 'bool' });
}

/** `registerParameter(name, param)`: a float tensor or null (checked before anything is registered). */
export function checkParameter(op: string, name: string, param: unknown): void {
  if (param === null) return;
  if (!(param instanceof Tensor)) throw new ValueError(op, `parameter '${name}' must be a Tensor or null, got ${describe(param)}`);
  if (param.dtype !== 'float32' && param.dtype !== 'float64') {
    throw new DTypeError(op, `parameter '${name}' must be float32 or float64 (parameters require gradients), got ${param.dtype}`);
  }
}
