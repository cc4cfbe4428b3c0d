/**
 * What the recurrence primitives (lstm-, rnn- and gru-recurrence.ts) share: their operands' dtype
 * check, and the weights' gradients over all steps as one product.
 * @module
 */
import { DTypeError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { cat } from './join.js';
import { full } from '../tensor/creation.js';
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
 * x·W_ihᵀ + bias for every step at once, recorded (a backward pass that records recomputes the
 * input gates the kernel made inside its call): x [T, B, I], W_ih [G, I], bias [G] or null.
 */
export function inputGatesInOps(x: Tensor, weightIh: Tensor, bias: Tensor | null): Tensor {
  const product = x.matmul(weightIh.t());
  return bias === null ? product : product.add(bias);
}

/**
 * The gradients of a layer's weights from its gates' gradients `dGates` [T, B, G], where
 * gates_t = x_t·W_ihᵀ + h_{t−1}·W_hhᵀ + bias, as one product over all steps:
 * [dW_ih | dW_hh | db] = d gatesᵀ·[x | h_{t−1} | 1], [G, T·B]·[T·B, I + H + 1] (the column of ones
 * sums d gates over the rows: the bias's gradient). `x` [T, B, I], `h0` [B, H] and the hidden
 * states `hs` [T, B, H] give the columns; only the parts `want` asks for are formed (null else).
 */
export function layerWeightGrads(
  dGates: Tensor, x: Tensor, h0: Tensor, hs: Tensor, want: { readonly weightIh: boolean; readonly weightHh: boolean; readonly bias: boolean },
): [Tensor | null, Tensor | null, Tensor | null] {
  const [steps, batch, gates] = dGates.shape as [number, number, number];
  const rows = steps * batch;
  const columns: Tensor[] = [];
  if (want.weightIh) columns.push(x.reshape([rows, x.shape[2]!]));
  if (want.weightHh) columns.push(steps === 0 ? empty([0, h0.shape[1]!], h0.dtype) : cat([h0.unsqueeze(0), hs.narrow(0, 0, steps - 1)], 0).reshape([rows, h0.shape[1]!]));
  if (want.bias) columns.push(full([rows, 1], 1, { dtype: dGates.dtype }));
  if (columns.length === 0) return [null, null, null];
  const product = dGates.reshape([rows, gates]).t().matmul(columns.length === 1 ? columns[0]! : cat(columns, 1)); // [G, I + H + 1]
  let at = 0;
  const take = (asked: boolean, width: number): Tensor | null => {
    if (!asked) return null;
    at += width;
    return product.narrow(1, at - width, width);
  };
  const dWih = take(want.weightIh, x.shape[2]!);
  const dWhh = take(want.weightHh, h0.shape[1]!);
  const db = take(want.bias, 1);
  return [dWih, dWhh, db === null ? null : db.reshape([gates])];
}
