// exp and log on f64x2 lanes. The f32 kernels promote four floats to two f64x2 vectors, evaluate
// there and round once when demoting, so results are within about half an ulp of float32.

const LOG2E: f64 = 1.4426950408889634;
const LN2: f64 = 0.6931471805599453;
const SQRT2: f64 = 1.4142135623730951;

/**
 * e^x for each f64 lane, accurate to ~1e-13 relative over the range float32 can represent
 * (inputs are clamped to [−160, 130]: beyond it the float32 result is 0 or +Inf anyway). NaN stays NaN.
 */
@inline export function expF64x2(x: v128): v128 {
  x = f64x2.min(f64x2.max(x, f64x2.splat(-160.0)), f64x2.splat(130.0));
  // x = n·ln2 + r with |r| ≤ ln2/2, so e^x = 2^n · e^r
  const n = f64x2.nearest(f64x2.mul(x, f64x2.splat(LOG2E)));
  const r = f64x2.sub(x, f64x2.mul(n, f64x2.splat(LN2)));
  // Taylor series of e^r to r^11 (the next term is below 1e-14 for |r| ≤ 0.347), Horner form
  let p = f64x2.splat(1.0 / 39916800.0);
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 3628800.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 362880.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 40320.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 5040.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 720.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 120.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 24.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 6.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(0.5));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0));
  // 2^n built from its exponent bits; n ∈ [−231, 188] stays in double's normal range
  const ni = i64x2.extend_low_i32x4_s(i32x4.trunc_sat_f64x2_s_zero(n));
  const scale = i64x2.shl(i64x2.add(ni, i64x2.splat(1023)), 52);
  return f64x2.mul(p, scale);
}

/**
 * Natural log of each f64 lane holding a promoted float32 (so never subnormal); ~1e-13 relative.
 * log(0) = −Inf, log(x < 0) = NaN, log(+Inf) = +Inf, NaN stays NaN.
 */
@inline export function logF64x2(x: v128): v128 {
  // x = 2^e · m with m ∈ [√½, √2)
  const bits = x;
  const eBits = i64x2.sub(i64x2.shr_u(bits, 52), i64x2.splat(1023));
  let e = f64x2.convert_low_i32x4_s(i32x4.shuffle(eBits, eBits, 0, 2, 0, 2));
  let m = v128.or(v128.and(bits, i64x2.splat(0x000fffffffffffff)), i64x2.splat(0x3ff0000000000000));
  const big = f64x2.gt(m, f64x2.splat(SQRT2));
  m = v128.bitselect(f64x2.mul(m, f64x2.splat(0.5)), m, big);
  e = f64x2.add(e, v128.and(big, f64x2.splat(1.0)));
  // log m = 2·atanh(s) = 2(s + s³/3 + s⁵/5 + …), s = (m − 1)/(m + 1), |s| ≤ 0.172: terms to s^13
  const f = f64x2.sub(m, f64x2.splat(1.0));
  const s = f64x2.div(f, f64x2.add(f, f64x2.splat(2.0)));
  const s2 = f64x2.mul(s, s);
  let p = f64x2.splat(1.0 / 13.0);
  p = f64x2.add(f64x2.mul(p, s2), f64x2.splat(1.0 / 11.0));
  p = f64x2.add(f64x2.mul(p, s2), f64x2.splat(1.0 / 9.0));
  p = f64x2.add(f64x2.mul(p, s2), f64x2.splat(1.0 / 7.0));
  p = f64x2.add(f64x2.mul(p, s2), f64x2.splat(1.0 / 5.0));
  p = f64x2.add(f64x2.mul(p, s2), f64x2.splat(1.0 / 3.0));
  p = f64x2.add(f64x2.mul(p, s2), f64x2.splat(1.0));
  let y = f64x2.add(f64x2.mul(e, f64x2.splat(LN2)), f64x2.mul(f64x2.add(s, s), p));
  // special values: 0 → −Inf, negative → NaN, +Inf and NaN → themselves
  y = v128.bitselect(f64x2.splat(-Infinity), y, f64x2.eq(x, f64x2.splat(0.0)));
  y = v128.bitselect(f64x2.splat(NaN), y, f64x2.lt(x, f64x2.splat(0.0)));
  y = v128.bitselect(x, y, v128.or(f64x2.eq(x, f64x2.splat(Infinity)), f64x2.ne(x, x)));
  return y;
}
