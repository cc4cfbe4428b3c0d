/**
 * Containers: Sequential runs its modules in order; ModuleList holds modules for you to call.
 * @module
 */
import type { Tensor } from '../tensor/tensor.js';
import { Module, ModuleError } from './module.js';
import { describe } from '../checks/index.js';

/** A module whose forward takes one tensor and returns one tensor. */
export interface TensorModule extends Module {
  forward(input: Tensor): Tensor;
}

/**
 * Runs modules in order, feeding each one's output to the next; children are named 0, 1, 2, …,
 * or by the keys of one object or Map passed instead (PyTorch's `Sequential(OrderedDict(...))`):
 * `new Sequential({ conv: new Conv2d(1, 8, 3), act: new ReLU() })` names them conv and act.
 */
export class Sequential extends Module {
  private readonly layers: TensorModule[];

  constructor(...layers: TensorModule[] | [Readonly<Record<string, TensorModule>> | ReadonlyMap<string, TensorModule>]) {
    super();
    const only = layers.length === 1 ? layers[0] : undefined;
    // one Map or plain object (not a module): named children, in insertion order
    const named = only instanceof Map ? [...only] : only !== null && typeof only === 'object' && !(only instanceof Module) ? Object.entries(only) : null;
    const entries: [string, unknown][] = named ?? layers.map((m, i) => [String(i), m]);
    entries.forEach(([name, m], i) => {
      if (!(m instanceof Module)) throw new ModuleError('Sequential', named ? `'${name}' is not a Module` : `argument ${i} is not a Module`);
    });
    this.layers = entries.map(([, m]) => m as TensorModule);
    entries.forEach(([name, m]) => this.registerModule(name, m as TensorModule));
  }

  /** The i-th module (negative counts from the end). */
  at(i: number): TensorModule {
    const m = this.layers[i < 0 ? this.layers.length + i : i];
    if (!m) throw new ModuleError('Sequential', `index ${i} is out of range for ${this.layers.length} modules`);
    return m;
  }

  /** Number of modules. */
  override get length(): number {
    return this.layers.length;
  }

  /** Adds a module at the end (named by its position), as PyTorch's Sequential.append. */
  append(module: TensorModule): this {
    if (!(module instanceof Module)) throw new ModuleError('Sequential', `append expects a Module, got ${describe(module)}`);
    this.registerModule(String(this.layers.length), module);
    this.layers.push(module);
    return this;
  }

  /** The modules in order (`for (const layer of seq)`, `[...seq]`), as iterating a PyTorch Sequential. */
  [Symbol.iterator](): Iterator<TensorModule> {
    return this.layers[Symbol.iterator]();
  }

  forward(input: Tensor): Tensor {
    let x = input;
    for (const layer of this.layers) x = layer(x); // a call, so the layers' hooks run
    return x;
  }
}

/** Holds submodules in a list (named 0, 1, 2, …) so their parameters are registered. */
export class ModuleList<M extends Module = Module> extends Module {
  private readonly items: M[] = [];

  constructor(modules: readonly M[] = []) {
    super();
    if (!Array.isArray(modules)) throw new ModuleError('ModuleList', `modules must be an array of modules, got ${describe(modules)}`);
    for (const m of modules) this.append(m);
  }

  /** Adds a module at the end. */
  append(module: M): this {
    if (!(module instanceof Module)) throw new ModuleError('ModuleList', 'append expects a Module');
    this.registerModule(String(this.items.length), module);
    this.items.push(module);
    return this;
  }

  /** The i-th module (negative counts from the end). */
  at(i: number): M {
    const m = this.items[i < 0 ? this.items.length + i : i];
    if (!m) throw new ModuleError('ModuleList', `index ${i} is out of range for ${this.items.length} modules`);
    return m;
  }

  /** Number of modules. */
  override get length(): number {
    return this.items.length;
  }

  [Symbol.iterator](): Iterator<M> {
    return this.items[Symbol.iterator]();
  }

  forward(): never {
    throw new ModuleError('ModuleList', 'a ModuleList has no forward; iterate over it and call its modules');
  }
}
