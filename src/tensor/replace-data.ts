/**
 * Replacing a tensor's data in place, keeping the tensor object: what `t.data = other` and
 * `module.to(dtype)` do (PyTorch's `param.data = …`), so every holder of the tensor (a module's
 * attributes, an optimizer's parameter list) sees the new values, shape or dtype.
 * @module
 */
import { ShapeError, ValueError } from '../errors.js';
import { contiguousCopy } from '../ops/views.js';
import { Tensor } from './tensor.js';

interface Writable {
  storage: Tensor['storage'];
  shape: readonly number[];
  strides: readonly number[];
  offset: number;
  dtype: Tensor['dtype'];
  base: Tensor | null;
}

/**
 * Makes `target` hold a contiguous copy of `source`'s values (any shape and dtype), outside the
 * graph: target keeps its identity, requiresGrad and grad (a grad of another shape is dropped,
 * one of another dtype converted). Views of target's old storage keep the old values, as in PyTorch.
 */
export function replaceData(op: string, target: Tensor, source: unknown): void {
  if (!(source instanceof Tensor)) throw new ValueError(op, `expected a Tensor, got ${source === null ? 'null' : typeof source}`);
  if (!target.isLeaf) throw new ShapeError(op, `can only replace the data of a leaf tensor (this one comes from ${target.gradFn?.name ?? 'an op'}); detach() it first`);
  const copy = contiguousCopy(source.detach());
  const w = target as unknown as Writable;
  w.storage = copy.storage;
  w.shape = copy.shape;
  w.strides = copy.strides;
  w.offset = 0;
  w.dtype = copy.dtype;
  w.base = null;
  target.versionCounter.value++;
  target.versionCounter.lastOp = 'data';
  const g = target.grad;
  if (g !== null) target.grad = g.shape.join() !== copy.shape.join() ? null : g.dtype === copy.dtype ? g : g.detach().to(copy.dtype);
}
