/**
 * The verify command line around the claims: text that wraps without losing a character, a table
 * that fits the width, nearest-ID suggestions, `--help`, one-line usage errors, `--json` alone on
 * stdout, and progress inside a long claim. The process-level checks run the built command
 * (dist/report/bin.js; `npm test` builds first) with cheap claims.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { catalog } from '../../src/report/catalog.js';
import { defineClaim, verifyClaims } from '../../src/report/claims.js';
import { editDistance, nearest } from '../../src/report/nearest.js';
import { table, terminalWidth, wrap } from '../../src/report/text-layout.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = join(ROOT, 'dist/report/bin.js');
const built = existsSync(BIN);

/** Runs `chainrule verify …` as a user would, stdout a pipe (not a terminal). */
function chainrule(args: string[], env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const { COLUMNS: _ignored, ...rest } = process.env;
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...rest, ...env }, maxBuffer: 64 << 20 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const squeeze = (text: string): string => text.replace(/\s+/g, '');

describe('wrap', () => {
  it('breaks after spaces and commas, keeps every character, and fits the width', () => {
    const text = 'the uses of w contribute t, (∂y/∂s)·r, (∂y/∂q)·p; t + s + w·q = dy/dw';
    const lines = wrap(text, 20);
    expect(lines).toEqual(['the uses of w', 'contribute t,', '(∂y/∂s)·r,', '(∂y/∂q)·p; t + s +', 'w·q = dy/dw']);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(20);
    expect(squeeze(lines.join(''))).toBe(squeeze(text));
  });

  it('cuts a word longer than the width into pieces of the width', () => {
    expect(wrap('[1,2,3,4,5,6,7,8,9,10,11]', 8)).toEqual(['[1,2,3,', '4,5,6,7,', '8,9,10,', '11]']);
    expect(wrap('x = 0.123456789012', 8)).toEqual(['x = ', '0.123456', '789012'].map((l) => l.trimEnd()));
    expect(wrap('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
  });

  it('keeps short text on one line', () => {
    expect(wrap('holds', 10)).toEqual(['holds']);
    expect(wrap('', 10)).toEqual(['']);
  });
});

describe('table', () => {
  const columns = [
    { header: 'ID', wraps: false },
    { header: 'claim', wraps: true },
    { header: 'verdict', wraps: false },
    { header: 'computed', wraps: true },
  ];
  const rows = catalog.slice(0, 12).map((c, i) => [c.id, c.title, i % 2 ? 'holds' : 'refuted', JSON.stringify(Array.from({ length: 3 + 5 * i }, (_, j) => j / 7))]);

  for (const width of [60, 100, 180]) {
    it(`fits ${width} columns and loses nothing`, () => {
      const lines = table(columns, rows, width).split('\n');
      for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(width);
      expect(lines.join('\n')).not.toContain('…');
      // Each column's text, read back line by line, holds every cell whole and in order.
      const header = lines[0]!;
      const starts = columns.map((col) => header.indexOf(col.header));
      const column = (c: number): string => squeeze(lines.slice(2).map((line) => line.slice(starts[c], starts[c + 1] ?? undefined)).join(''));
      columns.forEach((_, c) => expect(column(c)).toBe(squeeze(rows.map((row) => row[c]).join(''))));
    });
  }

  it('keeps the ID and verdict columns unwrapped', () => {
    const lines = table(columns, rows, 60).split('\n');
    for (const row of rows) expect(lines.some((line) => line.startsWith(row[0]!))).toBe(true);
  });
});

describe('terminalWidth', () => {
  it('uses the terminal, else COLUMNS, else 100', () => {
    expect(terminalWidth({ isTTY: true, columns: 123 })).toBe(123);
    const saved = process.env.COLUMNS;
    try {
      process.env.COLUMNS = '77';
      expect(terminalWidth({ isTTY: false })).toBe(77);
      delete process.env.COLUMNS;
      expect(terminalWidth({ isTTY: false })).toBe(100);
    } finally {
      if (saved === undefined) delete process.env.COLUMNS;
      else process.env.COLUMNS = saved;
    }
  });
});

describe('nearest', () => {
  it('computes edit distances by hand-checked examples', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('flaw', 'lawn')).toBe(2);
    expect(editDistance('same', 'same')).toBe(0);
  });

  it('ranks the known names by distance', () => {
    const ids = catalog.map((c) => c.id);
    expect(nearest('rnn-scalar-dydx', ids, 1)).toEqual(['rnn-scalar-dydw']);
    expect(nearest('resnet150-params', ids, 1)).toEqual(['resnet152-params']);
  });
});

describe('progress inside a claim', () => {
  it('reaches onStep with the claim, step by step', () => {
    const steps: string[] = [];
    const claim = defineClaim({
      id: 'counting',
      title: 'counts to two',
      check: ({ progress }) => {
        progress('one');
        progress('two');
        return { verdict: 'holds', claimed: 2, computed: 2 };
      },
    });
    const [report] = verifyClaims([claim], { onStep: (c, step) => steps.push(`${c.id}: ${step}`) });
    expect(steps).toEqual(['counting: one', 'counting: two']);
    expect(report!.verdict).toBe('holds');
  });
});

describe.skipIf(!built)('chainrule verify (built command)', () => {
  it('--help lists the options and every claim ID with its title, within the width', () => {
    const { status, stdout } = chainrule(['verify', '--help'], { COLUMNS: '72' });
    expect(status).toBe(0);
    for (const option of ['--json', '--only', '--progress', '--help']) expect(stdout).toContain(option);
    for (const claim of catalog) {
      expect(stdout).toMatch(new RegExp(`^  ${claim.id} `, 'm'));
      expect(squeeze(stdout)).toContain(squeeze(claim.title));
    }
    for (const line of stdout.split('\n')) expect(line.length, line).toBeLessThanOrEqual(72);
  });

  it('rejects an unknown --only ID in one line naming the nearest IDs, with exit code 2', () => {
    const { status, stdout, stderr } = chainrule(['verify', '--only', 'rnn-scalar-dydx']);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('unknown claim ID rnn-scalar-dydx (nearest: rnn-scalar-dydw');
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('rejects an unknown option in one line, with exit code 2', () => {
    const { status, stderr } = chainrule(['verify', '--jsn']);
    expect(status).toBe(2);
    expect(stderr.trim()).toBe('chainrule verify: unknown option --jsn (did you mean --json?); see --help');
  });

  it('--json writes only JSON to stdout', () => {
    const { status, stdout } = chainrule(['verify', '--json', '--only', 'rnn-scalar-forward,conv-output-length']);
    expect(status).toBe(0);
    const entries = JSON.parse(stdout) as { id: string }[];
    expect(entries.map((e) => e.id)).toEqual(['rnn-scalar-forward', 'conv-output-length']);
  });

  it('prints a table that fits COLUMNS, with long values wrapped, not cut', () => {
    const { status, stdout } = chainrule(['verify', '--only', 'mlp-manual-backprop,inception-naive-counts,momentum-two-forms'], { COLUMNS: '80' });
    expect(status).toBe(0);
    for (const line of stdout.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
    expect(stdout).not.toContain('…');
    expect(stdout).toMatch(/^3 claims: /m);
  });

  it('shows progress only on stderr, and only when asked (stderr is not a terminal here)', () => {
    const quiet = chainrule(['verify', '--json', '--only', 'rnn-scalar-forward']);
    expect(quiet.stderr).toBe('');
    const loud = chainrule(['verify', '--json', '--progress', '--only', 'rnn-scalar-forward']);
    expect(loud.stderr).toMatch(/^\[1\/1\] rnn-scalar-forward: holds \(\d+\.\d s\)$/m);
    expect(JSON.parse(loud.stdout)).toHaveLength(1);
  });
});
