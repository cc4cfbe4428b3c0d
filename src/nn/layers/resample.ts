/**
 * Upsample, PixelShuffle and PixelUnshuffle as modules (PyTorch's nn.Upsample, nn.PixelShuffle,
 * nn.PixelUnshuffle).
 * @module
 */
import { ValueError } from '../../errors.js';
import { formatValue } from '../../errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import { interpolate, type InterpolateMode, type InterpolateOptions } from '../functional/interpolate.js';
import { pixelShuffle, pixelUnshuffle } from '../functional/pixel-shuffle.js';
import { Module } from '../module.js';
import { pyFloat, pySize } from '../repr.js';
import { checkOptions } from '../../checks/options.js';

/**
 * Resamples the spatial dims of [N, C, ...spatial] inputs to `size` or by `scaleFactor`
 * (exactly one), with the options of {@link interpolate}.
 *
 * ```ts
 * import { randn } from 'chainrule';
 * import { Upsample } from 'chainrule/nn';
 * const up = new Upsample({ scaleFactor: 2, mode: 'bilinear' });
 * up.forward(randn([1, 3, 4, 4])).shape; // [1, 3, 8, 8]
 * ```
 */
export class Upsample extends Module {
  readonly size: number | readonly number[] | null;
  readonly scaleFactor: number | readonly number[] | null;
  readonly mode: InterpolateMode;
  readonly alignCorners: boolean | null;
  readonly recomputeScaleFactor: boolean | null;

  constructor(options: InterpolateOptions = {}) {
    super();
    checkOptions('Upsample', options, { size: 'any', scaleFactor: 'any', mode: 'any', alignCorners: 'any', recomputeScaleFactor: 'any' });
    this.size = options.size ?? null;
    this.scaleFactor = options.scaleFactor ?? null;
    if ((this.size === null) === (this.scaleFactor === null)) throw new ValueError('Upsample', 'give exactly one of size and scaleFactor');
    this.mode = options.mode ?? 'nearest';
    this.alignCorners = options.alignCorners ?? null;
    this.recomputeScaleFactor = options.recomputeScaleFactor ?? null;
  }

  /** x [N, C, ...spatial] → [N, C, ...resampled]. */
  forward(input: Tensor): Tensor {
    const options: InterpolateOptions = { mode: this.mode, alignCorners: this.alignCorners, recomputeScaleFactor: this.recomputeScaleFactor };
    if (this.size !== null) options.size = this.size;
    if (this.scaleFactor !== null) options.scaleFactor = this.scaleFactor;
    return interpolate(input, options);
  }

  override extraRepr(): string {
    // PyTorch stores scale_factor as float(s) and prints mode unquoted (torch 1.13)
    const scale = (s: number | readonly number[]): string => (typeof s === 'number' ? pyFloat(s) : `(${s.map(pyFloat).join(', ')}${s.length === 1 ? ',' : ''})`);
    const what = this.size !== null ? `size=${pySize(this.size)}` : `scaleFactor=${scale(this.scaleFactor!)}`;
    return `${what}, mode=${this.mode}`;
  }
}

/**
 * [*, C·r², H, W] → [*, C, H·r, W·r]; see {@link pixelShuffle}.
 *
 * ```ts
 * import { randn } from 'chainrule';
 * import { PixelShuffle } from 'chainrule/nn';
 * new PixelShuffle(3).forward(randn([1, 9, 4, 4])).shape; // [1, 1, 12, 12]
 * ```
 */
export class PixelShuffle extends Module {
  readonly upscaleFactor: number;

  constructor(upscaleFactor: number) {
    super();
    if (!Number.isInteger(upscaleFactor) || upscaleFactor < 1) {
      throw new ValueError('PixelShuffle', `upscaleFactor must be a positive integer, got ${formatValue(upscaleFactor)}`);
    }
    this.upscaleFactor = upscaleFactor;
  }

  forward(input: Tensor): Tensor {
    return pixelShuffle(input, this.upscaleFactor);
  }

  override extraRepr(): string {
    return `upscaleFactor=${this.upscaleFactor}`;
  }
}

/**
 * [*, C, H·r, W·r] → [*, C·r², H, W]; see {@link pixelUnshuffle}.
 *
 * ```ts
 * import { randn } from 'chainrule';
 * import { PixelUnshuffle } from 'chainrule/nn';
 * new PixelUnshuffle(2).forward(randn([1, 1, 4, 4])).shape; // [1, 4, 2, 2]
 * ```
 */
export class PixelUnshuffle extends Module {
  readonly downscaleFactor: number;

  constructor(downscaleFactor: number) {
    super();
    if (!Number.isInteger(downscaleFactor) || downscaleFactor < 1) {
      throw new ValueError('PixelUnshuffle', `downscaleFactor must be a positive integer, got ${formatValue(downscaleFactor)}`);
    }
    this.downscaleFactor = downscaleFactor;
  }

  forward(input: Tensor): Tensor {
    return pixelUnshuffle(input, this.downscaleFactor);
  }

  override extraRepr(): string {
    return `downscaleFactor=${this.downscaleFactor}`;
  }
}
