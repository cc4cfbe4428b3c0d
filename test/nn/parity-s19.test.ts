/**
 * Session 19's parity leftovers against PyTorch 1.13 (test/fixtures/parity_s19.json, from
 * generate_parity_s19.py): activation modules with `inplace` (the result written into the input,
 * gradients through it, the leaf refused with the module's name, PyTorch's repr) and a
 * Parameter's repr ("Parameter containing:").
 */
import { readFileSync } from 'node:fs';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { AutogradError, noGrad, tensor, type DType } from '../../src/index.js';
import * as nn from '../../src/nn/index.js';
import { expectMatches, fromFixture, type FixtureTensor } from './core/support.js';
import { toChainruleSpelling } from '../pytorch/printing.test.js';

interface InplaceCase {
  name: string;
  args: number[];
  torch: string;
  a: FixtureTensor;
  input: FixtureTensor;
  output: FixtureTensor;
  sameTensor: boolean;
  inputAfter: FixtureTensor;
  upstream: FixtureTensor;
  aGrad: FixtureTensor;
  leafError: string | null;
}
const fixture = JSON.parse(readFileSync(new URL('../fixtures/parity_s19.json', import.meta.url), 'utf8')) as {
  inplace: InplaceCase[];
  parameterReprs: { values: number[]; dtype: DType; requiresGrad: boolean; torch: string }[];
};

type Ctor = new (...args: unknown[]) => nn.Module;
const build = (c: InplaceCase, inplace: unknown): nn.Module => new ((nn as unknown as Record<string, Ctor>)[c.name]!)(...c.args, inplace);

describe('activation modules with inplace', () => {
  for (const c of fixture.inplace) {
    it(`${c.name}: writes into the input and returns it, with PyTorch's values, gradient and repr`, () => {
      const module = build(c, true);
      expect(String(module)).toBe(c.torch);
      const a = fromFixture(c.a, true);
      const x = a.mul(1);
      const out = module(x);
      expect(out === x).toBe(c.sameTensor);
      expectMatches(out, c.output, 'output', 1e-15, 1e-14);
      expectMatches(x, c.inputAfter, 'input afterwards', 1e-15, 1e-14);
      out.mul(fromFixture(c.upstream)).sum().backward();
      // torch 1.13's hardsigmoid_backward multiplies by the float constant 1.0f / 6.0f even in
      // float64 (1 + 3.0e-8 times 1/6); chainrule's gradient is g / 6
      expectMatches(a.grad, c.aGrad, 'gradient', 1e-15, c.name === 'Hardsigmoid' ? 4e-8 : 1e-14);
    });
  }

  it("refuse a leaf that requires grad, naming the module (PyTorch: 'a leaf Variable that requires grad is being used in an in-place operation')", () => {
    for (const c of fixture.inplace) {
      expect(c.leafError).toContain('leaf Variable that requires grad');
      const a = fromFixture(c.a, true);
      const before = Array.from(a.toTypedArray());
      expect(() => build(c, true)(a)).toThrow(AutogradError);
      expect(() => build(c, true)(a)).toThrow(new RegExp(`^${c.name}: inplace=true cannot overwrite a leaf tensor that requires grad`));
      expect(Array.from(a.toTypedArray())).toEqual(before); // nothing written
      // under noGrad (an in-place update PyTorch allows too) the leaf is written
      const out = noGrad(() => build(c, true)(a));
      expect(out).toBe(a);
      expectMatches(a, c.output, 'written under noGrad', 1e-15, 1e-14);
    }
  });

  it('accept { inplace } as well as the positional flag, default to out of place, and check the argument', () => {
    expect(String(new nn.ReLU({ inplace: true }))).toBe('ReLU(inplace=True)');
    expect(String(new nn.LeakyReLU(0.1, { inplace: false }))).toBe('LeakyReLU(negative_slope=0.1)');
    const x = tensor([-1, 2]);
    const out = new nn.ReLU()(x);
    expect(out).not.toBe(x);
    expect(x.toArray()).toEqual([-1, 2]);
    expect(() => new nn.ReLU('yes' as never)).toThrow(/ReLU: inplace must be a boolean or \{ inplace: boolean \}/);
    expect(() => new nn.ELU(1, { inPlace: true } as never)).toThrow(/ELU: inplace must be/);
  });

  it('keep a VJP that saved the input right: a second reader of the input sees the new values, the gradient the old ones', () => {
    // y = relu_(x) then z = y · x: x is y now, so z = relu(x₀)², dz/dx₀ = 2 relu(x₀) 1[x₀ > 0]
    const a = tensor([-1, 3], { requiresGrad: true });
    const x = a.mul(1);
    const y = new nn.ReLU(true)(x);
    y.mul(x).sum().backward();
    expect(a.grad!.toArray()).toEqual([0, 6]);
  });
});

describe('Parameter repr', () => {
  for (const c of fixture.parameterReprs) {
    it(`prints PyTorch's 'Parameter containing:' heading (${c.dtype}, requiresGrad ${c.requiresGrad})`, () => {
      const p = new nn.Parameter(tensor(c.values, { dtype: c.dtype }), c.requiresGrad);
      expect(String(p)).toBe(toChainruleSpelling(c.torch));
      expect(inspect(p)).toBe(toChainruleSpelling(c.torch)); // what console.log shows
    });
  }
});
