/**
 * The LSTM cell's pointwise part and its VJP, the reference kernels (float64 arithmetic, any
 * strides). Per batch row b and unit j, with gate pre-activations a_i, a_f, a_g, a_o:
 *   i = σ(a_i), f = σ(a_f), g = tanh(a_g), o = σ(a_o); c' = f·c + i·g; h' = o·tanh(c').
 * The forward also keeps [i, f, g, o, tanh c'] per row (`acts`); the backward reads them, with
 * the gradients gh, gc of h' and c':
 *   dc' = gc + gh·o·(1 − tanh²c'); da_i = dc'·g·i(1 − i); da_f = dc'·c·f(1 − f);
 *   da_g = dc'·i·(1 − g²); da_o = gh·tanh(c')·o(1 − o); dc = dc'·f.
 * @module
 */
import type { FloatArray } from '../../dtype.js';
import type { FloatView } from '../backend.js';
import { sigmoid } from './special.js';
import { elementOffsets } from './strided.js';

export function lstmCell(gates: FloatView, c: FloatView, out: FloatArray, acts: FloatArray): void {
  const [batch, width] = gates.shape as [number, number];
  const h = width / 4;
  const G = gates.storage;
  const C = c.storage;
  const gOff = elementOffsets(gates);
  const cOff = elementOffsets(c);
  for (let b = 0; b < batch; b++) {
    for (let j = 0; j < h; j++) {
      const row = b * width + j;
      const i = sigmoid(G[gOff[row]!]!);
      const f = sigmoid(G[gOff[row + h]!]!);
      const g = Math.tanh(G[gOff[row + 2 * h]!]!);
      const o = sigmoid(G[gOff[row + 3 * h]!]!);
      const cNew = f * C[cOff[b * h + j]!]! + i * g;
      const tc = Math.tanh(cNew);
      out[b * h + j] = o * tc;
      out[batch * h + b * h + j] = cNew;
      const a = b * 5 * h + j;
      acts[a] = i;
      acts[a + h] = f;
      acts[a + 2 * h] = g;
      acts[a + 3 * h] = o;
      acts[a + 4 * h] = tc;
    }
  }
}

export function lstmCellBackward(acts: FloatView, c: FloatView, grad: FloatView, outGates: FloatArray, outC: FloatArray): void {
  const [batch, width] = acts.shape as [number, number];
  const h = width / 5;
  const A = acts.storage;
  const C = c.storage;
  const D = grad.storage;
  const aOff = elementOffsets(acts);
  const cOff = elementOffsets(c);
  const dOff = elementOffsets(grad);
  for (let b = 0; b < batch; b++) {
    for (let j = 0; j < h; j++) {
      const a = b * width + j;
      const i = A[aOff[a]!]!;
      const f = A[aOff[a + h]!]!;
      const g = A[aOff[a + 2 * h]!]!;
      const o = A[aOff[a + 3 * h]!]!;
      const tc = A[aOff[a + 4 * h]!]!;
      const cPrev = C[cOff[b * h + j]!]!;
      const gh = D[dOff[b * h + j]!]!;
      const dc = D[dOff[batch * h + b * h + j]!]! + gh * o * (1 - tc * tc);
      const row = b * 4 * h + j;
      outGates[row] = dc * g * i * (1 - i);
      outGates[row + h] = dc * cPrev * f * (1 - f);
      outGates[row + 2 * h] = dc * i * (1 - g * g);
      outGates[row + 3 * h] = gh * tc * o * (1 - o);
      outC[b * h + j] = dc * f;
    }
  }
}
