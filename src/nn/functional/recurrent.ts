/**
 * One time step of the recurrent cells (Elman RNN, LSTM, GRU), written with differentiable
 * primitives only (matmul, add, tanh, sigmoid, relu, chunk, mul, and the LSTM's fused pointwise
 * step `lstmCellStates`), so every gradient, higher-order gradient and backend comes for free. The layers in `nn/layers/recurrent.ts` call these once per
 * step and layer; the weights are laid out as PyTorch's (`weight_ih` is [gates·hidden, input],
 * gates stacked in PyTorch's order: LSTM i, f, g, o; GRU r, z, n).
 *
 * Inputs are batched: `input` [batch, inputSize], states [batch, hiddenSize].
 * @module
 */
import { DTypeError, ShapeError, fmtShape } from '../../errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import { lstmCellStates } from '../../ops/lstm-cell.js';
import { linear } from './linear.js';
import { checkTensor, describe } from '../../checks/args.js';
import { ValueError } from '../../errors.js';

/**
 * Checks the shapes and dtypes of one cell step before any work. `gates` is how many blocks of
 * hiddenSize rows the weights stack (1 RNN, 4 LSTM, 3 GRU). The hidden state has weightHh's
 * column count: hiddenSize, or an LSTM's projSize; the LSTM cell state `cx` has hiddenSize.
 */
function checkCell(
  op: string,
  gates: number,
  input: Tensor,
  hx: Tensor,
  cx: Tensor | null,
  weightIh: Tensor,
  weightHh: Tensor,
  biasIh: Tensor | null,
  biasHh: Tensor | null,
): void {
  checkTensor(op, 'input', input);
  checkTensor(op, 'hx', hx);
  if (cx !== null) checkTensor(op, 'cx', cx);
  checkTensor(op, 'weightIh', weightIh);
  checkTensor(op, 'weightHh', weightHh);
  if (weightIh.ndim !== 2 || weightHh.ndim !== 2 || weightIh.shape[0]! % gates !== 0) {
    throw new ShapeError(op, `weightIh ${fmtShape(weightIh.shape)} and weightHh ${fmtShape(weightHh.shape)} must be matrices with ${gates}·hiddenSize rows`);
  }
  const hidden = weightIh.shape[0]! / gates;
  const rows = gates * hidden;
  const stateSize = weightHh.shape[1]!;
  if (weightHh.shape[0] !== rows || (cx === null && stateSize !== hidden)) {
    const want = cx === null ? fmtShape([rows, hidden]) : `[${rows}, stateSize]`;
    throw new ShapeError(op, `weightHh has shape ${fmtShape(weightHh.shape)} but weightIh ${fmtShape(weightIh.shape)} implies ${want}`);
  }
  for (const [name, b] of [['biasIh', biasIh], ['biasHh', biasHh]] as const) {
    if (b !== null && (b.ndim !== 1 || b.shape[0] !== rows)) {
      throw new ShapeError(op, `${name} has shape ${fmtShape(b.shape)}, expected ${fmtShape([rows])}`);
    }
  }
  if (input.ndim !== 2 || input.shape[1] !== weightIh.shape[1]) {
    throw new ShapeError(op, `input has shape ${fmtShape(input.shape)}, expected [batch, ${weightIh.shape[1]}] (weightIh ${fmtShape(weightIh.shape)})`);
  }
  const batch = input.shape[0]!;
  const states: [string, Tensor, number][] = [['hx', hx, stateSize]];
  if (cx !== null) states.push(['cx', cx, hidden]);
  for (const [name, s, size] of states) {
    if (s.ndim !== 2 || s.shape[0] !== batch || s.shape[1] !== size) {
      throw new ShapeError(op, `${name} has shape ${fmtShape(s.shape)}, expected ${fmtShape([batch, size])} (batch ${batch}, state size ${size})`);
    }
  }
  const others: [string, Tensor | null][] = [['input', input], ['hx', hx], ['cx', cx], ['weightHh', weightHh], ['biasIh', biasIh], ['biasHh', biasHh]];
  for (const [name, t] of others) {
    if (t !== null && t.dtype !== weightIh.dtype) {
      throw new DTypeError(op, `${name} is ${t.dtype} but weightIh is ${weightIh.dtype}`);
    }
  }
}

/** Elman RNN step with tanh: h' = tanh(x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh). */
export function rnnTanhCell(
  input: Tensor,
  hx: Tensor,
  weightIh: Tensor,
  weightHh: Tensor,
  biasIh: Tensor | null = null,
  biasHh: Tensor | null = null,
): Tensor {
  return elmanPreActivation('rnnTanhCell', input, hx, weightIh, weightHh, biasIh, biasHh).tanh();
}

/** Elman RNN step with ReLU: h' = relu(x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh). */
export function rnnReluCell(
  input: Tensor,
  hx: Tensor,
  weightIh: Tensor,
  weightHh: Tensor,
  biasIh: Tensor | null = null,
  biasHh: Tensor | null = null,
): Tensor {
  return elmanPreActivation('rnnReluCell', input, hx, weightIh, weightHh, biasIh, biasHh).relu();
}

/** x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh, after `op`'s checks: what both Elman cells activate. */
function elmanPreActivation(
  op: string,
  input: Tensor,
  hx: Tensor,
  weightIh: Tensor,
  weightHh: Tensor,
  biasIh: Tensor | null,
  biasHh: Tensor | null,
): Tensor {
  checkCell(op, 1, input, hx, null, weightIh, weightHh, biasIh, biasHh);
  return linear(input, weightIh, biasIh).add(linear(hx, weightHh, biasHh));
}

/**
 * LSTM step. With [i, f, g, o] the four row blocks of x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh:
 * i = σ(·), f = σ(·), g = tanh(·), o = σ(·); c' = f ⊙ c + i ⊙ g; h' = o ⊙ tanh(c').
 * Returns [h', c']. For an LSTM with a projection the hidden state `hx` has weightHh's column
 * count (projSize) while `cx` has hiddenSize; the caller projects h' (h' ← h'·W_hrᵀ).
 */
export function lstmCell(
  input: Tensor,
  state: readonly [Tensor, Tensor],
  weightIh: Tensor,
  weightHh: Tensor,
  biasIh: Tensor | null = null,
  biasHh: Tensor | null = null,
): [Tensor, Tensor] {
  if (!Array.isArray(state) || state.length !== 2) throw new ValueError('lstmCell', `the state must be a pair [hx, cx] of tensors, got ${describe(state)}`);
  const [hx, cx] = state;
  checkCell('lstmCell', 4, input, hx, cx, weightIh, weightHh, biasIh, biasHh);
  return lstmStates(linear(input, weightIh, biasIh).add(linear(hx, weightHh, biasHh)), cx);
}

/**
 * The LSTM's states from its gate pre-activations [i, f, g, o] (the four column blocks of
 * `gates`) and the cell state: c' = σ(f) ⊙ c + σ(i) ⊙ tanh(g); h' = σ(o) ⊙ tanh(c'). Returns [h', c'].
 */
export function lstmStates(gates: Tensor, cx: Tensor): [Tensor, Tensor] {
  const states = lstmCellStates(gates, cx); // [2, B, H]: one fused op (src/ops/lstm-cell.ts)
  return [states.select(0, 0), states.select(0, 1)];
}

/**
 * GRU step. With the row blocks [r, z, n] of gi = x·W_ihᵀ + b_ih and gh = h·W_hhᵀ + b_hh:
 * r = σ(gi_r + gh_r), z = σ(gi_z + gh_z), n = tanh(gi_n + r ⊙ gh_n) (the reset gate scales
 * W_hn·h + b_hn, as PyTorch), h' = (1 − z) ⊙ n + z ⊙ h.
 */
export function gruCell(
  input: Tensor,
  hx: Tensor,
  weightIh: Tensor,
  weightHh: Tensor,
  biasIh: Tensor | null = null,
  biasHh: Tensor | null = null,
): Tensor {
  checkCell('gruCell', 3, input, hx, null, weightIh, weightHh, biasIh, biasHh);
  const [iR, iZ, iN] = linear(input, weightIh, biasIh).chunk(3, 1) as [Tensor, Tensor, Tensor];
  const [hR, hZ, hN] = linear(hx, weightHh, biasHh).chunk(3, 1) as [Tensor, Tensor, Tensor];
  const r = iR.add(hR).sigmoid();
  const z = iZ.add(hZ).sigmoid();
  const n = iN.add(r.mul(hN)).tanh();
  // (1 − z)·n + z·h, written as n + z·(h − n)
  return n.add(z.mul(hx.sub(n)));
}
