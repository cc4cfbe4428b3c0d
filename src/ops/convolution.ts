/**
 * Convolution as one primitive: forward = im2col, then one (grouped) matrix product with the
 * weight. Its node saves what PyTorch's ConvolutionBackward saves, the input and the weight, and
 * the VJP recomputes the im2col columns, instead of keeping columns (∏kernel times the input's size)
 * alive from the forward pass to the backward pass. The VJP is written with Tensor ops (im2col,
 * matmul, col2im), so gradients of any order still come from the graph. The bias is added by the
 * caller (an add, which saves nothing).
 * @module
 */
import type { WindowGeometry } from '../backend/backend.js';
import { noGrad } from '../autograd/grad-mode.js';
import { record, type Node } from '../autograd/node.js';
import { contiguousStrides } from '../shape.js';
import { Tensor } from '../tensor/tensor.js';
import { matmul } from './matmul.js';
import { col2im, im2col } from './unfold.js';
import { permute, reshape, transpose } from './views.js';

/** What the VJP needs besides the saved input and weight. */
interface ConvAttrs {
  readonly geometry: WindowGeometry;
  readonly groups: number;
}

/**
 * The convolution of an image `x` [N, C, H, W] with `weight` [Cout, C/groups, kH, kW] over the
 * windows of `geometry` (padding, stride and dilation resolved): [N, Cout, outH, outW], no bias.
 * Shapes are checked by the caller (nn/functional/conv.ts).
 */
export function convolution(x: Tensor, weight: Tensor, geometry: WindowGeometry, groups: number): Tensor {
  const out = noGrad(() => convolutionForward(x, weight, geometry, groups));
  return record('ConvolutionBackward', out, [x, weight], convolutionVjp, [x, weight], { geometry, groups });
}
// d conv(x, W) = (col2im(Wᵀ·G), G·colsᵀ summed over the batch), cols = im2col(x) recomputed, per group
function convolutionVjp(g: Tensor, [x, weight]: readonly Tensor[], node: Node<ConvAttrs>): (Tensor | null)[] {
  const { geometry, groups } = node.attrs;
  const [n, outChannels] = g.shape as [number, number];
  const positions = g.shape[2]! * g.shape[3]!;
  const k = weight!.shape[1]! * geometry.kernelSize[0]! * geometry.kernelSize[1]!; // one group's rows
  const g4 = reshape(g, [n, groups, outChannels / groups, positions]);
  const w3 = reshape(weight!, [groups, outChannels / groups, k]);
  let gx: Tensor | null = null;
  if (node.inputs[0] !== null) {
    // [groups, k, out/groups] @ [N, groups, out/groups, L] → [N, groups, k, L] → columns → image
    gx = col2im(reshape(matmul(transpose(w3, 1, 2), g4), [n, groups * k, positions]), geometry);
  }
  let gw: Tensor | null = null;
  if (node.inputs[1] !== null) {
    // one product per group over every image's positions: [out/groups, N·L] @ [N·L, k]
    const cols = reshape(im2col(x!, geometry), [n, groups, k, positions]);
    const gRows = reshape(permute(g4, [1, 2, 0, 3]), [groups, outChannels / groups, n * positions]);
    const colRows = reshape(permute(cols, [1, 2, 0, 3]), [groups, k, n * positions]);
    gw = reshape(matmul(gRows, transpose(colRows, 1, 2)), weight!.shape);
  }
  return [gx, gw];
}

/** im2col, then [groups, out/groups, k] @ [N, groups, k, L], as a fresh [N, Cout, outH, outW] tensor. */
function convolutionForward(x: Tensor, weight: Tensor, geometry: WindowGeometry, groups: number): Tensor {
  const n = x.shape[0]!;
  const outChannels = weight.shape[0]!;
  const cols = im2col(x, geometry); // [N, C·kH·kW, L]
  const k = cols.shape[1]! / groups;
  const [oh, ow] = geometry.outputSize as [number, number];
  const y = matmul(reshape(weight, [groups, outChannels / groups, k]), reshape(cols, [n, groups, k, oh * ow]));
  const shape = [n, outChannels, oh, ow];
  return new Tensor(y.storage, shape, contiguousStrides(shape), 0, y.dtype);
}
