// The LSTM cell's pointwise part and its VJP (f32), the math of ../../ref/lstm-cell.ts on f32x4
// lanes: four units j of one batch row at a time, with the sigmoid and tanh of ./math32 (≤ 0.75 ulp
// each); the forward keeps the five activations per unit for the backward, which then needs none.
// A row's last 1–3 units run the same vector code on zero-padded lanes, whose results are not
// stored. Operands are contiguous: gates [B, 4H] (blocks i, f, g, o), acts [B, 5H] (i, f, g, o,
// tanh c'), c [B, H], grad and out [2, B, H] (h' then c').
import { loadUpTo, storeUpTo } from './shared/lanes';
import { sigmoidF32x4, tanhF32x4 } from './shared/math32';

/** out[0, b, j] = h', out[1, b, j] = c'; acts[b] = [i, f, g, o, tanh c'] (each H wide). */
export function lstmCell(gates: usize, c: usize, batch: i32, hidden: i32, out: usize, acts: usize): void {
  const block = <usize>(hidden * 4); // bytes between gate blocks in a row
  const plane = <usize>(batch * hidden * 4); // bytes from h' to c' in out
  for (let b = 0; b < batch; b++) {
    const row = gates + <usize>(b * 4 * hidden * 4);
    const actRow = acts + <usize>(b * 5 * hidden * 4);
    for (let j = 0; j < hidden; j += 4) {
      const n = min(4, hidden - j);
      const at = <usize>(j * 4);
      const i = sigmoidF32x4(loadUpTo(row + at, n, 0));
      const f = sigmoidF32x4(loadUpTo(row + block + at, n, 0));
      const g = tanhF32x4(loadUpTo(row + 2 * block + at, n, 0));
      const o = sigmoidF32x4(loadUpTo(row + 3 * block + at, n, 0));
      const cell = <usize>((b * hidden + j) * 4);
      const cNew = f32x4.add(f32x4.mul(f, loadUpTo(c + cell, n, 0)), f32x4.mul(i, g));
      const tc = tanhF32x4(cNew);
      storeUpTo(out + cell, f32x4.mul(o, tc), n);
      storeUpTo(out + plane + cell, cNew, n);
      storeUpTo(actRow + at, i, n);
      storeUpTo(actRow + block + at, f, n);
      storeUpTo(actRow + 2 * block + at, g, n);
      storeUpTo(actRow + 3 * block + at, o, n);
      storeUpTo(actRow + 4 * block + at, tc, n);
    }
  }
}

/** outGates [B, 4H] and outC [B, H] from grad [2, B, H] (gh, gc) and the forward's acts. */
export function lstmCellBackward(acts: usize, c: usize, grad: usize, batch: i32, hidden: i32, outGates: usize, outC: usize): void {
  const block = <usize>(hidden * 4);
  const plane = <usize>(batch * hidden * 4);
  const one = f32x4.splat(1);
  for (let b = 0; b < batch; b++) {
    const actRow = acts + <usize>(b * 5 * hidden * 4);
    const outRow = outGates + <usize>(b * 4 * hidden * 4);
    for (let j = 0; j < hidden; j += 4) {
      const n = min(4, hidden - j);
      const at = <usize>(j * 4);
      const i = loadUpTo(actRow + at, n, 0);
      const f = loadUpTo(actRow + block + at, n, 0);
      const g = loadUpTo(actRow + 2 * block + at, n, 0);
      const o = loadUpTo(actRow + 3 * block + at, n, 0);
      const tc = loadUpTo(actRow + 4 * block + at, n, 0);
      const cell = <usize>((b * hidden + j) * 4);
      const cPrev = loadUpTo(c + cell, n, 0);
      const gh = loadUpTo(grad + cell, n, 0);
      // dc' = gc + gh·o·(1 − tc)(1 + tc)
      const dc = f32x4.add(loadUpTo(grad + plane + cell, n, 0), f32x4.mul(f32x4.mul(gh, o), f32x4.mul(f32x4.sub(one, tc), f32x4.add(one, tc))));
      storeUpTo(outRow + at, f32x4.mul(f32x4.mul(dc, g), f32x4.mul(i, f32x4.sub(one, i))), n);
      storeUpTo(outRow + block + at, f32x4.mul(f32x4.mul(dc, cPrev), f32x4.mul(f, f32x4.sub(one, f))), n);
      storeUpTo(outRow + 2 * block + at, f32x4.mul(f32x4.mul(dc, i), f32x4.mul(f32x4.sub(one, g), f32x4.add(one, g))), n);
      storeUpTo(outRow + 3 * block + at, f32x4.mul(f32x4.mul(gh, tc), f32x4.mul(o, f32x4.sub(one, o))), n);
      storeUpTo(outC + cell, f32x4.mul(dc, f), n);
    }
  }
}
