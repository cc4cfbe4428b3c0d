/**
 * Matrix products with PyTorch's matmul rules: 1-D operands are promoted to matrices and the
 * added dim removed again; leading (batch) dims broadcast.
 * @module
 */
import type { FloatView } from '../backend/backend.js';
import { kernels } from '../backend/registry.js';
import { record, type Node } from '../autograd/node.js';
import type { FloatArray } from '../dtype.js';
import { ShapeError, fmtShape } from '../errors.js';
import { broadcastShapes } from '../shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { operands, empty, requireFloat } from './util.js';
import { contiguousCopy, expand, reshape, squeeze, transpose, unsqueeze } from './views.js';
import { checkTensor } from '../checks/args.js';
import { checkShapeNumel } from '../checks/limits.js';

/** Matrix product a @ b. */
export function matmul(a: Tensor, b: Tensor): Tensor {
  checkTensor('matmul', 'input', a);
  checkTensor('matmul', 'other', b);
  operands('matmul', a, b);
  requireFloat('matmul', a, 'first operand');
  if (a.ndim === 0 || b.ndim === 0) {
    throw new ShapeError('matmul', `${fmtShape(a.shape)} @ ${fmtShape(b.shape)}: both operands need at least 1 dim`);
  }
  const kA = a.shape[a.ndim - 1]!;
  const kB = b.ndim === 1 ? b.shape[0]! : b.shape[b.ndim - 2]!;
  if (kA !== kB) {
    throw new ShapeError('matmul', `${fmtShape(a.shape)} @ ${fmtShape(b.shape)}: inner dimensions ${kA} and ${kB} differ`);
  }
  if (a.ndim === 1 && b.ndim === 1) return reshape(matmul(unsqueeze(a, 0), unsqueeze(b, 1)), []);
  if (a.ndim === 1) return squeeze(matmul(unsqueeze(a, 0), b), -2);
  if (b.ndim === 1) return squeeze(matmul(a, unsqueeze(b, 1)), -1);
  if (a.ndim >= 3 && b.ndim === 2) return foldedMatmul(a, b);
  const m = a.shape[a.ndim - 2]!;
  const n = b.shape[b.ndim - 1]!;
  const batch = broadcastShapes('matmul', a.shape.slice(0, -2), b.shape.slice(0, -2));
  checkShapeNumel('matmul', [...batch, m, n], 'the product'); // named here, not by the allocation inside
  return batchedMatmul(expand(a, [...batch, m, kA]), expand(b, [...batch, kA, n]));
}

/**
 * a [..., m, k] @ b [k, n] as one product [(…·m), k]·[k, n], as PyTorch folds it: `linear` on a
 * sequence [T, B, in] is then one product, and b's gradient one product over all T·B rows, where
 * a product per batch entry against the same b would need b's gradient as a sum of per-entry
 * products (for an LSTM's input weights: 2 MB of partial products per step, summed).
 */
function foldedMatmul(a: Tensor, b: Tensor): Tensor {
  const lead = a.shape.slice(0, -1);
  const rows = lead.reduce((p, s) => p * s, 1);
  checkShapeNumel('matmul', [...lead, b.shape[1]!], 'the product'); // named in the caller's shape, before the fold's [rows, n]
  return reshape(matmul(reshape(a, [rows, a.shape[a.ndim - 1]!]), b), [...lead, b.shape[1]!]);
}

/** Whether each operand of a product is column-major (see isColumnMajor): what its VJP needs. */
interface MatmulLayout {
  xColumnMajor: boolean;
  yColumnMajor: boolean;
}

/** The primitive: x [..., m, k] @ y [..., k, n] with identical batch dims. */
function batchedMatmul(x: Tensor, y: Tensor): Tensor {
  const rank = x.ndim;
  const m = x.shape[rank - 2]!;
  const n = y.shape[rank - 1]!;
  const out = empty([...x.shape.slice(0, -2), m, n], x.dtype);
  // an empty product computes nothing: the kernels walk the batch even when m or n is 0 (10¹² batches hung)
  if (out.numel() > 0) kernels().matmul(as3d(x), as3d(y), out.storage as FloatArray, false);
  // Save each operand only if the other one needs a gradient; note each one's layout for its gradient.
  const layout: MatmulLayout = { xColumnMajor: isColumnMajor(x), yColumnMajor: isColumnMajor(y) };
  return record('MatmulBackward', out, [x, y], matmulVjp, [y.requiresGrad ? x : null, x.requiresGrad ? y : null], layout, matmulVjpInto);
}
// d(X·Y) = (G·Yᵀ, Xᵀ·G); a column-major operand's gradient as (Y·Gᵀ)ᵀ or (Gᵀ·X)ᵀ (see isColumnMajor)
function matmulVjp(g: Tensor, [x, y]: readonly Tensor[], node: Node<MatmulLayout>): (Tensor | null)[] {
  return [y ? gradOfX(g, y, node.attrs.xColumnMajor) : null, x ? gradOfY(g, x, node.attrs.yColumnMajor) : null];
}
// the same, each product added straight into the engine's buffer for its input when it offers one (see VjpInto)
function matmulVjpInto(g: Tensor, [x, y]: readonly Tensor[], node: Node<MatmulLayout>, [intoX, intoY]: readonly (Tensor | null)[]): (Tensor | null)[] {
  const gx = !y ? null : intoX ? matmulInto(g, transpose(y, -1, -2), intoX) : gradOfX(g, y, node.attrs.xColumnMajor);
  const gy = !x ? null : intoY ? matmulInto(transpose(x, -1, -2), g, intoY) : gradOfY(g, x, node.attrs.yColumnMajor);
  return [gx, gy];
}

/** G·Yᵀ, computed as (Y·Gᵀ)ᵀ when X was column-major. */
function gradOfX(g: Tensor, y: Tensor, xColumnMajor: boolean): Tensor {
  return xColumnMajor ? transpose(batchedMatmul(y, transpose(g, -1, -2)), -1, -2) : batchedMatmul(g, transpose(y, -1, -2));
}

/** Xᵀ·G, computed as (Gᵀ·X)ᵀ when Y was column-major. */
function gradOfY(g: Tensor, x: Tensor, yColumnMajor: boolean): Tensor {
  return yColumnMajor ? transpose(batchedMatmul(transpose(g, -1, -2), x), -1, -2) : batchedMatmul(transpose(x, -1, -2), g);
}

/** into += a·b for the engine's gradient buffer `into` (contiguous, of the product's shape); returns `into`. */
function matmulInto(a: Tensor, b: Tensor, into: Tensor): Tensor {
  if (into.numel() > 0) kernels().matmul(as3d(a), as3d(b), into.storage as FloatArray, true);
  return into;
}

/**
 * True for a transposed matrix layout (column stride 1 would be row-major; here the row stride
 * is 1), e.g. `linear`'s Wᵀ. Its gradient is computed transposed, as a row-major block returned
 * through a transposed view: the same product at the same cost, but W's `.grad` then receives a
 * plain row-major block instead of a transpose to gather (PyTorch's mm backward does the same).
 */
function isColumnMajor(t: Tensor): boolean {
  const r = t.ndim;
  return t.strides[r - 2] === 1 && t.strides[r - 1] !== 1 && t.shape[r - 2]! > 1;
}

/** Views [..., r, c] as [B, r, c] for the kernel, copying only if the batch dims cannot merge. */
function as3d(t: Tensor): FloatView {
  const rank = t.ndim;
  const rows = t.shape[rank - 2]!;
  const cols = t.shape[rank - 1]!;
  let batch = 1;
  for (let d = 0; d < rank - 2; d++) batch *= t.shape[d]!;
  const batchStride = mergedBatchStride(t);
  if (batchStride === null) return as3d(contiguousCopy(t));
  return {
    storage: t.storage as FloatArray,
    offset: t.offset,
    shape: [batch, rows, cols],
    strides: [batchStride, t.strides[rank - 2]!, t.strides[rank - 1]!],
  };
}

/** The single stride of the merged batch dims, or null when they do not merge. */
function mergedBatchStride(t: Tensor): number | null {
  let stride: number | null = null;
  let span = 0; // elements covered by the dims already merged (innermost first)
  for (let d = t.ndim - 3; d >= 0; d--) {
    const size = t.shape[d]!;
    if (size === 1) continue;
    if (stride === null) {
      stride = t.strides[d]!;
      span = size;
    } else if (t.strides[d] === stride * span) {
      span *= size;
    } else {
      return null;
    }
  }
  return stride ?? 0;
}
