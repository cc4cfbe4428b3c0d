/**
 * ModuleDict: submodules held by name (PyTorch's nn.ModuleDict), registered in insertion order.
 * @module
 */
import { Module, ModuleError } from './module.js';
import { describe } from '../checks/index.js';

/**
 * Holds submodules under string keys so their parameters are registered (state dict names
 * `key.weight`, …). It has no forward: look modules up and call them.
 *
 * ```ts
 * import { randn } from 'chainrule';
 * import { Linear, ModuleDict } from 'chainrule/nn';
 * const heads = new ModuleDict({ cls: new Linear(8, 3), box: new Linear(8, 4) });
 * heads.get('box').forward(randn([2, 8])).shape; // [2, 4]
 * [...heads.keys()]; // ['cls', 'box']
 * ```
 */
export class ModuleDict<M extends Module = Module> extends Module {
  private readonly items = new Map<string, M>();

  constructor(modules: Record<string, M> | Iterable<readonly [string, M]> = {}) {
    super();
    if (modules === null || typeof modules !== 'object') throw new ModuleError('ModuleDict', `modules must be an object or an iterable of [key, module] pairs, got ${describe(modules)}`);
    const entries = Symbol.iterator in modules ? [...(modules as Iterable<readonly [string, M]>)] : Object.entries(modules);
    entries.forEach((e, i) => {
      if (!Array.isArray(e) || e.length !== 2) throw new ModuleError('ModuleDict', `entry ${i} must be a [key, module] pair, got ${describe(e)}`);
    });
    for (const [key, m] of entries) this.set(key, m);
  }

  /** Adds `module` under `key` (a new key: registered names cannot be replaced). */
  set(key: string, module: M): this {
    if (!(module instanceof Module)) throw new ModuleError('ModuleDict', `the value for ${describe(key)} must be a Module, got ${describe(module)}`);
    this.registerModule(key, module);
    this.items.set(key, module);
    return this;
  }

  /** The module under `key`. */
  get(key: string): M {
    const m = this.items.get(key);
    if (!m) throw new ModuleError('ModuleDict', `no module under '${key}' (keys: ${[...this.items.keys()].join(', ') || 'none'})`);
    return m;
  }

  /** Whether a module is held under `key`. */
  has(key: string): boolean {
    return this.items.has(key);
  }

  /** The keys, in insertion order. */
  keys(): IterableIterator<string> {
    return this.items.keys();
  }

  /** The modules, in insertion order. */
  values(): IterableIterator<M> {
    return this.items.values();
  }

  /** [key, module] pairs, in insertion order. */
  entries(): IterableIterator<[string, M]> {
    return this.items.entries();
  }

  /** Number of modules. */
  get size(): number {
    return this.items.size;
  }

  [Symbol.iterator](): IterableIterator<[string, M]> {
    return this.items.entries();
  }

  forward(): never {
    throw new ModuleError('ModuleDict', 'a ModuleDict has no forward; look up its modules and call them');
  }
}
