/**
 * Conv3d and ConvTranspose3d (PyTorch's nn.Conv3d, nn.ConvTranspose3d): the 1-D and 2-D layers'
 * classes (./conv.ts) with three spatial dims, so `weight` and `bias` have PyTorch's names,
 * shapes and initialization, and the options, padding modes, `outputSize` and printing are the same.
 * @module
 */
import { checkTensor } from '../../checks/args.js';
import { ValueError, formatValue } from '../../errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import { conv3d, convTranspose3d } from '../functional/conv3d.js';
import type { SizeArg } from '../functional/window.js';
import { ConvNd, ConvTransposeNd, type ConvLayerOptions, type ConvTransposeLayerOptions } from './conv.js';

/**
 * Options of {@link Conv3d} and {@link ConvTranspose3d}: those of the 1-D and 2-D layers
 * (`outputPadding` for ConvTranspose3d only); padding mode 'zeros' only.
 */
export type Conv3dLayerOptions = ConvLayerOptions & Pick<ConvTransposeLayerOptions, 'outputPadding'>;

type Triple = readonly [number, number, number];

/**
 * 3-D convolution layer: [N, inChannels, D, H, W] (or unbatched) → [N, outChannels, D', H', W'].
 *
 * ```ts
 * import { randn } from 'chainrule';
 * import { Conv3d } from 'chainrule/nn';
 * new Conv3d(2, 4, 3, { padding: 1 }).forward(randn([1, 2, 5, 6, 6])).shape; // [1, 4, 5, 6, 6]
 * ```
 */
export class Conv3d extends ConvNd<Triple> {
  constructor(inChannels: number, outChannels: number, kernelSize: SizeArg, options: Conv3dLayerOptions = {}) {
    // Checked before super(), which draws the initial weights: 3-D padding modes pad with zeros only.
    const mode = options !== null && typeof options === 'object' ? options.paddingMode : undefined;
    if (mode !== undefined && mode !== 'zeros') throw new ValueError('Conv3d', `only paddingMode 'zeros' is supported, got ${formatValue(mode)}`);
    super('Conv3d', 3, inChannels, outChannels, kernelSize, options);
  }

  forward(input: Tensor): Tensor {
    checkTensor(this.typeName, 'input', input);
    return this.convolve(input, conv3d);
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
export class ConvTranspose3d extends ConvTransposeNd<Triple> {
  constructor(inChannels: number, outChannels: number, kernelSize: SizeArg, options: Conv3dLayerOptions = {}) {
    super('ConvTranspose3d', 3, inChannels, outChannels, kernelSize, options as ConvTransposeLayerOptions);
  }

  /** `outputSize` (optional) picks the output size among those the stride makes possible. */
  forward(input: Tensor, outputSize?: readonly number[]): Tensor {
    checkTensor(this.typeName, 'input', input);
    return convTranspose3d(input, this.weight, this.bias, this.options(this.outputPaddingFor(input, outputSize)));
  }
}
