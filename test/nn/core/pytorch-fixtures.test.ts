/**
 * Every core layer and loss against PyTorch 1.13 in float64: outputs, the gradients of the
 * inputs and of every parameter, and the buffers after each step (BatchNorm's running
 * statistics). Parameters come from the fixture through loadStateDict, so initialization does
 * not matter here. Fixtures: test/fixtures/generate_nn_core.py.
 */
import { describe, expect, it } from 'vitest';
import type { Tensor } from '../../../src/index.js';
import {
  BatchNorm1d,
  BatchNorm2d,
  Bilinear,
  Embedding,
  Flatten,
  GELU,
  Identity,
  LayerNorm,
  LeakyReLU,
  Linear,
  LogSoftmax,
  ReLU,
  Sigmoid,
  Softmax,
  Tanh,
  functional as F,
  type Module,
} from '../../../src/nn/index.js';
import { expectMatches, fromFixture, loadFixtures, stateOf, type FixtureTensor, type LayerCase } from './support.js';

const fixtures = loadFixtures();
const f64 = { dtype: 'float64' as const };

/** Builds the chainrule module a fixture case describes (float64 parameters). */
function build(c: LayerCase): Module {
  const a = c.args as never[];
  const o = c.options as never;
  const withDtype = { ...(c.options as object), ...f64 } as never;
  switch (c.layer) {
    case 'Linear': return new Linear(a[0]!, a[1]!, withDtype);
    case 'Bilinear': return new Bilinear(a[0]!, a[1]!, a[2]!, withDtype);
    case 'Identity': return new Identity();
    case 'Flatten': return new Flatten(a[0], a[1]);
    case 'ReLU': return new ReLU();
    case 'Tanh': return new Tanh();
    case 'Sigmoid': return new Sigmoid();
    case 'GELU': return new GELU(o);
    case 'LeakyReLU': return new LeakyReLU(a[0]);
    case 'Softmax': return new Softmax(a[0]!);
    case 'LogSoftmax': return new LogSoftmax(a[0]!);
    case 'BatchNorm1d': return new BatchNorm1d(a[0]!, withDtype);
    case 'BatchNorm2d': return new BatchNorm2d(a[0]!, withDtype);
    case 'LayerNorm': return new LayerNorm(a[0]!, withDtype);
    case 'Embedding': return new Embedding(a[0]!, a[1]!, withDtype);
    default: throw new Error(`no builder for ${c.layer}`);
  }
}

describe('layers match PyTorch (float64)', () => {
  it('covers every layer kind', () => {
    const kinds = new Set(fixtures.layers.map((c) => c.layer));
    expect([...kinds].sort()).toEqual(
      ['BatchNorm1d', 'BatchNorm2d', 'Bilinear', 'Embedding', 'Flatten', 'GELU', 'Identity', 'LayerNorm', 'LeakyReLU', 'Linear', 'LogSoftmax', 'ReLU', 'Sigmoid', 'Softmax', 'Tanh'],
    );
  });

  for (const c of fixtures.layers) {
    it(c.name, () => {
      const module = build(c);
      module.loadStateDict(stateOf(c));
      const params = new Map(module.namedParameters());
      const buffers = new Map(module.namedBuffers());
      expect([...params.keys(), ...buffers.keys()].sort()).toEqual(Object.keys(c.state).sort());
      c.steps.forEach((step, s) => {
        const where = `${c.name}, step ${s} (${step.train ? 'train' : 'eval'})`;
        module.train(step.train);
        module.zeroGrad();
        const inputs = step.inputs.map((t) => fromFixture(t, t.dtype === 'float64'));
        const out = (module.forward as (...xs: Tensor[]) => Tensor)(...inputs);
        expectMatches(out, step.output, `${where}: output`);
        if (step.inputGrads) {
          out.backward(fromFixture(step.gradOutput));
          step.inputGrads.forEach((g, i) => {
            if (g !== null) expectMatches(inputs[i]!.grad, g, `${where}: grad of input ${i}`);
          });
          for (const [name, p] of params) {
            const want = step.paramGrads![name];
            if (want) expectMatches(p.grad, want, `${where}: grad of ${name}`);
            else expect(p.grad, `${where}: ${name} should get no gradient`).toBeNull();
          }
        }
        for (const [name, want] of Object.entries(step.buffers)) {
          expectMatches(buffers.get(name)!, want, `${where}: buffer ${name}`);
        }
      });
    });
  }
});

type LossFn = (input: Tensor, target: Tensor, options: Record<string, unknown>) => Tensor;
const losses: Record<string, LossFn> = {
  mseLoss: F.mseLoss as LossFn,
  l1Loss: F.l1Loss as LossFn,
  nllLoss: F.nllLoss as LossFn,
  crossEntropy: F.crossEntropy as LossFn,
  binaryCrossEntropy: F.binaryCrossEntropy as LossFn,
  binaryCrossEntropyWithLogits: F.binaryCrossEntropyWithLogits as LossFn,
};

/** Fixture options with their tensors (weight, posWeight) converted. */
function lossOptions(options: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(options).map(([k, v]) => [k, typeof v === 'object' && v !== null ? fromFixture(v as FixtureTensor) : v]),
  );
}

describe('losses match PyTorch (float64)', () => {
  it('covers every loss, reduction and option', () => {
    expect(new Set(fixtures.losses.map((c) => c.fn))).toEqual(new Set(Object.keys(losses)));
    const options = new Set(fixtures.losses.flatMap((c) => Object.keys(c.options)));
    expect([...options].sort()).toEqual(['ignoreIndex', 'labelSmoothing', 'posWeight', 'reduction', 'weight']);
  });

  for (const c of fixtures.losses) {
    it(c.name, () => {
      const input = fromFixture(c.input, true);
      const target = fromFixture(c.target, c.targetGrad !== undefined);
      const out = losses[c.fn]!(input, target, lossOptions(c.options));
      expectMatches(out, c.output, `${c.name}: output`);
      out.mul(fromFixture(c.gradOutput)).sum().backward();
      expectMatches(input.grad, c.inputGrad, `${c.name}: grad of input`);
      if (c.targetGrad) expectMatches(target.grad, c.targetGrad, `${c.name}: grad of target`);
    });
  }
});
