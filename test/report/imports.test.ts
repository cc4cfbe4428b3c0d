/**
 * The report is a client of the library: src/report imports chainrule only through its public
 * entry points (by package name, like a user's code), and the library does not import the report.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const REPORT = join(ROOT, 'src/report');
const packageJson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { exports: Record<string, unknown> };

/** Every TypeScript source under dir. */
function sourcesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.[cm]?ts$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** The module specifiers of a file's static imports and re-exports, dynamic imports and require calls. */
function specifiersOf(text: string): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const patterns = [/\b(?:import|export)\s[^'"]*?\sfrom\s*['"]([^'"]+)['"]/g, /\bimport\s*['"]([^'"]+)['"]/g, /\b(?:import|require)\s*\(\s*['"]([^'"]+)['"]\s*\)/g];
  return patterns.flatMap((pattern) => [...code.matchAll(pattern)].map((match) => match[1]!));
}

/** The names a user can import: 'chainrule' and 'chainrule/<subpath>' for each entry of the exports map. */
const publicEntries = Object.keys(packageJson.exports)
  .filter((key) => key !== './package.json')
  .map((key) => (key === '.' ? 'chainrule' : `chainrule/${key.slice(2)}`));

/** Whether src/report's `file` may import `specifier`. */
function allowedInReport(file: string, specifier: string): boolean {
  const inside = specifier.startsWith('.') && !relative(REPORT, resolve(dirname(file), specifier)).startsWith('..');
  return inside || publicEntries.includes(specifier) || specifier === 'fast-check' || specifier.startsWith('node:');
}

describe('src/report imports chainrule like a user', () => {
  const files = sourcesUnder(REPORT);

  it('finds the report and reads its imports (so the checks below look at something)', () => {
    expect(files.length).toBeGreaterThan(10);
    expect(specifiersOf(readFileSync(join(REPORT, 'cli.ts'), 'utf8'))).toContain('./claims.js');
    const cli = join(REPORT, 'cli.ts');
    expect([
      allowedInReport(cli, './claims.js'),
      allowedInReport(cli, 'chainrule/nn'),
      allowedInReport(cli, '../index.js'),
      allowedInReport(cli, 'chainrule/src/tensor/tensor.js'),
      allowedInReport(cli, 'vitest'),
    ]).toEqual([true, true, false, false, false]);
    expect(specifiersOf("import { a } from 'x';\nexport * from \"y\";\nimport 'z';\nawait import('w');")).toEqual(['x', 'y', 'z', 'w']);
  });

  it('uses only relative paths inside src/report, public chainrule entries, fast-check and node: modules', () => {
    const violations: string[] = [];
    for (const file of files) {
      for (const specifier of specifiersOf(readFileSync(file, 'utf8'))) {
        if (!allowedInReport(file, specifier)) violations.push(`${relative(ROOT, file)} imports ${specifier}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('is imported by nothing else in src', () => {
    const violations: string[] = [];
    for (const file of sourcesUnder(join(ROOT, 'src')).filter((f) => !f.startsWith(`${REPORT}/`))) {
      for (const specifier of specifiersOf(readFileSync(file, 'utf8'))) {
        if (specifier.startsWith('.') && !relative(REPORT, resolve(dirname(file), specifier)).startsWith('..')) {
          violations.push(`${relative(ROOT, file)} imports ${specifier}`);
        }
      }
    }
    expect(violations).toEqual([]);
  });
});
