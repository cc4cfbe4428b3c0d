// The LSTM cell's pointwise part and its VJP (f32), the math of ../../ref/lstm-cell.ts on f32x4
// lanes: four units j of one batch row at a time, with the sigmoid and tanh of ./math32 (≤ 0.75 ulp
// each); the forward keeps the five activations per unit for the backward, which then needs none.
// A row's last 1–3 units run the same vector code on zero-padded lanes, whose results are not
// stored. Operands are contiguous: gates [B, 4H] (blocks i, f, g, o), acts [B, 5H] (i, f, g, o,
// tanh c'), c [B, H], grad and out [2, B, H] (h' then c').
import { sigmoidF32x4, tanhF32x4 } from './math32';

/** Up to four floats from `p` (n < 4: the rest zero). */
@inline function loadN(p: usize, n: i32): v128 {
  if (n >= 4) return v128.load(p);
  let v = f32x4.splat(0);
  v = f32x4.replace_lane(v, 0, load<f32>(p));
  if (n > 1) v = f32x4.replace_lane(v, 1, load<f32>(p, 4));
  if (n > 2) v = f32x4.replace_lane(v, 2, load<f32>(p, 8));
  return v;
}

/** Stores the first n (≤ 4) lanes of v at p. */
@inline function storeN(p: usize, v: v128, n: i32): void {
  if (n >= 4) {
    v128.store(p, v);
    return;
  }
  store<f32>(p, f32x4.extract_lane(v, 0));
  if (n > 1) store<f32>(p, f32x4.extract_lane(v, 1), 4);
  if (n > 2) store<f32>(p, f32x4.extract_lane(v, 2), 8);
}

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
      const i = sigmoidF32x4(loadN(row + at, n));
      const f = sigmoidF32x4(loadN(row + block + at, n));
      const g = tanhF32x4(loadN(row + 2 * block + at, n));
      const o = sigmoidF32x4(loadN(row + 3 * block + at, n));
      const cell = <usize>((b * hidden + j) * 4);
      const cNew = f32x4.add(f32x4.mul(f, loadN(c + cell, n)), f32x4.mul(i, g));
      const tc = tanhF32x4(cNew);
      storeN(out + cell, f32x4.mul(o, tc), n);
      storeN(out + plane + cell, cNew, n);
      storeN(actRow + at, i, n);
      storeN(actRow + block + at, f, n);
      storeN(actRow + 2 * block + at, g, n);
      storeN(actRow + 3 * block + at, o, n);
      storeN(actRow + 4 * block + at, tc, n);
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
      const i = loadN(actRow + at, n);
      const f = loadN(actRow + block + at, n);
      const g = loadN(actRow + 2 * block + at, n);
      const o = loadN(actRow + 3 * block + at, n);
      const tc = loadN(actRow + 4 * block + at, n);
      const cell = <usize>((b * hidden + j) * 4);
      const cPrev = loadN(c + cell, n);
      const gh = loadN(grad + cell, n);
      // dc' = gc + gh·o·(1 − tc)(1 + tc)
      const dc = f32x4.add(loadN(grad + plane + cell, n), f32x4.mul(f32x4.mul(gh, o), f32x4.mul(f32x4.sub(one, tc), f32x4.add(one, tc))));
      storeN(outRow + at, f32x4.mul(f32x4.mul(dc, g), f32x4.mul(i, f32x4.sub(one, i))), n);
      storeN(outRow + block + at, f32x4.mul(f32x4.mul(dc, cPrev), f32x4.mul(f, f32x4.sub(one, f))), n);
      storeN(outRow + 2 * block + at, f32x4.mul(f32x4.mul(dc, i), f32x4.mul(f32x4.sub(one, g), f32x4.add(one, g))), n);
      storeN(outRow + 3 * block + at, f32x4.mul(f32x4.mul(gh, tc), f32x4.mul(o, f32x4.sub(one, o))), n);
      storeN(outC + cell, f32x4.mul(dc, f), n);
    }
  }
}
