// exp, tanh and sigmoid with the heavy work on f32x4 lanes (four floats per instruction, against
// two for f64x2): Cody–Waite range reduction with a split ln 2 and Cephes' float32 minimax
// polynomials. Plain float32 ends (1 + r + r²P, then 1/(1 + e)) would add roundings worth up to
// ~2 ulp, so the last few operations run on f64x2: r is kept as rHi + rLo, the sum and 2^n scaling
// are exact in f64, and each result is rounded to float32 once. Measured: tanh within 0.67 ulp on
// every float32 of [2^−12, 9.5] (exhaustive), exp and sigmoid 0.73 at most over 2^20 patterns of
// the float32 line, ~3·10⁶ uniform inputs and every float32 of [−104, −2^−8] ∪ [2^−8, 89] (exp)
// or [−30, −2^−10] ∪ [2^−10, 20] (sigmoid); bench/wasm-math.mjs and the accuracy test sample less.
//
// The kernels are bound by the latency of their dependency chains more than by instruction
// count, so the polynomials use Estrin's scheme (independent halves) rather than Horner's, and
// only single-instruction operations are used where wasm offers a choice: pmin/pmax for clamps
// (min/max carry NaN and ±0 rules that cost V8 ~8 x64 instructions each; the clamps here keep NaN
// anyway, see clampExp) and a magic-number addition for n → 2^n instead of trunc_sat.

const LOG2E: f32 = 1.44269504;
/** ln 2 = LN2_HI + LN2_LO; LN2_HI has few enough bits that n·LN2_HI is exact for |n| ≤ 256. */
const LN2_HI: f32 = 0.693359375;
const LN2_LO: f32 = -2.12194440e-4;
/** 1.5·2^23: adding it to an integral float |n| < 2^22 leaves n in the low mantissa bits. */
const MAGIC: f32 = 12582912.0;

/** n = round(x / ln 2) per lane (x already clamped). */
@inline function expN(x: v128): v128 {
  return f32x4.nearest(f32x4.mul(x, f32x4.splat(LOG2E)));
}

/**
 * x clamped to [−104, 89], beyond which e^x in float32 is 0 or +Inf anyway. NaN stays NaN:
 * pmax(x, c) is `x < c ? c : x` and pmin(x, c) `c < x ? c : x`, both x when x is NaN.
 */
@inline function clampExp(x: v128): v128 {
  return f32x4.pmin(f32x4.pmax(x, f32x4.splat(-104.0)), f32x4.splat(89.0));
}

/** x − n·LN2_HI, exact (n·LN2_HI is exact and close to x). */
@inline function reduceHi(x: v128, n: v128): v128 {
  return f32x4.sub(x, f32x4.mul(n, f32x4.splat(LN2_HI)));
}

/** a + b·r, one Estrin pair. */
@inline function linear(a: f32, b: f32, r: v128): v128 {
  return f32x4.add(f32x4.splat(a), f32x4.mul(f32x4.splat(b), r));
}

/**
 * e^r − 1 − r = r²·P(r) for |r| ≤ ln2/2 (Cephes' float32 minimax P of degree 5), by Estrin:
 * (c0 + c1 r) + r²((c2 + c3 r) + r²(c4 + c5 r)).
 */
@inline function expTail(r: v128): v128 {
  const r2 = f32x4.mul(r, r);
  const high = f32x4.add(linear(4.1665795894e-2, 8.3334519073e-3, r), f32x4.mul(r2, linear(1.3981999507e-3, 1.9875691500e-4, r)));
  return f32x4.mul(f32x4.add(linear(5.0000001201e-1, 1.6666665459e-1, r), f32x4.mul(r2, high)), r2);
}

/** The two low (`lane` 0) or high (`lane` 2) f32 lanes of `v` as f64x2. */
@inline function half64(v: v128, lane: i32): v128 {
  return f64x2.promote_low_f32x4(lane == 0 ? v : v128.shuffle<f32>(v, v, 2, 3, 2, 3));
}

/**
 * For e^x in extra precision: r = x − n·ln2 split as rHi + rLo (both f32, rLo the exact rounding
 * error of the second Cody–Waite step, since |x − n·LN2_HI| ≥ |n·LN2_LO|). Returns rHi.
 */
@inline function reduceHiLo(x: v128, n: v128): v128 {
  return f32x4.sub(reduceHi(x, n), f32x4.mul(n, f32x4.splat(LN2_LO)));
}

/** rLo + r²·P(rHi): with rHi, e^x = 2^n · (1 + rHi + low), to be summed in f64. */
@inline function expLow(x: v128, n: v128, rHi: v128): v128 {
  const rLo = f32x4.sub(f32x4.sub(reduceHi(x, n), rHi), f32x4.mul(n, f32x4.splat(LN2_LO)));
  return f32x4.add(expTail(rHi), rLo);
}

/**
 * The high 32-bit words of the f64 2^n per lane, (n + 1023) << 20, for integral n in [−150, 129]:
 * after n + MAGIC the lane's bits are 0x4B400000 + n.
 */
@inline function scaleWords(n: v128): v128 {
  return i32x4.shl(i32x4.sub(f32x4.add(n, f32x4.splat(MAGIC)), i32x4.splat(0x4B400000 - 1023)), 20);
}

/**
 * 2^n · (1 + rHi + low) for two lanes (`lane` 0: the low pair, 2: the high pair) in f64, given
 * `words` = scaleWords(n). The sum is exact there, so e^x carries only the error of P and of
 * n·LN2_LO (~2^−28 relative) instead of float32's final roundings.
 */
@inline function expPairF64(words: v128, rHi: v128, low: v128, lane: i32): v128 {
  const m = f64x2.add(f64x2.add(half64(rHi, lane), f64x2.splat(1.0)), half64(low, lane));
  // 2^n in f64: the lane's word above a zero low word
  const zero = i32x4.splat(0);
  const scale = lane == 0 ? v128.shuffle<i32>(zero, words, 0, 4, 1, 5) : v128.shuffle<i32>(zero, words, 2, 6, 3, 7);
  return f64x2.mul(m, scale);
}

/** Joins two f64x2 into one f32x4, rounding each lane once. */
@inline function demote2(lo: v128, hi: v128): v128 {
  return v128.shuffle<f32>(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5);
}

/** sigmoid of two f64 lanes given e = e^−|x| and x's sign mask. */
@inline function sigmoidF64(e: v128, negative: v128): v128 {
  const one = f64x2.splat(1.0);
  const r = f64x2.div(one, f64x2.add(one, e));
  return v128.bitselect(f64x2.mul(e, r), r, negative);
}

/**
 * sigmoid per f32 lane: e = e^−|x| from the f32x4 reduction and polynomial, then 1/(1 + e)
 * (x ≥ 0) or e/(1 + e) (x < 0) in f64, so only e's own small error and one final rounding remain.
 */
@inline export function sigmoidF32x4(x: v128): v128 {
  const t = clampExp(f32x4.neg(f32x4.abs(x)));
  const n = expN(t);
  const rHi = reduceHiLo(t, n);
  const low = expLow(t, n, rHi);
  const words = scaleWords(n);
  const negative = f32x4.lt(x, f32x4.splat(0.0));
  const lo = sigmoidF64(expPairF64(words, rHi, low, 0), i64x2.extend_low_i32x4_s(negative));
  const hi = sigmoidF64(expPairF64(words, rHi, low, 2), i64x2.extend_high_i32x4_s(negative));
  return demote2(lo, hi);
}

/** tanh of two f64 lanes of |x| ≥ 0.4 given e = e^−2|x| ≤ 0.45: (1 − e)/(1 + e), no cancellation. */
@inline function tanhF64(e: v128): v128 {
  const one = f64x2.splat(1.0);
  return f64x2.div(f64x2.sub(one, e), f64x2.add(one, e));
}

/**
 * Below this |x| tanh takes the polynomial, from it the exp form. Cephes uses 0.625, but its
 * float32 x³·P term then errs by up to ~0.28 ulp of x near 0.6 (0.776 ulp in all, found by an
 * exhaustive sweep of [2^−12, 9.5]); at 0.4 the term is 2.5× smaller relative to x and the exp
 * form, whose error grows as 2e/(1 − e²) when x falls, still has room: 0.67 ulp at most on both
 * sides. The narrower range also lets P drop a degree (see tanhF32x4).
 */
const TANH_SMALL: f32 = 0.4;

/**
 * tanh per f32 lane: an odd polynomial x + x³·P(x²) for |x| < TANH_SMALL, P of degree 3 fitted
 * for this range (near-minimax by iteratively reweighted least squares against 40-digit tanh;
 * with its float32 coefficients the relative error of x + x³·P is below 2^−28.4, where Cephes'
 * degree-4 P for |x| < 0.625 needs one more multiply-add); above,
 * (1 − e)/(1 + e) in f64 with e = e^−2|x| from the extra-precision f32x4 exp. Both are computed
 * for all four lanes and the lanes pick (a branch on the lanes' mix measured slower). x's sign is
 * copied back (tanh −0 = −0); NaN stays NaN.
 */
@inline export function tanhF32x4(x: v128): v128 {
  const ax = f32x4.pmin(f32x4.abs(x), f32x4.splat(10.0)); // tanh(10) rounds to 1 in float32; NaN stays NaN
  const t = f32x4.mul(ax, f32x4.splat(-2.0));
  const n = expN(t);
  const rHi = reduceHiLo(t, n);
  const low = expLow(t, n, rHi);
  const words = scaleWords(n);
  const big = demote2(tanhF64(expPairF64(words, rHi, low, 0)), tanhF64(expPairF64(words, rHi, low, 2)));
  // P(z) = (c0 + c1 z) + z²(c2 + c3 z), Estrin's scheme
  const z = f32x4.mul(ax, ax);
  const z2 = f32x4.mul(z, z);
  const p = f32x4.add(linear(-3.33332985640e-1, 1.33312344551e-1, z), f32x4.mul(z2, linear(-5.35641312599e-2, 1.87511909753e-2, z)));
  const small = f32x4.add(f32x4.mul(f32x4.mul(p, z), ax), ax);
  // NaN: ax is NaN and the comparison false, so `big` (NaN) is taken
  const magnitude = v128.bitselect(small, big, f32x4.lt(ax, f32x4.splat(TANH_SMALL)));
  return v128.bitselect(x, magnitude, i32x4.splat(0x80000000));
}

/**
 * e^x per f32 lane: the f32x4 reduction and polynomial, then 2^n · (1 + rHi + low) summed and
 * scaled in f64 and rounded once to float32 (so subnormal results round once too). Inputs are
 * clamped to [−104, 89], beyond which the result is 0 or +Inf anyway; NaN stays NaN.
 */
@inline export function expF32x4(x: v128): v128 {
  x = clampExp(x);
  const n = expN(x);
  const rHi = reduceHiLo(x, n);
  const low = expLow(x, n, rHi);
  const words = scaleWords(n);
  return demote2(expPairF64(words, rHi, low, 0), expPairF64(words, rHi, low, 2));
}
