/**
 * chainrule's error hierarchy. Every message starts with the op that rejected its input
 * (`matmul: ...`) and names the argument and the shapes or values involved. Errors are thrown
 * before any tensor, gradient or parameter is changed.
 * @module
 */

/** Base class of every error chainrule throws on purpose. */
export class ChainruleError extends Error {
  /** The op (or API function) that raised the error, e.g. `"matmul"`. */
  readonly op: string;
  constructor(op: string, message: string) {
    super(`${op}: ${message}`);
    this.name = new.target.name;
    this.op = op;
  }
}

/** Shapes that cannot work together: mismatched sizes, impossible reshapes or broadcasts. */
export class ShapeError extends ChainruleError {}

/** Mixing dtypes, or a dtype the op does not accept. */
export class DTypeError extends ChainruleError {}

/** An index, dim or size outside its valid range. */
export class IndexError extends ChainruleError {}

/** An argument value the op does not accept (negative size, p outside [0, 1), NaN where documented). */
export class ValueError extends ChainruleError {}

/** Misuse of the autograd engine: backward twice through freed buffers, in-place changes to saved tensors, non-scalar backward without a gradient. */
export class AutogradError extends ChainruleError {}

/** Anomaly mode found a NaN or Inf. `creationStack` is the stack where the offending node was created. */
export class AnomalyError extends ChainruleError {
  /** Stack trace captured when the node that produced the NaN/Inf was created in the forward pass. */
  readonly creationStack: string | undefined;
  constructor(op: string, message: string, creationStack?: string) {
    super(op, creationStack ? `${message}\nThe node was created at:\n${creationStack}` : message);
    this.creationStack = creationStack;
  }
}

/** Formats a shape the way error messages print it: `[2,3]`. */
export function fmtShape(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}
