/**
 * Pooling as compositions of primitives. Max pooling finds each window's arg-max with one kernel
 * and gathers those values (the gradient scatters back to the arg-max); average pooling sums each window
 * and divides by PyTorch's divisor; adaptive average pooling multiplies by two averaging matrices.
 * Output sizes, ceil mode and the divisors at the borders follow PyTorch.
 * @module
 */
import type { WindowGeometry } from '../../backend/backend.js';
import { formatValue } from '../../errors.js';
import { ShapeError, ValueError, fmtShape } from '../../errors.js';
import { div } from '../../ops/binary.js';
import { matmul } from '../../ops/matmul.js';
import { sum } from '../../ops/reduce.js';
import { gatherTrusted } from '../../ops/indexing.js';
import { im2col, maxPoolIndices, maxPoolWithIndices } from '../../ops/unfold.js';
import { reshape, transpose } from '../../ops/views.js';
import { tensor, zeros } from '../../tensor/creation.js';
import { checkNumel } from '../../checks/limits.js';
import { describe } from '../../checks/args.js';
import { Tensor } from '../../tensor/tensor.js';
import { valuesIndices, type ValuesIndicesTuple as ValuesIndices } from '../../ops/named-tuple.js';
import { asImage, fromImage, geometry, maxPoolInput, requireFloatTensor, spatialSize, tuple, type SizeArg } from './window.js';
import { checkOptions } from '../../checks/options.js';
import { AVG_POOL1D_OPTIONS, AVG_POOL2D_OPTIONS, MAX_POOL_OPTIONS } from '../schemas.js';

/** Options of {@link maxPool1d} and {@link maxPool2d} (PyTorch's keyword arguments). */
export interface MaxPoolOptions {
  /** Step between windows (default: the kernel size). */
  stride?: SizeArg | null;
  /** Implicit −∞ padding on both sides, at most half the kernel size (default 0). */
  padding?: SizeArg;
  /** Spacing between window elements (default 1). */
  dilation?: SizeArg;
  /** Round the output size up: keep a last, partial window if it starts inside the input or the left padding (default false). */
  ceilMode?: boolean;
  /** Also return the arg-max positions, as flat indices into each input plane (default false). */
  returnIndices?: boolean;
}

/** Options of {@link avgPool1d} (PyTorch's keyword arguments). */
export interface AvgPool1dOptions {
  /** Step between windows (default: the kernel size). */
  stride?: SizeArg | null;
  /** Implicit zero padding on both sides, at most half the kernel size (default 0). */
  padding?: SizeArg;
  /** Round the output size up (default false). */
  ceilMode?: boolean;
  /** Count the zero padding in the divisor (default true). */
  countIncludePad?: boolean;
}

/** Options of {@link avgPool2d} (PyTorch's keyword arguments). */
export interface AvgPool2dOptions extends AvgPool1dOptions {
  /** Divide every window sum by this instead (default null: the window's size). */
  divisorOverride?: number | null;
}

/**
 * PyTorch's pooling output size: ⌊(in + 2p − d·(k − 1) − 1 [+ s − 1 in ceil mode]) / s⌋ + 1,
 * minus one in ceil mode when the last window would start in the right padding.
 */
export function poolOutputSize(inSize: number, kernel: number, stride: number, padding: number, dilation: number, ceilMode: boolean): number {
  const span = inSize + 2 * padding - dilation * (kernel - 1) - 1 + (ceilMode ? stride - 1 : 0);
  let out = Math.floor(span / stride) + 1;
  if (ceilMode && (out - 1) * stride >= inSize + padding) out--;
  return out;
}

interface PoolArgs {
  kernel: number[];
  stride: number[];
  padding: number[];
  dilation: number[];
  ceilMode: boolean;
}

/** Checks the window arguments and computes the geometry. */
function poolGeometry(op: string, input: Tensor, spatial: 1 | 2, kernelSize: SizeArg, options: { stride?: SizeArg | null; padding?: SizeArg; dilation?: SizeArg; ceilMode?: boolean }): { geom: WindowGeometry; args: PoolArgs } {
  const kernel = tuple(op, 'kernelSize', kernelSize, spatial, 1);
  const stride = options.stride === undefined || options.stride === null ? kernel : tuple(op, 'stride', options.stride, spatial, 1);
  const padding = tuple(op, 'padding', options.padding ?? 0, spatial, 0);
  const dilation = tuple(op, 'dilation', options.dilation ?? 1, spatial, 1);
  const ceilMode = options.ceilMode ?? false;
  if (padding.some((p, i) => p > Math.floor(kernel[i]! / 2))) {
    throw new ValueError(op, `padding ${fmtShape(padding)} must be at most half the kernel size ${fmtShape(kernel)}`);
  }
  const inSize = spatialSize(input, spatial);
  const outSize = inSize.map((s, i) => poolOutputSize(s, kernel[i]!, stride[i]!, padding[i]!, dilation[i]!, ceilMode));
  if (inSize.some((s) => s < 1) || outSize.some((s) => s < 1)) {
    throw new ShapeError(
      op,
      `input ${fmtShape(input.shape)} is too small: kernelSize ${fmtShape(kernel)}, stride ${fmtShape(stride)}, padding ${fmtShape(padding)}, dilation ${fmtShape(dilation)} give the output size ${fmtShape(outSize)}`,
    );
  }
  return { geom: geometry(inSize, kernel, stride, padding, dilation, outSize), args: { kernel, stride, padding, dilation, ceilMode } };
}

// The arg-max of every window comes from one kernel (padding never wins; PyTorch's tie and NaN
// rules), as flat indices into the input plane; the values are a gather from the flattened planes
// (for float inputs written by the same kernel pass, recorded as that gather), so the gradient is
// gather's adjoint: a scatter-add of g back to the arg-max positions.
function maxPoolNd(op: string, spatial: 1 | 2, input: Tensor, kernelSize: SizeArg, options: MaxPoolOptions): Tensor | ValuesIndices {
  checkOptions(op, options, MAX_POOL_OPTIONS);
  const { probe } = maxPoolInput(op, 'input', input);
  const image = asImage(op, input, spatial);
  const { geom } = poolGeometry(op, input, spatial, kernelSize, options);
  const [n, c, h, w] = image.x.shape as [number, number, number, number];
  const [oh, ow] = geom.outputSize;
  let values: Tensor;
  let indices: Tensor; // [n, c, oh, ow], iy·W + ix
  if (probe === input) ({ values, indices } = maxPoolWithIndices(image.x, geom)); // float: both from one kernel
  else {
    indices = maxPoolIndices(asImage(op, probe, spatial).x, geom);
    // the indices are in [0, h·w) by construction, so the gather skips re-validating them
    values = reshape(gatherTrusted(reshape(image.x, [n, c, h * w]), 2, reshape(indices, [n, c, oh * ow])), [n, c, oh, ow]);
  }
  const out = fromImage(values, image, spatial);
  // a (values, indices) tuple, as PyTorch's: `const [out, idx] = maxPool2d(…)` and `.values` both work
  return options.returnIndices ? valuesIndices(out, fromImage(indices, image, spatial)) : out;
}

/**
 * 1-D max pooling of [N, C, L] or [C, L]; with `returnIndices` also the arg-max positions (indices
 * into L). Float, int32 and bool inputs; the result has the input's dtype (int and bool results have
 * no gradient, as in PyTorch, whose newer CPU kernels pool ints and bools too).
 *
 * ```ts
 * maxPool1d(tensor([[1, -7, 5, 5, -2]], { dtype: 'int32' }), 2).toArray(); // [[1, 5]], int32
 * ```
 */
export function maxPool1d(input: Tensor, kernelSize: SizeArg, options: MaxPoolOptions & { returnIndices: true }): ValuesIndices;
export function maxPool1d(input: Tensor, kernelSize: SizeArg, options?: MaxPoolOptions & { returnIndices?: false }): Tensor;
export function maxPool1d(input: Tensor, kernelSize: SizeArg, options?: MaxPoolOptions): Tensor | ValuesIndices;
export function maxPool1d(input: Tensor, kernelSize: SizeArg, options: MaxPoolOptions = {}): Tensor | ValuesIndices {
  return maxPoolNd('maxPool1d', 1, input, kernelSize, options);
}

/**
 * 2-D max pooling of [N, C, H, W] or [C, H, W]; with `returnIndices` also the arg-max positions
 * as flat indices iy·W + ix into each input plane. The gradient goes to the (first) arg-max only.
 * Float, int32 and bool inputs; the result has the input's dtype (bool: the OR over each window).
 *
 * ```ts
 * maxPool2d(x, 2);                                        // 2×2 windows, stride 2
 * const [values, indices] = maxPool2d(x, 3, { stride: 2, padding: 1, returnIndices: true });
 * ```
 */
export function maxPool2d(input: Tensor, kernelSize: SizeArg, options: MaxPoolOptions & { returnIndices: true }): ValuesIndices;
export function maxPool2d(input: Tensor, kernelSize: SizeArg, options?: MaxPoolOptions & { returnIndices?: false }): Tensor;
export function maxPool2d(input: Tensor, kernelSize: SizeArg, options?: MaxPoolOptions): Tensor | ValuesIndices;
export function maxPool2d(input: Tensor, kernelSize: SizeArg, options: MaxPoolOptions = {}): Tensor | ValuesIndices {
  return maxPoolNd('maxPool2d', 2, input, kernelSize, options);
}

/**
 * PyTorch's divisor of each window along one dim: the window clipped to the padded input
 * (countIncludePad) or to the input itself.
 */
function divisorsAlong(inSize: number, kernel: number, stride: number, padding: number, outSize: number, countIncludePad: boolean): number[] {
  const out: number[] = [];
  for (let o = 0; o < outSize; o++) {
    const start = o * stride - padding;
    const end = Math.min(start + kernel, inSize + padding);
    out.push(countIncludePad ? end - start : Math.min(end, inSize) - Math.max(start, 0));
  }
  return out;
}

function avgPoolNd(op: string, spatial: 1 | 2, input: Tensor, kernelSize: SizeArg, options: AvgPool2dOptions): Tensor {
  checkOptions(op, options, AVG_POOL2D_OPTIONS);
  requireFloatTensor(op, 'input', input);
  const image = asImage(op, input, spatial);
  const { geom } = poolGeometry(op, input, spatial, kernelSize, { ...options, dilation: 1 });
  const override = options.divisorOverride ?? null;
  if (override !== null && (!Number.isInteger(override) || override === 0)) {
    throw new ValueError(op, `divisorOverride must be a non-zero integer, got ${formatValue(override)}`);
  }
  const countIncludePad = options.countIncludePad ?? true;
  const [n, c] = image.x.shape as [number, number];
  const [oh, ow] = geom.outputSize;
  // one divisor per output position, even for an empty batch (a length of 10¹² ran out of memory)
  checkNumel(op, oh * ow, `the ${oh}×${ow} output positions`);
  const rows = divisorsAlong(geom.inputSize[0], geom.kernelSize[0], geom.stride[0], geom.padding[0], oh, countIncludePad);
  const cols = divisorsAlong(geom.inputSize[1], geom.kernelSize[1], geom.stride[1], geom.padding[1], ow, countIncludePad);
  const divisor = tensor(rows.flatMap((r) => cols.map((q) => override ?? r * q)), { dtype: input.dtype });
  const windows = reshape(im2col(image.x, geom, 0), [n, c, geom.kernelSize[0] * geom.kernelSize[1], oh * ow]);
  const out = div(sum(windows, 2), divisor); // [N, C, L] / [L]
  return fromImage(reshape(out, [n, c, oh, ow]), image, spatial);
}

/** 1-D average pooling of [N, C, L] or [C, L]. */
export function avgPool1d(input: Tensor, kernelSize: SizeArg, options: AvgPool1dOptions = {}): Tensor {
  checkOptions('avgPool1d', options, AVG_POOL1D_OPTIONS);
  return avgPoolNd('avgPool1d', 1, input, kernelSize, { ...options, divisorOverride: null });
}

/**
 * 2-D average pooling of [N, C, H, W] or [C, H, W]. Each window's sum is divided by its size,
 * counting the zero padding unless `countIncludePad` is false, or by `divisorOverride`.
 */
export function avgPool2d(input: Tensor, kernelSize: SizeArg, options: AvgPool2dOptions = {}): Tensor {
  return avgPoolNd('avgPool2d', 2, input, kernelSize, options);
}

/**
 * The [out, in] matrix whose row o averages the inputs ⌊o·in/out⌋ … ⌈(o+1)·in/out⌉ − 1
 * (PyTorch's adaptive pooling windows).
 */
function averagingMatrix(inSize: number, outSize: number, dtype: Tensor['dtype']): Tensor {
  const m = zeros([outSize, inSize], { dtype });
  for (let o = 0; o < outSize; o++) {
    const start = Math.floor((o * inSize) / outSize);
    const end = Math.ceil(((o + 1) * inSize) / outSize);
    m.storage.fill(1 / (end - start), o * inSize + start, o * inSize + end);
  }
  return m;
}

/** An adaptive output size: one number for both dims, or one per dim (null keeps the input's size). */
export type AdaptiveSize = number | readonly (number | null)[];

function adaptiveSize(op: string, outputSize: AdaptiveSize, inSize: readonly number[]): number[] {
  const n = inSize.length;
  if (typeof outputSize !== 'number' && !Array.isArray(outputSize)) {
    throw new ValueError(op, `outputSize must be a size or an array of ${n} sizes, got ${describe(outputSize)}`);
  }
  const given = typeof outputSize === 'number' ? new Array<number>(n).fill(outputSize) : [...outputSize];
  if (given.length !== n) throw new ValueError(op, `outputSize must have ${n} values, got ${formatValue(outputSize)}`);
  const sizes = given.map((s, i) => (s === null ? inSize[i]! : s));
  if (sizes.some((s) => !Number.isInteger(s) || s < 1)) {
    throw new ValueError(op, `outputSize must hold positive integers (or null), got ${formatValue(outputSize)}`);
  }
  if (inSize.some((s) => s < 1)) throw new ShapeError(op, `input spatial size ${fmtShape(inSize)} must be positive`);
  sizes.forEach((s, i) => checkNumel(op, s * inSize[i]!, `outputSize ${s} over input size ${inSize[i]} (its averaging matrix)`));
  return sizes;
}

/**
 * 2-D adaptive average pooling of [N, C, H, W] or [C, H, W] to `outputSize`: output (i, j)
 * averages rows ⌊i·H/oH⌋ … ⌈(i+1)·H/oH⌉ − 1 and the matching columns.
 */
export function adaptiveAvgPool2d(input: Tensor, outputSize: AdaptiveSize): Tensor {
  const op = 'adaptiveAvgPool2d';
  requireFloatTensor(op, 'input', input);
  const image = asImage(op, input, 2);
  const [h, w] = spatialSize(input, 2) as [number, number];
  const [oh, ow] = adaptiveSize(op, outputSize, [h, w]) as [number, number];
  // Windows are rectangles, so the average is separable: A_h · X · A_wᵀ.
  const rowsAveraged = matmul(averagingMatrix(h, oh, input.dtype), image.x); // [N, C, oH, W]
  const out = matmul(rowsAveraged, transpose(averagingMatrix(w, ow, input.dtype), 0, 1)); // [N, C, oH, oW]
  return fromImage(out, image, 2);
}

/** 1-D adaptive average pooling of [N, C, L] or [C, L] to `outputSize` positions. */
export function adaptiveAvgPool1d(input: Tensor, outputSize: number | readonly [number | null]): Tensor {
  const op = 'adaptiveAvgPool1d';
  requireFloatTensor(op, 'input', input);
  const image = asImage(op, input, 1);
  const [l] = spatialSize(input, 1) as [number];
  const [ol] = adaptiveSize(op, outputSize, [l]) as [number];
  const out = matmul(image.x, transpose(averagingMatrix(l, ol, input.dtype), 0, 1)); // [N, C, 1, oL]
  return fromImage(out, image, 1);
}
