/**
 * What the checks share: turning `input`/`inputs` into one arbitrary of argument lists, making
 * fresh leaves of the arguments to differentiate, running fast-check and reporting a failure.
 * @module
 */
import * as fc from 'fast-check';
import { formatValue } from '../errors.js';
import { isFloating } from '../dtype.js';
import { ChainruleError, ValueError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { valueSource } from './print.js';
import { isArbitrary } from './tensors.js';

/** One arbitrary per argument. */
export type ArbitraryTuple<A extends readonly unknown[]> = { readonly [K in keyof A]: fc.Arbitrary<A[K]> };

/** Options every check accepts. */
export interface RunOptions {
  /** Number of generated cases (each check documents its default). */
  numRuns?: number;
  /** fast-check seed; a failure report prints the one to replay it with. */
  seed?: number;
  /** fast-check replay path (from a failure report, together with its seed). */
  path?: string;
  /** Positions of the arguments to differentiate (default: every float tensor argument). */
  wrt?: readonly number[];
}

/** Thrown by the checks when a property fails: the message has the shrunk counterexample. */
export class PropertyCheckError extends ChainruleError {
  /** The arguments fast-check shrank the failure to. */
  readonly counterexample: readonly unknown[];
  /** The seed that replays the failure: pass it back as the `seed` option, with `path`. */
  readonly seed: number;
  /** The replay path of the shrunk counterexample: pass it back as the `path` option, with `seed`. */
  readonly path: string | undefined;
  constructor(op: string, message: string, counterexample: readonly unknown[], seed: number, path: string | undefined, cause: unknown) {
    super(op, message);
    this.counterexample = counterexample;
    this.seed = seed;
    this.path = path;
    if (cause !== undefined) Object.defineProperty(this, 'cause', { value: cause, enumerable: false });
  }
}

/** The arbitrary of argument lists given by `input` (one argument) or `inputs` (several). */
export function argumentLists(op: string, input: unknown, inputs: unknown): fc.Arbitrary<readonly unknown[]> {
  if ((input === undefined) === (inputs === undefined)) {
    throw new ValueError(op, 'give exactly one of `input` (an arbitrary of one argument) and `inputs` (one arbitrary per argument, or an arbitrary of argument arrays)');
  }
  if (input !== undefined) {
    if (!isArbitrary(input)) throw new ValueError(op, '`input` must be a fast-check arbitrary, e.g. tensors()');
    return input.map((x) => [x]);
  }
  if (Array.isArray(inputs)) {
    inputs.forEach((a, i) => {
      if (!isArbitrary(a)) throw new ValueError(op, `inputs[${i}] must be a fast-check arbitrary, e.g. tensors()`);
    });
    return fc.tuple(...(inputs as fc.Arbitrary<unknown>[]));
  }
  if (!isArbitrary(inputs)) throw new ValueError(op, '`inputs` must be an array of arbitraries or an arbitrary of argument arrays');
  return inputs.map((args) => {
    if (!Array.isArray(args)) throw new ValueError(op, `the \`inputs\` arbitrary must produce arrays of arguments, got ${valueSource(args)}`);
    return args;
  });
}

/** The arguments with fresh leaves (same storage and layout, requiring grad) at the differentiated positions. */
export function withLeaves(op: string, args: readonly unknown[], wrt: readonly number[] | undefined): { args: unknown[]; diff: number[] } {
  const diff = wrt
    ? [...wrt]
    : args.flatMap((a, i) => (a instanceof Tensor && isFloating(a.dtype) ? [i] : []));
  for (const i of diff) {
    const a = args[i];
    if (!(a instanceof Tensor) || !isFloating(a.dtype)) {
      throw new ValueError(op, `wrt lists argument ${i}, which is ${a instanceof Tensor ? `a ${a.dtype} tensor` : valueSource(a)}, not a float tensor`);
    }
  }
  if (diff.length === 0) throw new ValueError(op, 'no argument to differentiate: generate at least one float tensor');
  const leaves = args.map((a, i) => (diff.includes(i) ? (a as Tensor).detach().requiresGrad_(true) : a));
  return { args: leaves, diff };
}

function checkRunOptions(op: string, options: RunOptions, defaultRuns: number): fc.Parameters<[readonly unknown[]]> {
  const numRuns = options.numRuns ?? defaultRuns;
  if (!Number.isInteger(numRuns) || numRuns < 1) throw new ValueError(op, `numRuns must be a positive integer, got ${formatValue(numRuns)}`);
  const params: fc.Parameters<[readonly unknown[]]> = { numRuns };
  if (options.seed !== undefined) params.seed = options.seed;
  if (options.path !== undefined) params.path = options.path;
  return params;
}

/**
 * Runs `predicate` (which throws on a bad case) over the argument lists; on failure throws a
 * PropertyCheckError whose message is `headline`, the counterexample and `explain(error)`.
 */
export function runProperty(
  op: string,
  options: RunOptions,
  defaultRuns: number,
  argumentsArb: fc.Arbitrary<readonly unknown[]>,
  predicate: (args: readonly unknown[]) => void,
  explain: (error: unknown) => { headline: string; details: string },
  prefer?: (args: readonly unknown[]) => void,
): void {
  const params = checkRunOptions(op, options, defaultRuns);
  const run = (p: (args: readonly unknown[]) => void, extra: Partial<fc.Parameters<[readonly unknown[]]>> = {}) =>
    fc.check(
      fc.property(argumentsArb, (args) => {
        p(args);
      }),
      { ...params, ...extra },
    );
  // `prefer` is a stricter predicate (it fails only on clear failures): when `predicate` fails,
  // the same cases are searched again for a failure of `prefer`, whose counterexample reads better.
  // A replay (a path given) tries `prefer` first, so it reproduces whichever was reported.
  let details = prefer && options.path !== undefined ? run(prefer) : undefined;
  if (!details?.failed) details = run(predicate);
  if (details.failed && prefer && options.path === undefined) {
    const preferred = run(prefer, { seed: details.seed });
    if (preferred.failed) details = preferred;
  }
  if (!details.failed) return;
  const args = details.counterexample?.[0] ?? [];
  const { headline, details: body } = explain(details.errorInstance);
  const shrinks = details.numShrinks === 1 ? '1 shrink' : `${details.numShrinks} shrinks`;
  const runs = details.numRuns === 1 ? '1 run' : `${details.numRuns} runs`;
  const message = [
    `${headline} (failed after ${runs} and ${shrinks})`,
    'counterexample:',
    ...args.map((a, i) => `  argument ${i}: ${valueSource(a)}`),
    body,
    `replay with { seed: ${details.seed}, path: ${JSON.stringify(details.counterexamplePath)} }`,
  ].join('\n');
  throw new PropertyCheckError(op, message, args, details.seed, details.counterexamplePath ?? undefined, details.errorInstance);
}

/** The message of an error thrown by f or by the check itself. */
export function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
