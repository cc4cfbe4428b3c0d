/**
 * im2col and col2im, the two primitives convolution and pooling are built from. im2col copies
 * every sliding window of an image [N, C, H, W] into a column of [N, C·kH·kW, L]; col2im adds
 * columns back into an image, summing where windows overlap. They are adjoint linear maps, so each
 * is the other's VJP and gradients of any order come for free. Also max pooling's window arg-max
 * (an index, not differentiable), alone or with the window maxima.
 * @module
 */
import type { FloatView, WindowGeometry } from '../backend/backend.js';
import { kernels } from '../backend/registry.js';
import { record, type Node } from '../autograd/node.js';
import type { FloatArray } from '../dtype.js';
import { ShapeError, fmtShape } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { contiguousStrides } from '../shape.js';
import { empty, requireFloat } from './util.js';
import { recordGatherTrusted } from './indexing.js';
import { reshape } from './views.js';

export type { WindowGeometry } from '../backend/backend.js';

/**
 * The windows of `x` ([N, C, H, W]) as columns: [N, C·kH·kW, outH·outW]. Positions in the padding
 * read `padValue` (0 for convolution, −∞ for max pooling). With `byRows` the same tensor is laid
 * out in memory as [C·kH·kW, N, outH·outW] (strides [L, N·L, 1]): each row holds every image's
 * columns side by side, so one product over the whole batch takes it as a view, with no copy.
 * `into` (internal) is storage of exactly that size to write instead of a fresh array.
 */
export function im2col(x: Tensor, geometry: WindowGeometry, padValue = 0, byRows = false, into?: FloatArray): Tensor {
  requireFloat('im2col', x);
  const [kh, kw] = geometry.kernelSize;
  const [oh, ow] = geometry.outputSize;
  if (x.ndim !== 4 || x.shape[2] !== geometry.inputSize[0] || x.shape[3] !== geometry.inputSize[1]) {
    throw new ShapeError('im2col', `expected an input [N, C, ${geometry.inputSize.join(', ')}], got ${fmtShape(x.shape)}`);
  }
  const [n, c] = x.shape as [number, number];
  const rows = c * kh * kw;
  const columns = oh * ow;
  // `into`: a caller's scratch buffer of the right size (convolution.ts; the kernel writes every entry)
  const storage = into ?? empty([rows, n, columns], x.dtype).storage;
  const out = new Tensor(storage, [n, rows, columns], byRows ? [columns, n * columns, 1] : contiguousStrides([n, rows, columns]), 0, x.dtype);
  kernels().im2col(x as FloatView, geometry, padValue, storage as FloatArray, byRows);
  return record('Im2colBackward', out, [x], im2colVjp, [], { geometry });
}
// d im2col = col2im(g): each copied entry's gradient returns to its pixel, overlaps summed
function im2colVjp(g: Tensor, _saved: readonly Tensor[], node: Node<{ geometry: WindowGeometry }>): Tensor[] {
  return [col2im(g, node.attrs.geometry)];
}

/** Sums columns [N, C·kH·kW, outH·outW] back into an image [N, C, H, W] (padding is dropped). */
export function col2im(cols: Tensor, geometry: WindowGeometry): Tensor {
  requireFloat('col2im', cols);
  const [kh, kw] = geometry.kernelSize;
  const [oh, ow] = geometry.outputSize;
  const k = kh * kw;
  if (cols.ndim !== 3 || cols.shape[1]! % k !== 0 || cols.shape[2] !== oh * ow) {
    throw new ShapeError('col2im', `expected columns [N, C·${k}, ${oh * ow}], got ${fmtShape(cols.shape)}`);
  }
  const out = empty([cols.shape[0]!, cols.shape[1]! / k, ...geometry.inputSize], cols.dtype);
  kernels().col2im(cols as FloatView, geometry, out.storage as FloatArray);
  return record('Col2imBackward', out, [cols], col2imVjp, [], { geometry });
}
// d col2im = im2col(g) with zero padding (the adjoint of summing is copying)
function col2imVjp(g: Tensor, _saved: readonly Tensor[], node: Node<{ geometry: WindowGeometry }>): Tensor[] {
  return [im2col(g, node.attrs.geometry, 0)];
}

/**
 * For each window of `x` ([N, C, H, W]), the flat index iy·W + ix of its largest in-image value
 * (PyTorch's max-pool indices: padding never wins, first of equal maxima, last NaN): int32
 * [N, C, outH, outW]. An index, so no gradient; max pooling gathers its values with it.
 */
export function maxPoolIndices(x: Tensor, geometry: WindowGeometry): Tensor {
  checkPoolInput('maxPoolIndices', x, geometry);
  const out = empty([x.shape[0]!, x.shape[1]!, ...geometry.outputSize], 'int32');
  kernels().maxPoolIndices(x as FloatView, geometry, out.storage as Int32Array);
  return out;
}

/**
 * Max pooling of a float `x` ([N, C, H, W]): each window's max and its {@link maxPoolIndices}
 * index, both from one kernel pass. The values are recorded as what they are, x's flattened planes
 * gathered at the indices (Reshape → Gather → Reshape, as a gather would record them), so the
 * gradient is the gather's: a scatter-add back to the arg-max positions.
 */
export function maxPoolWithIndices(x: Tensor, geometry: WindowGeometry): { values: Tensor; indices: Tensor } {
  checkPoolInput('maxPoolWithIndices', x, geometry);
  const [n, c, h, w] = x.shape as [number, number, number, number];
  const [oh, ow] = geometry.outputSize;
  const indices = empty([n, c, oh, ow], 'int32');
  const values = empty([n, c, oh * ow], x.dtype);
  kernels().maxPoolIndices(x as FloatView, geometry, indices.storage as Int32Array, values.storage as FloatArray);
  const picked = recordGatherTrusted(values, reshape(x, [n, c, h * w]), 2, reshape(indices, [n, c, oh * ow]));
  return { values: reshape(picked, [n, c, oh, ow]), indices };
}

function checkPoolInput(op: string, x: Tensor, geometry: WindowGeometry): void {
  requireFloat(op, x);
  if (x.ndim !== 4 || x.shape[2] !== geometry.inputSize[0] || x.shape[3] !== geometry.inputSize[1]) {
    throw new ShapeError(op, `expected an input [N, C, ${geometry.inputSize.join(', ')}], got ${fmtShape(x.shape)}`);
  }
}
