/**
 * The public surface: every runtime name is exported by exactly one entry point, and the
 * internals issue 9 unexported stay unexported. The lists are written out by hand (from the issue),
 * not read from the code under test.
 */
import { describe, expect, it } from 'vitest';
import * as root from '../../src/index.js';
import * as nn from '../../src/nn/index.js';
import * as optim from '../../src/optim/index.js';
import * as testing from '../../src/testing/index.js';
import * as data from '../../src/data/index.js';

const ENTRIES: Record<string, Record<string, unknown>> = {
  chainrule: root,
  'chainrule/nn': nn,
  'chainrule/optim': optim,
  'chainrule/testing': testing,
  'chainrule/data': data,
};

/** Where each runtime name is exported: name → entry points. */
function exportersByName(): Map<string, string[]> {
  const byName = new Map<string, string[]>();
  for (const [entry, module] of Object.entries(ENTRIES)) {
    for (const name of Object.keys(module)) byName.set(name, [...(byName.get(name) ?? []), entry]);
  }
  return byName;
}

describe('public surface', () => {
  it('exports each runtime name from exactly one entry point', () => {
    const twice = [...exportersByName()].filter(([, entries]) => entries.length > 1).map(([name, entries]) => `${name}: ${entries.join(', ')}`);
    expect(twice).toEqual([]);
  });

  it('every entry point exports something (the check above is not vacuous)', () => {
    for (const [entry, module] of Object.entries(ENTRIES)) expect(Object.keys(module).length, entry).toBeGreaterThan(5);
  });

  it.each([
    ['chainrule', 'Node'], // a type only: Tensor.gradFn returns one
    ['chainrule', 'AccumulateGrad'],
    ['chainrule', 'record'],
    ['chainrule', 'refBackend'],
    ['chainrule', 'WASM_CROSSOVER'],
    ['chainrule/nn', 'countLayer'],
    ['chainrule/nn', 'sumAdditions'],
  ])('%s does not export the internal %s', (entry, name) => {
    expect(Object.keys(ENTRIES[entry]!)).not.toContain(name);
  });

  it.each([
    ['checkpoint', 'chainrule'], // torch.utils.checkpoint
    ['clipGradNorm', 'chainrule/nn'], // torch.nn.utils
    ['clipGradValue', 'chainrule/nn'],
    ['saveSafetensors', 'chainrule'],
    ['loadSafetensors', 'chainrule'],
    ['safetensorsMetadata', 'chainrule'],
    ['setBackend', 'chainrule'], // the Backend extension point stays public
    ['Tensor', 'chainrule'],
    ['randperm', 'chainrule'], // torch.randperm (issue 13)
    ['DataLoader', 'chainrule/data'], // torch.utils.data (issue 13)
    ['syntheticDigits', 'chainrule/data'],
  ])('%s is exported from %s only', (name, entry) => {
    expect(exportersByName().get(name)).toEqual([entry]);
  });
});
