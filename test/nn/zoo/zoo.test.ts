/**
 * Model zoo against torchvision (fixtures from test/fixtures/generate_nn_zoo.py): state-dict names
 * and shapes, trainable-parameter counts, and forward/backward values of a BasicBlock, a
 * Bottleneck and LeNet in float64 with torchvision's weights loaded through loadStateDict.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { tensor, type Tensor } from '../../../src/index.js';
import { Sequential, Conv2d, BatchNorm2d, type Module } from '../../../src/nn/index.js';
import { BasicBlock, Bottleneck, LeNet, resnet152, resnet18 } from '../../../src/nn/zoo/index.js';

const fixture = JSON.parse(readFileSync(new URL('../../fixtures/nn_zoo.json', import.meta.url), 'utf8'));

function trainable(m: Module): number {
  return m.parameters().reduce((n, p) => n + p.numel(), 0);
}

function shapesOf(m: Module): [string, number[]][] {
  return [...m.stateDict()].map(([k, t]) => [k, [...t.shape]]);
}

/** Loads flat torchvision values into a chainrule module (shapes from the module itself). */
function loadFlat(m: Module, state: Record<string, number[]>): void {
  const own = m.stateDict();
  const converted = new Map<string, Tensor>();
  for (const [key, target] of own) {
    converted.set(key, tensor(state[key]!, { dtype: target.dtype }).reshape([...target.shape]));
  }
  m.loadStateDict(converted);
}

function expectClose(actual: Tensor, expected: number[], tol = 1e-10): void {
  const a = Array.from(actual.toTypedArray());
  expect(a.length).toBe(expected.length);
  const worst = Math.max(...a.map((v, i) => Math.abs(v - expected[i]!) / (1 + Math.abs(expected[i]!))));
  expect(worst).toBeLessThan(tol);
}

describe('ResNet names and sizes match torchvision', () => {
  it('resnet18: every state-dict key and shape, in order; 11,689,512 trainable parameters', () => {
    const m = resnet18();
    expect(shapesOf(m)).toEqual(fixture.resnet18.stateDict);
    expect(trainable(m)).toBe(fixture.resnet18.trainable);
    expect(trainable(m)).toBe(11_689_512);
  });

  it('resnet152 with 10 classes: every key and shape; 58,164,298 trainable parameters', () => {
    const m = resnet152({ numClasses: 10 });
    expect(shapesOf(m)).toEqual(fixture.resnet152_10.stateDict);
    expect(trainable(m)).toBe(58_164_298);
  });
});

function block(kind: 'basicBlock' | 'bottleneck'): Module & { forward(x: Tensor): Tensor } {
  const c = fixture[kind];
  const Block = kind === 'basicBlock' ? BasicBlock : Bottleneck;
  const out = c.planes * Block.expansion;
  const downsample =
    c.stride !== 1 || c.inplanes !== out
      ? new Sequential(new Conv2d(c.inplanes, out, 1, { stride: c.stride, bias: false, dtype: 'float64' }), new BatchNorm2d(out, { dtype: 'float64' }))
      : null;
  return new Block({ inplanes: c.inplanes, planes: c.planes, stride: c.stride, downsample, dtype: 'float64' });
}

describe.each(['basicBlock', 'bottleneck'] as const)('%s with torchvision weights (eval mode)', (kind) => {
  it('gives torchvision’s output and gradients', () => {
    const c = fixture[kind];
    const m = block(kind);
    loadFlat(m, c.state);
    m.eval();
    const x = tensor(c.x, { dtype: 'float64' }).reshape(c.xShape).requiresGrad_(true);
    const y = m.forward(x);
    expect(y.shape).toEqual(c.yShape);
    expectClose(y, c.y);
    y.backward(tensor(c.g, { dtype: 'float64' }).reshape(c.yShape));
    expectClose(x.grad!, c.dx);
    for (const [name, p] of m.namedParameters()) expectClose(p.grad!, c.grads[name]);
  });
});

describe('LeNet', () => {
  it('has PyTorch’s tutorial names and gives its output and gradients', () => {
    const m = new LeNet({ dtype: 'float64' });
    expect([...m.stateDict().keys()]).toEqual(Object.keys(fixture.lenet.state));
    loadFlat(m, fixture.lenet.state);
    const x = tensor(fixture.lenet.x, { dtype: 'float64' }).reshape([2, 1, 28, 28]).requiresGrad_(true);
    const y = m.forward(x);
    expect(y.shape).toEqual([2, 10]);
    expectClose(y, fixture.lenet.y);
    y.sum().backward();
    expectClose(x.grad!, fixture.lenet.dx);
    for (const [name, p] of m.namedParameters()) expectClose(p.grad!, fixture.lenet.grads[name]);
  });

  it('rejects an input size other than 28 or 32', () => {
    expect(() => new LeNet({ inputSize: 30 as 28 })).toThrow(/LeNet: inputSize must be 28 or 32, got 30/);
  });
});
