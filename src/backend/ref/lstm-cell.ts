/**
 * The LSTM cell's pointwise part and its VJP, the reference kernels (float64 arithmetic, any
 * strides). Per batch row b and unit j, with gate pre-activations a_i, a_f, a_g, a_o:
 *   i = σ(a_i), f = σ(a_f), g = tanh(a_g), o = σ(a_o); c' = f·c + i·g; h' = o·tanh(c').
 * Backward, from the gradients gh, gc of h' and c' (activations recomputed from the gates):
 *   dc' = gc + gh·o·(1 − tanh²c'); da_i = dc'·g·i(1 − i); da_f = dc'·c·f(1 − f);
 *   da_g = dc'·i·(1 − g²); da_o = gh·tanh(c')·o(1 − o); dc = dc'·f.
 * @module
 */
import type { FloatArray } from '../../dtype.js';
import type { FloatView } from '../backend.js';
import { sigmoid } from './special.js';
import { elementOffsets } from './strided.js';

export function lstmCell(gates: FloatView, c: FloatView, out: FloatArray): void {
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
      out[b * h + j] = o * Math.tanh(cNew);
      out[batch * h + b * h + j] = cNew;
    }
  }
}

export function lstmCellBackward(gates: FloatView, c: FloatView, grad: FloatView, outGates: FloatArray, outC: FloatArray): void {
  const [batch, width] = gates.shape as [number, number];
  const h = width / 4;
  const G = gates.storage;
  const C = c.storage;
  const D = grad.storage;
  const gOff = elementOffsets(gates);
  const cOff = elementOffsets(c);
  const dOff = elementOffsets(grad);
  for (let b = 0; b < batch; b++) {
    for (let j = 0; j < h; j++) {
      const row = b * width + j;
      const i = sigmoid(G[gOff[row]!]!);
      const f = sigmoid(G[gOff[row + h]!]!);
      const g = Math.tanh(G[gOff[row + 2 * h]!]!);
      const o = sigmoid(G[gOff[row + 3 * h]!]!);
      const cPrev = C[cOff[b * h + j]!]!;
      const tc = Math.tanh(f * cPrev + i * g);
      const gh = D[dOff[b * h + j]!]!;
      const dc = D[dOff[batch * h + b * h + j]!]! + gh * o * (1 - tc * tc);
      outGates[row] = dc * g * i * (1 - i);
      outGates[row + h] = dc * cPrev * f * (1 - f);
      outGates[row + 2 * h] = dc * i * (1 - g * g);
      outGates[row + 3 * h] = gh * tc * o * (1 - o);
      outC[b * h + j] = dc * f;
    }
  }
}
