/**
 * Pixel shuffle and its inverse (PyTorch's F.pixel_shuffle / F.pixel_unshuffle): pure
 * reshape/permute, so the gradient is the inverse rearrangement.
 * @module
 */
import { checkTensor } from '../../checks/index.js';
import { ShapeError, ValueError, fmtShape } from '../../errors.js';
import { formatValue } from '../../errors.js';
import type { Tensor } from '../../tensor/tensor.js';

function checkFactor(op: string, name: string, r: number): void {
  if (!Number.isInteger(r) || r < 1) throw new ValueError(op, `${name} must be a positive integer, got ${formatValue(r)}`);
}

/**
 * [*, C·r², H, W] → [*, C, H·r, W·r]: each group of r² channels becomes an r × r block of pixels,
 * out[c, h·r + i, w·r + j] = in[c·r² + i·r + j, h, w].
 *
 * ```ts
 * import { arange } from 'chainrule';
 * import { functional as F } from 'chainrule/nn';
 * F.pixelShuffle(arange(4).reshape(1, 4, 1, 1), 2).toArray(); // [[[[0, 1], [2, 3]]]]
 * ```
 */
export function pixelShuffle(input: Tensor, upscaleFactor: number): Tensor {
  const op = 'pixelShuffle';
  checkTensor(op, 'input', input);
  checkFactor(op, 'upscaleFactor', upscaleFactor);
  const r = upscaleFactor;
  if (input.ndim < 3 || input.shape[input.ndim - 3]! % (r * r) !== 0) {
    throw new ShapeError(op, `input must be [*, C·r², H, W] with channels divisible by upscaleFactor² = ${r * r}, got ${fmtShape(input.shape)}`);
  }
  const lead = input.shape.slice(0, -3);
  const [c, h, w] = input.shape.slice(-3) as [number, number, number];
  const k = lead.length;
  const split = input.reshape([...lead, c / (r * r), r, r, h, w]);
  const order = [...lead.map((_, i) => i), k, k + 3, k + 1, k + 4, k + 2];
  return split.permute(order).reshape([...lead, c / (r * r), h * r, w * r]);
}

/**
 * The inverse of {@link pixelShuffle}: [*, C, H·r, W·r] → [*, C·r², H, W].
 *
 * ```ts
 * import { arange } from 'chainrule';
 * import { functional as F } from 'chainrule/nn';
 * F.pixelUnshuffle(arange(4).reshape(1, 1, 2, 2), 2).reshape(-1).toArray(); // [0, 1, 2, 3]
 * ```
 */
export function pixelUnshuffle(input: Tensor, downscaleFactor: number): Tensor {
  const op = 'pixelUnshuffle';
  checkTensor(op, 'input', input);
  checkFactor(op, 'downscaleFactor', downscaleFactor);
  const r = downscaleFactor;
  if (input.ndim < 3 || input.shape[input.ndim - 2]! % r !== 0 || input.shape[input.ndim - 1]! % r !== 0) {
    throw new ShapeError(op, `input must be [*, C, H, W] with H and W divisible by downscaleFactor = ${r}, got ${fmtShape(input.shape)}`);
  }
  const lead = input.shape.slice(0, -3);
  const [c, h, w] = input.shape.slice(-3) as [number, number, number];
  const k = lead.length;
  const split = input.reshape([...lead, c, h / r, r, w / r, r]);
  const order = [...lead.map((_, i) => i), k, k + 2, k + 4, k + 1, k + 3];
  return split.permute(order).reshape([...lead, c * r * r, h / r, w / r]);
}
