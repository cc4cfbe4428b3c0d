// Strided gather into a contiguous block (the work of `contiguous()`), f32.

/**
 * dst[row-major i] = src[Σ index_d · strides[d]] for a view of `rank` dims whose sizes and strides
 * (in elements) are i32 arrays at `shape` and `strides`; `index` is rank i32 slots of scratch.
 */
export function gather(src: usize, rank: i32, shape: usize, strides: usize, index: usize, dst: usize): void {
  let total: i32 = 1;
  for (let d = 0; d < rank; d++) total *= load<i32>(shape + <usize>(d * 4));
  if (total == 0) return;
  const last = rank - 1;
  const n = load<i32>(shape + <usize>(last * 4));
  const step = load<i32>(strides + <usize>(last * 4));
  for (let d = 0; d < rank; d++) store<i32>(index + <usize>(d * 4), 0);
  let from = src;
  for (let done = 0; done < total; done += n) {
    // one run along the last dim
    if (step == 1) {
      memory.copy(dst, from, <usize>(n * 4));
    } else {
      for (let i = 0; i < n; i++) store<f32>(dst + <usize>(i * 4), load<f32>(from + <usize>(<isize>i * step * 4)));
    }
    dst += <usize>(n * 4);
    // odometer over the outer dims
    for (let d = last - 1; d >= 0; d--) {
      const at = index + <usize>(d * 4);
      const stride = <isize>load<i32>(strides + <usize>(d * 4));
      const next = load<i32>(at) + 1;
      if (next < load<i32>(shape + <usize>(d * 4))) {
        store<i32>(at, next);
        from += <usize>(stride * 4);
        break;
      }
      store<i32>(at, 0);
      from -= <usize>(stride * 4 * <isize>(next - 1));
    }
  }
}
