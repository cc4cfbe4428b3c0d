/**
 * Conv3d and ConvTranspose3d (PyTorch's nn.Conv3d, nn.ConvTranspose3d): `weight` and `bias`
 * under PyTorch's names and shapes, PyTorch's initialization, and the functional forms.
 * @module
 */
import { asOp } from '../../checks/rename.js';
import type { FloatDType } from '../../dtype.js';
import { formatValue } from '../../errors.js';
import { ValueError } from '../../errors.js';
import type { Generator } from '../../random.js';
import { zeros } from '../../tensor/creation.js';
import type { Tensor } from '../../tensor/tensor.js';
import { checkOutputPadding, convPadding, type ConvPadding } from '../functional/conv.js';
import { conv3d, convTranspose3d } from '../functional/conv3d.js';
import { tuple, type SizeArg } from '../functional/window.js';
import { resetLinearLike_ } from '../init.js';
import { Module } from '../module.js';
import { pyTuple } from '../repr.js';
import { checkOptions } from '../../checks/options.js';

/** Options of {@link Conv3d} and {@link ConvTranspose3d} (PyTorch's keyword arguments; zero padding only). */
/** The keys Conv3d and ConvTranspose3d accept (values are checked where they are read). */
const CONV3D_OPTIONS = { stride: 'any', padding: 'any', outputPadding: 'any', dilation: 'any', groups: 'any', bias: 'bool', paddingMode: 'any', dtype: 'any', generator: 'any' } as const;

export interface Conv3dLayerOptions {
  /** Step between windows (default 1). */
  stride?: SizeArg;
  /** Conv3d: zero padding per dim, 'same' or 'valid'; ConvTranspose3d: the crop per dim (default 0). */
  padding?: ConvPadding;
  /** ConvTranspose3d only: extra size on one side of each dim (default 0). */
  outputPadding?: SizeArg;
  /** Spacing between kernel elements (default 1). */
  dilation?: SizeArg;
  /** Number of blocked connections from input to output channels (default 1). */
  groups?: number;
  /** Learn an additive bias (default true). */
  bias?: boolean;
  /** Only 'zeros' (default). */
  paddingMode?: 'zeros';
  /** dtype of the parameters (default float32). */
  dtype?: FloatDType;
  /** Generator for the initial values (default: the global one). */
  generator?: Generator;
}

const fmt = pyTuple;

/** What Conv3d and ConvTranspose3d share. */
abstract class Conv3dBase extends Module {
  readonly inChannels: number;
  readonly outChannels: number;
  readonly kernelSize: readonly [number, number, number];
  readonly stride: readonly [number, number, number];
  readonly padding: readonly [number, number, number] | 'same' | 'valid';
  readonly outputPadding: readonly [number, number, number];
  readonly dilation: readonly [number, number, number];
  readonly groups: number;
  /** Conv3d: [out, in/groups, kD, kH, kW]; ConvTranspose3d: [in, out/groups, kD, kH, kW]. */
  readonly weight: Tensor;
  /** [outChannels], or null with `bias: false`. */
  readonly bias: Tensor | null;

  protected constructor(layer: string, transposed: boolean, inChannels: number, outChannels: number, kernelSize: SizeArg, options: Conv3dLayerOptions) {
    super();
    checkOptions(layer, options, CONV3D_OPTIONS);
    const groups = options.groups ?? 1;
    if (!Number.isInteger(groups) || groups < 1) throw new ValueError(layer, `groups must be a positive integer, got ${formatValue(groups)}`);
    for (const [name, v] of [['inChannels', inChannels], ['outChannels', outChannels]] as const) {
      if (!Number.isInteger(v) || v < 1) throw new ValueError(layer, `${name} must be a positive integer, got ${formatValue(v)}`);
      if (v % groups !== 0) throw new ValueError(layer, `groups=${groups} must divide ${name}=${v}`);
    }
    if ((options.paddingMode ?? 'zeros') !== 'zeros') throw new ValueError(layer, `only paddingMode 'zeros' is supported, got ${formatValue(options.paddingMode)}`);
    const triple = (name: string, v: SizeArg, min: number) => tuple(layer, name, v, 3, min) as unknown as readonly [number, number, number];
    this.kernelSize = triple('kernelSize', kernelSize, 1);
    this.stride = triple('stride', options.stride ?? 1, 1);
    this.dilation = triple('dilation', options.dilation ?? 1, 1);
    this.outputPadding = triple('outputPadding', options.outputPadding ?? 0, 0);
    const padding = options.padding ?? 0;
    if (transposed) {
      if (typeof padding === 'string') throw new ValueError(layer, `padding must be a number or 3 numbers ('same' and 'valid' are for Conv3d), got '${padding}'`);
      this.padding = triple('padding', padding, 0);
      checkOutputPadding(layer, this.outputPadding, this.stride, this.dilation);
    } else {
      const resolved = convPadding(layer, padding, this.kernelSize, this.dilation, this.stride);
      this.padding = typeof padding === 'string' ? padding : (resolved.before as unknown as readonly [number, number, number]);
      if (this.outputPadding.some((p) => p !== 0)) throw new ValueError(layer, 'outputPadding applies to ConvTranspose3d only');
    }
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.groups = groups;
    const dtype = options.dtype ?? 'float32';
    const shape = transposed ? [inChannels, outChannels / groups, ...this.kernelSize] : [outChannels, inChannels / groups, ...this.kernelSize];
    this.weight = this.registerParameter('weight', asOp(this.typeName, () => zeros(shape, { dtype })));
    this.bias = this.registerParameter('bias', asOp(this.typeName, () => (options.bias ?? true) ? zeros([outChannels], { dtype }) : null));
    this.resetParameters(options.generator);
  }

  /** PyTorch's reset_parameters: weight and bias U(±1/√fanIn), fanIn = weight.shape[1]·kD·kH·kW. */
  resetParameters(generator?: Generator): void {
    resetLinearLike_(this.weight, this.bias, generator);
  }

  override extraRepr(): string {
    const parts = [`${this.inChannels}, ${this.outChannels}, kernelSize=${fmt(this.kernelSize)}, stride=${fmt(this.stride)}`];
    if (typeof this.padding === 'string') parts.push(`padding=${this.padding}`);
    else if (this.padding.some((p) => p !== 0)) parts.push(`padding=${fmt(this.padding)}`);
    if (this.dilation.some((d) => d !== 1)) parts.push(`dilation=${fmt(this.dilation)}`);
    if (this.outputPadding.some((p) => p !== 0)) parts.push(`outputPadding=${fmt(this.outputPadding)}`);
    if (this.groups !== 1) parts.push(`groups=${this.groups}`);
    if (this.bias === null) parts.push('bias=false');
    return parts.join(', ');
  }
}

/**
 * 3-D convolution layer: [N, inChannels, D, H, W] (or unbatched) → [N, outChannels, D', H', W'].
 *
 * ```ts
 * import { randn } from 'chainrule';
 * import { Conv3d } from 'chainrule/nn';
 * new Conv3d(2, 4, 3, { padding: 1 }).forward(randn([1, 2, 5, 6, 6])).shape; // [1, 4, 5, 6, 6]
 * ```
 */
export class Conv3d extends Conv3dBase {
  constructor(inChannels: number, outChannels: number, kernelSize: SizeArg, options: Conv3dLayerOptions = {}) {
    super('Conv3d', false, inChannels, outChannels, kernelSize, options);
  }

  forward(input: Tensor): Tensor {
    return conv3d(input, this.weight, this.bias, { stride: this.stride, padding: this.padding, dilation: this.dilation, groups: this.groups });
  }
}

/**
 * 3-D transposed convolution layer: [N, inChannels, D, H, W] (or unbatched) → [N, outChannels, D', H', W'].
 *
 * ```ts
 * import { randn } from 'chainrule';
 * import { ConvTranspose3d } from 'chainrule/nn';
 * new ConvTranspose3d(4, 2, 2, { stride: 2 }).forward(randn([1, 4, 3, 3, 3])).shape; // [1, 2, 6, 6, 6]
 * ```
 */
export class ConvTranspose3d extends Conv3dBase {
  constructor(inChannels: number, outChannels: number, kernelSize: SizeArg, options: Conv3dLayerOptions = {}) {
    super('ConvTranspose3d', true, inChannels, outChannels, kernelSize, options);
  }

  forward(input: Tensor): Tensor {
    const { stride, dilation, groups, outputPadding } = this;
    return convTranspose3d(input, this.weight, this.bias, { stride, padding: this.padding as readonly number[], dilation, groups, outputPadding });
  }
}
