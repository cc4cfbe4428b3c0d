/**
 * Indexed reads and writes: indexSelect/indexAdd and gather/scatterAdd, each the other's adjoint.
 * Indices are int32 tensors, bounds-checked before any work.
 * @module
 */
import { kernels } from '../backend/registry.js';
import { record, type Node } from '../autograd/node.js';
import { IndexError, ShapeError, fmtShape } from '../errors.js';
import { normalizeDim, sameShape } from '../shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { pad } from './pad.js';
import { integerIndex } from './promotion.js';
import { operands, empty } from './util.js';
import { contiguousCopy } from './views.js';
import { checkTensor } from '../checks/args.js';

/** The index as int32: int32 itself, or a float tensor of whole numbers converted (promotion.ts). */
function checkIndexTensor(op: string, index: Tensor): Tensor {
  checkTensor(op, 'index', index);
  return integerIndex(op, index);
}

function checkIndexValues(op: string, index: Tensor, size: number, dim: number, shape: readonly number[]): Int32Array {
  const values = index.toTypedArray() as Int32Array;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < 0 || v >= size) {
      throw new IndexError(op, `index ${v} (at flat position ${i}) is out of range for dim ${dim} of size ${size} (shape ${fmtShape(shape)})`);
    }
  }
  return values;
}

/** The entries `index` (a 1-D int32 tensor) of x along `dim`. */
export function indexSelect(x: Tensor, dim: number, index: Tensor): Tensor {
  checkTensor('indexSelect', 'input', x);
  const d = normalizeDim('indexSelect', dim, x.ndim);
  index = checkIndexTensor('indexSelect', index);
  if (index.ndim > 1) throw new ShapeError('indexSelect', `index must be 0-D or 1-D, got shape ${fmtShape(index.shape)}`);
  const rank0 = x.ndim === 0;
  const idx = checkIndexValues('indexSelect', index, rank0 ? 1 : x.shape[d]!, d, x.shape);
  if (rank0) return x.reshape([1]).indexSelect(0, index).reshape(index.ndim === 0 ? [] : [idx.length]);
  const out = empty(x.shape.map((s, k) => (k === d ? idx.length : s)), x.dtype);
  kernels().indexSelect(x, d, idx, out.storage);
  return record('IndexSelectBackward', out, [x], indexSelectVjp, [index], { dim: d });
}
// d indexSelect = zeros with g's slices added back at `index`
function indexSelectVjp(g: Tensor, [index]: readonly Tensor[], node: Node<{ dim: number }>): Tensor[] {
  return [indexAdd(empty(node.inputShapes[0]!, g.dtype), node.attrs.dim, index!, g)];
}

/** A copy of x with `source`'s slices added at positions `index` along `dim`. */
export function indexAdd(x: Tensor, dim: number, index: Tensor, source: Tensor): Tensor {
  checkTensor('indexAdd', 'input', x);
  checkTensor('indexAdd', 'source', source);
  operands('indexAdd', x, source);
  const d = normalizeDim('indexAdd', dim, x.ndim);
  index = checkIndexTensor('indexAdd', index);
  if (index.ndim > 1) throw new ShapeError('indexAdd', `index must be 0-D or 1-D, got shape ${fmtShape(index.shape)}`);
  const idx = checkIndexValues('indexAdd', index, x.shape[d]!, d, x.shape);
  const expected = x.shape.map((s, k) => (k === d ? idx.length : s));
  if (!sameShape(expected, source.shape)) {
    throw new ShapeError('indexAdd', `source has shape ${fmtShape(source.shape)} but x ${fmtShape(x.shape)} with ${idx.length} indices along dim ${d} needs ${fmtShape(expected)}`);
  }
  // bool adds saturate, as PyTorch's (true + true is true): summed in int32, then ≠ 0 (summed in
  // the bool storage they held 2, 3 … and wrapped to false at 256)
  if (x.dtype === 'bool') return indexAdd(x.to('int32'), d, index, source.to('int32')).ne(0);
  const out = contiguousCopy(x);
  kernels().indexAdd(out, d, idx, source);
  return record('IndexAddBackward', out, [x, source], indexAddVjp, [index], { dim: d });
}
// d indexAdd = (g, g's slices at `index`)
function indexAddVjp(g: Tensor, [index]: readonly Tensor[], node: Node<{ dim: number }>): Tensor[] {
  return [g, indexSelect(g, node.attrs.dim, index!)];
}

function checkGatherShapes(op: string, x: Tensor, d: number, index: Tensor, what: string): void {
  if (index.ndim !== x.ndim) {
    throw new ShapeError(op, `index ${fmtShape(index.shape)} must have as many dims as ${what} ${fmtShape(x.shape)}`);
  }
  for (let k = 0; k < x.ndim; k++) {
    if (k !== d && index.shape[k]! > x.shape[k]!) {
      throw new ShapeError(op, `index ${fmtShape(index.shape)} is larger than ${what} ${fmtShape(x.shape)} in dim ${k}`);
    }
  }
}

/** out[i][j] = x[index[i][j]][j] (dim 0), and so on: picks along `dim` by an index of the output's shape. */
export function gather(x: Tensor, dim: number, index: Tensor): Tensor {
  checkTensor('gather', 'input', x);
  const d = normalizeDim('gather', dim, x.ndim);
  index = checkIndexTensor('gather', index);
  checkGatherShapes('gather', x, d, index, 'input');
  checkIndexValues('gather', index, x.ndim === 0 ? 1 : x.shape[d]!, d, x.shape);
  if (x.ndim === 0) return x.clone();
  const out = empty(index.shape, x.dtype);
  kernels().gather(x, d, index, out.storage);
  return record('GatherBackward', out, [x], gatherVjp, [index], { dim: d });
}
// d gather = zeros with g scatter-added at `index`
function gatherVjp(g: Tensor, [index]: readonly Tensor[], node: Node<{ dim: number }>): Tensor[] {
  return [scatterAdd(empty(node.inputShapes[0]!, g.dtype), node.attrs.dim, index!, g)];
}

/**
 * gather for an op's own int32 index, already in range by construction (max pooling's arg-max):
 * the same kernel, node name and gradient as {@link gather}, without validating the values (a pass
 * over the whole index and a copy of it, per call and again in the backward pass). `x` has rank ≥ 1,
 * `index` as many dims, no larger than x outside `dim`, and `dim` is normalized. Not exported publicly.
 */
export function gatherTrusted(x: Tensor, dim: number, index: Tensor): Tensor {
  const out = empty(index.shape, x.dtype);
  kernels().gather(x, dim, index, out.storage);
  return recordGatherTrusted(out, x, dim, index);
}

/**
 * Records `out`, which already holds x gathered at `index` along `dim` (written by the kernel that
 * found the indices: max pooling's), as {@link gatherTrusted}'s node. Not exported publicly.
 */
export function recordGatherTrusted(out: Tensor, x: Tensor, dim: number, index: Tensor): Tensor {
  return record('GatherBackward', out, [x], gatherTrustedVjp, [index], { dim });
}
// d gather = zeros with g scatter-added at `index` (written straight into fresh zeros)
function gatherTrustedVjp(g: Tensor, [index]: readonly Tensor[], node: Node<{ dim: number }>): Tensor[] {
  const out = empty(node.inputShapes[0]!, g.dtype);
  kernels().scatterAdd(out, node.attrs.dim, index!, g);
  return [record('ScatterAddBackward', out, [g], zerosScatterAddVjp, [index], node.attrs)];
}
// d (zeros with src scatter-added) = g gathered at `index` (src has the index's shape)
function zerosScatterAddVjp(g: Tensor, [index]: readonly Tensor[], node: Node<{ dim: number }>): Tensor[] {
  return [gatherTrusted(g, node.attrs.dim, index!)];
}

/** A copy of x with src[i][j] added at x[index[i][j]][j] (dim 0), and so on. */
export function scatterAdd(x: Tensor, dim: number, index: Tensor, src: Tensor): Tensor {
  checkTensor('scatterAdd', 'input', x);
  checkTensor('scatterAdd', 'src', src);
  operands('scatterAdd', x, src);
  const d = normalizeDim('scatterAdd', dim, x.ndim);
  index = checkIndexTensor('scatterAdd', index);
  checkGatherShapes('scatterAdd', x, d, index, 'self');
  checkGatherShapes('scatterAdd', src, d, index, 'src');
  if (index.ndim > 0 && index.shape[d]! > src.shape[d]!) {
    throw new ShapeError('scatterAdd', `index ${fmtShape(index.shape)} is larger than src ${fmtShape(src.shape)} in dim ${d}`);
  }
  checkIndexValues('scatterAdd', index, x.ndim === 0 ? 1 : x.shape[d]!, d, x.shape);
  if (x.ndim === 0) return x.add(src);
  if (x.dtype === 'bool') return scatterAdd(x.to('int32'), d, index, src.to('int32')).ne(0); // saturating, as indexAdd's
  const out = contiguousCopy(x);
  kernels().scatterAdd(out, d, index, src);
  return record('ScatterAddBackward', out, [x, src], scatterAddVjp, [index], { dim: d });
}
// d scatterAdd = (g, g gathered at `index`, zero-padded to src's shape)
function scatterAddVjp(g: Tensor, [index]: readonly Tensor[], node: Node<{ dim: number }>): Tensor[] {
  const picked = gather(g, node.attrs.dim, index!);
  const srcShape = node.inputShapes[1]!;
  if (sameShape(picked.shape, srcShape)) return [g, picked];
  const padding: number[] = [];
  for (let k = srcShape.length - 1; k >= 0; k--) padding.push(0, srcShape[k]! - picked.shape[k]!);
  return [g, pad(picked, padding)];
}
