// An LSTM layer's recurrence over all its steps and its backpropagation through time (f32), the
// math of ../../ref/lstm-recurrence.ts in one call per block of batch rows: each batch row's
// recurrence is independent of the others', so threads each run every step on their own rows,
// with no synchronisation between steps, and a row's results do not depend on the block it is
// in. The recurrent weight is packed once by the caller (./matmul's packB) and shared; each step
// runs the matmul and LSTM cell kernels on the previous step's states where they already are.
// Operands are contiguous: xGates [T, B, 4H], h0 and c0 [B, H], states and grad [T, 2, B, H],
// acts [T, B, 5H]; a block is rows row0 … row0 + rows − 1 of every [B, ·] matrix.
import { cellBackwardRows, cellRows } from './shared/lstm-cell-rows';
import { matmulPackedB, matmulWorkBytes } from './matmul';

function aligned(bytes: i32): i32 {
  return (bytes + 15) & ~15;
}

/** Bytes of `work` one lstmRecurrence call on up to `rows` rows needs: the matmul's scratch, one step's gates. */
export function lstmRecurrenceWorkBytes(rows: i32, hidden: i32): i32 {
  return matmulWorkBytes() + aligned(rows * 4 * hidden * 4);
}

/**
 * states[t] = [h_t, c_t] and acts[t] of the block's rows, t = 0 … steps − 1, with W_hhᵀ [H, 4H]
 * packed at `packed` (packB(W_hh, 1, H, H, 4H)); rows, hidden > 0.
 */
export function lstmRecurrence(
  xGates: usize, h0: usize, c0: usize, packed: usize, steps: i32, batch: i32, hidden: i32, row0: i32, rows: i32,
  states: usize, acts: usize, work: usize,
): void {
  const width = 4 * hidden;
  const gates = work + <usize>matmulWorkBytes();
  const plane = <usize>(batch * hidden * 4); // bytes of one [B, H] state
  const first = <usize>(row0 * hidden * 4); // the block's first row in a [B, H] state
  let h = h0 + first;
  let c = c0 + first;
  for (let t = 0; t < steps; t++) {
    // gates_t = xGates[t] + h_{t−1}·W_hhᵀ
    memory.copy(gates, xGates + <usize>((t * batch + row0) * width * 4), <usize>(rows * width * 4));
    matmulPackedB(h, hidden, 1, packed, gates, width, rows, width, hidden, work, true);
    const hOut = states + <usize>t * 2 * plane + first;
    cellRows(gates, c, rows, hidden, hOut, hOut + plane, acts + <usize>((t * batch + row0) * 5 * hidden * 4));
    h = hOut;
    c = hOut + plane;
  }
}

/** Bytes of `work` one lstmRecurrenceBackward call on up to `rows` rows needs: the matmul's scratch, one step's gh and gc. */
export function lstmRecurrenceBackwardWorkBytes(rows: i32, hidden: i32): i32 {
  return matmulWorkBytes() + 2 * aligned(rows * hidden * 4);
}

/** dst[i] = a[i] + b[i] for i < count (f32). */
function addInto(dst: usize, a: usize, b: usize, count: i32): void {
  let i = 0;
  for (; i + 4 <= count; i += 4) {
    const at = <usize>(i * 4);
    v128.store(dst + at, f32x4.add(v128.load(a + at), v128.load(b + at)));
  }
  for (; i < count; i++) {
    const at = <usize>(i * 4);
    store<f32>(dst + at, load<f32>(a + at) + load<f32>(b + at));
  }
}

/**
 * outGates[t] of the block's rows for t = steps − 1 … 0, and the gradient carried into their h0
 * and c0 in outH0 and outC0, with W_hh [4H, H] packed at `packed` (packB(W_hh, H, 1, 4H, H));
 * rows, hidden > 0.
 */
export function lstmRecurrenceBackward(
  acts: usize, c0: usize, states: usize, packed: usize, grad: usize, steps: i32, batch: i32, hidden: i32, row0: i32, rows: i32,
  outGates: usize, outH0: usize, outC0: usize, work: usize,
): void {
  const width = 4 * hidden;
  const count = rows * hidden;
  const gh = work + <usize>matmulWorkBytes(); // this step's gradient of h_t: from outside + carried
  const gc = gh + <usize>aligned(count * 4); // and of c_t
  const plane = <usize>(batch * hidden * 4);
  const first = <usize>(row0 * hidden * 4);
  // dh and dc carried back from step t + 1 live in the block's rows of outH0 and outC0: zero past the last step
  const dh = outH0 + first;
  const dc = outC0 + first;
  memory.fill(dh, 0, <usize>(count * 4));
  memory.fill(dc, 0, <usize>(count * 4));
  for (let t = steps - 1; t >= 0; t--) {
    const g = grad + <usize>t * 2 * plane + first;
    addInto(gh, g, dh, count);
    addInto(gc, g + plane, dc, count);
    const cPrev = t > 0 ? states + <usize>(t - 1) * 2 * plane + plane + first : c0 + first;
    const dGates = outGates + <usize>((t * batch + row0) * width * 4);
    cellBackwardRows(acts + <usize>((t * batch + row0) * 5 * hidden * 4), cPrev, gh, gc, rows, hidden, dGates, dc);
    // dh_{t−1} = d gates_t·W_hh
    matmulPackedB(dGates, width, 1, packed, dh, hidden, rows, hidden, width, work, false);
  }
}
