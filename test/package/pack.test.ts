/**
 * The package as a user gets it: `npm pack` the repo, install the tarball into an empty ESM
 * project (offline: chainrule has no runtime dependencies), and use it from JavaScript (import and
 * require) and from strict TypeScript through the `exports` map, and run its `chainrule` command.
 * Also checks that the tarball ships source maps and declaration maps whose sources are in the
 * tarball, so a debugger or "go to definition" lands in the TypeScript, and nothing else: every
 * compiled file can be reached from the exports map or the bin. The entries are read from
 * package.json, so these checks follow the package as its surface changes.
 *
 * Needs dist/ (`npm test` builds it first; if it is missing this file builds it).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const TSC = join(ROOT, 'node_modules', '.bin', 'tsc');
const packageJson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { exports: Record<string, unknown>; bin?: Record<string, string> };

/** Every file path named in an exports entry (all conditions). */
function exportTargets(entry: unknown): string[] {
  if (typeof entry === 'string') return [entry];
  if (entry !== null && typeof entry === 'object') return Object.values(entry).flatMap(exportTargets);
  return [];
}

/** The module specifiers of a compiled file: static imports and re-exports, dynamic imports, require calls. */
function specifiersOf(code: string): string[] {
  const patterns = [/\b(?:import|export)\s[^'"]*?\sfrom\s*['"]([^'"]+)['"]/g, /\bimport\s*['"]([^'"]+)['"]/g, /\b(?:import|require)\s*\(\s*['"]([^'"]+)['"]\s*\)/g];
  return patterns.flatMap((pattern) => [...code.matchAll(pattern)].map((match) => match[1]!));
}

/**
 * The files of the package reachable from `starts` by following imports (relative ones, and
 * chainrule's own entries by name, through `entryFiles`); `read` gives a package file's text and
 * `step` maps a specifier's target (e.g. ./x.js) to the file that stands for it.
 */
function reachable(starts: readonly string[], entryFiles: Map<string, string[]>, read: (path: string) => string, step: (target: string) => string): Set<string> {
  const pending = starts.map((f) => join(f));
  const seen = new Set<string>();
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const specifier of specifiersOf(read(file))) {
      const targets = specifier.startsWith('.') ? [step(join(dirname(file), specifier))] : (entryFiles.get(specifier) ?? []);
      pending.push(...targets.map((f) => join(f)));
    }
  }
  return seen;
}

/** For each name a user imports ('chainrule', 'chainrule/nn', …), the files of its exports entry matching `pattern`. */
function entryFilesMatching(pattern: RegExp): Map<string, string[]> {
  return new Map(
    Object.entries(packageJson.exports).map(([key, entry]) => [key === '.' ? 'chainrule' : `chainrule/${key.slice(2)}`, exportTargets(entry).filter((f) => pattern.test(f))]),
  );
}

/** The .js/.cjs files that run: reachable from the exports map and the bin. */
function reachableCode(read: (path: string) => string): Set<string> {
  const code = /\.c?js$/;
  const starts = [...exportTargets(packageJson.exports), ...Object.values(packageJson.bin ?? {})].filter((f) => code.test(f));
  return reachable(starts, entryFilesMatching(code), read, (target) => target);
}

/** The declaration files a TypeScript user sees: reachable from the exports map's types. */
function reachableDeclarations(read: (path: string) => string): Set<string> {
  const declaration = /\.d\.c?ts$/;
  const starts = exportTargets(packageJson.exports).filter((f) => declaration.test(f));
  return reachable(starts, entryFilesMatching(declaration), read, (target) => target.replace(/\.js$/, '.d.ts').replace(/\.cjs$/, '.d.cts'));
}

/** `chainrule/testing`, `chainrule/nn`, …: every subpath export, with the source file behind it. */
const subpaths = Object.keys(packageJson.exports)
  .filter((key) => key !== '.' && key !== './package.json')
  .map((key) => {
    const name = key.slice(2);
    return { name, specifier: `chainrule/${name}`, source: `src/${name}/index.ts`, exists: existsSync(join(ROOT, 'src', name, 'index.ts')) };
  });

/** Consumer files (written into the temp project), all type-checked by one tsc run. */
const CONSUMER_TS: Record<string, string> = {
  'use.ts': [
    "import { tensor, type Tensor } from 'chainrule';",
    'const x: Tensor = tensor([1, 2, 3], { requiresGrad: true });',
    'x.mul(x).sum().backward();',
    'export const grad: Tensor | null = x.grad;',
  ].join('\n'),
  // Must fail: proves the check resolves real types (an `any` would let it through).
  'misuse.ts': ["import { tensor } from 'chainrule';", 'export const n: string = tensor([1, 2, 3]).numel();'].join('\n'),
};
for (const { name, specifier, exists } of subpaths) {
  if (exists) CONSUMER_TS[`use-${name}.ts`] = `import * as m from '${specifier}';\nexport const names: string[] = Object.keys(m);\n`;
}

/** Runs a command; on failure the error carries its output (vitest shows it). */
function run(command: string, args: readonly string[], cwd: string): string {
  try {
    return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${e.stdout ?? ''}\n${e.stderr ?? e.message}`);
  }
}

/** Type-checks the consumer files with the repo's TypeScript; returns the `file(line,col): error …` lines. */
function typecheckConsumer(project: string): string[] {
  const config = {
    compilerOptions: {
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      target: 'ES2022',
      lib: ['ES2022'],
      strict: true,
      noEmit: true,
      types: [],
      // Check the shipped .d.ts files too: a consumer's default is skipLibCheck false.
      skipLibCheck: false,
    },
    files: Object.keys(CONSUMER_TS),
  };
  writeFileSync(join(project, 'tsconfig.json'), JSON.stringify(config, null, 2));
  let output: string;
  try {
    output = execFileSync(TSC, ['-p', 'tsconfig.json'], { cwd: project, encoding: 'utf8' });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    output = `${e.stdout ?? ''}${e.stderr ?? ''}`;
  }
  return output.split('\n').filter((line) => /^\S.*: error TS\d+/.test(line));
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

describe('the npm package', () => {
  let work: string;
  let project: string;
  let installed: string;
  let tarballFiles: string[];
  let typeErrors: string[];

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'chainrule-pack-'));
    if (!existsSync(join(ROOT, 'dist', 'index.js'))) run('npm', ['run', 'build'], ROOT);
    // dist/ is built, so skip `prepack` (another build).
    const packed = JSON.parse(run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], ROOT)) as {
      filename: string;
      files: { path: string }[];
    }[];
    tarballFiles = packed[0]!.files.map((f) => f.path);

    project = join(work, 'consumer');
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    run('npm', ['install', '--no-audit', '--no-fund', '--offline', join(work, packed[0]!.filename)], project);
    installed = join(project, 'node_modules', 'chainrule');
    // chainrule/testing needs its optional peer fast-check: link the repo's copy in (no network).
    symlinkSync(join(ROOT, 'node_modules', 'fast-check'), join(project, 'node_modules', 'fast-check'), 'dir');

    for (const [file, text] of Object.entries(CONSUMER_TS)) writeFileSync(join(project, file), text);
    typeErrors = typecheckConsumer(project);
  }, 120_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('ships dist/ with .js.map next to every .js and .d.ts.map next to every .d.ts, and src/', () => {
    const js = tarballFiles.filter((f) => f.startsWith('dist/') && f.endsWith('.js'));
    const dts = tarballFiles.filter((f) => f.startsWith('dist/') && f.endsWith('.d.ts'));
    expect(js).toContain('dist/index.js');
    expect(dts).toContain('dist/index.d.ts');
    expect(js.filter((f) => !tarballFiles.includes(`${f}.map`))).toEqual([]);
    expect(dts.filter((f) => !tarballFiles.includes(`${f}.map`))).toEqual([]);
    expect(tarballFiles).toContain('src/index.ts');
  });

  it('ships nothing but dist/, src/ and the package metadata', () => {
    const stray = tarballFiles.filter((f) => !/^(dist|src)\//.test(f) && !/^(package\.json|README\.md|LICENSE)$/.test(f));
    expect(stray).toEqual([]);
  });

  it('ships only files that the exports map or the bin can reach, with their maps and declarations', () => {
    const read = (path: string): string => readFileSync(join(installed, path), 'utf8');
    const code = reachableCode(read);
    const declarations = reachableDeclarations(read);
    expect(code.has('dist/index.js') && code.has('dist/report/bin.js')).toBe(true);
    expect(declarations.has('dist/index.d.ts')).toBe(true);
    for (const file of [...code, ...declarations]) expect(tarballFiles, `${file} is imported but not shipped`).toContain(file);
    // A file ships for a module that runs (its code, map, declaration and declaration map), or for
    // a declaration a user's types reach (type-only modules, which have no code worth shipping).
    const owner = (f: string): string => f.replace(/\.map$/, '');
    const codeOf = (f: string): string => owner(f).replace(/\.d\.ts$/, '.js').replace(/\.d\.cts$/, '.cjs');
    const dead = tarballFiles.filter((f) => f.startsWith('dist/') && !code.has(codeOf(f)) && !declarations.has(owner(f)));
    expect(dead).toEqual([]);
  });

  it('ships only those sources that its maps point to', () => {
    const pointedTo = new Set<string>();
    for (const map of tarballFiles.filter((f) => f.endsWith('.map'))) {
      const { sources, sourceRoot } = JSON.parse(readFileSync(join(installed, map), 'utf8')) as { sources: string[]; sourceRoot?: string };
      for (const source of sources) pointedTo.add(relative(installed, resolve(installed, dirname(map), sourceRoot ?? '', source)));
    }
    expect(tarballFiles.filter((f) => f.startsWith('src/') && !pointedTo.has(f))).toEqual([]);
  });

  it('has source maps and declaration maps whose sources are TypeScript files inside the package', () => {
    const maps = filesUnder(join(installed, 'dist')).filter((f) => f.endsWith('.map'));
    expect(maps.length).toBeGreaterThan(0);
    const unresolved: string[] = [];
    for (const map of maps) {
      const { sources, sourceRoot } = JSON.parse(readFileSync(map, 'utf8')) as { sources: string[]; sourceRoot?: string };
      for (const source of sources) {
        const target = resolve(dirname(map), sourceRoot ?? '', source);
        if (!/\.c?ts$/.test(target) || !existsSync(target)) unresolved.push(`${relative(installed, map)} → ${source}`);
      }
    }
    expect(unresolved).toEqual([]);
  });

  it('works from plain JavaScript: the gradient of sum(x·x) is 2x', () => {
    writeFileSync(
      join(project, 'use.mjs'),
      [
        "import { tensor } from 'chainrule';",
        'const x = tensor([1, 2, 3], { requiresGrad: true });',
        'x.mul(x).sum().backward();',
        'console.log(JSON.stringify(x.grad.toArray()));',
      ].join('\n'),
    );
    expect(JSON.parse(run('node', ['use.mjs'], project))).toEqual([2, 4, 6]);
  });

  it('works from require() on this Node (which can require ES modules)', () => {
    writeFileSync(
      join(project, 'use.cjs'),
      [
        "const { tensor } = require('chainrule');",
        "const { LeNet } = require('chainrule/models');",
        'const x = tensor([1, 2, 3], { requiresGrad: true });',
        'x.mul(x).sum().backward();',
        'console.log(JSON.stringify([x.grad.toArray(), typeof LeNet]));',
      ].join('\n'),
    );
    expect(JSON.parse(run('node', ['use.cjs'], project))).toEqual([[2, 4, 6], 'function']);
  });

  it('says that chainrule is ESM-only where require() cannot load ES modules', () => {
    // --no-experimental-require-module turns Node 20.19+ into a Node that cannot require ES modules.
    let message = '';
    try {
      execFileSync('node', ['--no-experimental-require-module', 'use.cjs'], { cwd: project, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (error) {
      message = (error as { stderr: string }).stderr;
    }
    expect(message).toContain('chainrule is an ES module only (ESM-only) package');
    expect(message).not.toContain('ERR_PACKAGE_PATH_NOT_EXPORTED');
  });

  it('runs `npx chainrule verify` from the installed package', () => {
    const out = run('npx', ['--no', 'chainrule', 'verify', '--json', '--only', 'rnn-scalar-forward,conv-bias-grad'], project);
    const entries = JSON.parse(out) as { id: string; verdict: string }[];
    expect(entries.map((e) => [e.id, e.verdict])).toEqual([
      ['rnn-scalar-forward', 'holds'],
      ['conv-bias-grad', 'refuted'],
    ]);
  });

  it('type-checks a strict NodeNext TypeScript consumer, shipped declarations included', () => {
    // Every error must be misuse.ts's deliberate one: none in use*.ts, none in chainrule's .d.ts files.
    expect(typeErrors.filter((line) => !line.startsWith('misuse.ts'))).toEqual([]);
  });

  it('rejects a consumer that misuses the types (so the type-check above means something)', () => {
    expect(typeErrors.some((line) => /^misuse\.ts\(2,\d+\): error TS2322/.test(line))).toBe(true);
  });

  for (const { name, specifier, source, exists } of subpaths) {
    const title = exists ? `resolves ${specifier} from JavaScript and TypeScript` : `${specifier}: SKIPPED, ${source} does not exist yet`;
    it.skipIf(!exists)(title, () => {
      writeFileSync(join(project, `use-${name}.mjs`), `import * as m from '${specifier}';\nconsole.log(JSON.stringify(Object.keys(m)));\n`);
      expect(JSON.parse(run('node', [`use-${name}.mjs`], project)).length).toBeGreaterThan(0);
      // use-<name>.ts was in the tsc run: types resolved through the exports map, or TS2307 here.
      expect(Object.keys(CONSUMER_TS)).toContain(`use-${name}.ts`);
      expect(typeErrors.filter((line) => line.startsWith(`use-${name}.ts`))).toEqual([]);
    });
  }

  it.skipIf(!existsSync(join(ROOT, 'src/testing/index.ts')))('runs a chainrule/testing property check from the installed package', () => {
    writeFileSync(
      join(project, 'use-testing-check.mjs'),
      [
        "import { checkGradient, tensors } from 'chainrule/testing';",
        'checkGradient({ f: (x) => x.mul(x).sum(), derivative: (x) => x.mul(2), input: tensors(), numRuns: 20 });',
        'let caught = null;',
        'try {',
        '  checkGradient({ f: (x) => x.mul(x).sum(), derivative: (x) => x.mul(3), input: tensors(), numRuns: 20 });',
        '} catch (error) {',
        '  caught = error.constructor.name;',
        '}',
        'console.log(JSON.stringify(caught));',
      ].join('\n'),
    );
    expect(JSON.parse(run('node', ['use-testing-check.mjs'], project))).toBe('PropertyCheckError');
  });
});
