// The LSTM cell's pointwise part and its VJP (f32), the math of ../../ref/lstm-cell.ts on f32x4
// lanes: four units j of one batch row at a time, with the sigmoid and tanh of ./shared/math32 (row loops in ./shared/lstm-cell-rows) (≤ 0.75 ulp
// each); the forward keeps the five activations per unit for the backward, which then needs none.
// A row's last 1–3 units run the same vector code on zero-padded lanes, whose results are not
// stored. Operands are contiguous: gates [B, 4H] (blocks i, f, g, o), acts [B, 5H] (i, f, g, o,
// tanh c'), c [B, H], grad and out [2, B, H] (h' then c').
import { cellBackwardRows, cellRows } from './shared/lstm-cell-rows';

/** out[0, b, j] = h', out[1, b, j] = c'; acts[b] = [i, f, g, o, tanh c'] (each H wide). */
export function lstmCell(gates: usize, c: usize, batch: i32, hidden: i32, out: usize, acts: usize): void {
  cellRows(gates, c, batch, hidden, out, out + <usize>(batch * hidden * 4), acts);
}

/** outGates [B, 4H] and outC [B, H] from grad [2, B, H] (gh, gc) and the forward's acts. */
export function lstmCellBackward(acts: usize, c: usize, grad: usize, batch: i32, hidden: i32, outGates: usize, outC: usize): void {
  cellBackwardRows(acts, c, grad, grad + <usize>(batch * hidden * 4), batch, hidden, outGates, outC);
}

