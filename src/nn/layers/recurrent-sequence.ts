/**
 * One layer and direction of an LSTM without projection, an Elman RNN or a GRU, over the whole
 * sequence, as PyTorch's CPU layers compute it: the inputs' part of every step in one product,
 * x·W_ihᵀ + (b_ih + b_hh) for all steps at once (a GRU's b_hh stays in the recurrence, where its
 * reset gate scales it), then the recurrence h_{t−1}·W_hhᵀ step by step in one primitive
 * (`ops/lstm-recurrence.ts`, `ops/rnn-recurrence.ts`, `ops/gru-recurrence.ts`; each primitive
 * makes the input product itself, inside its kernel call). The math is the cells'
 * (`nn/functional/recurrent.ts`).
 * @module
 */
import { gruRecurrence } from '../../ops/gru-recurrence.js';
import { lstmRecurrence } from '../../ops/lstm-recurrence.js';
import { rnnRecurrence, type RnnActivation } from '../../ops/rnn-recurrence.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { RecurrentWeights } from './recurrent.js';

/**
 * The layer's h_t for every step [T, B, H] and its final states [h_T, c_T], from x [T, B, I] and
 * the initial states [h0, c0]; with `reverse` the steps run from t = T−1 down to 0 (a
 * bidirectional layer's second direction), and h_t stays at position t.
 */
export function lstmDirection(x: Tensor, [h0, c0]: readonly Tensor[], w: RecurrentWeights, reverse: boolean): [Tensor, Tensor[]] {
  const steps = x.shape[0]!;
  const states = lstmRecurrence(reverse ? x.flip(0) : x, w.weightIh, summedBias(w), h0!, c0!, w.weightHh); // [T, 2, B, H]
  const hs = states.select(1, 0);
  const last = states.select(0, steps - 1);
  return [reverse ? hs.flip(0) : hs, [last.select(0, 0), last.select(0, 1)]];
}

/** b_ih + b_hh (null for a layer without biases). */
function summedBias(w: RecurrentWeights): Tensor | null {
  return w.biasIh === null || w.biasHh === null ? null : w.biasIh.add(w.biasHh);
}

/** As lstmDirection, for an Elman RNN (tanh or relu): [h_t for every step [T, B, H], [h_T]]. */
export function rnnDirection(x: Tensor, [h0]: readonly Tensor[], w: RecurrentWeights, reverse: boolean, nonlinearity: RnnActivation): [Tensor, Tensor[]] {
  const hs = rnnRecurrence(reverse ? x.flip(0) : x, w.weightIh, summedBias(w), h0!, w.weightHh, nonlinearity); // [T, B, H]
  return [reverse ? hs.flip(0) : hs, [hs.select(0, x.shape[0]! - 1)]];
}

/** As lstmDirection, for a GRU: [h_t for every step [T, B, H], [h_T]]. */
export function gruDirection(x: Tensor, [h0]: readonly Tensor[], w: RecurrentWeights, reverse: boolean): [Tensor, Tensor[]] {
  const hs = gruRecurrence(reverse ? x.flip(0) : x, w.weightIh, w.biasIh, h0!, w.weightHh, w.biasHh); // [T, B, H]
  return [reverse ? hs.flip(0) : hs, [hs.select(0, x.shape[0]! - 1)]];
}
