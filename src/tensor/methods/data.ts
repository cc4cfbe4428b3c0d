/**
 * Tensor members for model code ported from PyTorch: `t.data` (read: a detached alias; write:
 * replace the values in place) and `t.to('cpu')`-style device names (src/tensor/device.ts).
 * @module
 */
import { replaceData } from '../replace-data.js';
import type { Tensor } from '../tensor.js';

/** The data accessor of {@link Tensor}. */
export interface DataMembers {
  /**
   * The tensor's values outside the graph. Reading gives `detach()` (shares storage); assigning
   * replaces this tensor's values, shape and dtype in place, as PyTorch's `param.data = t`: the
   * tensor object (and every module or optimizer holding it) stays the same.
   *
   * ```ts
   * const w = zeros([2]).requiresGrad_(true);
   * w.data = tensor([1, 2]); // w is [1, 2], still a leaf requiring grad
   * ```
   */
  data: Tensor;
}

/** @internal Installed on Tensor.prototype by tensor.ts. */
export const dataMembers: DataMembers & ThisType<Tensor> = {
  get data(): Tensor {
    return this.detach();
  },
  set data(value: Tensor) {
    replaceData('Tensor.data', this, value);
  },
};
