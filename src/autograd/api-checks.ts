/**
 * Argument checks of backward() and gradients() (kept out of the engine, which has a line budget):
 * tensors are tensors, gradients tensors or null, options known keys of the right kinds.
 * @module
 */
import { checkOptions, checkTensor, checkTensorList, describe, type OptionSchema } from '../checks/index.js';
import { AutogradError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';

function tensorOrList(op: string, arg: string, x: unknown): readonly Tensor[] {
  const list = Array.isArray(x) ? x : [x];
  list.forEach((t, i) => checkTensor(op, Array.isArray(x) ? `${arg}[${i}]` : arg, t));
  return list as readonly Tensor[];
}

function checkGradList(op: string, arg: string, v: unknown): void {
  if (v instanceof Tensor) return;
  if (!Array.isArray(v)) throw new AutogradError(op, `${arg} must be a tensor or an array of tensors (or nulls), got ${describe(v)}`);
  v.forEach((g, i) => g === null || g === undefined || checkTensor(op, `${arg}[${i}]`, g));
}

const BACKWARD_OPTIONS: OptionSchema = { retainGraph: 'bool', createGraph: 'bool', inputs: (op, arg, v) => checkTensorList(op, arg, v) };
const GRADIENTS_OPTIONS: OptionSchema = { gradOutputs: checkGradList, retainGraph: 'bool', createGraph: 'bool', allowUnused: 'bool' };

/** `tensor.backward(gradient, options)`: the gradient a tensor (or none), the options known. */
export function checkBackwardArgs(roots: readonly Tensor[], grads: readonly (Tensor | null)[], options: unknown): void {
  checkOptions('backward', options, BACKWARD_OPTIONS);
  grads.forEach((g, i) => g === null || checkTensor('backward', roots.length > 1 ? `gradient[${i}]` : 'gradient', g));
}

/**
 * `gradients(outputs, inputs, options)`: tensors or lists of tensors, the options known; returns
 * the lists, and gradOutputs as a list (one tensor for one output, or none: a null per output).
 */
export function checkGradientsArgs(outputs: unknown, inputs: unknown, options: { gradOutputs?: Tensor | readonly (Tensor | null)[] }): [readonly Tensor[], readonly Tensor[], readonly (Tensor | null)[]] {
  const outs = tensorOrList('gradients', 'outputs', outputs);
  const ins = tensorOrList('gradients', 'inputs', inputs);
  checkOptions('gradients', options, GRADIENTS_OPTIONS);
  const { gradOutputs = outs.map(() => null) } = options;
  return [outs, ins, gradOutputs instanceof Tensor ? [gradOutputs] : gradOutputs];
}
