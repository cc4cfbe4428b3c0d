/**
 * The `inplace` argument of the activation modules (PyTorch's `nn.ReLU(inplace=True)`, …): the
 * result is written into the input tensor, which forward returns, through the same commit as the
 * Tensor's in-place methods (src/ops/inplace.ts): the input's version counter moves, it takes over
 * the result's graph node, and a node that saved the old values refuses to run backward.
 * @module
 */
import { isGradEnabled } from '../../autograd/grad-mode.js';
import { checkTensor, describe } from '../../checks/args.js';
import { AutogradError, ValueError, fmtShape } from '../../errors.js';
import { commit, selfOperand } from '../../ops/inplace.js';
import type { Tensor } from '../../tensor/tensor.js';

/** How an activation takes `inplace`: as PyTorch's positional flag (`new ReLU(true)`) or as an option (`new ReLU({ inplace: true })`). */
export type InplaceArg = boolean | { inplace?: boolean };

/** The `inplace` flag of `layer`'s argument (default false), checked. */
export function inplaceFlag(layer: string, arg: InplaceArg | undefined): boolean {
  if (arg === undefined || typeof arg === 'boolean') return arg ?? false;
  const keys = arg !== null && typeof arg === 'object' ? Object.keys(arg) : null;
  if (keys === null || keys.some((k) => k !== 'inplace') || !['boolean', 'undefined'].includes(typeof arg.inplace)) {
    throw new ValueError(layer, `inplace must be a boolean or { inplace: boolean }, got ${describe(arg)}`);
  }
  return arg.inplace ?? false;
}

/** `, inplace=true` (PyTorch's `, inplace=True` once spelled) when the flag is on, else ''; `first` drops the comma. */
export function inplaceRepr(inplace: boolean, first = false): string {
  return inplace ? `${first ? '' : ', '}inplace=true` : '';
}

/**
 * `f(input)`, written into `input` when `inplace` (and `input` returned), else a new tensor. As in
 * PyTorch, a leaf that requires grad cannot be overwritten while grad mode is on: the error names
 * the layer. `f` runs on a recorded copy of the input when the input requires grad, so a VJP that
 * saved its input still sees the old values (PyTorch's `original_self`).
 */
export function activate(layer: string, inplace: boolean, input: Tensor, f: (x: Tensor) => Tensor): Tensor {
  if (!inplace) return f(input);
  checkTensor(layer, 'input', input);
  if (isGradEnabled() && input.isLeaf && input.requiresGrad) {
    throw new AutogradError(
      layer,
      `inplace=true cannot overwrite a leaf tensor that requires grad (shape ${fmtShape(input.shape)}), as in PyTorch; ` +
        `use inplace=false, or pass a tensor computed from it`,
    );
  }
  return commit(`${layer}(inplace=true)`, input, f(selfOperand(input, input.requiresGrad)));
}
