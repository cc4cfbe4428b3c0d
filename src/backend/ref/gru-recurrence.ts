/**
 * A GRU layer's recurrence over all its steps and its backpropagation through time, the reference
 * kernels: a loop over the steps calling ref's matmul for gh, then the gates. With
 * xGates[t] = x_t·W_ihᵀ + b_ih (computed for every step at once before the loop, by inputGates) in blocks
 * [r, z, n], and gh = h_{t−1}·W_hhᵀ + b_hh in the same blocks:
 *   r = σ(xr + ghr), z = σ(xz + ghz), n = tanh(xn + r·ghn), h_t = n + z·(h_{t−1} − n)
 * (PyTorch's order: the reset gate scales gh_n, bias included). The forward keeps [r, z, n, gh_n]
 * per row (`acts`). Backward, t = T−1 … 0, with g = gh_t + dh (from outside plus carried):
 *   d n_pre = g·(1 − z)(1 − n²), d z_pre = g·(h_{t−1} − n)·z(1 − z), d r_pre = d n_pre·gh_n·r(1 − r);
 *   d xGates_t = [d r_pre, d z_pre, d n_pre]; d gh_t = [d r_pre, d z_pre, d n_pre·r];
 *   dh = g·z + d gh_t·W_hh.
 * @module
 */
import type { FloatArray } from '../../dtype.js';
import type { FloatView } from '../backend.js';
import { matmul } from './matmul.js';
import { asBatch, block, copyInto, inputGates, like, stepOf } from './recurrence-views.js';
import { sigmoid } from './special.js';

export function gruRecurrence(
  input: FloatView, weightIh: FloatView, biasIh: FloatView | null, h0: FloatView, weightHh: FloatView, biasHh: FloatView | null, states: FloatArray, acts: FloatArray,
): void {
  const [steps, batch] = input.shape as [number, number];
  const width = weightHh.shape[0]!;
  const hidden = width / 3;
  const plane = batch * hidden;
  const xGates = inputGates(input, weightIh, biasIh, states);
  const x = like(states, batch * width);
  const gh = like(states, batch * width);
  const bias = like(states, width);
  if (biasHh !== null) copyInto(biasHh, bias);
  const hPrev = like(states, plane);
  copyInto(h0, hPrev);
  for (let t = 0; t < steps; t++) {
    // gh = h_{t−1}·W_hhᵀ + b_hh
    for (let b = 0; b < batch; b++) gh.set(bias, b * width);
    matmul(asBatch(block(hPrev, 0, [batch, hidden])), asBatch(weightHh, true), gh, true);
    copyInto(stepOf(xGates, t), x);
    for (let b = 0; b < batch; b++) {
      for (let j = 0; j < hidden; j++) {
        const at = b * width + j;
        const r = sigmoid(x[at]! + gh[at]!);
        const z = sigmoid(x[at + hidden]! + gh[at + hidden]!);
        const ghn = gh[at + 2 * hidden]!;
        const n = Math.tanh(x[at + 2 * hidden]! + r * ghn);
        const h = b * hidden + j;
        states[t * plane + h] = n + z * (hPrev[h]! - n);
        const a = (t * batch + b) * 4 * hidden + j;
        acts[a] = r;
        acts[a + hidden] = z;
        acts[a + 2 * hidden] = n;
        acts[a + 3 * hidden] = ghn;
      }
    }
    hPrev.set(states.subarray(t * plane, (t + 1) * plane));
  }
}

export function gruRecurrenceBackward(
  acts: FloatView,
  h0: FloatView,
  states: FloatView,
  weightHh: FloatView,
  grad: FloatView,
  outXGates: FloatArray,
  outGh: FloatArray,
  outH0: FloatArray,
): void {
  const [steps, batch, hidden] = states.shape as [number, number, number];
  const width = 3 * hidden;
  const plane = batch * hidden;
  const a = like(outH0, batch * 4 * hidden);
  const hPrev = like(outH0, plane);
  const g = like(outH0, plane);
  outH0.fill(0); // dh carried back: zero past the last step
  for (let t = steps - 1; t >= 0; t--) {
    copyInto(stepOf(acts, t), a);
    copyInto(t > 0 ? stepOf(states, t - 1) : h0, hPrev);
    copyInto(stepOf(grad, t), g);
    for (let b = 0; b < batch; b++) {
      for (let j = 0; j < hidden; j++) {
        const k = b * 4 * hidden + j;
        const [r, z, n, ghn] = [a[k]!, a[k + hidden]!, a[k + 2 * hidden]!, a[k + 3 * hidden]!];
        const h = b * hidden + j;
        const gt = g[h]! + outH0[h]!;
        const dnp = gt * (1 - z) * ((1 - n) * (1 + n));
        const dzp = gt * (hPrev[h]! - n) * (z * (1 - z));
        const drp = dnp * ghn * (r * (1 - r));
        const at = (t * batch + b) * width + j;
        outXGates[at] = drp;
        outXGates[at + hidden] = dzp;
        outXGates[at + 2 * hidden] = dnp;
        outGh[at] = drp;
        outGh[at + hidden] = dzp;
        outGh[at + 2 * hidden] = dnp * r;
        outH0[h] = gt * z; // the direct path h_t = … + z·h_{t−1}
      }
    }
    // dh_{t−1} = g·z + d gh_t·W_hh
    matmul(asBatch(block(outGh, t * batch * width, [batch, width])), asBatch(weightHh), outH0, true);
  }
}
