/**
 * Whole-module conversions: `module.to(dtype | 'cpu')` (in place, keeping the tensor objects) and
 * `module.deepcopy()`.
 * @module
 */
import { noGrad } from '../autograd/grad-mode.js';
import { formatValue } from '../errors.js';
import { isFloating, type DType, type FloatDType } from '../dtype.js';
import { ValueError } from '../errors.js';
import { isDevice } from '../tensor/device.js';
import { replaceData } from '../tensor/replace-data.js';
import { Tensor } from '../tensor/tensor.js';
import { Parameter } from './parameter.js';

/** What the conversions use of a Module (structural, to keep this file free of module.ts). */
export interface ModuleTarget {
  readonly typeName: string;
  modules(): ModuleTarget[];
  namedParameters(): [string, Tensor][];
  namedBuffers(): [string, Tensor][];
}

/** Converts every float parameter, buffer and gradient of `m`'s tree to the dtype, in place. */
export function convertModule(m: ModuleTarget, dtypeOrDevice: unknown): void {
  if (isDevice(`${m.typeName}.to`, dtypeOrDevice)) return;
  if (dtypeOrDevice !== 'float32' && dtypeOrDevice !== 'float64') {
    throw new ValueError(`${m.typeName}.to`, `expected 'float32', 'float64' or 'cpu', got ${formatValue(dtypeOrDevice)} (int and bool models do not exist in PyTorch either)`);
  }
  const dtype: FloatDType = dtypeOrDevice;
  noGrad(() => {
    for (const [, t] of [...m.namedParameters(), ...m.namedBuffers()]) {
      if (isFloating(t.dtype) && t.dtype !== dtype) replaceData(`${m.typeName}.to`, t, t.to(dtype));
    }
  });
  // layers that remember their dtype (the recurrent ones check inputs against it) follow along
  for (const sub of m.modules()) {
    const own = Object.getOwnPropertyDescriptor(sub, 'dtype');
    if (own !== undefined && 'value' in own && isFloating(own.value as DType)) Object.defineProperty(sub, 'dtype', { ...own, value: dtype });
  }
}

/** How deepcopyModule recognizes and wraps modules (passed in by module.ts). */
export interface CopyContext {
  isModule(v: unknown): v is ModuleTarget;
  wrap<T extends object>(raw: T): T;
}

/**
 * A deep copy of a module tree: every module, tensor (values, requiresGrad, grad), Map, Set,
 * array, typed array and object property copied once (shared references stay shared within the
 * copy); functions are shared.
 */
export function deepcopyModule(m: ModuleTarget, ctx: CopyContext): ModuleTarget {
  const memo = new Map<unknown, unknown>();
  const copy = (v: unknown): unknown => {
    if (v === null || (typeof v !== 'object' && !ctx.isModule(v))) return v;
    if (memo.has(v)) return memo.get(v);
    if (v instanceof Tensor) return copyTensor(v, memo);
    if (ArrayBuffer.isView(v)) return remember(memo, v, (v as unknown as Float64Array).slice());
    if (v instanceof Map) {
      const out = remember(memo, v, new (v.constructor as MapConstructor)());
      for (const [k, x] of v) out.set(copy(k), copy(x));
      return out;
    }
    if (v instanceof Set) {
      const out = remember(memo, v, new Set());
      for (const x of v) out.add(copy(x));
      return out;
    }
    if (Array.isArray(v)) {
      const out = remember(memo, v, [] as unknown[]);
      for (const x of v) out.push(copy(x));
      return out;
    }
    const raw = Object.create(Object.getPrototypeOf(v) as object) as Record<string | symbol, unknown>;
    const result = ctx.isModule(v) ? ctx.wrap(raw) : raw;
    memo.set(v, result);
    for (const key of Reflect.ownKeys(v)) {
      const d = Reflect.getOwnPropertyDescriptor(v, key)!;
      Object.defineProperty(raw, key, 'value' in d ? { ...d, value: copy(d.value) } : d);
    }
    return result;
  };
  return copy(m) as ModuleTarget;
}

function remember<T>(memo: Map<unknown, unknown>, from: unknown, to: T): T {
  memo.set(from, to);
  return to;
}

function copyTensor(t: Tensor, memo: Map<unknown, unknown>): Tensor {
  const values = noGrad(() => t.detach().clone());
  const out = t instanceof Parameter ? new Parameter(values, t.requiresGrad) : t.isLeaf && t.requiresGrad ? values.requiresGrad_(true) : values;
  memo.set(t, out);
  if (t.grad !== null) out.grad = noGrad(() => t.grad!.detach().clone());
  out.name = t.name;
  return out;
}
