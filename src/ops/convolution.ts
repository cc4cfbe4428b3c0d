/**
 * Convolution as one primitive: forward = im2col, then one (grouped) matrix product with the
 * weight. Its node saves what PyTorch's ConvolutionBackward saves, the input and the weight, and
 * the VJP recomputes the im2col columns, instead of keeping columns (∏kernel times the input's size)
 * alive from the forward pass to the backward pass. The VJP is written with Tensor ops (im2col,
 * matmul, col2im), so gradients of any order still come from the graph. The bias is added by the
 * caller (an add, which saves nothing).
 * @module
 */
import type { FloatView, WindowGeometry } from '../backend/backend.js';
import { kernels } from '../backend/registry.js';
import { isGradEnabled, noGrad } from '../autograd/grad-mode.js';
import { allocate, type FloatArray } from '../dtype.js';
import { record, type Node } from '../autograd/node.js';
import { contiguousStrides } from '../shape.js';
import { Tensor } from '../tensor/tensor.js';
import { matmul } from './matmul.js';
import { col2im, im2col } from './unfold.js';
import { contiguous, permute, reshape, transpose } from './views.js';

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
  // G with every image's positions side by side: [groups, out/groups, N·L] (a copy, made once if needed)
  const needRows = node.inputs[1] !== null || positions < ONE_PRODUCT_BELOW;
  const gRows = needRows ? reshape(permute(g4, [1, 2, 0, 3]), [groups, outChannels / groups, n * positions]) : g4;
  let gx: Tensor | null = null;
  if (node.inputs[0] !== null) {
    const colsGrad = positions < ONE_PRODUCT_BELOW
      ? fromRows(matmul(transpose(w3, 1, 2), gRows), n, positions) // [groups, k, N·L] → [N, groups·k, L]
      : groups === 1 && !isGradEnabled()
        ? imageProductInto(transpose(w3, 1, 2), g4, columnsScratch(x!, geometry)) // the same product, into the reused buffer
        : reshape(matmul(transpose(w3, 1, 2), g4), [n, groups * k, positions]); // per image
    gx = col2im(colsGrad, geometry); // consumes the columns before im2col below reuses their buffer
  }
  let gw: Tensor | null = null;
  if (node.inputs[1] !== null) {
    // one product per group over every image's positions: [out/groups, N·L] @ [N·L, k]
    // a view: im2col writes the rows layout; without createGraph nothing keeps the columns past this product
    const colRows = toRows(im2col(x!, geometry, 0, true, isGradEnabled() ? undefined : columnsScratch(x!, geometry)), groups);
    gw = reshape(matmul(gRows, transpose(colRows, 1, 2)), weight!.shape);
  }
  return [gx, gw];
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
 * Columns up to this many elements (16 MB of float32) are written into one buffer kept per dtype
 * and reused by every call whose columns live only inside it (the forward product, run without
 * recording; the VJP's product when no graph of the gradient is built). The columns are the
 * largest transient arrays of a CNN step (∏kernel times the input), and a fresh array for each
 * costs its allocation, zeroing and garbage collection.
 */
const SCRATCH_MAX = 2 ** 22;
const scratch = new Map<Tensor['dtype'], FloatArray>();

/** Storage for the columns of im2col(x, geometry), reused from call to call; undefined when too large. */
function columnsScratch(x: Tensor, geometry: WindowGeometry): FloatArray | undefined {
  const length = x.shape[0]! * x.shape[1]! * geometry.kernelSize[0] * geometry.kernelSize[1] * geometry.outputSize[0] * geometry.outputSize[1];
  if (length > SCRATCH_MAX) return undefined;
  let buffer = scratch.get(x.dtype);
  if (buffer === undefined || buffer.length < length) {
    buffer = allocate(x.dtype, Math.max(length, buffer?.length ?? 0)) as FloatArray;
    scratch.set(x.dtype, buffer);
  }
  return buffer.subarray(0, length);
}

/**
 * wt [1, k, Cout] @ g4 [N, 1, Cout, L] → [N, k, L] written into `into` (when given; else a fresh
 * matmul), with nothing recorded: the kernel call the matmul op makes for these operands (the
 * shared wt with batch stride 0, g4's images merged into one batch dim), without its fresh output.
 */
function imageProductInto(wt: Tensor, g4: Tensor, into: FloatArray | undefined): Tensor {
  const [n, , cout, positions] = g4.shape as [number, number, number, number];
  const k = wt.shape[1]!;
  if (into === undefined) return reshape(matmul(wt, g4), [n, k, positions]);
  const a: FloatView = { storage: wt.storage as FloatArray, offset: wt.offset, shape: [n, k, cout], strides: [0, wt.strides[1]!, wt.strides[2]!] };
  const b: FloatView = { storage: g4.storage as FloatArray, offset: g4.offset, shape: [n, cout, positions], strides: [n > 1 ? g4.strides[0]! : 0, g4.strides[2]!, g4.strides[3]!] };
  kernels().matmul(a, b, into, false);
  return new Tensor(into, [n, k, positions], contiguousStrides([n, k, positions]), 0, g4.dtype);
}

/** im2col, then the grouped product with the weight, as a fresh [N, Cout, outH, outW] tensor. */
function convolutionForward(x: Tensor, weight: Tensor, geometry: WindowGeometry, groups: number): Tensor {
  const n = x.shape[0]!;
  const outChannels = weight.shape[0]!;
  const k = weight.shape[1]! * geometry.kernelSize[0] * geometry.kernelSize[1]; // one group's rows of the columns [N, C·kH·kW, L]
  const [oh, ow] = geometry.outputSize as [number, number];
  const w3 = reshape(weight, [groups, outChannels / groups, k]);
  const y =
    oh * ow < ONE_PRODUCT_BELOW
      ? contiguous(fromRows(matmul(w3, toRows(im2col(x, geometry, 0, true, columnsScratch(x, geometry)), groups)), n, oh * ow)) // [groups, out/groups, N·L] → [N, Cout, L]
      : matmul(w3, reshape(im2col(x, geometry, 0, false, columnsScratch(x, geometry)), [n, groups, k, oh * ow])); // [N, groups, out/groups, L]
  const shape = [n, outChannels, oh, ow];
  return new Tensor(y.storage, shape, contiguousStrides(shape), y.offset, y.dtype);
}
