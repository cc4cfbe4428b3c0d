/**
 * String(module) against PyTorch's repr() for every nn layer chainrule has (test/fixtures/reprs.json
 * from test/fixtures/generate_reprs.py): PyTorch's argument names, its tuples (`(3,)` for one
 * element, `(2, 2)` otherwise), its floats (`1e-05`, `1.0` where PyTorch stores a float).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as nn from '../../../src/nn/index.js';

interface Case { cls: string; args: unknown[]; options: Record<string, unknown> | null; repr: string }
const fixture = JSON.parse(readFileSync(new URL('../../fixtures/reprs.json', import.meta.url), 'utf8')) as { cases: Case[] };

type Ctor = new (...args: unknown[]) => nn.Module;
function build(c: Case): nn.Module {
  if (c.cls === 'Sequential') {
    return new nn.Sequential(new nn.Conv2d(1, 2, [3, 3]), new nn.ReLU(), new nn.MaxPool2d([2, 2]), new nn.Flatten(), new nn.Linear(8, 2));
  }
  const Cls = (nn as unknown as Record<string, Ctor>)[c.cls];
  if (Cls === undefined) throw new Error(`no nn.${c.cls}`);
  return c.options === null ? new Cls(...c.args) : new Cls(...c.args, c.options);
}

describe("module reprs against PyTorch's", () => {
  it('the fixture covers every layer class chainrule exports (but RMSNorm, newer than torch 1.13)', () => {
    const covered = new Set(fixture.cases.map((c) => c.cls));
    const abstract = new Set(['Module', 'Sequential', 'ModuleList', 'ModuleDict', 'ParameterList', 'ParameterDict', 'RNNBase', 'BatchNorm', 'InstanceNorm', 'Parameter', 'StateDict', 'RMSNorm']);
    const layers = Object.entries(nn).filter(([name, v]) => typeof v === 'function' && /^[A-Z]/.test(name) && (v as { prototype?: unknown }).prototype instanceof nn.Module && !abstract.has(name));
    expect(layers.map(([name]) => name).filter((name) => !covered.has(name))).toEqual([]);
  });
  for (const c of fixture.cases) {
    it(c.repr.split('\n')[0]!, () => expect(String(build(c))).toBe(c.repr));
  }
  it('RMSNorm as PyTorch 2.4 prints it (extra_repr: normalized_shape, eps, elementwise_affine)', () => {
    expect(String(new nn.RMSNorm(4))).toBe('RMSNorm((4,), eps=None, elementwise_affine=True)');
    expect(String(new nn.RMSNorm([2, 3], { eps: 1e-6, elementwiseAffine: false }))).toBe('RMSNorm((2, 3), eps=1e-06, elementwise_affine=False)');
  });
});
