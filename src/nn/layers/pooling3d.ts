/**
 * MaxPool3d and AvgPool3d (PyTorch's nn.MaxPool3d, nn.AvgPool3d): the window arguments as
 * readonly tuples, forward calls the functional form.
 * @module
 */
import { ValueError } from '../../errors.js';
import { formatValue } from '../../errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { ValuesIndicesTuple as ValuesIndices } from '../../ops/named-tuple.js';
import { avgPool3d, maxPool3d, type AvgPool3dOptions, type MaxPool3dOptions } from '../functional/pooling3d.js';
import { tuple, type SizeArg } from '../functional/window.js';
import { Module } from '../module.js';
import { pySize, pyTuple } from '../repr.js';
import { checkOptions } from '../../checks/options.js';

type Triple = readonly [number, number, number];
const fmt = pyTuple;

/** The window arguments of a 3-D pooling layer, checked and stored as tuples. */
abstract class Pool3d extends Module {
  readonly kernelSize: Triple;
  /** Defaults to kernelSize. */
  readonly stride: Triple;
  readonly padding: Triple;
  readonly ceilMode: boolean;
  /** The window arguments as passed (PyTorch prints `2` or `(1, 2, 2)` as given). */
  private readonly shown: string;

  protected constructor(layer: string, kernelSize: SizeArg, options: { stride?: SizeArg | null; padding?: SizeArg; ceilMode?: boolean }) {
    super();
    checkOptions(layer, options, layer === 'MaxPool3d' ? { stride: 'any', padding: 'any', dilation: 'any', ceilMode: 'bool', returnIndices: 'bool' } : { stride: 'any', padding: 'any', ceilMode: 'bool', countIncludePad: 'bool', divisorOverride: 'any' });
    this.kernelSize = tuple(layer, 'kernelSize', kernelSize, 3, 1) as unknown as Triple;
    this.stride = (options.stride === undefined || options.stride === null ? this.kernelSize : tuple(layer, 'stride', options.stride, 3, 1)) as unknown as Triple;
    this.padding = tuple(layer, 'padding', options.padding ?? 0, 3, 0) as unknown as Triple;
    if (this.padding.some((p, i) => p > Math.floor(this.kernelSize[i]! / 2))) {
      throw new ValueError(layer, `padding ${fmt(this.padding)} must be at most half the kernel size ${fmt(this.kernelSize)}`);
    }
    this.ceilMode = options.ceilMode ?? false;
    this.shown = `kernelSize=${pySize(kernelSize)}, stride=${pySize(options.stride ?? kernelSize)}, padding=${pySize(options.padding ?? 0)}`;
  }

  override extraRepr(): string {
    return this.shown;
  }
}

/**
 * 3-D max pooling of [N, C, D, H, W] or [C, D, H, W]; see {@link maxPool3d}.
 *
 * ```ts
 * import { randn } from 'chainrule';
 * import { MaxPool3d } from 'chainrule/nn';
 * new MaxPool3d(2).forward(randn([1, 2, 4, 4, 4])).shape; // [1, 2, 2, 2, 2]
 * ```
 */
export class MaxPool3d<R extends boolean = false> extends Pool3d {
  readonly dilation: Triple;
  /** forward returns the tuple `[values, indices]` (flat d·H·W + h·W + w) when true. */
  readonly returnIndices: R;
  private readonly shownDilation: string;

  constructor(kernelSize: SizeArg, options: MaxPool3dOptions & { returnIndices?: R } = {}) {
    super('MaxPool3d', kernelSize, options);
    this.dilation = tuple('MaxPool3d', 'dilation', options.dilation ?? 1, 3, 1) as unknown as Triple;
    this.returnIndices = (options.returnIndices ?? false) as R;
    this.shownDilation = pySize(options.dilation ?? 1);
  }

  override extraRepr(): string {
    return `${super.extraRepr()}, dilation=${this.shownDilation}, ceilMode=${this.ceilMode}`;
  }

  forward(input: Tensor): R extends true ? ValuesIndices : Tensor {
    const { stride, padding, dilation, ceilMode, returnIndices } = this;
    return maxPool3d(input, this.kernelSize, { stride, padding, dilation, ceilMode, returnIndices }) as R extends true ? ValuesIndices : Tensor;
  }
}

/**
 * 3-D average pooling of [N, C, D, H, W] or [C, D, H, W]; see {@link avgPool3d}.
 *
 * ```ts
 * import { randn } from 'chainrule';
 * import { AvgPool3d } from 'chainrule/nn';
 * new AvgPool3d(3, { stride: 2, padding: 1 }).forward(randn([1, 2, 5, 5, 5])).shape; // [1, 2, 3, 3, 3]
 * ```
 */
export class AvgPool3d extends Pool3d {
  readonly countIncludePad: boolean;
  readonly divisorOverride: number | null;

  constructor(kernelSize: SizeArg, options: AvgPool3dOptions = {}) {
    super('AvgPool3d', kernelSize, options);
    this.countIncludePad = options.countIncludePad ?? true;
    this.divisorOverride = options.divisorOverride ?? null;
    if (this.divisorOverride !== null && (!Number.isInteger(this.divisorOverride) || this.divisorOverride === 0)) {
      throw new ValueError('AvgPool3d', `divisorOverride must be a non-zero integer, got ${formatValue(this.divisorOverride)}`);
    }
  }

  forward(input: Tensor): Tensor {
    const { stride, padding, ceilMode, countIncludePad, divisorOverride } = this;
    return avgPool3d(input, this.kernelSize, { stride, padding, ceilMode, countIncludePad, divisorOverride });
  }
}
