// log on f64x2 lanes. The f32 kernel promotes four floats to two f64x2 vectors, evaluates there
// and rounds once when demoting, so results are within about half an ulp of float32. (exp, tanh
// and sigmoid moved to f32x4 lanes in ./math32, which is about twice as fast at ≤ 0.75 ulp.)

const LN2: f64 = 0.6931471805599453;
const SQRT2: f64 = 1.4142135623730951;

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
