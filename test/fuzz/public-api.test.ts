/**
 * Issue 12, item 7: the public API under fast-check. Every generated call must give a correct
 * result or a chainrule error naming the public op: never a raw TypeError/RangeError, never a
 * NaN that only a bad argument could have produced, never a change to its inputs (beyond the
 * in-place op's own target, when it succeeds). Seeded, so a failure replays.
 */
import { writeFileSync } from 'node:fs';
import * as fc from 'fast-check';
import { describe, it } from 'vitest';
import { ChainruleError, Tensor } from '../../src/index.js';
import { anyArg, anyTensor } from './arbitraries.js';
import { ENTRIES, type Entry } from './entries.js';

interface Snapshot {
  t: Tensor;
  values: string;
  version: number;
  shape: string;
}

function tensorsIn(args: readonly unknown[]): Tensor[] {
  return args.flatMap((a) => (a instanceof Tensor ? [a] : Array.isArray(a) ? a.filter((x): x is Tensor => x instanceof Tensor) : []));
}

function snapshot(args: readonly unknown[]): Snapshot[] {
  return tensorsIn(args).map((t) => ({ t, values: JSON.stringify(t.toArray()), version: t.versionCounter.value, shape: JSON.stringify(t.shape) }));
}

function show(args: readonly unknown[]): string {
  return args
    .map((a) => (a instanceof Tensor ? `tensor(${a.dtype} [${a.shape}])` : Array.isArray(a) ? `[${a.map((x) => (x instanceof Tensor ? `tensor(${x.dtype} [${x.shape}])` : String(x))).join(', ')}]` : typeof a === 'object' && a !== null ? JSON.stringify(a) : String(a)))
    .join(', ');
}

function hasNaN(t: Tensor): boolean {
  return (t.dtype === 'float32' || t.dtype === 'float64') && t.toTypedArray().some((v) => Number.isNaN(v));
}

function allFinite(args: readonly unknown[]): boolean {
  return args.every((a) =>
    a instanceof Tensor ? !hasNaN(a) : typeof a === 'number' ? Number.isFinite(a) : Array.isArray(a) ? allFinite(a) : true,
  );
}

/** One call of `entry` on `args`: the assertions of the issue. */
function check(entry: Entry, args: unknown[]): void {
  const where = `${entry.self ? 'x.' : ''}${entry.op}(${show(args)})`;
  const before = snapshot(args);
  let result: unknown;
  let error: unknown;
  try {
    result = entry.call(...args);
  } catch (e) {
    error = e;
  }
  if (error !== undefined) {
    if (!(error instanceof ChainruleError)) throw new Error(`${where} threw a raw ${(error as Error)?.name}: ${(error as Error)?.message}`);
    const named = [entry.op, ...(entry.alsoNamed ?? [])];
    if (!named.includes(error.op)) throw new Error(`${where} threw an error naming '${error.op}', not the public op: ${error.message.split('\n')[0]}`);
  }
  const changed = before.filter((s, i) => !(entry.inPlace && error === undefined && i === 0 && s.t === args[0]) && (s.values !== JSON.stringify(s.t.toArray()) || s.version !== s.t.versionCounter.value || s.shape !== JSON.stringify(s.t.shape)));
  if (changed.length > 0) throw new Error(`${where} changed an input${error !== undefined ? ' and then threw' : ''}`);
  if (error === undefined && entry.finite && result instanceof Tensor && allFinite(args) && hasNaN(result)) {
    throw new Error(`${where} returned NaN from finite inputs`);
  }
}

function afterAll(file: string | undefined, failures: Map<string, number>): void {
  if (file === undefined) return;
  (() => writeFileSync(file, [...failures].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${n}\t${k}`).join('\n')))();
}

function argumentsOf(entry: Entry): fc.Arbitrary<unknown[]> {
  const rest = Array.from({ length: entry.arity - (entry.self ? 1 : 0) }, () => anyArg);
  return entry.self ? fc.tuple(anyTensor, ...rest) : fc.tuple(...rest);
}

describe('fuzz: the public API answers every call with a result or a chainrule error naming the op', () => {
  it(`${ENTRIES.length} entry points, random bad shapes, dtypes, values, option objects and argument types`, () => {
    const call = fc.constantFrom(...ENTRIES).chain((entry) => argumentsOf(entry).map((args) => ({ entry, args })));
    // FUZZ_COLLECT=<file>: record every failure instead of stopping at the first (for triage).
    const collect = process.env.FUZZ_COLLECT;
    const failures = new Map<string, number>();
    const run = collect
      ? (entry: Entry, args: unknown[]): void => {
          try {
            check(entry, args);
          } catch (e) {
            const key = (e as Error).message.replace(/\(.*?\) (threw|changed|returned)/, '(…) $1').slice(0, 160);
            failures.set(key, (failures.get(key) ?? 0) + 1);
          }
        }
      : check;
    fc.assert(
      fc.property(call, ({ entry, args }) => run(entry, args)),
      { seed: Number(process.env.FUZZ_SEED ?? 12), numRuns: Number(process.env.FUZZ_RUNS ?? 20000) },
    );
    afterAll(collect, failures);
  });
});
