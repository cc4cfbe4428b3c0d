/**
 * softmax and logSoftmax as primitives: one fused kernel each way (max, shift, exp, sum and
 * normalisation in one pass over the data) and a VJP written with Tensor ops, so higher-order
 * gradients work. Both VJPs reuse the op's own output y, saved like exp's.
 * @module
 */
import type { FloatView, SoftmaxOp } from '../backend/backend.js';
import { kernels } from '../backend/registry.js';
import { record, type Node } from '../autograd/node.js';
import type { FloatArray } from '../dtype.js';
import { normalizeDim } from '../shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { exp } from './unary.js';
import { empty, requireFloat } from './util.js';

/** Runs the softmax kernel along `dim` (checked and normalised) into a new contiguous tensor. */
function applySoftmax(op: SoftmaxOp, x: Tensor, dim: number): { out: Tensor; d: number } {
  requireFloat(op, x);
  const d = normalizeDim(op, dim, x.ndim);
  const out = empty(x.shape, x.dtype);
  // an empty tensor has nothing to compute; the kernels size a work row by the dim alone ([10¹², 0]
  // along dim 0 threw a raw RangeError)
  if (out.numel() > 0) kernels().softmax(op, x as FloatView, d, out.storage as FloatArray);
  return { out, d };
}

/**
 * softmax(x)_i = e^(x_i − m) / Σ_j e^(x_j − m) along `dim`, m the max along `dim` (which cancels;
 * it only keeps e^x from overflowing). As PyTorch, a slice holding NaN or +∞, or only −∞, gives NaN.
 */
export function softmax(x: Tensor, dim: number): Tensor {
  const { out, d } = applySoftmax('softmax', x, dim);
  return record('SoftmaxBackward', out, [x], softmaxVjp, [out], { dim: d });
}
// dx = y ⊙ (g − Σ_dim(g ⊙ y))
function softmaxVjp(g: Tensor, [y]: readonly Tensor[], node: Node<{ dim: number }>): Tensor[] {
  const d = node.attrs.dim;
  return [y!.mul(g.sub(g.mul(y!).sum(d, true)))];
}

/** log softmax(x) = x − m − log Σ_j e^(x_j − m) along `dim`, computed stably (m the max along `dim`). */
export function logSoftmax(x: Tensor, dim: number): Tensor {
  const { out, d } = applySoftmax('logSoftmax', x, dim);
  return record('LogSoftmaxBackward', out, [x], logSoftmaxVjp, [out], { dim: d });
}
// dx = g − e^y ⊙ Σ_dim g
function logSoftmaxVjp(g: Tensor, [y]: readonly Tensor[], node: Node<{ dim: number }>): Tensor[] {
  const d = node.attrs.dim;
  return [g.sub(exp(y!).mul(g.sum(d, true)))];
}
