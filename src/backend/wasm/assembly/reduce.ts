// Reductions of a contiguous f32 block viewed as [outer, reduced, inner]: out[o, i] = op over r of
// x[(o·R + r)·I + i]. I = 1 is a last-axis reduction (lanes run along r); I > 1 reduces across
// rows (lanes run along i). Sums accumulate in f64, as the reference kernels do.

const SUM: i32 = 0;
const MAX: i32 = 1;
const MIN: i32 = 2;

/** Bytes of scratch `reduce` needs for an inner size `inner` (the f64 accumulators); `reduceAround`'s for `kept` cells. */
export function reduceWorkBytes(inner: i32): i32 {
  return inner * 8 + 16;
}

export function reduce(op: i32, x: usize, outer: i32, reduced: i32, inner: i32, out: usize, work: usize): void {
  if (inner == 1) {
    for (let o = 0; o < outer; o++) store<f32>(out + <usize>(o * 4), reduceLine(op, x + <usize>(o * reduced * 4), reduced));
    return;
  }
  for (let o = 0; o < outer; o++) {
    const block = x + <usize>(o * reduced * inner * 4);
    const dst = out + <usize>(o * inner * 4);
    if (op == SUM) sumRows(block, reduced, inner, dst, work);
    else extremeRows(op, block, reduced, inner, dst);
  }
}

/**
 * out[k] = op over (o, i) of x[(o·kept + k)·inner + i]: the reduced dims on both sides of the kept
 * ones, as a conv bias gradient's or BatchNorm's (0, 2, 3) of a contiguous [N, C, H, W], read where
 * it is instead of permuted first. Each row of `inner` is reduced as a line (a sum in f64, added
 * to the cell's f64 accumulator in `work`, `reduceWorkBytes(kept)` bytes).
 */
export function reduceAround(op: i32, x: usize, outer: i32, kept: i32, inner: i32, out: usize, work: usize): void {
  if (op == SUM) memory.fill(work, 0, <usize>(kept * 8));
  else for (let k = 0; k < kept; k++) store<f32>(out + <usize>(k * 4), op == MAX ? -Infinity : Infinity);
  for (let o = 0; o < outer; o++) {
    for (let k = 0; k < kept; k++) {
      const line = x + <usize>((o * kept + k) * inner * 4);
      if (op == SUM) {
        const acc = work + <usize>(k * 8);
        store<f64>(acc, load<f64>(acc) + sumLine(line, inner));
      } else {
        const to = out + <usize>(k * 4);
        const v = reduceLine(op, line, inner);
        store<f32>(to, op == MAX ? max<f32>(load<f32>(to), v) : min<f32>(load<f32>(to), v));
      }
    }
  }
  if (op == SUM) for (let k = 0; k < kept; k++) store<f32>(out + <usize>(k * 4), <f32>load<f64>(work + <usize>(k * 8)));
}

/** The f64 sum of `n` contiguous floats, two f64x2 accumulators across the lanes. */
function sumLine(x: usize, n: i32): f64 {
  let i = 0;
  let lo = f64x2.splat(0);
  let hi = f64x2.splat(0);
  for (; i + 4 <= n; i += 4) {
    const v = v128.load(x + <usize>(i * 4));
    lo = f64x2.add(lo, f64x2.promote_low_f32x4(v));
    hi = f64x2.add(hi, f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 2, 3)));
  }
  const both = f64x2.add(lo, hi);
  let s = f64x2.extract_lane(both, 0) + f64x2.extract_lane(both, 1);
  for (; i < n; i++) s += <f64>load<f32>(x + <usize>(i * 4));
  return s;
}

/** Reduces `n` contiguous floats. */
function reduceLine(op: i32, x: usize, n: i32): f32 {
  let i = 0;
  if (op == SUM) return <f32>sumLine(x, n);
  const isMax = op == MAX;
  let best: f32 = isMax ? -Infinity : Infinity;
  let acc = f32x4.splat(best);
  for (; i + 4 <= n; i += 4) {
    const v = v128.load(x + <usize>(i * 4));
    acc = isMax ? f32x4.max(acc, v) : f32x4.min(acc, v);
  }
  for (let l = 0; l < 4; l++) {
    const v = l == 0 ? f32x4.extract_lane(acc, 0) : l == 1 ? f32x4.extract_lane(acc, 1) : l == 2 ? f32x4.extract_lane(acc, 2) : f32x4.extract_lane(acc, 3);
    best = isMax ? max<f32>(best, v) : min<f32>(best, v);
  }
  for (; i < n; i++) {
    const v = load<f32>(x + <usize>(i * 4));
    best = isMax ? max<f32>(best, v) : min<f32>(best, v);
  }
  return best;
}

/** dst[i] = Σ_r x[r·inner + i], accumulated in f64 in `work`. */
function sumRows(x: usize, reduced: i32, inner: i32, dst: usize, work: usize): void {
  memory.fill(work, 0, <usize>(inner * 8));
  for (let r = 0; r < reduced; r++) {
    const src = x + <usize>(r * inner * 4);
    let i = 0;
    for (; i + 4 <= inner; i += 4) {
      const v = v128.load(src + <usize>(i * 4));
      const acc = work + <usize>(i * 8);
      v128.store(acc, f64x2.add(v128.load(acc), f64x2.promote_low_f32x4(v)));
      v128.store(acc, f64x2.add(v128.load(acc, 16), f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 2, 3))), 16);
    }
    for (; i < inner; i++) {
      const acc = work + <usize>(i * 8);
      store<f64>(acc, load<f64>(acc) + <f64>load<f32>(src + <usize>(i * 4)));
    }
  }
  for (let i = 0; i < inner; i++) store<f32>(dst + <usize>(i * 4), <f32>load<f64>(work + <usize>(i * 8)));
}

/** dst[i] = max (min) over r of x[r·inner + i]; NaN propagates. */
function extremeRows(op: i32, x: usize, reduced: i32, inner: i32, dst: usize): void {
  const isMax = op == MAX;
  const init: f32 = isMax ? -Infinity : Infinity;
  for (let i = 0; i < inner; i++) store<f32>(dst + <usize>(i * 4), init);
  for (let r = 0; r < reduced; r++) {
    const src = x + <usize>(r * inner * 4);
    let i = 0;
    for (; i + 4 <= inner; i += 4) {
      const o = <usize>(i * 4);
      const cur = v128.load(dst + o);
      const v = v128.load(src + o);
      v128.store(dst + o, isMax ? f32x4.max(cur, v) : f32x4.min(cur, v));
    }
    for (; i < inner; i++) {
      const o = <usize>(i * 4);
      const v = load<f32>(src + o);
      const cur = load<f32>(dst + o);
      store<f32>(dst + o, isMax ? max<f32>(cur, v) : min<f32>(cur, v));
    }
  }
}
