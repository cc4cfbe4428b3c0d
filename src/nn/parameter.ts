/**
 * Parameter: a tensor marked as a module parameter, as PyTorch's `nn.Parameter`. Assigning one to
 * a module property (`this.w = new Parameter(randn([3]))`) registers it under that name.
 * @module
 */
import { Tensor } from '../tensor/tensor.js';
import { DTypeError } from '../errors.js';
import { checkBool, checkTensor } from '../checks/index.js';

const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/**
 * A leaf tensor that becomes a module parameter when assigned to a module property. It shares
 * `data`'s storage (like PyTorch's `nn.Parameter(t)`) and requires grad unless told otherwise.
 *
 * ```ts
 * class Scale extends Module {
 *   w = new Parameter(ones([3]));
 *   forward(x: Tensor) { return x.mul(this.w); }
 * }
 * new Scale().parameters().length; // 1
 * String(new Parameter(tensor([1, 2]))); // 'Parameter containing:\ntensor([1., 2.], requiresGrad=true)'
 * ```
 */
export class Parameter extends Tensor {
  constructor(data: Tensor, requiresGrad = true) {
    checkTensor('Parameter', 'data', data);
    checkBool('Parameter', 'requiresGrad', requiresGrad);
    if (requiresGrad && data.dtype !== 'float32' && data.dtype !== 'float64') {
      throw new DTypeError('Parameter', `only float32/float64 tensors can require gradients, got ${data.dtype}; pass requiresGrad false`);
    }
    super(data.storage, data.shape, data.strides, data.offset, data.dtype, data.base ?? data, data.versionCounter);
    if (requiresGrad) this.requiresGrad_(true);
  }

  /** The tensor's text under PyTorch's heading: `Parameter containing:\ntensor([…], requiresGrad=true)`. */
  override toString(): string {
    return `Parameter containing:\n${super.toString()}`;
  }

  /** What console.log prints: the same as toString. */
  [INSPECT](): string {
    return this.toString();
  }
}
