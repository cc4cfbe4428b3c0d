/**
 * How PyTorch writes argument values in a module's repr, for the layers' `extraRepr`: Python
 * tuples (`(3,)` for one element, `(2, 2)` otherwise), sizes as the user gave them (PyTorch's
 * pooling layers keep `2` or `(2, 3)` as passed), and floats with Python's `1.0`.
 *
 * ```ts
 * pyTuple([3]);      // '(3,)'
 * pyTuple([2, 2]);   // '(2, 2)'
 * pySize(2);         // '2'
 * pyFloat(1);        // '1.0'
 * ```
 * @module
 */

/** A Python tuple of numbers (null as None): `(3,)`, `(2, 2)`, `()`. */
export function pyTuple(values: readonly (number | null)[]): string {
  const items = values.map((v) => (v === null ? 'None' : String(v)));
  return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
}

/** A size argument as the user passed it: a number as is, an array as a Python tuple. */
export function pySize(value: number | readonly (number | null)[]): string {
  return typeof value === 'number' ? String(value) : pyTuple(value);
}

/** A float as Python prints it: whole numbers with `.0` (`1.0`, `-2.0`); others as JavaScript does. */
export function pyFloat(x: number): string {
  return Number.isInteger(x) ? `${x}.0` : String(x);
}

/** A copy of a size argument (number or array) to print later as passed. */
export function rawSize<T extends number | readonly (number | null)[]>(value: T): T {
  return (typeof value === 'number' ? value : [...(value as readonly (number | null)[])]) as T;
}

/** `inFeatures=4, bias=true, paddingIdx=null` → `in_features=4, bias=True, padding_idx=None` (PyTorch's text). */
export function pytorchSpelling(extra: string): string {
  return extra
    .replace(/\b([a-z][a-z0-9]*(?:[A-Z][a-z0-9]*)+)=/g, (_, name: string) => `${name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}=`)
    .replace(/=true\b/g, '=True')
    .replace(/=false\b/g, '=False')
    .replace(/=null\b/g, '=None')
    .replace(/=(\d+(?:\.\d+)?(?:e-\d+)?)(?=[,)\s]|$)/g, (whole, value: string) => `=${pythonFloat(Number(value)) ?? value}`);
}

/** Python's repr of a small float (`1e-05`, not `0.00001`), or undefined where JavaScript's text is Python's. */
function pythonFloat(x: number): string | undefined {
  if (x === 0 || x >= 1e-4) return undefined;
  return x.toExponential().replace(/e-(\d)$/, 'e-0$1');
}

/**
 * A module's text as PyTorch prints it: `Name(extra)` on one line for a one-line extra and no
 * children, else the extra's lines and then `(name): child` for each child, every line indented by 2.
 */
export function moduleRepr(typeName: string, extraRepr: string, children: readonly [string, { toString(): string }][]): string {
  const extra = pytorchSpelling(extraRepr);
  const extraLines = extra ? extra.split('\n') : [];
  if (children.length === 0 && extraLines.length <= 1) return `${typeName}(${extra})`;
  const lines = [...extraLines.map((l) => `  ${l}`), ...children.map(([name, m]) => `  (${name}): ${m.toString().split('\n').join('\n  ')}`)];
  return `${typeName}(\n${lines.join('\n')}\n)`;
}
