/**
 * Reductions. A reduction's VJP broadcasts the gradient back over the reduced dims.
 * @module
 */
import { kernels } from '../backend/registry.js';
import { record, type Node } from '../autograd/node.js';
import { isFloating } from '../dtype.js';
import { IndexError, ShapeError, ValueError, fmtShape } from '../errors.js';
import { normalizeDim, reductionDims, sameShape } from '../shape.js';
import { Tensor } from '../tensor/tensor.js';
import { valuesIndices, type ValuesIndicesTuple as ValuesIndices } from './named-tuple.js';
import { eq } from './compare.js';
import { toDtype } from './cast.js';
import { empty } from './util.js';
import { expand, reshape } from './views.js';
import { checkReduction, checkTensor } from '../checks/args.js';

/** x's shape with `axes` set to 1 (keepdim) or removed. */
function reducedShape(shape: readonly number[], axes: readonly number[], keepdim: boolean): number[] {
  const out: number[] = [];
  shape.forEach((s, d) => {
    if (!axes.includes(d)) out.push(s);
    else if (keepdim) out.push(1);
  });
  return out;
}

/** Runs a reduce kernel; the result has keepdim shape, then is reshaped if !keepdim. */
function applyReduce(op: 'sum' | 'max' | 'min', x: Tensor, axes: readonly number[], keepdim: boolean): Tensor {
  const kept = reducedShape(x.shape, axes, true);
  const outDtype = isFloating(x.dtype) ? x.dtype : 'int32';
  const out = empty(kept, outDtype);
  if (op === 'sum' && outDtype === 'int32') sumIntoInt32(x, axes, out.storage as Int32Array);
  else kernels().reduce(op, x, axes, out.storage);
  return keepdim ? out : new Tensor(out.storage, reducedShape(x.shape, axes, false));
}

/** An int32/bool sum: summed exactly in float64, stored as int32 (see {@link int32Sums}). */
function sumIntoInt32(x: Tensor, axes: readonly number[], out: Int32Array): void {
  const wide = new Float64Array(out.length);
  kernels().reduce('sum', toDtype(x, 'float64'), axes, wide);
  out.set(int32Sums('sum', 'the sum', x, wide, "sum x.to('float64') instead"));
}

/**
 * `wide`, the exact float64 sums of the int32/bool tensor x (every sum of fewer than 2²² int32s is
 * exact there), as int32, refusing a sum that does not fit rather than wrapping it: PyTorch sums
 * into int64, which chainrule does not have. Shared by sum and cumsum.
 */
export function int32Sums(op: string, what: string, x: Tensor, wide: Float64Array, instead: string): Int32Array {
  for (const v of wide) {
    if (v > 2147483647 || v < -2147483648) {
      throw new ValueError(op, `${what} ${v} of this ${x.dtype} tensor (shape ${fmtShape(x.shape)}) does not fit int32 (chainrule has no int64); ${instead}`);
    }
  }
  return Int32Array.from(wide);
}

/** What a reduction records for its VJP: the reduced dims, and whether they were kept. */
interface ReduceAttrs {
  axes: readonly number[];
  keepdim: boolean;
}

/** Sum over `dim` (one dim, several, or all when omitted). */
export function sum(x: Tensor, dim?: number | readonly number[], keepdim = false): Tensor {
  checkReduction('sum', x, dim, keepdim);
  const axes = reductionDims('sum', dim, x.ndim);
  const out = applyReduce('sum', x, axes, keepdim);
  return record('SumBackward', out, [x], sumVjp, [], { axes, keepdim });
}
// d Σ = g broadcast back over the summed dims
function sumVjp(g: Tensor, _saved: readonly Tensor[], node: Node<ReduceAttrs>): Tensor[] {
  const inputShape = node.inputShapes[0]!;
  const kept = reducedShape(inputShape, node.attrs.axes, true);
  return [expand(reshape(g, kept), inputShape)];
}

/** Sums `g` down to `shape` (the inverse of broadcasting `shape` up to g's shape). */
export function sumTo(g: Tensor, shape: readonly number[]): Tensor {
  if (sameShape(g.shape, shape)) return g;
  const lead = g.ndim - shape.length;
  if (lead < 0) throw new ShapeError('sumTo', `cannot sum ${fmtShape(g.shape)} down to the larger rank of ${fmtShape(shape)}`);
  const axes: number[] = [];
  for (let d = 0; d < g.ndim; d++) {
    if (d < lead || (shape[d - lead] === 1 && g.shape[d] !== 1)) axes.push(d);
  }
  return reshape(sum(g, axes, true), shape);
}

/** Maximum over dims (all when omitted); ties share the gradient equally, as PyTorch's amax. */
export function amax(x: Tensor, dim?: number | readonly number[], keepdim = false): Tensor {
  return extremum('amax', 'max', x, dim, keepdim);
}

/** Minimum over dims (all when omitted); ties share the gradient equally, as PyTorch's amin. */
export function amin(x: Tensor, dim?: number | readonly number[], keepdim = false): Tensor {
  return extremum('amin', 'min', x, dim, keepdim);
}

function extremum(name: string, op: 'max' | 'min', x: Tensor, dim: number | readonly number[] | undefined, keepdim: boolean): Tensor {
  checkReduction(name, x, dim, keepdim);
  // any dtype: int32 stays int32 and bool stays bool (as PyTorch); only floats are differentiable
  const axes = reductionDims(name, dim, x.ndim);
  if (axes.some((d) => x.shape[d] === 0)) {
    throw new IndexError(name, `cannot reduce over an empty dim (shape ${fmtShape(x.shape)}, dims ${fmtShape(axes)})`);
  }
  const reduced = applyReduce(op, x, axes, keepdim);
  const out = reduced.dtype === x.dtype ? reduced : reduced.to(x.dtype);
  const node = name === 'amax' ? 'AmaxBackward' : 'AminBackward';
  return record(node, out, [x], extremumVjp, [x, out], { axes, keepdim });
}
// d amax = g · [x = max] / #ties, broadcast back over the reduced dims
function extremumVjp(g: Tensor, [x, out]: readonly Tensor[], node: Node<ReduceAttrs>): Tensor[] {
  const { axes } = node.attrs;
  const kept = reducedShape(x!.shape, axes, true);
  const isExtreme = eq(x!, reshape(out!.detach(), kept)).to(x!.dtype);
  const ties = sum(isExtreme, axes, true);
  return [reshape(g, kept).div(ties).mul(isExtreme)];
}

/** Values and (first) indices of the maximum along `dim`, as `[values, indices]` with `.values`/`.indices`. */
export function maxAlong(x: Tensor, dim: number, keepdim = false): ValuesIndices {
  return extremumAlong('max', 'argmax', x, dim, keepdim);
}

/** Values and (first) indices of the minimum along `dim`. */
export function minAlong(x: Tensor, dim: number, keepdim = false): ValuesIndices {
  return extremumAlong('min', 'argmin', x, dim, keepdim);
}

function extremumAlong(name: 'max' | 'min', arg: 'argmax' | 'argmin', x: Tensor, dim: number, keepdim: boolean): ValuesIndices {
  checkReduction(name, x, [dim], keepdim);
  // any dtype: the values keep x's dtype (int32, bool), as PyTorch
  const d = normalizeDim(name, dim, x.ndim);
  if (x.ndim > 0 && x.shape[d] === 0) throw new IndexError(name, `cannot take ${name} over an empty dim ${d} (shape ${fmtShape(x.shape)})`);
  if (x.ndim === 0) return valuesIndices(x.clone(), empty([], 'int32'));
  const indices = argAlong(arg, x, d, true);
  const values = empty(indices.shape, x.dtype);
  kernels().gather(x, d, indices, values.storage);
  const node = name === 'max' ? 'MaxBackward' : 'MinBackward';
  const recorded = record(node, values, [x], extremumAlongVjp, [indices], { dim: d });
  if (keepdim) return valuesIndices(recorded, indices);
  return valuesIndices(reshape(recorded, reducedShape(x.shape, [d], false)), new Tensor(indices.storage, reducedShape(x.shape, [d], false)));
}
// d max(x, dim) = g scattered to the arg-max positions, 0 elsewhere
function extremumAlongVjp(g: Tensor, [indices]: readonly Tensor[], node: Node<{ dim: number }>): Tensor[] {
  return [empty(node.inputShapes[0]!, g.dtype).scatterAdd(node.attrs.dim, indices!, g)];
}

/** The arg-max/arg-min along one dim, as an int32 tensor with that dim kept at size 1. */
function argAlong(op: 'argmax' | 'argmin', x: Tensor, d: number, keepdim: boolean): Tensor {
  if (x.ndim > 0 && x.shape[d] === 0) {
    throw new IndexError(op, `cannot take ${op} over an empty dim ${d} (shape ${fmtShape(x.shape)})`);
  }
  if (x.ndim === 0) return empty([], 'int32');
  const out = empty(reducedShape(x.shape, [d], true), 'int32');
  kernels().argReduce(op, x, d, out.storage as Int32Array);
  return keepdim ? out : new Tensor(out.storage, reducedShape(x.shape, [d], false));
}

/** Index of the maximum along `dim`, or into the flattened tensor when dim is omitted (int32). */
export function argmax(x: Tensor, dim?: number, keepdim = false): Tensor {
  return argReduce('argmax', x, dim, keepdim);
}

/** Index of the minimum along `dim`, or into the flattened tensor when dim is omitted (int32). */
export function argmin(x: Tensor, dim?: number, keepdim = false): Tensor {
  return argReduce('argmin', x, dim, keepdim);
}

function argReduce(op: 'argmax' | 'argmin', x: Tensor, dim: number | undefined, keepdim: boolean): Tensor {
  checkReduction(op, x, dim === undefined ? undefined : [dim], keepdim);
  if (dim === undefined) {
    const flat = argAlong(op, reshape(x.detach(), [x.numel()]), 0, false);
    return keepdim ? new Tensor(flat.storage, x.shape.map(() => 1)) : flat;
  }
  return argAlong(op, x, normalizeDim(op, dim, x.ndim), keepdim);
}

/** Maximum of all elements, or `{values, indices}` along `dim` (PyTorch's torch.max). */
export function max(x: Tensor): Tensor;
export function max(x: Tensor, dim: number, keepdim?: boolean): ValuesIndices;
export function max(x: Tensor, dim?: number, keepdim = false): Tensor | ValuesIndices {
  if (dim === undefined) {
    checkTensor('max', 'input', x);
    if (x.numel() === 0) throw new IndexError('max', `cannot reduce an empty tensor (shape ${fmtShape(x.shape)}); give a dim`);
  }
  return dim === undefined ? amax(x) : maxAlong(x, dim, keepdim);
}

/** Minimum of all elements, or `{values, indices}` along `dim` (PyTorch's torch.min). */
export function min(x: Tensor): Tensor;
export function min(x: Tensor, dim: number, keepdim?: boolean): ValuesIndices;
export function min(x: Tensor, dim?: number, keepdim = false): Tensor | ValuesIndices {
  if (dim === undefined) {
    checkTensor('min', 'input', x);
    if (x.numel() === 0) throw new IndexError('min', `cannot reduce an empty tensor (shape ${fmtShape(x.shape)}); give a dim`);
  }
  return dim === undefined ? amin(x) : minAlong(x, dim, keepdim);
}
