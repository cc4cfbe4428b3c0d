/**
 * checkGradcheck / checkGradgradcheck: the properties "gradcheck(f) passes" and "gradgradcheck(f)
 * passes" over generated inputs.
 * @module
 */
import type * as fc from 'fast-check';
import { GradcheckError, gradcheck, gradgradcheck, type GradcheckOptions } from '../autograd/gradcheck.js';
import { ValueError, formatValue } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { argumentLists, errorText, runProperty, withLeaves, type ArbitraryTuple, type RunOptions } from './property.js';

/** Finite-difference settings passed to gradcheck (its defaults: eps 1e-6, atol 1e-5, rtol 1e-3). */
export type FiniteDifferenceOptions = Pick<GradcheckOptions, 'eps' | 'atol' | 'rtol' | 'fastMode'>;

/** checkGradcheck with one argument `input`. */
export interface CheckGradcheckOptions extends RunOptions, FiniteDifferenceOptions {
  /** Arbitrary of the argument: float64 tensors, e.g. `tensors({ shape: shapes({ maxSide: 3 }) })`. */
  input: fc.Arbitrary<Tensor>;
  /** The function; any output shape, one tensor or several. */
  f: (x: Tensor) => Tensor | readonly Tensor[];
}

/** checkGradcheck with several arguments `inputs`; non-tensor arguments (dims, sizes) pass through to f. */
export interface CheckGradcheckManyOptions<A extends readonly unknown[]> extends RunOptions, FiniteDifferenceOptions {
  /** One arbitrary per argument, or one arbitrary of argument arrays (for arguments that depend on each other). */
  inputs: ArbitraryTuple<A> | fc.Arbitrary<A>;
  /** The function; any output shape, one tensor or several. */
  f: (...args: A) => Tensor | readonly Tensor[];
}

type Checker = typeof gradcheck;

/**
 * Property: autograd's Jacobian of `f` matches central finite differences (gradcheck) at every
 * generated input. Float tensor arguments are differentiated (all, or those listed in `wrt`) and
 * must be float64; other arguments are constants. Runs `numRuns` cases (default 25: gradcheck
 * costs one backward per output element and two calls of f per input element, so keep shapes
 * small). On failure throws a {@link PropertyCheckError} with the shrunk counterexample and the
 * worst Jacobian entry.
 *
 * ```ts
 * checkGradcheck({
 *   inputs: shapes({ minRank: 1, maxSide: 3 }).chain((s) => fc.tuple(tensors({ shape: s }), fc.integer({ min: 0, max: s.length - 1 }))),
 *   f: (x, dim) => x.softmax(dim),
 * });
 * ```
 */
export function checkGradcheck(options: CheckGradcheckOptions): void;
export function checkGradcheck<A extends readonly unknown[] | []>(options: CheckGradcheckManyOptions<A>): void;
export function checkGradcheck(options: CheckGradcheckOptions | CheckGradcheckManyOptions<unknown[]>): void {
  run('checkGradcheck', gradcheck, 'gradcheck', options as CheckGradcheckManyOptions<unknown[]>);
}

/**
 * Property: second derivatives of `f` match finite differences of its first derivatives
 * (gradgradcheck) at every generated input. Options and defaults as {@link checkGradcheck}; each
 * case costs about one gradcheck per input element, so keep shapes smaller still.
 */
export function checkGradgradcheck(options: CheckGradcheckOptions): void;
export function checkGradgradcheck<A extends readonly unknown[] | []>(options: CheckGradcheckManyOptions<A>): void;
export function checkGradgradcheck(options: CheckGradcheckOptions | CheckGradcheckManyOptions<unknown[]>): void {
  run('checkGradgradcheck', gradgradcheck, 'gradgradcheck', options as CheckGradcheckManyOptions<unknown[]>);
}

function run(op: string, checker: Checker, checkerName: string, options: CheckGradcheckManyOptions<unknown[]>): void {
  if (options === null || typeof options !== 'object') throw new ValueError(op, `expects an options object { f, input(s), … }, got ${formatValue(options)}`);
  const { f } = options;
  if (typeof f !== 'function') throw new ValueError(op, '`f` must be a function of the generated arguments returning tensors');
  const arb = argumentLists(op, (options as Partial<CheckGradcheckOptions>).input, options.inputs);
  const settings: GradcheckOptions = {};
  if (options.eps !== undefined) settings.eps = options.eps;
  if (options.atol !== undefined) settings.atol = options.atol;
  if (options.rtol !== undefined) settings.rtol = options.rtol;
  if (options.fastMode !== undefined) settings.fastMode = options.fastMode;
  const predicate = (args: readonly unknown[]): void => {
    const { args: leaves } = withLeaves(op, args, options.wrt);
    // gradcheck sees the tensor arguments; the others are closed over.
    const positions = leaves.flatMap((a, i) => (a instanceof Tensor ? [i] : []));
    const call = (...ts: Tensor[]): Tensor | readonly Tensor[] => {
      const full = leaves.slice();
      positions.forEach((p, k) => (full[p] = ts[k]));
      return f(...full);
    };
    checker(call, positions.map((p) => leaves[p] as Tensor), settings);
  };
  const numbering =
    checkerName === 'gradcheck'
      ? '(its input[i] counts the tensor arguments only)'
      : '(its input[i] counts the tensor arguments, then the output cotangents v of vᵀ·∂f)';
  runProperty(op, options, 25, arb, predicate, (error) =>
    error instanceof GradcheckError
      ? { headline: `${checkerName} failed: autograd disagrees with finite differences`, details: `${errorText(error)}\n${numbering}` }
      : { headline: `f or ${checkerName} threw on a generated input`, details: `error: ${errorText(error)}` },
  );
}
