/**
 * Option objects (PyTorch's keyword arguments) checked against a schema: only known keys, each of
 * the right kind. A misspelled or snake_case key is an error naming the camelCase key it meant
 * (`num_layers` → `numLayers`), never silently ignored.
 * @module
 */
import { ValueError } from '../errors.js';
import { describe, checkBool, checkChoice, checkFinite, checkGenerator, checkInt, checkNumber, checkTensor } from './args.js';

/**
 * What one option may hold: a kind name, a list of allowed strings, or a check function
 * (`(op, arg, value) => void`, throwing a chainrule error). `undefined` is always allowed (the default).
 */
export type OptionKind =
  | 'any'
  | 'bool'
  | 'number'
  | 'finite'
  | 'int'
  | 'count'
  | 'string'
  | 'tensor'
  | 'generator'
  | readonly string[]
  | ((op: string, arg: string, value: unknown) => void);

/** An op's option schema: every key it accepts and what each may hold. */
export type OptionSchema = Readonly<Record<string, OptionKind>>;

/**
 * Checks an options object against `schema`, before the op changes anything.
 *
 * ```ts
 * checkOptions('LSTM', { num_layers: 2 }, { numLayers: 'count' });
 * // ValueError: LSTM: unknown option 'num_layers' (did you mean 'numLayers'?); known options: numLayers
 * ```
 */
export function checkOptions(op: string, options: unknown, schema: OptionSchema): void {
  if (options === undefined) return;
  // a class instance is not an options object: a tensor passed where options go was reported as
  // its own fields ("unknown option 'storage'")
  const proto = options !== null && typeof options === 'object' ? Object.getPrototypeOf(options) : undefined;
  if (proto !== Object.prototype && proto !== null) {
    throw new ValueError(op, `options must be an object, got ${describe(options)}`);
  }
  for (const key in options) {
    const kind = schema[key];
    if (kind === undefined || !Object.prototype.hasOwnProperty.call(schema, key)) throw unknownOption(op, key, schema);
    const value = (options as Record<string, unknown>)[key];
    if (value !== undefined) checkKind(op, key, value, kind);
  }
}

function checkKind(op: string, key: string, value: unknown, kind: OptionKind): void {
  if (typeof kind === 'function') return kind(op, key, value);
  if (typeof kind !== 'string') return checkChoice(op, key, value, kind);
  switch (kind) {
    case 'any':
      return;
    case 'bool':
      return checkBool(op, key, value);
    case 'number':
      return checkNumber(op, key, value);
    case 'finite':
      return checkFinite(op, key, value);
    case 'int':
      return checkInt(op, key, value);
    case 'count':
      return checkInt(op, key, value, 0);
    case 'string':
      if (typeof value !== 'string') throw new ValueError(op, `${key} must be a string, got ${describe(value)}`);
      return;
    case 'tensor':
      return checkTensor(op, key, value);
    case 'generator':
      return checkGenerator(op, key, value);
  }
}

function unknownOption(op: string, key: string, schema: OptionSchema): ValueError {
  const known = Object.keys(schema);
  const meant = suggest(key, known);
  const hint = meant ? ` (did you mean '${meant}'?)` : '';
  const list = known.length > 0 ? `known options: ${known.join(', ')}` : 'it takes no options';
  return new ValueError(op, `unknown option '${key}'${hint}; ${list}`);
}

/** The known key `key` most likely meant: its camelCase form, a case-insensitive match, or the nearest by edit distance (≤ 2). */
export function suggest(key: string, known: readonly string[]): string | undefined {
  const camel = key.replace(/[_-]+([a-zA-Z0-9])/g, (_, c: string) => c.toUpperCase());
  if (known.includes(camel)) return camel;
  const lower = key.toLowerCase().replace(/[_-]/g, '');
  const folded = known.find((k) => k.toLowerCase() === lower);
  if (folded) return folded;
  let best: string | undefined;
  let bestDistance = 3;
  for (const k of known) {
    const d = editDistance(lower, k.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length]!;
}
