/**
 * Errors from a delegate named after the public op. Aliases and compositions (`swapaxes` is
 * `transpose`, `allclose` is `isclose`, `countNonzero` is a `sum`) run their delegate inside
 * {@link asOp}, so a bad argument is reported under the name the user called.
 * @module
 */
import { AutogradError, ChainruleError, DTypeError, IndexError, ShapeError, ValueError } from '../errors.js';

const RENAMABLE = new Set<unknown>([ChainruleError, ShapeError, DTypeError, IndexError, ValueError, AutogradError]);

/**
 * Runs `f`; a chainrule error it throws under another op's name is rethrown under `op` (same class,
 * same message). Costs nothing when nothing throws.
 *
 * ```ts
 * export function swapaxes(x: Tensor, a: number, b: number): Tensor {
 *   return asOp('swapaxes', () => transpose(x, a, b)); // "swapaxes: dim0=5 is out of range …"
 * }
 * ```
 */
export function asOp<T>(op: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw renamed(op, e);
  }
}

/** `e` under `op`'s name when it is a chainrule error naming another op; otherwise `e` itself. */
export function renamed(op: string, e: unknown): unknown {
  if (!(e instanceof ChainruleError) || e.op === op || !RENAMABLE.has(e.constructor)) return e;
  const Ctor = e.constructor as new (op: string, message: string) => ChainruleError;
  return new Ctor(op, e.message.slice(e.op.length + 2));
}
