/**
 * Shape ops. Most are views: they share the input's storage (and version counter) and only
 * change shape, strides and offset. Each VJP undoes the rearrangement on the gradient.
 * @module
 */
import { kernels } from '../backend/registry.js';
import { formatValue } from '../errors.js';
import { record, type Node } from '../autograd/node.js';
import { IndexError, ShapeError, ValueError, fmtShape } from '../errors.js';
import { contiguousStrides, inferShape, normalizeDim, normalizeDims, sameShape, sizeOf } from '../shape.js';
import { Tensor } from '../tensor/tensor.js';
import { sumTo } from './reduce.js';
import { empty } from './util.js';
import { checkInt, checkTensor, describe } from '../checks/args.js';
import { checkShapeNumel } from '../checks/limits.js';

/** Resolves a dim for `op` (re-exported for Tensor methods). */
export function normalizeDimFor(op: string, dim: number, rank: number): number {
  return normalizeDim(op, dim, rank);
}

/** Throws unless `list` is an array of integers (a shape, dims or sizes argument). */
function checkSizeList(op: string, list: unknown, arg = 'shape'): void {
  if (!Array.isArray(list)) throw new ValueError(op, `${arg} must be an array of integers, got ${describe(list)}`);
  for (let i = 0; i < list.length; i++) checkInt(op, `${arg}[${i}]`, list[i]);
}

/** A view of x's storage with another shape/strides/offset. */
function makeView(x: Tensor, shape: readonly number[], strides: readonly number[], offset = x.offset): Tensor {
  return new Tensor(x.storage, shape, strides, offset, x.dtype, x.base ?? x, x.versionCounter);
}

/**
 * Strides that let `newShape` view memory laid out as (oldShape, oldStrides), or null when a copy
 * is needed (PyTorch's rule: each run of merged dims must be contiguous within itself).
 */
function viewStrides(oldShape: readonly number[], oldStrides: readonly number[], newShape: readonly number[]): number[] | null {
  if (sizeOf(oldShape) === 0 || oldShape.length === 0) return contiguousStrides(newShape);
  const newStrides = new Array<number>(newShape.length);
  let viewD = newShape.length - 1;
  let chunkBaseStride = oldStrides[oldStrides.length - 1]!;
  let tensorNumel = 1;
  let viewNumel = 1;
  for (let d = oldShape.length - 1; d >= 0; d--) {
    tensorNumel *= oldShape[d]!;
    const chunkEnds = d === 0 || (oldShape[d - 1] !== 1 && oldStrides[d - 1] !== tensorNumel * chunkBaseStride);
    if (chunkEnds) {
      while (viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] === 1)) {
        newStrides[viewD] = viewNumel * chunkBaseStride;
        viewNumel *= newShape[viewD]!;
        viewD--;
      }
      if (viewNumel !== tensorNumel) return null;
      if (d > 0) {
        chunkBaseStride = oldStrides[d - 1]!;
        tensorNumel = 1;
        viewNumel = 1;
      }
    }
  }
  return viewD === -1 ? newStrides : null;
}

/** Same elements, new shape: a view when possible, else a contiguous copy. One size may be -1. */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  checkTensor('reshape', 'input', x);
  checkSizeList('reshape', shape);
  const target = inferShape('reshape', shape, x.numel(), x.shape);
  if (sameShape(target, x.shape)) return x;
  const strides = viewStrides(x.shape, x.strides, target);
  const out = strides ? makeView(x, target, strides) : makeView(contiguousCopy(x), target, contiguousStrides(target), 0);
  return record('ReshapeBackward', out, [x], reshapeVjp);
}
// d reshape = g reshaped back to the input's shape
function reshapeVjp(g: Tensor, _saved: readonly Tensor[], node: Node): Tensor[] {
  return [reshape(g, node.inputShapes[0]!)];
}

/** Like reshape, but throws instead of copying when the strides do not allow a view. */
export function view(x: Tensor, shape: readonly number[]): Tensor {
  checkTensor('view', 'input', x);
  checkSizeList('view', shape);
  const target = inferShape('view', shape, x.numel(), x.shape);
  const strides = viewStrides(x.shape, x.strides, target);
  if (!strides) {
    throw new ShapeError(
      'view',
      `cannot view a tensor of shape ${fmtShape(x.shape)} with strides ${fmtShape(x.strides)} as ${fmtShape(target)} without copying; use reshape()`,
    );
  }
  return record('ViewBackward', makeView(x, target, strides), [x], reshapeVjp);
}

/** Reorders the dims. */
export function permute(x: Tensor, dims: readonly number[]): Tensor {
  checkTensor('permute', 'input', x);
  checkSizeList('permute', dims, 'dims');
  if (dims.length !== x.ndim) {
    throw new ShapeError('permute', `dims ${fmtShape(dims)} must list all ${x.ndim} dims of a tensor of shape ${fmtShape(x.shape)}`);
  }
  const order = dims.map((d) => normalizeDim('permute', d, x.ndim));
  if (new Set(order).size !== order.length) {
    throw new IndexError('permute', `dims ${fmtShape(dims)} repeat a dim (shape ${fmtShape(x.shape)})`);
  }
  const out = makeView(x, order.map((d) => x.shape[d]!), order.map((d) => x.strides[d]!));
  return record('PermuteBackward', out, [x], permuteVjp, [], { dims: order });
}
// d permute(x, p) = permute(g, p⁻¹)
function permuteVjp(g: Tensor, _saved: readonly Tensor[], node: Node<{ dims: number[] }>): Tensor[] {
  const { dims } = node.attrs;
  const inverse = new Array<number>(dims.length);
  dims.forEach((d, i) => (inverse[d] = i));
  return [permute(g, inverse)];
}

/** Swaps dims `dim0` and `dim1`. */
export function transpose(x: Tensor, dim0: number, dim1: number): Tensor {
  checkTensor('transpose', 'input', x);
  const a = normalizeDim('transpose', dim0, x.ndim, 'dim0');
  const b = normalizeDim('transpose', dim1, x.ndim, 'dim1');
  if (x.ndim === 0 || a === b) return x;
  const shape = x.shape.slice();
  const strides = x.strides.slice();
  [shape[a], shape[b]] = [shape[b]!, shape[a]!];
  [strides[a], strides[b]] = [strides[b]!, strides[a]!];
  return record('TransposeBackward', makeView(x, shape, strides), [x], transposeVjp, [], { dim0: a, dim1: b });
}
// d transpose(x, i, j) = transpose(g, i, j)
function transposeVjp(g: Tensor, _saved: readonly Tensor[], node: Node<{ dim0: number; dim1: number }>): Tensor[] {
  return [transpose(g, node.attrs.dim0, node.attrs.dim1)];
}

/** Matrix transpose for tensors of at most 2 dims. */
export function t(x: Tensor): Tensor {
  if (x.ndim > 2) throw new ShapeError('t', `expects a tensor of at most 2 dims, got shape ${fmtShape(x.shape)}; use transpose()`);
  return x.ndim < 2 ? x : transpose(x, 0, 1);
}

/** Merges dims startDim..endDim into one. */
export function flatten(x: Tensor, startDim = 0, endDim = -1): Tensor {
  checkTensor('flatten', 'input', x);
  if (x.ndim === 0) return reshape(x, [1]);
  const s = normalizeDim('flatten', startDim, x.ndim, 'startDim');
  const e = normalizeDim('flatten', endDim, x.ndim, 'endDim');
  if (s > e) throw new IndexError('flatten', `startDim ${startDim} comes after endDim ${endDim} (shape ${fmtShape(x.shape)})`);
  const merged = x.shape.slice(s, e + 1).reduce((p, q) => p * q, 1);
  return reshape(x, [...x.shape.slice(0, s), merged, ...x.shape.slice(e + 1)]);
}

/** Removes size-1 dims: all of them, or those among `dim` (others are left alone, as PyTorch). */
export function squeeze(x: Tensor, dim?: number | readonly number[]): Tensor {
  checkTensor('squeeze', 'input', x);
  const dims = dim === undefined ? x.shape.map((_, d) => d) : normalizeDims('squeeze', dim, x.ndim);
  const keep = x.shape.map((s, d) => !(s === 1 && dims.includes(d)));
  const out = makeView(
    x,
    x.shape.filter((_, d) => keep[d]),
    x.strides.filter((_, d) => keep[d]),
  );
  if (out.ndim === x.ndim) return x;
  return record('SqueezeBackward', out, [x], reshapeVjp);
}

/** Inserts a size-1 dim at `dim` (which may be ndim, i.e. -1 appends). */
export function unsqueeze(x: Tensor, dim: number): Tensor {
  checkTensor('unsqueeze', 'input', x);
  const d = normalizeDim('unsqueeze', dim, x.ndim + 1);
  const shape = x.shape.slice();
  const strides = x.strides.slice();
  shape.splice(d, 0, 1);
  strides.splice(d, 0, d < x.ndim ? x.strides[d]! * x.shape[d]! : 1);
  return record('UnsqueezeBackward', makeView(x, shape, strides), [x], reshapeVjp);
}

/** Broadcasts to `sizes` without copying: new leading dims and size-1 dims get stride 0. */
export function expand(x: Tensor, sizes: readonly number[]): Tensor {
  checkTensor('expand', 'input', x);
  checkSizeList('expand', sizes, 'sizes');
  checkShapeNumel('expand', sizes.map((s, d) => (s === -1 ? (x.shape[d - (sizes.length - x.ndim)] ?? 1) : s)), 'sizes');
  if (sizes.length < x.ndim) {
    throw new ShapeError('expand', `sizes ${fmtShape(sizes)} have fewer dims than the tensor's shape ${fmtShape(x.shape)}`);
  }
  const lead = sizes.length - x.ndim;
  const shape = new Array<number>(sizes.length);
  const strides = new Array<number>(sizes.length);
  for (let d = 0; d < sizes.length; d++) {
    const want = sizes[d]!;
    const i = d - lead;
    if (i < 0) {
      if (!Number.isInteger(want) || want < 0) {
        throw new ShapeError('expand', `size ${want} for new leading dim ${d} is invalid (sizes ${fmtShape(sizes)})`);
      }
      shape[d] = want;
      strides[d] = 0;
    } else if (want === -1 || want === x.shape[i]) {
      shape[d] = x.shape[i]!;
      strides[d] = x.strides[i]!;
    } else if (x.shape[i] === 1 && Number.isInteger(want) && want >= 0) {
      shape[d] = want;
      strides[d] = 0;
    } else {
      throw new ShapeError(
        'expand',
        `the expanded size ${want} must match the existing size ${x.shape[i]} at non-singleton dim ${d} (shape ${fmtShape(x.shape)}, sizes ${fmtShape(sizes)})`,
      );
    }
  }
  if (sameShape(shape, x.shape)) return x;
  return record('ExpandBackward', makeView(x, shape, strides), [x], expandVjp);
}
// d expand = g summed over the broadcast dims, back to the input's shape
function expandVjp(g: Tensor, _saved: readonly Tensor[], node: Node): Tensor[] {
  return [sumTo(g, node.inputShapes[0]!)];
}

/** Elements start..start+length−1 along `dim` (a view). */
export function narrow(x: Tensor, dim: number, start: number, length: number): Tensor {
  checkTensor('narrow', 'input', x);
  const d = normalizeDim('narrow', dim, x.ndim);
  checkInt('narrow', 'start', start);
  checkInt('narrow', 'length', length);
  const size = x.shape[d]!;
  const s = start < 0 ? start + size : start;
  if (!Number.isInteger(s) || !Number.isInteger(length) || s < 0 || length < 0 || s + length > size) {
    throw new IndexError('narrow', `start=${start}, length=${length} do not fit in dim ${dim} of size ${size} (shape ${fmtShape(x.shape)})`);
  }
  return slice(x, d, s, s + length, 1);
}

/** What slice and embedSlice record for their VJPs (each other): the slice start:end:step of `dim`. */
interface SliceAttrs {
  dim: number;
  start: number;
  end: number;
  step: number;
}

/** Python-style `start:end:step` along `dim` (a view); start/end are clamped, negatives count from the end. */
export function slice(x: Tensor, dim: number, start?: number, end?: number, step = 1): Tensor {
  checkTensor('slice', 'input', x);
  if (start != null) checkInt('slice', 'start', start);
  if (end != null) checkInt('slice', 'end', end);
  const d = normalizeDim('slice', dim, x.ndim);
  if (!Number.isInteger(step) || step <= 0) throw new ValueError('slice', `step must be a positive integer, got ${formatValue(step)}`);
  const size = x.shape[d]!;
  const clampIndex = (i: number): number => Math.min(Math.max(i < 0 ? i + size : i, 0), size);
  const s = clampIndex(start ?? 0);
  const e = Math.max(clampIndex(end ?? size), s);
  const length = Math.ceil((e - s) / step);
  if (s === 0 && length === size && step === 1) return x;
  const shape = x.shape.slice();
  const strides = x.strides.slice();
  shape[d] = length;
  strides[d] = x.strides[d]! * step;
  const out = makeView(x, shape, strides, x.offset + s * x.strides[d]!);
  return record('SliceBackward', out, [x], sliceVjp, [], { dim: d, start: s, end: e, step }, sliceVjpInto);
}
// d slice = g placed back into zeros of the input's shape
function sliceVjp(g: Tensor, _saved: readonly Tensor[], node: Node<SliceAttrs>): Tensor[] {
  const { dim, start, end, step } = node.attrs;
  return [embedSlice(g, node.inputShapes[0]!, dim, start, end, step)];
}
// the same, g added straight into the sliced part of the engine's buffer for the input when it
// offers one and that part is one contiguous run (see VjpInto): a tensor cut into many slices
// (a recurrent layer's input projection, one slice per step) then gets one gradient buffer and a
// slice-sized add per slice, not a zero-filled tensor of its full size and a full-size add each
function sliceVjpInto(g: Tensor, saved: readonly Tensor[], node: Node<SliceAttrs>, [into]: readonly (Tensor | null)[]): (Tensor | null)[] {
  const { dim, start, step } = node.attrs;
  if (!into || into.dtype !== g.dtype || (step !== 1 && g.shape[dim] !== 1) || !into.shape.slice(0, dim).every((n) => n === 1)) return sliceVjp(g, saved, node);
  // into is contiguous and the dims before `dim` have size 1: the slice is elements [begin, begin + n)
  const begin = into.offset + start * into.strides[dim]!;
  const part = { storage: into.storage, offset: begin, shape: g.shape, strides: contiguousStrides(g.shape) };
  kernels().binary('add', part, g, into.storage.subarray(begin, begin + g.numel()));
  return [into];
}

/** Zeros of `shape` with `src` written into the slice start:end:step of `dim` (slice's adjoint). */
export function embedSlice(src: Tensor, shape: readonly number[], dim: number, start: number, end: number, step: number): Tensor {
  const out = empty(shape, src.dtype);
  const strides = out.strides.slice();
  const sliceShape = shape.slice();
  sliceShape[dim] = Math.ceil((end - start) / step);
  strides[dim] = out.strides[dim]! * step;
  if (!sameShape(sliceShape, src.shape)) {
    throw new ShapeError('embedSlice', `source shape ${fmtShape(src.shape)} does not match the slice shape ${fmtShape(sliceShape)}`);
  }
  kernels().copy(src, { storage: out.storage, offset: start * out.strides[dim]!, shape: sliceShape, strides });
  return record('EmbedSliceBackward', out, [src], embedSliceVjp, [], { dim, start, end, step });
}
// d embedSlice = the slice of g
function embedSliceVjp(g: Tensor, _saved: readonly Tensor[], node: Node<SliceAttrs>): Tensor[] {
  const { dim, start, end, step } = node.attrs;
  return [slice(g, dim, start, end, step)];
}

/** A row-major copy of x's elements outside the graph. */
export function contiguousCopy(x: Tensor): Tensor {
  const out = empty(x.shape, x.dtype);
  kernels().copy(x, out);
  return out;
}

/** x itself when contiguous, else a contiguous copy (gradient passes through). */
export function contiguous(x: Tensor): Tensor {
  checkTensor('contiguous', 'input', x);
  if (x.isContiguous()) return x;
  return record('ContiguousBackward', contiguousCopy(x), [x], identityVjp);
}

/** A copy that stays in the graph. */
export function clone(x: Tensor): Tensor {
  checkTensor('clone', 'input', x);
  return record('CloneBackward', contiguousCopy(x), [x], identityVjp);
}
// d copy = g
function identityVjp(g: Tensor): Tensor[] {
  return [g];
}
