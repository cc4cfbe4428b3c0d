/**
 * Convolutions. conv is the `convolution` primitive (src/ops/convolution.ts: im2col, then one
 * (grouped) matrix product with the weight; it saves the input and the weight, as PyTorch does,
 * and recomputes the columns in its VJP; the bias is added in its product's kernel call); the transposed convolution runs the same
 * steps backwards as a composite: matrix product with the transposed weight, then col2im, its
 * gradients from those primitives' VJPs (that matmul saves the input and the weight, too).
 * @module
 */
import type { WindowGeometry } from '../../backend/backend.js';
import { formatValue } from '../../errors.js';
import { ShapeError, ValueError, fmtShape } from '../../errors.js';
import { add } from '../../ops/binary.js';
import { matmul } from '../../ops/matmul.js';
import { convolution } from '../../ops/convolution.js';
import { col2im } from '../../ops/unfold.js';
import { reshape, transpose } from '../../ops/views.js';
import type { Tensor } from '../../tensor/tensor.js';
import { asImage, fromImage, geometry, requireFloatTensor, sameDtype, spatialSize, tuple, type SizeArg } from './window.js';
import { checkOptions, type OptionSchema } from '../../checks/options.js';
import { checkNumel } from '../../checks/limits.js';

/** Padding of a convolution: amounts per dim, `'valid'` (none) or `'same'` (output size = input size, stride 1 only). */
export type ConvPadding = SizeArg | 'same' | 'valid';

/** Options of {@link conv1d} and {@link conv2d} (PyTorch's keyword arguments). */
export interface ConvOptions {
  /** Step between windows (default 1). */
  stride?: SizeArg;
  /** Zero padding on both sides of each dim, `'valid'` or `'same'` (default 0). */
  padding?: ConvPadding;
  /** Spacing between kernel elements (default 1). */
  dilation?: SizeArg;
  /** Number of blocked connections from input to output channels (default 1). */
  groups?: number;
}

/** Options of {@link convTranspose1d} and {@link convTranspose2d} (PyTorch's keyword arguments). */
export interface ConvTransposeOptions {
  /** Step between the input positions in the output (default 1). */
  stride?: SizeArg;
  /** Crops `padding` from both sides of each dim of the full output (default 0). */
  padding?: SizeArg;
  /** Extra size added to one side of the output (default 0); must be smaller than stride or dilation. */
  outputPadding?: SizeArg;
  /** Number of blocked connections from input to output channels (default 1). */
  groups?: number;
  /** Spacing between kernel elements (default 1). */
  dilation?: SizeArg;
}

/** Padding before and after each spatial dim. */
export interface ResolvedPadding {
  before: number[];
  after: number[];
}

/**
 * Resolves a convolution's `padding` argument to amounts before and after each dim. `'same'`
 * splits the total `dilation·(k − 1)` with the smaller half first, as PyTorch does.
 */
export function convPadding(op: string, padding: ConvPadding, kernelSize: readonly number[], dilation: readonly number[], stride: readonly number[]): ResolvedPadding {
  const n = kernelSize.length;
  if (padding === 'valid') return { before: new Array<number>(n).fill(0), after: new Array<number>(n).fill(0) };
  if (padding === 'same') {
    if (stride.some((s) => s !== 1)) {
      throw new ValueError(op, `padding='same' is not supported for strided convolutions (stride ${fmtShape(stride)})`);
    }
    const total = kernelSize.map((k, i) => dilation[i]! * (k - 1));
    const before = total.map((t) => Math.floor(t / 2));
    return { before, after: total.map((t, i) => t - before[i]!) };
  }
  if (typeof padding === 'string') {
    throw new ValueError(op, `padding must be a number, an array of ${n} numbers, 'same' or 'valid', got ${formatValue(padding)}`);
  }
  const p = tuple(op, 'padding', padding, n, 0);
  return { before: p, after: p };
}

// Values are checked by tuple() and convPadding() with more specific messages; the schema rejects unknown keys.
export const CONV_FUNCTIONAL_OPTIONS: OptionSchema = { stride: 'any', padding: 'any', dilation: 'any', groups: 'any' };
export const CONV_TRANSPOSE_FUNCTIONAL_OPTIONS: OptionSchema = { ...CONV_FUNCTIONAL_OPTIONS, outputPadding: 'any' };

function product(sizes: readonly number[]): number {
  return sizes.reduce((a, b) => a * b, 1);
}

/** Output size of a convolution along each dim; throws when the dilated kernel exceeds the padded input. */
function convOutputSize(op: string, input: Tensor, inSize: readonly number[], kernel: readonly number[], stride: readonly number[], pad: ResolvedPadding, dilation: readonly number[]): number[] {
  const padded = inSize.map((s, i) => s + pad.before[i]! + pad.after[i]!);
  const dilated = kernel.map((k, i) => dilation[i]! * (k - 1) + 1);
  if (dilated.some((k, i) => k > padded[i]!)) {
    const dil = dilation.some((d) => d !== 1) ? ` (dilated to ${fmtShape(dilated)})` : '';
    throw new ShapeError(
      op,
      `kernel size ${fmtShape(kernel)}${dil} is larger than the padded input size ${fmtShape(padded)} (input ${fmtShape(input.shape)}, padding ${fmtShape(pad.before)}${pad.after.some((a, i) => a !== pad.before[i]) ? `/${fmtShape(pad.after)}` : ''})`,
    );
  }
  return padded.map((p, i) => Math.floor((p - dilated[i]!) / stride[i]!) + 1);
}

function checkWeight(op: string, spatial: 1 | 2, weight: Tensor, layout: string): void {
  if (weight.ndim !== spatial + 2) {
    throw new ShapeError(op, `weight must be ${spatial + 2}-D [${layout}, ${spatial === 1 ? 'kL' : 'kH, kW'}], got shape ${fmtShape(weight.shape)}`);
  }
}

function checkBias(op: string, input: Tensor, bias: Tensor | null | undefined, channels: number): void {
  if (bias === null || bias === undefined) return;
  requireFloatTensor(op, 'bias', bias);
  sameDtype(op, input, 'bias', bias);
  if (bias.ndim !== 1 || bias.shape[0] !== channels) {
    throw new ShapeError(op, `bias must have shape [${channels}] (one value per output channel), got ${fmtShape(bias.shape)}`);
  }
}

function checkGroups(op: string, groups: unknown): number {
  if (typeof groups !== 'number' || !Number.isInteger(groups) || groups < 1) {
    throw new ValueError(op, `groups must be a positive integer, got ${formatValue(groups)}`);
  }
  return groups;
}

function addBias(out: Tensor, bias: Tensor | null | undefined): Tensor {
  return bias ? add(out, reshape(bias, [bias.shape[0]!, 1, 1])) : out;
}

/** conv on an image [N, C, H, W]: the convolution primitive, with the bias. */
function convImage(x: Tensor, weight: Tensor, bias: Tensor | null | undefined, geom: WindowGeometry, groups: number): Tensor {
  return convolution(x, weight, geom, groups, bias ?? null);
}

/** Checks input and weight (float, one dtype, weight rank and layout) and groups; returns the input as an image. */
function convOperands(op: string, spatial: 1 | 2, input: Tensor, weight: Tensor, weightLayout: string, groupsOption: number | undefined) {
  requireFloatTensor(op, 'input', input);
  requireFloatTensor(op, 'weight', weight);
  sameDtype(op, input, 'weight', weight);
  checkWeight(op, spatial, weight, weightLayout);
  return { image: asImage(op, input, spatial), groups: checkGroups(op, groupsOption ?? 1) };
}

function convNd(op: string, spatial: 1 | 2, input: Tensor, weight: Tensor, bias: Tensor | null | undefined, options: ConvOptions): Tensor {
  checkOptions(op, options, CONV_FUNCTIONAL_OPTIONS);
  const { image, groups } = convOperands(op, spatial, input, weight, 'outChannels, inChannels/groups', options.groups);
  const [outChannels, inPerGroup] = weight.shape as [number, number];
  if (outChannels % groups !== 0) {
    throw new ValueError(op, `groups=${groups} must divide the ${outChannels} output channels of weight ${fmtShape(weight.shape)}`);
  }
  const inChannels = image.x.shape[1]!;
  if (inChannels !== inPerGroup * groups) {
    const g = groups > 1 ? `, groups=${groups}` : '';
    throw new ShapeError(op, `input has ${inChannels} channels but weight expects ${inPerGroup * groups} (input ${fmtShape(input.shape)}, weight ${fmtShape(weight.shape)}${g})`);
  }
  checkBias(op, input, bias, outChannels);
  const kernel = weight.shape.slice(2);
  const stride = tuple(op, 'stride', options.stride ?? 1, spatial, 1);
  const dilation = tuple(op, 'dilation', options.dilation ?? 1, spatial, 1);
  const pad = convPadding(op, options.padding ?? 0, kernel, dilation, stride);
  const inSize = spatialSize(input, spatial);
  const outSize = convOutputSize(op, input, inSize, kernel, stride, pad, dilation);
  // The largest buffers: the im2col columns [N, Cin·∏kernel, L] (and their gradient), and the output [N, Cout, L].
  checkNumel(op, image.x.shape[0]! * inPerGroup * groups * product(kernel) * product(outSize), `the unfolded input (output size ${fmtShape(outSize)}, kernel ${fmtShape(kernel)})`);
  checkNumel(op, image.x.shape[0]! * outChannels * product(outSize), `the output (output size ${fmtShape(outSize)}, ${outChannels} channels)`);
  const geom = geometry(inSize, kernel, stride, pad.before, dilation, outSize);
  return fromImage(convImage(image.x, weight, bias, geom, groups), image, spatial);
}

/**
 * 1-D convolution (cross-correlation, as PyTorch) of `input` [N, Cin, L] or [Cin, L] with
 * `weight` [Cout, Cin/groups, kL], plus `bias` [Cout].
 */
export function conv1d(input: Tensor, weight: Tensor, bias: Tensor | null = null, options: ConvOptions = {}): Tensor {
  return convNd('conv1d', 1, input, weight, bias, options);
}

/**
 * 2-D convolution (cross-correlation, as PyTorch) of `input` [N, Cin, H, W] or [Cin, H, W] with
 * `weight` [Cout, Cin/groups, kH, kW], plus `bias` [Cout].
 *
 * ```ts
 * conv2d(x, w, b, { stride: 2, padding: 1 });
 * conv2d(x, w, null, { padding: 'same', dilation: 2, groups: 4 });
 * ```
 */
export function conv2d(input: Tensor, weight: Tensor, bias: Tensor | null = null, options: ConvOptions = {}): Tensor {
  return convNd('conv2d', 2, input, weight, bias, options);
}

/** Output size of a transposed convolution: (in − 1)·stride − 2·padding + dilation·(k − 1) + outputPadding + 1. */
export function convTransposeOutputSize(inSize: readonly number[], kernel: readonly number[], stride: readonly number[], padding: readonly number[], dilation: readonly number[], outputPadding: readonly number[]): number[] {
  return inSize.map((s, i) => (s - 1) * stride[i]! - 2 * padding[i]! + dilation[i]! * (kernel[i]! - 1) + outputPadding[i]! + 1);
}

/** Rejects an outputPadding that is neither smaller than the stride nor smaller than the dilation. */
export function checkOutputPadding(op: string, outputPadding: readonly number[], stride: readonly number[], dilation: readonly number[]): void {
  if (outputPadding.some((p, i) => p >= stride[i]! && p >= dilation[i]!)) {
    throw new ValueError(op, `outputPadding ${fmtShape(outputPadding)} must be smaller than either stride ${fmtShape(stride)} or dilation ${fmtShape(dilation)}`);
  }
}

function convTransposeNd(op: string, spatial: 1 | 2, input: Tensor, weight: Tensor, bias: Tensor | null | undefined, options: ConvTransposeOptions): Tensor {
  checkOptions(op, options, CONV_TRANSPOSE_FUNCTIONAL_OPTIONS);
  const { image, groups } = convOperands(op, spatial, input, weight, 'inChannels, outChannels/groups', options.groups);
  const [inChannels, outPerGroup] = weight.shape as [number, number];
  if (image.x.shape[1] !== inChannels) {
    throw new ShapeError(op, `input has ${image.x.shape[1]} channels but weight expects ${inChannels} (input ${fmtShape(input.shape)}, weight ${fmtShape(weight.shape)})`);
  }
  if (inChannels % groups !== 0) {
    throw new ValueError(op, `groups=${groups} must divide the ${inChannels} input channels of weight ${fmtShape(weight.shape)}`);
  }
  const outChannels = outPerGroup * groups;
  checkBias(op, input, bias, outChannels);
  const kernel = weight.shape.slice(2);
  const stride = tuple(op, 'stride', options.stride ?? 1, spatial, 1);
  const padding = tuple(op, 'padding', options.padding ?? 0, spatial, 0);
  const dilation = tuple(op, 'dilation', options.dilation ?? 1, spatial, 1);
  const outputPadding = tuple(op, 'outputPadding', options.outputPadding ?? 0, spatial, 0);
  checkOutputPadding(op, outputPadding, stride, dilation);
  const inSize = spatialSize(input, spatial);
  const outSize = convTransposeOutputSize(inSize, kernel, stride, padding, dilation, outputPadding);
  if (outSize.some((s) => s < 1)) {
    throw new ShapeError(op, `the output size ${fmtShape(outSize)} is not positive (input ${fmtShape(input.shape)}, weight ${fmtShape(weight.shape)}, stride ${fmtShape(stride)}, padding ${fmtShape(padding)})`);
  }
  checkNumel(op, image.x.shape[0]! * outPerGroup * groups * product(kernel) * Math.max(product(outSize), product(inSize)), `the output (output size ${fmtShape(outSize)}, kernel ${fmtShape(kernel)})`);
  // The transposed conv is the adjoint of a conv from the output back to the input: the
  // output image is col2im's image and the input positions are its windows.
  const geom = geometry(outSize, kernel, stride, padding, dilation, inSize);
  const x = image.x;
  const n = x.shape[0]!;
  const positions = x.shape[2]! * x.shape[3]!;
  const k = kernel.reduce((p, q) => p * q, 1);
  // [groups, out/groups·k, in/groups] @ [N, groups, in/groups, L] → [N, groups, out/groups·k, L]
  const w = transpose(reshape(weight, [groups, inChannels / groups, outPerGroup * k]), 1, 2);
  const cols = matmul(w, reshape(x, [n, groups, inChannels / groups, positions]));
  const out = addBias(col2im(reshape(cols, [n, outChannels * k, positions]), geom), bias);
  return fromImage(out, image, spatial);
}

/**
 * 1-D transposed convolution ("deconvolution") of `input` [N, Cin, L] or [Cin, L] with
 * `weight` [Cin, Cout/groups, kL], plus `bias` [Cout]: the gradient of conv1d w.r.t. its input.
 */
export function convTranspose1d(input: Tensor, weight: Tensor, bias: Tensor | null = null, options: ConvTransposeOptions = {}): Tensor {
  return convTransposeNd('convTranspose1d', 1, input, weight, bias, options);
}

/**
 * 2-D transposed convolution of `input` [N, Cin, H, W] or [Cin, H, W] with `weight`
 * [Cin, Cout/groups, kH, kW], plus `bias` [Cout]: the gradient of conv2d w.r.t. its input.
 */
export function convTranspose2d(input: Tensor, weight: Tensor, bias: Tensor | null = null, options: ConvTransposeOptions = {}): Tensor {
  return convTransposeNd('convTranspose2d', 2, input, weight, bias, options);
}
