/**
 * Claims and verdicts: the engine behind `npm run verify` (part of the report, not of the
 * library's public API). A claim has an ID, a statement, and a `check` that computes the truth
 * with chainrule and compares it with what is claimed, returning `holds`, `refuted` or
 * `inconclusive` (only when a claim cannot be decided numerically, with the reason).
 *
 * ```ts
 * import fc from 'fast-check';
 * import { grad, tensor, type Tensor } from 'chainrule';
 * import { checkFormula, defineClaim, verifyClaims } from './claims.js';
 *
 * const claim = defineClaim({
 *   id: 'my-tanh-derivative',
 *   title: "tanh'(x) = 1 − tanh(x)²",
 *   check: () =>
 *     checkFormula({
 *       args: fc.double({ min: -3, max: 3, noNaN: true }),
 *       claimed: (x) => 1 - Math.tanh(x) ** 2,
 *       computed: (x) => (grad((t) => t.tanh())(tensor(x, { dtype: 'float64' })) as Tensor).item(),
 *     }),
 * });
 * verifyClaims([claim]); // [{ id: 'my-tanh-derivative', verdict: 'holds', … }]
 * ```
 * @module
 */
import fc from 'fast-check';

/** The three possible verdicts. */
export type Verdict = 'holds' | 'refuted' | 'inconclusive';

/** What a check found. `claimed` and `computed` are JSON-friendly values. */
export interface ClaimOutcome {
  verdict: Verdict;
  claimed: unknown;
  computed: unknown;
  /** For a refuted formula or identity: the smallest input fast-check shrank to. */
  counterexample?: unknown;
  /** How it was checked: sample sizes, tolerances, the reading taken, or why it is inconclusive. */
  note?: string;
}

/** A claim to verify. */
export interface Claim {
  /** Stable identifier, e.g. `rnn-scalar-dydw`. */
  readonly id: string;
  /** The claim in short, for the report's table. */
  readonly title: string;
  /** Catalog section or grouping (optional). */
  readonly section?: string;
  /** Computes the truth and compares; a long check reports its steps through `context.progress`. */
  check(context: ClaimContext): ClaimOutcome;
}

/** What a running check may use: a way to say how far it has got (shown by `verify` on stderr). */
export interface ClaimContext {
  /** Reports a step of a long check, e.g. `progress('epoch 12 of at most 400')`. */
  progress(step: string): void;
}

/** One line of the report: the outcome plus identification and timing. */
export interface ClaimReport extends ClaimOutcome {
  id: string;
  title: string;
  section?: string;
  /** Wall-clock seconds the check took. */
  seconds: number;
}

/** The record `npm run verify -- --json` prints for a claim: `{id, verdict, claimed, computed, counterexample?, note?}`. */
export interface ReportEntry {
  id: string;
  verdict: Verdict;
  claimed: unknown;
  computed: unknown;
  counterexample?: unknown;
  note?: string;
}

/** A report reduced to its JSON record (no title, section or timing). */
export function reportEntry(r: ClaimReport): ReportEntry {
  return {
    id: r.id,
    verdict: r.verdict,
    claimed: r.claimed,
    computed: r.computed,
    ...(r.counterexample === undefined ? {} : { counterexample: r.counterexample }),
    ...(r.note === undefined ? {} : { note: r.note }),
  };
}

/** Identity function that type-checks a claim definition. */
export function defineClaim(claim: Claim): Claim {
  return claim;
}

/** Options of {@link verifyClaims}. */
export interface VerifyOptions {
  /** Only run claims with these IDs (unknown IDs throw). */
  only?: readonly string[];
  /** Called after each claim (for progress output). */
  onProgress?: (done: number, total: number, report: ClaimReport) => void;
  /** Called with each step a running check reports (its `context.progress`). */
  onStep?: (claim: Claim, step: string) => void;
}

/** `verifyClaims` was asked for IDs that are not among the claims. */
export class UnknownClaimError extends Error {
  constructor(
    /** The IDs asked for that do not exist. */
    readonly unknown: readonly string[],
    /** The IDs that do. */
    readonly known: readonly string[],
  ) {
    super(`verifyClaims: unknown claim id(s) ${unknown.join(', ')}`);
    this.name = 'UnknownClaimError';
  }
}

/**
 * Runs the checks in order. A check that throws yields `inconclusive` with the error in the note,
 * so one broken check does not hide the others' verdicts.
 */
export function verifyClaims(claims: readonly Claim[], options: VerifyOptions = {}): ClaimReport[] {
  let selected = claims;
  if (options.only && options.only.length > 0) {
    const known = new Set(claims.map((c) => c.id));
    const unknown = options.only.filter((id) => !known.has(id));
    if (unknown.length > 0) throw new UnknownClaimError(unknown, [...known]);
    selected = claims.filter((c) => options.only!.includes(c.id));
  }
  const reports: ClaimReport[] = [];
  selected.forEach((claim, i) => {
    // each claim starts from a collected heap where the runner allows it (node --expose-gc), so one
    // claim's garbage never adds to the next one's peak
    (globalThis as { gc?: () => void }).gc?.();
    const started = performance.now();
    let outcome: ClaimOutcome;
    const context: ClaimContext = { progress: (step) => options.onStep?.(claim, step) };
    try {
      outcome = claim.check(context);
    } catch (error) {
      outcome = {
        verdict: 'inconclusive',
        claimed: null,
        computed: null,
        note: `the check itself failed: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
    const report: ClaimReport = {
      id: claim.id,
      title: claim.title,
      ...(claim.section === undefined ? {} : { section: claim.section }),
      ...outcome,
      seconds: (performance.now() - started) / 1000,
    };
    reports.push(report);
    options.onProgress?.(i + 1, selected.length, report);
  });
  return reports;
}

/** A number or nested arrays of numbers. */
export type Numeric = number | readonly Numeric[];

/** Tolerances for comparing numbers: |a − b| ≤ atol + rtol·|b|. */
export interface Tolerance {
  atol?: number;
  rtol?: number;
}

/** The largest violation of the tolerance between two numeric values of one shape (≤ 0: close). */
export function maxExcess(claimed: Numeric, computed: Numeric, tolerance: Tolerance = {}): number {
  const atol = tolerance.atol ?? 1e-9;
  const rtol = tolerance.rtol ?? 1e-7;
  if (typeof claimed === 'number' || typeof computed === 'number') {
    if (typeof claimed !== 'number' || typeof computed !== 'number') return Infinity;
    if (Number.isNaN(claimed) || Number.isNaN(computed)) return Number.isNaN(claimed) && Number.isNaN(computed) ? -1 : Infinity;
    if (claimed === computed) return -1;
    return Math.abs(claimed - computed) - (atol + rtol * Math.abs(computed));
  }
  if (claimed.length !== computed.length) return Infinity;
  let worst = -Infinity;
  for (let i = 0; i < claimed.length; i++) worst = Math.max(worst, maxExcess(claimed[i]!, computed[i]!, tolerance));
  return claimed.length === 0 ? -1 : worst;
}

/** Compares a claimed value with the computed one: `holds` when they agree within the tolerance. */
export function compareValues(claimed: Numeric, computed: Numeric, tolerance: Tolerance = {}, note?: string): ClaimOutcome {
  const verdict: Verdict = maxExcess(claimed, computed, tolerance) <= 0 ? 'holds' : 'refuted';
  return { verdict, claimed, computed, ...(note === undefined ? {} : { note }) };
}

/** Options of {@link checkFormula}. */
export interface FormulaCheck<A> extends Tolerance {
  /** Generates the formula's inputs. */
  args: fc.Arbitrary<A>;
  /** The claimed formula. */
  claimed: (args: A) => Numeric;
  /** The truth, computed with chainrule (autograd, layers, …). */
  computed: (args: A) => Numeric;
  /** Number of random inputs (default 200). */
  numRuns?: number;
  /** fast-check seed, so the verdict is the same on every run (default 42). */
  seed?: number;
  /** Extra text for the outcome's note. */
  note?: string;
  /** A readable input at which to report both values when the claim holds (default: the first generated). */
  example?: A;
}

/**
 * Tests a claimed formula against the computed truth on random inputs. Refuted claims carry the
 * smallest counterexample fast-check shrinks to, with both values there; a claim that holds
 * reports both values at the first input tried.
 */
export function checkFormula<A>(spec: FormulaCheck<A>): ClaimOutcome {
  const numRuns = spec.numRuns ?? 200;
  const seed = spec.seed ?? 42;
  const agree = (a: A): boolean => maxExcess(spec.claimed(a), spec.computed(a), spec) <= 0;
  const details = fc.check(fc.property(spec.args, agree), { numRuns, seed });
  const tol = `atol ${spec.atol ?? 1e-9}, rtol ${spec.rtol ?? 1e-7}`;
  const extra = spec.note ? `; ${spec.note}` : '';
  if (details.failed && details.counterexample) {
    const [example] = details.counterexample as [A];
    return {
      verdict: 'refuted',
      claimed: spec.claimed(example),
      computed: spec.computed(example),
      counterexample: example,
      note: `fails on random inputs (seed ${seed}); shrunk counterexample shown (${tol})${extra}`,
    };
  }
  if (details.failed) throw details.errorInstance ?? new Error('checkFormula: the property threw');
  const shown = spec.example !== undefined ? spec.example : (fc.sample(spec.args, { numRuns: 1, seed })[0] as A);
  return {
    verdict: 'holds',
    claimed: spec.claimed(shown),
    computed: spec.computed(shown),
    note: `agrees on ${numRuns} random inputs (seed ${seed}, ${tol}); values shown at ${JSON.stringify(shown)}${extra}`,
  };
}

/** A conjunction of sub-checks: holds when all hold; refuted when one is refuted (the first such is reported). */
export function allOf(parts: Readonly<Record<string, ClaimOutcome>>): ClaimOutcome {
  const entries = Object.entries(parts);
  const claimed = Object.fromEntries(entries.map(([k, o]) => [k, o.claimed]));
  const computed = Object.fromEntries(entries.map(([k, o]) => [k, o.computed]));
  const refuted = entries.filter(([, o]) => o.verdict === 'refuted');
  const inconclusive = entries.filter(([, o]) => o.verdict === 'inconclusive');
  const notes = entries.filter(([, o]) => o.note).map(([k, o]) => `${k}: ${o.note}`);
  const counter = refuted.find(([, o]) => o.counterexample !== undefined);
  const verdict: Verdict = refuted.length > 0 ? 'refuted' : inconclusive.length > 0 ? 'inconclusive' : 'holds';
  const outcome: ClaimOutcome = { verdict, claimed, computed };
  if (refuted.length > 0) notes.unshift(`refuted part(s): ${refuted.map(([k]) => k).join(', ')}`);
  if (counter) outcome.counterexample = { [counter[0]]: counter[1].counterexample };
  if (notes.length > 0) outcome.note = notes.join(' | ');
  return outcome;
}
