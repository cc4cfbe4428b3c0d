/**
 * ParameterList and ParameterDict: parameters held by position or by name (PyTorch's
 * nn.ParameterList and nn.ParameterDict), registered so that parameters(), state dicts and
 * optimizers see them. A plain tensor added to one becomes a {@link Parameter}, as in PyTorch.
 * @module
 */
import { describe } from '../checks/index.js';
import { Tensor } from '../tensor/tensor.js';
import { Module, ModuleError } from './module.js';
import { Parameter } from './parameter.js';

/** A tensor as a parameter: a Parameter as is, another tensor wrapped (requiring grad when it is a float tensor). */
function asParameter(op: string, where: string, value: unknown): Parameter {
  if (value instanceof Parameter) return value;
  if (!(value instanceof Tensor)) throw new ModuleError(op, `${where} must be a Tensor or a Parameter, got ${describe(value)}`);
  return new Parameter(value, value.dtype === 'float32' || value.dtype === 'float64');
}

/** PyTorch's line for one held parameter, e.g. `Parameter containing: [torch.float32 of size 2x3]`. */
function describeParameter(p: Tensor, typeName: (p: Tensor) => string): string {
  return `Parameter containing: [${typeName(p)} of size ${p.shape.join('x')}]`;
}

/**
 * Parameters by position, registered as `0`, `1`, …; it has no forward.
 *
 * ```ts
 * const ws = new ParameterList([randn([3, 3]), randn([3, 3])]);
 * ws.append(zeros([3]));
 * ws.length; // 3
 * ```
 */
export class ParameterList extends Module {
  private readonly items: Parameter[] = [];

  constructor(values: Iterable<Tensor> = []) {
    super();
    if (values === null || typeof values !== 'object' || !(Symbol.iterator in values)) {
      throw new ModuleError('ParameterList', `values must be an iterable of tensors, got ${describe(values)}`);
    }
    for (const v of values) this.append(v);
  }

  /** Adds a parameter at the end (a plain tensor becomes a Parameter); returns the list. */
  append(value: Tensor): this {
    const p = asParameter('ParameterList', `value ${this.items.length}`, value);
    this.registerParameter(String(this.items.length), p);
    this.items.push(p);
    return this;
  }

  /** The i-th parameter (negative counts from the end). */
  at(i: number): Parameter {
    const p = this.items[i < 0 ? this.items.length + i : i];
    if (!p) throw new ModuleError('ParameterList', `index ${i} is out of range for ${this.items.length} parameters`);
    return p;
  }

  /** Number of parameters. */
  override get length(): number {
    return this.items.length;
  }

  [Symbol.iterator](): Iterator<Parameter> {
    return this.items[Symbol.iterator]();
  }

  override extraRepr(): string {
    return this.items.map((p, i) => `  (${i}): ${describeParameter(p, (t) => `torch.${t.dtype}`)}`).join('\n');
  }

  forward(): never {
    throw new ModuleError('ParameterList', 'a ParameterList has no forward; use its parameters in your own module');
  }
}

// ParameterDict's repr names the legacy tensor types, as PyTorch 1.13's does
const LEGACY_TYPE: Record<string, string> = { float32: 'FloatTensor', float64: 'DoubleTensor', int32: 'IntTensor', bool: 'BoolTensor' };

/**
 * Parameters by name, registered in insertion order; it has no forward.
 *
 * ```ts
 * const ps = new ParameterDict({ scale: ones([4]), shift: zeros([4]) });
 * ps.get('scale').shape; // [4]
 * ```
 */
export class ParameterDict extends Module {
  private readonly items = new Map<string, Parameter>();

  constructor(values: Record<string, Tensor> | Iterable<readonly [string, Tensor]> = {}) {
    super();
    if (values === null || typeof values !== 'object') throw new ModuleError('ParameterDict', `values must be an object or an iterable of [key, tensor] pairs, got ${describe(values)}`);
    const entries = Symbol.iterator in values ? [...(values as Iterable<readonly [string, Tensor]>)] : Object.entries(values);
    entries.forEach((e, i) => {
      if (!Array.isArray(e) || e.length !== 2) throw new ModuleError('ParameterDict', `entry ${i} must be a [key, tensor] pair, got ${describe(e)}`);
    });
    for (const [key, v] of entries) this.set(key, v);
  }

  /** Adds a parameter under a new `key` (a plain tensor becomes a Parameter); returns the dict. */
  set(key: string, value: Tensor): this {
    const p = asParameter('ParameterDict', `the value for ${describe(key)}`, value);
    this.registerParameter(key, p);
    this.items.set(key, p);
    return this;
  }

  /** The parameter under `key`. */
  get(key: string): Parameter {
    const p = this.items.get(key);
    if (!p) throw new ModuleError('ParameterDict', `no parameter under '${key}' (keys: ${[...this.items.keys()].join(', ') || 'none'})`);
    return p;
  }

  /** Whether a parameter is held under `key`. */
  has(key: string): boolean {
    return this.items.has(key);
  }

  keys(): IterableIterator<string> {
    return this.items.keys();
  }

  values(): IterableIterator<Parameter> {
    return this.items.values();
  }

  entries(): IterableIterator<[string, Parameter]> {
    return this.items.entries();
  }

  /** Number of parameters. */
  override get length(): number {
    return this.items.size;
  }

  override extraRepr(): string {
    return [...this.items].map(([k, p]) => `  (${k}): ${describeParameter(p, (t) => `torch.${LEGACY_TYPE[t.dtype]}`)}`).join('\n');
  }

  forward(): never {
    throw new ModuleError('ParameterDict', 'a ParameterDict has no forward; use its parameters in your own module');
  }
}
