/**
 * A convolution's forward product without its columns (assembly/conv-direct.ts), for stride 1:
 * the images go into the arena, are copied once with their zero padding, and the register tile
 * reads its B vectors from the padded planes through a table of tap offsets. im2col then matmul
 * writes the columns (∏kernel times the image) and packs them again for every image; this reads
 * the image in place. The sums are matmul's, in its order and blocks, so the bits are those of
 * wasm's im2col then matmul (test/backend/wasm/conv-matmul.test.ts). Measured in
 * bench/results/2026-12-06-conv-direct.txt.
 * @module
 */
import type { FloatView, WindowGeometry } from '../backend.js';
import { threadPool } from '../threads/pool.js';
import { threadMinMatmulMacs } from '../threads/settings.js';
import { aligned } from './arena.js';
import { runStaged } from './call.js';
import { sharedKernels } from './module.js';
import { plan, type WasmContext } from './staging.js';

/**
 * Output positions per image, and rows of the columns (C·kH·kW), from which the direct product
 * replaces im2col then matmul. Measured (bench/conv-direct.mjs, one thread, 32 images): 1.2–1.6×
 * faster for 8–32 input channels at 10×10 to 28×28; even (0.95–1.03×) for one to three input
 * channels (k = 9, 27), where the tile's stores weigh against its few taps, and for ResNet's 64
 * channels at 28×28 and 56×56, where the per-image packing is shared by 16 tiles of rows.
 */
let thresholds = { positions: 64, rows: 32 };

/** Sets the thresholds (benchmarks: 0 turns the direct product on wherever it can run, Infinity off; not public); returns the previous ones. @internal */
export function setDirectThresholds(next: { positions: number; rows: number }): { positions: number; rows: number } {
  const previous = thresholds;
  thresholds = { ...next };
  return previous;
}
/** Bytes of the scratch tile each thread needs (4 × 8 floats). */
const SCRATCH_BYTES = 128;
/** Position of the scratch pointer among convDirect's arguments. */
const WORK_ARG = 13;
/** Tiles of 8 positions a block of one image's split holds at least. */
const MIN_TILES_PER_BLOCK = 16;

/**
 * True when `geometry` and the operands suit the direct product: stride 1, the weight `a`
 * [N, m, k] shared by the images (batch stride 0, or one image), and at least the thresholds'
 * output positions per image and rows k.
 */
export function directConvolutionApplies(geometry: WindowGeometry, a: FloatView, batch: number): boolean {
  const { stride: [sh, sw], outputSize: [oh, ow] } = geometry;
  return sh === 1 && sw === 1 && oh * ow >= thresholds.positions && a.shape[2]! >= thresholds.rows && (batch === 1 || a.strides[0] === 0);
}

/**
 * out [N, m, oh·ow] = a[0] · im2col(x) per image (+ bias per row, as addRowBias adds it), all
 * float32, as one staged call; the caller checked {@link directConvolutionApplies}.
 */
export function wasmDirectConvolution(ctx: WasmContext, x: FloatView, geometry: WindowGeometry, a: FloatView, out: Float32Array, bias?: FloatView): void {
  const [batch, channels] = x.shape as [number, number];
  const [, m, k] = a.shape as [number, number, number];
  const { inputSize: [h, w], kernelSize: [kh, kw], padding: [ph, pw], dilation: [dh, dw], outputSize: [oh, ow] } = geometry;
  const hp = h + 2 * ph;
  const wp = w + 2 * pw;
  const imageFloats = channels * hp * wp;
  const slack = wp + (kw - 1) * dw + 16; // the dropped positions of the last tiles read past the last plane
  const paddedBytes = aligned((batch * imageFloats + slack) * 4);
  const weightBytes = aligned(Math.ceil(m / 4) * 4 * k * 4);
  const tapBytes = aligned(k * 4);
  const tiles = Math.ceil(((oh - 1) * wp + ow) / 8);
  const pool = batch * m * k * oh * ow >= threadMinMatmulMacs() ? threadPool(sharedKernels()) : null;
  const scratchAreas = pool?.threads ?? 1;
  const biasView = bias ?? { storage: new Float32Array(1), offset: 0, shape: [1, 1], strides: [0, 0] };
  const operands = [plan(x, false), plan(a, false), plan(biasView, false)] as const;
  const workBytes = paddedBytes + weightBytes + tapBytes + SCRATCH_BYTES * scratchAreas;
  runStaged(ctx, 'convDirect', { operands, results: [out], workBytes }, ([X, A, B], [C], work) => {
    const [xN, xC, xH, xW] = X.strides as [number, number, number, number];
    const padded = work;
    const weights = padded + paddedBytes;
    const taps = weights + weightBytes;
    const scratch = taps + tapBytes;
    ctx.exports.padImages(X.ptr, batch, channels, xN, xC, xH, xW, h, w, ph, pw, hp, wp, slack, padded);
    ctx.exports.packConvWeights(A.ptr, A.strides[1]!, A.strides[2]!, m, k, weights);
    ctx.exports.convTapOffsets(channels, kh, kw, dh, dw, hp * wp, wp, taps);
    const args = (image: number, images: number, tileLo: number, tileHi: number): number[] =>
      [padded + image * imageFloats * 4, imageFloats, images, weights, m, k, taps, C + image * m * oh * ow * 4, oh, ow, wp, tileLo, tileHi, scratch];
    if (pool === null) {
      ctx.exports.convDirect(...(args(0, batch, 0, tiles) as Parameters<typeof ctx.exports.convDirect>));
    } else {
      pool.run({ fn: 'convDirect', items: blocks(batch, tiles, pool.threads, args), workArg: WORK_ARG, workBase: scratch, workStride: SCRATCH_BYTES });
    }
    if (bias !== undefined) ctx.exports.addRowBias(C, batch, m, oh * ow, B.ptr, B.strides[0]!, B.strides[1]!);
  });
}

/**
 * The split: blocks of whole images (four a thread, so a late thread leaves its share to the
 * others), or for one image, blocks of its tiles; each output element is one block's.
 */
function blocks(batch: number, tiles: number, threads: number, args: (image: number, images: number, lo: number, hi: number) => number[]): number[][] {
  const items: number[][] = [];
  if (batch > 1) {
    const step = Math.ceil(batch / Math.min(batch, threads * 4));
    for (let n = 0; n < batch; n += step) items.push(args(n, Math.min(step, batch - n), 0, tiles));
    return items;
  }
  const step = Math.max(MIN_TILES_PER_BLOCK, Math.ceil(tiles / (threads * 4)));
  for (let t = 0; t < tiles; t += step) items.push(args(0, 1, t, Math.min(tiles, t + step)));
  return items;
}
