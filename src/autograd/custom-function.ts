/**
 * User-defined differentiable functions (PyTorch's `torch.autograd.Function`): a forward that
 * runs without recording, and a backward (VJP) you write yourself. Write the backward with
 * Tensor ops and it is itself differentiable (createGraph works).
 * @module
 */
import { checkFunction, checkOptions, describe } from '../checks/index.js';
import { AutogradError, ValueError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { noGrad } from './grad-mode.js';
import { record, type Node } from './node.js';

/** What forward can stash for backward. */
export interface FunctionContext {
  /** Saves tensors for backward (checked against in-place changes like built-in ops' saves). */
  saveForBackward(...tensors: Tensor[]): void;
  /** Any non-tensor values backward needs. */
  readonly values: Record<string, unknown>;
  /** Whether each input needs a gradient (you may return null for the others). */
  readonly needsInputGrad: readonly boolean[];
}

/** What backward receives: the saved tensors and values. */
export interface BackwardContext {
  readonly saved: readonly Tensor[];
  readonly values: Record<string, unknown>;
  readonly needsInputGrad: readonly boolean[];
}

/** The definition of a custom function. */
export interface FunctionDefinition {
  /** Op name shown in graphs and errors (`Square` → node `SquareBackward`). */
  name: string;
  /** Computes the output from the inputs (runs with recording off). */
  forward(ctx: FunctionContext, ...inputs: Tensor[]): Tensor;
  /** Returns one gradient (or null) per input, given the output's gradient. */
  backward(ctx: BackwardContext, grad: Tensor): readonly (Tensor | null)[];
}

/** A custom function ready to call with `apply`. */
export interface CustomFunction {
  readonly name: string;
  apply(...inputs: Tensor[]): Tensor;
}

/** Defines a differentiable function from a forward and a hand-written VJP. */
export function defineFunction(definition: FunctionDefinition): CustomFunction {
  checkOptions('defineFunction', definition, { name: 'string', forward: checkFunction, backward: checkFunction });
  for (const key of ['name', 'forward', 'backward'] as const) {
    if (definition?.[key] === undefined) throw new ValueError('defineFunction', `the definition needs '${key}', got ${describe(definition)}`);
  }
  const nodeName = `${definition.name}Backward`;
  // Named so a stack trace or the graph printout says which user function this is.
  const vjp = {
    [`${definition.name}Vjp`]: (grad: Tensor, saved: readonly Tensor[], node: Node<{ values: Record<string, unknown> }>) =>
      definition.backward({ saved, values: node.attrs.values, needsInputGrad: node.inputs.map((n) => n !== null) }, grad),
  }[`${definition.name}Vjp`]!;
  return {
    name: definition.name,
    apply(...inputs: Tensor[]): Tensor {
      inputs.forEach((t, i) => {
        if (!(t instanceof Tensor)) throw new AutogradError(definition.name, `input ${i} is not a Tensor`);
      });
      const saved: Tensor[] = [];
      const values: Record<string, unknown> = {};
      const ctx: FunctionContext = {
        saveForBackward: (...ts) => saved.push(...ts),
        values,
        needsInputGrad: inputs.map((t) => t.requiresGrad),
      };
      const out = noGrad(() => definition.forward(ctx, ...inputs));
      if (!(out instanceof Tensor)) throw new AutogradError(definition.name, 'forward must return a Tensor');
      // The output must be a fresh tensor this node can own.
      const owned = out.gradFn === null && !inputs.includes(out) ? out : out.detach().clone();
      return record(nodeName, owned, inputs, vjp, saved, { values });
    },
  };
}
