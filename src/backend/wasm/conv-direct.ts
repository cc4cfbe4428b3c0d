/**
 * A convolution's products without columns (assembly/conv-direct.ts): the images go into
 * the arena, are copied once with their zero padding, and the register tile reads its B vectors
 * from the padded planes through a table of tap offsets. im2col then matmul writes the columns
 * (∏kernel times the image) and packs them again for every image; this reads the image in place.
 * - The forward: the sums are matmul's, in its order and blocks, so the bits are those of wasm's
 *   im2col then matmul.
 * - The input gradient col2im(Wᵀ·G): the same product over G padded, with the weight turned half
 *   a turn; its sums run over (Cout, kh, kw) in one pass instead of col2im's tap by tap, so it is
 *   within float32 rounding of ref rather than the bits of matmul then col2im.
 * - The weight gradient G · colsᵀ (any stride): the tile with its roles turned, four taps of a
 *   window splatted against eight rows of G, the windows in matmul's order and blocks, so the bits
 *   are those of im2col then matmul.
 * Both give the same bits on any thread count (test/backend/wasm/conv-matmul.test.ts,
 * test/backend/threads/conv-bits.test.ts). Measured in bench/results/2026-12-06-conv-direct.txt.
 * @module
 */
import type { ColumnsLayout, FloatView, WindowGeometry } from '../backend.js';
import { MAX_ITEMS } from '../threads/protocol.js';
import { threadPool } from '../threads/pool.js';
import { threadMinMatmulMacs } from '../threads/settings.js';
import { aligned } from './arena.js';
import { runStaged } from './call.js';
import { NO_ROW_BIAS } from './conv.js';
import { sharedKernels } from './module.js';
import { plan, type WasmContext } from './staging.js';

/**
 * Output positions per image, and rows of the columns (C·kH·kW), from which the direct product
 * replaces im2col then matmul. Measured (bench/conv-direct.mjs, one thread, 32 images): 1.2–1.6×
 * faster for 8–32 input channels at 10×10 to 28×28; even (0.95–1.03×) for one to three input
 * channels (k = 9, 27), where the tile's stores weigh against its few taps, and for ResNet's 64
 * channels at 28×28 and 56×56, where the per-image packing is shared by 16 tiles of rows. The
 * input gradient, whose tile rows are the input channels: ×1.2–1.6 for 16 and 32 channels, even
 * (0.95–1.06) for 64, but ×0.5–0.9 for 1, 3 and 6 (tiles of four rows a quarter to three
 * quarters used); so from 8 channels. The weight gradient: ×1.1–1.6 from 32 taps (×0.99–1.10 on
 * ResNet's 56×56 layer), ×0.8–1.0 for 9, 18 and 27 taps (×1.4 for LeNet's 25, with 6 outputs).
 */
let thresholds: DirectThresholds = { positions: 64, rows: 32, inputGradientChannels: 8 };

/** When the direct products run: at least `positions` and `rows`, and for the input gradient at least `inputGradientChannels` input channels. */
export interface DirectThresholds {
  readonly positions: number;
  readonly rows: number;
  readonly inputGradientChannels: number;
}

/** Sets the thresholds (benchmarks: all 0 turns the direct products on wherever they can run, all Infinity off; not public); returns the previous ones. @internal */
export function setDirectThresholds(next: DirectThresholds): DirectThresholds {
  const previous = thresholds;
  thresholds = { ...next };
  return previous;
}
/** Bytes of the scratch tile each thread needs (4 × 8 floats). */
const SCRATCH_BYTES = 128;
/** Position of the scratch pointer among convDirect's and convDirectWeightGradient's arguments. */
const WORK_ARG = 13;
const WEIGHT_GRADIENT_WORK_ARG = 12;
/** Tiles of 8 positions a block of one image's split holds at least. */
const MIN_TILES_PER_BLOCK = 16;

/**
 * True when `geometry` and the operands suit the direct product: stride 1, the weight `a`
 * [N, m, k] shared by the images (batch stride 0, or one image), `cols` each image's columns
 * whole ([N, k, L], contiguous), and at least the thresholds' output positions per image and rows k.
 */
export function directConvolutionApplies(geometry: WindowGeometry, a: FloatView, cols: ColumnsLayout, batch: number): boolean {
  const { stride: [sh, sw], outputSize: [oh, ow] } = geometry;
  const k = a.shape[2]!;
  const positions = oh * ow;
  const [cN, cK, cL] = cols.strides;
  const perImage = cols.offset === 0 && cols.shape[1] === k && cols.shape[2] === positions && cN === k * positions && cK === positions && cL === 1;
  return sh === 1 && sw === 1 && perImage && positions >= thresholds.positions && k >= thresholds.rows && (batch === 1 || a.strides[0] === 0);
}

/**
 * out [N, m, oh·ow] = a[0] · im2col(x) per image (+ bias per row, as addRowBias adds it), all
 * float32, as one staged call; the caller checked {@link directConvolutionApplies}.
 */
export function wasmDirectConvolution(ctx: WasmContext, x: FloatView, geometry: WindowGeometry, a: FloatView, out: Float32Array, bias?: FloatView): void {
  const [batch, channels] = x.shape as [number, number];
  const [, m, k] = a.shape as [number, number, number];
  const { inputSize: [h, w], kernelSize, padding, dilation, outputSize } = geometry;
  const product = planDirect(ctx, [batch, channels, h, w], padding, kernelSize, dilation, outputSize, m, k);
  const operands = [plan(x, false), plan(a, false), plan(bias ?? NO_ROW_BIAS, false)] as const;
  runStaged(ctx, 'convDirect', { operands, results: [out], workBytes: product.workBytes }, ([X, A, B], [C], work) => {
    product.run(X.ptr, X.strides, (to) => ctx.exports.packRowPanels(A.ptr, A.strides[1]!, 0, k, A.strides[2]!, m, k, 4, to), C, work);
    if (bias !== undefined) ctx.exports.addRowBias(C, batch, m, outputSize[0] * outputSize[1], B.ptr, B.strides[0]!, B.strides[1]!);
  });
}

/**
 * True when a stride-1 convolution's input gradient col2im(wt·G) can run as a direct product:
 * G [N, Cout, oh·ow] padded by (kh − 1)·dh − ph rows and (kw − 1)·dw − pw columns (so those must
 * not be negative), convolved with the weight turned half a turn and its channel dims swapped; wt
 * [N, C·kh·kw, Cout] shared by the images; at least the thresholds' positions (H·W) and rows
 * (Cout·kh·kw), and at least the thresholds' input channels C.
 */
export function directInputGradientApplies(geometry: WindowGeometry, a: FloatView, batch: number): boolean {
  const { inputSize: [h, w], kernelSize: [kh, kw], stride: [sh, sw], padding: [ph, pw], dilation: [dh, dw] } = geometry;
  const rows = a.shape[2]! * kh * kw;
  const channels = a.shape[1]! / (kh * kw);
  return sh === 1 && sw === 1 && (kh - 1) * dh >= ph && (kw - 1) * dw >= pw && h * w >= thresholds.positions && rows >= thresholds.rows
    && channels >= thresholds.inputGradientChannels && (batch === 1 || a.strides[0] === 0);
}

/**
 * out [N, C, H, W] = col2im(wt · g) for a stride-1 convolution, as the direct product of g's
 * padded images with the turned weight: gx[c, iy, ix] = Σ over (o, ki, kj) of
 * W[o, c, kh−1−ki, kw−1−kj] · Gpadded[o, iy + ki·dh, ix + kj·dw]. The sums run in that order
 * rather than col2im's (each tap's product summed over o, then the taps added), so the result is
 * within float32 rounding of col2im's, not its bits; the caller checked
 * {@link directInputGradientApplies}.
 */
export function wasmDirectInputGradient(ctx: WasmContext, a: FloatView, g: FloatView, geometry: WindowGeometry, out: Float32Array): void {
  const [batch, outs] = g.shape as [number, number];
  const { inputSize: [h, w], kernelSize: [kh, kw], padding: [ph, pw], dilation: [dh, dw], outputSize: [oh, ow] } = geometry;
  const channels = a.shape[1]! / (kh * kw);
  const k = outs * kh * kw;
  const pads = [(kh - 1) * dh - ph, (kw - 1) * dw - pw];
  const product = planDirect(ctx, [batch, outs, oh, ow], pads, [kh, kw], [dh, dw], [h, w], channels, k);
  const operands = [plan(g, false), plan(a, false)] as const;
  runStaged(ctx, 'convDirectInputGradient', { operands, results: [out], workBytes: product.workBytes }, ([G, A], [C], work) => {
    const [gN, gO, gL] = G.strides as [number, number, number];
    // G's positions as rows of ow (a view [N, Cout, L] with one stride along L)
    const imageStrides = [gN, gO, gL * ow, gL];
    product.run(G.ptr, imageStrides, (to) => ctx.exports.packFlippedConvWeights(A.ptr, A.strides[1]!, A.strides[2]!, channels, outs, kh, kw, to), C, work);
  });
}

/**
 * True when the weight gradient's product G · colsᵀ (one group; cols the transposed view of
 * im2col's columns laid out by rows, zero padding, any stride) can run without the columns: at
 * least one window, and at least the thresholds' positions per image and rows k = C·kh·kw (the
 * taps).
 */
export function directWeightGradientApplies(geometry: WindowGeometry, a: FloatView, cols: ColumnsLayout, batch: number): boolean {
  const { outputSize: [oh, ow] } = geometry;
  const groups = a.shape[0]!;
  const [, depth, k] = cols.shape as [number, number, number];
  const transposedRows = cols.offset === 0 && cols.strides[0] === k * depth && cols.strides[1] === 1 && cols.strides[2] === depth;
  return groups === 1 && transposedRows && batch >= 1 && depth === batch * oh * ow && oh * ow >= thresholds.positions && k >= thresholds.rows;
}

/**
 * out [1, m, k] = G · colsᵀ for a convolution's weight gradient (G = `a` [1, m, N·L], or [1, m,
 * N, L] read as that, any strides; cols the columns of `x` under `geometry`, zero padding)
 * without writing the columns: the images padded once, G packed as panels of eight rows, and a
 * register tile with the roles turned (four taps × eight rows of G) reading each window's four
 * taps from the padded image. The sums are matmul's, in its order and blocks, so the bits are
 * those of im2col then matmul. The caller checked {@link directWeightGradientApplies}.
 */
export function wasmDirectWeightGradient(ctx: WasmContext, x: FloatView, geometry: WindowGeometry, a: FloatView, out: Float32Array): void {
  const [batch, channels] = x.shape as [number, number];
  const m = a.shape[1]!;
  const { inputSize: [h, w], kernelSize: [kh, kw], stride: [sh, sw], padding: [ph, pw], dilation: [dh, dw], outputSize: [oh, ow] } = geometry;
  const depth = batch * oh * ow;
  const k = channels * kh * kw;
  const source = planPaddedImages([batch, channels, h, w], [ph, pw], [kh, kw], [dh, dw], 0);
  const windowBytes = aligned(depth * 4);
  const panels = Math.ceil(m / 8);
  const panelBytes = aligned(panels * depth * 32);
  const groups = Math.ceil(k / 4);
  const scratchBytes = groups * 128;
  const pool = m * k * depth >= threadMinMatmulMacs() ? threadPool(sharedKernels()) : null;
  const workBytes = source.bytes + windowBytes + panelBytes + scratchBytes * (pool?.threads ?? 1);
  runStaged(ctx, 'convDirectWeightGradient', { operands: [plan(x, false), plan(a, false)], results: [out], workBytes }, ([X, G], [C], work) => {
    // G's depth in one level ([1, m, N·L]) or two (images, then positions: [1, m, N, L], whose
    // placed strides are four whether kept or compacted)
    const [gM, gOuter, inner, gInner] = a.shape.length === 4 ? [G.strides[1]!, G.strides[2]!, a.shape[3]!, G.strides[3]!] : [G.strides[1]!, 0, depth, G.strides[2]!];
    const { padded, taps } = source.place(ctx, X.ptr, X.strides, work);
    const windows = work + source.bytes;
    const packed = windows + windowBytes;
    const scratch = packed + panelBytes;
    ctx.exports.gridOffsets(batch, source.imageFloats, oh, sh * source.wp, ow, sw, windows);
    ctx.exports.packRowPanels(G.ptr, gM, gOuter, inner, gInner, m, depth, 8, packed);
    const args = (panelLo: number, panelHi: number, groupLo: number, groupHi: number): number[] =>
      [padded, windows, depth, taps, k, packed, m, C, panelLo, panelHi, groupLo, groupHi, scratch];
    if (pool === null) {
      ctx.exports.convDirectWeightGradient(...(args(0, panels, 0, groups) as Parameters<typeof ctx.exports.convDirectWeightGradient>));
      return;
    }
    pool.run({ fn: 'convDirectWeightGradient', items: weightGradientBlocks(panels, groups, pool.threads, args), workArg: WEIGHT_GRADIENT_WORK_ARG, workBase: scratch, workStride: scratchBytes });
  });
}

/** Images padded in the arena, with the tap offsets of their windows: sizes, and the call that writes both. */
interface PaddedImages {
  /** Row length and floats per image of the padded planes. */
  readonly wp: number;
  readonly imageFloats: number;
  /** Bytes of the padded images (with their slack) and the tap table. */
  readonly bytes: number;
  /** Pads the images at byte offset `x` (element strides over [N, C, h, w]) into `at` and writes the tap table after them. */
  place(ctx: WasmContext, x: number, strides: readonly number[], at: number): { padded: number; taps: number };
}

/**
 * Plans images [N, C, h, w] padded by (ph, pw) rows and columns of zeros, `slack` zero floats
 * after the last plane, and the byte offsets of the C·kh·kw taps of a window (dilation dh, dw)
 * from its first tap: what every direct product reads.
 */
function planPaddedImages([batch, channels, h, w]: readonly number[], [ph, pw]: readonly number[], [kh, kw]: readonly number[], [dh, dw]: readonly number[], slack: number): PaddedImages {
  const hp = h! + 2 * ph!;
  const wp = w! + 2 * pw!;
  const imageFloats = channels! * hp * wp;
  const paddedBytes = aligned((batch! * imageFloats + slack) * 4);
  const tapBytes = aligned(channels! * kh! * kw! * 4);
  return {
    wp,
    imageFloats,
    bytes: paddedBytes + tapBytes,
    place(ctx, x, [xN, xC, xH, xW], at) {
      ctx.exports.padImages(x, batch!, channels!, xN!, xC!, xH!, xW!, h!, w!, ph!, pw!, hp, wp, slack, at);
      ctx.exports.gridOffsets(channels!, hp * wp, kh!, dh! * wp, kw!, dw!, at + paddedBytes);
      return { padded: at, taps: at + paddedBytes };
    },
  };
}

/** A direct product planned from its sizes: the work area, and the call on an image already in the arena. */
interface DirectPlan {
  readonly workBytes: number;
  /**
   * out (byte offset C, contiguous [N, m, oh·ow]) = the packed weight · the windows of the images
   * at byte offset `x` (element strides `strides` over [N, channels, h, w]); `packWeights(to)`
   * writes the weight's panels at `to`.
   */
  run(x: number, strides: readonly number[], packWeights: (to: number) => void, C: number, work: number): void;
}

/** Plans the direct product of m × k weights over images [N, channels, h, w] padded by `padding`, windows of `kernel` with `dilation`, `outputSize` positions. */
function planDirect(ctx: WasmContext, [batch, channels, h, w]: readonly number[], [ph, pw]: readonly number[], [kh, kw]: readonly number[],
  [dh, dw]: readonly number[], [oh, ow]: readonly number[], m: number, k: number): DirectPlan {
  const wp = w! + 2 * pw!;
  const slack = wp + (kw! - 1) * dw! + 16; // the dropped positions of the last tiles read past the last plane
  const source = planPaddedImages([batch!, channels!, h!, w!], [ph!, pw!], [kh!, kw!], [dh!, dw!], slack);
  const weightBytes = aligned(Math.ceil(m / 4) * 4 * k * 4);
  const tiles = Math.ceil(((oh! - 1) * wp + ow!) / 8);
  const pool = batch! * m * k * oh! * ow! >= threadMinMatmulMacs() ? threadPool(sharedKernels()) : null;
  const workBytes = source.bytes + weightBytes + SCRATCH_BYTES * (pool?.threads ?? 1);
  const run = (x: number, strides: readonly number[], packWeights: (to: number) => void, C: number, work: number): void => {
    const { padded, taps } = source.place(ctx, x, strides, work);
    const weights = work + source.bytes;
    const scratch = weights + weightBytes;
    packWeights(weights);
    const args = (image: number, images: number, tileLo: number, tileHi: number): number[] =>
      [padded + image * source.imageFloats * 4, source.imageFloats, images, weights, m, k, taps, C + image * m * oh! * ow! * 4, oh!, ow!, wp, tileLo, tileHi, scratch];
    if (pool === null) {
      ctx.exports.convDirect(...(args(0, batch!, 0, tiles) as Parameters<typeof ctx.exports.convDirect>));
    } else {
      pool.run({ fn: 'convDirect', items: blocks(batch!, tiles, pool.threads, args), workArg: WORK_ARG, workBase: scratch, workStride: SCRATCH_BYTES });
    }
  };
  return { workBytes, run };
}

/**
 * The weight gradient's split, about four blocks a thread (at most MAX_ITEMS): ranges of whole
 * panels when there are that many panels, else each panel's tap groups cut into ranges.
 */
function weightGradientBlocks(panels: number, groups: number, threads: number, args: (panelLo: number, panelHi: number, groupLo: number, groupHi: number) => number[]): number[][] {
  const target = Math.min(MAX_ITEMS, threads * 4);
  const items: number[][] = [];
  if (panels >= target) {
    const step = Math.ceil(panels / target);
    for (let p = 0; p < panels; p += step) items.push(args(p, Math.min(panels, p + step), 0, groups));
    return items;
  }
  const cuts = Math.floor(target / panels); // ranges of groups per panel
  const step = Math.ceil(groups / Math.min(groups, cuts));
  for (let p = 0; p < panels; p++) for (let q = 0; q < groups; q += step) items.push(args(p, p + 1, q, Math.min(groups, q + step)));
  return items;
}

/**
 * The split: blocks of whole images (four a thread, so a late thread leaves its share to the
 * others; at most MAX_ITEMS), or for one image, blocks of its tiles; each output element is one
 * block's.
 */
function blocks(batch: number, tiles: number, threads: number, args: (image: number, images: number, lo: number, hi: number) => number[]): number[][] {
  const target = Math.min(MAX_ITEMS, threads * 4);
  const items: number[][] = [];
  if (batch > 1) {
    const step = Math.ceil(batch / Math.min(batch, target));
    for (let n = 0; n < batch; n += step) items.push(args(n, Math.min(step, batch - n), 0, tiles));
    return items;
  }
  const step = Math.max(MIN_TILES_PER_BLOCK, Math.ceil(tiles / target));
  for (let t = 0; t < tiles; t += step) items.push(args(0, 1, t, Math.min(tiles, t + step)));
  return items;
}
