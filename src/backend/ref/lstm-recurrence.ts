/**
 * An LSTM layer's recurrence over all its steps and its backpropagation through time, the
 * reference kernels: a loop over the steps calling ref's matmul and LSTM cell kernels, so each
 * step computes exactly what one step of the cell computes. With xGates[t] = x_t·W_ihᵀ + biases
 * (the input's part, computed for every step at once before the loop, by inputGates):
 *   forward, t = 0 … T−1:  gates_t = xGates[t] + h_{t−1}·W_hhᵀ;  (h_t, c_t) = cell(gates_t, c_{t−1})
 *   backward, t = T−1 … 0: (d gates_t, dc) = cell'(gh_t + dh, gc_t + dc);  dh = d gates_t·W_hh
 * where gh_t, gc_t are the gradients of h_t and c_t from outside the recurrence and dh, dc the
 * ones carried back from step t + 1 (zero at t = T−1).
 * @module
 */
import type { FloatArray } from '../../dtype.js';
import type { FloatView } from '../backend.js';
import { lstmCell, lstmCellBackward } from './lstm-cell.js';
import { matmul } from './matmul.js';
import { asBatch, block, copyInto, inputGates, like, stepOf } from './recurrence-views.js';

export function lstmRecurrence(
  x: FloatView, weightIh: FloatView, bias: FloatView | null, h0: FloatView, c0: FloatView, weightHh: FloatView, states: FloatArray, acts: FloatArray,
): void {
  const [steps, batch] = x.shape as [number, number];
  const width = weightHh.shape[0]!;
  const hidden = width / 4;
  const plane = batch * hidden;
  const xGates = inputGates(x, weightIh, bias, states);
  const gates = like(states, batch * width);
  let h = h0;
  let c = c0;
  for (let t = 0; t < steps; t++) {
    // gates_t = xGates[t] + h_{t−1}·W_hhᵀ
    copyInto(stepOf(xGates, t), gates);
    matmul(asBatch(h), asBatch(weightHh, true), gates, true);
    const out = states.subarray(2 * t * plane, 2 * (t + 1) * plane);
    lstmCell(block(gates, 0, [batch, width]), c, out, acts.subarray(5 * t * plane, 5 * (t + 1) * plane));
    h = block(states, 2 * t * plane, [batch, hidden]);
    c = block(states, (2 * t + 1) * plane, [batch, hidden]);
  }
}

export function lstmRecurrenceBackward(
  acts: FloatView,
  c0: FloatView,
  states: FloatView,
  weightHh: FloatView,
  grad: FloatView,
  outGates: FloatArray,
  outH0: FloatArray,
  outC0: FloatArray,
): void {
  const [steps, batch, width] = [acts.shape[0]!, acts.shape[1]!, (acts.shape[2]! / 5) * 4];
  const hidden = width / 4;
  const plane = batch * hidden;
  // the gradients carried back into step t: dh, dc (zero past the last step), and this step's [gh, gc]
  outH0.fill(0);
  outC0.fill(0);
  const carried = like(outH0, 2 * plane);
  const outside = like(outH0, 2 * plane);
  for (let t = steps - 1; t >= 0; t--) {
    copyInto(stepOf(grad, t), outside);
    for (let k = 0; k < plane; k++) {
      carried[k] = outside[k]! + outH0[k]!;
      carried[plane + k] = outside[plane + k]! + outC0[k]!;
    }
    const cPrev = t > 0 ? stepOf(stepOf(states, t - 1), 1) : c0;
    const dGates = outGates.subarray(t * batch * width, (t + 1) * batch * width);
    lstmCellBackward(stepOf(acts, t), cPrev, block(carried, 0, [2, batch, hidden]), dGates, outC0);
    // dh_{t−1} = d gates_t·W_hh
    matmul(asBatch(block(dGates, 0, [batch, width])), asBatch(weightHh), outH0, false);
  }
}
