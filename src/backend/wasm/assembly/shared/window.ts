// What every window kernel reads first: the geometry's twelve i32 at `geom` (H, W, kH, kW,
// strideH, strideW, padH, padW, dilH, dilW, outH, outW: the fields of WindowGeometry, in that
// order), and a fill for the padding it writes.

/** Field `i` of the geometry at `geom`. */
@inline export function g(geom: usize, i: i32): i32 {
  return load<i32>(geom + <usize>(i * 4));
}

/** Writes `n` copies of `value` at `to`. */
@inline export function fill(to: usize, n: i32, value: f32): void {
  const v = f32x4.splat(value);
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(to + <usize>(i * 4), v);
  for (; i < n; i++) store<f32>(to + <usize>(i * 4), value);
}
