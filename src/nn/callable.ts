/**
 * Callable modules: `model(x)` runs `model.forward(x)` (with the module's hooks, if it has any:
 * ./hooks.ts), as in PyTorch. The Module constructor
 * returns a Proxy around a small function, forwarding every property access to the module object
 * itself, so `instanceof`, methods, getters and fields behave as on the plain object; assignments
 * and field definitions also go through `assign`, which registers modules and Parameters (PyTorch's
 * `__setattr__`). `console.log(model)` prints the module tree (`toString()`).
 * @module
 */

import { callWithHooks, type ModuleHooks } from './hooks.js';
import type { Module } from './module.js';

const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/** What the proxy needs from a module: its forward, its text, and its hooks (null while it has none). */
export interface CallableTarget {
  forward(...inputs: never[]): unknown;
  toString(): string;
  readonly moduleHooks: ModuleHooks | null;
}

/**
 * The proxy of `self`: callable, and forwarding every property operation to `self`. A read that
 * finds nothing on `self` asks `lookup` (PyTorch's `__getattr__`: parameters, buffers and
 * submodules registered by name, e.g. `lstm.weight_hh_l0`).
 */
export function callable<T extends CallableTarget>(self: T, assign: (key: string | symbol, value: unknown) => void, lookup: (key: string) => unknown = () => undefined): T {
  const inspect = (): string => self.toString();
  // An arrow function has no 'prototype', and its 'length' and 'name' are configurable, so the
  // proxy may report self's own keys instead (Proxy invariants).
  const fn = Object.assign((..._args: unknown[]): unknown => undefined, { [INSPECT]: inspect });
  const proxy: T = new Proxy(fn, {
    apply: (_t, _this, args: unknown[]) => {
      const forward = Reflect.get(self, 'forward', proxy) as unknown as (...a: unknown[]) => unknown;
      // a module that never had a hook pays one field read (PyTorch's _call_impl fast path)
      const hooks = self.moduleHooks;
      return hooks === null ? forward.apply(proxy, args) : callWithHooks(proxy as unknown as Module, hooks, forward, args);
    },
    get: (_t, key) => {
      if (key === INSPECT && !(INSPECT in self)) return inspect;
      const value: unknown = Reflect.get(self, key, proxy);
      return value === undefined && typeof key === 'string' ? lookup(key) : value;
    },
    set: (_t, key, value) => {
      assign(key, value);
      return Reflect.set(self, key, value);
    },
    defineProperty: (_t, key, descriptor) => {
      if ('value' in descriptor) assign(key, descriptor.value);
      return Reflect.defineProperty(self, key, descriptor);
    },
    has: (_t, key) => Reflect.has(self, key),
    ownKeys: () => Reflect.ownKeys(self),
    getOwnPropertyDescriptor: (_t, key) => {
      const d = Reflect.getOwnPropertyDescriptor(self, key);
      return d === undefined ? undefined : { ...d, configurable: true };
    },
    deleteProperty: (_t, key) => Reflect.deleteProperty(self, key),
    getPrototypeOf: () => Reflect.getPrototypeOf(self),
    setPrototypeOf: () => false,
    preventExtensions: () => false,
  }) as unknown as T;
  return proxy;
}
