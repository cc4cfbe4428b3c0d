/**
 * StateDict: a module's named tensors, usable both as a Map and as a plain object.
 * @module
 */
import { Tensor } from '../tensor/tensor.js';
import { ValueError } from '../errors.js';
import { describe } from '../checks/index.js';
import { noGrad } from '../autograd/grad-mode.js';

/**
 * Names (`0.weight`, `running_mean`, PyTorch's spelling) to tensors, in registration order. A Map
 * whose entries are also own enumerable properties, so ordinary object tools work as well:
 *
 * ```ts
 * const sd = model.stateDict();
 * sd.get('0.weight');              // Map access
 * sd['0.weight'];                  // property access (typed unknown: cast it)
 * Object.entries(sd);              // [['0.weight', Tensor], ['0.bias', Tensor], …]
 * saveSafetensors(Object.fromEntries(sd));
 * ```
 *
 * A key equal to a Map member's name (`size`, `get`, …) is reachable through `get` only.
 */
/** The [key, tensor] pairs of `entries`, checked (string keys, tensor values) before anything is stored. */
function checkedEntries(op: string, entries: unknown): [string, Tensor][] {
  if (entries === null || typeof entries !== 'object' || !(Symbol.iterator in entries)) {
    throw new ValueError(op, `entries must be an iterable of [key, tensor] pairs, got ${describe(entries)}`);
  }
  const list = [...(entries as Iterable<unknown>)];
  list.forEach((e, i) => {
    if (!Array.isArray(e) || typeof e[0] !== 'string' || !(e[1] instanceof Tensor)) {
      throw new ValueError(op, `entry ${i} must be a [string, Tensor] pair, got ${describe(e)}`);
    }
  });
  return list as [string, Tensor][];
}

export class StateDict extends Map<string, Tensor> {
  readonly [key: string]: unknown;

  constructor(entries?: Iterable<readonly [string, Tensor]> | null) {
    super(entries === undefined || entries === null ? undefined : checkedEntries('StateDict', entries));
  }

  override set(key: string, value: Tensor): this {
    super.set(key, value);
    if (!(key in Map.prototype)) Object.defineProperty(this, key, { value, enumerable: true, configurable: true, writable: false });
    return this;
  }

  override delete(key: string): boolean {
    if (Object.prototype.hasOwnProperty.call(this, key)) delete (this as Record<string, unknown>)[key];
    return super.delete(key);
  }

  override clear(): void {
    for (const key of this.keys()) this.delete(key);
  }
}

/**
 * `loadStateDict`'s write, once every entry has been checked: copies each tensor of `incoming` into
 * the module's tensor of the same name in `own` (float64 ↔ float32 cast, as PyTorch), unrecorded;
 * names missing from `incoming` keep their values.
 */
export function copyState(own: ReadonlyMap<string, Tensor>, incoming: ReadonlyMap<string, Tensor>): void {
  noGrad(() => {
    for (const [key, target] of own) {
      const source = incoming.get(key);
      if (source !== undefined) target.copy_(source.dtype === target.dtype ? source : source.to(target.dtype));
    }
  });
}
