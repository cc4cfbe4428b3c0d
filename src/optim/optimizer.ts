/**
 * The optimizer base class (PyTorch's `torch.optim.Optimizer`): parameter groups with per-group
 * options, `zeroGrad`, `step`, `stateDict`/`loadStateDict`, `addParamGroup`, and `stateBytes`.
 *
 * A subclass supplies its defaults, a check of one group's options, and the update of one
 * parameter. The base class checks everything a step needs (options, gradient shapes and dtypes)
 * before it changes anything, so a step that throws leaves every parameter and all state as they
 * were.
 * @module
 */
import { enableGrad, noGrad } from '../autograd/grad-mode.js';
import { DTypeError, ShapeError, ValueError, fmtShape, formatValue } from '../errors.js';
import { isFloating } from '../dtype.js';
import { sameShape } from '../shape.js';
import { Tensor } from '../tensor/tensor.js';
import { checkNonNegative, rejectUnknownKeys } from './validate.js';

/**
 * What an optimizer keeps for one parameter: tensors of the parameter's shape (momentum buffers,
 * moment estimates) and plain numbers (step counts).
 */
export type ParamState = Record<string, Tensor | number>;

/** Options every optimizer has. */
export interface OptimizerOptions {
  /** Learning rate. */
  lr: number;
}

/** Keys a group may carry besides the optimizer's options. */
interface GroupExtras {
  /** The learning rate a scheduler started from (set by the first scheduler attached, as PyTorch's `initial_lr`). */
  initialLr?: number;
}

/** A parameter group as you pass it: tensors plus options overriding the optimizer's defaults. */
export type ParamGroupInput<O> = { params: Tensor | Iterable<Tensor> } & Partial<O> & GroupExtras;

/**
 * A parameter group as the optimizer holds it: its tensors and all options (defaults filled in).
 * Options may be changed between steps (schedulers change `lr`); `step()` checks them again.
 */
export type ParamGroup<O> = O & GroupExtras & { params: Tensor[] };

/** The first argument of every optimizer: a list of tensors, or a list of parameter groups. */
export type ParamsInput<O> = Iterable<Tensor> | Iterable<ParamGroupInput<O>>;

/**
 * A snapshot of an optimizer (PyTorch's `state_dict()`): parameters are referred to by their
 * position across all groups in order, state tensors are copies.
 */
export interface OptimizerStateDict<O = OptimizerOptions> {
  /** State per parameter index (only parameters that have state). */
  state: Map<number, ParamState>;
  /** Each group's options with `params` as indices. */
  paramGroups: (O & GroupExtras & { params: number[] })[];
}

const EXTRA_KEYS = ['params', 'initialLr'] as const;

/** Base class of the optimizers (SGD, Adam, AdamW, RMSprop, Adagrad, Adadelta, Adamax, NAdam, RAdam, Rprop, ASGD, LBFGS). */
export abstract class Optimizer<O extends OptimizerOptions = OptimizerOptions> {
  /** The options groups get when they do not set their own. */
  readonly defaults: Readonly<O>;
  /** The parameter groups, in order. */
  readonly paramGroups: ParamGroup<O>[] = [];
  /** Per-parameter state, created lazily by the first step that updates the parameter. */
  readonly state = new Map<Tensor, ParamState>();
  /** The optimizer's name in error messages (`SGD`). */
  readonly name: string;

  /**
   * @param name the optimizer's name, used in error messages
   * @param params tensors, or parameter groups `{ params, ...options }`
   * @param defaults the full options (already merged with the user's), checked here
   */
  protected constructor(name: string, params: ParamsInput<O>, defaults: O) {
    this.name = name;
    this.checkOptions(defaults, 'options');
    this.defaults = Object.freeze(copyOptions(defaults));
    if (params instanceof Tensor) {
      throw new ValueError(name, 'params must be a list of tensors (or of parameter groups), not a single Tensor; wrap it in [ ]');
    }
    if (params === null || typeof params !== 'object' || typeof (params as Iterable<unknown>)[Symbol.iterator] !== 'function') {
      throw new ValueError(name, `params must be a list of tensors or of parameter groups, got ${describe(params)}`);
    }
    const items = [...(params as Iterable<unknown>)];
    if (items.length === 0) throw new ValueError(name, 'got an empty parameter list');
    const firstTensor = items.findIndex((p) => p instanceof Tensor);
    const firstOther = items.findIndex((p) => !(p instanceof Tensor));
    if (firstTensor >= 0 && firstOther >= 0) {
      throw new ValueError(
        name,
        `params mixes tensors and other values: params[${firstTensor}] is a Tensor but params[${firstOther}] is ${describe(items[firstOther])}; pass tensors, or groups { params, ...options }`,
      );
    }
    const groups = firstOther < 0
      ? [{ params: items as Tensor[] } as unknown as ParamGroupInput<O>]
      : (items as ParamGroupInput<O>[]);
    // Check all groups together (duplicates across groups included) before keeping any.
    const built = this.buildGroups(groups, 0, new Set());
    for (const group of built) this.paramGroups.push(group);
    for (const group of built) this.initGroupState(group);
  }

  /** Checks one group's options (all of them, defaults filled in); throws a ValueError naming the bad one. */
  protected abstract checkOptions(options: O, where: string): void;

  /**
   * Updates one parameter in place (called under noGrad, only for parameters with a gradient).
   * @param param the parameter
   * @param grad its gradient (detached)
   * @param state the parameter's state (create missing entries lazily)
   * @param group the parameter's group options
   */
  protected abstract updateParam(param: Tensor, grad: Tensor, state: ParamState, group: ParamGroup<O>): void;

  /** Creates state a parameter needs before its first step (Adagrad's accumulator); none by default. */
  protected initGroupState(_group: ParamGroup<O>): void {}

  /** Sets the parameters' gradients to null (default, as PyTorch 2) or, with `setToNone = false`, to zeros. */
  zeroGrad(setToNone = true): void {
    for (const group of this.paramGroups) {
      for (const p of group.params) {
        if (p.grad === null) continue;
        if (setToNone) {
          p.grad = null;
        } else {
          const g = p.grad;
          if (g.requiresGrad) g.detach_(); // a gradient recorded with createGraph leaves its graph
          noGrad(() => g.zero_());
        }
      }
    }
  }

  /**
   * One optimization step: updates every parameter that has a gradient, in place and without
   * recording. With a closure, calls it first (with grad enabled) and returns its result (the loss).
   * Everything is checked before the first parameter changes.
   */
  step(closure?: () => Tensor): Tensor | undefined {
    let loss: Tensor | undefined;
    if (closure !== undefined) {
      if (typeof closure !== 'function') throw new ValueError(`${this.name}.step`, `closure must be a function, got ${describe(closure)}`);
      loss = enableGrad(closure);
    }
    this.checkBeforeStep();
    noGrad(() => {
      for (const group of this.paramGroups) {
        for (const p of group.params) {
          if (p.grad === null) continue;
          let state = this.state.get(p);
          if (state === undefined) {
            state = {};
            this.state.set(p, state);
          }
          this.updateParam(p, p.grad.detach(), state, group);
        }
      }
    });
    return loss;
  }

  /** Adds a group of parameters (with optional per-group options), e.g. to train more layers later. */
  addParamGroup(group: ParamGroupInput<O>): void {
    const seen = new Set<Tensor>();
    for (const g of this.paramGroups) for (const p of g.params) seen.add(p);
    const [built] = this.buildGroups([group], this.paramGroups.length, seen);
    this.paramGroups.push(built!);
    this.initGroupState(built!);
  }

  /**
   * Bytes of optimizer state held: Σ numel × bytes per element over every state tensor of every
   * parameter. Step counters are plain numbers, not tensors, and are not counted. For P float32
   * parameters: SGD 0, SGD with momentum 4P, Adam 8P (12P with amsgrad), Adagrad 4P.
   */
  stateBytes(): number {
    let bytes = 0;
    for (const state of this.state.values()) {
      for (const value of Object.values(state)) {
        if (value instanceof Tensor) bytes += value.numel() * value.storage.BYTES_PER_ELEMENT;
      }
    }
    return bytes;
  }

  /** A snapshot of the state and the group options; tensors are copied, parameters become indices. */
  stateDict(): OptimizerStateDict<O> {
    const index = new Map<Tensor, number>();
    const paramGroups = this.paramGroups.map((group) => {
      const { params, ...options } = group;
      const ids = params.map((p) => {
        if (!index.has(p)) index.set(p, index.size);
        return index.get(p)!;
      });
      return { ...copyOptions(options as unknown as O & GroupExtras), params: ids };
    });
    const state = new Map<number, ParamState>();
    for (const [p, s] of this.state) {
      const i = index.get(p);
      if (i !== undefined) state.set(i, copyState(s, (t) => noGrad(() => t.clone())));
    }
    return { state, paramGroups };
  }

  /**
   * Loads a snapshot from {@link Optimizer.stateDict}: group options replace the current ones, and
   * state tensors are copied (converted to each parameter's dtype). Everything is checked first;
   * on any problem nothing changes.
   */
  loadStateDict(stateDict: OptimizerStateDict<O>): void {
    const op = `${this.name}.loadStateDict`;
    if (stateDict === null || typeof stateDict !== 'object' || !Array.isArray(stateDict.paramGroups) || !(stateDict.state instanceof Map)) {
      throw new ValueError(op, 'expected { state: Map, paramGroups: [...] } as returned by stateDict()');
    }
    const saved = stateDict.paramGroups;
    if (saved.length !== this.paramGroups.length) {
      throw new ValueError(op, `the state dict has ${saved.length} parameter groups but the optimizer has ${this.paramGroups.length}`);
    }
    const params: Tensor[] = [];
    const newGroups: ParamGroup<O>[] = saved.map((g, i) => {
      const own = this.paramGroups[i]!;
      if (g === null || typeof g !== 'object' || !Array.isArray(g.params)) {
        throw new ValueError(op, `paramGroups[${i}] must be an object with a params array`);
      }
      if (g.params.length !== own.params.length) {
        throw new ValueError(op, `paramGroups[${i}] has ${g.params.length} parameters in the state dict but ${own.params.length} in the optimizer`);
      }
      const { params: ids, ...options } = g;
      ids.forEach((id, k) => {
        if (!Number.isSafeInteger(id) || id < 0) throw new ValueError(op, `paramGroups[${i}].params[${k}] must be an index, got ${formatValue(id)}`);
        params[id] = own.params[k]!;
      });
      const merged = { ...copyOptions(options as unknown as O & GroupExtras), params: own.params } as ParamGroup<O>;
      this.checkGroupKeys(merged, `paramGroups[${i}]`, op);
      return merged;
    });
    const newState = new Map<Tensor, ParamState>();
    for (const [id, s] of stateDict.state) {
      const p = params[id];
      if (p === undefined) throw new ValueError(op, `state refers to parameter ${id}, which no group lists`);
      if (s === null || typeof s !== 'object') throw new ValueError(op, `state of parameter ${id} must be an object`);
      for (const [key, value] of Object.entries(s)) {
        if (value instanceof Tensor) {
          if (!sameShape(value.shape, p.shape)) {
            throw new ShapeError(op, `state '${key}' of parameter ${id} has shape ${fmtShape(value.shape)} but the parameter has shape ${fmtShape(p.shape)}`);
          }
          if (!isFloating(value.dtype)) throw new DTypeError(op, `state '${key}' of parameter ${id} is ${value.dtype}; expected a float tensor`);
        } else if (typeof value !== 'number' || !Number.isFinite(value)) {
          throw new ValueError(op, `state '${key}' of parameter ${id} must be a tensor or a finite number, got ${describe(value)}`);
        }
      }
      newState.set(p, copyState(s, (t) => noGrad(() => t.to(p.dtype).clone())));
    }
    newGroups.forEach((g, i) => {
      this.paramGroups[i] = g;
    });
    this.state.clear();
    for (const [p, s] of newState) this.state.set(p, s);
  }

  // ------------------------------------------------------------------ internals

  /** Turns group inputs into full groups, checking every parameter and option; changes nothing. */
  private buildGroups(inputs: readonly ParamGroupInput<O>[], firstIndex: number, seen: Set<Tensor>): ParamGroup<O>[] {
    return inputs.map((input, k) => {
      const where = `paramGroups[${firstIndex + k}]`;
      if (input === null || typeof input !== 'object' || input instanceof Tensor || !('params' in input)) {
        throw new ValueError(this.name, `${where} must be an object { params, ...options }, got ${describe(input)}`);
      }
      const raw = input.params;
      let params: Tensor[];
      if (raw instanceof Tensor) params = [raw];
      else if (raw instanceof Set) {
        throw new ValueError(this.name, `${where}.params is a Set; pass an array so the order of parameters is fixed`);
      } else if (raw !== null && typeof raw === 'object' && typeof (raw as Iterable<Tensor>)[Symbol.iterator] === 'function') {
        params = [...(raw as Iterable<Tensor>)];
      } else {
        throw new ValueError(this.name, `${where}.params must be a Tensor or a list of tensors, got ${describe(raw)}`);
      }
      params.forEach((p, i) => {
        if (!(p instanceof Tensor)) throw new ValueError(this.name, `${where}.params[${i}] is not a Tensor (got ${describe(p)})`);
        if (!isFloating(p.dtype)) throw new DTypeError(this.name, `${where}.params[${i}] is ${p.dtype}; only float tensors can be optimized`);
        if (!p.isLeaf && !p.retainsGrad) {
          throw new ValueError(this.name, `${where}.params[${i}] (shape ${fmtShape(p.shape)}) is not a leaf tensor; optimize leaves (detach it and set requiresGrad)`);
        }
        if (seen.has(p)) {
          throw new ValueError(this.name, `${where}.params[${i}] (shape ${fmtShape(p.shape)}) appears more than once across the parameter groups`);
        }
        seen.add(p);
      });
      const { params: _, ...overrides } = input;
      const group = { ...copyOptions(this.defaults as O), ...copyOptions(overrides as Partial<O>), params } as ParamGroup<O>;
      this.checkGroupKeys(group, where, this.name);
      return group;
    });
  }

  /** Rejects unknown keys, then checks the options. */
  private checkGroupKeys(group: ParamGroup<O>, where: string, op: string): void {
    rejectUnknownKeys(op, group, [...Object.keys(this.defaults), ...EXTRA_KEYS], where);
    if (group.initialLr !== undefined) checkNonNegative(op, 'initialLr', group.initialLr, where);
    this.checkOptions(group, where);
  }

  /** Checks every group's options and every gradient against its parameter. */
  private checkBeforeStep(): void {
    const op = `${this.name}.step`;
    this.paramGroups.forEach((group, i) => {
      const where = `paramGroups[${i}]`;
      this.checkOptions(group, where);
      group.params.forEach((p, k) => {
        const g = p.grad;
        if (g === null) return;
        if (!(g instanceof Tensor)) throw new ValueError(op, `the gradient of ${where}.params[${k}] is not a Tensor`);
        if (!sameShape(g.shape, p.shape)) {
          throw new ShapeError(op, `the gradient of ${where}.params[${k}] has shape ${fmtShape(g.shape)} but the parameter has shape ${fmtShape(p.shape)}`);
        }
        if (g.dtype !== p.dtype) {
          throw new DTypeError(op, `the gradient of ${where}.params[${k}] is ${g.dtype} but the parameter is ${p.dtype}`);
        }
      });
    });
  }
}

/** The tensor state[key], created with `init()` when missing. */
export function stateTensor(state: ParamState, key: string, init: () => Tensor): Tensor {
  if (state === null || typeof state !== 'object') throw new ValueError('stateTensor', `state must be an object, got ${formatValue(state)}`);
  if (typeof key !== 'string') throw new ValueError('stateTensor', `key must be a string, got ${formatValue(key)}`);
  if (typeof init !== 'function') throw new ValueError('stateTensor', `init must be a function, got ${formatValue(init)}`);
  const value = state[key];
  if (value instanceof Tensor) return value;
  const created = init();
  state[key] = created;
  return created;
}

/** Copies options, including arrays such as Adam's betas (so a snapshot is not changed later). */
function copyOptions<T extends object>(options: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) out[key] = Array.isArray(value) ? [...value] : value;
  return out as T;
}

function copyState(state: ParamState, copyTensor: (t: Tensor) => Tensor): ParamState {
  const out: ParamState = {};
  for (const [key, value] of Object.entries(state)) out[key] = value instanceof Tensor ? copyTensor(value) : value;
  return out;
}

function describe(x: unknown): string {
  if (x === null) return 'null';
  if (x === undefined) return 'undefined';
  if (x instanceof Tensor) return `a Tensor of shape ${fmtShape(x.shape)}`;
  if (typeof x === 'object') return (x as object).constructor?.name ?? 'object';
  return `${typeof x} ${String(x)}`;
}

/** A parameter's step count (PyTorch's `state['step']`), advanced by one: the new count. */
export function nextStep(state: ParamState): number {
  const step = (typeof state.step === 'number' ? state.step : 0) + 1;
  state.step = step;
  return step;
}

/**
 * The gradient an update follows, in PyTorch's order: negated when maximizing, then plus λ·θ for
 * L2 weight decay λ (skipped when 0).
 */
export function decayedGradient(param: Tensor, grad: Tensor, maximize: boolean, weightDecay: number): Tensor {
  const g = maximize ? grad.neg() : grad;
  return weightDecay !== 0 ? g.add(param.mul(weightDecay)) : g;
}
