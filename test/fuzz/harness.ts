/**
 * The assertions of issue 12 item 7 for one generated call, shared by every fuzz file: a result
 * or a chainrule error naming the public op; never a raw TypeError/RangeError, never a NaN that
 * only a bad argument could have produced (for `finite` entries), never a change to the inputs,
 * never a slow call (a hang shows up as a call over {@link SLOW_MS}). Global state a call may
 * legitimately change (grad mode, anomaly mode, backend, threads) is restored after every call.
 */
import { writeFileSync } from 'node:fs';
import * as fc from 'fast-check';
import {
  ChainruleError,
  Tensor,
  getBackend,
  getNumThreads,
  initWasm,
  isAnomalyEnabled,
  isGradEnabled,
  setBackend,
  setDetectAnomaly,
  setGradEnabled,
  setNumThreads,
} from '../../src/index.js';
import { FROM_CALLBACK } from './arbitraries.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
export type Any = any;

export interface Entry {
  /** The public op: every chainrule error must name it (or one of `alsoNamed`). */
  op: string;
  /** Number of generated arguments. */
  arity: number;
  /** Called with the generated arguments (for `self` entries, the first one is a tensor). */
  call: (...args: Any[]) => unknown;
  self?: boolean;
  /** Never turns finite inputs into NaN: a NaN result can only come from a bad argument. */
  finite?: boolean;
  /** In-place: the first argument may change when the call succeeds. */
  inPlace?: boolean;
  /** Also mutates its (tensor) arguments when it succeeds (backward fills `.grad`, init fills weights). */
  mutates?: boolean;
  alsoNamed?: string[];
  /** Other op names its errors may carry, by pattern (backward-time errors name the graph node, `MulBackward`, as PyTorch's do). */
  alsoMatches?: RegExp;
}

/** Public aliases (PyTorch's): an error may name either spelling. */
const ALIASES: Record<string, string[]> = { swapdims: ['swapaxes'], moveaxis: ['movedim'], variance: ['var'], var: ['variance'] };

/** A call that takes longer than this (ms) fails as a hang: every generated input is tiny. */
export const SLOW_MS = Number(process.env.FUZZ_SLOW_MS ?? 3000);

function tensorsIn(args: readonly unknown[], depth = 0): Tensor[] {
  if (depth > 2) return [];
  return args.flatMap((a) =>
    a instanceof Tensor ? [a] : Array.isArray(a) ? tensorsIn(a, depth + 1) : a !== null && typeof a === 'object' && Object.getPrototypeOf(a) === Object.prototype ? tensorsIn(Object.values(a), depth + 1) : [],
  );
}

interface Snapshot {
  t: Tensor;
  values: string;
  version: number;
  shape: string;
}

function snapshot(args: readonly unknown[]): Snapshot[] {
  return tensorsIn(args).map((t) => ({ t, values: JSON.stringify(t.toArray()), version: t.versionCounter.value, shape: JSON.stringify(t.shape) }));
}

/** A printable form of a generated argument (never throws: the harness must not need the safe formatter it tests). */
export function show(a: unknown, depth = 0): string {
  if (a instanceof Tensor) return `tensor(${a.dtype} [${a.shape}])`;
  if (typeof a === 'function') return `fn:${a.name || 'anonymous'}`;
  if (typeof a === 'symbol' || typeof a === 'bigint') return typeof a;
  if (Array.isArray(a)) return depth > 1 ? '[…]' : `[${a.map((x) => show(x, depth + 1)).join(', ')}]`;
  if (a !== null && typeof a === 'object') {
    if (depth > 1) return '{…}';
    const proto = Object.getPrototypeOf(a);
    if (proto !== Object.prototype && proto !== null) return `<${proto?.constructor?.name ?? 'object'}>`;
    return `{${Object.entries(a).map(([k, v]) => `${k}: ${show(v, depth + 1)}`).join(', ')}}`;
  }
  return typeof a === 'string' ? `'${a}'` : String(a);
}

function hasNaN(t: Tensor): boolean {
  return (t.dtype === 'float32' || t.dtype === 'float64') && t.toTypedArray().some((v) => Number.isNaN(v));
}

function allFinite(args: readonly unknown[]): boolean {
  return args.every((a) => (a instanceof Tensor ? !hasNaN(a) : typeof a === 'number' ? Number.isFinite(a) : Array.isArray(a) ? allFinite(a) : true));
}

// FUZZ_BACKEND=wasm|auto: run the whole fuzz on another backend (the ref project pins ref).
if (process.env.FUZZ_BACKEND !== undefined) {
  await initWasm();
  setBackend(process.env.FUZZ_BACKEND as 'ref');
}
const initial = { backend: getBackend(), threads: getNumThreads() };

function restoreGlobals(): void {
  if (!isGradEnabled()) setGradEnabled(true);
  if (isAnomalyEnabled()) setDetectAnomaly(false);
  if (getBackend() !== initial.backend) setBackend(initial.backend as 'ref');
  if (getNumThreads() !== initial.threads) setNumThreads(initial.threads);
}

/** Why `error` (thrown or rejected by `entry`) breaks the contract, or undefined when it keeps it. */
function misnamed(entry: Entry, error: unknown, where: () => string): string | undefined {
  if (!(error instanceof ChainruleError)) return `${where()} threw a raw ${(error as Error)?.name}: ${(error as Error)?.message}`;
  const named = [entry.op, ...(entry.alsoNamed ?? []), ...(ALIASES[entry.op] ?? [])];
  if (!named.includes(error.op) && !entry.alsoMatches?.test(error.op)) return `${where()} threw an error naming '${error.op}', not the public op: ${error.message.split('\n')[0]}`;
  return undefined;
}

/**
 * Verdicts on the promises of async ops (toSvg, renderSvg, saveSvg): a rejection is checked like
 * a throw, once it settles; {@link fuzz} awaits them all before it reports.
 */
let settling: Promise<string | undefined>[] = [];

/** One call of `entry` on `args`: throws (a plain Error with the call printed) when an assertion fails. */
export function check(entry: Entry, args: unknown[]): void {
  const where = () => `${entry.self ? 'x.' : ''}${entry.op}(${args.map((a) => show(a)).join(', ')})`;
  const before = snapshot(args);
  let result: unknown;
  let error: unknown;
  const start = performance.now();
  try {
    result = entry.call(...args);
  } catch (e) {
    error = e;
  } finally {
    restoreGlobals();
  }
  const ms = performance.now() - start;
  if (ms > SLOW_MS) throw new Error(`${where()} took ${Math.round(ms)} ms`);
  const fromCallback = error !== null && typeof error === 'object' && (error as Record<symbol, unknown>)[FROM_CALLBACK] === true;
  if (error !== undefined && !fromCallback) {
    const why = misnamed(entry, error, where);
    if (why !== undefined) throw new Error(why);
  }
  if (result instanceof Promise) {
    const text = where();
    settling.push(result.then(() => undefined, (e: unknown) => misnamed(entry, e, () => `${text} (rejected)`)));
  }
  const mayChange = (s: Snapshot, i: number) => error === undefined && (entry.mutates || (entry.inPlace && i === 0 && s.t === args[0]));
  const changed = before.filter((s, i) => !mayChange(s, i) && (s.values !== JSON.stringify(s.t.toArray()) || s.version !== s.t.versionCounter.value || s.shape !== JSON.stringify(s.t.shape)));
  if (changed.length > 0) throw new Error(`${where()} changed an input${error !== undefined ? ' and then threw' : ''}`);
  if (error === undefined && entry.finite && result instanceof Tensor && allFinite(args) && hasNaN(result)) {
    throw new Error(`${where()} returned NaN from finite inputs`);
  }
}

/**
 * Runs `numRuns` seeded calls drawn from `entries` with `argument(entry)`. FUZZ_SEED replays,
 * FUZZ_RUNS_SCALE multiplies the run count (the long run), FUZZ_COLLECT=<file> records every
 * failure kind instead of stopping at the first (for triage).
 */
export async function fuzz(entries: readonly Entry[], argumentsOf: (entry: Entry) => fc.Arbitrary<unknown[]>, numRuns: number, seed = 12): Promise<void> {
  const call = fc.constantFrom(...entries).chain((entry) => argumentsOf(entry).map((args) => ({ entry, args })));
  const collect = process.env.FUZZ_COLLECT;
  const failures = new Map<string, number>();
  const run = collect
    ? (entry: Entry, args: unknown[]): void => {
        try {
          check(entry, args);
        } catch (e) {
          const key = (e as Error).message.replace(/^(x\.)?([\w.]+)\(.*?\) (threw|changed|returned|took)/s, '$1$2(…) $3').slice(0, 200);
          failures.set(key, (failures.get(key) ?? 0) + 1);
        }
      }
    : check;
  const runs = Math.round(numRuns * Number(process.env.FUZZ_RUNS_SCALE ?? 1));
  settling = [];
  fc.assert(
    fc.property(call, ({ entry, args }) => run(entry, args)),
    { seed: Number(process.env.FUZZ_SEED ?? seed), numRuns: runs },
  );
  const rejected = (await Promise.all(settling)).filter((why) => why !== undefined);
  settling = [];
  if (rejected.length > 0 && collect === undefined) throw new Error(rejected[0]);
  for (const why of rejected) {
    const key = why.replace(/^(x\.)?([\w.]+)\(.*?\) \(rejected\) threw/s, '$1$2(…) rejected').slice(0, 200);
    failures.set(key, (failures.get(key) ?? 0) + 1);
  }
  if (collect !== undefined) {
    const lines = [...failures].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${n}\t${k}`);
    writeFileSync(`${collect}.${entries[0]?.op ?? 'x'}.txt`, lines.join('\n'));
  }
}
