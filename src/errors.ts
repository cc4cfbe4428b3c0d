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

/** Formats a shape the way error messages print it: `[2,3]` (any other value through {@link formatValue}). */
export function fmtShape(shape: readonly number[]): string {
  if (!Array.isArray(shape)) return formatValue(shape);
  let out = '';
  for (let i = 0; i < shape.length && i < MAX_ITEMS; i++) out += (i > 0 ? ',' : '') + (typeof shape[i] === 'number' ? String(shape[i]) : formatValue(shape[i], 1));
  return `[${shape.length > MAX_ITEMS ? `${out},… (${shape.length} items)` : out}]`;
}

const MAX_ITEMS = 8;
const MAX_CHARS = 40;

/** 'an' before a vowel sound ("an int32 tensor", "an Int32Array"), 'a' otherwise ("a Uint8Array", "a Map"). */
function article(word: string): string {
  return /^[aeio]/i.test(word) ? 'an' : 'a';
}

/**
 * The one formatter for user values in error messages. It never throws, whatever it is given
 * (null-prototype objects, symbols, BigInt, cyclic objects, revoked proxies) and stays short
 * (strings past 40 characters and arrays past 8 items are truncated).
 *
 * ```ts
 * formatValue(Object.create(null)); // 'an object'
 * formatValue(Symbol('s'));         // 'Symbol(s)'
 * formatValue(new Array(1e6).fill(0)); // '[0,0,0,0,0,0,0,0,… (1000000 items)]'
 * ```
 */
export function formatValue(x: unknown, depth = 0): string {
  try {
    switch (typeof x) {
      case 'undefined':
        return 'undefined';
      case 'string':
        return JSON.stringify(x.length > MAX_CHARS ? `${x.slice(0, MAX_CHARS)}…` : x);
      case 'number':
      case 'boolean':
        return String(x);
      case 'bigint':
        return `${String(x)}n`;
      case 'symbol':
        return x.toString();
      case 'function':
        return x.name ? `the function ${x.name}` : 'a function';
    }
    if (x === null) return 'null';
    if (Array.isArray(x)) return depth > 1 ? `an array of length ${x.length}` : fmtShape(x as number[]);
    const o = x as { dtype?: unknown; shape?: unknown; length?: unknown };
    if (typeof o.dtype === 'string' && Array.isArray(o.shape)) return `${article(o.dtype)} ${o.dtype} tensor ${fmtShape(o.shape as number[])}`;
    if (ArrayBuffer.isView(x)) return `${article(x.constructor.name)} ${x.constructor.name}${typeof o.length === 'number' ? ` of length ${o.length}` : ''}`;
    const proto: unknown = Object.getPrototypeOf(x);
    const name = proto === null ? undefined : (proto as { constructor?: { name?: unknown } }).constructor?.name;
    if (typeof name === 'string' && name !== 'Object') return `${article(name)} ${name}`;
    const keys = Object.keys(x as object);
    return keys.length === 0 ? 'an object' : `an object with keys ${keys.slice(0, MAX_ITEMS).join(', ')}${keys.length > MAX_ITEMS ? ', …' : ''}`;
  } catch {
    return 'a value that cannot be printed';
  }
}
