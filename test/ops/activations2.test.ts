/**
 * Issue 10's activations: values against independent scalar formulas (float64 and float32),
 * float64 gradcheck and gradgradcheck over random shapes and views (off the kinks), the nn
 * modules (forward = the function, PReLU's learnable slope), and argument errors.
 */
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ShapeError, ValueError, DTypeError, tensor, type Tensor } from '../../src/index.js';
import * as nn from '../../src/nn/index.js';
import * as F from '../../src/nn/functional/index.js';
import { checkGradcheck, checkGradgradcheck, tensors, type TensorsOptions } from '../../src/testing/index.js';
import { RUNS, RUNS2, expectValues, itMatchesScalarFormula, small, values } from './support.js';

const sig = (v: number): number => 1 / (1 + Math.exp(-v));
const sp = (v: number): number => Math.log(1 + Math.exp(v));
const SELU_A = 1.6732632423543772848170429916717;
const SELU_S = 1.0507009873554804934193349852946;

interface Case {
  name: string;
  fn: (x: Tensor) => Tensor;
  ref: (v: number) => number;
  domain?: TensorsOptions;
  module?: () => nn.Module & { forward(x: Tensor): Tensor };
}

const cases: Case[] = [
  { name: 'silu', fn: F.silu, ref: (v) => v * sig(v), module: () => new nn.SiLU() },
  { name: 'elu', fn: (x) => F.elu(x), ref: (v) => (v > 0 ? v : Math.exp(v) - 1), domain: { avoid: [0] }, module: () => new nn.ELU() },
  { name: 'elu α 0.5', fn: (x) => F.elu(x, 0.5), ref: (v) => (v > 0 ? v : 0.5 * (Math.exp(v) - 1)), domain: { avoid: [0] }, module: () => new nn.ELU(0.5) },
  { name: 'selu', fn: F.selu, ref: (v) => SELU_S * (v > 0 ? v : SELU_A * (Math.exp(v) - 1)), domain: { avoid: [0] }, module: () => new nn.SELU() },
  { name: 'celu α 2', fn: (x) => F.celu(x, 2), ref: (v) => (v > 0 ? v : 2 * (Math.exp(v / 2) - 1)), domain: { avoid: [0] }, module: () => new nn.CELU(2) },
  { name: 'mish', fn: F.mish, ref: (v) => v * Math.tanh(sp(v)), module: () => new nn.Mish() },
  { name: 'hardswish', fn: F.hardswish, ref: (v) => (v <= -3 ? 0 : v >= 3 ? v : (v * (v + 3)) / 6), domain: { min: -5, max: 5, avoid: [-3, 3] }, module: () => new nn.Hardswish() },
  { name: 'hardsigmoid', fn: F.hardsigmoid, ref: (v) => Math.min(Math.max(v + 3, 0), 6) / 6, domain: { min: -5, max: 5, avoid: [-3, 3] }, module: () => new nn.Hardsigmoid() },
  { name: 'hardtanh', fn: (x) => F.hardtanh(x), ref: (v) => Math.min(Math.max(v, -1), 1), domain: { avoid: [-1, 1] }, module: () => new nn.Hardtanh() },
  { name: 'hardtanh [−2, 0.5]', fn: (x) => F.hardtanh(x, -2, 0.5), ref: (v) => Math.min(Math.max(v, -2), 0.5), domain: { avoid: [-2, 0.5] }, module: () => new nn.Hardtanh(-2, 0.5) },
  { name: 'relu6', fn: F.relu6, ref: (v) => Math.min(Math.max(v, 0), 6), domain: { min: -3, max: 8, avoid: [0, 6] }, module: () => new nn.ReLU6() },
  { name: 'softsign', fn: F.softsign, ref: (v) => v / (1 + Math.abs(v)), domain: { avoid: [0] }, module: () => new nn.Softsign() },
  { name: 'logsigmoid', fn: F.logsigmoid, ref: (v) => -Math.log1p(Math.exp(-v)), module: () => new nn.LogSigmoid() },
  { name: 'softplus module', fn: (x) => new nn.Softplus(2).forward(x), ref: (v) => Math.log1p(Math.exp(2 * v)) / 2 },
  { name: 'threshold', fn: (x) => F.threshold(x, 0.5, -2), ref: (v) => (v > 0.5 ? v : -2), domain: { avoid: [0.5] }, module: () => new nn.Threshold(0.5, -2) },
];

for (const c of cases) {
  describe(c.name, () => {
    itMatchesScalarFormula(c);
    const inputs = (shape: typeof small) => tensors({ ...c.domain, shape, dtype: 'float64', layout: 'any' });
    if (c.module) {
      it('as a module gives the function', () => {
        fc.assert(fc.property(inputs(small), (x) => {
          expect(values(c.module!().forward(x))).toEqual(values(c.fn(x)));
        }), RUNS);
      });
    }
  });
}

describe('softmin, glu, prelu', () => {
  const f64 = { dtype: 'float64' } as const;
  it('softmin is softmax(−x): hand values, gradcheck, module', () => {
    const y = F.softmin(tensor([1, 2], f64), 0);
    expectValues(y, [2], [1 / (1 + Math.exp(-1)), 1 / (1 + Math.exp(1))]);
    checkGradcheck({ input: tensors({ shape: [3, 4], layout: 'any' }), f: (x) => F.softmin(x, 1).mul(tensor([1, 2, 3, 4], f64)), ...RUNS });
    expect(values(new nn.Softmin(0).forward(tensor([1, 2], f64)))).toEqual(values(y));
  });
  it('glu halves the dim: a·σ(b); gradcheck; odd sizes refused', () => {
    expectValues(F.glu(tensor([1, 2, 0, 100], f64)), [2], [0.5, 2 * sig(100)]);
    expectValues(new nn.GLU(0).forward(tensor([[1], [3]], f64)), [1, 1], [sig(3)]);
    checkGradcheck({ input: tensors({ shape: [3, 4], layout: 'any' }), f: (x) => F.glu(x, 1), ...RUNS });
    checkGradgradcheck({ input: tensors({ shape: [2, 2], layout: 'any' }), f: (x) => F.glu(x, 0), ...RUNS2 });
    expect(() => F.glu(tensor([1, 2, 3]))).toThrow(ShapeError);
  });
  it('prelu: one slope or one per channel; gradient to x and the weight', () => {
    expectValues(F.prelu(tensor([[-1, 2], [-3, 4]], f64), tensor([0.1, 0.5], f64)), [2, 2], [-0.1, 2, -0.3, 4]);
    checkGradcheck({
      inputs: fc.tuple(tensors({ shape: [2, 3, 2], avoid: [0], layout: 'any' }), tensors({ shape: [3] })),
      f: (x: Tensor, w: Tensor) => F.prelu(x, w),
      ...RUNS,
    });
    const act = new nn.PReLU(3);
    expect(values(act.weight)).toEqual([0.25, 0.25, 0.25]);
    expect([...act.namedParameters()].map(([name]) => name)).toEqual(['weight']);
    const x = tensor([[[-2], [1], [-4]]]);
    act.forward(x).sum().backward();
    // d/dw_c Σ prelu = Σ of the negative inputs of channel c
    expect(values(act.weight.grad!)).toEqual([-2, 0, -4]);
    expect(() => F.prelu(tensor([[1, 2]]), tensor([1, 2, 3]))).toThrow(/prelu: weight must have 1 element or one per channel \(2/);
  });
  it('bad arguments are refused naming the op', () => {
    expect(() => F.celu(tensor([1]), 0)).toThrow(ValueError);
    expect(() => F.hardtanh(tensor([1]), 1, -1)).toThrow(/hardtanh: maxVal \(-1\) must be ≥ minVal \(1\)/);
    expect(() => new nn.ELU(NaN)).toThrow(/ELU: alpha must be a finite number/);
    expect(() => new nn.PReLU(0)).toThrow(/PReLU: numParameters must be a positive integer/);
    expect(() => F.silu(tensor([1], { dtype: 'int32' }))).toThrow(DTypeError);
  });
});
