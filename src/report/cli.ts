/**
 * `npm run verify`: runs every claim of the derivation catalog and prints a table (ID, claim,
 * verdict, computed value) and a summary line; `--json` prints a JSON array instead; `--only ID`
 * (repeatable, or comma-separated) runs just those claims. Progress goes to stderr.
 * @module
 */
import { reportEntry, verifyClaims, type ClaimReport } from './claims.js';
import { catalog } from './catalog.js';

interface CliOptions {
  json: boolean;
  only: string[];
}

function parseArgs(argv: readonly string[]): CliOptions {
  const options: CliOptions = { json: false, only: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--json') options.json = true;
    else if (arg === '--only') options.only.push(...(argv[++i] ?? '').split(',').filter(Boolean));
    else if (arg.startsWith('--only=')) options.only.push(...arg.slice(7).split(',').filter(Boolean));
    else throw new Error(`verify: unknown argument ${arg}; use --json and/or --only ID`);
  }
  return options;
}

function short(value: unknown, width: number): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value, (_, v) => (typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(6)) : v));
  return text.length > width ? `${text.slice(0, width - 1)}…` : text;
}

function table(reports: readonly ClaimReport[]): string {
  const rows = reports.map((r) => [r.id, short(r.title, 48), r.verdict, short(r.computed, 60)]);
  const header = ['ID', 'claim', 'verdict', 'computed'];
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c]!.length)));
  const line = (cells: string[]): string => cells.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** JSON with two-space indentation, but arrays of numbers (and rows of them) kept on one line. */
function compactJson(value: unknown, indent = ''): string {
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

function main(): void {
  const options = parseArgs(process.argv.slice(2));
  const started = performance.now();
  const reports = verifyClaims(catalog, {
    only: options.only,
    onProgress: (done, total, r) => process.stderr.write(`[${done}/${total}] ${r.id}: ${r.verdict} (${r.seconds.toFixed(1)} s)\n`),
  });
  const seconds = (performance.now() - started) / 1000;
  if (options.json) {
    const out = reports.map(reportEntry);
    process.stdout.write(`${compactJson(out)}\n`);
  } else {
    const count = (v: string): number => reports.filter((r) => r.verdict === v).length;
    process.stdout.write(`${table(reports)}\n\n`);
    process.stdout.write(
      `${reports.length} claims: ${count('holds')} hold, ${count('refuted')} refuted, ${count('inconclusive')} inconclusive (${seconds.toFixed(1)} s)\n`,
    );
  }
  // A check that crashed is a bug in chainrule, not a verdict: fail loudly.
  if (reports.some((r) => r.note?.startsWith('the check itself failed'))) process.exitCode = 1;
}

main();
