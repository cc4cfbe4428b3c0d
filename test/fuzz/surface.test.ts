/**
 * The fuzz covers the whole public surface: the entry points it walks are package.json's, every
 * exported namespace is walked, and the list of names it skips (NOT_FUZZED) is short, documented
 * and current. A new entry point (chainrule/data, chainrule/plot) fails here until it is added to
 * ENTRY_POINTS in surface.ts (one line); a new function or class in a walked entry point is
 * fuzzed without any edit.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Tensor } from '../../src/index.js';
import * as nn from '../../src/nn/index.js';
import { ENTRY_POINTS, NOT_FUZZED, moduleMethods, publicNames, tensorMethods } from './surface.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { exports: Record<string, unknown> };

describe('fuzz coverage of the public surface', () => {
  it("walks exactly package.json's entry points", () => {
    const exported = Object.keys(pkg.exports).filter((k) => k !== './package.json').sort();
    expect(Object.keys(ENTRY_POINTS).sort()).toEqual(exported);
  });

  it('walks every exported namespace (no object of functions is left out)', () => {
    for (const [path, m] of Object.entries(ENTRY_POINTS)) {
      for (const [k, v] of Object.entries(m)) {
        if (v === null || typeof v !== 'object' || v instanceof Tensor) continue;
        const hasFunctions = Object.values(v).some((x) => typeof x === 'function');
        if (hasFunctions) expect(Object.prototype.toString.call(v), `${path} ${k}`).toBe('[object Module]');
      }
    }
  });

  it('fuzzes every public function and class but a short documented list', () => {
    const names = publicNames().map((p) => p.name);
    const fuzzed = names.filter((n) => !(n in NOT_FUZZED));
    // the issue-10 families are among them (a spot check that the walk reaches nested namespaces)
    for (const n of ['sort', 'topk', 'cumprod', 'scatterReduce', 'einsum', 'tril', 'index', 'linalg.det', 'linalg.svd', 'nn.functional.interpolate', 'nn.Conv3d', 'nn.init.kaimingNormal_', 'optim.StepLR', 'testing.checkGradient']) {
      expect(fuzzed).toContain(n);
    }
    expect(fuzzed.length).toBeGreaterThan(380);
    expect(Object.keys(NOT_FUZZED).length).toBeLessThanOrEqual(30);
    for (const reason of Object.values(NOT_FUZZED)) expect(reason.length).toBeGreaterThan(5);
  });

  it('every NOT_FUZZED name still exists', () => {
    const names = new Set([
      ...publicNames().map((p) => p.name),
      ...Object.getOwnPropertyNames(Tensor.prototype).map((k) => `Tensor.${k}`),
      ...Object.getOwnPropertyNames(nn.Module.prototype).map((k) => `Module.${k}`),
    ]);
    for (const n of Object.keys(NOT_FUZZED)) expect(names.has(n), n).toBe(true);
    expect(tensorMethods().length).toBeGreaterThan(150);
    expect(moduleMethods()).toEqual(expect.arrayContaining(['apply', 'loadStateDict', 'stateDict', 'train', 'to', 'zeroGrad', 'registerParameter']));
  });
});
