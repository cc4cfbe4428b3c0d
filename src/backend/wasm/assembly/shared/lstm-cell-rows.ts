// The LSTM cell's row loops (f32), with h' and c' (forward) and their gradients (backward) at
// separate pointers: ../lstm-cell.ts runs them on a [2, B, H] block, ../lstm-recurrence.ts on the
// rows of its states. The math is ../lstm-cell.ts's header's.
import { loadUpTo, storeUpTo } from './lanes';
import { sigmoidF32x4, tanhF32x4 } from './math32';

/** lstmCell with h' [B, H] at `hOut` and c' [B, H] at `cOut`. */
export function cellRows(gates: usize, c: usize, batch: i32, hidden: i32, hOut: usize, cOut: usize, acts: usize): void {
  const block = <usize>(hidden * 4); // bytes between gate blocks in a row
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
      storeUpTo(hOut + cell, f32x4.mul(o, tc), n);
      storeUpTo(cOut + cell, cNew, n);
      storeUpTo(actRow + at, i, n);
      storeUpTo(actRow + block + at, f, n);
      storeUpTo(actRow + 2 * block + at, g, n);
      storeUpTo(actRow + 3 * block + at, o, n);
      storeUpTo(actRow + 4 * block + at, tc, n);
    }
  }
}

/** lstmCellBackward with the gradients of h' and c' ([B, H] each) at `gradH` and `gradC`. */
export function cellBackwardRows(acts: usize, c: usize, gradH: usize, gradC: usize, batch: i32, hidden: i32, outGates: usize, outC: usize): void {
  const block = <usize>(hidden * 4);
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
      const gh = loadUpTo(gradH + cell, n, 0);
      // dc' = gc + gh·o·(1 − tc)(1 + tc)
      const dc = f32x4.add(loadUpTo(gradC + cell, n, 0), f32x4.mul(f32x4.mul(gh, o), f32x4.mul(f32x4.sub(one, tc), f32x4.add(one, tc))));
      storeUpTo(outRow + at, f32x4.mul(f32x4.mul(dc, g), f32x4.mul(i, f32x4.sub(one, i))), n);
      storeUpTo(outRow + block + at, f32x4.mul(f32x4.mul(dc, cPrev), f32x4.mul(f, f32x4.sub(one, f))), n);
      storeUpTo(outRow + 2 * block + at, f32x4.mul(f32x4.mul(dc, i), f32x4.mul(f32x4.sub(one, g), f32x4.add(one, g))), n);
      storeUpTo(outRow + 3 * block + at, f32x4.mul(f32x4.mul(gh, tc), f32x4.mul(o, f32x4.sub(one, o))), n);
      storeUpTo(outC + cell, f32x4.mul(dc, f), n);
    }
  }
}
