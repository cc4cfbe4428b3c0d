/**
 * Shared helpers for the catalog-claim tests: look a claim up by ID, run its check once per test
 * file, and read the example a `holds` outcome reports ("values shown at {...}") out of its note,
 * so the tests can recompute the reported values independently in plain JavaScript.
 */
import { catalog } from '../../src/report/catalog.js';
import type { Claim, ClaimOutcome } from '../../src/report/claims.js';

export function claimById(id: string): Claim {
  const claim = catalog.find((c) => c.id === id);
  if (!claim) throw new Error(`claim ${id} is not in the catalog`);
  return claim;
}

const outcomes = new Map<string, ClaimOutcome>();

/** The outcome of the claim's check, computed once per test file. */
export function outcomeOf(id: string): ClaimOutcome {
  let outcome = outcomes.get(id);
  if (!outcome) {
    outcome = claimById(id).check({ progress: () => {} });
    outcomes.set(id, outcome);
  }
  return outcome;
}

/**
 * The JSON value after "values shown at " in a note (checkFormula's report of where a claim that
 * holds was evaluated). For an allOf outcome, `part` selects the sub-note "part: …".
 */
export function shownAt(note: string | undefined, part?: string): unknown {
  if (note === undefined) throw new Error('no note');
  let text = note;
  if (part !== undefined) {
    const piece = note.split(' | ').find((p) => p.startsWith(`${part}: `));
    if (!piece) throw new Error(`no sub-note for part ${part} in: ${note}`);
    text = piece;
  }
  const marker = 'values shown at ';
  const at = text.indexOf(marker);
  if (at < 0) throw new Error(`no "${marker}" in: ${text}`);
  const start = at + marker.length;
  // scan a balanced JSON value ({…} or […]) or a bare number
  const open = text[start];
  if (open !== '{' && open !== '[') return JSON.parse(/^-?[\d.e+-]+/.exec(text.slice(start))![0]);
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (ch === '{' || ch === '[') depth++;
    else if (ch === '}' || ch === ']') {
      depth--;
      if (depth === 0) return JSON.parse(text.slice(start, i + 1));
    }
  }
  throw new Error(`unbalanced JSON after "${marker}" in: ${text}`);
}

/** |a − b| ≤ atol + rtol·|b| elementwise over nested arrays (plain JS, for the tests' own comparisons). */
export function near(a: unknown, b: unknown, atol: number, rtol = 0): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) <= atol + rtol * Math.abs(b);
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => near(x, b[i], atol, rtol));
  return false;
}

/** Plain-JS small matrix helpers (independent of chainrule). */
export const mat = {
  mul: (A: number[][], B: number[][]): number[][] => A.map((row) => B[0]!.map((_, j) => row.reduce((s, a, k) => s + a * B[k]![j]!, 0))),
  vec: (A: number[][], v: number[]): number[] => A.map((row) => row.reduce((s, a, k) => s + a * v[k]!, 0)),
  t: (A: number[][]): number[][] => A[0]!.map((_, j) => A.map((row) => row[j]!)),
  eye: (n: number): number[][] => Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))),
  pow: (A: number[][], k: number): number[][] => {
    let P = mat.eye(A.length);
    for (let i = 0; i < k; i++) P = mat.mul(P, A);
    return P;
  },
};

export const sumSq = (v: readonly number[]): number => v.reduce((s, x) => s + x * x, 0);
export const norm = (v: readonly number[]): number => Math.sqrt(sumSq(v));
