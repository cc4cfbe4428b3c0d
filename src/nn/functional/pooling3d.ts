/**
 * 3-D max and average pooling (PyTorch's F.max_pool3d, F.avg_pool3d). A box window is the
 * product of its per-dim windows, so both are separable: pool each depth slice over (H, W) with
 * the 2-D form, then pool along depth. The max of maxima is the box's max, and the first
 * (depth, row, column) arg-max is the one the gradient reaches, as in PyTorch; PyTorch's
 * average divisor is a product of per-dim window sizes, so dividing per stage gives it exactly.
 * @module
 */
import { checkOptions } from '../../checks/index.js';
import { formatValue } from '../../errors.js';
import { ShapeError, ValueError, fmtShape } from '../../errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import { gather } from '../../ops/indexing.js';
import { valuesIndices, type ValuesIndicesTuple as ValuesIndices } from '../../ops/named-tuple.js';
import { avgPool2d, maxPool1d, maxPool2d, poolOutputSize, type MaxPoolOptions } from './pooling.js';
import { maxPoolInput, requireFloatTensor, tuple, type SizeArg } from './window.js';

/** Options of {@link maxPool3d} (PyTorch's keyword arguments). */
export interface MaxPool3dOptions {
  /** Also return the arg-max positions, as flat indices d·H·W + h·W + w into each input volume (default false). */
  returnIndices?: boolean;
  /** Step between windows (default: the kernel size). */
  stride?: SizeArg | null;
  /** Implicit −∞ padding on both sides, at most half the kernel size (default 0). */
  padding?: SizeArg;
  /** Spacing between window elements (default 1). */
  dilation?: SizeArg;
  /** Round the output size up (default false). */
  ceilMode?: boolean;
}

/** Options of {@link avgPool3d} (PyTorch's keyword arguments). */
export interface AvgPool3dOptions {
  /** Step between windows (default: the kernel size). */
  stride?: SizeArg | null;
  /** Implicit zero padding on both sides, at most half the kernel size (default 0). */
  padding?: SizeArg;
  /** Round the output size up (default false). */
  ceilMode?: boolean;
  /** Count the zero padding in the divisor (default true). */
  countIncludePad?: boolean;
  /** Divide every window sum by this instead (default null: the window's size). */
  divisorOverride?: number | null;
}

interface Window3d {
  kernel: number[];
  stride: number[];
  padding: number[];
  dilation: number[];
  ceilMode: boolean;
}

/** Checks a 3-D pooling call (naming `op`); returns the input as [N, C, D, H, W] and the window. */
function window3d(op: string, input: Tensor, kernelSize: SizeArg, options: MaxPool3dOptions, anyDtype = false): { x: Tensor; unbatched: boolean; win: Window3d } {
  if (anyDtype) maxPoolInput(op, 'input', input);
  else requireFloatTensor(op, 'input', input);
  if (input.ndim !== 4 && input.ndim !== 5) {
    throw new ShapeError(op, `expected a 4-D (unbatched [C, D, H, W]) or 5-D (batched [N, C, D, H, W]) input, got shape ${fmtShape(input.shape)}`);
  }
  const kernel = tuple(op, 'kernelSize', kernelSize, 3, 1);
  const stride = options.stride === undefined || options.stride === null ? kernel : tuple(op, 'stride', options.stride, 3, 1);
  const padding = tuple(op, 'padding', options.padding ?? 0, 3, 0);
  const dilation = tuple(op, 'dilation', options.dilation ?? 1, 3, 1);
  const ceilMode = options.ceilMode ?? false;
  if (padding.some((p, i) => p > Math.floor(kernel[i]! / 2))) {
    throw new ValueError(op, `padding ${fmtShape(padding)} must be at most half the kernel size ${fmtShape(kernel)}`);
  }
  const inSize = input.shape.slice(-3);
  const outSize = inSize.map((s, i) => poolOutputSize(s, kernel[i]!, stride[i]!, padding[i]!, dilation[i]!, ceilMode));
  if (inSize.some((s) => s < 1) || outSize.some((s) => s < 1)) {
    throw new ShapeError(op, `input ${fmtShape(input.shape)} is too small: kernelSize ${fmtShape(kernel)}, stride ${fmtShape(stride)}, padding ${fmtShape(padding)}, dilation ${fmtShape(dilation)} give the output size ${fmtShape(outSize)}`);
  }
  const unbatched = input.ndim === 4;
  return { x: unbatched ? input.unsqueeze(0) : input, unbatched, win: { kernel, stride, padding, dilation, ceilMode } };
}

/**
 * Runs `plane` (a 2-D pooling over H, W of [N, C·D, H, W]) and then `depth` (a pooling over the
 * last dim of [N, C·oH·oW, 1, D]) on x [N, C, D, H, W].
 */
function separable(x: Tensor, plane: (t: Tensor) => Tensor, depth: (t: Tensor) => Tensor): Tensor {
  const [n, c, d, h, w] = x.shape as [number, number, number, number, number];
  const pooled = plane(x.reshape([n, c * d, h, w])); // [N, C·D, oH, oW]
  const [oh, ow] = pooled.shape.slice(2) as [number, number];
  const columns = pooled.reshape([n, c, d, oh * ow]).transpose(2, 3).reshape([n, c * oh * ow, 1, d]);
  const out = depth(columns); // [N, C·oH·oW, 1, oD]
  const od = out.shape[3]!;
  return out.reshape([n, c, oh * ow, od]).transpose(2, 3).reshape([n, c, od, oh, ow]);
}

/**
 * 3-D max pooling of [N, C, D, H, W] or [C, D, H, W]. The gradient goes to the (first) arg-max.
 * Float, int32 and bool inputs; the result has the input's dtype.
 *
 * ```ts
 * import { randn } from 'chainrule';
 * import { functional as F } from 'chainrule/nn';
 * F.maxPool3d(randn([1, 2, 4, 4, 4]), 2).shape; // [1, 2, 2, 2, 2]
 * ```
 */
export function maxPool3d(input: Tensor, kernelSize: SizeArg, options: MaxPool3dOptions & { returnIndices: true }): ValuesIndices;
export function maxPool3d(input: Tensor, kernelSize: SizeArg, options?: MaxPool3dOptions & { returnIndices?: false }): Tensor;
export function maxPool3d(input: Tensor, kernelSize: SizeArg, options?: MaxPool3dOptions): Tensor | ValuesIndices;
export function maxPool3d(input: Tensor, kernelSize: SizeArg, options: MaxPool3dOptions = {}): Tensor | ValuesIndices {
  checkOptions('maxPool3d', options, { stride: 'any', padding: 'any', dilation: 'any', ceilMode: 'bool', returnIndices: 'bool' });
  const { x, unbatched, win } = window3d('maxPool3d', input, kernelSize, options, true);
  const { kernel, stride, padding, dilation, ceilMode } = win;
  const planeOptions = { stride: stride.slice(1), padding: padding.slice(1), dilation: dilation.slice(1), ceilMode };
  const depthOptions = { stride: stride[0]!, padding: padding[0]!, dilation: dilation[0]!, ceilMode };
  if (options.returnIndices) return maxPool3dWithIndices(x, unbatched, kernel, planeOptions, depthOptions);
  const out = separable(
    x,
    (t) => maxPool2d(t, kernel.slice(1), planeOptions),
    (t) => maxPool1d(t.squeeze(2), kernel[0]!, depthOptions).unsqueeze(2),
  );
  return unbatched ? out.squeeze(0) : out;
}

/**
 * The separable max pooling with its arg-max: the plane stage's index (h·W + w) at the depth the
 * depth stage picked, plus that depth · H·W. The first maximum in (d, h, w) order, as PyTorch's
 * kernel: each stage keeps the first of equal maxima (and the last NaN), the plane stage per depth.
 */
function maxPool3dWithIndices(x: Tensor, unbatched: boolean, kernel: number[], planeOptions: MaxPoolOptions, depthOptions: MaxPoolOptions): ValuesIndices {
  const [n, c, d, h, w] = x.shape as [number, number, number, number, number];
  const [plane, planeIndex] = maxPool2d(x.reshape([n, c * d, h, w]), kernel.slice(1), { ...planeOptions, returnIndices: true }); // [N, C·D, oH, oW]
  const [oh, ow] = plane.shape.slice(2) as [number, number];
  const columns = (t: Tensor) => t.reshape([n, c, d, oh * ow]).transpose(2, 3).reshape([n, c * oh * ow, d]);
  const [values, depthIndex] = maxPool1d(columns(plane), kernel[0]!, { ...depthOptions, returnIndices: true }); // [N, C·oH·oW, oD]
  const flat = depthIndex.mul(h * w).add(gather(columns(planeIndex), 2, depthIndex));
  const od = values.shape[2]!;
  const volume = (t: Tensor) => {
    const out = t.reshape([n, c, oh * ow, od]).transpose(2, 3).reshape([n, c, od, oh, ow]);
    return unbatched ? out.squeeze(0) : out;
  };
  return valuesIndices(volume(values), volume(flat));
}

/**
 * 3-D average pooling of [N, C, D, H, W] or [C, D, H, W]. Each window's sum is divided by its
 * size, counting the zero padding unless `countIncludePad` is false, or by `divisorOverride`.
 *
 * ```ts
 * import { ones } from 'chainrule';
 * import { functional as F } from 'chainrule/nn';
 * F.avgPool3d(ones([1, 1, 2, 2, 2]), 2).reshape(-1).toArray(); // [1]
 * ```
 */
export function avgPool3d(input: Tensor, kernelSize: SizeArg, options: AvgPool3dOptions = {}): Tensor {
  const op = 'avgPool3d';
  checkOptions(op, options, { stride: 'any', padding: 'any', ceilMode: 'bool', countIncludePad: 'bool', divisorOverride: 'any' });
  const { x, unbatched, win } = window3d(op, input, kernelSize, { ...options, dilation: 1 });
  const override = options.divisorOverride ?? null;
  if (override !== null && (!Number.isInteger(override) || override === 0)) {
    throw new ValueError(op, `divisorOverride must be a non-zero integer, got ${formatValue(override)}`);
  }
  const { kernel, stride, padding, ceilMode } = win;
  const countIncludePad = options.countIncludePad ?? true;
  // With an override, the first stage sums (divisor 1) and the second divides by the override.
  const out = separable(
    x,
    (t) => avgPool2d(t, kernel.slice(1), { stride: stride.slice(1), padding: padding.slice(1), ceilMode, countIncludePad, divisorOverride: override === null ? null : 1 }),
    (t) => avgPool2d(t, [1, kernel[0]!], { stride: [1, stride[0]!], padding: [0, padding[0]!], ceilMode, countIncludePad, divisorOverride: override }),
  );
  return unbatched ? out.squeeze(0) : out;
}
