/**
 * `chainrule verify` (and `npm run verify`): runs every claim of the derivation catalog
 * (docs/claim-catalog.md) and prints a table (ID, claim, verdict, computed value) fitted to the
 * terminal and a summary line; `--json` prints only a JSON array on stdout instead; `--only ID`
 * (repeatable, or comma-separated) runs just those claims. Progress goes to stderr.
 * @module
 */
import { UnknownClaimError, reportEntry, verifyClaims, type Claim, type ClaimReport } from './claims.js';
import { catalog } from './catalog.js';
import { nearest } from './nearest.js';
import { compactJson, table, terminalWidth, wrap } from './text-layout.js';

interface VerifyOptions {
  json: boolean;
  only: string[];
  progress: boolean;
  help: boolean;
}

const OPTIONS: readonly (readonly [flag: string, text: string])[] = [
  ['--json', 'print only a JSON array on stdout: one {id, verdict, claimed, computed, counterexample?, note?} per claim'],
  ['--only ID[,ID…]', 'run only these claims (repeatable)'],
  ['--progress', 'report progress on stderr even when it is not a terminal'],
  ['-h, --help', 'show this help and the claim IDs'],
];

/** A mistake on the command line: reported as one line, without a stack trace. */
class UsageError extends Error {}

function parseArgs(argv: readonly string[]): VerifyOptions {
  const options: VerifyOptions = { json: false, only: [], progress: false, help: false };
  const ids = (list: string): string[] => list.split(',').filter(Boolean);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--json') options.json = true;
    else if (arg === '--progress') options.progress = true;
    else if (arg === '--help' || arg === '-h') options.help = true;
    else if (arg === '--only') {
      const list = argv[++i];
      if (list === undefined || list.startsWith('-')) throw new UsageError('--only needs a claim ID (or several, comma-separated)');
      options.only.push(...ids(list));
    } else if (arg.startsWith('--only=')) options.only.push(...ids(arg.slice('--only='.length)));
    else {
      const flags = ['--json', '--only', '--progress', '--help'];
      throw new UsageError(`unknown option ${arg} (did you mean ${nearest(arg, flags, 1)[0]}?); see --help`);
    }
  }
  return options;
}

function help(claims: readonly Claim[], width: number): string {
  const flagWidth = Math.max(...OPTIONS.map(([flag]) => flag.length));
  const idWidth = Math.max(...claims.map((c) => c.id.length));
  const entry = (name: string, nameWidth: number, text: string): string[] => {
    const textWidth = Math.max(20, width - nameWidth - 4);
    return wrap(text, textWidth).map((line, i) => `  ${(i === 0 ? name : '').padEnd(nameWidth)}  ${line}`.trimEnd());
  };
  return [
    'Usage: chainrule verify [--json] [--only ID[,ID…]] [--progress]',
    '       npm run verify -- [options]',
    '',
    ...wrap(
      `Checks the ${claims.length} claims of the derivation catalog (docs/claim-catalog.md) by computation with chainrule: each verdict is holds, refuted or inconclusive.`,
      width,
    ),
    '',
    'Options:',
    ...OPTIONS.flatMap(([flag, text]) => entry(flag, flagWidth, text)),
    '',
    'Claims:',
    ...claims.flatMap((c) => entry(c.id, idWidth, c.title)),
  ].join('\n');
}

/** A computed value as text: JSON with non-integers to 6 significant digits. */
function valueText(value: unknown): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(value, (_, v) => (typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(6)) : v));
}

function resultsTable(reports: readonly ClaimReport[], width: number): string {
  const columns = [
    { header: 'ID', wraps: false },
    { header: 'claim', wraps: true },
    { header: 'verdict', wraps: false },
    { header: 'computed', wraps: true },
  ];
  return table(columns, reports.map((r) => [r.id, r.title, r.verdict, valueText(r.computed)]), width);
}

/** Writes progress to stderr: a line per finished claim, and the steps of a claim running for over 2 s (at most one a second). */
function progressReporter(): { onStep: (claim: Claim, step: string) => void; onProgress: (done: number, total: number, r: ClaimReport) => void } {
  let claimStarted = performance.now();
  let lastShown = 0;
  return {
    onStep: (claim, step) => {
      const now = performance.now();
      if (now - claimStarted < 2000 || now - lastShown < 1000) return;
      lastShown = now;
      process.stderr.write(`  … ${claim.id}: ${step} (${((now - claimStarted) / 1000).toFixed(0)} s)\n`);
    },
    onProgress: (done, total, r) => {
      process.stderr.write(`[${done}/${total}] ${r.id}: ${r.verdict} (${r.seconds.toFixed(1)} s)\n`);
      claimStarted = performance.now();
      lastShown = 0;
    },
  };
}

/** Runs `chainrule verify` with these arguments; returns the exit code (0, 1 when a check crashed, 2 for a usage error). */
export function verify(argv: readonly string[], claims: readonly Claim[] = catalog): number {
  let options: VerifyOptions;
  let reports: ClaimReport[];
  const started = performance.now();
  try {
    options = parseArgs(argv);
    if (options.help) {
      process.stdout.write(`${help(claims, terminalWidth())}\n`);
      return 0;
    }
    const showProgress = options.progress || process.stderr.isTTY === true;
    reports = verifyClaims(claims, { only: options.only, ...(showProgress ? progressReporter() : {}) });
  } catch (error) {
    if (error instanceof UnknownClaimError) {
      const each = error.unknown.map((id) => `unknown claim ID ${id} (nearest: ${nearest(id, error.known).join(', ')})`);
      process.stderr.write(`chainrule verify: ${each.join('; ')}; --help lists all IDs\n`);
      return 2;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`chainrule verify: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const seconds = (performance.now() - started) / 1000;
  if (options.json) {
    process.stdout.write(`${compactJson(reports.map(reportEntry))}\n`);
  } else {
    const count = (v: string): number => reports.filter((r) => r.verdict === v).length;
    process.stdout.write(`${resultsTable(reports, terminalWidth())}\n\n`);
    process.stdout.write(
      `${reports.length} claims: ${count('holds')} hold, ${count('refuted')} refuted, ${count('inconclusive')} inconclusive (${seconds.toFixed(1)} s)\n`,
    );
  }
  // A check that crashed is a bug in chainrule, not a verdict: fail loudly.
  return reports.some((r) => r.note?.startsWith('the check itself failed')) ? 1 : 0;
}
