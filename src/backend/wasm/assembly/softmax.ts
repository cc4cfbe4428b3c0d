// softmax and logSoftmax of a contiguous f32 block [outer, size, inner] along the middle axis:
// for each row r ↦ x[(o·size + r)·inner + i], with m the row's max (NaN propagates),
//   softmax    y = e^(x − m) / Σ e^(x − m)
//   logSoftmax y = (x − m) − log Σ e^(x − m)
// inner = 1 runs f32x4 lanes along each row; inner > 1 sweeps the block row by row with lanes
// across i, keeping each column's max (f32) and sum (f64) in `work`. Row and column tails run the
// same vector code on vectors padded with −∞ (which add e^−∞ = 0 to a row's sum).
//
// e^(x − m) is the unary exp kernel's expF32x4 of d = f32(x − m). That subtraction rounds, which
// alone would put e^d |d|·2⁻²⁴ off (20–40 ulp at d = −40), so its exact rounding error lo (TwoSum)
// is carried along: e^(x − m) = e^d · (1 + lo) to ~2⁻³⁵ relative (|lo| ≤ 2⁻¹⁷; this costs ~10%
// of the time). The sum is accumulated in f64 (two f64x2 accumulators per f32x4, not f32 lanes),
// and softmax's e·(1 + lo)/Σ and logSoftmax's (x − m) − log Σ run in f64, rounding to f32 once.
// Measured against ref's all-float64 kernel: ≤ 2 ulp (softmax), ≤ 1 ulp (logSoftmax).
import { logF64x2 } from './shared/math';
import { expF32x4 } from './shared/math32';
import { loadUpTo, storeUpTo } from './shared/lanes';

const SOFTMAX: i32 = 0;
const LOG_SOFTMAX: i32 = 1;

/** Columns rounded up to whole f32x4 vectors. */
@inline function padded(inner: i32): i32 {
  return (inner + 3) & ~3;
}

/** Bytes of scratch `softmax` needs for an inner size `inner`: a max (f32) and a sum (f64) per column. */
export function softmaxWorkBytes(inner: i32): i32 {
  return padded(inner) * 12 + 16;
}

/** The low (`high` false) or high pair of f32 lanes of `v` as f64x2. */
@inline function widen(v: v128, high: bool): v128 {
  return f64x2.promote_low_f32x4(high ? v128.shuffle<f32>(v, v, 2, 3, 2, 3) : v);
}

/** Two f64x2 rounded once each into one f32x4 (lo → lanes 0–1, hi → lanes 2–3). */
@inline function narrow(lo: v128, hi: v128): v128 {
  return v128.shuffle<f32>(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5);
}

/**
 * The exact rounding error of d = f32(x − m) (TwoSum: x − m = d + lo exactly), 0 where d is not
 * finite (there e^d is 0 or NaN already).
 */
@inline function shiftError(x: v128, m: v128, d: v128): v128 {
  const mv = f32x4.sub(d, x); // the part of d that came from −m
  const xv = f32x4.sub(d, mv); // … and from x
  const lo = f32x4.add(f32x4.sub(x, xv), f32x4.sub(f32x4.neg(m), mv));
  return v128.and(lo, f32x4.eq(lo, lo));
}

/** e^(x − m) in f64 for the low or high lane pair, given e = e^d and the shift error lo. */
@inline function exactExp(e: v128, lo: v128, high: bool): v128 {
  return f64x2.mul(widen(e, high), f64x2.add(f64x2.splat(1.0), widen(lo, high)));
}

/**
 * One vector of the sum pass over columns: e^(x − m) for the lanes of `x`, added in f64 to the
 * pairs at `sums` (16 bytes each); softmax also stores e = e^d at `y` (the output pass corrects it).
 */
@inline function sumStep(op: i32, x: v128, m: v128, sums: usize, y: usize, n: i32): void {
  const d = f32x4.sub(x, m);
  const e = expF32x4(d);
  const lo = shiftError(x, m, d);
  v128.store(sums, f64x2.add(v128.load(sums), exactExp(e, lo, false)));
  v128.store(sums, f64x2.add(v128.load(sums, 16), exactExp(e, lo, true)), 16);
  if (op == SOFTMAX) storeUpTo(y, e, n);
}

/**
 * One vector of the output pass. `k` holds per lane pair the f64 constant of the row: 1/Σ for
 * softmax (y = e·(1 + lo)·k, with e read back from `y`), log Σ for logSoftmax (y = (x − m) − k).
 */
@inline function outputStep(op: i32, x: v128, m: v128, kLo: v128, kHi: v128, y: usize, n: i32): void {
  if (op == SOFTMAX) {
    const lo = shiftError(x, m, f32x4.sub(x, m));
    const e = loadUpTo(y, n, -Infinity);
    storeUpTo(y, narrow(f64x2.mul(exactExp(e, lo, false), kLo), f64x2.mul(exactExp(e, lo, true), kHi)), n);
  } else {
    const lo = f64x2.sub(f64x2.sub(widen(x, false), widen(m, false)), kLo);
    const hi = f64x2.sub(f64x2.sub(widen(x, true), widen(m, true)), kHi);
    storeUpTo(y, narrow(lo, hi), n);
  }
}

/** The f64 row constant of {@link outputStep} for sums `s` (f64x2). */
@inline function rowConstant(op: i32, s: v128): v128 {
  return op == SOFTMAX ? f64x2.div(f64x2.splat(1.0), s) : logF64x2(s);
}

/** One row of `n` contiguous floats at `x` into `y` (inner = 1): lanes along the row. */
@inline function row(op: i32, x: usize, n: i32, y: usize): void {
  let mv = f32x4.splat(-Infinity);
  for (let i = 0; i < n; i += 4) mv = f32x4.max(mv, loadUpTo(x + <usize>(i * 4), n - i, -Infinity));
  const m2 = f32x4.max(mv, v128.shuffle<f32>(mv, mv, 2, 3, 0, 1));
  const m = f32x4.max(m2, v128.shuffle<f32>(m2, m2, 1, 0, 3, 2)); // the max in every lane
  let sumLo = f64x2.splat(0);
  let sumHi = f64x2.splat(0);
  for (let i = 0; i < n; i += 4) {
    const at = <usize>(i * 4);
    const v = loadUpTo(x + at, n - i, -Infinity);
    const d = f32x4.sub(v, m);
    const e = expF32x4(d);
    const lo = shiftError(v, m, d);
    sumLo = f64x2.add(sumLo, exactExp(e, lo, false));
    sumHi = f64x2.add(sumHi, exactExp(e, lo, true));
    if (op == SOFTMAX) storeUpTo(y + at, e, n - i);
  }
  const pair = f64x2.add(sumLo, sumHi);
  const k = rowConstant(op, f64x2.add(pair, v128.shuffle<f64>(pair, pair, 1, 0))); // Σ in both lanes
  for (let i = 0; i < n; i += 4) {
    const at = <usize>(i * 4);
    outputStep(op, loadUpTo(x + at, n - i, -Infinity), m, k, k, y + at, n - i);
  }
}

/**
 * A block [size, inner] at `x` into `y`, normalised along its rows: three sweeps over the rows,
 * lanes across the columns, with the columns' maxima and sums (then constants) in `work`.
 */
@inline function columns(op: i32, x: usize, size: i32, inner: i32, y: usize, work: usize): void {
  const width = padded(inner);
  const maxima = work;
  const sums = work + <usize>(width * 4);
  for (let i = 0; i < width; i += 4) v128.store(maxima + <usize>(i * 4), f32x4.splat(-Infinity));
  for (let r = 0; r < size; r++) {
    const src = x + <usize>(r * inner * 4);
    for (let i = 0; i < inner; i += 4) {
      const at = maxima + <usize>(i * 4);
      v128.store(at, f32x4.max(v128.load(at), loadUpTo(src + <usize>(i * 4), inner - i, -Infinity)));
    }
  }
  memory.fill(sums, 0, <usize>(width * 8));
  for (let r = 0; r < size; r++) {
    const src = x + <usize>(r * inner * 4);
    const dst = y + <usize>(r * inner * 4);
    for (let i = 0; i < inner; i += 4) {
      const at = <usize>(i * 4);
      const m = v128.load(maxima + at);
      sumStep(op, loadUpTo(src + at, inner - i, -Infinity), m, sums + <usize>(i * 8), dst + at, inner - i);
    }
  }
  for (let i = 0; i < width; i += 2) {
    const at = sums + <usize>(i * 8);
    v128.store(at, rowConstant(op, v128.load(at)));
  }
  for (let r = 0; r < size; r++) {
    const src = x + <usize>(r * inner * 4);
    const dst = y + <usize>(r * inner * 4);
    for (let i = 0; i < inner; i += 4) {
      const at = <usize>(i * 4);
      const k = sums + <usize>(i * 8);
      outputStep(op, loadUpTo(src + at, inner - i, -Infinity), v128.load(maxima + at), v128.load(k), v128.load(k, 16), dst + at, inner - i);
    }
  }
}

/** Each of the `outer` blocks [size, inner] in turn (`op` a constant, so each op gets its own copy). */
@inline function blocks(op: i32, x: usize, outer: i32, size: i32, inner: i32, y: usize, work: usize): void {
  const stride = <usize>size * <usize>inner * 4;
  for (let o = 0; o < outer; o++) {
    const at = <usize>o * stride;
    if (inner == 1) row(op, x + at, size, y + at);
    else columns(op, x + at, size, inner, y + at, work);
  }
}

/** y = softmax (op 0) or logSoftmax (op 1) of x along the middle axis of [outer, size, inner]. */
export function softmax(op: i32, x: usize, outer: i32, size: i32, inner: i32, y: usize, work: usize): void {
  if (op == SOFTMAX) blocks(SOFTMAX, x, outer, size, inner, y, work);
  else blocks(LOG_SOFTMAX, x, outer, size, inner, y, work);
}
