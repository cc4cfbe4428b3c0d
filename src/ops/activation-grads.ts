/**
 * The VJPs of tanh, sigmoid and relu as ops of their own, as PyTorch's `tanh_backward`,
 * `sigmoid_backward` and `threshold_backward`: one kernel pass instead of two to four elementwise
 * ops (a recurrent network's backward pass runs thousands of them). Each is differentiable, so
 * second derivatives still come out of the graph.
 * @module
 */
import { kernels } from '../backend/registry.js';
import { record } from '../autograd/node.js';
import { DTypeError, ShapeError, fmtShape } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { empty, requireFloat } from './util.js';

/** Checks that g and y are floats of one dtype and one shape, then runs the kernel. */
function applyActivationGrad(op: 'tanhBackward' | 'sigmoidBackward' | 'reluBackward', g: Tensor, y: Tensor): Tensor {
  requireFloat(op, g, 'grad');
  requireFloat(op, y, 'output');
  if (g.dtype !== y.dtype) throw new DTypeError(op, `grad is ${g.dtype} but output is ${y.dtype}`);
  if (g.shape.length !== y.shape.length || g.shape.some((s, d) => s !== y.shape[d])) {
    throw new ShapeError(op, `grad ${fmtShape(g.shape)} and output ${fmtShape(y.shape)} must have the same shape`);
  }
  const out = empty(y.shape, y.dtype);
  kernels().binary(op, g, y, out.storage);
  return out;
}

/** g·(1 − y²) for y = tanh(x): the gradient of tanh given its output y and the upstream g. */
export function tanhBackward(g: Tensor, y: Tensor): Tensor {
  return record('TanhBackwardBackward', applyActivationGrad('tanhBackward', g, y), [g, y], tanhBackwardVjp, [g, y]);
}
// d[g·(1 − y²)] = (gg·(1 − y²), −2·gg·g·y)
function tanhBackwardVjp(gg: Tensor, [g, y]: readonly Tensor[]): Tensor[] {
  return [tanhBackward(gg, y!), gg.mul(g!).mul(y!).mul(-2)];
}

/** g·y·(1 − y) for y = σ(x): the gradient of sigmoid given its output y and the upstream g. */
export function sigmoidBackward(g: Tensor, y: Tensor): Tensor {
  return record('SigmoidBackwardBackward', applyActivationGrad('sigmoidBackward', g, y), [g, y], sigmoidBackwardVjp, [g, y]);
}
// d[g·(y − y²)] = (gg·y(1 − y), gg·g·(1 − 2y))
function sigmoidBackwardVjp(gg: Tensor, [g, y]: readonly Tensor[]): Tensor[] {
  return [sigmoidBackward(gg, y!), gg.mul(g!).mul(y!.mul(-2).add(1))];
}

/** g where y > 0, else 0, for y = relu(x) (a NaN y passes g through, as PyTorch's relu backward). */
export function reluBackward(g: Tensor, y: Tensor): Tensor {
  return record('ReluBackwardBackward', applyActivationGrad('reluBackward', g, y), [g, y], reluBackwardVjp, [y]);
}
// d[g·1(y > 0)] = (gg·1(y > 0), 0): the mask is constant almost everywhere
function reluBackwardVjp(gg: Tensor, [y]: readonly Tensor[]): (Tensor | null)[] {
  return [reluBackward(gg, y!), null];
}
