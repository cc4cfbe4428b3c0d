/**
 * Module: the base of every layer. A module owns named parameters (leaf tensors that require
 * grad), named buffers (state that is saved but not trained, like BatchNorm's running_mean) and
 * named submodules, registered under PyTorch's names so state dicts line up with PyTorch's.
 * Layers compute in `forward`, usually by calling the `functional` form.
 * @module
 */
import { noGrad } from '../autograd/grad-mode.js';
import { ChainruleError, ShapeError, fmtShape } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';

/** Errors about modules and state dicts. */
export class ModuleError extends ChainruleError {}

/** A state dict: names (`0.weight`, `running_mean`) to tensors, in registration order. */
export type StateDict = Map<string, Tensor>;

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

/** Base class of all layers and models. */
export abstract class Module {
  /** Training mode (dropout active, batch statistics); `eval()` turns it off. */
  training = true;
  private readonly parameterSlots = new Map<string, Tensor | null>();
  private readonly bufferSlots = new Map<string, Tensor | null>();
  private readonly moduleSlots = new Map<string, Module | null>();

  /** The computation; subclasses define its arguments. */
  abstract forward(...inputs: never[]): unknown;

  /** Name shown by toString (the class name by default). */
  get typeName(): string {
    return this.constructor.name;
  }

  /** Registers a parameter under `name` (PyTorch's name); it becomes a leaf requiring grad. */
  registerParameter<T extends Tensor | null>(name: string, param: T): T {
    checkName(this, name, this.parameterSlots);
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
    return this.collect((m) => m.parameterSlots, recurse);
  }

  /** All parameters (each once, even if shared). */
  parameters(recurse = true): Tensor[] {
    return this.namedParameters(recurse).map(([, p]) => p);
  }

  /** Buffers with dotted names (`running_mean`, `0.num_batches_tracked`). */
  namedBuffers(recurse = true): [string, Tensor][] {
    return this.collect((m) => m.bufferSlots, recurse);
  }

  /** All buffers. */
  buffers(recurse = true): Tensor[] {
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
    for (const m of this.modules()) m.training = mode;
    return this;
  }

  /** Evaluation mode: same as train(false). */
  eval(): this {
    return this.train(false);
  }

  /** Clears the gradients of all parameters (to null, as PyTorch's default setToNone; or to zeros). */
  zeroGrad(setToNone = true): void {
    for (const p of this.parameters()) {
      if (setToNone || p.grad === null) p.grad = null;
      else noGrad(() => p.grad!.zero_());
    }
  }

  /** Calls fn on every submodule (children first) and this module; returns this. */
  apply(fn: (m: Module) => void): this {
    for (const m of this.modules().reverse()) fn(m);
    return this;
  }

  /** Parameters and buffers by name, sharing storage with the module (detached views). */
  stateDict(): StateDict {
    const out: StateDict = new Map();
    for (const [prefix, m] of this.namedModules()) {
      for (const [name, t] of [...m.parameterSlots, ...m.bufferSlots]) {
        if (t !== null) out.set(prefix ? `${prefix}.${name}` : name, t.detach());
      }
    }
    return out;
  }

  /**
   * Copies values from a state dict into this module's parameters and buffers. Every key, shape
   * and dtype is checked first; on any mismatch nothing is changed and the error lists all problems.
   */
  loadStateDict(state: StateDict | Record<string, Tensor>, options: LoadStateDictOptions = {}): LoadStateDictResult {
    const strict = options.strict ?? true;
    const incoming = state instanceof Map ? state : new Map(Object.entries(state));
    const own = this.stateDict();
    const missingKeys = [...own.keys()].filter((k) => !incoming.has(k));
    const unexpectedKeys = [...incoming.keys()].filter((k) => !own.has(k));
    const problems: string[] = [];
    for (const [key, target] of own) {
      const source = incoming.get(key);
      if (source === undefined) continue;
      if (!(source instanceof Tensor)) problems.push(`'${key}' is not a Tensor`);
      else if (source.shape.join(',') !== target.shape.join(',')) {
        problems.push(`'${key}' has shape ${fmtShape(source.shape)} in the state dict but ${fmtShape(target.shape)} in the model`);
      } else if (source.dtype !== target.dtype) {
        problems.push(`'${key}' is ${source.dtype} in the state dict but ${target.dtype} in the model`);
      }
    }
    if (strict) {
      if (missingKeys.length > 0) problems.push(`missing keys: ${missingKeys.map((k) => `'${k}'`).join(', ')}`);
      if (unexpectedKeys.length > 0) problems.push(`unexpected keys: ${unexpectedKeys.map((k) => `'${k}'`).join(', ')}`);
    }
    if (problems.length > 0) {
      const error = problems.some((p) => p.includes('shape')) ? ShapeError : ModuleError;
      throw new error('loadStateDict', `cannot load into ${this.typeName}: ${problems.join('; ')}`);
    }
    noGrad(() => {
      for (const [key, target] of own) {
        const source = incoming.get(key);
        if (source !== undefined) target.copy_(source);
      }
    });
    return { missingKeys, unexpectedKeys };
  }

  /** Extra text inside the parentheses of toString, e.g. `inFeatures=2, outFeatures=3, bias=true`. */
  extraRepr(): string {
    return '';
  }

  /** PyTorch-style nested description of the module. */
  toString(): string {
    const kids = this.namedChildren();
    const extra = this.extraRepr();
    if (kids.length === 0) return `${this.typeName}(${extra})`;
    const lines = kids.map(([name, m]) => `  (${name}): ${m.toString().split('\n').join('\n  ')}`);
    if (extra) lines.unshift(`  ${extra}`);
    return `${this.typeName}(\n${lines.join('\n')}\n)`;
  }
}

function checkName(module: Module, name: string, slots: Map<string, unknown>): void {
  if (typeof name !== 'string' || name === '' || name.includes('.')) {
    throw new ModuleError(module.typeName, `invalid name ${JSON.stringify(name)}: names are non-empty and contain no '.'`);
  }
  if (slots.has(name)) throw new ModuleError(module.typeName, `'${name}' is already registered`);
}
