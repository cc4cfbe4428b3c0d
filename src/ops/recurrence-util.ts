/**
 * What the recurrence primitives (lstm-, rnn- and gru-recurrence.ts) share: their operands' dtype
 * check, and the recurrent weight's gradient over all steps as one product.
 * @module
 */
import { DTypeError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { cat } from './join.js';
import { empty, requireFloat } from './util.js';

/** Every named operand (null: absent) is float, of the first one's dtype. */
export function checkFloatOperands(op: string, operands: readonly (readonly [string, Tensor | null])[]): void {
  const [firstName, first] = operands[0]!;
  for (const [name, t] of operands) {
    if (t === null) continue;
    requireFloat(op, t, name);
    if (t.dtype !== first!.dtype) throw new DTypeError(op, `${firstName} are ${first!.dtype} but ${name} is ${t.dtype}`);
  }
}

/** Whether `t` has exactly `shape`. */
export function hasShape(t: Tensor, shape: readonly number[]): boolean {
  return t.shape.length === shape.length && t.shape.every((s, i) => s === shape[i]);
}

/**
 * dW_hh = Σ_t d gates_tᵀ·h_{t−1} from `dGates` [T, B, G] (the gradient of each step's
 * h_{t−1}·W_hhᵀ), `h0` [B, H] and the hidden states `hs` [T, B, H]: one product over all steps,
 * [G, T·B]·[T·B, H], with h_{t−1} = h0, h_0 … h_{T−2}. Zero [G, H] for no step.
 */
export function recurrentWeightGrad(dGates: Tensor, h0: Tensor, hs: Tensor): Tensor {
  const [steps, batch, gates] = dGates.shape as [number, number, number];
  const hidden = h0.shape[1]!;
  if (steps === 0) return empty([gates, hidden], dGates.dtype);
  const hPrev = cat([h0.unsqueeze(0), hs.narrow(0, 0, steps - 1)], 0).reshape([steps * batch, hidden]);
  return dGates.reshape([steps * batch, gates]).t().matmul(hPrev);
}
