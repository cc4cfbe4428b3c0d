/**
 * Printing tensors the way PyTorch does: `tensor([[1.0000, 2.5000]], gradFn=<MulBackward>)`.
 * Floats use 4 decimals, integer-valued floats print as `1.`, and scientific notation kicks in
 * for wide value ranges; more than 1000 elements are summarised with `...`; rows wrap at 80
 * columns. Checked against PyTorch's own str() by test/pytorch/printing.test.ts.
 * @module
 */
import type { Tensor } from './tensor.js';

/** Nested arrays of numbers (or booleans), as `toArray()` returns. */
export type NestedArray = number | boolean | NestedArray[];

const SUMMARIZE_OVER = 1000;
const EDGE_ITEMS = 3;

/** The tensor's values as nested arrays. */
export function toNested(t: Tensor): NestedArray {
  const values = t.toTypedArray();
  const asValue = (v: number): number | boolean => (t.dtype === 'bool' ? v !== 0 : v);
  if (t.ndim === 0) return asValue(values[0]!);
  const build = (dim: number, start: number): NestedArray[] => {
    const size = t.shape[dim]!;
    const inner = t.shape.slice(dim + 1).reduce((a, b) => a * b, 1);
    const out: NestedArray[] = [];
    for (let i = 0; i < size; i++) {
      out.push(dim === t.ndim - 1 ? asValue(values[start + i]!) : build(dim + 1, start + i * inner));
    }
    return out;
  };
  return build(0, 0);
}

const PRECISION = 4;
const LINE_WIDTH = 80;
const PREFIX = 'tensor(';

/** How every element of one tensor is written (unpadded), and the column width. */
interface Formatter {
  format: (v: number) => string;
  width: number;
}

/**
 * PyTorch's choice of number format, made from the values that will be shown: integer-valued
 * floats print as `1.`, others with 4 decimals, and scientific notation takes over when the
 * nonzero finite magnitudes span more than 1000× or pass 1e8 (or, for non-integers, go below
 * 1e-4). The width comes from the nonzero finite values only, as in PyTorch.
 */
function floatFormatter(values: ArrayLike<number>): Formatter {
  const finite: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v) && v !== 0) finite.push(v);
  }
  const special = (v: number): string | null => (Number.isNaN(v) ? 'nan' : v === Infinity ? 'inf' : v === -Infinity ? '-inf' : null);
  const integer = (v: number): string => special(v) ?? `${v.toFixed(0)}.`;
  if (finite.length === 0) return { format: keepNegativeZero(integer), width: 1 };
  const magnitudes = finite.map(Math.abs);
  const maxAbs = Math.max(...magnitudes);
  const minAbs = Math.min(...magnitudes);
  const allIntegers = finite.every(Number.isInteger);
  const wide = maxAbs / minAbs > 1000 || maxAbs > 1e8;
  let format: (v: number) => string;
  if (wide || (!allIntegers && minAbs < 1e-4)) format = (v) => special(v) ?? pythonExponential(v);
  else if (allIntegers) format = integer;
  else format = (v) => special(v) ?? pythonFixed(v);
  return { format: keepNegativeZero(format), width: Math.max(1, ...finite.map((v) => format(v).length)) };
}

/** Python prints −0 as `-0.`/`-0.0000`; JavaScript's toFixed drops the sign. */
function keepNegativeZero(format: (v: number) => string): (v: number) => string {
  return (v) => (Object.is(v, -0) ? `-${format(0)}` : format(v));
}

/** Python's `'{:.4f}'.format(v)`. */
function pythonFixed(v: number): string {
  return roundTiesToEven(v, v.toFixed(PRECISION), v.toFixed(PRECISION + 1));
}

/** Python's `'{:.4e}'.format(v)` (at least two exponent digits). */
function pythonExponential(v: number): string {
  return roundTiesToEven(v, v.toExponential(PRECISION), v.toExponential(PRECISION + 1)).replace(/e([+-])(\d)$/, 'e$10$2');
}

/**
 * JavaScript rounds exact ties away from zero (0.03125 → 0.0313), Python to even (0.0312).
 * `longer` is v with one more digit: v is an exact tie when that digit is 5 and `longer` equals v
 * exactly; then dropping the digit (rounding toward zero) is Python's answer if it leaves an even
 * last digit, and JavaScript's `rounded` otherwise.
 */
function roundTiesToEven(v: number, rounded: string, longer: string): string {
  const [mantissa, exponent] = longer.split('e') as [string, string | undefined];
  if (!mantissa.endsWith('5') || !isExactly(v, longer)) return rounded;
  const truncated = mantissa.slice(0, -1);
  return Number(truncated[truncated.length - 1]) % 2 === 0 ? truncated + (exponent === undefined ? '' : `e${exponent}`) : rounded;
}

/** True when the decimal string denotes exactly the double v (compared as exact rationals). */
function isExactly(v: number, decimal: string): boolean {
  const m = /^-?(\d+)\.?(\d*)(?:e([+-]\d+))?$/.exec(decimal);
  if (m === null) return false;
  let right = BigInt(m[1]! + m[2]!); // decimal = right · 10^exp10
  const exp10 = Number(m[3] ?? 0) - m[2]!.length;
  let x = Math.abs(v);
  let exp2 = 0; // |v| = x / 2^exp2, with x an integer (doubling a double is exact)
  while (!Number.isInteger(x)) {
    x *= 2;
    exp2++;
  }
  let left = BigInt(x);
  if (exp10 >= 0) right *= 10n ** BigInt(exp10);
  else left *= 10n ** BigInt(-exp10);
  return left === right * 2n ** BigInt(exp2);
}

/** The elements PyTorch shows: along every dim longer than 2·EDGE_ITEMS, only the edges. */
function shownValues(t: Tensor, values: ArrayLike<number>, summarize: boolean): ArrayLike<number> {
  if (!summarize || t.ndim === 0) return values;
  const out: number[] = [];
  const visit = (dim: number, start: number): void => {
    const inner = t.shape.slice(dim + 1).reduce((a, b) => a * b, 1);
    for (const i of shownIndices(t.shape[dim]!, summarize)) {
      if (i === null) continue;
      if (dim === t.ndim - 1) out.push(values[start + i]!);
      else visit(dim + 1, start + i * inner);
    }
  };
  visit(0, 0);
  return out;
}

/** Indices shown along a dim of `size`, with null where `...` stands. */
function shownIndices(size: number, summarize: boolean): (number | null)[] {
  const all = Array.from({ length: size }, (_, i) => i);
  if (!summarize || size <= 2 * EDGE_ITEMS) return all;
  return [...all.slice(0, EDGE_ITEMS), null, ...all.slice(size - EDGE_ITEMS)];
}

/** PyTorch-style text of a tensor (PyTorch's layout: 80 columns, summaries over 1000 elements). */
export function formatTensor(t: Tensor): string {
  const values = t.toTypedArray();
  const summarize = values.length > SUMMARIZE_OVER;
  const shown = shownValues(t, values, summarize);
  let formatter: Formatter;
  if (t.dtype === 'bool' || t.dtype === 'int32') {
    const format = t.dtype === 'bool' ? (v: number) => (v ? 'true' : 'false') : (v: number) => String(v);
    formatter = { format, width: Math.max(1, ...Array.from(shown, (v) => format(v).length)) };
  } else {
    formatter = floatFormatter(shown);
  }
  const cell = (v: number): string => formatter.format(v).padStart(formatter.width);

  // A row wraps to as many cells as fit in 80 columns; outer dims separate their slices by blank lines.
  const render = (dim: number, start: number, indent: number): string => {
    if (t.ndim === 0) return cell(values[0]!);
    const inner = t.shape.slice(dim + 1).reduce((a, b) => a * b, 1);
    const shownHere = shownIndices(t.shape[dim]!, summarize);
    if (dim === t.ndim - 1) {
      const cells = shownHere.map((i) => (i === null ? ' ...' : cell(values[start + i]!)));
      const perLine = Math.max(1, Math.floor((LINE_WIDTH - indent) / (formatter.width + 2)));
      const lines: string[] = [];
      for (let k = 0; k < cells.length; k += perLine) lines.push(cells.slice(k, k + perLine).join(', '));
      return `[${lines.join(`,\n${' '.repeat(indent + 1)}`)}]`;
    }
    const slices = shownHere.map((i) => (i === null ? '...' : render(dim + 1, start + i * inner, indent + 1)));
    return `[${slices.join(`,${'\n'.repeat(t.ndim - dim - 1)}${' '.repeat(indent + 1)}`)}]`;
  };

  const empty = t.numel() === 0;
  const body = empty ? '[]' : render(0, 0, PREFIX.length);
  const suffixes: string[] = [];
  if (empty && t.ndim !== 1) suffixes.push(`shape=[${t.shape.join(', ')}]`);
  if (t.dtype === 'float64' || t.dtype === 'int32' || (empty && t.dtype === 'bool')) suffixes.push(`dtype=${t.dtype}`);
  if (t.gradFn) suffixes.push(`gradFn=<${t.gradFn.name}>`);
  else if (t.requiresGrad) suffixes.push('requiresGrad=true');
  return addSuffixes(PREFIX + body, suffixes);
}

/** Appends `, suffix` items, moving one to a new line when it would pass 80 columns (as PyTorch). */
function addSuffixes(text: string, suffixes: readonly string[]): string {
  let out = text;
  // PyTorch's own count: the last line's length plus one.
  let lineLength = text.length - text.lastIndexOf('\n') + 1;
  for (const suffix of suffixes) {
    if (lineLength + suffix.length + 2 > LINE_WIDTH) {
      out += `,\n${' '.repeat(PREFIX.length)}${suffix}`;
      lineLength = PREFIX.length + suffix.length;
    } else {
      out += `, ${suffix}`;
      lineLength += suffix.length + 2;
    }
  }
  return `${out})`;
}
