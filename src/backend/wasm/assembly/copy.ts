// Strided gather into a contiguous block (the work of `contiguous()` and of staging operands), f32.

/** Side of the square tiles a transposed pair of dims is copied by (16 floats: one cache line). */
const TILE: i32 = 16;

/**
 * dst[row-major i] = src[Σ index_d · strides[d]] for a view of `rank` dims whose sizes and strides
 * (in elements) are i32 arrays at `shape` and `strides`; `index` is rank i32 slots of scratch.
 * Runs along the last dim are memcpy'd when its stride is 1. When instead the second-to-last dim
 * has stride 1 (a transpose), the last two dims are copied tile by tile, so reads go along cache
 * lines and the tile's writes stay in cache, instead of one cache miss per element.
 */
export function gather(src: usize, rank: i32, shape: usize, strides: usize, index: usize, dst: usize): void {
  let total: i32 = 1;
  for (let d = 0; d < rank; d++) total *= load<i32>(shape + <usize>(d * 4));
  if (total == 0) return;
  const last = rank - 1;
  const n = load<i32>(shape + <usize>(last * 4));
  const step = load<i32>(strides + <usize>(last * 4));
  const tiled = rank >= 2 && step != 1 && load<i32>(strides + <usize>((last - 1) * 4)) == 1;
  const rows = tiled ? load<i32>(shape + <usize>((last - 1) * 4)) : 1;
  const outerRank = tiled ? last - 1 : last;
  const block = rows * n;
  for (let d = 0; d < rank; d++) store<i32>(index + <usize>(d * 4), 0);
  let from = src;
  for (let done = 0; done < total; done += block) {
    if (tiled) {
      transposeBlock(from, rows, n, step, dst);
    } else if (step == 1) {
      memory.copy(dst, from, <usize>(n * 4));
    } else {
      for (let i = 0; i < n; i++) store<f32>(dst + <usize>(i * 4), load<f32>(from + <usize>(<isize>i * step * 4)));
    }
    dst += <usize>(block * 4);
    // odometer over the outer dims
    for (let d = outerRank - 1; d >= 0; d--) {
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

/**
 * dst[r·cols + c] = src[r + c·colStride] (rows adjacent in src), by TILE×TILE tiles; inside a tile,
 * 4×4 blocks are transposed in registers (four f32x4 loads down the columns, eight shuffles, four
 * stores along the rows), the tile's ragged edges element by element.
 */
function transposeBlock(src: usize, rows: i32, cols: i32, colStride: i32, dst: usize): void {
  for (let r0 = 0; r0 < rows; r0 += TILE) {
    const r1 = min(r0 + TILE, rows);
    const r4 = r0 + ((r1 - r0) & ~3);
    for (let c0 = 0; c0 < cols; c0 += TILE) {
      const c1 = min(c0 + TILE, cols);
      const c4 = c0 + ((c1 - c0) & ~3);
      for (let r = r0; r < r4; r += 4) for (let c = c0; c < c4; c += 4) transpose4x4(src, r, c, cols, colStride, dst);
      scalarPart(src, r4, r1, c0, c4, cols, colStride, dst); // bottom edge
      scalarPart(src, r0, r1, c4, c1, cols, colStride, dst); // right edge
    }
  }
}

/** The 4×4 block at (r, c): column c + j of it is four adjacent floats of src. */
@inline function transpose4x4(src: usize, r: i32, c: i32, cols: i32, colStride: i32, dst: usize): void {
  const at = src + <usize>(r * 4);
  const v0 = v128.load(at + <usize>(<isize>c * colStride * 4));
  const v1 = v128.load(at + <usize>(<isize>(c + 1) * colStride * 4));
  const v2 = v128.load(at + <usize>(<isize>(c + 2) * colStride * 4));
  const v3 = v128.load(at + <usize>(<isize>(c + 3) * colStride * 4));
  const t0 = v128.shuffle<f32>(v0, v1, 0, 4, 1, 5);
  const t1 = v128.shuffle<f32>(v0, v1, 2, 6, 3, 7);
  const t2 = v128.shuffle<f32>(v2, v3, 0, 4, 1, 5);
  const t3 = v128.shuffle<f32>(v2, v3, 2, 6, 3, 7);
  const out = dst + <usize>((r * cols + c) * 4);
  const row = <usize>(cols * 4);
  v128.store(out, v128.shuffle<f32>(t0, t2, 0, 1, 4, 5));
  v128.store(out + row, v128.shuffle<f32>(t0, t2, 2, 3, 6, 7));
  v128.store(out + 2 * row, v128.shuffle<f32>(t1, t3, 0, 1, 4, 5));
  v128.store(out + 3 * row, v128.shuffle<f32>(t1, t3, 2, 3, 6, 7));
}

/** Rows [r0, r1) × columns [c0, c1) one element at a time. */
function scalarPart(src: usize, r0: i32, r1: i32, c0: i32, c1: i32, cols: i32, colStride: i32, dst: usize): void {
  for (let c = c0; c < c1; c++) {
    const from = src + <usize>(<isize>c * colStride * 4);
    for (let r = r0; r < r1; r++) store<f32>(dst + <usize>((r * cols + c) * 4), load<f32>(from + <usize>(r * 4)));
  }
}
