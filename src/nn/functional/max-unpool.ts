/**
 * Max unpooling (PyTorch's F.max_unpool1d/2d/3d): the partial inverse of max pooling, writing each
 * value at its arg-max position in a zero image. Built from scatterAdd: where several values
 * share one index (overlapping pooling windows) only the last is written, as PyTorch's
 * assignment does, while every one of them still receives the gradient at its index, as in
 * PyTorch's backward (a gather of the output gradient).
 * @module
 */
import { checkNumel, checkOptions, checkTensor } from '../../checks/index.js';
import { DTypeError, IndexError, ShapeError, ValueError, fmtShape } from '../../errors.js';
import { scatterAdd } from '../../ops/indexing.js';
import { contiguous } from '../../ops/views.js';
import { empty } from '../../ops/util.js';
import { sameShape } from '../../shape.js';
import { zeros } from '../../tensor/creation.js';
import type { Tensor } from '../../tensor/tensor.js';
import { asImage, requireFloatTensor, tuple, type SizeArg } from './window.js';

/** Options of {@link maxUnpool1d}, {@link maxUnpool2d} and {@link maxUnpool3d}. */
export interface MaxUnpoolOptions {
  /** The pooling's stride (default: the kernel size). */
  stride?: SizeArg | null;
  /** The pooling's padding (default 0). */
  padding?: SizeArg;
  /** The output's spatial size (optionally with the leading N, C), when the default (in − 1)·stride − 2·padding + kernel is not it. */
  outputSize?: readonly number[] | null;
}

/** 1 where a flat position is the last one in its plane to name its index, else 0 (a constant of `dtype`). */
function lastWriters(indices: Int32Array, planes: number, perPlane: number, dtype: Tensor['dtype']): Tensor {
  const keep = empty([planes * perPlane], dtype);
  const seen = new Set<number>();
  for (let p = 0; p < planes; p++) {
    seen.clear();
    for (let i = perPlane - 1; i >= 0; i--) {
      const at = p * perPlane + i;
      if (!seen.has(indices[at]!)) {
        seen.add(indices[at]!);
        keep.storage[at] = 1;
      }
    }
  }
  return keep;
}

/** The input with a batch dim ([N, C, ...spatial]); 1-D and 2-D through asImage (its checks and messages). */
function batched(op: string, input: Tensor, spatial: 1 | 2 | 3): { x: Tensor; unbatched: boolean } {
  if (spatial !== 3) return asImage(op, input, spatial);
  if (input.ndim !== 4 && input.ndim !== 5) {
    throw new ShapeError(op, `expected a 4-D (unbatched [C, D, H, W]) or 5-D (batched [N, C, D, H, W]) input, got shape ${fmtShape(input.shape)}`);
  }
  return { x: input.ndim === 4 ? input.unsqueeze(0) : input, unbatched: input.ndim === 4 };
}

function maxUnpoolNd(op: string, spatial: 1 | 2 | 3, input: Tensor, indices: Tensor, kernelSize: SizeArg, options: MaxUnpoolOptions): Tensor {
  requireFloatTensor(op, 'input', input);
  checkTensor(op, 'indices', indices);
  checkOptions(op, options, { stride: 'any', padding: 'any', outputSize: 'any' });
  if (indices.dtype !== 'int32') throw new DTypeError(op, `indices must be int32 (as maxPool returns them), got ${indices.dtype} (shape ${fmtShape(indices.shape)})`);
  if (!sameShape(indices.shape, input.shape)) throw new ShapeError(op, `indices ${fmtShape(indices.shape)} must have the input's shape ${fmtShape(input.shape)}`);
  const image = batched(op, input, spatial);
  const kernel = tuple(op, 'kernelSize', kernelSize, spatial, 1);
  const stride = options.stride === undefined || options.stride === null ? kernel : tuple(op, 'stride', options.stride, spatial, 1);
  const padding = tuple(op, 'padding', options.padding ?? 0, spatial, 0);
  const inSize = input.shape.slice(input.ndim - spatial);
  const defaults = inSize.map((s, i) => (s - 1) * stride[i]! - 2 * padding[i]! + kernel[i]!);
  let outSize = defaults;
  if (options.outputSize !== undefined && options.outputSize !== null) {
    const given = [...options.outputSize].slice(-spatial);
    if (options.outputSize.length !== spatial && options.outputSize.length !== spatial + 2) {
      throw new ValueError(op, `outputSize must have ${spatial} (or ${spatial + 2}) values, got ${fmtShape(options.outputSize)}`);
    }
    if (given.some((s, i) => !Number.isInteger(s) || s < defaults[i]! - stride[i]! || s > defaults[i]! + stride[i]!)) {
      throw new ValueError(op, `outputSize ${fmtShape(given)} must be within a stride of the default ${fmtShape(defaults)} (stride ${fmtShape(stride)})`);
    }
    outSize = given;
  }
  if (outSize.some((s) => s < 1)) throw new ShapeError(op, `the output size ${fmtShape(outSize)} is not positive (input ${fmtShape(input.shape)})`);
  const [n, c] = image.x.shape as [number, number];
  const plane = outSize.reduce((a, b) => a * b, 1);
  // the zero image is bounded before it is built (a kernel of 10¹² was an error naming zeros)
  checkNumel(op, n * c * plane, `the ${n}×${c}×${fmtShape(outSize)} output`);
  const positions = inSize.reduce((a, b) => a * b, 1);
  const idx = contiguous(indices).reshape([n, c, positions]);
  const flat = idx.toTypedArray() as Int32Array;
  for (let i = 0; i < flat.length; i++) {
    if (flat[i]! < 0 || flat[i]! >= plane) {
      throw new IndexError(op, `index ${flat[i]} (at flat position ${i}) is out of range for an output plane of ${fmtShape(outSize)} (${plane} elements)`);
    }
  }
  const x = image.x.reshape([n, c, positions]);
  const keep = lastWriters(flat, n * c, positions, input.dtype).reshape([n, c, positions]);
  const base = zeros([n, c, plane], { dtype: input.dtype });
  // forward: only the last writer of each index; backward: gather(g) for every position
  const written = scatterAdd(base, 2, idx, x.mul(keep));
  const shadow = scatterAdd(base, 2, idx, x.mul(keep.neg().add(1)));
  const out = written.add(shadow.sub(shadow.detach())).reshape([n, c, ...outSize]);
  return image.unbatched ? out.squeeze(0) : out;
}

/**
 * 1-D max unpooling of [N, C, L] or [C, L] with the int32 `indices` of maxPool1d
 * (`returnIndices: true`): a zero signal of length (L − 1)·stride − 2·padding + kernel (or
 * `outputSize`) with each value at its index.
 *
 * ```ts
 * import { tensor } from 'chainrule';
 * import { functional as F } from 'chainrule/nn';
 * const { values, indices } = F.maxPool1d(tensor([[1, 3, 2, 0]]), 2, { returnIndices: true });
 * F.maxUnpool1d(values, indices, 2).toArray(); // [[0, 3, 2, 0]]
 * ```
 */
export function maxUnpool1d(input: Tensor, indices: Tensor, kernelSize: SizeArg, options: MaxUnpoolOptions = {}): Tensor {
  return maxUnpoolNd('maxUnpool1d', 1, input, indices, kernelSize, options);
}

/**
 * 2-D max unpooling of [N, C, H, W] or [C, H, W] with the int32 `indices` of maxPool2d
 * (flat iy·W + ix into each output plane).
 *
 * ```ts
 * import { randn } from 'chainrule';
 * import { functional as F } from 'chainrule/nn';
 * const { values, indices } = F.maxPool2d(randn([1, 1, 4, 4]), 2, { returnIndices: true });
 * F.maxUnpool2d(values, indices, 2).shape; // [1, 1, 4, 4]: the maxima in place, zeros elsewhere
 * ```
 */
export function maxUnpool2d(input: Tensor, indices: Tensor, kernelSize: SizeArg, options: MaxUnpoolOptions = {}): Tensor {
  return maxUnpoolNd('maxUnpool2d', 2, input, indices, kernelSize, options);
}

/**
 * 3-D max unpooling of [N, C, D, H, W] or [C, D, H, W] with the int32 `indices` of maxPool3d
 * (flat d·H·W + h·W + w into each output volume).
 *
 * ```ts
 * import { randn } from 'chainrule';
 * import { functional as F } from 'chainrule/nn';
 * const [values, indices] = F.maxPool3d(randn([1, 1, 4, 4, 4]), 2, { returnIndices: true });
 * F.maxUnpool3d(values, indices, 2).shape; // [1, 1, 4, 4, 4]
 * ```
 */
export function maxUnpool3d(input: Tensor, indices: Tensor, kernelSize: SizeArg, options: MaxUnpoolOptions = {}): Tensor {
  return maxUnpoolNd('maxUnpool3d', 3, input, indices, kernelSize, options);
}
