/**
 * A convolution's products with its im2col columns as single staged calls. Apart, im2col copies
 * its columns (∏kernel times the image, the largest operand of a CNN step) out of the arena and
 * the matmul copies them back in; col2im after the input gradient's product the same. Here the
 * columns stay in the call's work area: the image goes in, im2col writes the columns, the matmul
 * kernel reads them (or writes them, for col2im), and only the product (or the image) comes out.
 * The kernels and their thread splits are wasmIm2col's, wasmCol2im's and wasmMatmul's, so the
 * bits are theirs, which equal ref's. Stride-1 products of enough positions and rows skip the
 * columns altogether (wasm/conv-direct.ts): the forward with the same bits, the input gradient
 * within float32 rounding.
 * @module
 */
import type { FloatArray } from '../../dtype.js';
import type { ColumnsLayout, FloatView, WindowGeometry } from '../backend.js';
import { aligned } from './arena.js';
import { runStaged } from './call.js';
import { col2imInArena, im2colInArena, NO_ROW_BIAS, planeScratchBytes, planGeometry } from './conv.js';
import { directConvolutionApplies, directInputGradientApplies, directWeightGradientApplies, wasmDirectConvolution, wasmDirectInputGradient, wasmDirectWeightGradient } from './conv-direct.js';
import { planMatmul } from './matmul.js';
import { plan, type WasmContext } from './staging.js';

/**
 * out = a·(view `cols` of im2col(x)'s columns) (+ bias per row) in wasm, for float32; `a` [B, M, K],
 * or [B, M, N, L] read as [B, M, N·L] (a weight gradient's G in place); returns false (doing
 * nothing) for other dtypes.
 */
export function wasmIm2colMatmul(ctx: WasmContext, x: FloatView, geometry: WindowGeometry, byRows: boolean, a: FloatView, cols: ColumnsLayout, out: FloatArray, bias?: FloatView): boolean {
  if (!(x.storage instanceof Float32Array && a.storage instanceof Float32Array && out instanceof Float32Array)) return false;
  if (bias !== undefined && !(bias.storage instanceof Float32Array)) return false;
  if (out.length === 0) return true;
  const [batch, m] = a.shape as [number, number];
  const [, k, n] = cols.shape as [number, number, number];
  const { kernelSize: [kh, kw], outputSize: [oh, ow] } = geometry;
  if (!byRows && directConvolutionApplies(geometry, a, cols, batch)) {
    wasmDirectConvolution(ctx, x, geometry, a, out, bias);
    return true;
  }
  if (byRows && bias === undefined && directWeightGradientApplies(geometry, a, cols, x.shape[0]!)) {
    wasmDirectWeightGradient(ctx, x, geometry, a, out);
    return true;
  }
  const columns = x.shape[0]! * x.shape[1]! * kh * kw * oh * ow;
  const columnBytes = aligned(columns * 4);
  const product = planMatmul(ctx, batch, m, n, k, false);
  // a [B, M, N, L] is compacted as it is placed, so that it is the matrix [B, M, N·L]
  const imageRows = a.shape.length === 4;
  const operands = [plan(x, false), planGeometry(geometry), plan(a, imageRows), plan(bias ?? NO_ROW_BIAS, false)] as const;
  // the work area: the columns, then the product's own (where im2col's padded planes, if any, go
  // first: they are done with before the product starts)
  const scratchBytes = planeScratchBytes(geometry, columns); // im2col's output elements, as planeWise counts them
  runStaged(ctx, 'im2colMatmul', { operands, results: [out], workBytes: columnBytes + Math.max(scratchBytes, product.workBytes) }, ([X, geom, A, B], [C], work) => {
    im2colInArena(ctx, X, x.shape, geometry, geom.ptr, 0, work, byRows, work + columnBytes);
    product.run(imageRows ? { ptr: A.ptr, strides: [m * k, k, 1] } : A, { ptr: work + cols.offset * 4, strides: cols.strides }, C, work + columnBytes);
    if (bias !== undefined) ctx.exports.addRowBias(C, batch, m, n, B.ptr, B.strides[0]!, B.strides[1]!);
  });
  return true;
}

/**
 * col2im of a·b (contiguous [N, C·kH·kW, L], or by rows [1, C·kH·kW, N·L] read as those columns;
 * `b` then [1, K, N·L] or [1, K, N, L]) into zeroed `out` in wasm, for float32; returns false
 * (doing nothing) for other dtypes.
 */
export function wasmMatmulCol2im(ctx: WasmContext, a: FloatView, b: FloatView, geometry: WindowGeometry, out: FloatArray, byRows = false): boolean {
  if (!(a.storage instanceof Float32Array && b.storage instanceof Float32Array && out instanceof Float32Array)) return false;
  if (out.length === 0) return true;
  const [batch, m, k] = a.shape as [number, number, number];
  if (!byRows && directInputGradientApplies(geometry, a, batch)) {
    wasmDirectInputGradient(ctx, a, b, geometry, out);
    return true;
  }
  // b [1, K, N, L] is compacted as it is placed, so that it is the matrix [1, K, N·L]
  const imageRows = b.shape.length === 4;
  const n = imageRows ? b.shape[2]! * b.shape[3]! : b.shape[2]!;
  const positions = geometry.outputSize[0] * geometry.outputSize[1];
  // the columns [images, m, L] in the product's block: per image, or by rows
  const [images, columnStrides] = byRows ? [n / positions, [positions, n, 1]] : [batch, [m * n, n, 1]];
  const columnBytes = aligned(batch * m * n * 4);
  const product = planMatmul(ctx, batch, m, n, k, false);
  const operands = [plan(a, false), plan(b, imageRows), planGeometry(geometry)] as const;
  // col2im adds into its result block, so out's zeros go in first
  const scratchBytes = planeScratchBytes(geometry, out.length);
  runStaged(ctx, 'matmulCol2im', { operands, results: [out], resultsIn: true, workBytes: columnBytes + Math.max(scratchBytes, product.workBytes) }, ([A, B, geom], [O], work) => {
    product.run(A, imageRows ? { ptr: B.ptr, strides: [k * n, n, 1] } : B, work, work + columnBytes);
    col2imInArena(ctx, { ptr: work, strides: columnStrides }, [images, m, positions], geometry, geom.ptr, O, work + columnBytes);
  });
  return true;
}
