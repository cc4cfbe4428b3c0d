// Direct convolution (f32, stride 1): the product W·im2col(x) of a convolution's forward pass
// without the columns. The image is copied once with its zero padding around each plane; then,
// along a padded plane flattened to one line, the window of output position q reads tap
// (c, ki, kj) at q + c·plane + ki·dh·wp + kj·dw: eight consecutive positions read eight
// consecutive floats, so the register tile (4 output channels × 8 positions) takes its B vectors
// straight from the padded image instead of from packed columns. The positions past each row's
// last window (wp − ow of them) are computed and dropped. The sums run over k = (c·kh + ki)·kw + kj
// in order, in blocks of KC = 256 like ./matmul.ts (each block from zero, then added to the block
// before), and padding taps multiply the zeros im2col would write: the bits of im2col then matmul.

import { storeTile } from './shared/register-tile';

/** Depth of one block of the sum: matmul.ts's KC, so that the sums round as its do. */
const KC: i32 = 256;

/**
 * Copies images [N, C, H, W] (element strides xN, xC, xH, xW from `x`) into contiguous padded
 * planes [N, C, hp, wp] at `to`, the image at rows padH … and columns padW …, zeros around it,
 * then `slack` zero floats after the last plane (the overreach of the last windows' dropped positions).
 */
export function padImages(
  x: usize, batch: i32, channels: i32, xN: i32, xC: i32, xH: i32, xW: i32, h: i32, w: i32, padH: i32, padW: i32, hp: i32, wp: i32, slack: i32, to: usize,
): void {
  const plane = hp * wp;
  memory.fill(to, 0, <usize>((batch * channels * plane + slack) * 4));
  for (let n = 0; n < batch; n++) {
    for (let c = 0; c < channels; c++) {
      const src = x + <usize>((<isize>n * xN + <isize>c * xC) * 4);
      const dst = to + <usize>(((n * channels + c) * plane + padH * wp + padW) * 4);
      for (let iy = 0; iy < h; iy++) {
        const from = src + <usize>(<isize>iy * xH * 4);
        const row = dst + <usize>(iy * wp * 4);
        if (xW == 1) {
          memory.copy(row, from, <usize>(w * 4));
          continue;
        }
        for (let ix = 0; ix < w; ix++) store<f32>(row + <usize>(ix * 4), load<f32>(from + <usize>(<isize>ix * xW * 4)));
      }
    }
  }
}

/**
 * Packs the rows of A [m, k] as panels of `width` rows: panel p holds, for each depth d,
 * A[p·width … p·width + width − 1, d] (zero past row m − 1), so a tile reads one panel
 * sequentially. Row r, depth d = o·inner + i is the element at r·aM + o·aOuter + i·aInner: one
 * level of depth when inner = k (aOuter unused), two when the depth runs over images then
 * positions (the weight gradient's G [Cout, N, L] read in place from the gradient [N, Cout, L]).
 * The direct products' weights are packed four rows a panel (the tile's rows), the weight
 * gradient's G eight (the tile's columns).
 */
export function packRowPanels(a: usize, aM: i32, aOuter: i32, inner: i32, aInner: i32, m: i32, k: i32, width: i32, to: usize): void {
  for (let r0 = 0; r0 < m; r0 += width) {
    const panel = to + <usize>(<isize>r0 * k * 4);
    let o = 0;
    let i = 0;
    for (let d = 0; d < k; d++) {
      const column = <isize>o * aOuter + <isize>i * aInner;
      for (let r = 0; r < width; r++) {
        const value: f32 = r0 + r < m ? load<f32>(a + <usize>((<isize>(r0 + r) * aM + column) * 4)) : 0;
        store<f32>(panel + <usize>((d * width + r) * 4), value);
      }
      if (++i == inner) {
        i = 0;
        o++;
      }
    }
  }
}

/**
 * The byte offsets (i0·s0 + i1·s1 + i2·s2)·4 of a three-level grid, i0 < n0 outermost, as n0·n1·n2
 * i32 at `to`. The taps k = (c·kh + ki)·kw + kj from a window's first tap in the padded planes:
 * (channels, plane), (kh, dh·wp), (kw, dw). The windows d = (n, oy, ox), the weight gradient's
 * depth, from padded image 0: (batch, imageFloats), (oh, sh·wp), (ow, sw).
 */
export function gridOffsets(n0: i32, s0: i32, n1: i32, s1: i32, n2: i32, s2: i32, to: usize): void {
  let at = to;
  for (let i0 = 0; i0 < n0; i0++) {
    for (let i1 = 0; i1 < n1; i1++) {
      for (let i2 = 0; i2 < n2; i2++) {
        store<i32>(at, (i0 * s0 + i1 * s1 + i2 * s2) * 4);
        at += 4;
      }
    }
  }
}

/**
 * out[n, r, oy·ow + ox] = Σ_k A[r, k] · (tap k of window (oy, ox) of padded image n), for images
 * n in [0, batch) and the tiles [tileLo, tileHi) of each: tile t covers the flattened positions
 * 8t … 8t+7 of the padded grid (oh rows of wp), and position q = oy·wp + ox is stored when
 * ox < ow and oy < oh. `src` is padded image 0 (images `imageFloats` apart), `weights` the packed
 * panels, `taps` the k byte offsets (gridOffsets), out contiguous [batch, m, oh·ow]; `work` holds a 4×8 scratch
 * tile (128 bytes) for tiles cut by a row's end or by the last rows.
 */
export function convDirect(
  src: usize, imageFloats: i32, batch: i32, weights: usize, m: i32, k: i32, taps: usize, out: usize, oh: i32, ow: i32, wp: i32, tileLo: i32, tileHi: i32, work: usize,
): void {
  const positions = oh * ow;
  for (let n = 0; n < batch; n++) {
    const image = src + <usize>(n * imageFloats * 4);
    const outImage = out + <usize>(n * m * positions * 4);
    for (let t = tileLo; t < tileHi; t++) {
      const q = t * 8;
      const oy = q / wp;
      const ox = q - oy * wp;
      const rowWhole = oy < oh && ox + 8 <= ow; // all eight positions in one row's windows
      for (let r0 = 0; r0 < m; r0 += 4) {
        const panel = weights + <usize>(r0 * k * 4);
        const whole = rowWhole && r0 + 4 <= m;
        const to = whole ? outImage + <usize>((r0 * positions + oy * ow + ox) * 4) : work;
        const ldc = whole ? positions : 8;
        for (let k0 = 0; k0 < k; k0 += KC) {
          tile(panel + <usize>(k0 * 16), taps + <usize>(k0 * 4), min(KC, k - k0), image + <usize>(q * 4), to, ldc, k0 > 0);
        }
        if (!whole) storeValid(work, outImage, r0, min(4, m - r0), q, oh, ow, wp, positions);
      }
    }
  }
}

/**
 * The 4×8 register tile over `kc` taps: C[r, j] (+)= Σ_p panel[p, r] · image[j + taps[p]/4], its
 * rows `ldc` floats apart at `to`; with `accumulate`, the block's sum is added to what is there
 * (matmul.ts's microKernel, with B read through the tap offsets).
 */
// prettier-ignore
function tile(panel: usize, taps: usize, kc: i32, image: usize, to: usize, ldc: i32, accumulate: bool): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  for (let p = 0; p < kc; p++) {
    const at = image + <usize>load<i32>(taps);
    const b0 = v128.load(at);
    const b1 = v128.load(at, 16);
    let av = v128.load32_splat(panel);
    c00 = f32x4.add(c00, f32x4.mul(av, b0)); c01 = f32x4.add(c01, f32x4.mul(av, b1));
    av = v128.load32_splat(panel, 4);
    c10 = f32x4.add(c10, f32x4.mul(av, b0)); c11 = f32x4.add(c11, f32x4.mul(av, b1));
    av = v128.load32_splat(panel, 8);
    c20 = f32x4.add(c20, f32x4.mul(av, b0)); c21 = f32x4.add(c21, f32x4.mul(av, b1));
    av = v128.load32_splat(panel, 12);
    c30 = f32x4.add(c30, f32x4.mul(av, b0)); c31 = f32x4.add(c31, f32x4.mul(av, b1));
    panel += 16;
    taps += 4;
  }
  storeTile(to, ldc, accumulate, c00, c01, c10, c11, c20, c21, c30, c31);
}

/**
 * Stores the `rows` × 8 scratch tile's positions q … q+7 that are windows (ox < ow, oy < oh) into
 * rows r0 … of the output image. Dropping the positions past each row's end leaves the kept ones
 * consecutive in the output, from the first kept one's index.
 */
function storeValid(scratch: usize, outImage: usize, r0: i32, rows: i32, q: i32, oh: i32, ow: i32, wp: i32, positions: i32): void {
  let oy = q / wp;
  let ox = q - oy * wp;
  let at = oy * ow + min(ox, ow); // output index of the first kept position at or after q
  for (let j = 0; j < 8; j++) {
    if (oy >= oh) break;
    if (ox < ow) {
      for (let r = 0; r < rows; r++) {
        store<f32>(outImage + <usize>(((r0 + r) * positions + at) * 4), load<f32>(scratch + <usize>((r * 8 + j) * 4)));
      }
      at++;
    }
    if (++ox == wp) {
      ox = 0;
      oy++;
    }
  }
}

/**
 * Packs the input gradient's weight as packRowPanels packs a forward's (four rows a panel): the rows are the
 * forward's input channels c and the depth runs over (o, ki, kj) with the kernel turned half a
 * turn, row c's value at depth (o·kh + ki)·kw + kj being wt[(c·kh + kh−1−ki)·kw + kw−1−kj, o],
 * where wt [C·kh·kw, outs] (element strides aM, aK) is the forward weight read transposed.
 */
export function packFlippedConvWeights(a: usize, aM: i32, aK: i32, channels: i32, outs: i32, kh: i32, kw: i32, to: usize): void {
  const k = outs * kh * kw;
  for (let c0 = 0; c0 < channels; c0 += 4) {
    const panel = to + <usize>(c0 * k * 4);
    let d = 0;
    for (let o = 0; o < outs; o++) {
      for (let ki = 0; ki < kh; ki++) {
        for (let kj = 0; kj < kw; kj++) {
          for (let r = 0; r < 4; r++) {
            const c = c0 + r;
            const row = (c * kh + kh - 1 - ki) * kw + kw - 1 - kj;
            const value: f32 = c < channels ? load<f32>(a + <usize>((<isize>row * aM + <isize>o * aK) * 4)) : 0;
            store<f32>(panel + <usize>((d * 4 + r) * 4), value);
          }
          d++;
        }
      }
    }
  }
}

/**
 * The weight gradient's product G · colsᵀ without the columns: out[r, k] = Σ_d G[r, d] ·
 * (tap k of window d), for the rows of G's eight-row panels [panelLo, panelHi) and the taps in
 * groups of four [groupLo, groupHi). The depth runs in matmul.ts's order and blocks (each block of
 * KC windows summed from zero, then added to the blocks before), so the bits are those of im2col's
 * columns laid out by rows, then matmul. `padded`: the padded images; `windows`: the depth's
 * first-tap offsets and `taps` the k tap offsets (gridOffsets); `panels`:
 * G packed by packRowPanels eight rows a panel; out contiguous [m, k]. `work` holds 128 bytes per group of four taps.
 */
export function convDirectWeightGradient(
  padded: usize, windows: usize, depth: i32, taps: usize, k: i32, panels: usize, m: i32, out: usize, panelLo: i32, panelHi: i32, groupLo: i32, groupHi: i32, work: usize,
): void {
  for (let p = panelLo; p < panelHi; p++) {
    const panel = panels + <usize>(<isize>p * depth * 32);
    for (let d0 = 0; d0 < depth; d0 += KC) {
      const kc = min(KC, depth - d0);
      for (let q = groupLo; q < groupHi; q++) {
        const t = 4 * q; // the group's four taps
        transposedTile(padded, windows + <usize>(d0 * 4), tapOffset(taps, t, k), tapOffset(taps, t + 1, k), tapOffset(taps, t + 2, k), tapOffset(taps, t + 3, k),
          panel + <usize>(d0 * 32), kc, work + <usize>((q - groupLo) * 128), d0 > 0);
      }
    }
    // the tiles hold [tap][row]: written to out [row, tap]
    for (let q = groupLo; q < groupHi; q++) {
      const tile = work + <usize>((q - groupLo) * 128);
      for (let t = 0; t < 4 && 4 * q + t < k; t++) {
        for (let r = 0; r < 8 && 8 * p + r < m; r++) {
          store<f32>(out + <usize>(((8 * p + r) * k + 4 * q + t) * 4), load<f32>(tile + <usize>((t * 8 + r) * 4)));
        }
      }
    }
  }
}

/** Tap t's byte offset, the last tap's where t ≥ k (a group's lanes past the taps, dropped). */
@inline function tapOffset(taps: usize, t: i32, k: i32): i32 {
  return load<i32>(taps + <usize>(min(t, k - 1) * 4));
}

/**
 * The 4×8 register tile with the roles turned: T[t, r] (+)= Σ_s image[window_s + tap_t] ·
 * panel[s, r] over `kc` windows, its four rows (taps) 8 floats apart at `to`. Each product is
 * the one matmul's micro-kernel forms for C[r, t] (multiplication commutes), summed in the same order.
 */
// prettier-ignore
function transposedTile(image: usize, windows: usize, t0: i32, t1: i32, t2: i32, t3: i32, panel: usize, kc: i32, to: usize, accumulate: bool): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  const at0 = image + <usize>t0, at1 = image + <usize>t1, at2 = image + <usize>t2, at3 = image + <usize>t3;
  for (let s = 0; s < kc; s++) {
    const window = <usize>load<i32>(windows);
    const b0 = v128.load(panel);
    const b1 = v128.load(panel, 16);
    let av = v128.load32_splat(at0 + window);
    c00 = f32x4.add(c00, f32x4.mul(av, b0)); c01 = f32x4.add(c01, f32x4.mul(av, b1));
    av = v128.load32_splat(at1 + window);
    c10 = f32x4.add(c10, f32x4.mul(av, b0)); c11 = f32x4.add(c11, f32x4.mul(av, b1));
    av = v128.load32_splat(at2 + window);
    c20 = f32x4.add(c20, f32x4.mul(av, b0)); c21 = f32x4.add(c21, f32x4.mul(av, b1));
    av = v128.load32_splat(at3 + window);
    c30 = f32x4.add(c30, f32x4.mul(av, b0)); c31 = f32x4.add(c31, f32x4.mul(av, b1));
    windows += 4;
    panel += 32;
  }
  storeTile(to, 8, accumulate, c00, c01, c10, c11, c20, c21, c30, c31);
}
