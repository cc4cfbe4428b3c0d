/**
 * diagonal (a view) and its adjoint embedDiagonal, plus diag, diagEmbed and trace built on them.
 * @module
 */
import { asOp, checkInt, checkShapeNumel, checkTensor } from '../checks/index.js';
import { kernels } from '../backend/registry.js';
import type { View } from '../backend/backend.js';
import { record, type Node } from '../autograd/node.js';
import { IndexError, ShapeError, fmtShape } from '../errors.js';
import { normalizeDim, sameShape } from '../shape.js';
import { Tensor } from '../tensor/tensor.js';
import { sum } from './reduce.js';
import { empty } from './util.js';

/** What diagonal and embedDiagonal record: the offset and the two dims. */
interface DiagonalAttrs {
  offset: number;
  dim1: number;
  dim2: number;
}

/** The diagonal of a (shape, strides, offset) layout as a View: dims d1, d2 removed, the diagonal appended. */
function diagonalLayout(x: View, offset: number, d1: number, d2: number): View {
  const s1 = x.shape[d1]!;
  const s2 = x.shape[d2]!;
  const length = Math.max(0, offset >= 0 ? Math.min(s1, s2 - offset) : Math.min(s1 + offset, s2));
  const start = length === 0 ? 0 : offset >= 0 ? offset * x.strides[d2]! : -offset * x.strides[d1]!;
  const keep = (_: number, d: number): boolean => d !== d1 && d !== d2;
  return {
    storage: x.storage,
    offset: x.offset + start,
    shape: [...x.shape.filter(keep), length],
    strides: [...x.strides.filter(keep), x.strides[d1]! + x.strides[d2]!],
  };
}

function resolveDims(op: string, rank: number, dim1: number, dim2: number): [number, number] {
  if (rank < 2) throw new ShapeError(op, `needs a tensor of at least 2 dims, got rank ${rank}`);
  const d1 = normalizeDim(op, dim1, rank, 'dim1');
  const d2 = normalizeDim(op, dim2, rank, 'dim2');
  if (d1 === d2) throw new IndexError(op, `dim1 and dim2 must differ, both are ${d1}`);
  return [d1, d2];
}

/**
 * The diagonal `offset` (0 main, > 0 above, < 0 below) of the matrices in dims `dim1`, `dim2`, as a
 * view: those dims are removed and the diagonal is appended as the last dim (PyTorch's `torch.diagonal`).
 *
 * @example
 * ```ts
 * diagonal(tensor([[1, 2], [3, 4]])); // [1, 4]
 * diagonal(tensor([[1, 2], [3, 4]]), 1); // [2]
 * ```
 */
export function diagonal(x: Tensor, offset = 0, dim1 = 0, dim2 = 1): Tensor {
  checkTensor('diagonal', 'input', x);
  checkInt('diagonal', 'offset', offset);
  const [d1, d2] = resolveDims('diagonal', x.ndim, dim1, dim2);
  const v = diagonalLayout(x, offset, d1, d2);
  const out = new Tensor(x.storage, v.shape, v.strides, v.offset, x.dtype, x.base ?? x, x.versionCounter);
  return record('DiagonalBackward', out, [x], diagonalVjp, [], { offset, dim1: d1, dim2: d2 });
}
// d diagonal = g written onto the diagonal of zeros of the input's shape
function diagonalVjp(g: Tensor, _saved: readonly Tensor[], node: Node<DiagonalAttrs>): Tensor[] {
  const { offset, dim1, dim2 } = node.attrs;
  return [embedDiagonal(g, node.inputShapes[0]!, offset, dim1, dim2)];
}

/** Zeros of `shape` with `src` on the diagonal `offset` of dims d1, d2 (diagonal's adjoint). */
export function embedDiagonal(src: Tensor, shape: readonly number[], offset: number, d1: number, d2: number): Tensor {
  const out = empty(shape, src.dtype);
  const v = diagonalLayout(out, offset, d1, d2);
  if (!sameShape(v.shape, src.shape)) {
    throw new ShapeError('embedDiagonal', `source shape ${fmtShape(src.shape)} does not match the diagonal's shape ${fmtShape(v.shape)}`);
  }
  kernels().copy(src, v);
  return record('DiagEmbedBackward', out, [src], embedDiagonalVjp, [], { offset, dim1: d1, dim2: d2 });
}
// d embedDiagonal = the diagonal of g
function embedDiagonalVjp(g: Tensor, _saved: readonly Tensor[], node: Node<DiagonalAttrs>): Tensor[] {
  const { offset, dim1, dim2 } = node.attrs;
  return [diagonal(g, offset, dim1, dim2)];
}

/**
 * Square matrices with the last dim of `x` on diagonal `offset` of the last two dims (PyTorch's
 * `torch.diag_embed` with its default dims).
 *
 * @example
 * ```ts
 * diagEmbed(tensor([1, 2])); // [[1, 0], [0, 2]]
 * ```
 */
export function diagEmbed(x: Tensor, offset = 0): Tensor {
  checkTensor('diagEmbed', 'input', x);
  checkInt('diagEmbed', 'offset', offset);
  if (x.ndim < 1) throw new ShapeError('diagEmbed', 'needs a tensor of at least 1 dim, got a 0-d tensor');
  const side = x.shape[x.ndim - 1]! + Math.abs(offset);
  checkShapeNumel('diagEmbed', [...x.shape.slice(0, -1), side, side], 'the result');
  const n = x.shape[x.ndim - 1]! + Math.abs(offset);
  const shape = [...x.shape.slice(0, -1), n, n];
  return embedDiagonal(x, shape, offset, shape.length - 2, shape.length - 1);
}

/**
 * PyTorch's `torch.diag`: a 1-D x becomes the square matrix with x on diagonal `offset`; a 2-D x
 * gives its diagonal `offset`.
 *
 * @example
 * ```ts
 * diag(tensor([1, 2])); // [[1, 0], [0, 2]]
 * diag(tensor([[1, 2], [3, 4]])); // [1, 4]
 * ```
 */
export function diag(x: Tensor, offset = 0): Tensor {
  checkTensor('diag', 'input', x);
  checkInt('diag', 'offset', offset);
  if (x.ndim === 1) return asOp('diag', () => diagEmbed(x, offset));
  if (x.ndim === 2) return asOp('diag', () => diagonal(x, offset));
  throw new ShapeError('diag', `expects a 1-D or 2-D tensor, got shape ${fmtShape(x.shape)}`);
}

/**
 * The sum of the main diagonal of a 2-D tensor.
 *
 * @example
 * ```ts
 * trace(tensor([[1, 2], [3, 4]])); // 5
 * ```
 */
export function trace(x: Tensor): Tensor {
  checkTensor('trace', 'input', x);
  if (x.ndim !== 2) throw new ShapeError('trace', `expects a 2-D tensor, got shape ${fmtShape(x.shape)}`);
  return asOp('trace', () => sum(diagonal(x))); // an int32 sum past 2³¹ is trace's error, not sum's
}
