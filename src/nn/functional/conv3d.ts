/**
 * 3-D convolution and transposed convolution (PyTorch's F.conv3d, F.conv_transpose3d), composed
 * from the 2-D forms: the depth taps kd = 0 … kD − 1 each run one conv2d (convTranspose2d) over
 * all depth positions at once, with the 2-D kernel slice weight[:, :, kd], and the results are
 * summed (placed at their depths). Gradients, including the weight's, come from the 2-D forms.
 * @module
 */
import { ShapeError, ValueError, fmtShape } from '../../errors.js';
import { formatValue } from '../../errors.js';
import { pad } from '../../ops/pad.js';
import { embedSlice } from '../../ops/views.js';
import type { Tensor } from '../../tensor/tensor.js';
import { checkOptions } from '../../checks/options.js';
import {
  CONV_FUNCTIONAL_OPTIONS,
  CONV_TRANSPOSE_FUNCTIONAL_OPTIONS,
  checkOutputPadding,
  conv2d,
  convPadding,
  convTranspose2d,
  convTransposeOutputSize,
  type ConvOptions,
  type ConvTransposeOptions,
} from './conv.js';
import { requireFloatTensor, sameDtype, tuple } from './window.js';

/** Checks the operands of a 3-D convolution; returns the input as [N, C, D, H, W] and whether it was unbatched. */
function operands(op: string, input: Tensor, weight: Tensor, bias: Tensor | null | undefined, layout: string): { x: Tensor; unbatched: boolean; groups: number } {
  requireFloatTensor(op, 'input', input);
  requireFloatTensor(op, 'weight', weight);
  sameDtype(op, input, 'weight', weight);
  if (input.ndim !== 4 && input.ndim !== 5) {
    throw new ShapeError(op, `expected a 4-D (unbatched [C, D, H, W]) or 5-D (batched [N, C, D, H, W]) input, got shape ${fmtShape(input.shape)}`);
  }
  if (weight.ndim !== 5) throw new ShapeError(op, `weight must be 5-D [${layout}, kD, kH, kW], got shape ${fmtShape(weight.shape)}`);
  if (bias !== null && bias !== undefined) {
    requireFloatTensor(op, 'bias', bias);
    sameDtype(op, input, 'bias', bias);
  }
  return { x: input.ndim === 4 ? input.unsqueeze(0) : input, unbatched: input.ndim === 4, groups: 1 };
}

function checkGroups(op: string, groups: unknown): number {
  if (typeof groups !== 'number' || !Number.isInteger(groups) || groups < 1) {
    throw new ValueError(op, `groups must be a positive integer, got ${formatValue(groups)}`);
  }
  return groups;
}

function checkBiasShape(op: string, bias: Tensor | null | undefined, channels: number): void {
  if (bias && (bias.ndim !== 1 || bias.shape[0] !== channels)) {
    throw new ShapeError(op, `bias must have shape [${channels}] (one value per output channel), got ${fmtShape(bias.shape)}`);
  }
}

/** [N·D, C, H, W] planes of x [N, C, D, H, W], depth-major per sample. */
function planes(x: Tensor): Tensor {
  const [n, c, d, h, w] = x.shape as [number, number, number, number, number];
  return x.permute([0, 2, 1, 3, 4]).reshape([n * d, c, h, w]);
}

/** [N, C, D, H, W] from planes [N·D, C, H, W], plus the bias per channel. */
function volume(y: Tensor, n: number, d: number, bias: Tensor | null | undefined): Tensor {
  const [, c, h, w] = y.shape as [number, number, number, number];
  const out = y.reshape([n, d, c, h, w]).permute([0, 2, 1, 3, 4]);
  return bias ? out.add(bias.reshape([c, 1, 1, 1])) : out;
}

/**
 * 3-D convolution (cross-correlation, as PyTorch) of `input` [N, Cin, D, H, W] or
 * [Cin, D, H, W] with `weight` [Cout, Cin/groups, kD, kH, kW], plus `bias` [Cout]. Options as
 * conv2d: stride, padding (numbers, 'same' or 'valid'), dilation, groups.
 *
 * ```ts
 * import { randn } from 'chainrule';
 * import { functional as F } from 'chainrule/nn';
 * F.conv3d(randn([1, 2, 5, 6, 6]), randn([4, 2, 3, 3, 3]), null, { padding: 1 }).shape; // [1, 4, 5, 6, 6]
 * ```
 */
export function conv3d(input: Tensor, weight: Tensor, bias: Tensor | null = null, options: ConvOptions = {}): Tensor {
  const op = 'conv3d';
  checkOptions(op, options, CONV_FUNCTIONAL_OPTIONS); // as conv1d/conv2d (null was a raw TypeError)
  const { x, unbatched } = operands(op, input, weight, bias, 'outChannels, inChannels/groups');
  const groups = checkGroups(op, options.groups ?? 1);
  const [outChannels, inPerGroup, kd] = weight.shape as [number, number, number, number, number];
  if (outChannels % groups !== 0) throw new ValueError(op, `groups=${groups} must divide the ${outChannels} output channels of weight ${fmtShape(weight.shape)}`);
  if (x.shape[1] !== inPerGroup * groups) {
    throw new ShapeError(op, `input has ${x.shape[1]} channels but weight expects ${inPerGroup * groups} (input ${fmtShape(input.shape)}, weight ${fmtShape(weight.shape)}${groups > 1 ? `, groups=${groups}` : ''})`);
  }
  checkBiasShape(op, bias, outChannels);
  const kernel = weight.shape.slice(2);
  const stride = tuple(op, 'stride', options.stride ?? 1, 3, 1);
  const dilation = tuple(op, 'dilation', options.dilation ?? 1, 3, 1);
  const padding = convPadding(op, options.padding ?? 0, kernel, dilation, stride);
  const padded = x.shape.slice(2).map((s, i) => s + padding.before[i]! + padding.after[i]!);
  const dilated = kernel.map((k, i) => dilation[i]! * (k - 1) + 1);
  if (dilated.some((k, i) => k > padded[i]!)) {
    throw new ShapeError(op, `kernel size ${fmtShape(kernel)} (dilated ${fmtShape(dilated)}) is larger than the padded input size ${fmtShape(padded)} (input ${fmtShape(input.shape)})`);
  }
  const xp = padding.before.some((p) => p > 0) || padding.after.some((p) => p > 0)
    ? pad(x, [2, 1, 0].flatMap((i) => [padding.before[i]!, padding.after[i]!]))
    : x;
  const n = x.shape[0]!;
  const outDepth = Math.floor((padded[0]! - dilated[0]!) / stride[0]!) + 1;
  const options2d = { stride: stride.slice(1), dilation: dilation.slice(1), groups };
  let sum: Tensor | null = null;
  for (let t = 0; t < kd; t++) {
    // the input depths tap t reads: t·dilation + od·stride for od = 0 … outDepth − 1
    const start = t * dilation[0]!;
    const taps = xp.slice(2, start, start + (outDepth - 1) * stride[0]! + 1, stride[0]!);
    const y = conv2d(planes(taps), weight.select(2, t), null, options2d);
    sum = sum === null ? y : sum.add(y);
  }
  const out = volume(sum!, n, outDepth, bias);
  return unbatched ? out.squeeze(0) : out;
}

/**
 * 3-D transposed convolution of `input` [N, Cin, D, H, W] or [Cin, D, H, W] with `weight`
 * [Cin, Cout/groups, kD, kH, kW], plus `bias` [Cout]: the gradient of conv3d w.r.t. its input.
 * Options as convTranspose2d: stride, padding, outputPadding, groups, dilation.
 *
 * ```ts
 * import { randn } from 'chainrule';
 * import { functional as F } from 'chainrule/nn';
 * F.convTranspose3d(randn([1, 4, 3, 3, 3]), randn([4, 2, 2, 2, 2]), null, { stride: 2 }).shape; // [1, 2, 6, 6, 6]
 * ```
 */
export function convTranspose3d(input: Tensor, weight: Tensor, bias: Tensor | null = null, options: ConvTransposeOptions = {}): Tensor {
  const op = 'convTranspose3d';
  checkOptions(op, options, CONV_TRANSPOSE_FUNCTIONAL_OPTIONS);
  const { x, unbatched } = operands(op, input, weight, bias, 'inChannels, outChannels/groups');
  const groups = checkGroups(op, options.groups ?? 1);
  const [inChannels, outPerGroup, kd] = weight.shape as [number, number, number, number, number];
  if (x.shape[1] !== inChannels) {
    throw new ShapeError(op, `input has ${x.shape[1]} channels but weight expects ${inChannels} (input ${fmtShape(input.shape)}, weight ${fmtShape(weight.shape)})`);
  }
  if (inChannels % groups !== 0) throw new ValueError(op, `groups=${groups} must divide the ${inChannels} input channels of weight ${fmtShape(weight.shape)}`);
  checkBiasShape(op, bias, outPerGroup * groups);
  const kernel = weight.shape.slice(2);
  const stride = tuple(op, 'stride', options.stride ?? 1, 3, 1);
  const padding = tuple(op, 'padding', options.padding ?? 0, 3, 0);
  const dilation = tuple(op, 'dilation', options.dilation ?? 1, 3, 1);
  const outputPadding = tuple(op, 'outputPadding', options.outputPadding ?? 0, 3, 0);
  checkOutputPadding(op, outputPadding, stride, dilation);
  const inSize = x.shape.slice(2);
  const outSize = convTransposeOutputSize(inSize, kernel, stride, padding, dilation, outputPadding);
  if (outSize.some((s) => s < 1)) {
    throw new ShapeError(op, `the output size ${fmtShape(outSize)} is not positive (input ${fmtShape(input.shape)}, weight ${fmtShape(weight.shape)}, stride ${fmtShape(stride)}, padding ${fmtShape(padding)})`);
  }
  const [n, , depth] = x.shape as [number, number, number];
  const options2d = { stride: stride.slice(1), padding: padding.slice(1), dilation: dilation.slice(1), outputPadding: outputPadding.slice(1), groups };
  const xs = planes(x);
  // Tap t sends input depth i to output depth i·stride + t·dilation of the uncropped output.
  const full = outSize[0]! + 2 * padding[0]!;
  let sum: Tensor | null = null;
  for (let t = 0; t < kd; t++) {
    const y = convTranspose2d(xs, weight.select(2, t), null, options2d);
    const [, c, h, w] = y.shape as [number, number, number, number];
    const start = t * dilation[0]!;
    const placed = embedSlice(y.reshape([n, depth, c, h, w]), [n, full, c, h, w], 1, start, start + (depth - 1) * stride[0]! + 1, stride[0]!);
    sum = sum === null ? placed : sum.add(placed);
  }
  const [, , c, h, w] = sum!.shape as [number, number, number, number, number];
  const cropped = sum!.slice(1, padding[0]!, padding[0]! + outSize[0]!).reshape([n * outSize[0]!, c, h, w]);
  const out = volume(cropped, n, outSize[0]!, bias);
  return unbatched ? out.squeeze(0) : out;
}
