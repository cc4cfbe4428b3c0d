/**
 * The verify CLI's `--json` output: one entry per implemented catalog claim, in catalog order, each
 * of the shape {id, verdict, claimed, computed, counterexample?, note?}, with the verdicts derived by
 * hand in the section test files (a-backprop, d-dropout, e-sequences, f-systems .test.ts).
 *
 * The CLI is run with `--only` the hand-checked claims except the slow ones (training, Monte Carlo,
 * building ResNet-152: ~70 s together, which would double this directory's run time); the section
 * test files run each of those checks once and assert the same verdicts. That the catalog module,
 * which the CLI runs in full without `--only`, lists exactly the 45 catalog IDs in catalog order is
 * checked without running any check.
 *
 * The built CLI (dist/report/bin.js verify) is run with node when dist exists and is at least as
 * new as src/report; otherwise the engine is called directly (the CLI's JSON is a projection of
 * verifyClaims' reports).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { catalog } from '../../src/report/catalog.js';
import { reportEntry, verifyClaims } from '../../src/report/claims.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const cliPath = join(root, 'dist/report/bin.js');
const sources = readdirSync(join(root, 'src/report'), { recursive: true, withFileTypes: true })
  .filter((entry) => entry.isFile())
  .map((entry) => join(entry.parentPath, entry.name));
const distIsFresh =
  existsSync(cliPath) &&
  sources.every((s) => statSync(s).mtimeMs <= statSync(join(root, 'dist/report/catalog.js')).mtimeMs && statSync(s).mtimeMs <= statSync(join(root, 'dist/report/cli.js')).mtimeMs);

/** The verdicts derived by hand (see the section test files), for every catalog claim in catalog order. */
const derived: Record<string, 'holds' | 'refuted'> = {
  // A
  'rnn-scalar-forward': 'holds',
  'rnn-scalar-dydw': 'refuted',
  'rnn-scalar-node-grads': 'holds',
  'rnn-scalar-edge-sum': 'holds',
  'mlp-manual-backprop': 'holds',
  'sigmoid-derivative-bound': 'holds',
  // B
  'momentum-two-forms': 'holds',
  'optimizer-state-memory': 'holds',
  'grad-accumulation-layernorm': 'refuted',
  'grad-accumulation-zero-grad': 'holds',
  // C
  'receptive-field-stack': 'holds',
  'inception-naive-counts': 'holds',
  'inception-bottleneck-counts': 'holds',
  'depthwise-separable-params': 'holds',
  'conv-weight-grad': 'holds',
  'conv-bias-grad': 'refuted',
  'conv-weight-grad-variance': 'refuted',
  'conv-weight-grad-std-growth': 'holds',
  'maxpool-avgpool-backward': 'holds',
  'conv1d-filter-recovery': 'holds',
  'conv-transpose-1d': 'holds',
  'conv-transpose-2d': 'refuted',
  'conv-output-length': 'holds',
  // D
  'dropout-ols-minnorm': 'holds',
  'dropout-augmented-ols': 'holds',
  'dropout-sgd-converges': 'holds',
  'dropout-rate-discontinuity': 'holds',
  'dropout-adam-same-solution': 'holds',
  'dropout-tikhonov': 'holds',
  'dropout-rescale': 'holds',
  'dropout-ridge-change-of-variables-a': 'refuted',
  'dropout-ridge-change-of-variables-b': 'refuted',
  'dropout-column-norms': 'holds',
  'gaussian-multiplicative-noise': 'holds',
  // E
  'rnn-layer-matches-reference': 'holds',
  'rnn-linear-gradient-criterion': 'refuted',
  'rnn-relu-vs-tanh': 'refuted',
  'beam-search-not-optimal': 'holds',
  // F
  'graph-walk-counts': 'holds',
  'graph-square-example': 'refuted',
  'remat-counts': 'refuted',
  'resnet152-params': 'holds',
  'activation-memory-batch': 'holds',
  'random-label-memorization': 'holds',
  'allreduce-message-counts': 'holds',
};
/**
 * Checks that take more than a second (training, Monte Carlo, ResNet-152): left out of the CLI run
 * here; their verdicts are asserted where each check runs once, in the section test files.
 */
const slow = new Set([
  'receptive-field-stack',
  'conv-weight-grad-variance',
  'conv-weight-grad-std-growth',
  'dropout-sgd-converges',
  'dropout-adam-same-solution',
  'resnet152-params',
  'random-label-memorization',
]);
const cliIds = Object.keys(derived).filter((id) => !slow.has(id));
/** Refuted formula/identity claims: these must carry a counterexample. */
const refutedFormulas = ['rnn-scalar-dydw', 'conv-bias-grad', 'dropout-ridge-change-of-variables-a', 'dropout-ridge-change-of-variables-b', 'rnn-linear-gradient-criterion'];

/** The claim IDs in catalog order: the "- **id** — …" bullets of docs/claim-catalog.md. */
const catalogDocPath = join(root, 'docs/claim-catalog.md');
const docIds = [...readFileSync(catalogDocPath, 'utf8').matchAll(/^- \*\*([a-z0-9-]+)\*\*/gm)].map((m) => m[1]!);

type Entry = Record<string, unknown>;

function runCli(args: string[]): Entry[] {
  if (distIsFresh) {
    const stdout = execFileSync(process.execPath, [cliPath, 'verify', '--json', ...args], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
    return JSON.parse(stdout) as Entry[];
  }
  const only = args[0] === '--only' ? args[1]!.split(',') : [];
  return verifyClaims(catalog, { only }).map((r) => ({ ...reportEntry(r) }));
}

describe(`verify --json (${distIsFresh ? 'built CLI via node' : 'engine directly: dist missing or older than src'})`, () => {
  let out: Entry[];
  beforeAll(() => {
    out = runCli(['--only', cliIds.join(',')]);
  });

  it('the catalog document lists 45 claim IDs, without duplicates, and every one has a hand-derived verdict (in document order)', () => {
    expect(docIds).toHaveLength(45);
    expect(new Set(docIds).size).toBe(45);
    expect(Object.keys(derived)).toEqual(docIds);
    for (const id of slow) expect(docIds).toContain(id);
  });

  it('the catalog module (what the CLI runs without --only) lists exactly the 45 catalog IDs, in the document order', () => {
    expect(catalog.map((c) => c.id)).toEqual(docIds);
  });

  it('lists exactly the requested claims, once each, in catalog order', () => {
    expect(cliIds.length).toBe(45 - slow.size);
    expect(out.map((e) => e.id)).toEqual(docIds.filter((id) => cliIds.includes(id)));
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
    for (const id of cliIds) {
      const verdict = derived[id]!;
      const e = byId.get(id)!;
      expect(e.verdict, id).toBe(verdict);
      if (verdict === 'refuted') {
        expect(e.claimed, id).not.toBeUndefined();
        expect(e.computed, id).not.toBeUndefined();
        expect(JSON.stringify(e.claimed), id).not.toBe(JSON.stringify(e.computed));
      }
    }
    for (const id of refutedFormulas) {
      expect(derived[id], id).toBe('refuted');
      expect(byId.get(id)!.counterexample, id).toBeDefined();
    }
  });
});
