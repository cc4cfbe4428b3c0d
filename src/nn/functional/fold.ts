/**
 * `unfold` (extract sliding blocks) and `fold` (sum blocks back into an image), PyTorch's
 * F.unfold and F.fold: thin, checked wrappers over the im2col/col2im primitives.
 * @module
 */
import { ShapeError, fmtShape } from '../../errors.js';
import { checkOptions } from '../../checks/options.js';
import { col2im, im2col } from '../../ops/unfold.js';
import { reshape, unsqueeze } from '../../ops/views.js';
import type { Tensor } from '../../tensor/tensor.js';
import { asImage, geometry, requireFloatTensor, tuple, type SizeArg } from './window.js';

/** Options of {@link unfold} and {@link fold} (PyTorch's keyword arguments). */
export interface FoldOptions {
  /** Spacing between block elements (default 1). */
  dilation?: SizeArg;
  /** Zero padding on both sides of each dim (default 0). */
  padding?: SizeArg;
  /** Step between blocks (default 1). */
  stride?: SizeArg;
}

interface BlockArgs {
  kernel: number[];
  dilation: number[];
  padding: number[];
  stride: number[];
  blocks: number[];
}

/** Checks the arguments and counts the blocks along each dim of an image of `size`. */
function blockArgs(op: string, size: readonly number[], kernelSize: SizeArg, options: FoldOptions, shapeNote: string): BlockArgs {
  const kernel = tuple(op, 'kernelSize', kernelSize, 2, 1);
  const dilation = tuple(op, 'dilation', options.dilation ?? 1, 2, 1);
  const padding = tuple(op, 'padding', options.padding ?? 0, 2, 0);
  const stride = tuple(op, 'stride', options.stride ?? 1, 2, 1);
  const blocks = size.map((s, i) => Math.floor((s + 2 * padding[i]! - dilation[i]! * (kernel[i]! - 1) - 1) / stride[i]!) + 1);
  if (blocks.some((b) => b < 1)) {
    throw new ShapeError(op, `kernelSize ${fmtShape(kernel)} with dilation ${fmtShape(dilation)} does not fit in the padded size ${fmtShape(size.map((s, i) => s + 2 * padding[i]!))} (${shapeNote})`);
  }
  return { kernel, dilation, padding, stride, blocks };
}

/**
 * Extracts the sliding blocks of `input` [N, C, H, W] (or [C, H, W]) into columns:
 * [N, C·kH·kW, L] (or [C·kH·kW, L]), L the number of blocks; row (c·kH + i)·kW + j holds
 * element (i, j) of each block of channel c.
 */
export function unfold(input: Tensor, kernelSize: SizeArg, options: FoldOptions = {}): Tensor {
  checkOptions('unfold', options, { dilation: 'any', padding: 'any', stride: 'any' });
  const op = 'unfold';
  requireFloatTensor(op, 'input', input);
  const image = asImage(op, input, 2);
  const size = image.x.shape.slice(2);
  const a = blockArgs(op, size, kernelSize, options, `input ${fmtShape(input.shape)}`);
  const cols = im2col(image.x, geometry(size, a.kernel, a.stride, a.padding, a.dilation, a.blocks));
  return image.unbatched ? reshape(cols, cols.shape.slice(1)) : cols;
}

/**
 * Sums columns `input` [N, C·kH·kW, L] (or [C·kH·kW, L]) back into an image [N, C, *outputSize]
 * (or [C, *outputSize]), adding where blocks overlap: the adjoint of {@link unfold}.
 */
export function fold(input: Tensor, outputSize: SizeArg, kernelSize: SizeArg, options: FoldOptions = {}): Tensor {
  checkOptions('fold', options, { dilation: 'any', padding: 'any', stride: 'any' });
  const op = 'fold';
  requireFloatTensor(op, 'input', input);
  if (input.ndim !== 2 && input.ndim !== 3) {
    throw new ShapeError(op, `expected a 2-D (unbatched [C·kH·kW, L]) or 3-D (batched [N, C·kH·kW, L]) input, got shape ${fmtShape(input.shape)}`);
  }
  const size = tuple(op, 'outputSize', outputSize, 2, 1);
  const a = blockArgs(op, size, kernelSize, options, `outputSize ${fmtShape(size)}`);
  const cols = input.ndim === 2 ? unsqueeze(input, 0) : input;
  const k = a.kernel[0]! * a.kernel[1]!;
  if (cols.shape[1]! % k !== 0) {
    throw new ShapeError(op, `dim ${input.ndim - 2} of input ${fmtShape(input.shape)} must be divisible by the kernel's ${k} elements (kernelSize ${fmtShape(a.kernel)})`);
  }
  const blocks = a.blocks[0]! * a.blocks[1]!;
  if (cols.shape[2] !== blocks) {
    throw new ShapeError(
      op,
      `input ${fmtShape(input.shape)} has ${cols.shape[2]} blocks but outputSize ${fmtShape(size)}, kernelSize ${fmtShape(a.kernel)}, dilation ${fmtShape(a.dilation)}, padding ${fmtShape(a.padding)}, stride ${fmtShape(a.stride)} give ${blocks}`,
    );
  }
  const image = col2im(cols, geometry(size, a.kernel, a.stride, a.padding, a.dilation, a.blocks));
  return input.ndim === 2 ? reshape(image, image.shape.slice(1)) : image;
}
