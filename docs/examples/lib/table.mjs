// @ts-check
/** The examples' result tables: plain text, one row per object, columns in first-seen key order. */

/**
 * @param {Array<Record<string, string | number | boolean>>} rows
 * @returns {string} the table, with a header and a rule, numbers right-aligned
 */
export function formatTable(rows) {
  if (rows.length === 0) return '(no rows)';
  /** @type {string[]} */
  const columns = [];
  for (const row of rows) for (const key of Object.keys(row)) if (!columns.includes(key)) columns.push(key);
  const cell = (/** @type {unknown} */ value) =>
    typeof value === 'number' ? formatNumber(value) : value === undefined ? '' : String(value);
  const cells = rows.map((row) => columns.map((column) => cell(row[column])));
  const widths = columns.map((column, i) => Math.max(column.length, ...cells.map((r) => r[i].length)));
  const numeric = columns.map((column) => rows.every((row) => row[column] === undefined || typeof row[column] === 'number'));
  const pad = (/** @type {string} */ text, /** @type {number} */ i) => (numeric[i] ? text.padStart(widths[i]) : text.padEnd(widths[i]));
  return [
    columns.map(pad).join('  '),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...cells.map((r) => r.map(pad).join('  ')),
  ].join('\n');
}

/** Four significant digits, plain notation where it reads well. @param {number} value */
export function formatNumber(value) {
  if (Number.isInteger(value) && Math.abs(value) < 1e7) return String(value);
  if (!Number.isFinite(value)) return String(value);
  const magnitude = Math.abs(value);
  if (magnitude !== 0 && (magnitude < 1e-3 || magnitude >= 1e6)) return value.toExponential(3);
  return String(Number(value.toPrecision(4)));
}
