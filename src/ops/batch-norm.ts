/**
 * Training-mode batch normalization as one primitive, so its node saves what PyTorch's
 * NativeBatchNormBackward needs — the input and the weight — instead of the composite's
 * intermediates (the centred input and the normalized input, each the input's size). The forward
 * runs the same ops as the composite (mean, centring, biased variance, division by √(σ² + eps),
 * scale, shift) outside the graph; the VJP recomputes the statistics from the saved input with
 * Tensor ops, so gradients of any order (through the batch statistics) still come from the graph.
 * @module
 */
import { noGrad } from '../autograd/grad-mode.js';
import { record, type Node } from '../autograd/node.js';
import { contiguousStrides } from '../shape.js';
import { Tensor } from '../tensor/tensor.js';

/** What the VJP needs besides the saved input and weight. */
interface BatchNormAttrs {
  /** Every dim but the channel dim 1. */
  readonly dims: readonly number[];
  readonly eps: number;
  /** [1, C, 1, …]: the per-channel tensors' broadcast shape. */
  readonly channelShape: readonly number[];
  readonly hasWeight: boolean;
  readonly hasBias: boolean;
}

/** The normalized output and the batch statistics (outside the graph) for the running averages. */
export interface BatchNormTraining {
  readonly output: Tensor;
  /** Batch mean, [1, C, 1, …], no graph. */
  readonly mean: Tensor;
  /** Biased batch variance, [1, C, 1, …], no graph. */
  readonly variance: Tensor;
}

/**
 * y = (x − μ)/√(σ² + eps)·γ + β with μ and σ² (biased) of `x` [N, C, …] over every dim but 1.
 * Arguments are checked by the caller (nn/functional/normalization.ts).
 */
export function batchNormTraining(x: Tensor, weight: Tensor | null | undefined, bias: Tensor | null | undefined, eps: number): BatchNormTraining {
  const dims = x.shape.map((_, d) => d).filter((d) => d !== 1);
  const channelShape = x.shape.map((s, d) => (d === 1 ? s : 1));
  const { y, mean, variance } = noGrad(() => {
    const mean = x.mean(dims, true);
    const centered = x.sub(mean);
    const variance = centered.mul(centered).mean(dims, true);
    // Division, scale and shift write into `centered` (no longer needed): the same kernels on the
    // same operands as the out-of-place ops, so the same bits, without three input-sized outputs.
    const y = centered.div_(variance.add(eps).sqrt());
    if (weight) y.mul_(weight.reshape(channelShape));
    if (bias) y.add_(bias.reshape(channelShape));
    return { y, mean, variance };
  });
  const fresh = new Tensor(y.storage, y.shape, contiguousStrides(y.shape), 0, y.dtype);
  const inputs = [x, ...(weight ? [weight] : []), ...(bias ? [bias] : [])];
  const attrs: BatchNormAttrs = { dims, eps, channelShape, hasWeight: !!weight, hasBias: !!bias };
  const output = record('BatchNormBackward', fresh, inputs, batchNormVjp, [x, weight ?? null], attrs);
  return { output, mean, variance };
}
// dx = (ĝ − mean ĝ − x̂·mean(ĝ·x̂))/√(σ² + eps) with ĝ = g·γ; dγ = Σ g·x̂; dβ = Σ g (sums over all dims but 1)
function batchNormVjp(g: Tensor, [x, weight]: readonly Tensor[], node: Node<BatchNormAttrs>): (Tensor | null)[] {
  const { dims, eps, channelShape, hasWeight, hasBias } = node.attrs;
  const centered = x!.sub(x!.mean(dims, true));
  const invStd = centered.mul(centered).mean(dims, true).add(eps).sqrt().reciprocal();
  const xHat = centered.mul(invStd);
  const grads: (Tensor | null)[] = [];
  if (node.inputs[0] !== null) {
    const gHat = hasWeight ? g.mul(weight!.reshape(channelShape)) : g;
    grads.push(gHat.sub(gHat.mean(dims, true)).sub(xHat.mul(gHat.mul(xHat).mean(dims, true))).mul(invStd));
  } else grads.push(null);
  if (hasWeight) grads.push(node.inputs[1] !== null ? g.mul(xHat).sum(dims) : null);
  if (hasBias) grads.push(node.inputs[hasWeight ? 2 : 1] !== null ? g.sum(dims) : null);
  return grads;
}
