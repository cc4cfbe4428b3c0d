/**
 * Anomaly mode: when on, every node records the stack where it was created, and the first NaN or
 * Inf produced by any op, in the forward or the backward pass, throws an {@link AnomalyError}
 * naming the op.
 * @module
 */
import type { TypedArray } from '../dtype.js';
import { AnomalyError, fmtShape } from '../errors.js';

let enabled = false;

/** True when anomaly detection is on. */
export function isAnomalyEnabled(): boolean {
  return enabled;
}

/** Turns anomaly detection on or off (like `torch.autograd.set_detect_anomaly`). */
export function setDetectAnomaly(on: boolean): void {
  enabled = on;
}

/** Runs `fn` with anomaly detection on, restoring the previous setting afterwards. */
export function detectAnomaly<T>(fn: () => T): T {
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
  const stack = new Error().stack ?? '';
  return stack.split('\n').slice(2).join('\n');
}

interface Checked {
  readonly storage: TypedArray;
  readonly offset: number;
  readonly shape: readonly number[];
  readonly dtype: string;
  toTypedArray(): TypedArray;
}

/** Throws if `t` holds a NaN or ±Inf. `where` says which pass and which value it was. */
export function checkFinite(op: string, where: string, t: Checked, creationStack?: string): void {
  if (t.dtype !== 'float32' && t.dtype !== 'float64') return;
  const values = t.toTypedArray();
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) {
      throw new AnomalyError(
        op,
        `anomaly mode: ${where} (shape ${fmtShape(t.shape)}) has ${v} at flat index ${i}`,
        creationStack,
      );
    }
  }
}
