// Batched f32 matrix product: C[b] = A[b] · B[b], A [M, K] and B [K, N] with any element strides,
// C rows contiguous (row stride ldc, batch stride cB: a block of a larger C, so threads can each
// compute a block of rows or columns; each element's sum runs in the same order either way). Goto-style blocking: a KC×NC block of B and an MC×KC block of A are packed into
// panels, so the micro-kernel reads both sequentially whatever the operands' strides; a transposed
// operand only changes how the panels are filled.

import { storeTile } from './shared/register-tile';

/** Rows of C per micro-kernel tile (one splatted A value each). */
const MR: i32 = 4;
/** Columns of C per micro-kernel tile (two f32x4 vectors). */
const NR: i32 = 8;
/** Depth of one packed block (the micro-kernel's loop length). */
const KC: i32 = 256;
/** Rows of A packed at once (MC × KC floats = 64 KiB, meant for L2). */
const MC: i32 = 64;
/** Columns of B packed at once (KC × NC floats = 1 MiB). */
const NC: i32 = 1024;

/** Bytes of scratch `matmul` needs in `work`: packed A, then the scratch tile, then packed B. */
export function matmulWorkBytes(): i32 {
  return (MC * KC + MR * NR + KC * NC) * 4;
}

/**
 * C[p] = A[p] · B[p] (C[p] += A[p] · B[p] with `accumulate`) for p < batch. Strides are in
 * elements and may be 0 or negative; `a` and `b` point at element [0, 0, 0]; C[p][i][j] is at
 * `c + (p·cB + i·ldc + j)·4`. `work` holds `matmulWorkBytes()` bytes, 16-byte aligned. Each
 * element of C is the same float32 sum (same order) whatever block of C a call covers.
 */
export function matmul(
  a: usize, aB: i32, aM: i32, aK: i32,
  b: usize, bB: i32, bK: i32, bN: i32,
  c: usize, cB: i32, ldc: i32, batch: i32, m: i32, n: i32, k: i32,
  work: usize, accumulate: bool,
): void {
  const packB = work + <usize>((MC * KC + MR * NR) * 4);
  for (let p = 0; p < batch; p++) {
    const ap = a + <usize>(<isize>p * aB * 4);
    const bp = b + <usize>(<isize>p * bB * 4);
    const cp = c + <usize>(p * cB * 4);
    if (k == 0) {
      if (!accumulate) for (let i = 0; i < m; i++) memory.fill(cp + <usize>(i * ldc * 4), 0, <usize>(n * 4));
      continue;
    }
    for (let j0 = 0; j0 < n; j0 += NC) {
      const nc = min(NC, n - j0);
      for (let k0 = 0; k0 < k; k0 += KC) {
        const kc = min(KC, k - k0);
        packPanels(bp + <usize>(<isize>k0 * bK * 4 + <isize>j0 * bN * 4), bN, bK, nc, kc, NR, packB);
        multiplyPacked(ap + <usize>(<isize>k0 * aK * 4), aM, aK, m, packB, nc, kc, cp + <usize>(j0 * 4), ldc, work, k0 > 0 || accumulate);
      }
    }
  }
}

/** Bytes `packB` writes for a k × n matrix: every KC×NC block, its columns padded to NR. */
export function packedBBytes(k: i32, n: i32): i32 {
  return k * ((n + NR - 1) / NR) * NR * 4;
}

/**
 * Packs all of B (k × n, element strides bK, bN) into `dst` (`packedBBytes(k, n)` bytes) as
 * `matmul` packs it block by block: the KC×NC block at (k0, j0) starts at float
 * j0·k + k0·ncPadded. Lets threads that each compute rows of C share one packing of B.
 */
export function packB(b: usize, bK: i32, bN: i32, k: i32, n: i32, dst: usize): void {
  for (let j0 = 0; j0 < n; j0 += NC) {
    const nc = min(NC, n - j0);
    const padded = (nc + NR - 1) / NR * NR;
    for (let k0 = 0; k0 < k; k0 += KC) {
      packPanels(b + <usize>(<isize>k0 * bK * 4 + <isize>j0 * bN * 4), bN, bK, nc, min(KC, k - k0), NR, dst + <usize>((j0 * k + k0 * padded) * 4));
    }
  }
}

/**
 * C = A · B (C += A · B with `accumulate`) for one matrix, B already packed by `packB` at `pb`:
 * the same blocks and panels as `matmul`, so the same bits; a block of C's rows (offset `a` and
 * `c`, fewer rows `m`) is computed alone. `work` holds `matmulWorkBytes()` bytes; k > 0.
 */
export function matmulPackedB(a: usize, aM: i32, aK: i32, pb: usize, c: usize, ldc: i32, m: i32, n: i32, k: i32, work: usize, accumulate: bool): void {
  for (let j0 = 0; j0 < n; j0 += NC) {
    const nc = min(NC, n - j0);
    const padded = (nc + NR - 1) / NR * NR;
    for (let k0 = 0; k0 < k; k0 += KC) {
      const block = pb + <usize>((j0 * k + k0 * padded) * 4);
      multiplyPacked(a + <usize>(<isize>k0 * aK * 4), aM, aK, m, block, nc, min(KC, k - k0), c + <usize>(j0 * 4), ldc, work, k0 > 0 || accumulate);
    }
  }
}

/** Bytes `packA` writes for an m × k matrix: every MC×KC block, its rows padded to MR. */
export function packedABytes(m: i32, k: i32): i32 {
  return ((m + MR - 1) / MR) * MR * k * 4;
}

/**
 * Packs all of A (m × k, element strides aM, aK) into `dst` (`packedABytes(m, k)` bytes) as
 * `matmul` packs it block by block: the MC×KC block at (i0, k0) starts at float
 * k0·mPadded + i0·kc. Lets threads that each compute columns of C share one packing of A.
 */
export function packA(a: usize, aM: i32, aK: i32, m: i32, k: i32, dst: usize): void {
  const padded = (m + MR - 1) / MR * MR;
  for (let k0 = 0; k0 < k; k0 += KC) {
    const kc = min(KC, k - k0);
    for (let i0 = 0; i0 < m; i0 += MC) {
      packPanels(a + <usize>(<isize>i0 * aM * 4 + <isize>k0 * aK * 4), aM, aK, min(MC, m - i0), kc, MR, dst + <usize>((k0 * padded + i0 * kc) * 4));
    }
  }
}

/**
 * C = A · B (C += A · B with `accumulate`) for one matrix, A already packed by `packA` at `pa`:
 * the same blocks and panels as `matmul`, so the same bits; a block of C's columns (offset `b`
 * and `c`, fewer columns `n`) is computed alone. `work` holds `matmulWorkBytes()` bytes; k > 0.
 */
export function matmulPackedA(pa: usize, m: i32, k: i32, b: usize, bK: i32, bN: i32, c: usize, ldc: i32, n: i32, work: usize, accumulate: bool): void {
  const packB = work + <usize>((MC * KC + MR * NR) * 4);
  const padded = (m + MR - 1) / MR * MR;
  for (let j0 = 0; j0 < n; j0 += NC) {
    const nc = min(NC, n - j0);
    for (let k0 = 0; k0 < k; k0 += KC) {
      const kc = min(KC, k - k0);
      packPanels(b + <usize>(<isize>k0 * bK * 4 + <isize>j0 * bN * 4), bN, bK, nc, kc, NR, packB);
      multiplyPacked(0, 0, 0, m, packB, nc, kc, c + <usize>(j0 * 4), ldc, work, k0 > 0 || accumulate, pa + <usize>(k0 * padded * 4));
    }
  }
}

/**
 * C[0..m, 0..nc] (+)= A[0..m, 0..kc] · the packed KC×NC block of B at `packB`: A packed MC rows at a
 * time into `work` (or, when `packedA` is not 0, read from there: `packA`'s block for this depth),
 * then every MR×NR tile by the micro-kernel (a partial tile through a scratch tile after the
 * packed A, then added: the same sum either way).
 */
// prettier-ignore
function multiplyPacked(a: usize, aM: i32, aK: i32, m: i32, packB: usize, nc: i32, kc: i32, c: usize, ldc: i32, work: usize, accumulate: bool, packedA: usize = 0): void {
  const tile = work + <usize>(MC * KC * 4);
  for (let i0 = 0; i0 < m; i0 += MC) {
    const mc = min(MC, m - i0);
    let packA = work;
    if (packedA != 0) packA = packedA + <usize>(i0 * kc * 4);
    else packPanels(a + <usize>(<isize>i0 * aM * 4), aM, aK, mc, kc, MR, packA);
    for (let jr = 0; jr < nc; jr += NR) {
      const pb = packB + <usize>(jr * kc * 4);
      for (let ir = 0; ir < mc; ir += MR) {
        const pa = packA + <usize>(ir * kc * 4);
        const out = c + <usize>(((i0 + ir) * ldc + jr) * 4);
        const rows = min(MR, mc - ir);
        const cols = min(NR, nc - jr);
        if (rows == MR && cols == NR) {
          microKernel(pa, pb, kc, out, ldc, accumulate);
        } else {
          microKernel(pa, pb, kc, tile, NR, false);
          addTile(tile, out, ldc, rows, cols, accumulate);
        }
      }
    }
  }
}

/**
 * Packs a `lines × depth` slice of a matrix into panels of `width` lines: panel q holds, for each
 * depth step d, the `width` values of lines q·width … q·width+width−1 (zero past the last line).
 * `lineStride` steps between lines, `depthStride` along the depth. Works for A (lines = rows of A,
 * depth = K) and for B (lines = columns of B, depth = K).
 */
function packPanels(src: usize, lineStride: i32, depthStride: i32, lines: i32, depth: i32, width: i32, dst: usize): void {
  for (let q = 0; q < lines; q += width) {
    const full = min(width, lines - q);
    const panel = dst + <usize>(q * depth * 4);
    const first = src + <usize>(<isize>q * lineStride * 4);
    if (lineStride == 1 && full == width) {
      // lines are adjacent in memory: copy `width` values per depth step
      for (let d = 0; d < depth; d++) {
        const from = first + <usize>(<isize>d * depthStride * 4);
        const to = panel + <usize>(d * width * 4);
        for (let l = 0; l < width; l += 4) v128.store(to + <usize>(l * 4), v128.load(from + <usize>(l * 4)));
      }
      continue;
    }
    if (depthStride == 1 && full == width) {
      // each line is contiguous along depth (the transposed side, e.g. B in A·Bᵀ): 4×4 blocks
      // transposed in registers, then the depth tail value by value
      const body = depth & ~3;
      for (let g = 0; g < width; g += 4) {
        const lines = first + <usize>(<isize>g * lineStride * 4);
        for (let d = 0; d < body; d += 4) transpose4(lines, lineStride, d, panel + <usize>((d * width + g) * 4), width);
      }
      for (let d = body; d < depth; d++) {
        for (let l = 0; l < width; l++) {
          store<f32>(panel + <usize>((d * width + l) * 4), load<f32>(first + <usize>((<isize>l * lineStride + d) * 4)));
        }
      }
      continue;
    }
    // walk each line along its depth (sequential reads when depthStride is 1)
    for (let l = 0; l < width; l++) {
      const to = panel + <usize>(l * 4);
      if (l >= full) {
        for (let d = 0; d < depth; d++) store<f32>(to + <usize>(d * width * 4), 0);
        continue;
      }
      const from = first + <usize>(<isize>l * lineStride * 4);
      for (let d = 0; d < depth; d++) {
        store<f32>(to + <usize>(d * width * 4), load<f32>(from + <usize>(<isize>d * depthStride * 4)));
      }
    }
  }
}

/**
 * Four lines' values at depths d … d+3 (each line contiguous along depth) written as four rows of
 * four: row j holds the four lines at depth d+j, at `to + j·width` floats.
 */
@inline function transpose4(lines: usize, lineStride: i32, d: i32, to: usize, width: i32): void {
  const step = <isize>lineStride * 4;
  const at = lines + <usize>(d * 4);
  const r0 = v128.load(at);
  const r1 = v128.load(at + <usize>step);
  const r2 = v128.load(at + <usize>(2 * step));
  const r3 = v128.load(at + <usize>(3 * step));
  const t0 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5);
  const t1 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7);
  const t2 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5);
  const t3 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7);
  const row = <usize>(width * 4);
  v128.store(to, v128.shuffle<f32>(t0, t2, 0, 1, 4, 5));
  v128.store(to + row, v128.shuffle<f32>(t0, t2, 2, 3, 6, 7));
  v128.store(to + 2 * row, v128.shuffle<f32>(t1, t3, 0, 1, 4, 5));
  v128.store(to + 3 * row, v128.shuffle<f32>(t1, t3, 2, 3, 6, 7));
}

/**
 * The 4×8 register tile: C[0..4, 0..8] (+)= Apanel · Bpanel over `kc` steps. Eight f32x4
 * accumulators, two B vectors and one splatted A value stay in registers.
 */
// prettier-ignore
function microKernel(pa: usize, pb: usize, kc: i32, c: usize, ldc: i32, accumulate: bool): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    let av = v128.load32_splat(pa);
    c00 = f32x4.add(c00, f32x4.mul(av, b0)); c01 = f32x4.add(c01, f32x4.mul(av, b1));
    av = v128.load32_splat(pa, 4);
    c10 = f32x4.add(c10, f32x4.mul(av, b0)); c11 = f32x4.add(c11, f32x4.mul(av, b1));
    av = v128.load32_splat(pa, 8);
    c20 = f32x4.add(c20, f32x4.mul(av, b0)); c21 = f32x4.add(c21, f32x4.mul(av, b1));
    av = v128.load32_splat(pa, 12);
    c30 = f32x4.add(c30, f32x4.mul(av, b0)); c31 = f32x4.add(c31, f32x4.mul(av, b1));
    pa += 16;
    pb += 32;
  }
  storeTile(c, ldc, accumulate, c00, c01, c10, c11, c20, c21, c30, c31);
}

/** Writes (or adds) the valid `rows × cols` corner of a full MR×NR tile into C. */
function addTile(tile: usize, c: usize, ldc: i32, rows: i32, cols: i32, accumulate: bool): void {
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < cols; j++) {
      const to = c + <usize>((r * ldc + j) * 4);
      const v = load<f32>(tile + <usize>((r * NR + j) * 4));
      store<f32>(to, accumulate ? load<f32>(to) + v : v);
    }
  }
}
