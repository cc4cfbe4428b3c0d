/**
 * scatter (with `reduce`) and scatterReduce, out of place: a copy of x with src folded in at
 * `index` along `dim`. 'sum' and 'mean' are scatterAdd compositions; 'prod', 'amax' and 'amin' run
 * the scatterReduce kernel, with VJPs written with gather/scatterAdd (PyTorch's gradients).
 * @module
 */
import { asOp, checkChoice, checkOptions, checkTensor, checkTensorLike, numberAs } from '../checks/index.js';
import type { ScatterReduceOp } from '../backend/backend.js';
import { kernels } from '../backend/registry.js';
import { record, type Node } from '../autograd/node.js';
import { DTypeError, IndexError, ShapeError, fmtShape } from '../errors.js';
import { normalizeDim } from '../shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { where } from './binary.js';
import { eq, gt } from './compare.js';
import { gather, scatterAdd } from './indexing.js';
import { empty, requireFloat, scalar } from './util.js';
import { contiguousCopy, narrow } from './views.js';

/** The reductions of {@link scatterReduce}. */
export type ScatterReduce = 'sum' | 'prod' | 'mean' | 'amax' | 'amin';

/** Options of {@link scatterReduce}. */
export interface ScatterReduceOptions {
  /** Fold x's own value in too (default true); when false, targets hit by src start from src alone. */
  includeSelf?: boolean;
}

/** Options of {@link scatter}. */
export interface ScatterOptions {
  /** Fold in with + or × instead of writing (PyTorch's `reduce='add' | 'multiply'`). */
  reduce?: 'add' | 'multiply';
}

/** Rejects (naming `op`) an index that is not int32, not of x's rank, larger than x or src beside `d`, or out of range. */
function checkScatter(op: string, x: Tensor, d: number, index: Tensor, src: Tensor | number): void {
  if (index.dtype !== 'int32') throw new DTypeError(op, `index must be an int32 tensor, got ${index.dtype} (shape ${fmtShape(index.shape)})`);
  if (typeof src !== 'number' && src.dtype !== x.dtype) throw new DTypeError(op, `src has dtype ${src.dtype} but x has ${x.dtype}`);
  const others = typeof src === 'number' ? [x] : [x, src];
  for (const t of others) {
    if (index.ndim !== t.ndim) throw new ShapeError(op, `index ${fmtShape(index.shape)} must have as many dims as ${t === x ? 'x' : 'src'} ${fmtShape(t.shape)}`);
    index.shape.forEach((s, k) => {
      if ((k !== d || t !== x) && s > t.shape[k]!) throw new ShapeError(op, `index ${fmtShape(index.shape)} is larger than ${t === x ? 'x' : 'src'} ${fmtShape(t.shape)} in dim ${k}`);
    });
  }
  const size = x.ndim === 0 ? 1 : x.shape[d]!;
  (index.toTypedArray() as Int32Array).forEach((v, i) => {
    if (v < 0 || v >= size) throw new IndexError(op, `index ${v} (at flat position ${i}) is out of range for dim ${d} of size ${size} (shape ${fmtShape(x.shape)})`);
  });
}

/** src's index-shaped corner (the part scatter reads), or a tensor of the value with index's shape. */
function srcPart(x: Tensor, index: Tensor, src: Tensor | number): Tensor {
  if (typeof src === 'number') {
    const out = empty(index.shape, x.dtype);
    out.storage.fill(numberAs('scatter', 'value', src, x.dtype)); // as PyTorch converts it: 0.5 into bool is true
    return out;
  }
  let part = src;
  for (let d = 0; d < index.ndim; d++) if (part.shape[d] !== index.shape[d]) part = narrow(part, d, 0, index.shape[d]!);
  return part;
}

/** 1 (as x's dtype) where some index entry lands, 0 elsewhere. */
function hits(x: Tensor, d: number, index: Tensor): Tensor {
  const ones = empty(index.shape, x.dtype);
  ones.storage.fill(1);
  return scatterAdd(empty(x.shape, x.dtype), d, index, ones);
}

/**
 * A copy of x with `src` (a tensor, or one number) written at `index` along `dim`:
 * `out[index[i][j]][j] = src[i][j]` for dim 0, and so on. When two entries of `index` name the same
 * target the last one wins (PyTorch leaves that unspecified). With `reduce` the values are added or
 * multiplied in instead. Gradient to x (where not overwritten) and to src (gathered back).
 *
 * @example
 * ```ts
 * scatter(zeros([3]), 0, tensor([2, 0], { dtype: 'int32' }), tensor([5, 7])); // [7, 0, 5]
 * ```
 */
export function scatter(x: Tensor, dim: number, index: Tensor, src: Tensor | number, options: ScatterOptions = {}): Tensor {
  checkTensor('scatter', 'input', x);
  checkTensor('scatter', 'index', index);
  checkTensorLike('scatter', 'src', src);
  checkOptions('scatter', options, { reduce: ['add', 'multiply'] });
  if (options.reduce !== undefined) {
    const reduce = options.reduce === 'add' ? 'sum' : 'prod';
    return asOp('scatter', () => scatterReduce(x, dim, index, typeof src === 'number' ? srcPart(x, index, src) : src, reduce));
  }
  const d = normalizeDim('scatter', dim, x.ndim);
  checkScatter('scatter', x, d, index, src);
  if (x.ndim === 0) return index.numel() === 0 ? x : srcPart(x, index, src).reshape([]);
  const part = srcPart(x, index, src);
  const hit = gt(hits(x, d, index), 0);
  const kept = lastWins(x, d, index);
  return where(hit, scatterAdd(empty(x.shape, x.dtype), d, index, part.mul(kept)), x);
}

/** 1 at the index entries that are the last to name their target, 0 at those overwritten after them. */
function lastWins(x: Tensor, d: number, index: Tensor): Tensor {
  const values = index.toTypedArray() as Int32Array;
  const keep = empty(index.shape, x.dtype);
  const seen = new Set<number>();
  const strides = index.shape.map((_, k) => index.shape.slice(k + 1).reduce((p, s) => p * s, 1));
  const xStrides = x.shape.map((_, k) => x.shape.slice(k + 1).reduce((p, s) => p * s, 1));
  for (let i = values.length - 1; i >= 0; i--) {
    let target = 0;
    for (let k = 0; k < index.ndim; k++) target += (k === d ? values[i]! : Math.floor(i / strides[k]!) % index.shape[k]!) * xStrides[k]!;
    if (!seen.has(target)) keep.storage[i] = 1;
    seen.add(target);
  }
  return keep;
}

/**
 * A copy of x with `src` folded in at `index` along `dim` by `reduce` ('sum', 'prod', 'mean',
 * 'amax', 'amin'), PyTorch's `scatter_reduce`. With `includeSelf: false` a target hit by src starts
 * from src alone. Gradients as PyTorch: amax/amin share it among the entries equal to the result;
 * prod's is exact with zeros.
 *
 * @example
 * ```ts
 * const idx = tensor([0, 0, 1], { dtype: 'int32' });
 * scatterReduce(tensor([1, 1]), 0, idx, tensor([2, 3, 4]), 'prod'); // [6, 4]
 * scatterReduce(tensor([1, 1]), 0, idx, tensor([2, 3, 4]), 'amax', { includeSelf: false }); // [3, 4]
 * ```
 */
export function scatterReduce(x: Tensor, dim: number, index: Tensor, src: Tensor, reduce: ScatterReduce, options: ScatterReduceOptions = {}): Tensor {
  checkTensor('scatterReduce', 'input', x);
  checkTensor('scatterReduce', 'index', index);
  checkTensor('scatterReduce', 'src', src);
  checkChoice('scatterReduce', 'reduce', reduce, ['sum', 'prod', 'mean', 'amax', 'amin']);
  checkOptions('scatterReduce', options, { includeSelf: 'bool' });
  const includeSelf = options.includeSelf ?? true;
  requireFloat('scatterReduce', x);
  const d = normalizeDim('scatterReduce', dim, x.ndim);
  checkScatter('scatterReduce', x, d, index, src);
  if (x.ndim === 0) return scatterReduce(x.reshape([1]), 0, index.reshape([1]), src.reshape([1]), reduce, options).reshape([]);
  const count = hits(x, d, index);
  const part = srcPart(x, index, src);
  const hit = gt(count, 0);
  // the starting value: x, or at hit targets (without self) the reduction's identity
  const identity = { sum: 0, mean: 0, prod: 1, amax: -Infinity, amin: Infinity }[reduce];
  const start = includeSelf ? x : where(hit, scalar(identity, x.dtype), x);
  if (reduce === 'sum') return scatterAdd(start, d, index, part);
  if (reduce === 'mean') {
    const n = includeSelf ? count.add(1) : where(hit, count, 1);
    return scatterAdd(start, d, index, part).div(n);
  }
  return foldReduce(reduce, start, d, index, part, x, includeSelf);
}

interface FoldAttrs {
  op: ScatterReduceOp;
  dim: number;
  includeSelf: boolean;
}

function foldReduce(op: ScatterReduceOp, start: Tensor, d: number, index: Tensor, part: Tensor, x: Tensor, includeSelf: boolean): Tensor {
  const out = contiguousCopy(start.detach());
  kernels().scatterReduce(op, out, d, index, part);
  const self = includeSelf ? x : start; // start holds the identity at targets where self is left out
  return record(`Scatter${op === 'prod' ? 'Prod' : op === 'amax' ? 'Amax' : 'Amin'}Backward`, out, [start, part], foldVjp, [self, part, index, out], { op, dim: d, includeSelf });
}
// amax/amin: g shared equally among the entries equal to the result; prod: g · Π of the other entries
function foldVjp(g: Tensor, [self, src, index, out]: readonly Tensor[], node: Node<FoldAttrs>): Tensor[] {
  const { op, dim } = node.attrs;
  if (op === 'prod') return prodVjp(g, self!, src!, index!, out!, dim);
  const result = out!.detach();
  const selfEq = eq(self!.detach(), result).to(g.dtype);
  const srcEq = eq(src!.detach(), gather(result, dim, index!)).to(g.dtype);
  const ties = scatterAdd(selfEq, dim, index!, srcEq);
  const share = g.div(ties);
  return [share.mul(selfEq), gather(share, dim, index!).mul(srcEq)];
}
// each entry's gradient is g times the product of the other entries folded into its target,
// counted by zeros: Π(non-zero others) when no other entry is 0, else 0
function prodVjp(g: Tensor, self: Tensor, src: Tensor, index: Tensor, out: Tensor, dim: number): Tensor[] {
  const isZero = (t: Tensor): Tensor => eq(t.detach(), 0);
  const nonZero = (t: Tensor): Tensor => where(isZero(t), 1, t);
  const zeros = scatterAdd(isZero(self).to(g.dtype), dim, index, isZero(src).to(g.dtype));
  const nonZeroProd = scatterReduceProd(nonZero(self), dim, index, nonZero(src));
  const others = (t: Tensor, zerosHere: Tensor, prodHere: Tensor): Tensor =>
    where(isZero(t), where(eq(zerosHere, 1), prodHere, 0), where(eq(zerosHere, 0), prodHere.div(nonZero(t)), 0));
  void out;
  return [g.mul(others(self, zeros, nonZeroProd)), gather(g, dim, index).mul(others(src, gather(zeros, dim, index), gather(nonZeroProd, dim, index)))];
}

/** The differentiable product fold of `src` into `self` (includeSelf), as scatterReduce(…, 'prod'). */
function scatterReduceProd(self: Tensor, dim: number, index: Tensor, src: Tensor): Tensor {
  return foldReduce('prod', self, dim, index, src, self, true);
}

