// Partial vectors: the 1–3 floats at the end of a row as one f32x4, so a row's tail runs the same
// vector code as its body (the unused lanes hold a caller-chosen fill and are never stored).

/** The `n` floats at `p` in lanes 0..n−1 (all four when n ≥ 4), `fill` in the others. */
@inline export function loadUpTo(p: usize, n: i32, fill: f32): v128 {
  if (n >= 4) return v128.load(p);
  let v = f32x4.splat(fill);
  v = f32x4.replace_lane(v, 0, load<f32>(p));
  if (n > 1) v = f32x4.replace_lane(v, 1, load<f32>(p, 4));
  if (n > 2) v = f32x4.replace_lane(v, 2, load<f32>(p, 8));
  return v;
}

/** Stores lanes 0..n−1 of `v` at `p` (all four when n ≥ 4). */
@inline export function storeUpTo(p: usize, v: v128, n: i32): void {
  if (n >= 4) {
    v128.store(p, v);
    return;
  }
  store<f32>(p, f32x4.extract_lane(v, 0));
  if (n > 1) store<f32>(p, f32x4.extract_lane(v, 1), 4);
  if (n > 2) store<f32>(p, f32x4.extract_lane(v, 2), 8);
}
