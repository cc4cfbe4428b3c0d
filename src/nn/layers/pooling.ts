/**
 * Pooling layers: MaxPool1d/2d, AvgPool1d/2d, AdaptiveAvgPool1d/2d. They hold no parameters;
 * PyTorch's constructor arguments are readonly fields (sizes as tuples) and forward calls the
 * functional form.
 * @module
 */
import { ValueError } from '../../errors.js';
import { formatValue } from '../../errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { ValuesIndicesTuple as ValuesIndices } from '../../ops/named-tuple.js';
import {
  adaptiveAvgPool1d,
  adaptiveAvgPool2d,
  avgPool1d,
  avgPool2d,
  maxPool1d,
  maxPool2d,
  type AdaptiveSize,
} from '../functional/pooling.js';
import { tuple, type SizeArg } from '../functional/window.js';
import { Module } from '../module.js';
import { pySize, pyTuple } from '../repr.js';
import { checkOptions } from '../../checks/options.js';
import { AVG_POOL1D_OPTIONS, AVG_POOL2D_OPTIONS, MAX_POOL_OPTIONS } from '../schemas.js';
import { checkTensor, describe } from '../../checks/args.js';

/** Options of {@link MaxPool1d} and {@link MaxPool2d}. */
export interface MaxPoolLayerOptions<R extends boolean = boolean> {
  /** Step between windows (default: the kernel size). */
  stride?: SizeArg | null;
  /** Implicit −∞ padding on both sides, at most half the kernel size (default 0). */
  padding?: SizeArg;
  /** Spacing between window elements (default 1). */
  dilation?: SizeArg;
  /** Make forward return the tuple `[values, indices]` (also readable as `.values`, `.indices`) (default false). */
  returnIndices?: R;
  /** Round the output size up (default false). */
  ceilMode?: boolean;
}

/** Options of {@link AvgPool1d}. */
export interface AvgPool1dLayerOptions {
  /** Step between windows (default: the kernel size). */
  stride?: SizeArg | null;
  /** Implicit zero padding on both sides, at most half the kernel size (default 0). */
  padding?: SizeArg;
  /** Round the output size up (default false). */
  ceilMode?: boolean;
  /** Count the zero padding in the divisor (default true). */
  countIncludePad?: boolean;
}

/** Options of {@link AvgPool2d}. */
export interface AvgPool2dLayerOptions extends AvgPool1dLayerOptions {
  /** Divide every window sum by this instead of the window size (default null). */
  divisorOverride?: number | null;
}

function fmtTuple(values: readonly number[]): string {
  return `(${values.join(', ')})`;
}

/** The window arguments as PyTorch prints them: as passed (MaxPool, AvgPool2d keep `2` or `(2, 3)`). */
interface ShownWindow {
  kernelSize: string;
  stride: string;
  padding: string;
}

/** The window arguments of a pooling layer, checked and stored as tuples. */
abstract class PoolNd<T extends readonly number[]> extends Module {
  readonly kernelSize: T;
  /** Defaults to kernelSize. */
  readonly stride: T;
  readonly padding: T;
  readonly ceilMode: boolean;
  /** The window arguments as passed, for the repr. */
  protected readonly shown: ShownWindow;

  protected constructor(layer: string, spatial: 1 | 2, kernelSize: SizeArg, options: { stride?: SizeArg | null; padding?: SizeArg; ceilMode?: boolean }) {
    super();
    checkOptions(layer, options, layer.startsWith('Max') ? MAX_POOL_OPTIONS : spatial === 1 ? AVG_POOL1D_OPTIONS : AVG_POOL2D_OPTIONS);
    this.kernelSize = tuple(layer, 'kernelSize', kernelSize, spatial, 1) as unknown as T;
    this.stride = (options.stride === undefined || options.stride === null ? this.kernelSize : tuple(layer, 'stride', options.stride, spatial, 1)) as T;
    this.padding = tuple(layer, 'padding', options.padding ?? 0, spatial, 0) as unknown as T;
    if (this.padding.some((p, i) => p > Math.floor(this.kernelSize[i]! / 2))) {
      throw new ValueError(layer, `padding ${fmtTuple(this.padding)} must be at most half the kernel size ${fmtTuple(this.kernelSize)}`);
    }
    this.ceilMode = options.ceilMode ?? false;
    // AvgPool1d stores tuples (_single); MaxPool1d/2d and AvgPool2d keep the arguments as passed
    const show = layer === 'AvgPool1d' ? (_: unknown, t: readonly number[]) => pyTuple(t) : (v: SizeArg) => pySize(v);
    this.shown = {
      kernelSize: show(kernelSize, this.kernelSize),
      stride: show(options.stride ?? kernelSize, this.stride),
      padding: show(options.padding ?? 0, this.padding),
    };
  }

  override extraRepr(): string {
    return `kernelSize=${this.shown.kernelSize}, stride=${this.shown.stride}, padding=${this.shown.padding}`;
  }
}

/** MaxPool1d and MaxPool2d; `R` is true when forward returns `[values, indices]`. */
abstract class MaxPoolNd<T extends readonly number[], R extends boolean> extends PoolNd<T> {
  readonly dilation: T;
  readonly returnIndices: R;
  private readonly shownDilation: string;

  protected constructor(layer: string, spatial: 1 | 2, kernelSize: SizeArg, options: MaxPoolLayerOptions<R>) {
    super(layer, spatial, kernelSize, options);
    this.dilation = tuple(layer, 'dilation', options.dilation ?? 1, spatial, 1) as unknown as T;
    this.shownDilation = pySize(options.dilation ?? 1);
    this.returnIndices = (options.returnIndices ?? false) as R;
  }

  protected get functionalOptions(): { stride: T; padding: T; dilation: T; ceilMode: boolean } {
    return { stride: this.stride, padding: this.padding, dilation: this.dilation, ceilMode: this.ceilMode };
  }

  override extraRepr(): string {
    return `${super.extraRepr()}, dilation=${this.shownDilation}, ceilMode=${this.ceilMode}`;
  }
}

/**
 * 1-D max pooling over [N, C, L] or [C, L]. With `returnIndices: true`, forward returns
 * `[values, indices]` (indices into L).
 */
export class MaxPool1d<R extends boolean = false> extends MaxPoolNd<readonly [number], R> {
  constructor(kernelSize: SizeArg, options: MaxPoolLayerOptions<R> = {}) {
    super('MaxPool1d', 1, kernelSize, options);
  }

  forward(input: Tensor): R extends true ? ValuesIndices : Tensor {
    checkTensor(this.typeName, 'input', input);
    // the indices cost a pass over every window: ask for them only when forward returns them
    return maxPool1d(input, this.kernelSize, { ...this.functionalOptions, returnIndices: this.returnIndices }) as R extends true ? ValuesIndices : Tensor;
  }
}

/**
 * 2-D max pooling over [N, C, H, W] or [C, H, W]. With `returnIndices: true`, forward returns
 * `[values, indices]` (flat indices iy·W + ix into each input plane).
 *
 * ```ts
 * const pool = new MaxPool2d(3, { stride: 2, padding: 1 });
 * ```
 */
export class MaxPool2d<R extends boolean = false> extends MaxPoolNd<readonly [number, number], R> {
  constructor(kernelSize: SizeArg, options: MaxPoolLayerOptions<R> = {}) {
    super('MaxPool2d', 2, kernelSize, options);
  }

  forward(input: Tensor): R extends true ? ValuesIndices : Tensor {
    checkTensor(this.typeName, 'input', input);
    // the indices cost a pass over every window: ask for them only when forward returns them
    return maxPool2d(input, this.kernelSize, { ...this.functionalOptions, returnIndices: this.returnIndices }) as R extends true ? ValuesIndices : Tensor;
  }
}

/** 1-D average pooling over [N, C, L] or [C, L]. */
export class AvgPool1d extends PoolNd<readonly [number]> {
  readonly countIncludePad: boolean;

  constructor(kernelSize: SizeArg, options: AvgPool1dLayerOptions = {}) {
    super('AvgPool1d', 1, kernelSize, options);
    this.countIncludePad = options.countIncludePad ?? true;
  }

  forward(input: Tensor): Tensor {
    checkTensor(this.typeName, 'input', input);
    return avgPool1d(input, this.kernelSize, { stride: this.stride, padding: this.padding, ceilMode: this.ceilMode, countIncludePad: this.countIncludePad });
  }

}

/** 2-D average pooling over [N, C, H, W] or [C, H, W]. */
export class AvgPool2d extends PoolNd<readonly [number, number]> {
  readonly countIncludePad: boolean;
  /** Divisor used instead of the window size, or null. */
  readonly divisorOverride: number | null;

  constructor(kernelSize: SizeArg, options: AvgPool2dLayerOptions = {}) {
    super('AvgPool2d', 2, kernelSize, options);
    const divisor = options.divisorOverride ?? null;
    if (divisor !== null && (!Number.isInteger(divisor) || divisor === 0)) {
      throw new ValueError('AvgPool2d', `divisorOverride must be a non-zero integer, got ${formatValue(divisor)}`);
    }
    this.countIncludePad = options.countIncludePad ?? true;
    this.divisorOverride = divisor;
  }

  forward(input: Tensor): Tensor {
    checkTensor(this.typeName, 'input', input);
    return avgPool2d(input, this.kernelSize, {
      stride: this.stride,
      padding: this.padding,
      ceilMode: this.ceilMode,
      countIncludePad: this.countIncludePad,
      divisorOverride: this.divisorOverride,
    });
  }

}

function checkAdaptive(layer: string, outputSize: AdaptiveSize, spatial: number): (number | null)[] {
  if (typeof outputSize !== 'number' && !Array.isArray(outputSize)) {
    throw new ValueError(layer, `outputSize must be a positive integer or ${spatial} positive integers (or null), got ${describe(outputSize)}`);
  }
  const sizes = typeof outputSize === 'number' ? new Array<number>(spatial).fill(outputSize) : [...outputSize];
  if (sizes.length !== spatial || sizes.some((s) => s !== null && (!Number.isInteger(s) || s < 1))) {
    throw new ValueError(layer, `outputSize must be a positive integer or ${spatial} positive integers (or null), got ${formatValue(outputSize)}`);
  }
  return sizes;
}

/** 1-D adaptive average pooling of [N, C, L] or [C, L] to `outputSize` positions. */
export class AdaptiveAvgPool1d extends Module {
  readonly outputSize: readonly [number];
  private readonly shownSize: string;

  constructor(outputSize: number | readonly [number]) {
    super();
    this.outputSize = checkAdaptive('AdaptiveAvgPool1d', outputSize, 1) as [number];
    this.shownSize = pySize(outputSize);
  }

  forward(input: Tensor): Tensor {
    checkTensor(this.typeName, 'input', input);
    return adaptiveAvgPool1d(input, this.outputSize);
  }

  override extraRepr(): string {
    return `outputSize=${this.shownSize}`;
  }
}

/**
 * 2-D adaptive average pooling of [N, C, H, W] or [C, H, W] to `outputSize` (one number, or
 * [oH, oW] where null keeps the input's size).
 */
export class AdaptiveAvgPool2d extends Module {
  /** [oH, oW]; null keeps the input's size along that dim. */
  readonly outputSize: readonly [number | null, number | null];
  private readonly shownSize: string;

  constructor(outputSize: AdaptiveSize) {
    super();
    this.outputSize = checkAdaptive('AdaptiveAvgPool2d', outputSize, 2) as [number | null, number | null];
    this.shownSize = pySize(outputSize);
  }

  forward(input: Tensor): Tensor {
    checkTensor(this.typeName, 'input', input);
    return adaptiveAvgPool2d(input, this.outputSize);
  }

  override extraRepr(): string {
    return `outputSize=${this.shownSize}`;
  }
}
