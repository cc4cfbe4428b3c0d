/**
 * Printing tensors the way PyTorch does: `tensor([[1.0000, 2.5000]], gradFn=<MulBackward>)`.
 * Floats use 4 decimals, integer-valued floats print as `1.`, and scientific notation kicks in
 * for wide value ranges; more than 1000 elements are summarised with `...`.
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

type Formatter = (v: number) => string;

function floatFormatter(values: ArrayLike<number>): Formatter {
  let allIntegers = true;
  let maxAbs = 0;
  let minAbs = Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    if (v !== Math.round(v)) allIntegers = false;
    const a = Math.abs(v);
    if (a > 0) {
      maxAbs = Math.max(maxAbs, a);
      minAbs = Math.min(minAbs, a);
    }
  }
  const special = (v: number): string | null => (Number.isNaN(v) ? 'nan' : v === Infinity ? 'inf' : v === -Infinity ? '-inf' : null);
  const sci = (v: number): string => v.toExponential(4).replace(/e([+-])(\d)$/, 'e$10$2');
  if (allIntegers) {
    if (maxAbs > 1e8) return (v) => special(v) ?? sci(v);
    return (v) => special(v) ?? `${v.toFixed(0)}.`;
  }
  if (maxAbs > 0 && (maxAbs / minAbs > 1000 || maxAbs > 1e8 || minAbs < 1e-4)) return (v) => special(v) ?? sci(v);
  return (v) => special(v) ?? v.toFixed(4);
}

/** PyTorch-style text of a tensor. */
export function formatTensor(t: Tensor): string {
  const values = t.toTypedArray();
  const summarize = values.length > SUMMARIZE_OVER;
  let format: Formatter;
  if (t.dtype === 'bool') format = (v) => (v ? 'true' : 'false');
  else if (t.dtype === 'int32') format = (v) => String(v);
  else format = floatFormatter(values);
  const width = Math.max(0, ...Array.from(values, (v) => format(v).length));
  const cell = (v: number): string => format(v).padStart(width);

  const indent = 'tensor('.length;
  const render = (dim: number, start: number): string => {
    if (t.ndim === 0) return cell(values[0]!);
    const size = t.shape[dim]!;
    const inner = t.shape.slice(dim + 1).reduce((a, b) => a * b, 1);
    const shown: (number | null)[] = [];
    if (summarize && size > 2 * EDGE_ITEMS) {
      for (let i = 0; i < EDGE_ITEMS; i++) shown.push(i);
      shown.push(null);
      for (let i = size - EDGE_ITEMS; i < size; i++) shown.push(i);
    } else {
      for (let i = 0; i < size; i++) shown.push(i);
    }
    if (dim === t.ndim - 1) return `[${shown.map((i) => (i === null ? '...' : cell(values[start + i]!))).join(', ')}]`;
    const pad = ' '.repeat(indent + dim + 1);
    const separator = `,${'\n'.repeat(t.ndim - dim - 1)}${pad}`;
    return `[${shown.map((i) => (i === null ? '...' : render(dim + 1, start + i * inner))).join(separator)}]`;
  };

  const body = t.numel() === 0 && t.ndim > 0 ? '[]' : render(0, 0);
  const extras: string[] = [];
  if (t.numel() === 0 && t.ndim !== 1) extras.push(`shape=[${t.shape.join(', ')}]`);
  if (t.dtype === 'float64' || t.dtype === 'int32') extras.push(`dtype=${t.dtype}`);
  if (t.gradFn) extras.push(`gradFn=<${t.gradFn.name}>`);
  else if (t.requiresGrad) extras.push('requiresGrad=true');
  return `tensor(${body}${extras.map((e) => `, ${e}`).join('')})`;
}
