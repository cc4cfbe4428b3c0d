// One Adam update in place (f32), the math of ../../ref/adam.ts on f32x4 lanes: every operation a
// single IEEE float32 operation (mul, add, div, sqrt), so the bits are those of ref's
// Math.fround after each double operation (rounding a double result of one float32 operation to
// float32 is correctly rounded) and of the chain of float32 ops. Arrays are contiguous, n long.

/** m ← β1·m + a1·g; v ← β2·v + a2·g²; p ← p + step·(m / (√v / c2 + ε)), a1 = 1 − β1, a2 = 1 − β2, step = −stepSize. */
export function adamStep(p: usize, g: usize, m: usize, v: usize, n: i32, b1: f32, a1: f32, b2: f32, a2: f32, c2: f32, e: f32, step: f32): void {
  const B1 = f32x4.splat(b1), A1 = f32x4.splat(a1), B2 = f32x4.splat(b2), A2 = f32x4.splat(a2);
  const C2 = f32x4.splat(c2), E = f32x4.splat(e), S = f32x4.splat(step);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const at = <usize>(i * 4);
    const gi = v128.load(g + at);
    const mi = f32x4.add(f32x4.mul(v128.load(m + at), B1), f32x4.mul(A1, gi));
    const vi = f32x4.add(f32x4.mul(v128.load(v + at), B2), f32x4.mul(A2, f32x4.mul(gi, gi)));
    const denom = f32x4.add(f32x4.div(f32x4.sqrt(vi), C2), E);
    v128.store(m + at, mi);
    v128.store(v + at, vi);
    v128.store(p + at, f32x4.add(v128.load(p + at), f32x4.mul(S, f32x4.div(mi, denom))));
  }
  for (; i < n; i++) {
    const at = <usize>(i * 4);
    const gi = load<f32>(g + at);
    const mi = load<f32>(m + at) * b1 + a1 * gi;
    const vi = load<f32>(v + at) * b2 + a2 * (gi * gi);
    const denom = sqrt<f32>(vi) / c2 + e;
    store<f32>(m + at, mi);
    store<f32>(v + at, vi);
    store<f32>(p + at, load<f32>(p + at) + step * (mi / denom));
  }
}
