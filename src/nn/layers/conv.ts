/**
 * Convolution layers: Conv1d, Conv2d, ConvTranspose1d, ConvTranspose2d. Each holds `weight` and
 * `bias` under PyTorch's names and shapes, exposes PyTorch's constructor arguments as readonly
 * fields, and calls the functional form.
 * @module
 */
import { asOp } from '../../checks/rename.js';
import { checkIntList } from '../../checks/args.js';
import type { FloatDType } from '../../dtype.js';
import { formatValue } from '../../errors.js';
import { ShapeError, ValueError, fmtShape } from '../../errors.js';
import { pad } from '../../ops/pad.js';
import type { Generator } from '../../random.js';
import { zeros } from '../../tensor/creation.js';
import type { Tensor } from '../../tensor/tensor.js';
import {
  checkOutputPadding,
  conv1d,
  conv2d,
  convPadding,
  convTranspose1d,
  convTranspose2d,
  convTransposeOutputSize,
  type ConvOptions,
  type ConvPadding,
  type ConvTransposeOptions,
} from '../functional/conv.js';
import { tuple, type SizeArg } from '../functional/window.js';
import { resetLinearLike_ } from '../init.js';
import { Module } from '../module.js';
import { pyTuple } from '../repr.js';
import { checkOptions } from '../../checks/options.js';
import { CONV_OPTIONS, CONV_TRANSPOSE_OPTIONS, checkLayerSizes } from '../schemas.js';
import { checkTensor } from '../../checks/args.js';

/** How a convolution layer fills its padding: zeros, or values taken from the input. */
export type PaddingMode = 'zeros' | 'reflect' | 'replicate' | 'circular';

const PADDING_MODES: readonly PaddingMode[] = ['zeros', 'reflect', 'replicate', 'circular'];

/** Options shared by the convolution layers (PyTorch's keyword arguments). */
interface ConvLayerCommon {
  /** Step between windows (default 1). */
  stride?: SizeArg;
  /** Spacing between kernel elements (default 1). */
  dilation?: SizeArg;
  /** Number of blocked connections from input to output channels (default 1; inChannels for depthwise). */
  groups?: number;
  /** Learn an additive bias (default true). */
  bias?: boolean;
  /** dtype of the parameters (default float32). */
  dtype?: FloatDType;
  /** Generator for the initial values (default: the global one). */
  generator?: Generator;
}

/** Options of {@link Conv1d} and {@link Conv2d}. */
export interface ConvLayerOptions extends ConvLayerCommon {
  /** Padding on both sides of each dim, `'valid'` (none) or `'same'` (output size = input size; stride 1 only). Default 0. */
  padding?: ConvPadding;
  /** What the padding holds (default 'zeros'). */
  paddingMode?: PaddingMode;
}

/** Options of {@link ConvTranspose1d} and {@link ConvTranspose2d}. */
export interface ConvTransposeLayerOptions extends ConvLayerCommon {
  /** Crops this much from both sides of each dim of the full output (default 0). */
  padding?: SizeArg;
  /** Extra size added to one side of the output (default 0); must be smaller than stride or dilation. */
  outputPadding?: SizeArg;
  /** Only 'zeros' is supported, as in PyTorch. */
  paddingMode?: 'zeros';
}

function checkChannels(layer: string, name: string, value: number, groups: number): void {
  if (!Number.isInteger(value) || value < 1) throw new ValueError(layer, `${name} must be a positive integer, got ${formatValue(value)}`);
  if (value % groups !== 0) throw new ValueError(layer, `groups=${groups} must divide ${name}=${value}`);
}

function checkGroups(layer: string, groups: number): void {
  if (!Number.isInteger(groups) || groups < 1) throw new ValueError(layer, `groups must be a positive integer, got ${formatValue(groups)}`);
}

const fmtTuple = pyTuple;

/** What Conv and ConvTranspose share: the attributes, the parameters and their initialization. */
abstract class ConvBase<T extends readonly number[]> extends Module {
  readonly inChannels: number;
  readonly outChannels: number;
  /** Kernel size per spatial dim. */
  readonly kernelSize: T;
  readonly stride: T;
  readonly dilation: T;
  readonly groups: number;
  /** Padding per spatial dim; Conv layers keep the strings 'same' / 'valid' as given. */
  readonly padding: T | 'same' | 'valid';
  /** Zero for Conv layers. */
  readonly outputPadding: T;
  /** True for the ConvTranspose layers. */
  readonly transposed: boolean;
  readonly paddingMode: PaddingMode;
  /** Conv: [outChannels, inChannels/groups, ...kernelSize]; ConvTranspose: [inChannels, outChannels/groups, ...kernelSize]. */
  readonly weight: Tensor;
  /** [outChannels], or null with `bias: false`. */
  readonly bias: Tensor | null;
  /** F.pad amounts for the non-zero padding modes. */
  protected readonly padAmounts: number[];

  protected constructor(
    layer: string,
    spatial: 1 | 2 | 3,
    transposed: boolean,
    inChannels: number,
    outChannels: number,
    kernelSize: SizeArg,
    options: ConvLayerCommon & { padding?: ConvPadding; outputPadding?: SizeArg; paddingMode?: PaddingMode },
  ) {
    super();
    // Every argument is checked before the parameters are drawn (no generator state is used up on bad input).
    checkOptions(layer, options, transposed ? CONV_TRANSPOSE_OPTIONS : CONV_OPTIONS);
    // the kernel size is checked before its product is taken (a BigInt in it was a raw TypeError there)
    const kernel = Array.isArray(kernelSize) ? tuple(layer, 'kernelSize', kernelSize, spatial, 1) : kernelSize;
    checkLayerSizes(layer, { inChannels, outChannels, kernelSize: Array.isArray(kernel) ? kernel.reduce((a: number, b: number) => a * b, 1) : kernel });
    const groups = options.groups ?? 1;
    checkGroups(layer, groups);
    checkChannels(layer, 'inChannels', inChannels, groups);
    checkChannels(layer, 'outChannels', outChannels, groups);
    this.kernelSize = tuple(layer, 'kernelSize', kernelSize, spatial, 1) as unknown as T;
    this.stride = tuple(layer, 'stride', options.stride ?? 1, spatial, 1) as unknown as T;
    this.dilation = tuple(layer, 'dilation', options.dilation ?? 1, spatial, 1) as unknown as T;
    this.outputPadding = tuple(layer, 'outputPadding', options.outputPadding ?? 0, spatial, 0) as unknown as T;
    const paddingMode = options.paddingMode ?? 'zeros';
    if (!PADDING_MODES.includes(paddingMode)) {
      throw new ValueError(layer, `paddingMode must be one of ${PADDING_MODES.map((m) => `'${m}'`).join(', ')}, got ${formatValue(paddingMode)}`);
    }
    if (transposed && paddingMode !== 'zeros') throw new ValueError(layer, `only paddingMode 'zeros' is supported, got '${paddingMode}'`);
    const padding = options.padding ?? 0;
    if (transposed && typeof padding === 'string') {
      throw new ValueError(layer, `padding must be a number or an array of ${spatial} numbers ('same' and 'valid' are for Conv layers), got '${padding}'`);
    }
    const resolved = convPadding(layer, padding, this.kernelSize, this.dilation, this.stride);
    this.padding = padding === 'same' || padding === 'valid' ? padding : (resolved.before as unknown as T);
    // F.pad's order: (before, after) of the last dim first.
    this.padAmounts = resolved.before.flatMap((_, i, all) => {
      const d = all.length - 1 - i;
      return [resolved.before[d]!, resolved.after[d]!];
    });
    if (transposed) checkOutputPadding(layer, this.outputPadding, this.stride, this.dilation);
    else if (this.outputPadding.some((p) => p !== 0)) throw new ValueError(layer, `outputPadding applies to transposed convolutions only`);
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.groups = groups;
    this.transposed = transposed;
    this.paddingMode = paddingMode;
    const dtype = options.dtype ?? 'float32';
    const shape = transposed ? [inChannels, outChannels / groups, ...this.kernelSize] : [outChannels, inChannels / groups, ...this.kernelSize];
    this.weight = this.registerParameter('weight', asOp(this.typeName, () => zeros(shape, { dtype })));
    this.bias = this.registerParameter('bias', asOp(this.typeName, () => (options.bias ?? true) ? zeros([outChannels], { dtype }) : null));
    this.resetParameters(options.generator);
  }

  /**
   * Draws fresh initial values as PyTorch's reset_parameters: weight kaiming-uniform with
   * a = √5, i.e. U(±1/√fanIn), and bias U(±1/√fanIn), fanIn = weight.shape[1]·∏kernelSize.
   */
  resetParameters(generator?: Generator): void {
    resetLinearLike_(this.weight, this.bias, generator);
  }

  override extraRepr(): string {
    const parts = [`${this.inChannels}, ${this.outChannels}, kernelSize=${fmtTuple(this.kernelSize)}, stride=${fmtTuple(this.stride)}`];
    if (typeof this.padding === 'string') parts.push(`padding=${this.padding}`);
    else if (this.padding.some((p) => p !== 0)) parts.push(`padding=${fmtTuple(this.padding)}`);
    if (this.dilation.some((d) => d !== 1)) parts.push(`dilation=${fmtTuple(this.dilation)}`);
    if (this.outputPadding.some((p) => p !== 0)) parts.push(`outputPadding=${fmtTuple(this.outputPadding)}`);
    if (this.groups !== 1) parts.push(`groups=${this.groups}`);
    if (this.bias === null) parts.push('bias=false');
    if (this.paddingMode !== 'zeros') parts.push(`paddingMode=${this.paddingMode}`);
    return parts.join(', ');
  }
}

/** Conv1d and Conv2d: padding (numbers, 'same' or 'valid') and padding modes. */
/** Conv1d, Conv2d and Conv3d (layers/conv3d.ts): the forward pass, padding modes included. */
export abstract class ConvNd<T extends readonly number[]> extends ConvBase<T> {
  protected constructor(layer: string, spatial: 1 | 2 | 3, inChannels: number, outChannels: number, kernelSize: SizeArg, options: ConvLayerOptions) {
    super(layer, spatial, false, inChannels, outChannels, kernelSize, options);
  }

  /** The functional call with this layer's parameters; non-zero padding modes pad first. */
  protected convolve(input: Tensor, fn: (x: Tensor, w: Tensor, b: Tensor | null, o: ConvOptions) => Tensor): Tensor {
    const options = { stride: this.stride, dilation: this.dilation, groups: this.groups };
    if (this.paddingMode === 'zeros') return fn(input, this.weight, this.bias, { ...options, padding: this.padding });
    const spatial = this.kernelSize.length;
    if (input.ndim !== spatial + 1 && input.ndim !== spatial + 2) {
      throw new ShapeError(this.typeName, `expected a ${spatial + 1}-D (unbatched) or ${spatial + 2}-D (batched) input, got shape ${fmtShape(input.shape)}`);
    }
    return fn(pad(input, this.padAmounts, this.paddingMode), this.weight, this.bias, { ...options, padding: 0 });
  }
}

/**
 * 1-D convolution layer: input [N, inChannels, L] (or [inChannels, L]) → [N, outChannels, L'].
 * weight [outChannels, inChannels/groups, kL], bias [outChannels].
 *
 * ```ts
 * const conv = new Conv1d(16, 33, 3, { stride: 2, padding: 1 });
 * ```
 */
export class Conv1d extends ConvNd<readonly [number]> {
  constructor(inChannels: number, outChannels: number, kernelSize: SizeArg, options: ConvLayerOptions = {}) {
    super('Conv1d', 1, inChannels, outChannels, kernelSize, options);
  }

  forward(input: Tensor): Tensor {
    checkTensor(this.typeName, 'input', input);
    return this.convolve(input, conv1d);
  }
}

/**
 * 2-D convolution layer: input [N, inChannels, H, W] (or [inChannels, H, W]) → [N, outChannels, H', W'].
 * weight [outChannels, inChannels/groups, kH, kW], bias [outChannels]. Depthwise: groups = inChannels.
 *
 * ```ts
 * const conv = new Conv2d(3, 8, [3, 5], { padding: 'same', dilation: 2, paddingMode: 'reflect' });
 * ```
 */
export class Conv2d extends ConvNd<readonly [number, number]> {
  constructor(inChannels: number, outChannels: number, kernelSize: SizeArg, options: ConvLayerOptions = {}) {
    super('Conv2d', 2, inChannels, outChannels, kernelSize, options);
  }

  forward(input: Tensor): Tensor {
    checkTensor(this.typeName, 'input', input);
    return this.convolve(input, conv2d);
  }
}

/** ConvTranspose1d and ConvTranspose2d: outputPadding, or an explicit output size at call time. */
/** ConvTranspose1d, 2d and 3d (layers/conv3d.ts): outputSize and the functional options. */
export abstract class ConvTransposeNd<T extends readonly number[]> extends ConvBase<T> {
  declare readonly padding: T;

  protected constructor(layer: string, spatial: 1 | 2 | 3, inChannels: number, outChannels: number, kernelSize: SizeArg, options: ConvTransposeLayerOptions) {
    super(layer, spatial, true, inChannels, outChannels, kernelSize, options);
  }

  /**
   * The outputPadding that makes the output `outputSize` (spatial sizes, optionally preceded by
   * the batch and channel sizes), as PyTorch's _output_padding.
   */
  protected outputPaddingFor(input: Tensor, outputSize: readonly number[] | undefined): number[] {
    if (outputSize === undefined) return [...this.outputPadding];
    checkIntList(this.typeName, 'outputSize', outputSize, 0);
    const spatial = this.kernelSize.length;
    const inSize = input.shape.slice(input.ndim - spatial);
    const lead = input.ndim === spatial + 2 ? 2 : 1;
    const size = outputSize.length === spatial + lead ? outputSize.slice(lead) : [...outputSize];
    if (size.length !== spatial) {
      throw new ValueError(this.typeName, `outputSize must have ${spatial} or ${spatial + lead} values for input ${fmtShape(input.shape)}, got ${fmtShape(outputSize)}`);
    }
    const zero = new Array<number>(spatial).fill(0);
    const min = convTransposeOutputSize(inSize, this.kernelSize, this.stride, this.padding, this.dilation, zero);
    const max = min.map((m, i) => m + this.stride[i]! - 1);
    if (size.some((s, i) => !Number.isInteger(s) || s < min[i]! || s > max[i]!)) {
      throw new ValueError(this.typeName, `requested outputSize ${fmtShape(size)}, but valid sizes range from ${fmtShape(min)} to ${fmtShape(max)} for input ${fmtShape(input.shape)}`);
    }
    return size.map((s, i) => s - min[i]!);
  }

  protected options(outputPadding: number[]): ConvTransposeOptions {
    return { stride: this.stride, padding: this.padding, outputPadding, groups: this.groups, dilation: this.dilation };
  }
}

/**
 * 1-D transposed convolution layer: input [N, inChannels, L] (or [inChannels, L]) →
 * [N, outChannels, (L − 1)·stride − 2·padding + dilation·(k − 1) + outputPadding + 1].
 * weight [inChannels, outChannels/groups, kL], bias [outChannels].
 */
export class ConvTranspose1d extends ConvTransposeNd<readonly [number]> {
  constructor(inChannels: number, outChannels: number, kernelSize: SizeArg, options: ConvTransposeLayerOptions = {}) {
    super('ConvTranspose1d', 1, inChannels, outChannels, kernelSize, options);
  }

  /** `outputSize` (optional) picks the output length among those the stride makes possible. */
  forward(input: Tensor, outputSize?: readonly number[]): Tensor {
    checkTensor(this.typeName, 'input', input);
    return convTranspose1d(input, this.weight, this.bias, this.options(this.outputPaddingFor(input, outputSize)));
  }
}

/**
 * 2-D transposed convolution layer: input [N, inChannels, H, W] (or [inChannels, H, W]) →
 * [N, outChannels, H', W'] with H' = (H − 1)·stride − 2·padding + dilation·(kH − 1) + outputPadding + 1.
 * weight [inChannels, outChannels/groups, kH, kW], bias [outChannels].
 */
export class ConvTranspose2d extends ConvTransposeNd<readonly [number, number]> {
  constructor(inChannels: number, outChannels: number, kernelSize: SizeArg, options: ConvTransposeLayerOptions = {}) {
    super('ConvTranspose2d', 2, inChannels, outChannels, kernelSize, options);
  }

  /** `outputSize` (optional) picks the output size among those the stride makes possible. */
  forward(input: Tensor, outputSize?: readonly number[]): Tensor {
    checkTensor(this.typeName, 'input', input);
    return convTranspose2d(input, this.weight, this.bias, this.options(this.outputPaddingFor(input, outputSize)));
  }
}
