/**
 * An Elman RNN layer's recurrence over all its steps and its backpropagation through time, the
 * reference kernels: a loop over the steps calling ref's matmul, then the activation. With
 * xGates[t] = x_t·W_ihᵀ + biases (computed for every step at once before the loop, by inputGates):
 *   forward, t = 0 … T−1:  h_t = act(xGates[t] + h_{t−1}·W_hhᵀ), act = tanh or relu
 *   backward, t = T−1 … 0: d gates_t = (gh_t + dh)·act′;  dh = d gates_t·W_hh
 * where gh_t is the gradient of h_t from outside the recurrence, dh the one carried back from
 * step t + 1 (zero at t = T−1), and act′ is read from the output: 1 − h_t² for tanh, 1(h_t > 0)
 * for relu (as tanhBackward and reluBackward).
 * @module
 */
import type { FloatArray } from '../../dtype.js';
import type { FloatView } from '../backend.js';
import { matmul } from './matmul.js';
import { asBatch, block, copyInto, inputGates, like, stepOf } from './recurrence-views.js';

const relu = (z: number): number => (z > 0 ? z : z !== z ? z : 0);

export function rnnRecurrence(
  x: FloatView, weightIh: FloatView, bias: FloatView | null, h0: FloatView, weightHh: FloatView, useRelu: boolean, states: FloatArray,
): void {
  const [steps, batch] = x.shape as [number, number];
  const hidden = weightHh.shape[0]!;
  const plane = batch * hidden;
  const xGates = inputGates(x, weightIh, bias, states);
  const gates = like(states, plane);
  let h = h0;
  for (let t = 0; t < steps; t++) {
    // h_t = act(xGates[t] + h_{t−1}·W_hhᵀ)
    copyInto(stepOf(xGates, t), gates);
    matmul(asBatch(h), asBatch(weightHh, true), gates, true);
    for (let k = 0; k < plane; k++) states[t * plane + k] = useRelu ? relu(gates[k]!) : Math.tanh(gates[k]!);
    h = block(states, t * plane, [batch, hidden]);
  }
}

export function rnnRecurrenceBackward(states: FloatView, weightHh: FloatView, useRelu: boolean, grad: FloatView, outGates: FloatArray, outH0: FloatArray): void {
  const [steps, batch, hidden] = states.shape as [number, number, number];
  const plane = batch * hidden;
  const outside = like(outH0, plane);
  const h = like(outH0, plane);
  outH0.fill(0); // dh carried back: zero past the last step
  for (let t = steps - 1; t >= 0; t--) {
    copyInto(stepOf(grad, t), outside);
    copyInto(stepOf(states, t), h);
    for (let k = 0; k < plane; k++) {
      const g = outside[k]! + outH0[k]!;
      const y = h[k]!;
      outGates[t * plane + k] = useRelu ? (y <= 0 ? 0 : g) : g * ((1 - y) * (1 + y));
    }
    // dh_{t−1} = d gates_t·W_hh
    matmul(asBatch(block(outGates, t * plane, [batch, hidden])), asBatch(weightHh), outH0, false);
  }
}
