// Running sums of a contiguous f32 block viewed as [outer, size, inner] along its middle axis:
// out[o, k, i] = Σ_{j ≤ k} x[o, j, i], accumulated in f64 (as the reference kernel does) and
// rounded once per element. The block is walked in memory order with one f64 accumulator per inner
// position in `work`; two neighbouring positions share an f64x2.

/** Bytes of scratch `cumsum` needs for an inner size `inner` (the f64 accumulators). */
export function cumsumWorkBytes(inner: i32): i32 {
  return inner * 8 + 16;
}

export function cumsum(x: usize, outer: i32, size: i32, inner: i32, out: usize, work: usize): void {
  for (let o = 0; o < outer; o++) {
    memory.fill(work, 0, <usize>(inner * 8));
    for (let k = 0; k < size; k++) {
      const row = <usize>((o * size + k) * inner * 4);
      let i = 0;
      for (; i + 2 <= inner; i += 2) {
        const acc = work + <usize>(i * 8);
        const sums = f64x2.add(v128.load(acc), f64x2.promote_low_f32x4(v128.load64_zero(x + row + <usize>(i * 4))));
        v128.store(acc, sums);
        v128.store64_lane(out + row + <usize>(i * 4), f32x4.demote_f64x2_zero(sums), 0);
      }
      for (; i < inner; i++) {
        const acc = work + <usize>(i * 8);
        const sum = load<f64>(acc) + <f64>load<f32>(x + row + <usize>(i * 4));
        store<f64>(acc, sum);
        store<f32>(out + row + <usize>(i * 4), <f32>sum);
      }
    }
  }
}
