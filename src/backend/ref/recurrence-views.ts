/**
 * Views the reference recurrences (./lstm-recurrence.ts, ./rnn-recurrence.ts) take of their
 * operands: one step of a [T, …] operand, a block of a contiguous array, a matrix as matmul's
 * batch of one; and the input part of every step's gates, computed before the steps.
 * @module
 */
import { allocate, dtypeOfArray, type FloatArray } from '../../dtype.js';
import type { FloatView } from '../backend.js';
import { matmul } from './matmul.js';
import { elementOffsets } from './strided.js';

/** A contiguous view of `shape` at element `offset` of `storage`. */
export function block(storage: FloatArray, offset: number, shape: readonly number[]): FloatView {
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((p, s) => p * s, 1));
  return { storage, offset, shape, strides };
}

/** A 2-D view as a batch of one matrix (matmul's operands are [batch, m, k]). */
export function asBatch(v: FloatView, transposed = false): FloatView {
  const [rows, cols] = (transposed ? [...v.shape].reverse() : v.shape) as [number, number];
  const [sr, sc] = (transposed ? [...v.strides].reverse() : v.strides) as [number, number];
  return { storage: v.storage, offset: v.offset, shape: [1, rows, cols], strides: [0, sr, sc] };
}

/** The view of step t of `v` (its first dimension). */
export function stepOf(v: FloatView, t: number): FloatView {
  return { storage: v.storage, offset: v.offset + t * v.strides[0]!, shape: v.shape.slice(1), strides: v.strides.slice(1) };
}

/** Copies view `v` into `out`, contiguous. */
export function copyInto(v: FloatView, out: FloatArray): void {
  const offsets = elementOffsets(v);
  for (let k = 0; k < offsets.length; k++) out[k] = v.storage[offsets[k]!]!;
}

/** A zeroed array of `length` floats of `array`'s type. */
export const like = (array: FloatArray, length: number): FloatArray => allocate(dtypeOfArray(array), length) as FloatArray;

/**
 * A layer's input part of every step's gates, x_t·W_ihᵀ + bias, for all steps at once: a fresh
 * contiguous [T, B, G] of `kind`'s float type, from `x` [T, B, I], `weightIh` [G, I] and `bias` [G]
 * (or none): bias rows first, then the product added (matmul accumulating, in float64 from the
 * bias's value).
 */
export function inputGates(x: FloatView, weightIh: FloatView, bias: FloatView | null, kind: FloatArray): FloatView {
  const [steps, batch] = x.shape as [number, number];
  const [gates, inputs] = weightIh.shape as [number, number];
  const out = like(kind, steps * batch * gates);
  if (bias !== null) {
    for (let r = 0; r < steps * batch; r++) {
      for (let j = 0; j < gates; j++) out[r * gates + j] = bias.storage[bias.offset + j * bias.strides[0]!]!;
    }
  }
  // W_ihᵀ, the same matrix for every step: batch stride 0
  const weightT: FloatView = { storage: weightIh.storage, offset: weightIh.offset, shape: [steps, inputs, gates], strides: [0, weightIh.strides[1]!, weightIh.strides[0]!] };
  matmul(x, weightT, out, bias !== null);
  return block(out, 0, [steps, batch, gates]);
}
