/**
 * Anomaly mode: when on, every node records the stack where it was created, and the first NaN or
 * Inf produced by any op, in the forward or the backward pass, throws an {@link AnomalyError}
 * naming the op.
 * @module
 */
import type { TypedArray } from '../dtype.js';
import { AnomalyError, ValueError, fmtShape, formatValue } from '../errors.js';

let enabled = false;

/** True when anomaly detection is on. */
export function isAnomalyEnabled(): boolean {
  return enabled;
}

/** Turns anomaly detection on or off (like `torch.autograd.set_detect_anomaly`). */
export function setDetectAnomaly(on: boolean): void {
  if (typeof on !== 'boolean') throw new ValueError('setDetectAnomaly', `on must be true or false, got ${formatValue(on)}`);
  enabled = on;
}

let forwardChecks = true;

/** True when `record` should check an op's output: anomaly mode is on and no VJP is running. */
export function isForwardCheckEnabled(): boolean {
  return enabled && forwardChecks;
}

/**
 * Turns `record`'s output checks on or off and returns the previous setting. The engine turns
 * them off while it runs VJPs: anomaly mode then checks what each VJP returns and names that
 * node (see engine.ts), as PyTorch does.
 */
export function setForwardChecks(on: boolean): boolean {
  const previous = forwardChecks;
  forwardChecks = on;
  return previous;
}

let blamed: string | null = null;

/** The public op a forward anomaly is blamed on while one runs (see {@link blameAs}), else null. */
export function blamedOp(): string | null {
  return blamed;
}

/**
 * Runs `fn` (the body of the public op `op`) so that a forward anomaly inside it names `op`, the
 * op the user called, rather than an internal step (`y.mul_(NaN)` blames `mul_`, not the expand
 * of the NaN operand). Outside anomaly mode, or inside another public op, it just calls `fn`.
 *
 * ```ts
 * export function mul_(self, other) {
 *   if (isAnomalyEnabled() && blamedOp() === null) return blameAs('mul_', () => mul_(self, other));
 * ```
 */
export function blameAs<T>(op: string, fn: () => T): T {
  const previous = blamed;
  blamed = op;
  try {
    return fn();
  } finally {
    blamed = previous;
  }
}

/** Runs `fn` with anomaly detection on, restoring the previous setting afterwards. */
export function detectAnomaly<T>(fn: () => T): T {
  if (typeof fn !== 'function') throw new ValueError('detectAnomaly', `fn must be a function, got ${formatValue(fn)}`);
  const previous = enabled;
  enabled = true;
  try {
    return fn();
  } finally {
    enabled = previous;
  }
}

/** The current stack, without this function's own frame. */
export function captureStack(): string {
  // Deep enough to reach the user's code through the public op, its checks and record().
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = Math.max(limit, 40);
  const stack = new Error().stack ?? '';
  Error.stackTraceLimit = limit;
  return stack.split('\n').slice(2).join('\n');
}

interface Checked {
  readonly storage: TypedArray;
  readonly offset: number;
  readonly shape: readonly number[];
  readonly strides: readonly number[];
  readonly dtype: string;
}

/**
 * Throws if `t` holds a NaN or ±Inf. `where` says which pass and which value it was. Walks the
 * strides directly: copying a view to contiguous memory would record (and check) another op.
 */
export function checkFinite(op: string, where: string, t: Checked, creationStack?: string | (() => string)): void {
  if (t.dtype !== 'float32' && t.dtype !== 'float64') return;
  const { shape, strides, storage } = t;
  const count = shape.reduce((a, b) => a * b, 1);
  const index = new Array<number>(shape.length).fill(0);
  let at = t.offset;
  for (let i = 0; i < count; i++) {
    const v = storage[at]!;
    if (!Number.isFinite(v)) {
      throw new AnomalyError(
        op,
        `anomaly mode: ${where} (shape ${fmtShape(shape)}) has ${v} at flat index ${i}`,
        typeof creationStack === 'function' ? creationStack() : creationStack,
      );
    }
    // Next element in row-major order.
    for (let d = shape.length - 1; d >= 0; d--) {
      index[d]!++;
      at += strides[d]!;
      if (index[d]! < shape[d]!) break;
      at -= strides[d]! * shape[d]!;
      index[d] = 0;
    }
  }
}
