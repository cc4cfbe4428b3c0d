/**
 * Whether ops record the graph. Off inside `noGrad(fn)` (optimizer steps, evaluation) and while a
 * backward pass runs without `createGraph`.
 * @module
 */
import { ValueError, formatValue } from '../errors.js';

let enabled = true;

/** True when ops record autograd nodes. */
export function isGradEnabled(): boolean {
  return enabled;
}

/** Turns recording on or off globally; prefer {@link noGrad}, which restores the mode. */
export function setGradEnabled(on: boolean): void {
  if (typeof on !== 'boolean') throw new ValueError('setGradEnabled', `on must be true or false, got ${formatValue(on)}`);
  enabled = on;
}

/** Runs `fn` with recording off (like `with torch.no_grad()`), restoring the mode afterwards. */
export function noGrad<T>(fn: () => T): T {
  if (typeof fn !== 'function') throw new ValueError('noGrad', `fn must be a function, got ${formatValue(fn)}`);
  return withGradMode(false, fn);
}

/** Runs `fn` with recording on (like `with torch.enable_grad()`), restoring the mode afterwards. */
export function enableGrad<T>(fn: () => T): T {
  if (typeof fn !== 'function') throw new ValueError('enableGrad', `fn must be a function, got ${formatValue(fn)}`);
  return withGradMode(true, fn);
}

/** Runs `fn` with recording set to `on`, restoring the previous mode afterwards. */
export function withGradMode<T>(on: boolean, fn: () => T): T {
  const previous = enabled;
  enabled = on;
  try {
    return fn();
  } finally {
    enabled = previous;
  }
}
