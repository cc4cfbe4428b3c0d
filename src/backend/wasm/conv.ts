/**
 * The wasm im2col, col2im and max-pool arg-max calls (float32). The image (or the columns) goes
 * into the arena with its strides, the geometry as twelve i32, and the kernel writes a contiguous
 * result that is copied out. col2im sums in ref's order, so all three are bit-identical to ref.
 * @module
 */
import type { FloatArray } from '../../dtype.js';
import type { FloatView, WindowGeometry } from '../backend.js';
import { runStaged } from './call.js';
import { plan, type Placement, type WasmContext } from './staging.js';

/** The geometry's twelve integers, in the order assembly/conv.ts reads them, planned as an int32 operand. */
function planGeometry(geometry: WindowGeometry): Placement {
  const { inputSize, kernelSize, stride, padding, dilation, outputSize } = geometry;
  const storage = Int32Array.from([...inputSize, ...kernelSize, ...stride, ...padding, ...dilation, ...outputSize]);
  return plan({ storage, offset: 0, shape: [12], strides: [1] }, true);
}

/** The strides of an image [N, C, H, W] placed in the arena. */
type ImageStrides = [xN: number, xC: number, xH: number, xW: number];

/** im2col of float32 `x` in wasm; returns false (doing nothing) for other dtypes. */
export function wasmIm2col(ctx: WasmContext, x: FloatView, geometry: WindowGeometry, padValue: number, out: FloatArray): boolean {
  if (!(x.storage instanceof Float32Array && out instanceof Float32Array)) return false;
  if (out.length === 0) return true;
  const [batch, channels] = x.shape as [number, number];
  runStaged(ctx, 'im2col', { operands: [plan(x, false), planGeometry(geometry)], results: [out] }, ([X, geom], [O]) => {
    const [xN, xC, xH, xW] = X.strides as ImageStrides;
    ctx.exports.im2col(X.ptr, batch, channels, xN, xC, xH, xW, geom.ptr, padValue, O);
  });
  return true;
}

/** col2im of float32 `cols` in wasm into zeroed `out`; returns false (doing nothing) for other dtypes. */
export function wasmCol2im(ctx: WasmContext, cols: FloatView, geometry: WindowGeometry, out: FloatArray): boolean {
  if (!(cols.storage instanceof Float32Array && out instanceof Float32Array)) return false;
  if (out.length === 0) return true;
  const [kh, kw] = geometry.kernelSize;
  const batch = cols.shape[0]!;
  const channels = cols.shape[1]! / (kh * kw);
  // the kernel adds into its result block, so out's zeros go in first
  runStaged(ctx, 'col2im', { operands: [plan(cols, false), planGeometry(geometry)], results: [out], resultsIn: true }, ([C, geom], [O]) => {
    const [cN, cR, cL] = C.strides as [number, number, number];
    ctx.exports.col2im(C.ptr, batch, channels, cN, cR, cL, geom.ptr, O);
  });
  return true;
}

/** Max pooling's arg-max of float32 `x` in wasm; returns false (doing nothing) for other dtypes. */
export function wasmMaxPoolIndices(ctx: WasmContext, x: FloatView, geometry: WindowGeometry, out: Int32Array): boolean {
  if (!(x.storage instanceof Float32Array)) return false;
  if (out.length === 0) return true;
  const [batch, channels] = x.shape as [number, number];
  runStaged(ctx, 'maxPoolIndices', { operands: [plan(x, false), planGeometry(geometry)], results: [out] }, ([X, geom], [O]) => {
    const [xN, xC, xH, xW] = X.strides as ImageStrides;
    ctx.exports.maxPoolIndices(X.ptr, batch, channels, xN, xC, xH, xW, geom.ptr, O);
  });
  return true;
}
