/**
 * Convolution as one primitive: forward = im2col, then one (grouped) matrix product with the
 * weight. Its node saves what PyTorch's ConvolutionBackward saves, the input and the weight, and
 * the VJP recomputes the im2col columns, instead of keeping columns (∏kernel times the input's size)
 * alive from the forward pass to the backward pass. The VJP is written with Tensor ops (im2col,
 * matmul, col2im), so gradients of any order still come from the graph. The bias, when given, is
 * added inside the forward product's kernel call: no separate add, and no output before the bias
 * to allocate and drop (PyTorch's ConvolutionBackward takes it too). Products whose columns live
 * only inside them (the forward; the VJP's when no graph of the gradient is built) run as one
 * kernel call with their im2col or col2im (`im2colMatmul`, `matmulCol2im`: the columns never
 * leave a backend's memory).
 * @module
 */
import type { ColumnsLayout, FloatView, WindowGeometry } from '../backend/backend.js';
import { kernels } from '../backend/registry.js';
import { isGradEnabled, noGrad } from '../autograd/grad-mode.js';
import type { FloatArray } from '../dtype.js';
import { record, type Node } from '../autograd/node.js';
import { contiguousStrides } from '../shape.js';
import { Tensor } from '../tensor/tensor.js';
import { matmul } from './matmul.js';
import { sumTo } from './reduce.js';
import { empty } from './util.js';
import { col2im, im2col } from './unfold.js';
import { contiguous, permute, reshape, transpose } from './views.js';

/** What the VJP needs besides the saved input and weight. */
interface ConvAttrs {
  readonly geometry: WindowGeometry;
  readonly groups: number;
}

/**
 * The convolution of an image `x` [N, C, H, W] with `weight` [Cout, C/groups, kH, kW] over the
 * windows of `geometry` (padding, stride and dilation resolved), plus `bias` [Cout] (of x's dtype)
 * when given: [N, Cout, outH, outW]. The bias is added inside the product's kernel call (the
 * rounding of an add; PyTorch's ConvolutionBackward takes the bias too), and its gradient is G
 * summed to [Cout, 1, 1], as the add's broadcast would have it. Shapes are checked by the caller
 * (nn/functional/conv.ts).
 */
export function convolution(x: Tensor, weight: Tensor, geometry: WindowGeometry, groups: number, bias: Tensor | null = null): Tensor {
  const out = noGrad(() => convolutionForward(x, weight, geometry, groups, bias));
  const inputs = bias === null ? [x, weight] : [x, weight, bias];
  return record('ConvolutionBackward', out, inputs, convolutionVjp, [x, weight], { geometry, groups });
}
// d conv(x, W, b) = (col2im(Wᵀ·G), G·colsᵀ summed over the batch, G summed over images and positions),
// cols = im2col(x) recomputed, per group
function convolutionVjp(g: Tensor, [x, weight]: readonly Tensor[], node: Node<ConvAttrs>): (Tensor | null)[] {
  const { geometry, groups } = node.attrs;
  const [n, outChannels] = g.shape as [number, number];
  const positions = g.shape[2]! * g.shape[3]!;
  const k = weight!.shape[1]! * geometry.kernelSize[0]! * geometry.kernelSize[1]!; // one group's rows
  const g4 = reshape(g, [n, groups, outChannels / groups, positions]);
  const w3 = reshape(weight!, [groups, outChannels / groups, k]);
  // G with every image's positions side by side: [groups, out/groups, N·L] (a copy, made once if
  // needed: by the input gradient's one product when it is recorded or grouped, or by a weight
  // gradient recorded as matmul)
  const gImageRows = permute(g4, [1, 2, 0, 3]); // [groups, out/groups, N, L], a view
  const oneProduct = positions < ONE_PRODUCT_BELOW;
  const fused = groups === 1 && !isGradEnabled(); // the input gradient as one matmulCol2im call
  const needRows = (oneProduct && !fused && node.inputs[0] !== null) || (node.inputs[1] !== null && isGradEnabled());
  const gRows = needRows ? reshape(gImageRows, [groups, outChannels / groups, n * positions]) : g4;
  let gx: Tensor | null = null;
  if (node.inputs[0] !== null) {
    gx = fused
      ? productCol2im(transpose(w3, 1, 2), oneProduct ? gImageRows : g4, geometry, oneProduct) // the product and col2im in one kernel call
      : col2im(oneProduct
        ? fromRows(matmul(transpose(w3, 1, 2), gRows), n, positions) // [groups, k, N·L] → [N, groups·k, L]
        : reshape(matmul(transpose(w3, 1, 2), g4), [n, groups * k, positions]), geometry); // per image
  }
  let gw: Tensor | null = null;
  if (node.inputs[1] !== null) {
    // one product per group over every image's positions: [out/groups, N·L] @ [N·L, k], the
    // columns a view of im2col's rows layout; one kernel call unless the product must be recorded,
    // G then read in place as [groups, out/groups, N, L]
    const rows = n * positions;
    gw = reshape(isGradEnabled()
      ? matmul(gRows, transpose(toRows(im2col(x!, geometry, 0, true), groups), 1, 2))
      : columnsProduct((needRows ? gRows : gImageRows) as FloatView, x!, geometry, true, { offset: 0, shape: [groups, rows, k], strides: [k * rows, 1, rows] }), weight!.shape);
  }
  if (node.inputs.length === 2) return [gx, gw];
  const gb = node.inputs[2] === null ? null : reshape(sumTo(g, [outChannels, 1, 1]), [outChannels]);
  return [gx, gw, gb];
}

/**
 * Output positions per image below which the products run once over the whole batch
 * ([out/groups, k] @ [k, N·L], the columns laid out by rows to put every image's positions side by
 * side) rather than once per image: a per-image product with few columns (deep layers at small
 * resolutions: L = 1 to 64) reads the whole weight for each image, while one product reuses it
 * across images. Permuting its result back costs 1/k of the product; above this size the
 * per-image products are efficient and that copy (and its transient memory) is skipped. (The
 * measurement below predates im2col's by-rows layout, when the columns were permuted too.)
 * Measured (bench/compare-builds.mjs, the 28×28 CNN step of bench/training-models.mjs, whose
 * convolutions have L = 784 and 196): a threshold of 1024 made that step 1.5× slower than the
 * per-image products; at 64 it runs within 8 % of them, and ResNet-18's deep layers (L ≤ 49 at
 * 224×224, ≤ 16 at 32×32) keep the one product.
 */
const ONE_PRODUCT_BELOW = 64;

/** Columns [N, groups·k, L] → [groups, k, N·L]: a view of columns laid out by rows (im2col's `byRows`), else a copy. */
function toRows(cols: Tensor, groups: number): Tensor {
  const [n, rows, positions] = cols.shape as [number, number, number];
  return reshape(permute(reshape(cols, [n, groups, rows / groups, positions]), [1, 2, 0, 3]), [groups, rows / groups, n * positions]);
}

/** Rows [groups, r, N·L] → [N, groups·r, L] (a copy). */
function fromRows(rows: Tensor, n: number, positions: number): Tensor {
  const [groups, r] = rows.shape as [number, number];
  return reshape(permute(reshape(rows, [groups * r, n, positions]), [1, 0, 2]), [n, groups * r, positions]);
}

/**
 * a·(the view `cols` of im2col(x)'s columns, zero padding, laid out by rows or not) as a fresh
 * [B, M, N] tensor, nothing recorded: one im2colMatmul call, the columns never materialized here.
 */
function columnsProduct(a: FloatView, x: Tensor, geometry: WindowGeometry, byRows: boolean, cols: ColumnsLayout, bias?: FloatView): Tensor {
  const out = empty([a.shape[0]!, a.shape[1]!, cols.shape[2]!], x.dtype);
  kernels().im2colMatmul(x as FloatView, geometry, byRows, a, cols, out.storage as FloatArray, bias);
  return out;
}

/**
 * col2im(wt [1, k, Cout] @ G) as a fresh image, nothing recorded: one matmulCol2im call. Per
 * image (`byRows` false) G is g4 [N, 1, Cout, L], and the operands are those the matmul op would
 * give the kernel (the shared wt with batch stride 0, g4's images as the batch); by rows it is
 * G's image-rows view [1, Cout, N, L], one product over every image's positions.
 */
function productCol2im(wt: Tensor, g: Tensor, geometry: WindowGeometry, byRows: boolean): Tensor {
  const [n, cout, positions] = (byRows ? [g.shape[2], g.shape[1], g.shape[3]] : [g.shape[0], g.shape[2], g.shape[3]]) as [number, number, number];
  const k = wt.shape[1]!;
  const a: FloatView = { storage: wt.storage as FloatArray, offset: wt.offset, shape: [byRows ? 1 : n, k, cout], strides: [0, wt.strides[1]!, wt.strides[2]!] };
  const b: FloatView = byRows
    ? { storage: g.storage as FloatArray, offset: g.offset, shape: g.shape, strides: g.strides }
    : { storage: g.storage as FloatArray, offset: g.offset, shape: [n, cout, positions], strides: [n > 1 ? g.strides[0]! : 0, g.strides[2]!, g.strides[3]!] };
  const gx = empty([n, k / (geometry.kernelSize[0] * geometry.kernelSize[1]), ...geometry.inputSize], g.dtype);
  kernels().matmulCol2im(a, b, geometry, gx.storage as FloatArray, byRows);
  return gx;
}

/**
 * The grouped product of the weight with the columns, as a fresh [N, Cout, outH, outW] tensor:
 * per image for one group from ONE_PRODUCT_BELOW positions, else one product per group over the
 * columns laid out by rows and its result permuted back.
 */
function convolutionForward(x: Tensor, weight: Tensor, geometry: WindowGeometry, groups: number, bias: Tensor | null): Tensor {
  const n = x.shape[0]!;
  const outChannels = weight.shape[0]!;
  const k = weight.shape[1]! * geometry.kernelSize[0] * geometry.kernelSize[1]; // one group's rows of the columns [N, C·kH·kW, L]
  const [oh, ow] = geometry.outputSize as [number, number];
  const positions = oh * ow;
  const w3 = reshape(weight, [groups, outChannels / groups, k]);
  const w: FloatView = { storage: w3.storage as FloatArray, offset: w3.offset, shape: w3.shape, strides: w3.strides };
  // the bias per row of each product: [N, Cout] broadcast over the images, or [groups, out/groups]
  const b = bias === null ? undefined : (perImage: boolean): FloatView => ({ storage: bias.storage as FloatArray, offset: bias.offset,
    shape: perImage ? [n, outChannels] : [groups, outChannels / groups], strides: perImage ? [0, bias.strides[0]!] : [(outChannels / groups) * bias.strides[0]!, bias.strides[0]!] });
  const y = groups === 1 && positions >= ONE_PRODUCT_BELOW
    ? columnsProduct({ ...w, shape: [n, outChannels, k], strides: [0, w3.strides[1]!, w3.strides[2]!] }, x, geometry, false,
      { offset: 0, shape: [n, k, positions], strides: [k * positions, positions, 1] }, b?.(true)) // [N, Cout, L]
    : contiguous(fromRows(columnsProduct(w, x, geometry, true, { offset: 0, shape: [groups, k, n * positions], strides: [k * n * positions, n * positions, 1] }, b?.(false)), n, positions));
  const shape = [n, outChannels, oh, ow];
  return new Tensor(y.storage, shape, contiguousStrides(shape), y.offset, y.dtype);
}
