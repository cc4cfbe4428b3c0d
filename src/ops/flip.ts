/**
 * flip: reverses the order of elements along some dims (a copy, as in PyTorch).
 * @module
 */
import { kernels } from '../backend/registry.js';
import { record, type Node } from '../autograd/node.js';
import { normalizeDims } from '../shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { empty } from './util.js';
import { checkDims, checkTensor } from '../checks/args.js';
import { IndexError } from '../errors.js';

/** Reverses x along each of `dims`. */
export function flip(x: Tensor, dims: number | readonly number[]): Tensor {
  checkTensor('flip', 'input', x);
  if (dims === undefined) throw new IndexError('flip', 'dims must be given (a dim or an array of dims)');
  checkDims('flip', 'dims', dims, x.ndim);
  const ds = normalizeDims('flip', dims, x.ndim);
  // Read through a view that starts at the last element of each flipped dim and steps backwards.
  let offset = x.offset;
  const strides = x.strides.slice();
  for (const d of ds) {
    if (x.shape[d]! > 0) offset += (x.shape[d]! - 1) * x.strides[d]!;
    strides[d] = -x.strides[d]!;
  }
  const out = empty(x.shape, x.dtype);
  kernels().copy({ storage: x.storage, offset, shape: x.shape, strides }, out);
  return record('FlipBackward', out, [x], flipVjp, [], { dims: ds });
}
// d flip = flip(g) along the same dims
function flipVjp(g: Tensor, _saved: readonly Tensor[], node: Node<{ dims: number[] }>): Tensor[] {
  return [flip(g, node.attrs.dims)];
}
