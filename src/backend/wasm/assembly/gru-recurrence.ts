// A GRU layer's recurrence over all its steps and its backpropagation through time (f32), the
// math of ../../ref/gru-recurrence.ts in one call per block of batch rows, as ./lstm-recurrence.ts
// does for the LSTM: W_hhᵀ packed once by the caller and shared; per step gh = h·W_hhᵀ + b_hh on
// the previous step's state where it already is, then the gates four units of a row at a time.
// Operands are contiguous: xGates [T, B, 3H] (blocks r, z, n), h0 [B, H], bias [3H], states and
// grad [T, B, H], acts [T, B, 4H] (r, z, n, gh_n); a block is rows row0 … row0 + rows − 1.
import { loadUpTo, storeUpTo } from './shared/lanes';
import { sigmoidF32x4, tanhF32x4 } from './shared/math32';
import { matmulPackedB, matmulWorkBytes } from './matmul';

function aligned(bytes: i32): i32 {
  return (bytes + 15) & ~15;
}

/** Bytes of `work` one gruRecurrence call on up to `rows` rows needs: the matmul's scratch, one step's gh. */
export function gruRecurrenceWorkBytes(rows: i32, hidden: i32): i32 {
  return matmulWorkBytes() + aligned(rows * 3 * hidden * 4);
}

/**
 * states[t] and acts[t] of the block's rows, t = 0 … steps − 1, with W_hhᵀ [H, 3H] packed at
 * `packed` (packB(W_hh, 1, H, H, 3H)) and b_hh at `bias` (when `hasBias`); rows, hidden > 0.
 */
export function gruRecurrence(
  xGates: usize, h0: usize, packed: usize, bias: usize, hasBias: bool, steps: i32, batch: i32, hidden: i32, row0: i32, rows: i32,
  states: usize, acts: usize, work: usize,
): void {
  const width = 3 * hidden;
  const block = <usize>(hidden * 4); // bytes between gate blocks in a row
  const gh = work + <usize>matmulWorkBytes();
  const plane = <usize>(batch * hidden * 4);
  const first = <usize>(row0 * hidden * 4);
  let h = h0 + first;
  for (let t = 0; t < steps; t++) {
    // gh = h_{t−1}·W_hhᵀ + b_hh
    for (let b = 0; b < rows; b++) {
      const row = gh + <usize>(b * width * 4);
      if (hasBias) memory.copy(row, bias, <usize>(width * 4));
      else memory.fill(row, 0, <usize>(width * 4));
    }
    matmulPackedB(h, hidden, 1, packed, gh, width, rows, width, hidden, work, true);
    const out = states + <usize>t * plane + first;
    for (let b = 0; b < rows; b++) {
      const gi = xGates + <usize>(((t * batch + row0 + b) * width) * 4);
      const gr = gh + <usize>(b * width * 4);
      const act = acts + <usize>(((t * batch + row0 + b) * 4 * hidden) * 4);
      const cell = <usize>(b * hidden * 4);
      for (let j = 0; j < hidden; j += 4) {
        const n = min(4, hidden - j);
        const at = <usize>(j * 4);
        // r = σ(gi_r + gh_r), z = σ(gi_z + gh_z), n = tanh(gi_n + r·gh_n), h' = n + z·(h − n)
        const r = sigmoidF32x4(f32x4.add(loadUpTo(gi + at, n, 0), loadUpTo(gr + at, n, 0)));
        const z = sigmoidF32x4(f32x4.add(loadUpTo(gi + block + at, n, 0), loadUpTo(gr + block + at, n, 0)));
        const ghn = loadUpTo(gr + 2 * block + at, n, 0);
        const nn = tanhF32x4(f32x4.add(loadUpTo(gi + 2 * block + at, n, 0), f32x4.mul(r, ghn)));
        const hp = loadUpTo(h + cell + at, n, 0);
        storeUpTo(out + cell + at, f32x4.add(nn, f32x4.mul(z, f32x4.sub(hp, nn))), n);
        storeUpTo(act + at, r, n);
        storeUpTo(act + block + at, z, n);
        storeUpTo(act + 2 * block + at, nn, n);
        storeUpTo(act + 3 * block + at, ghn, n);
      }
    }
    h = out;
  }
}

/**
 * d xGates[t] and d gh[t] of the block's rows for t = steps − 1 … 0, and the gradient carried into
 * their h0 in outH0, with W_hh [3H, H] packed at `packed` (packB(W_hh, H, 1, 3H, H));
 * rows, hidden > 0.
 */
export function gruRecurrenceBackward(
  acts: usize, h0: usize, states: usize, packed: usize, grad: usize, steps: i32, batch: i32, hidden: i32, row0: i32, rows: i32,
  outXGates: usize, outGh: usize, outH0: usize, work: usize,
): void {
  const width = 3 * hidden;
  const block = <usize>(hidden * 4);
  const plane = <usize>(batch * hidden * 4);
  const first = <usize>(row0 * hidden * 4);
  const dh = outH0 + first; // dh carried back from step t + 1: zero past the last step
  memory.fill(dh, 0, <usize>(rows * hidden * 4));
  const one = f32x4.splat(1);
  for (let t = steps - 1; t >= 0; t--) {
    const hPrev = t > 0 ? states + <usize>(t - 1) * plane + first : h0 + first;
    const g = grad + <usize>t * plane + first;
    for (let b = 0; b < rows; b++) {
      const rowAt = <usize>(((t * batch + row0 + b) * width) * 4);
      const act = acts + <usize>(((t * batch + row0 + b) * 4 * hidden) * 4);
      const cell = <usize>(b * hidden * 4);
      for (let j = 0; j < hidden; j += 4) {
        const n = min(4, hidden - j);
        const at = <usize>(j * 4);
        const r = loadUpTo(act + at, n, 0);
        const z = loadUpTo(act + block + at, n, 0);
        const nn = loadUpTo(act + 2 * block + at, n, 0);
        const ghn = loadUpTo(act + 3 * block + at, n, 0);
        const hp = loadUpTo(hPrev + cell + at, n, 0);
        const gt = f32x4.add(loadUpTo(g + cell + at, n, 0), loadUpTo(dh + cell + at, n, 0));
        // d n_pre = g·(1 − z)·(1 − n²); d z_pre = g·(h − n)·z(1 − z); d r_pre = d n_pre·gh_n·r(1 − r)
        const dnp = f32x4.mul(f32x4.mul(gt, f32x4.sub(one, z)), f32x4.mul(f32x4.sub(one, nn), f32x4.add(one, nn)));
        const dzp = f32x4.mul(f32x4.mul(gt, f32x4.sub(hp, nn)), f32x4.mul(z, f32x4.sub(one, z)));
        const drp = f32x4.mul(f32x4.mul(dnp, ghn), f32x4.mul(r, f32x4.sub(one, r)));
        storeUpTo(outXGates + rowAt + at, drp, n);
        storeUpTo(outXGates + rowAt + block + at, dzp, n);
        storeUpTo(outXGates + rowAt + 2 * block + at, dnp, n);
        storeUpTo(outGh + rowAt + at, drp, n);
        storeUpTo(outGh + rowAt + block + at, dzp, n);
        storeUpTo(outGh + rowAt + 2 * block + at, f32x4.mul(dnp, r), n);
        storeUpTo(dh + cell + at, f32x4.mul(gt, z), n); // the direct path h' = … + z·h
      }
    }
    // dh_{t−1} = g·z + d gh_t·W_hh
    matmulPackedB(outGh + <usize>(((t * batch + row0) * width) * 4), width, 1, packed, dh, hidden, rows, hidden, width, work, true);
  }
}
