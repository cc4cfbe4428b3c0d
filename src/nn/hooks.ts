/**
 * Module hooks, as PyTorch's: functions a module runs around its forward when it is called
 * (`model(x)`, never `model.forward(x)`), in registration order, each removable through the
 * {@link RemovableHandle} its registration returned.
 *
 * - forward pre-hooks: `hook(module, inputs)` before forward; may return replacement inputs;
 * - forward hooks: `hook(module, inputs, output)` after forward; may return a replacement output;
 * - full backward pre-hooks: `hook(module, gradOutput)` when the gradients w.r.t. the module's
 *   outputs are known; may return replacement gradOutput;
 * - full backward hooks: `hook(module, gradInput, gradOutput)` when the gradients w.r.t. the
 *   module's inputs are computed; may return replacement gradInput.
 *
 * The backward hooks follow torch's `BackwardHook` (torch/utils/hooks.py): the tensor inputs that
 * require grad pass through one identity node before forward, and the tensor outputs through
 * another after it. The output node's backward records gradOutput; the input node's backward, which
 * runs once everything inside the module has sent its gradient, calls the hooks. Only top-level
 * arguments and top-level elements of an array output count (as torch's tuples); gradInput and
 * gradOutput hold null for every other position and for inputs that need no gradient. When no input
 * requires grad, the hooks run from the output node with a gradInput of nulls.
 * @module
 */
import { isGradEnabled, noGrad } from '../autograd/grad-mode.js';
import { record } from '../autograd/node.js';
import { checkFunction } from '../checks/args.js';
import { ChainruleError } from '../errors.js';
import { cat, split } from '../ops/join.js';
import { Tensor } from '../tensor/tensor.js';
import type { Module } from './module.js';

/** Runs before forward with the call's arguments; returning a value replaces them (a non-array value is the one argument). */
export type ForwardPreHook<M = Module> = (module: M, inputs: unknown[]) => unknown;
/** Runs after forward with the arguments and the output; returning a value replaces the output. */
export type ForwardHook<M = Module> = (module: M, inputs: unknown[], output: any) => unknown;
/** Runs when the gradients w.r.t. the module's inputs are computed; returning an array replaces gradInput. */
export type FullBackwardHook<M = Module> = (module: M, gradInput: (Tensor | null)[], gradOutput: (Tensor | null)[]) => (Tensor | null)[] | void | null;
/** Runs when the gradients w.r.t. the module's outputs are known; returning an array replaces gradOutput. */
export type FullBackwardPreHook<M = Module> = (module: M, gradOutput: (Tensor | null)[]) => (Tensor | null)[] | void | null;

/** Errors raised by module hooks (a wrong number of returned gradients, mixed dtypes). */
export class HookError extends ChainruleError {}

/** One registration: a fresh object, so a hook registered twice is removed one registration at a time. */
interface Entry<F> {
  readonly hook: F;
}

/** The hooks of one module, by kind, in registration order. */
export class ModuleHooks {
  readonly forwardPre: Entry<ForwardPreHook>[] = [];
  readonly forward: Entry<ForwardHook>[] = [];
  readonly backward: Entry<FullBackwardHook>[] = [];
  readonly backwardPre: Entry<FullBackwardPreHook>[] = [];
}

/** PyTorch's RemovableHandle: `remove()` unregisters the hook (a second call does nothing). */
export class RemovableHandle {
  readonly #list: Entry<unknown>[];
  readonly #entry: Entry<unknown>;

  /** @internal */
  constructor(list: Entry<unknown>[], entry: Entry<unknown>) {
    this.#list = list;
    this.#entry = entry;
  }

  /** Unregisters the hook. Backward hooks of calls already made still run, as in PyTorch. */
  remove(): void {
    const i = this.#list.indexOf(this.#entry);
    if (i >= 0) this.#list.splice(i, 1);
  }
}

/**
 * Adds `hook` at the end of the owner's hooks of `kind` (creating its {@link ModuleHooks} on the
 * first registration) and returns its handle; `method` names the registration in errors.
 */
export function addHook(owner: { moduleHooks: ModuleHooks | null }, kind: keyof ModuleHooks, method: string, hook: unknown): RemovableHandle {
  checkFunction(method, 'hook', hook);
  const list = (owner.moduleHooks ??= new ModuleHooks())[kind] as Entry<unknown>[];
  const entry: Entry<unknown> = { hook };
  list.push(entry);
  return new RemovableHandle(list, entry);
}

/**
 * A call of a module that has hooks (PyTorch's `Module._call_impl`): pre-hooks, backward-hook
 * set-up of the inputs, forward, forward hooks, backward-hook set-up of the output. `module` is
 * the callable proxy, so hooks and forward see the object the user holds.
 */
export function callWithHooks(module: Module, hooks: ModuleHooks, forward: (...args: unknown[]) => unknown, args: unknown[]): unknown {
  let inputs = args;
  for (const { hook } of [...hooks.forwardPre]) {
    const replaced = hook(module, [...inputs]);
    if (replaced !== undefined && replaced !== null) inputs = Array.isArray(replaced) ? [...(replaced as unknown[])] : [replaced];
  }
  const backward = (hooks.backward.length > 0 || hooks.backwardPre.length > 0) && isGradEnabled() ? new BackwardCall(module, hooks) : null;
  if (backward !== null) inputs = backward.setUpInputs(inputs);
  let output = forward.apply(module, inputs);
  for (const { hook } of [...hooks.forward]) {
    const replaced = hook(module, [...inputs], output);
    if (replaced !== undefined && replaced !== null) output = replaced;
  }
  return backward === null ? output : backward.setUpOutput(output);
}

/** The positions of the tensors requiring grad among `values`. */
function gradPositions(values: readonly unknown[]): number[] {
  const positions: number[] = [];
  values.forEach((v, i) => {
    if (v instanceof Tensor && v.requiresGrad) positions.push(i);
  });
  return positions;
}

/** A list of `size` nulls with `values` at `positions`. */
function spread(positions: readonly number[], values: readonly (Tensor | null)[], size: number): (Tensor | null)[] {
  const out = new Array<Tensor | null>(size).fill(null);
  positions.forEach((p, i) => (out[p] = values[i] ?? null));
  return out;
}

/** Checks that a hook returned one entry per position. */
function checkReturned(kind: string, returned: unknown, expected: number): (Tensor | null)[] {
  if (!Array.isArray(returned) || returned.length !== expected) {
    const got = Array.isArray(returned) ? `${returned.length} entries` : typeof returned;
    throw new HookError(kind, `the hook must return nothing or an array of ${expected} gradients (or nulls), got ${got}`);
  }
  return returned as (Tensor | null)[];
}

/**
 * One call's backward hooks (torch's `BackwardHook`): hooks are read at call time, so a hook
 * removed after the forward still runs for it, as in PyTorch.
 */
class BackwardCall {
  private readonly full: FullBackwardHook[];
  private readonly pre: FullBackwardPreHook[];
  private gradOutput: (Tensor | null)[] | null = null;
  private inputCount = 0;
  /** Positions of the inputs passed through the input node; null when no input requires grad. */
  private inputPositions: number[] | null = null;
  private outputCount = 0;
  private outputPositions: number[] = [];

  constructor(
    private readonly module: Module,
    hooks: ModuleHooks,
  ) {
    this.full = hooks.backward.map((e) => e.hook);
    this.pre = hooks.backwardPre.map((e) => e.hook);
  }

  setUpInputs(args: unknown[]): unknown[] {
    this.inputCount = args.length;
    const positions = gradPositions(args);
    if (positions.length === 0) return args;
    this.inputPositions = positions;
    const through = throughOneNode(
      positions.map((p) => args[p] as Tensor),
      (grads) => this.onInputGrads(grads),
    );
    const out = [...args];
    positions.forEach((p, i) => (out[p] = through[i]));
    return out;
  }

  setUpOutput(output: unknown): unknown {
    const outputs: unknown[] = Array.isArray(output) ? output : [output];
    this.outputCount = outputs.length;
    this.outputPositions = gradPositions(outputs);
    if (this.outputPositions.length === 0) return output;
    const through = throughOneNode(
      this.outputPositions.map((p) => outputs[p] as Tensor),
      (grads) => this.onOutputGrads(grads),
    );
    const out = [...outputs];
    this.outputPositions.forEach((p, i) => (out[p] = through[i]));
    return Array.isArray(output) ? out : out[0];
  }

  private onOutputGrads(grads: readonly Tensor[]): readonly (Tensor | null)[] {
    let gradOutput = spread(this.outputPositions, grads, this.outputCount);
    for (const hook of this.pre) {
      const replaced = hook(this.module, [...gradOutput]);
      if (replaced !== undefined && replaced !== null) gradOutput = checkReturned('registerFullBackwardPreHook', replaced, this.outputCount);
    }
    this.gradOutput = gradOutput;
    if (this.inputPositions === null) {
      // no input requires grad: no input node will run, so the hooks run here, with nothing to replace
      const gradInput = spread([], [], this.inputCount);
      for (const hook of this.full) {
        const returned = hook(this.module, [...gradInput], [...gradOutput]);
        if (returned !== undefined && returned !== null && !(Array.isArray(returned) && returned.every((g) => g === null || g === undefined))) {
          throw new HookError('registerFullBackwardHook', 'no input of this call requires grad, so the hook must return nothing or nulls');
        }
      }
      this.gradOutput = null;
    }
    return this.outputPositions.map((p) => gradOutput[p] ?? null);
  }

  private onInputGrads(grads: readonly Tensor[]): readonly (Tensor | null)[] {
    const positions = this.inputPositions!;
    // gradients reaching the inputs without passing through the outputs (torch skips the hooks too)
    if (this.gradOutput === null) return grads;
    let gradInput = spread(positions, grads, this.inputCount);
    for (const hook of this.full) {
      const replaced = hook(this.module, [...gradInput], [...this.gradOutput]);
      if (replaced !== undefined && replaced !== null) gradInput = checkReturned('registerFullBackwardHook', replaced, this.inputCount);
    }
    this.gradOutput = null;
    return positions.map((p) => gradInput[p] ?? null);
  }
}

/**
 * Passes `tensors` through one graph node whose backward gives `onGrads` the gradients of all of
 * them at once and returns what it returns. One tensor goes through as an alias (no copy); several
 * are joined into one flat tensor and handed out as views of it, because a node has one output
 * (a copy, paid only by a hooked call with several inputs or outputs requiring grad).
 */
function throughOneNode(tensors: readonly Tensor[], onGrads: (grads: readonly Tensor[]) => readonly (Tensor | null)[]): Tensor[] {
  const name = 'BackwardHookFunctionBackward';
  if (tensors.length === 1) return [record(name, tensors[0]!.detach(), tensors, (g) => onGrads([g]))];
  const dtype = tensors[0]!.dtype;
  if (tensors.some((t) => t.dtype !== dtype)) {
    throw new HookError('backward hooks', `the tensors requiring grad among a hooked module's inputs (or outputs) must share one dtype, got ${tensors.map((t) => t.dtype).join(', ')}`);
  }
  const sizes = tensors.map((t) => t.numel());
  const pieces = (flat: Tensor): Tensor[] => split(flat, sizes).map((p, i) => p.reshape(tensors[i]!.shape));
  const joined = noGrad(() => cat(tensors.map((t) => t.detach().reshape([-1]))));
  return pieces(record(name, joined, tensors, (g) => onGrads(pieces(g))));
}
