/**
 * AdaptiveMaxPool1d/2d and MaxUnpool1d/2d (PyTorch's nn.AdaptiveMaxPool1d/2d, nn.MaxUnpool1d/2d).
 * @module
 */
import { ValueError, formatValue } from '../../errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { ValuesIndicesTuple as ValuesIndices } from '../../ops/named-tuple.js';
import { adaptiveMaxPool1d, adaptiveMaxPool2d } from '../functional/adaptive-max-pool.js';
import { maxUnpool1d, maxUnpool2d, maxUnpool3d } from '../functional/max-unpool.js';
import { tuple, type SizeArg } from '../functional/window.js';
import { Module } from '../module.js';
import { pySize, pyTuple } from '../repr.js';
import { checkOptions } from '../../checks/options.js';

/** Options of {@link AdaptiveMaxPool1d} and {@link AdaptiveMaxPool2d}. */
export interface AdaptiveMaxPoolLayerOptions<R extends boolean = boolean> {
  /** Make forward return the tuple `[values, indices]` (also readable as `.values`, `.indices`) (default false). */
  returnIndices?: R;
}

/**
 * 1-D adaptive max pooling to `outputSize` positions; see {@link adaptiveMaxPool1d}.
 *
 * ```ts
 * import { randn } from 'chainrule';
 * import { AdaptiveMaxPool1d } from 'chainrule/nn';
 * new AdaptiveMaxPool1d(4).forward(randn([2, 3, 11])).shape; // [2, 3, 4]
 * ```
 */
export class AdaptiveMaxPool1d<R extends boolean = false> extends Module {
  readonly outputSize: number | readonly [number | null];
  readonly returnIndices: R;

  constructor(outputSize: number | readonly [number | null], options: AdaptiveMaxPoolLayerOptions<R> = {}) {
    super();
    checkOptions(new.target.name, options, { returnIndices: 'bool' });
    if (typeof outputSize !== 'number' && !Array.isArray(outputSize)) throw new ValueError(new.target.name, `outputSize must be a size or an array of sizes, got ${formatValue(outputSize)}`);
    this.outputSize = outputSize;
    this.returnIndices = (options.returnIndices ?? false) as R;
  }

  forward(input: Tensor): R extends true ? ValuesIndices : Tensor {
    return adaptiveMaxPool1d(input, this.outputSize, { returnIndices: this.returnIndices }) as R extends true ? ValuesIndices : Tensor;
  }

  override extraRepr(): string {
    return `outputSize=${pySize(this.outputSize)}`;
  }
}

/**
 * 2-D adaptive max pooling to `outputSize` (null keeps a dim); see {@link adaptiveMaxPool2d}.
 *
 * ```ts
 * import { randn } from 'chainrule';
 * import { AdaptiveMaxPool2d } from 'chainrule/nn';
 * new AdaptiveMaxPool2d([5, 7]).forward(randn([1, 64, 8, 9])).shape; // [1, 64, 5, 7]
 * ```
 */
export class AdaptiveMaxPool2d<R extends boolean = false> extends Module {
  readonly outputSize: number | readonly (number | null)[];
  readonly returnIndices: R;

  constructor(outputSize: number | readonly (number | null)[], options: AdaptiveMaxPoolLayerOptions<R> = {}) {
    super();
    checkOptions(new.target.name, options, { returnIndices: 'bool' });
    if (typeof outputSize !== 'number' && !Array.isArray(outputSize)) throw new ValueError(new.target.name, `outputSize must be a size or an array of sizes, got ${formatValue(outputSize)}`);
    this.outputSize = outputSize;
    this.returnIndices = (options.returnIndices ?? false) as R;
  }

  forward(input: Tensor): R extends true ? ValuesIndices : Tensor {
    return adaptiveMaxPool2d(input, this.outputSize, { returnIndices: this.returnIndices }) as R extends true ? ValuesIndices : Tensor;
  }

  override extraRepr(): string {
    return `outputSize=${pySize(this.outputSize)}`;
  }
}

/** Options of {@link MaxUnpool1d}, {@link MaxUnpool2d} and {@link MaxUnpool3d}. */
export interface MaxUnpoolLayerOptions {
  /** The pooling's stride (default: the kernel size). */
  stride?: SizeArg | null;
  /** The pooling's padding (default 0). */
  padding?: SizeArg;
}

abstract class MaxUnpoolNd extends Module {
  readonly kernelSize: readonly number[];
  readonly stride: readonly number[];
  readonly padding: readonly number[];

  protected constructor(layer: string, spatial: 1 | 2 | 3, kernelSize: SizeArg, options: MaxUnpoolLayerOptions) {
    super();
    checkOptions(layer, options, { stride: 'any', padding: 'any' });
    this.kernelSize = tuple(layer, 'kernelSize', kernelSize, spatial, 1);
    this.stride = options.stride === undefined || options.stride === null ? this.kernelSize : tuple(layer, 'stride', options.stride, spatial, 1);
    this.padding = tuple(layer, 'padding', options.padding ?? 0, spatial, 0);
    if (this.padding.some((p) => p < 0)) throw new ValueError(layer, 'padding must be non-negative');
  }

  override extraRepr(): string {
    return `kernelSize=${pyTuple(this.kernelSize)}, stride=${pyTuple(this.stride)}, padding=${pyTuple(this.padding)}`;
  }
}

/**
 * Inverse of MaxPool1d: each value to its arg-max index in a zero signal; see {@link maxUnpool1d}.
 *
 * ```ts
 * import { randn } from 'chainrule';
 * import { MaxPool1d, MaxUnpool1d } from 'chainrule/nn';
 * const [values, indices] = new MaxPool1d(2, { returnIndices: true }).forward(randn([1, 1, 8]));
 * new MaxUnpool1d(2).forward(values, indices).shape; // [1, 1, 8]
 * ```
 */
export class MaxUnpool1d extends MaxUnpoolNd {
  constructor(kernelSize: SizeArg, options: MaxUnpoolLayerOptions = {}) {
    super('MaxUnpool1d', 1, kernelSize, options);
  }

  /** `outputSize` when the default size is not the pooled input's. */
  forward(input: Tensor, indices: Tensor, outputSize?: readonly number[] | null): Tensor {
    return maxUnpool1d(input, indices, this.kernelSize, { stride: this.stride, padding: this.padding, outputSize: outputSize ?? null });
  }
}

/**
 * Inverse of MaxPool2d: each value to its arg-max index in a zero image; see {@link maxUnpool2d}.
 *
 * ```ts
 * import { randn } from 'chainrule';
 * import { MaxPool2d, MaxUnpool2d } from 'chainrule/nn';
 * const [values, indices] = new MaxPool2d(2, { returnIndices: true }).forward(randn([1, 1, 5, 5]));
 * new MaxUnpool2d(2).forward(values, indices, [5, 5]).shape; // [1, 1, 5, 5]
 * ```
 */
export class MaxUnpool2d extends MaxUnpoolNd {
  constructor(kernelSize: SizeArg, options: MaxUnpoolLayerOptions = {}) {
    super('MaxUnpool2d', 2, kernelSize, options);
  }

  /** `outputSize` when the default size is not the pooled input's. */
  forward(input: Tensor, indices: Tensor, outputSize?: readonly number[] | null): Tensor {
    return maxUnpool2d(input, indices, this.kernelSize, { stride: this.stride, padding: this.padding, outputSize: outputSize ?? null });
  }
}

/**
 * Inverse of MaxPool3d: each value to its arg-max index in a zero volume; see {@link maxUnpool3d}.
 *
 * ```ts
 * import { randn } from 'chainrule';
 * import { MaxPool3d, MaxUnpool3d } from 'chainrule/nn';
 * const [values, indices] = new MaxPool3d(2, { returnIndices: true }).forward(randn([1, 1, 4, 4, 4]));
 * new MaxUnpool3d(2).forward(values, indices).shape; // [1, 1, 4, 4, 4]
 * ```
 */
export class MaxUnpool3d extends MaxUnpoolNd {
  constructor(kernelSize: SizeArg, options: MaxUnpoolLayerOptions = {}) {
    super('MaxUnpool3d', 3, kernelSize, options);
  }

  /** `outputSize` when the default size is not the pooled input's. */
  forward(input: Tensor, indices: Tensor, outputSize?: readonly number[] | null): Tensor {
    return maxUnpool3d(input, indices, this.kernelSize, { stride: this.stride, padding: this.padding, outputSize: outputSize ?? null });
  }
}
