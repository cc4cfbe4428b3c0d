/**
 * Joining and splitting: cat (a primitive whose VJP slices the gradient), and stack, split,
 * chunk, unbind, select built from it and from views.
 * @module
 */
import { kernels } from '../backend/registry.js';
import { formatValue } from '../errors.js';
import { record, type Node } from '../autograd/node.js';
import { DTypeError, ShapeError, ValueError, fmtShape } from '../errors.js';
import { normalizeDim, sameShape } from '../shape.js';
import { Tensor } from '../tensor/tensor.js';
import { empty } from './util.js';
import { narrow, squeeze, unsqueeze } from './views.js';
import { checkDim, checkInt, checkSameDType, checkTensor, checkTensorList, describe } from '../checks/args.js';

/** Concatenates tensors along an existing dim. */
export function cat(tensors: readonly Tensor[], dim = 0): Tensor {
  checkTensorList('cat', 'tensors', tensors);
  tensors.forEach((t, i) => {
    if (!(t instanceof Tensor)) throw new ValueError('cat', `tensors[${i}] is not a Tensor`);
  });
  const first = tensors[0]!;
  if (first.ndim === 0) throw new ShapeError('cat', 'cannot concatenate 0-d tensors; use stack()');
  const d = normalizeDim('cat', dim, first.ndim);
  tensors.forEach((t, i) => {
    if (t.dtype !== first.dtype) throw new DTypeError('cat', `tensors[${i}] is ${t.dtype} but tensors[0] is ${first.dtype}`);
    const ok = t.ndim === first.ndim && t.shape.every((s, k) => k === d || s === first.shape[k]);
    if (!ok) {
      throw new ShapeError('cat', `tensors[${i}] has shape ${fmtShape(t.shape)}, incompatible with tensors[0] ${fmtShape(first.shape)} for dim ${d}`);
    }
  });
  const sizes = tensors.map((t) => t.shape[d]!);
  const shape = first.shape.slice();
  shape[d] = sizes.reduce((a, b) => a + b, 0);
  const out = empty(shape, first.dtype);
  let start = 0;
  tensors.forEach((t) => {
    kernels().copy(t, { storage: out.storage, offset: start * out.strides[d]!, shape: t.shape, strides: out.strides });
    start += t.shape[d]!;
  });
  return record('CatBackward', out, tensors, catVjp, [], { dim: d, sizes });
}
// d cat = the slices of g that each input filled
function catVjp(g: Tensor, _saved: readonly Tensor[], node: Node<{ dim: number; sizes: number[] }>): Tensor[] {
  const { dim, sizes } = node.attrs;
  let start = 0;
  return sizes.map((size) => {
    const piece = narrow(g, dim, start, size);
    start += size;
    return piece;
  });
}

/** Stacks same-shape tensors along a new dim. */
export function stack(tensors: readonly Tensor[], dim = 0): Tensor {
  checkTensorList('stack', 'tensors', tensors);
  checkSameDType('stack', 'tensors', tensors);
  const first = tensors[0]!;
  tensors.forEach((t, i) => {
    if (!(t instanceof Tensor) || !sameShape(t.shape, first.shape)) {
      throw new ShapeError('stack', `tensors[${i}] has shape ${t instanceof Tensor ? fmtShape(t.shape) : typeof t}, but tensors[0] has ${fmtShape(first.shape)}`);
    }
  });
  const d = normalizeDim('stack', dim, first.ndim + 1);
  return cat(tensors.map((t) => unsqueeze(t, d)), d);
}

/** Splits along `dim` into pieces of `splitSize` (the last may be smaller) or of the listed sizes. */
export function split(x: Tensor, splitSizeOrSections: number | readonly number[], dim = 0): Tensor[] {
  checkTensor('split', 'input', x);
  if (typeof splitSizeOrSections !== 'number' && !Array.isArray(splitSizeOrSections)) {
    throw new ValueError('split', `splitSizeOrSections must be a size or an array of sizes, got ${describe(splitSizeOrSections)}`);
  }
  const d = normalizeDim('split', dim, x.ndim);
  const size = x.shape[d]!;
  let sizes: number[];
  if (typeof splitSizeOrSections === 'number') {
    const step = splitSizeOrSections;
    if (!Number.isInteger(step) || step <= 0) throw new ValueError('split', `splitSize must be a positive integer, got ${formatValue(step)}`);
    sizes = [];
    for (let s = 0; s < size; s += step) sizes.push(Math.min(step, size - s));
    if (size === 0) sizes.push(0);
  } else {
    sizes = [...splitSizeOrSections];
    const total = sizes.reduce((a, b) => a + b, 0);
    if (sizes.some((s) => !Number.isInteger(s) || s < 0) || total !== size) {
      throw new ValueError('split', `sections ${fmtShape(sizes)} must be non-negative and add up to ${size}, the size of dim ${d} (shape ${fmtShape(x.shape)})`);
    }
  }
  let start = 0;
  return sizes.map((s) => {
    const piece = narrow(x, d, start, s);
    start += s;
    return piece;
  });
}

/** Splits along `dim` into `chunks` pieces of size ⌈n/chunks⌉ (fewer if n is small), as PyTorch. */
export function chunk(x: Tensor, chunks: number, dim = 0): Tensor[] {
  checkTensor('chunk', 'input', x);
  if (x.ndim === 0) throw new ShapeError('chunk', 'expects a tensor of at least 1 dim, got a 0-d tensor');
  checkDim('chunk', 'dim', dim, x.ndim);
  checkInt('chunk', 'chunks', chunks, 1);
  const d = normalizeDim('chunk', dim, x.ndim);
  const size = x.shape[d]!;
  return split(x, Math.max(1, Math.ceil(size / chunks)), d);
}

/** The slice at `index` along `dim`, with that dim removed (a view). */
export function select(x: Tensor, dim: number, index: number): Tensor {
  checkTensor('select', 'input', x);
  const d = normalizeDim('select', dim, x.ndim);
  checkInt('select', 'index', index);
  const size = x.shape[d]!;
  const i = index < 0 ? index + size : index;
  if (!Number.isInteger(i) || i < 0 || i >= size) {
    throw new ValueError('select', `index ${index} is out of range for dim ${d} of size ${size} (shape ${fmtShape(x.shape)})`);
  }
  return squeeze(narrow(x, d, i, 1), d);
}

/** All slices along `dim`, each with that dim removed. */
export function unbind(x: Tensor, dim = 0): Tensor[] {
  checkTensor('unbind', 'input', x);
  const d = normalizeDim('unbind', dim, x.ndim);
  return Array.from({ length: x.shape[d]! }, (_, i) => select(x, d, i));
}
