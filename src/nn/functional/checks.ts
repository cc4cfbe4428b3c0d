/**
 * Small argument checks shared by the nn functional forms.
 * @module
 */
import { DTypeError, fmtShape } from '../../errors.js';
import { Tensor } from '../../tensor/tensor.js';
import { ValueError } from '../../errors.js';
import { describe } from '../../checks/args.js';

/** True when a tensor of shape `from` broadcasts to exactly `to` (without growing `to`). */
export function broadcastsTo(from: readonly number[], to: readonly number[]): boolean {
  if (from.length > to.length) return false;
  return from.every((s, i) => s === 1 || s === to[to.length - from.length + i]);
}

/** Throws a DTypeError naming `op` when a parameter's dtype differs from the input's. */
export function checkParamDtypes(op: string, input: Tensor, params: Record<string, Tensor | null | undefined>): void {
  for (const [name, t] of Object.entries(params)) {
    if (t !== null && t !== undefined && !(t instanceof Tensor)) throw new ValueError(op, `${name} must be a Tensor${name === 'bias' || name === 'weight' ? ' or null' : ''}, got ${describe(t)}`);
    if (t && t.dtype !== input.dtype) {
      throw new DTypeError(
        op,
        `input is ${input.dtype} ${fmtShape(input.shape)} but ${name} is ${t.dtype} ${fmtShape(t.shape)}; convert the input with .to('${t.dtype}')`,
      );
    }
  }
}
