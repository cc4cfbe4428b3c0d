/**
 * Shared argument handling of the sliding-window ops (convolution, pooling, unfold/fold): sizes
 * given as a number or a tuple, their checks, and viewing a 1-D or 2-D input as the [N, C, H, W]
 * image the im2col/col2im primitives work on.
 * @module
 */
import type { WindowGeometry } from '../../backend/backend.js';
import { formatValue } from '../../errors.js';
import { isFloating } from '../../dtype.js';
import { DTypeError, ShapeError, ValueError, fmtShape } from '../../errors.js';
import { Tensor } from '../../tensor/tensor.js';
import { reshape, squeeze, unsqueeze } from '../../ops/views.js';
import { toDtype } from '../../ops/cast.js';

/** A size for every spatial dim: one number for all of them, or one per dim. */
export type SizeArg = number | readonly number[];

/** Expands `value` to `n` integers, each at least `min`; the error names op and argument. */
export function tuple(op: string, name: string, value: SizeArg, n: number, min: number): number[] {
  if (!Array.isArray(value) && typeof value !== 'number') {
    throw new ValueError(op, `${name} must be a number or an array of ${n} numbers, got ${formatValue(value)}`);
  }
  const values = typeof value === 'number' ? new Array<number>(n).fill(value) : [...value];
  if (values.length !== n) {
    throw new ValueError(op, `${name} must have ${n} value${n > 1 ? 's' : ''}, got ${fmtShape(values)}`);
  }
  for (const v of values) {
    if (!Number.isInteger(v) || v < min) {
      const what = min === 0 ? 'non-negative' : min === 1 ? 'positive' : `>= ${min}`;
      throw new ValueError(op, `${name} must be ${n > 1 ? `${what} integers` : `a ${what} integer`}, got ${typeof value === 'number' ? value : fmtShape(values)}`);
    }
  }
  return values;
}

/** Rejects a non-tensor or non-float argument. */
export function requireFloatTensor(op: string, name: string, t: unknown): Tensor {
  if (!(t instanceof Tensor)) throw new ValueError(op, `${name} must be a Tensor, got ${t === null ? 'null' : typeof t}`);
  if (!isFloating(t.dtype)) {
    throw new DTypeError(op, `${name} must be float32 or float64, got ${t.dtype} (shape ${fmtShape(t.shape)})`);
  }
  return t;
}

/**
 * The input of a max pooling (float, int32 or bool: newer PyTorch pools int and bool on the CPU,
 * with the input's dtype as the result's), checked, and what its window arg-max is computed on: the
 * input itself when float, else its exact float64 copy (every int32 and bool value is exact in
 * float64, so the arg-max, ties included, is the same). Int and bool results have no gradient.
 */
export function maxPoolInput(op: string, name: string, t: unknown): { input: Tensor; probe: Tensor } {
  if (!(t instanceof Tensor)) throw new ValueError(op, `${name} must be a Tensor, got ${t === null ? 'null' : typeof t}`);
  return { input: t, probe: isFloating(t.dtype) ? t : toDtype(t, 'float64') };
}

/** Rejects tensors whose dtype differs from `input`'s. */
export function sameDtype(op: string, input: Tensor, name: string, t: Tensor): void {
  if (t.dtype !== input.dtype) {
    throw new DTypeError(op, `${name} is ${t.dtype} (shape ${fmtShape(t.shape)}) but input is ${input.dtype} (shape ${fmtShape(input.shape)}); convert one with .to()`);
  }
}

/** An input seen as an image [N, C, H, W], and how to give the result its original form back. */
export interface Image {
  /** The input as [N, C, H, W] (H = 1 for 1-D ops). */
  readonly x: Tensor;
  /** True when the input had no batch dim. */
  readonly unbatched: boolean;
}

/** Views a `spatial`-D input ([N, C, *spatial] or unbatched [C, *spatial]) as [N, C, H, W]. */
export function asImage(op: string, input: Tensor, spatial: 1 | 2): Image {
  if (input.ndim !== spatial + 1 && input.ndim !== spatial + 2) {
    const dims = spatial === 1 ? ['L'] : ['H', 'W'];
    throw new ShapeError(
      op,
      `expected a ${spatial + 1}-D (unbatched [C, ${dims.join(', ')}]) or ${spatial + 2}-D (batched [N, C, ${dims.join(', ')}]) input, got shape ${fmtShape(input.shape)}`,
    );
  }
  const unbatched = input.ndim === spatial + 1;
  let x = unbatched ? unsqueeze(input, 0) : input;
  if (spatial === 1) x = unsqueeze(x, 2);
  return { x, unbatched };
}

/** Gives an [N, C, H, W] result the form of the input `asImage` made the image from. */
export function fromImage(y: Tensor, image: Image, spatial: 1 | 2): Tensor {
  let out = spatial === 1 ? squeeze(y, 2) : y;
  if (image.unbatched) out = reshape(out, out.shape.slice(1));
  return out;
}

/** Lifts per-dim values of a 1-D op to the 2-D geometry (a leading dim of size `fill`). */
export function to2d(values: readonly number[], fill: number): [number, number] {
  return values.length === 1 ? [fill, values[0]!] : [values[0]!, values[1]!];
}

/** Builds the 2-D window geometry from per-dim values of a 1-D or 2-D op. */
export function geometry(
  inputSize: readonly number[],
  kernelSize: readonly number[],
  stride: readonly number[],
  padding: readonly number[],
  dilation: readonly number[],
  outputSize: readonly number[],
): WindowGeometry {
  return {
    inputSize: to2d(inputSize, 1),
    kernelSize: to2d(kernelSize, 1),
    stride: to2d(stride, 1),
    padding: to2d(padding, 0),
    dilation: to2d(dilation, 1),
    outputSize: to2d(outputSize, 1),
  };
}

/** The spatial sizes of an input of shape [N, C, *spatial] or [C, *spatial]. */
export function spatialSize(input: Tensor, spatial: 1 | 2): number[] {
  return input.shape.slice(input.ndim - spatial);
}
