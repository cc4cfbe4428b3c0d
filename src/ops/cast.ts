/**
 * Dtype conversion. Between float dtypes it is differentiable (the gradient is converted back);
 * to int32 or bool it is not.
 * @module
 */
import { kernels } from '../backend/registry.js';
import { record, type Node } from '../autograd/node.js';
import { checkDType, isFloating, type DType } from '../dtype.js';
import type { Tensor } from '../tensor/tensor.js';
import { ne } from './compare.js';
import { empty } from './util.js';

/** x converted to `dtype` (x itself if it already has it). Floats become int32 by truncation toward 0. */
export function toDtype(x: Tensor, dtype: DType): Tensor {
  const target = checkDType('to', dtype);
  if (target === x.dtype) return x;
  if (target === 'bool') return ne(x, 0);
  const out = empty(x.shape, target);
  kernels().copy(x, out);
  if (!isFloating(target) || !isFloating(x.dtype)) return out;
  return record('ToCopyBackward', out, [x], toCopyVjp);
}
// d to(dtype) = g converted back to the input's dtype
function toCopyVjp(g: Tensor, _saved: readonly Tensor[], node: Node): Tensor[] {
  return [toDtype(g, node.inputDtypes[0]!)];
}
