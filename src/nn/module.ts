/**
 * Module: the base of every layer. A module owns named parameters (leaf tensors that require
 * grad), named buffers (state that is saved but not trained, like BatchNorm's running_mean) and
 * named submodules, registered under PyTorch's names so state dicts line up with PyTorch's.
 * Layers compute in `forward`, usually by calling the `functional` form.
 * @module
 */
import { checkBool, checkFunction } from '../checks/args.js';
import { checkLoadable, checkParameter, checkStateDictArgs, ModuleError } from './module-checks.js';
import { noGrad } from '../autograd/grad-mode.js';
import { formatValue } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { callable } from './callable.js';
import { Parameter } from './parameter.js';
import { copyState, StateDict } from './state-dict.js';
import { convertModule, deepcopyModule, type ModuleTarget } from './module-convert.js';
import { moduleRepr } from './repr.js';
import { addHook, type ModuleHooks, type ForwardHook, type ForwardPreHook, type FullBackwardHook, type FullBackwardPreHook, type RemovableHandle } from './hooks.js';

export { ModuleError, StateDict };

/** Options of {@link Module.loadStateDict}. */
export interface LoadStateDictOptions {
  /** Require exactly the module's keys (default true). */
  strict?: boolean;
}

/** What {@link Module.loadStateDict} did not match (only non-empty when strict is false). */
export interface LoadStateDictResult {
  missingKeys: string[];
  unexpectedKeys: string[];
}

/**
 * Base class of all layers and models. A module is callable (`model(x)` runs `model.forward(x)`),
 * and assigning a Module or a {@link Parameter} to one of its properties registers it under that
 * name, in assignment order, as PyTorch's `__setattr__` does:
 *
 * ```ts
 * class Net extends Module {
 *   fc = new Linear(4, 2);               // registered as 'fc'
 *   scale = new Parameter(ones([2]));    // registered as 'scale'
 *   forward(x: Tensor) { return this.fc(x).mul(this.scale); }
 * }
 * const net = new Net();
 * net(randn([3, 4]));                    // [3, 2]
 * console.log(net);                      // Net(\n  (fc): Linear(...)\n)
 * ```
 *
 * `registerModule` / `registerParameter` / `registerBuffer` still work (and are how buffers are
 * registered). The constructor returns a Proxy of the module object (a function, so that it can
 * be called; `typeof model` is 'function'); every property read and write goes to the module.
 */
export abstract class Module {
  /** Training mode (dropout active, batch statistics); `eval()` turns it off. */
  training = true;
  private readonly parameterSlots = new Map<string, Tensor | null>();
  private readonly bufferSlots = new Map<string, Tensor | null>();
  private readonly moduleSlots = new Map<string, Module | null>();
  /** @internal This module's hooks (./hooks.ts); null until the first is registered, so calls skip them. */
  moduleHooks: ModuleHooks | null = null;

  constructor() {
    return wrap(this);
  }

  /**
   * @internal The registration step of a property assignment (the proxy calls it): a Module or a
   * Parameter not yet registered under any name is registered under `key`; a value assigned to a
   * registered name replaces the registered one (null clears it).
   */
  assignAttribute(key: string | symbol, value: unknown): void {
    if (typeof key !== 'string') return;
    const slots: Map<string, unknown>[] = [this.moduleSlots, this.parameterSlots, this.bufferSlots];
    const named = slots.find((m) => m.has(key));
    if (named !== undefined) {
      if (value === null) named.set(key, null);
      else if (named === this.moduleSlots && value instanceof Module) named.set(key, value);
      else if (named === this.parameterSlots && value instanceof Tensor && value.isLeaf) this.parameterSlots.set(key, value.requiresGrad ? value : value.requiresGrad_(true));
      else if (named === this.bufferSlots && value instanceof Tensor) named.set(key, value);
      return;
    }
    if (!(value instanceof Module || value instanceof Parameter)) return;
    if (slots.some((m) => [...m.values()].includes(value))) return; // already registered under another name
    if (value instanceof Module) this.registerModule(key, value);
    else this.registerParameter(key, value);
  }

  /** @internal A read of a missing property: what is registered under `key` (`lstm.weight_hh_l0`). */
  registeredAttribute(key: string): unknown {
    const slots = [this.parameterSlots, this.bufferSlots, this.moduleSlots] as Map<string, unknown>[];
    return slots.find((m) => m.has(key))?.get(key);
  }

  /** The computation; subclasses define its arguments. */
  abstract forward(...inputs: never[]): unknown;

  /** Name shown by toString (the class name by default). */
  get typeName(): string {
    return this.constructor.name;
  }

  /** Registers a parameter under `name` (PyTorch's name); it becomes a leaf requiring grad. */
  registerParameter<T extends Tensor | null>(name: string, param: T): T {
    checkName(this, name, this.parameterSlots);
    checkParameter(this.typeName, name, param);
    if (param !== null) {
      if (!param.isLeaf) throw new ModuleError(this.typeName, `parameter '${name}' must be a leaf tensor (detach it first)`);
      param.requiresGrad_(true);
    }
    this.parameterSlots.set(name, param);
    return param;
  }

  /** Registers a buffer: state saved in the state dict but not trained (e.g. running_mean). */
  registerBuffer<T extends Tensor | null>(name: string, buffer: T): T {
    checkName(this, name, this.bufferSlots);
    this.bufferSlots.set(name, buffer);
    return buffer;
  }

  /** Registers a submodule under `name` (`0`, `layer1`, `downsample`). */
  registerModule<M extends Module | null>(name: string, module: M): M {
    checkName(this, name, this.moduleSlots);
    this.moduleSlots.set(name, module);
    return module;
  }

  /** Replaces a registered buffer's tensor (for buffers that are reassigned, not updated in place). */
  protected setBuffer(name: string, buffer: Tensor): void {
    if (!this.bufferSlots.has(name)) throw new ModuleError(this.typeName, `no buffer named '${name}'`);
    this.bufferSlots.set(name, buffer);
  }

  /** Direct submodules with their names. */
  namedChildren(): [string, Module][] {
    return [...this.moduleSlots].filter((e): e is [string, Module] => e[1] !== null);
  }

  /** Direct submodules. */
  children(): Module[] {
    return this.namedChildren().map(([, m]) => m);
  }

  /** This module and all submodules, depth first, with dotted names ('' for this one). */
  namedModules(prefix = ''): [string, Module][] {
    if (typeof prefix !== 'string') throw new ModuleError('namedModules', `prefix must be a string, got ${formatValue(prefix)}`);
    const out: [string, Module][] = [];
    const seen = new Set<Module>();
    const stack: [string, Module][] = [[prefix, this]];
    while (stack.length > 0) {
      const [name, m] = stack.pop()!;
      if (seen.has(m)) continue;
      seen.add(m);
      out.push([name, m]);
      const kids = m.namedChildren();
      for (let i = kids.length - 1; i >= 0; i--) {
        const [childName, child] = kids[i]!;
        stack.push([name ? `${name}.${childName}` : childName, child]);
      }
    }
    return out;
  }

  /** This module and all submodules. */
  modules(): Module[] {
    return this.namedModules().map(([, m]) => m);
  }

  /** Parameters with PyTorch's dotted names (`0.weight`, `layer1.0.conv1.weight`). */
  namedParameters(recurse = true): [string, Tensor][] {
    checkBool('namedParameters', 'recurse', recurse);
    return this.collect((m) => m.parameterSlots, recurse);
  }

  /** All parameters (each once, even if shared). */
  parameters(recurse = true): Tensor[] {
    checkBool('parameters', 'recurse', recurse);
    return this.namedParameters(recurse).map(([, p]) => p);
  }

  /** Buffers with dotted names (`running_mean`, `0.num_batches_tracked`). */
  namedBuffers(recurse = true): [string, Tensor][] {
    checkBool('namedBuffers', 'recurse', recurse);
    return this.collect((m) => m.bufferSlots, recurse);
  }

  /** All buffers. */
  buffers(recurse = true): Tensor[] {
    checkBool('buffers', 'recurse', recurse);
    return this.namedBuffers(recurse).map(([, b]) => b);
  }

  private collect(slots: (m: Module) => Map<string, Tensor | null>, recurse: boolean): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    const seen = new Set<Tensor>();
    const modules: [string, Module][] = recurse ? this.namedModules() : [['', this]];
    for (const [prefix, m] of modules) {
      for (const [name, t] of slots(m)) {
        if (t === null || seen.has(t)) continue;
        seen.add(t);
        out.push([prefix ? `${prefix}.${name}` : name, t]);
      }
    }
    return out;
  }

  /** Sets training mode on this module and all submodules. */
  train(mode = true): this {
    checkBool('train', 'mode', mode);
    for (const m of this.modules()) m.training = mode;
    return this;
  }

  /** Evaluation mode: same as train(false). */
  eval(): this {
    return this.train(false);
  }

  /** Clears the gradients of all parameters (to null, as PyTorch's default setToNone; or to zeros). */
  zeroGrad(setToNone = true): void {
    checkBool('zeroGrad', 'setToNone', setToNone);
    for (const p of this.parameters()) {
      if (setToNone || p.grad === null) p.grad = null;
      else noGrad(() => p.grad!.zero_());
    }
  }

  /** Sets requiresGrad on every parameter (false freezes them), as PyTorch's requires_grad_; returns this. */
  requiresGrad_(requiresGrad = true): this {
    checkBool('requiresGrad_', 'requiresGrad', requiresGrad);
    for (const p of this.parameters()) p.requiresGrad_(requiresGrad);
    return this;
  }

  /** Calls fn on every submodule (children first) and this module; returns this. */
  apply(fn: (m: Module) => void): this {
    checkFunction('apply', 'fn', fn);
    for (const m of this.modules().reverse()) fn(m);
    return this;
  }

  /**
   * Parameters and buffers by PyTorch's names, sharing storage with the module (detached views).
   * A {@link StateDict} is a Map that also has each entry as an own property, so
   * `Object.entries(sd)`, `sd['fc.weight']` and `sd.get('fc.weight')` all work.
   */
  stateDict(): StateDict {
    const out = new StateDict();
    for (const [prefix, m] of this.namedModules()) {
      for (const [name, t] of [...m.parameterSlots, ...m.bufferSlots]) {
        if (t !== null) out.set(prefix ? `${prefix}.${name}` : name, t.detach());
      }
    }
    return out;
  }

  /**
   * Copies values from a state dict (a Map, a {@link StateDict} or a plain object of PyTorch's
   * names) into this module's parameters and buffers. Float values are cast to the model's dtype
   * (a float64 state dict loads into a float32 model, as in PyTorch). Every key, shape and dtype
   * is checked first; on any mismatch nothing is changed and the error lists all problems.
   *
   * ```ts
   * model.loadStateDict(other.stateDict());
   * ```
   */
  loadStateDict(state: ReadonlyMap<string, Tensor> | Record<string, Tensor>, options: LoadStateDictOptions = {}): LoadStateDictResult {
    checkStateDictArgs(state, options);
    const strict = options.strict ?? true;
    const incoming = state instanceof Map ? state : new Map(Object.entries(state));
    const own = this.stateDict();
    const { missingKeys, unexpectedKeys } = checkLoadable(this.typeName, own, incoming, strict);
    copyState(own, incoming);
    return { missingKeys, unexpectedKeys };
  }

  /**
   * Converts every float parameter and buffer (and its gradient) to `dtype` in place, keeping the
   * tensor objects (as PyTorch's `module.to`); int and bool buffers are kept. A device name is
   * accepted too: `'cpu'` changes nothing (chainrule runs on the CPU only; other devices throw).
   *
   * ```ts
   * const model = new Linear(3, 2).to('float64'); // or .double()
   * ```
   */
  to(dtypeOrDevice: 'float32' | 'float64' | 'cpu'): this {
    convertModule(this as unknown as ModuleTarget, dtypeOrDevice);
    return this;
  }

  /** Converts float parameters and buffers to float64: same as `to('float64')`. */
  double(): this {
    return this.to('float64');
  }

  /** Converts float parameters and buffers to float32: same as `to('float32')`. */
  float(): this {
    return this.to('float32');
  }

  /**
   * A deep copy (PyTorch's `copy.deepcopy(model)`): the same module tree with its own parameter,
   * buffer and gradient tensors (and copies of every other property), so training one does not
   * change the other.
   *
   * ```ts
   * const target = model.deepcopy(); // e.g. a target network
   * ```
   */
  deepcopy(): this {
    return deepcopyModule(this as unknown as ModuleTarget, {
      isModule: (v): v is ModuleTarget => v instanceof Module,
      wrap: (raw) => wrap(raw as unknown as Module) as unknown as typeof raw,
    }) as unknown as this;
  }

  /**
   * Registers `hook(module, inputs)` to run before forward each time the module is called
   * (`model(x)`, not `model.forward(x)`); a returned value replaces the inputs (a non-array value
   * becomes the one input). PyTorch's `register_forward_pre_hook`.
   */
  registerForwardPreHook(hook: ForwardPreHook<this>): RemovableHandle {
    return addHook(this, 'forwardPre', 'registerForwardPreHook', hook);
  }

  /**
   * Registers `hook(module, inputs, output)` to run after forward each time the module is called;
   * a returned value replaces the output. PyTorch's `register_forward_hook`.
   *
   * ```ts
   * const seen: Tensor[] = [];
   * const handle = model.at(0).registerForwardHook((m, inputs, out) => void seen.push(out.detach()));
   * model(x); // seen[0] is the first layer's activation; handle.remove() unregisters the hook
   * ```
   */
  registerForwardHook(hook: ForwardHook<this>): RemovableHandle {
    return addHook(this, 'forward', 'registerForwardHook', hook);
  }

  /**
   * Registers `hook(module, gradInput, gradOutput)` to run when the gradients w.r.t. the inputs of
   * a call are computed (null for inputs that need none); a returned array replaces gradInput.
   * PyTorch's `register_full_backward_hook`.
   */
  registerFullBackwardHook(hook: FullBackwardHook<this>): RemovableHandle {
    return addHook(this, 'backward', 'registerFullBackwardHook', hook);
  }

  /**
   * Registers `hook(module, gradOutput)` to run when the gradients w.r.t. the outputs of a call are
   * known, before the module's backward; a returned array replaces gradOutput. PyTorch's
   * `register_full_backward_pre_hook` (torch 2.0).
   */
  registerFullBackwardPreHook(hook: FullBackwardPreHook<this>): RemovableHandle {
    return addHook(this, 'backwardPre', 'registerFullBackwardPreHook', hook);
  }

  /** Extra text inside the parentheses of toString, e.g. `inFeatures=2, outFeatures=3, bias=true`. */
  extraRepr(): string {
    return '';
  }

  /**
   * The module tree as PyTorch prints it (`console.log(model)` shows the same): argument names in
   * PyTorch's spelling (`in_features=4`, `bias=True`), children by name in registration order.
   *
   * ```ts
   * String(new Sequential(new Linear(4, 2), new ReLU()));
   * // Sequential(
   * //   (0): Linear(in_features=4, out_features=2, bias=True)
   * //   (1): ReLU()
   * // )
   * ```
   */
  toString(): string {
    return moduleRepr(this.typeName, this.extraRepr(), this.namedChildren());
  }
}

/**
 * @internal The callable proxy of a module object (also used for deep copies, which build the raw
 * object first).
 */
export function wrap<M extends Module>(raw: M): M {
  return callable(raw, (key, value) => raw.assignAttribute(key, value), (key) => raw.registeredAttribute(key));
}

// A module is callable: `model(x)` runs `model.forward(x)`.
export interface Module {
  (...inputs: any[]): any;
}

function checkName(module: Module, name: string, slots: Map<string, unknown>): void {
  if (typeof name !== 'string' || name === '' || name.includes('.')) {
    throw new ModuleError(module.typeName, `invalid name ${formatValue(name)}: names are non-empty and contain no '.'`);
  }
  if (slots.has(name)) throw new ModuleError(module.typeName, `'${name}' is already registered`);
}
