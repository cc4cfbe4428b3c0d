/**
 * `defaultCollate`: a list of samples → one batch (PyTorch's `default_collate`).
 * @module
 */
import { DTypeError, ShapeError, ValueError, fmtShape } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { tensor } from '../tensor/creation.js';
import { stack } from '../ops/join.js';
import { describe } from '../checks/index.js';

/**
 * The batch type {@link defaultCollate} makes from samples of type `T`: tensors and numbers
 * become tensors, strings stay strings (collected in an array), arrays and objects keep their
 * structure with each entry collated.
 */
export type Collated<T> = T extends Tensor
  ? Tensor
  : T extends number | boolean
    ? Tensor
    : T extends string
      ? string[]
      : T extends readonly unknown[]
        ? { -readonly [K in keyof T]: Collated<T[K]> }
        : T extends object
          ? { -readonly [K in keyof T]: Collated<T[K]> }
          : unknown;

const OP = 'defaultCollate';
const INT32_MAX = 2 ** 31 - 1;

/**
 * Merges a list of samples into a batch, as PyTorch's `default_collate`:
 * - tensors (one shape and dtype) are stacked along a new first dim;
 * - numbers become a 1-d tensor: int32 when all are integers in int32's range, else float64
 *   (Python floats are float64; JavaScript cannot tell `2` from `2.0`, so whole numbers count as
 *   integers); booleans become a bool tensor;
 * - strings are returned as an array;
 * - arrays (all of one length) are collated position by position, plain objects key by key,
 *   recursively.
 *
 * Anything else (null, a function, a class instance other than Tensor) is an error naming where in
 * the batch it sits. {@link DataLoader} calls this unless given a `collateFn`.
 *
 * ```ts
 * import { tensor } from 'chainrule';
 * import { defaultCollate } from 'chainrule/data';
 * const [x, y] = defaultCollate([[tensor([1, 2]), 0], [tensor([3, 4]), 1]]);
 * x.shape; // [2, 2]
 * y.dtype; // 'int32'
 * ```
 */
export function defaultCollate<T>(batch: readonly T[]): Collated<T> {
  if (!Array.isArray(batch)) throw new ValueError(OP, `batch must be an array of samples, got ${describe(batch)}`);
  if (batch.length === 0) throw new ValueError(OP, 'batch must hold at least one sample, got an empty array');
  return collate(batch, 'batch') as Collated<T>;
}

/** The deepest nesting of arrays and objects in a sample (a sample holding itself recursed until the stack overflowed). */
const MAX_DEPTH = 64;

function collate(items: readonly unknown[], path: string, depth = 0): unknown {
  if (depth > MAX_DEPTH) throw new ValueError(OP, `samples nest more than ${MAX_DEPTH} arrays or objects deep (or hold themselves), at ${path.length > 80 ? `${path.slice(0, 80)}…` : path}`);
  const first = items[0];
  const kind = kindOf(first, `${path}[0]`);
  items.forEach((item, i) => {
    if (kindOf(item, `${path}[${i}]`) !== kind) {
      throw new ValueError(OP, `${path}[${i}] is ${describe(item)} but ${path}[0] is ${describe(first)}: every sample must have the same structure`);
    }
  });
  switch (kind) {
    case 'tensor':
      return stackTensors(items as Tensor[], path);
    case 'number':
      return numbers(items as number[]);
    case 'boolean':
      return tensor(items as boolean[]);
    case 'string':
      return [...(items as string[])];
    case 'array':
      return arrays(items as unknown[][], path, depth);
    case 'object':
      return objects(items as Record<string, unknown>[], path, depth);
  }
}

type Kind = 'tensor' | 'number' | 'boolean' | 'string' | 'array' | 'object';

function kindOf(x: unknown, where: string): Kind {
  if (x instanceof Tensor) return 'tensor';
  if (typeof x === 'number') return 'number';
  if (typeof x === 'boolean') return 'boolean';
  if (typeof x === 'string') return 'string';
  if (Array.isArray(x)) return 'array';
  if (x !== null && typeof x === 'object') {
    const proto = Object.getPrototypeOf(x) as unknown;
    if (proto === Object.prototype || proto === null) return 'object';
  }
  throw new ValueError(OP, `${where} is ${describe(x)}; samples must hold tensors, numbers, booleans, strings, arrays or plain objects (pass a collateFn for other types)`);
}

function stackTensors(items: readonly Tensor[], path: string): Tensor {
  const first = items[0]!;
  items.forEach((t, i) => {
    if (t.dtype !== first.dtype) throw new DTypeError(OP, `${path}[${i}] is ${t.dtype} but ${path}[0] is ${first.dtype}`);
    if (t.shape.length !== first.shape.length || t.shape.some((s, k) => s !== first.shape[k])) {
      throw new ShapeError(OP, `cannot stack: ${path}[${i}] has shape ${fmtShape(t.shape)} but ${path}[0] has ${fmtShape(first.shape)}`);
    }
  });
  return stack(items, 0);
}

function numbers(items: readonly number[]): Tensor {
  const ints = items.every((v) => Number.isInteger(v) && Math.abs(v) <= INT32_MAX);
  return ints ? tensor(Int32Array.from(items)) : tensor(Float64Array.from(items));
}

function arrays(items: readonly unknown[][], path: string, depth: number): unknown[] {
  const n = items[0]!.length;
  items.forEach((item, i) => {
    if (item.length !== n) throw new ShapeError(OP, `each sample must have the same length: ${path}[${i}] has ${item.length} entries but ${path}[0] has ${n}`);
  });
  return Array.from({ length: n }, (_, k) => collate(items.map((item) => item[k]), `${path}[*][${k}]`, depth + 1));
}

function objects(items: readonly Record<string, unknown>[], path: string, depth: number): Record<string, unknown> {
  const keys = Object.keys(items[0]!);
  items.forEach((item, i) => {
    for (const key of keys) {
      if (!Object.prototype.hasOwnProperty.call(item, key)) throw new ValueError(OP, `${path}[${i}] has no key '${key}', which ${path}[0] has`);
    }
  });
  const out: Record<string, unknown> = {};
  for (const key of keys) out[key] = collate(items.map((item) => item[key]), `${path}[*].${key}`, depth + 1);
  return out;
}
