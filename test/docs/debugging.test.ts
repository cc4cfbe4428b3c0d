/**
 * docs/debugging.md walks the reader through the engine by name: files, functions, the locals to
 * inspect, Node and Tensor members, node names. Followed in a debugger, a stale name is a
 * `ReferenceError` (issue 9: "inspect `node` in `execute`" after the loop had moved to `walk`).
 * This test reads every code span in the doc's prose and checks that what it names exists where
 * the doc says:
 *
 * - a path (`src/autograd/engine.ts`) exists;
 * - a function (`walk`, `printGraph(loss)`) is declared in one of the files named in the same
 *   paragraph or list item, or anywhere in src/ when that paragraph names no file;
 * - "inspect `a` and `b` in `f`": a and b are locals declared in the body of function f;
 * - `node.x` is a member of class Node, `t.x`/`grad.x`/`.x` a member of class Tensor;
 * - `XxxBackward` is a node name some op records, another capitalised name a class in src/;
 * - a statement (`while (…)`) appears verbatim in a file of its paragraph, and so do the lines of
 *   a ```ts listing in the file(s) named just before it.
 *
 * Anything else must be on the list of terms that are not source names (NOT_SOURCE), so a new
 * kind of code span fails here until someone decides how to check it.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DOC = 'docs/debugging.md';

/** Code spans that name no source: tools, options, globs, keywords. */
const NOT_SOURCE = new Set([
  'dist/**/*.js.map',
  '*.d.ts.map',
  'chrome://inspect',
  'node_modules/chainrule/src/',
  'src/…/*.ts',
  '--enable-source-maps',
  '.vscode/launch.json',
  'resolveSourceMapLocations',
  'node_modules',
  'debugger',
  'dot -Tsvg',
]);

/** Receivers whose members are Tensor members (the doc's tensors: t, grad, g, loss). */
const TENSOR_NAMES = new Set(['t', 'grad', 'g', 'loss', 'Tensor']);
/** Receivers outside chainrule. */
const FOREIGN = new Set(['console', 'Math', 'JSON']);

function read(path: string): string {
  return readFileSync(join(ROOT, path), 'utf8');
}

function tsFilesUnder(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = `${dir}/${name}`;
    if (statSync(join(ROOT, path)).isDirectory()) return tsFilesUnder(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

const SRC_FILES = tsFilesUnder('src');
const TENSOR_FILES = SRC_FILES.filter((f) => f.startsWith('src/tensor/'));

function escape(name: string): string {
  return name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A declaration of `name`: function, const/let/var, class, or a method/property of a class. */
function declares(source: string, name: string): boolean {
  const n = escape(name);
  return new RegExp(
    `function\\s*\\*?\\s+${n}\\b|\\b(?:const|let|var)\\s+${n}\\b|\\bclass\\s+${n}\\b|` +
      `^\\s*(?:(?:public|private|protected|static|async|get|set|readonly)\\s+)*${n}\\s*[?!]?\\s*(?:<[^>\\n]*>)?[(:=]`,
    'm',
  ).test(source);
}

/** The body of `function name(…) … {` in `source` (brace-matched), or null. */
function functionBody(source: string, name: string): string | null {
  const start = new RegExp(`function\\s+${escape(name)}\\s*[(<]`).exec(source);
  if (start === null) return null;
  const open = source.indexOf('{\n', start.index);
  let depth = 0;
  for (let i = open; i < source.length; i++) {
    if (source[i] === '{') depth++;
    else if (source[i] === '}' && --depth === 0) return source.slice(open, i + 1);
  }
  return null;
}

/** A member (property, getter or method) of `class name` in one of `files`. */
function hasMember(files: readonly string[], className: string, member: string): boolean {
  return files.some((file) => {
    const source = read(file);
    const at = source.search(new RegExp(`\\bclass\\s+${className}\\b`));
    return at >= 0 && declares(source.slice(at), member);
  });
}

interface Block {
  /** The prose of a paragraph or list item. */
  text: string;
  /** A ```ts listing that follows it, if any. */
  listing: string | null;
}

/** Paragraphs and list items of the prose, each with the ```ts listing right after it (if any). */
function blocks(markdown: string): Block[] {
  const out: Block[] = [];
  let fence: string[] | null = null;
  let fenceLang = '';
  let current: string[] = [];
  const flush = (): void => {
    if (current.length > 0) out.push({ text: current.join('\n'), listing: null });
    current = [];
  };
  for (const line of markdown.split('\n')) {
    const trimmed = line.trim();
    if (trimmed.startsWith('```')) {
      if (fence === null) {
        flush();
        fence = [];
        fenceLang = trimmed.slice(3);
      } else {
        if (fenceLang === 'ts' && out.length > 0) out[out.length - 1]!.listing = fence.join('\n');
        fence = null;
      }
      continue;
    }
    if (fence !== null) {
      fence.push(line);
      continue;
    }
    if (trimmed === '' || trimmed.startsWith('#')) {
      flush();
      continue;
    }
    if (/^(?:- |\d+\. )/.test(line)) flush();
    current.push(line);
  }
  flush();
  return out;
}

/** What is wrong with the names `markdown` gives (empty when everything is where it says). */
function problemsIn(markdown: string): string[] {
  const problems: string[] = [];
  for (const block of blocks(markdown)) {
    const spans = [...block.text.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
    const files = spans.filter((s) => /^(?:src|test|docs)\/[\w/.-]+\.(?:ts|md)$/.test(s));
    const where = files.length > 0 ? files : SRC_FILES;
    const shortText = block.text.replace(/\s+/g, ' ').slice(0, 60);
    const declaredHere = (name: string): boolean => where.some((f) => existsSync(join(ROOT, f)) && declares(read(f), name));

    for (const [, locals, fn] of block.text.matchAll(/inspect ((?:`\w+`(?:,\s*|\s+and\s+)?)+)\s+in\s+`(\w+)`/g)) {
      const body = where.map((f) => (existsSync(join(ROOT, f)) ? functionBody(read(f), fn!) : null)).find((b) => b !== null);
      if (body === undefined || body === null) {
        problems.push(`"inspect … in \`${fn}\`": no function ${fn} in ${where.length === SRC_FILES.length ? 'src/' : where.join(', ')}`);
        continue;
      }
      for (const [, local] of locals!.matchAll(/`(\w+)`/g)) {
        if (!new RegExp(`\\b(?:const|let|var)\\s+${local}\\b|\\bfor\\s*\\(\\s*(?:const|let)\\s+${local}\\b`).test(body)) {
          problems.push(`"inspect \`${local}\` in \`${fn}\`": ${fn} declares no local ${local}`);
        }
      }
    }

    for (const span of spans) {
      if (NOT_SOURCE.has(span)) continue;
      if (/^(?:src|test|docs)\/[\w/.-]*$/.test(span)) {
        if (!existsSync(join(ROOT, span))) problems.push(`\`${span}\`: no such file or folder`);
        continue;
      }
      if (/[ᵀ·∑−]/.test(span)) continue; // math, not a name
      if (/^(?:while|if|for|return)\b/.test(span)) {
        if (!where.some((f) => existsSync(join(ROOT, f)) && read(f).includes(span))) {
          problems.push(`\`${span}\` does not appear in ${where.join(', ')} ("${shortText}…")`);
        }
        continue;
      }
      let recognised = false;
      for (const [, receiver, member] of span.matchAll(/(?<![\w.])(\w+)?\.(\w+)/g)) {
        recognised = true;
        if (receiver !== undefined && FOREIGN.has(receiver)) continue;
        if (receiver === 'node') {
          if (!hasMember(['src/autograd/node.ts'], 'Node', member!)) problems.push(`\`${span}\`: class Node has no member ${member}`);
        } else if (receiver === undefined || TENSOR_NAMES.has(receiver)) {
          if (!hasMember(TENSOR_FILES, 'Tensor', member!)) problems.push(`\`${span}\`: class Tensor has no member ${member}`);
        } else if (!/^\d/.test(member!)) {
          problems.push(`\`${span}\`: the test does not know what \`${receiver}\` is (add it to TENSOR_NAMES or FOREIGN)`);
        }
      }
      for (const [, fn] of span.matchAll(/(?<![\w.])([a-z]\w*)\(/g)) {
        recognised = true;
        if (!declaredHere(fn!)) problems.push(`\`${span}\`: no function ${fn} in ${files.length > 0 ? files.join(', ') : 'src/'}`);
      }
      for (const [, name] of span.matchAll(/'(\w*Backward\w*)'/g)) {
        recognised = true;
        if (!SRC_FILES.some((f) => read(f).includes(`'${name}'`))) problems.push(`\`${span}\`: no op records a node named ${name}`);
      }
      if (/^[A-Z]\w*$/.test(span)) {
        recognised = true;
        const isNodeName = span.includes('Backward');
        const known = isNodeName
          ? SRC_FILES.some((f) => read(f).includes(`'${span}'`))
          : SRC_FILES.some((f) => new RegExp(`\\bclass\\s+${span}\\b`).test(read(f)));
        if (!known) problems.push(`\`${span}\`: no ${isNodeName ? 'node named' : 'class'} ${span} in src/`);
      } else if (/^[a-z]\w*$/.test(span)) {
        recognised = true;
        if (!declaredHere(span)) problems.push(`\`${span}\`: not declared in ${files.length > 0 ? files.join(', ') : 'src/'}`);
      }
      if (!recognised) problems.push(`\`${span}\`: the test does not know what this names (check it, or add it to NOT_SOURCE)`);
    }

    if (block.listing !== null) {
      const sources = where.filter((f) => existsSync(join(ROOT, f))).map(read);
      for (const line of block.listing.split('\n').map((l) => l.trim()).filter((l) => l !== '')) {
        if (!sources.some((s) => s.includes(line))) problems.push(`listing line "${line}" is not in ${where.join(', ')}`);
      }
    }
  }
  return problems;
}

describe(`${DOC} names what exists where it says`, () => {
  it('every file, function, local, member and node name in it checks out', () => {
    expect(problemsIn(read(DOC))).toEqual([]);
  });

  it('names the engine loop walk, its locals node and grad, and the frames from backward to a VJP', () => {
    const doc = read(DOC);
    expect(doc).toMatch(/inspect `node` and `grad` in `walk`/);
    expect(doc).toMatch(/`Tensor\.backward` → `runBackward` → `walk` → the VJP/);
  });

  it('catches the stale instruction the issue found ("inspect `node` in `execute`")', () => {
    const stale = '3. **`execute`** (`src/autograd/engine.ts`) is the whole engine: inspect `node` in `execute`.';
    expect(problemsIn(stale)).toEqual([
      '"inspect … in `execute`": no function execute in src/autograd/engine.ts',
      '`execute`: not declared in src/autograd/engine.ts',
      '`execute`: not declared in src/autograd/engine.ts',
    ]);
  });

  it('catches a missing local, member, file, node name, listing line and an unclassified span', () => {
    const wrong = [
      'Inspect `nodes` in `walk` (`src/autograd/engine.ts`).',
      '',
      'Look at `node.vjps` and `grad.gradient` in `src/autograd/nowhere.ts`.',
      '',
      'Stop at `node.name === \'TanhBackwards\'` or at `SoftmaxBackwards`; type `exotic stuff`.',
      '',
      'In `src/ops/unary.ts`:',
      '',
      '```ts',
      'function tanhVjp(g: Tensor): Tensor[] {',
      '```',
    ].join('\n');
    expect(problemsIn(wrong.replace('Inspect', 'inspect'))).toEqual([
      '"inspect `nodes` in `walk`": walk declares no local nodes',
      '`nodes`: not declared in src/autograd/engine.ts',
      '`node.vjps`: class Node has no member vjps',
      '`grad.gradient`: class Tensor has no member gradient',
      '`src/autograd/nowhere.ts`: no such file or folder',
      "`node.name === 'TanhBackwards'`: no op records a node named TanhBackwards",
      '`SoftmaxBackwards`: no node named SoftmaxBackwards in src/',
      '`exotic stuff`: the test does not know what this names (check it, or add it to NOT_SOURCE)',
      'listing line "function tanhVjp(g: Tensor): Tensor[] {" is not in src/ops/unary.ts',
    ]);
  });
});
