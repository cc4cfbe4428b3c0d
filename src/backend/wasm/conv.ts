/**
 * The wasm im2col, col2im and max-pool arg-max calls (float32). The image (or the columns) goes
 * into the arena with its strides, the geometry as twelve i32, and the kernel writes a contiguous
 * result that is copied out. col2im sums in ref's order, so all three are bit-identical to ref.
 * @module
 */
import type { FloatArray } from '../../dtype.js';
import type { FloatView, WindowGeometry } from '../backend.js';
import { aligned } from './arena.js';
import { place, plan, type WasmContext } from './staging.js';

const GEOMETRY_BYTES = 12 * 4;

/** Writes the geometry's twelve integers (the order assembly/conv.ts reads) into the arena. */
function placeGeometry(ctx: WasmContext, geometry: WindowGeometry): number {
  const { inputSize, kernelSize, stride, padding, dilation, outputSize } = geometry;
  const ptr = ctx.arena.take(GEOMETRY_BYTES);
  ctx.arena.i32.set([...inputSize, ...kernelSize, ...stride, ...padding, ...dilation, ...outputSize], ptr >> 2);
  return ptr;
}

/** The strides of an image [N, C, H, W] placed in the arena. */
type ImageStrides = [xN: number, xC: number, xH: number, xW: number];

/**
 * Runs a kernel over a float32 image [N, C, H, W] in the arena: places the image (with its
 * strides) and the geometry, takes `outLength` 4-byte elements for the result, calls
 * `run(imagePtr, strides, geometryPtr, outPtr)` and returns the result's element offset to copy out
 * through `copyOut` before the arena is released.
 */
function overImage(
  ctx: WasmContext, op: string, x: FloatView, geometry: WindowGeometry, outLength: number,
  run: (ptr: number, strides: ImageStrides, geom: number, out: number) => void, copyOut: (at: number) => void,
): void {
  const px = plan(x, false);
  const { arena } = ctx;
  arena.reserve(op, px.bytes + GEOMETRY_BYTES + aligned(outLength * 4));
  try {
    const X = place(ctx, px);
    const geom = placeGeometry(ctx, geometry);
    const O = arena.take(outLength * 4);
    run(X.ptr, X.strides as ImageStrides, geom, O);
    copyOut(O >> 2);
  } finally {
    arena.release();
  }
}

/** im2col of float32 `x` in wasm; returns false (doing nothing) for other dtypes. */
export function wasmIm2col(ctx: WasmContext, x: FloatView, geometry: WindowGeometry, padValue: number, out: FloatArray): boolean {
  if (!(x.storage instanceof Float32Array && out instanceof Float32Array)) return false;
  if (out.length === 0) return true;
  const [batch, channels] = x.shape as [number, number];
  overImage(ctx, 'im2col', x, geometry, out.length,
    (X, [xN, xC, xH, xW], geom, O) => ctx.exports.im2col(X, batch, channels, xN, xC, xH, xW, geom, padValue, O),
    (at) => out.set(ctx.arena.f32.subarray(at, at + out.length)));
  return true;
}

/** col2im of float32 `cols` in wasm into zeroed `out`; returns false (doing nothing) for other dtypes. */
export function wasmCol2im(ctx: WasmContext, cols: FloatView, geometry: WindowGeometry, out: FloatArray): boolean {
  if (!(cols.storage instanceof Float32Array && out instanceof Float32Array)) return false;
  if (out.length === 0) return true;
  const [kh, kw] = geometry.kernelSize;
  const batch = cols.shape[0]!;
  const channels = cols.shape[1]! / (kh * kw);
  const pc = plan(cols, false);
  const { arena, exports } = ctx;
  arena.reserve('col2im', pc.bytes + GEOMETRY_BYTES + aligned(out.length * 4));
  try {
    const C = place(ctx, pc);
    const geom = placeGeometry(ctx, geometry);
    const O = arena.take(out.length * 4);
    arena.f32.fill(0, O >> 2, (O >> 2) + out.length);
    const [cN, cR, cL] = C.strides as [number, number, number];
    exports.col2im(C.ptr, batch, channels, cN, cR, cL, geom, O);
    out.set(arena.f32.subarray(O >> 2, (O >> 2) + out.length));
  } finally {
    arena.release();
  }
  return true;
}

/** Max pooling's arg-max of float32 `x` in wasm; returns false (doing nothing) for other dtypes. */
export function wasmMaxPoolIndices(ctx: WasmContext, x: FloatView, geometry: WindowGeometry, out: Int32Array): boolean {
  if (!(x.storage instanceof Float32Array)) return false;
  if (out.length === 0) return true;
  const [batch, channels] = x.shape as [number, number];
  overImage(ctx, 'maxPoolIndices', x, geometry, out.length,
    (X, [xN, xC, xH, xW], geom, O) => ctx.exports.maxPoolIndices(X, batch, channels, xN, xC, xH, xW, geom, O),
    (at) => out.set(ctx.arena.i32.subarray(at, at + out.length)));
  return true;
}
