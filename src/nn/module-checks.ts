/**
 * Argument checks of nn.Module's methods (kept out of module.ts, which is at its size budget).
 * @module
 */
import { checkOptions } from '../checks/options.js';
import { describe } from '../checks/args.js';
import { ChainruleError, DTypeError, ShapeError, ValueError, fmtShape } from '../errors.js';
import { isFloating } from '../dtype.js';
import { Tensor } from '../tensor/tensor.js';

/** Errors about modules and state dicts. */
export class ModuleError extends ChainruleError {}

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

/**
 * Checks that `loadStateDict` can load `incoming` into the module `typeName` whose own state is
 * `own`, and returns the keys missing from and unexpected in `incoming`. Throws one error listing
 * every problem (a non-tensor value, a shape or an incompatible dtype; with `strict`, the missing
 * and unexpected keys too): a ShapeError if a shape is among them, else a ModuleError.
 */
export function checkLoadable(typeName: string, own: ReadonlyMap<string, Tensor>, incoming: ReadonlyMap<string, unknown>, strict: boolean): { missingKeys: string[]; unexpectedKeys: string[] } {
  const missingKeys = [...own.keys()].filter((k) => !incoming.has(k));
  const unexpectedKeys = [...incoming.keys()].filter((k) => !own.has(k));
  const problems: string[] = [];
  for (const [key, target] of own) {
    const source = incoming.get(key);
    if (source === undefined) continue;
    if (!(source instanceof Tensor)) problems.push(`'${key}' is not a Tensor`);
    else if (source.shape.join(',') !== target.shape.join(',')) {
      problems.push(`'${key}' has shape ${fmtShape(source.shape)} in the state dict but ${fmtShape(target.shape)} in the model`);
    } else if (source.dtype !== target.dtype && !(isFloating(source.dtype) && isFloating(target.dtype))) {
      problems.push(`'${key}' is ${source.dtype} in the state dict but ${target.dtype} in the model`);
    }
  }
  if (strict) {
    if (missingKeys.length > 0) problems.push(`missing keys: ${missingKeys.map((k) => `'${k}'`).join(', ')}`);
    if (unexpectedKeys.length > 0) problems.push(`unexpected keys: ${unexpectedKeys.map((k) => `'${k}'`).join(', ')}`);
  }
  if (problems.length > 0) {
    const error = problems.some((p) => p.includes('shape')) ? ShapeError : ModuleError;
    throw new error('loadStateDict', `cannot load into ${typeName}: ${problems.join('; ')}`);
  }
  return { missingKeys, unexpectedKeys };
}
