/**
 * The wasm im2col, col2im and max-pool arg-max calls (float32). The image (or the columns) goes
 * into the arena with its strides, the geometry as twelve i32, and the kernel writes a contiguous
 * result that is copied out. col2im sums in ref's order, so all three are bit-identical to ref.
 * Large im2col, col2im and max-pool calls are split across threads by image planes (`planeWise`).
 * Padded windows over short rows go through a padded copy of each plane (`planeBytes`).
 * @module
 */
import type { FloatArray } from '../../dtype.js';
import type { FloatView, WindowGeometry } from '../backend.js';
import { MAX_ITEMS } from '../threads/protocol.js';
import { threadPool, type ThreadPool } from '../threads/pool.js';
import { threadMinElements } from '../threads/settings.js';
import { aligned } from './arena.js';
import { runStaged } from './call.js';
import { sharedKernels } from './module.js';
import { plan, type Placed, type Placement, type WasmContext } from './staging.js';

/** Position of im2col's float32 padding value among its arguments. */
const IM2COL_PAD_ARG = 8;

/**
 * Runs a plane-wise kernel (`args` for the whole call) on the thread pool when `elements` of output
 * are enough and more than one thread runs, cut into blocks of images (or, for one image, of
 * channels): `cut(lo, hi, byBatch)` gives a block's arguments. Each output plane is written by one
 * block, in the kernel's order, so the result is the same bits as one call. A kernel that takes a
 * padded plane (im2col, col2im: their last argument) gets thread t's at `planes.at + t · planes.bytes`.
 */
function planeWise(ctx: WasmContext, fn: 'im2col' | 'col2im' | 'maxPoolIndices', args: readonly number[], elements: number, batch: number, channels: number,
  cut: (lo: number, hi: number, byBatch: boolean) => number[], planes?: PlaneScratch): void {
  const pool = planeWisePool(elements);
  const count = batch > 1 ? batch : channels;
  if (pool === null || count < 2) {
    (ctx.exports[fn] as (...a: number[]) => void)(...args);
    return;
  }
  const step = Math.ceil(count / Math.min(count, pool.threads * 4, MAX_ITEMS));
  const items: number[][] = [];
  for (let lo = 0; lo < count; lo += step) items.push(cut(lo, Math.min(count, lo + step), batch > 1));
  const work = planes === undefined || planes.at === 0 ? {} : { workArg: args.length - 1, workBase: planes.at, workStride: planes.bytes };
  pool.run({ fn, items, floatArgs: fn === 'im2col' ? [IM2COL_PAD_ARG] : [], ...work });
}

/** The pool a plane-wise call of `elements` output elements runs on, or null for the calling thread alone. */
function planeWisePool(elements: number): ThreadPool | null {
  return elements >= threadMinElements() ? threadPool(sharedKernels()) : null;
}

/** Where im2col and col2im pad their planes: thread t's plane at `at + t · bytes`; `at` 0 when they do not. */
interface PlaneScratch {
  readonly at: number;
  readonly bytes: number;
}

/**
 * Window rows of at most this many positions go through padded planes, when the windows have
 * padding (see {@link planeBytes}). Measured (im2col and col2im kernels alone, one thread, 3×3
 * windows, padding 1, alternating 10 rounds): im2col ×1.6–2.4 faster on 4×4 to 28×28 planes,
 * ×1.5 on 32×32, ×1.1 on 48×48, ×0.87–1.00 on 56×56; col2im ×1.15–1.7 up to 40×40, ×1.1 on
 * 48×48, ×0.89–1.02 on 56×56; 5×5 windows on 16×16 planes ×2.2 and ×1.7; stride 2 even or better
 * (×1.0–1.2).
 */
const PADDED_ROWS_UP_TO = 48;

/**
 * Bytes of one padded plane for im2col and col2im under `geometry`, or 0 when they read and write
 * the image in place: planes are padded when the windows have padding and rows of at most
 * PADDED_ROWS_UP_TO positions, where testing each row's bounds costs more than the copy, and
 * every window lies inside the padded plane (pooling's ceil mode can put the last ones past it).
 */
function planeBytes(geometry: WindowGeometry): number {
  const { inputSize: [h, w], kernelSize: [kh, kw], stride: [sh, sw], padding: [ph, pw], dilation: [dh, dw], outputSize: [oh, ow] } = geometry;
  const inside = (oh - 1) * sh + (kh - 1) * dh < h + 2 * ph && (ow - 1) * sw + (kw - 1) * dw < w + 2 * pw;
  return (ph > 0 || pw > 0) && inside && ow <= PADDED_ROWS_UP_TO ? aligned((h + 2 * ph) * (w + 2 * pw) * 4) : 0;
}

/** Bytes of the padded planes an im2col or col2im call of `elements` output elements needs: one per thread that runs it (0: none). */
export function planeScratchBytes(geometry: WindowGeometry, elements: number): number {
  return planeBytes(geometry) * (planeWisePool(elements)?.threads ?? 1);
}

/** The padded planes at `scratch` under `geometry`, or none (`at` 0, what the kernels read as "no plane"). */
function paddedPlanes(geometry: WindowGeometry, scratch: number): PlaneScratch {
  const bytes = planeBytes(geometry);
  return { at: bytes === 0 ? 0 : scratch, bytes };
}

/** The geometry's twelve integers, in the order assembly/conv.ts reads them, planned as an int32 operand. */
export function planGeometry(geometry: WindowGeometry): Placement {
  const { inputSize, kernelSize, stride, padding, dilation, outputSize } = geometry;
  const storage = Int32Array.from([...inputSize, ...kernelSize, ...stride, ...padding, ...dilation, ...outputSize]);
  return plan({ storage, offset: 0, shape: [12], strides: [1] }, true);
}

/** A convolution product's row bias when it has none: one float the kernels never read (a placed operand all the same). */
export const NO_ROW_BIAS: FloatView = { storage: new Float32Array(1), offset: 0, shape: [1, 1], strides: [0, 0] };

/** The strides of an image [N, C, H, W] placed in the arena. */
type ImageStrides = [xN: number, xC: number, xH: number, xW: number];

/** im2col of float32 `x` in wasm (`byRows`: out laid out [C·kH·kW, N, L]); returns false (doing nothing) for other dtypes. */
export function wasmIm2col(ctx: WasmContext, x: FloatView, geometry: WindowGeometry, padValue: number, out: FloatArray, byRows = false): boolean {
  if (!(x.storage instanceof Float32Array && out instanceof Float32Array)) return false;
  if (out.length === 0) return true;
  const scratchBytes = planeScratchBytes(geometry, out.length);
  runStaged(ctx, 'im2col', { operands: [plan(x, false), planGeometry(geometry)], results: [out], workBytes: scratchBytes }, ([X, geom], [O], work) =>
    im2colInArena(ctx, X, x.shape, geometry, geom.ptr, padValue, O, byRows, work));
  return true;
}

/**
 * im2col of an image of `shape` placed at X (its geometry placed at `geom`) into the columns at
 * byte offset `out`, inside a staged call: wasmIm2col's kernel call, and wasm/conv-matmul.ts's.
 * `scratch`: the byte offset of the planeScratchBytes the call reserved (unread when that is 0).
 */
export function im2colInArena(ctx: WasmContext, X: Placed, shape: readonly number[], geometry: WindowGeometry, geom: number, padValue: number, out: number, byRows: boolean, scratch: number): void {
  const [batch, channels] = shape as [number, number];
  const planes = paddedPlanes(geometry, scratch);
  const [kh, kw] = geometry.kernelSize;
  const columns = geometry.outputSize[0] * geometry.outputSize[1];
  const elements = batch * channels * kh * kw * columns;
  // element offsets of image n's and of row r's columns in out
  const [outN, outR] = byRows ? [columns, batch * columns] : [channels * kh * kw * columns, columns];
  const [xN, xC, xH, xW] = X.strides as ImageStrides;
  const args = [X.ptr, batch, channels, xN, xC, xH, xW, geom, padValue, out, outN, outR, planes.at];
  // a block of images [lo, hi), or of one image's channels
  planeWise(ctx, 'im2col', args, elements, batch, channels, (lo, hi, byBatch) =>
    byBatch
      ? [X.ptr + lo * xN * 4, hi - lo, channels, xN, xC, xH, xW, geom, padValue, out + lo * outN * 4, outN, outR, planes.at]
      : [X.ptr + lo * xC * 4, 1, hi - lo, xN, xC, xH, xW, geom, padValue, out + lo * kh * kw * outR * 4, outN, outR, planes.at],
  planes);
}

/** col2im of float32 `cols` in wasm into zeroed `out`; returns false (doing nothing) for other dtypes. */
export function wasmCol2im(ctx: WasmContext, cols: FloatView, geometry: WindowGeometry, out: FloatArray): boolean {
  if (!(cols.storage instanceof Float32Array && out instanceof Float32Array)) return false;
  if (out.length === 0) return true;
  // the kernel adds into its result block, so out's zeros go in first
  const scratchBytes = planeScratchBytes(geometry, out.length);
  runStaged(ctx, 'col2im', { operands: [plan(cols, false), planGeometry(geometry)], results: [out], resultsIn: true, workBytes: scratchBytes }, ([C, geom], [O], work) =>
    col2imInArena(ctx, C, cols.shape, geometry, geom.ptr, O, work));
  return true;
}

/**
 * col2im of columns of `shape` placed at C (geometry at `geom`) into the zeroed image at byte
 * offset `out`, inside a staged call: wasmCol2im's kernel call, and wasm/conv-matmul.ts's.
 * `scratch` as for im2colInArena.
 */
export function col2imInArena(ctx: WasmContext, C: Placed, shape: readonly number[], geometry: WindowGeometry, geom: number, out: number, scratch: number): void {
  const planes = paddedPlanes(geometry, scratch);
  const [kh, kw] = geometry.kernelSize;
  const batch = shape[0]!;
  const channels = shape[1]! / (kh * kw);
  const plane = geometry.inputSize[0] * geometry.inputSize[1];
  const elements = batch * channels * plane;
  const [cN, cR, cL] = C.strides as [number, number, number];
  const args = [C.ptr, batch, channels, cN, cR, cL, geom, out, planes.at];
  planeWise(ctx, 'col2im', args, elements, batch, channels, (lo, hi, byBatch) =>
    byBatch
      ? [C.ptr + lo * cN * 4, hi - lo, channels, cN, cR, cL, geom, out + lo * channels * plane * 4, planes.at]
      : [C.ptr + lo * kh * kw * cR * 4, 1, hi - lo, cN, cR, cL, geom, out + lo * plane * 4, planes.at],
  planes);
}

/** Max pooling's arg-max (and max `values`) of float32 `x` in wasm, split by planes like im2col; returns false (doing nothing) for other dtypes. */
export function wasmMaxPoolIndices(ctx: WasmContext, x: FloatView, geometry: WindowGeometry, out: Int32Array, values?: FloatArray): boolean {
  if (!(x.storage instanceof Float32Array) || (values !== undefined && !(values instanceof Float32Array))) return false;
  if (out.length === 0) return true;
  const [batch, channels] = x.shape as [number, number];
  const results = values === undefined ? [out] : [out, values];
  const windows = geometry.outputSize[0] * geometry.outputSize[1];
  runStaged(ctx, 'maxPoolIndices', { operands: [plan(x, false), planGeometry(geometry)], results }, ([X, geom], [O, V]) => {
    const [xN, xC, xH, xW] = X.strides as ImageStrides;
    const at = (block: number, plane: number): number => (block === 0 ? 0 : block + plane * windows * 4); // int32 and float32 alike
    const args = [X.ptr, batch, channels, xN, xC, xH, xW, geom.ptr, O!, V ?? 0];
    // a block of images [lo, hi), or of one image's channels; the window scan is per plane, so the bits are one call's
    planeWise(ctx, 'maxPoolIndices', args, batch * channels * windows, batch, channels, (lo, hi, byBatch) =>
      byBatch
        ? [X.ptr + lo * xN * 4, hi - lo, channels, xN, xC, xH, xW, geom.ptr, at(O!, lo * channels), at(V ?? 0, lo * channels)]
        : [X.ptr + lo * xC * 4, 1, hi - lo, xN, xC, xH, xW, geom.ptr, at(O!, lo), at(V ?? 0, lo)]);
  });
  return true;
}
