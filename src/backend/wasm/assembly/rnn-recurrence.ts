// An Elman RNN layer's recurrence over all its steps and its backpropagation through time (f32),
// the math of ../../ref/rnn-recurrence.ts in one call per block of batch rows, as
// ./lstm-recurrence.ts does for the LSTM: W_hhᵀ packed once by the caller and shared, each step's
// product on the previous step's state where it already is, then the activation (tanh, or relu).
// Operands are contiguous: xGates, states and grad [T, B, H], h0 [B, H]; a block is rows
// row0 … row0 + rows − 1 of every [B, H] matrix, which are contiguous.
import { loadUpTo, storeUpTo } from './shared/lanes';
import { tanhF32x4 } from './shared/math32';
import { matmulPackedB, matmulWorkBytes } from './matmul';

/** Bytes of `work` one call needs (either way): the matmul's scratch. */
export function rnnRecurrenceWorkBytes(): i32 {
  return matmulWorkBytes();
}

/** x[i] ← tanh(x[i]) (relu(x[i]) when `relu`: NaN stays NaN, −0 becomes 0) for i < count. */
function activate(x: usize, count: i32, relu: bool): void {
  const zero = f32x4.splat(0);
  for (let i = 0; i < count; i += 4) {
    const n = min(4, count - i);
    const at = x + <usize>(i * 4);
    const z = loadUpTo(at, n, 0);
    storeUpTo(at, relu ? f32x4.max(z, zero) : tanhF32x4(z), n);
  }
}

/**
 * states[t] of the block's rows, t = 0 … steps − 1, with W_hhᵀ [H, H] packed at `packed`
 * (packB(W_hh, 1, H, H, H)); rows, hidden > 0.
 */
export function rnnRecurrence(
  xGates: usize, h0: usize, packed: usize, steps: i32, batch: i32, hidden: i32, relu: bool, row0: i32, rows: i32, states: usize, work: usize,
): void {
  const plane = <usize>(batch * hidden * 4);
  const first = <usize>(row0 * hidden * 4);
  const bytes = <usize>(rows * hidden * 4);
  let h = h0 + first;
  for (let t = 0; t < steps; t++) {
    // h_t = act(xGates[t] + h_{t−1}·W_hhᵀ), computed in place in states[t]
    const out = states + <usize>t * plane + first;
    memory.copy(out, xGates + <usize>t * plane + first, bytes);
    matmulPackedB(h, hidden, 1, packed, out, hidden, rows, hidden, hidden, work, true);
    activate(out, rows * hidden, relu);
    h = out;
  }
}

/**
 * outGates[t] of the block's rows for t = steps − 1 … 0 and the gradient carried into their h0 in
 * outH0, with W_hh [H, H] packed at `packed` (packB(W_hh, H, 1, H, H)); rows, hidden > 0.
 */
export function rnnRecurrenceBackward(
  states: usize, packed: usize, grad: usize, steps: i32, batch: i32, hidden: i32, relu: bool, row0: i32, rows: i32,
  outGates: usize, outH0: usize, work: usize,
): void {
  const plane = <usize>(batch * hidden * 4);
  const first = <usize>(row0 * hidden * 4);
  const count = rows * hidden;
  const dh = outH0 + first; // dh carried back from step t + 1: zero past the last step
  memory.fill(dh, 0, <usize>(count * 4));
  const one = f32x4.splat(1);
  const zero = f32x4.splat(0);
  for (let t = steps - 1; t >= 0; t--) {
    const at = <usize>t * plane + first;
    // d gates_t = (grad[t] + dh)·act′(h_t): 1 − h² for tanh, 1(h > 0) for relu (NaN: passes)
    for (let i = 0; i < count; i += 4) {
      const n = min(4, count - i);
      const k = <usize>(i * 4);
      const g = f32x4.add(loadUpTo(grad + at + k, n, 0), loadUpTo(dh + k, n, 0));
      const y = loadUpTo(states + at + k, n, 0);
      const d = relu ? v128.andnot(g, f32x4.le(y, zero)) : f32x4.mul(g, f32x4.mul(f32x4.sub(one, y), f32x4.add(one, y)));
      storeUpTo(outGates + at + k, d, n);
    }
    // dh_{t−1} = d gates_t·W_hh
    matmulPackedB(outGates + at, hidden, 1, packed, dh, hidden, rows, hidden, hidden, work, false);
  }
}
