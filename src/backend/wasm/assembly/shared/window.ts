// What every window kernel reads first: the geometry's twelve i32 at `geom` (H, W, kH, kW,
// strideH, strideW, padH, padW, dilH, dilW, outH, outW: the fields of WindowGeometry, in that
// order), a fill for the padding it writes, and the moves of one window row (copyRow, addRow).

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

/**
 * `count` floats `step` apart from `from` to contiguous `to`: with unit steps, vectors, the last one
 * ending at the last float (overlapping the one before: the floats it writes again are the same).
 */
@inline export function copyRow(to: usize, from: usize, count: i32, step: i32): void {
  if (step == 1 && count >= 4) {
    let i = 0;
    for (; i + 4 < count; i += 4) v128.store(to + <usize>(i * 4), v128.load(from + <usize>(i * 4)));
    const last = <usize>((count - 4) * 4);
    v128.store(to + last, v128.load(from + last));
    return;
  }
  for (let i = 0; i < count; i++) store<f32>(to + <usize>(i * 4), load<f32>(from + <usize>(<isize>i * step * 4)));
}

/** to[i·step] += from[i·fromStep] for i < count: vectors for unit steps, then one float at a time. */
@inline export function addRow(to: usize, from: usize, count: i32, step: i32, fromStep: i32): void {
  let i = 0;
  if (step == 1 && fromStep == 1) {
    for (; i + 4 <= count; i += 4) {
      const at = to + <usize>(i * 4);
      v128.store(at, f32x4.add(v128.load(at), v128.load(from + <usize>(i * 4))));
    }
  }
  for (; i < count; i++) {
    const at = to + <usize>(i * step * 4);
    store<f32>(at, load<f32>(at) + load<f32>(from + <usize>(<isize>i * fromStep * 4)));
  }
}
