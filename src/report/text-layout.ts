/**
 * Text layout for the verify command line: the terminal's width, word wrapping that never drops
 * a character, a table whose cells wrap inside their column, and JSON that keeps rows of numbers
 * on one line.
 * @module
 */

/** Columns to lay text out in: the terminal's width, else `COLUMNS`, else 100 (e.g. in a pipe). */
export function terminalWidth(stream: { isTTY?: boolean; columns?: number } = process.stdout): number {
  if (stream.isTTY && stream.columns) return stream.columns;
  const fromEnvironment = Number(process.env.COLUMNS);
  return Number.isInteger(fromEnvironment) && fromEnvironment > 0 ? fromEnvironment : 100;
}

/**
 * Splits `text` into lines of at most `width` characters, breaking after spaces and commas and,
 * inside a word longer than the width, anywhere. Only the spaces at line ends are dropped.
 */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const piece of text.split(/(?<=[ ,])/)) {
    if (line.length + piece.trimEnd().length > width && line.length > 0) {
      lines.push(line.trimEnd());
      line = '';
    }
    line += line.length === 0 ? piece.trimStart() : piece;
    while (line.trimEnd().length > width) {
      lines.push(line.slice(0, width));
      line = line.slice(width);
    }
  }
  if (line.trimEnd().length > 0 || lines.length === 0) lines.push(line.trimEnd());
  return lines;
}

/** A column of {@link table}: its header, and whether it may shrink (wrapping) to fit the width. */
export interface Column {
  header: string;
  wraps: boolean;
}

const GAP = '  ';

/**
 * Lays rows out in columns within `width` characters: columns that do not wrap keep their widest
 * cell; the others share the rest of the width in proportion to their widest cell, and their
 * cells wrap onto further lines of the row.
 */
export function table(columns: readonly Column[], rows: readonly (readonly string[])[], width: number): string {
  const natural = columns.map((col, c) => Math.max(col.header.length, ...rows.map((row) => row[c]!.length)));
  const fixed = columns.reduce((sum, col, c) => sum + (col.wraps ? 0 : natural[c]!), 0);
  const available = Math.max(0, width - fixed - GAP.length * (columns.length - 1));
  // Wrapping columns get at least their header (or 8), then the rest in proportion to what they lack.
  const least = columns.map((col, c) => (col.wraps ? Math.min(natural[c]!, Math.max(col.header.length, 8)) : natural[c]!));
  const lacking = columns.map((col, c) => (col.wraps ? natural[c]! - least[c]! : 0));
  const spare = Math.max(0, available - least.reduce((sum, w, c) => sum + (columns[c]!.wraps ? w : 0), 0));
  const totalLacking = lacking.reduce((sum, l) => sum + l, 0);
  const widths = columns.map((col, c) =>
    !col.wraps || totalLacking <= spare ? natural[c]! : least[c]! + Math.floor((spare * lacking[c]!) / totalLacking),
  );
  const render = (cells: readonly string[]): string[] => {
    const wrapped = cells.map((cell, c) => wrap(cell, widths[c]!));
    const height = Math.max(...wrapped.map((lines) => lines.length));
    return Array.from({ length: height }, (_, i) =>
      wrapped
        .map((lines, c) => (lines[i] ?? '').padEnd(widths[c]!))
        .join(GAP)
        .trimEnd(),
    );
  };
  return [
    ...render(columns.map((col) => col.header)),
    widths.map((w) => '-'.repeat(w)).join(GAP),
    ...rows.flatMap(render),
  ].join('\n');
}

/** JSON with two-space indentation, but arrays of numbers (and rows of them) kept on one line. */
export function compactJson(value: unknown, indent = ''): string {
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    const flat = JSON.stringify(value);
    if (value.every((v) => typeof v !== 'object' || v === null || (Array.isArray(v) && v.every((w) => typeof w !== 'object')))) {
      return flat;
    }
    return `[\n${value.map((v) => inner + compactJson(v, inner)).join(',\n')}\n${indent}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return '{}';
    return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${compactJson(v, inner)}`).join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
}
