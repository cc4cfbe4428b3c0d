/**
 * Tensor methods that change the tensor in place, named with a trailing `_` as in PyTorch:
 * `p.sub_(g, lr)`, `x.zero_()`, … (src/ops/inplace.ts). Each returns the tensor itself.
 * @module
 */
import * as inplace from '../../ops/inplace.js';
import type { Tensor, TensorLike } from '../tensor.js';

/** The in-place methods of {@link Tensor}. */
export interface InplaceMethods {
  /** this += other · alpha (alpha defaults to 1), in place. */
  add_(other: TensorLike, alpha?: number): this;
  /** this −= other · alpha (alpha defaults to 1), in place. */
  sub_(other: TensorLike, alpha?: number): this;
  /** this ·= other, in place. */
  mul_(other: TensorLike): this;
  /** this /= other, in place. */
  div_(other: TensorLike): this;
  /** Sets every element to 0, in place. */
  zero_(): this;
  /** Sets every element to `value`, in place. */
  fill_(value: number): this;
  /** Copies src (broadcast to this shape) into this, in place. */
  copy_(src: Tensor): this;
  /** Clamps in place. */
  clamp_(min?: number | null, max?: number | null): this;
}

/** @internal Installed on Tensor.prototype by tensor.ts. */
export const inplaceMethods: InplaceMethods & ThisType<Tensor> = {
  add_(other, alpha = 1) { return inplace.add_(this, other, alpha); },
  sub_(other, alpha = 1) { return inplace.sub_(this, other, alpha); },
  mul_(other) { return inplace.mul_(this, other); },
  div_(other) { return inplace.div_(this, other); },
  zero_() { return inplace.zero_(this); },
  fill_(value) { return inplace.fill_(this, value); },
  copy_(src) { return inplace.copy_(this, src); },
  clamp_(min, max) { return inplace.clamp_(this, min, max); },
};
