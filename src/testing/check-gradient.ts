/**
 * checkGradient: property-tests a hand-derived gradient against autograd's.
 * @module
 */
import type * as fc from 'fast-check';
import { formatValue } from '../errors.js';
import { gradients } from '../autograd/engine.js';
import { enableGrad, noGrad } from '../autograd/grad-mode.js';
import { isFloating } from '../dtype.js';
import { ValueError, fmtShape } from '../errors.js';
import { sameShape } from '../shape.js';
import { zerosLike } from '../tensor/creation.js';
import { Tensor } from '../tensor/tensor.js';
import { tensorSource } from './print.js';
import { argumentLists, errorText, runProperty, withLeaves, type ArbitraryTuple, type RunOptions } from './property.js';

/** Tolerances of {@link checkGradient}: |hand − autograd| ≤ atol + rtol·|autograd| elementwise. */
export interface GradientTolerances {
  /** Absolute tolerance (default 1e-6). */
  atol?: number;
  /** Relative tolerance, applied to |autograd| (default 1e-5). */
  rtol?: number;
}

/** checkGradient with one argument `input`. */
export interface CheckGradientOptions extends RunOptions, GradientTolerances {
  /** Arbitrary of the argument, e.g. `tensors({ min: -3, max: 3 })`. */
  input: fc.Arbitrary<Tensor>;
  /** The function: must return a one-element tensor (e.g. end with `.sum()`). */
  f: (x: Tensor) => Tensor;
  /** The claimed gradient of f at x, with x's shape. */
  derivative: (x: Tensor) => Tensor;
}

/** checkGradient with several arguments `inputs` (tensors, or other values passed through to f). */
export interface CheckGradientManyOptions<A extends readonly unknown[]> extends RunOptions, GradientTolerances {
  /** One arbitrary per argument, or one arbitrary of argument arrays. */
  inputs: ArbitraryTuple<A> | fc.Arbitrary<A>;
  /** The function: must return a one-element tensor. */
  f: (...args: A) => Tensor;
  /** The claimed gradients, one per differentiated argument (`wrt`, default every float tensor), in order. */
  derivative: (...args: A) => Tensor | readonly Tensor[];
}

/** The largest disagreement in one case. */
interface Worst {
  argument: number;
  index: number[];
  autograd: number;
  derivative: number;
  excess: number;
  allowed: number;
}

/** Thrown inside the property when the gradients disagree; carries both for the report. */
class GradientMismatch extends Error {
  constructor(
    readonly diff: readonly number[],
    readonly autograd: readonly Tensor[],
    readonly derivative: readonly Tensor[],
    readonly worst: Worst,
  ) {
    super(`argument ${worst.argument} at ${fmtShape(worst.index)}: autograd ${worst.autograd}, hand-derived ${worst.derivative}`);
  }
}

/**
 * Asserts, for every generated input, that autograd's gradient of the one-element function `f`
 * equals the hand-derived `derivative`, elementwise within `atol + rtol·|autograd|` (NaN never
 * matches). Runs `numRuns` cases (default 100). On failure throws a {@link PropertyCheckError}
 * whose message shows the counterexample fast-check shrank to, both gradients and the worst
 * element.
 *
 * ```ts
 * checkGradient({
 *   f: (x) => x.sin().sum(),
 *   derivative: (x) => x.cos(),
 *   input: tensors(),
 * });
 * ```
 */
export function checkGradient(options: CheckGradientOptions): void;
export function checkGradient<A extends readonly unknown[] | []>(options: CheckGradientManyOptions<A>): void;
export function checkGradient(options: CheckGradientOptions | CheckGradientManyOptions<unknown[]>): void {
  const op = 'checkGradient';
  if (options === null || typeof options !== 'object') throw new ValueError(op, `expects an options object { f, derivative, input(s), … }, got ${formatValue(options)}`);
  const { f, derivative } = options as CheckGradientManyOptions<unknown[]>;
  if (typeof f !== 'function') throw new ValueError(op, '`f` must be a function returning a one-element tensor');
  if (typeof derivative !== 'function') throw new ValueError(op, '`derivative` must be a function returning the claimed gradient(s)');
  const atol = tolerance(op, 'atol', options.atol ?? 1e-6);
  const rtol = tolerance(op, 'rtol', options.rtol ?? 1e-5);
  const arb = argumentLists(op, (options as Partial<CheckGradientOptions>).input, (options as Partial<CheckGradientManyOptions<unknown[]>>).inputs);
  const predicate = (args: readonly unknown[]): void => {
    const { args: leaves, diff } = withLeaves(op, args, options.wrt);
    const auto = autogradGradients(op, f, leaves, diff);
    const hand = claimedGradients(op, derivative, args, diff);
    const worst = compare(auto, hand, diff, atol, rtol, false);
    if (worst.excess > 0) throw new GradientMismatch(diff, auto, hand, worst);
  };
  // Prefer counterexamples where the gradients differ clearly (see isClear), not by rounding-sized
  // amounts near zero, which fast-check's shrinking otherwise favours.
  const clearPredicate = (args: readonly unknown[]): void => {
    const { args: leaves, diff } = withLeaves(op, args, options.wrt);
    const auto = autogradGradients(op, f, leaves, diff);
    const hand = claimedGradients(op, derivative, args, diff);
    const worst = compare(auto, hand, diff, atol, rtol, true);
    if (worst.excess > 0) throw new GradientMismatch(diff, auto, hand, worst);
  };
  runProperty(op, options, 100, arb, predicate, (error) => {
    if (!(error instanceof GradientMismatch)) {
      return { headline: 'f or derivative threw on a generated input', details: `error: ${errorText(error)}` };
    }
    return { headline: 'the hand-derived gradient disagrees with autograd', details: mismatchText(error) };
  }, clearPredicate);
}

function tolerance(op: string, name: string, value: number): number {
  if (typeof value !== 'number' || !(value >= 0)) throw new ValueError(op, `${name} must be a number ≥ 0, got ${formatValue(value)}`);
  return value;
}

function autogradGradients(op: string, f: (...args: unknown[]) => Tensor, leaves: readonly unknown[], diff: readonly number[]): Tensor[] {
  const y = enableGrad(() => f(...leaves));
  if (!(y instanceof Tensor)) throw new ValueError(op, `f must return a Tensor, got ${typeof y}`);
  if (y.numel() !== 1 || !isFloating(y.dtype)) {
    throw new ValueError(op, `f must return a one-element float tensor (end it with .sum()?), got a ${y.dtype} tensor of shape ${fmtShape(y.shape)}`);
  }
  const targets = diff.map((i) => leaves[i] as Tensor);
  const grads = y.requiresGrad ? gradients(y, targets, { allowUnused: true }) : targets.map(() => null);
  return grads.map((g, k) => (g ?? zerosLike(targets[k]!)).detach());
}

function claimedGradients(
  op: string,
  derivative: (...args: unknown[]) => Tensor | readonly Tensor[],
  args: readonly unknown[],
  diff: readonly number[],
): Tensor[] {
  const result = noGrad(() => derivative(...args));
  const list = result instanceof Tensor ? [result] : Array.isArray(result) ? [...(result as readonly Tensor[])] : null;
  if (list === null || list.length !== diff.length) {
    throw new ValueError(op, `derivative must return ${diff.length === 1 ? 'a tensor' : `an array of ${diff.length} tensors`} (one per differentiated argument ${fmtShape(diff)}), got ${describe(result)}`);
  }
  list.forEach((g, k) => {
    const x = args[diff[k]!] as Tensor;
    if (!(g instanceof Tensor)) throw new ValueError(op, `derivative's gradient ${k} is not a Tensor but ${describe(g)}`);
    if (!sameShape(g.shape, x.shape)) {
      throw new ValueError(op, `derivative returned shape ${fmtShape(g.shape)} for argument ${diff[k]}, whose shape is ${fmtShape(x.shape)}; a gradient has its input's shape`);
    }
  });
  return list;
}

function describe(value: unknown): string {
  if (value instanceof Tensor) return `a tensor of shape ${fmtShape(value.shape)}`;
  if (Array.isArray(value)) return `an array of ${value.length}`;
  return value === null ? 'null' : typeof value;
}

/** The element where |hand − autograd| exceeds its allowance the most (NaN counts as +∞). */
function compare(auto: readonly Tensor[], hand: readonly Tensor[], diff: readonly number[], atol: number, rtol: number, clearOnly: boolean): Worst {
  let worst: Worst | null = null;
  auto.forEach((a, k) => {
    const av = a.toTypedArray();
    const hv = hand[k]!.toTypedArray();
    for (let e = 0; e < av.length; e++) {
      const x = av[e]!;
      const y = hv[e]!;
      const allowed = atol + rtol * Math.abs(x);
      const gap = Math.abs(x - y) - allowed;
      const excess = Number.isNaN(gap) ? Infinity : gap;
      if (clearOnly && !isClear(x, y, allowed)) continue;
      if (worst === null || excess > worst.excess) {
        worst = { argument: diff[k]!, index: unflatten(a.shape, e), autograd: x, derivative: y, excess, allowed };
      }
    }
  });
  return worst ?? { argument: diff[0]!, index: [], autograd: 0, derivative: 0, excess: -Infinity, allowed: 0 };
}

/**
 * A clear disagreement: NaN on one side only, or a difference that is both at least 1 % of the
 * larger magnitude and 10× the tolerance (so not rounding noise near zero).
 */
function isClear(autograd: number, hand: number, allowed: number): boolean {
  const gap = Math.abs(autograd - hand);
  if (Number.isNaN(gap)) return !(Number.isNaN(autograd) && Number.isNaN(hand));
  return gap >= 10 * allowed && gap >= 0.01 * Math.max(Math.abs(autograd), Math.abs(hand));
}

/** A number in readable precision: 6 significant digits, exponent form for very small or large magnitudes. */
export function readable(v: number): string {
  if (!Number.isFinite(v) || v === 0 || Number.isInteger(v)) return String(v);
  const a = Math.abs(v);
  const text = a < 1e-3 || a >= 1e6 ? v.toExponential(5) : v.toPrecision(6);
  return text.replace(/\.?0+(e|$)/, '$1');
}

function unflatten(shape: readonly number[], flat: number): number[] {
  const index = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    index[d] = flat % shape[d]!;
    flat = Math.floor(flat / shape[d]!);
  }
  return index;
}

function mismatchText(m: GradientMismatch): string {
  const lines: string[] = [];
  m.diff.forEach((arg, k) => {
    lines.push(`gradient w.r.t. argument ${arg}:`);
    lines.push(`  autograd:     ${tensorSource(m.autograd[k]!)}`);
    lines.push(`  hand-derived: ${tensorSource(m.derivative[k]!)}`);
  });
  const w = m.worst;
  const off = Math.abs(w.autograd - w.derivative);
  const rel = off / Math.max(Math.abs(w.autograd), Math.abs(w.derivative));
  lines.push(
    `worst element: argument ${w.argument} at ${fmtShape(w.index)}: autograd ${w.autograd}, hand-derived ${w.derivative}`,
    `  autograd ${readable(w.autograd)}, hand-derived ${readable(w.derivative)}, difference ${readable(w.derivative - w.autograd)}` +
      ` (relative ${readable(rel)}; allowed atol + rtol·|autograd| = ${readable(w.allowed)})`,
  );
  return lines.join('\n');
}
