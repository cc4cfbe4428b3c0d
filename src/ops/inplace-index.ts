/**
 * The in-place forms of the indexing family, PyTorch's `masked_fill_`, `index_fill_`,
 * `index_put_`, `index_add_`, `scatter_`, `scatter_add_` and `scatter_reduce_`. Each runs its
 * out-of-place op (so every argument check, and every error, is that op's, thrown before anything
 * changes) and writes the result into the tensor with {@link commit}, as the arithmetic in-place
 * ops do: the version counter is bumped (a node that saved the old values refuses to run
 * backward), a leaf that requires grad is refused while grad mode is on, and under recording the
 * tensor takes over the result's graph node, so gradients flow through the in-place op to the
 * tensor's old values and to src/values. The tensor's old values enter as a recorded copy when
 * they require grad (PyTorch's `original_self`), so the op's own saved tensors stay valid.
 * @module
 */
import { blameAs, blamedOp, isAnomalyEnabled } from '../autograd/anomaly.js';
import { checkTensor } from '../checks/args.js';
import { AnomalyError, ChainruleError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { indexPut, type IndexPutOptions } from './advanced-index.js';
import { indexAdd, scatterAdd } from './indexing.js';
import { commit, selfOperand } from './inplace.js';
import { scatter, scatterReduce, type ScatterOptions, type ScatterReduce, type ScatterReduceOptions } from './scatter.js';
import { indexFill, maskedFill } from './select.js';

/** Runs `outOfPlace(self's operand)` and writes its result into self (see the module doc). */
function inPlace<T extends Tensor>(op: string, self: T, outOfPlace: (x: Tensor) => Tensor): T {
  if (isAnomalyEnabled() && blamedOp() === null) return blameAs(op, () => inPlace(op, self, outOfPlace));
  checkTensor(op, 'self', self);
  let result: Tensor;
  try {
    result = outOfPlace(selfOperand(self, self.requiresGrad));
  } catch (e) {
    throw renamed(e, op);
  }
  return commit(op, self, result);
}

/** The out-of-place op's error (`scatter: …`) as the in-place op's (`scatter_: …`), same class and text. */
function renamed(e: unknown, op: string): unknown {
  const base = op.slice(0, -1);
  if (!(e instanceof ChainruleError) || e instanceof AnomalyError || e.op !== base) return e;
  const Class = e.constructor as new (op: string, message: string) => ChainruleError;
  return new Class(op, e.message.slice(base.length + 2));
}

/** `self[mask] = value` in place (mask bool, broadcastable to self). */
export function maskedFill_<T extends Tensor>(self: T, mask: Tensor, value: number | Tensor): T {
  return inPlace('maskedFill_', self, (x) => maskedFill(x, mask, value));
}

/** Fills the entries `index` along `dim` with `value`, in place. */
export function indexFill_<T extends Tensor>(self: T, dim: number, index: Tensor, value: number | Tensor): T {
  return inPlace('indexFill_', self, (x) => indexFill(x, dim, index, value));
}

/** `self[i, j, …] = values` (or `+=` with `accumulate`), in place. */
export function indexPut_<T extends Tensor>(self: T, indices: readonly Tensor[], values: Tensor, options: IndexPutOptions = {}): T {
  return inPlace('indexPut_', self, (x) => indexPut(x, indices, values, options));
}

/** Adds `source`'s slices at positions `index` along `dim`, in place. */
export function indexAdd_<T extends Tensor>(self: T, dim: number, index: Tensor, source: Tensor): T {
  return inPlace('indexAdd_', self, (x) => indexAdd(x, dim, index, source));
}

/** Writes src (or a number) at `index` along `dim`, in place; `reduce` 'add' | 'multiply' folds in instead. */
export function scatter_<T extends Tensor>(self: T, dim: number, index: Tensor, src: Tensor | number, options: ScatterOptions = {}): T {
  return inPlace('scatter_', self, (x) => scatter(x, dim, index, src, options));
}

/** Adds src at `index` along `dim`, in place. */
export function scatterAdd_<T extends Tensor>(self: T, dim: number, index: Tensor, src: Tensor): T {
  return inPlace('scatterAdd_', self, (x) => scatterAdd(x, dim, index, src));
}

/** Folds src into self at `index` along `dim` by 'sum' | 'prod' | 'mean' | 'amax' | 'amin', in place. */
export function scatterReduce_<T extends Tensor>(self: T, dim: number, index: Tensor, src: Tensor, reduce: ScatterReduce, options: ScatterReduceOptions = {}): T {
  return inPlace('scatterReduce_', self, (x) => scatterReduce(x, dim, index, src, reduce, options));
}
