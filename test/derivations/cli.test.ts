/**
 * The verify CLI's `--json` output: one entry per implemented catalog claim, in catalog order, each
 * of the shape {id, verdict, claimed, computed, counterexample?, note?}, with the verdicts derived by
 * hand in the section test files (a-backprop, d-dropout, e-sequences, f-systems .test.ts).
 *
 * The CLI is run with `--only` the hand-checked claims, so this file's run time does not grow as
 * more (possibly slow, training-based) claims join the catalog; that the catalog module, which the
 * CLI runs in full without `--only`, lists only catalog IDs in catalog order is checked without
 * running any check.
 *
 * The built CLI (dist/derivations/cli.js) is run with node when dist exists and is at least as new
 * as src/derivations and the claims engine; otherwise the engine is called directly (the CLI's JSON
 * is a projection of verifyClaims' reports).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { catalog } from '../../src/derivations/catalog.js';
import { verifyClaims } from '../../src/testing/claims.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const cliPath = join(root, 'dist/derivations/cli.js');
const sources = [
  ...readdirSync(join(root, 'src/derivations')).map((f) => join(root, 'src/derivations', f)),
  join(root, 'src/testing/claims.ts'),
];
const distIsFresh = existsSync(cliPath) && sources.every((s) => statSync(s).mtimeMs <= statSync(join(root, 'dist/derivations/catalog.js')).mtimeMs && statSync(s).mtimeMs <= statSync(cliPath).mtimeMs);

/** The verdicts derived by hand (see the section test files) for the claims implemented so far. */
const derived: Record<string, 'holds' | 'refuted'> = {
  'rnn-scalar-forward': 'holds',
  'rnn-scalar-dydw': 'refuted',
  'rnn-scalar-node-grads': 'holds',
  'rnn-scalar-edge-sum': 'holds',
  'mlp-manual-backprop': 'holds',
  'sigmoid-derivative-bound': 'holds',
  'dropout-ols-minnorm': 'holds',
  'dropout-augmented-ols': 'holds',
  'dropout-rate-discontinuity': 'holds',
  'dropout-tikhonov': 'holds',
  'dropout-rescale': 'holds',
  'dropout-ridge-change-of-variables-a': 'refuted',
  'dropout-ridge-change-of-variables-b': 'refuted',
  'dropout-column-norms': 'holds',
  'gaussian-multiplicative-noise': 'holds',
  'rnn-linear-gradient-criterion': 'refuted',
  'beam-search-not-optimal': 'holds',
  'graph-walk-counts': 'holds',
  'graph-square-example': 'refuted',
  'allreduce-message-counts': 'holds',
};
/** Refuted formula/identity claims: these must carry a counterexample. */
const refutedFormulas = ['rnn-scalar-dydw', 'dropout-ridge-change-of-variables-a', 'dropout-ridge-change-of-variables-b', 'rnn-linear-gradient-criterion'];

/** The claim IDs of shared/derivations.md, in catalog order ("- **id** — …" bullets). */
const catalogDoc = readFileSync(resolve(root, '../shared/derivations.md'), 'utf8');
const docIds = [...catalogDoc.matchAll(/^- \*\*([a-z0-9-]+)\*\*/gm)].map((m) => m[1]!);

type Entry = Record<string, unknown>;

function runCli(args: string[]): Entry[] {
  if (distIsFresh) {
    const stdout = execFileSync(process.execPath, [cliPath, '--json', ...args], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
    return JSON.parse(stdout) as Entry[];
  }
  const only = args[0] === '--only' ? args[1]!.split(',') : [];
  return verifyClaims(catalog, { only }).map((r) => ({
    id: r.id,
    verdict: r.verdict,
    claimed: r.claimed,
    computed: r.computed,
    ...(r.counterexample === undefined ? {} : { counterexample: r.counterexample }),
    ...(r.note === undefined ? {} : { note: r.note }),
  }));
}

describe(`verify --json (${distIsFresh ? 'built CLI via node' : 'engine directly: dist missing or older than src'})`, () => {
  let out: Entry[];
  beforeAll(() => {
    out = runCli(['--only', Object.keys(derived).join(',')]);
  });

  it('the catalog document lists 45 claim IDs, without duplicates', () => {
    expect(docIds).toHaveLength(45);
    expect(new Set(docIds).size).toBe(45);
    for (const id of Object.keys(derived)) expect(docIds).toContain(id);
  });

  it('the catalog module (what the CLI runs without --only) lists catalog IDs only, in the document order, including every hand-checked claim', () => {
    const ids = catalog.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    const positions = ids.map((id) => docIds.indexOf(id));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    for (const id of Object.keys(derived)) expect(ids).toContain(id);
  });

  it('lists exactly the requested implemented claims, once each, in catalog order', () => {
    const derivedIds = Object.keys(derived);
    expect(out.map((e) => e.id)).toEqual(docIds.filter((id) => derivedIds.includes(id)));
  });

  it('every entry has the shape {id, verdict, claimed, computed, counterexample?, note?}', () => {
    const allowed = new Set(['id', 'verdict', 'claimed', 'computed', 'counterexample', 'note']);
    for (const e of out) {
      for (const key of Object.keys(e)) expect(allowed.has(key), `${String(e.id)} has key ${key}`).toBe(true);
      expect(typeof e.id).toBe('string');
      expect(['holds', 'refuted', 'inconclusive']).toContain(e.verdict);
      expect('claimed' in e && 'computed' in e).toBe(true);
      if ('note' in e) expect(typeof e.note).toBe('string');
      if ('counterexample' in e) expect(e.verdict).toBe('refuted');
      // no check crashed (the CLI would exit non-zero; the engine reports it as inconclusive)
      expect(String(e.note ?? '')).not.toMatch(/^the check itself failed/);
    }
  });

  it('reports the hand-derived verdicts, with claimed/computed for refuted claims and counterexamples for refuted formulas', () => {
    const byId = new Map(out.map((e) => [e.id as string, e]));
    for (const [id, verdict] of Object.entries(derived)) {
      const e = byId.get(id)!;
      expect(e.verdict, id).toBe(verdict);
      if (verdict === 'refuted') {
        expect(e.claimed, id).not.toBeUndefined();
        expect(e.computed, id).not.toBeUndefined();
        expect(JSON.stringify(e.claimed), id).not.toBe(JSON.stringify(e.computed));
      }
    }
    for (const id of refutedFormulas) expect(byId.get(id)!.counterexample, id).toBeDefined();
  });
});
