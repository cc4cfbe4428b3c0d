/**
 * What the cyclic schedulers (CyclicLR, OneCycleLR) share: a number given once or one per
 * parameter group, and the momentum they cycle (β₁ for Adam-like optimizers), as PyTorch's.
 * @module
 */
import { ValueError } from '../errors.js';
import type { Optimizer } from './optimizer.js';
import { checkNonNegative } from './validate.js';

/** `value` for every group of `optimizer`, or the list given (one per group), each checked ≥ 0. */
export function perGroupNumbers(op: string, optimizer: Optimizer, key: string, value: number | readonly number[]): number[] {
  const groups = optimizer.paramGroups;
  const list = Array.isArray(value) ? [...(value as readonly number[])] : groups.map(() => value as number);
  if (list.length !== groups.length) throw new ValueError(op, `expected ${groups.length} values for ${key} (one per group), got ${list.length}`);
  return list.map((x, i) => checkNonNegative(op, `${key}[${i}]`, x));
}

/** Reads and writes group i's cycled momentum. */
export interface CycledMomentum {
  get(i: number): number;
  set(i: number, value: number): void;
}

/**
 * The momentum `cycleMomentum` cycles: β₁ (betas[0]) when the optimizer has betas (Adam, AdamW),
 * else its momentum (SGD, RMSprop). Refuses, naming `op`, an optimizer with neither.
 */
export function cycledMomentum(op: string, optimizer: Optimizer): CycledMomentum {
  const defaults = optimizer.defaults as Record<string, unknown>;
  const useBeta1 = 'betas' in defaults;
  if (!useBeta1 && !('momentum' in defaults)) {
    throw new ValueError(op, `cycleMomentum needs an optimizer with momentum or betas (${optimizer.constructor.name} has neither); pass { cycleMomentum: false }`);
  }
  const group = (i: number) => optimizer.paramGroups[i] as unknown as { momentum?: number; betas?: readonly [number, number] };
  return {
    get: (i) => (useBeta1 ? group(i).betas![0] : group(i).momentum!),
    set: (i, value) => {
      const g = group(i);
      if (useBeta1) g.betas = [value, g.betas![1]];
      else g.momentum = value;
    },
  };
}
