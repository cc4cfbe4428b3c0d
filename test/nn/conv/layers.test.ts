/**
 * The convolution and pooling layers: PyTorch fixtures run through the layers (parameters loaded
 * with loadStateDict, so initialization does not matter there), padding modes and ConvTranspose's
 * outputSize argument, the public attributes, parameter names and shapes, PyTorch's
 * initialization bounds, and toString.
 */
import { describe, expect, it } from 'vitest';
import { Generator, randn, type Tensor } from '../../../src/index.js';
import {
  AdaptiveAvgPool1d,
  AdaptiveAvgPool2d,
  AvgPool1d,
  AvgPool2d,
  Conv1d,
  Conv2d,
  ConvTranspose1d,
  ConvTranspose2d,
  MaxPool1d,
  MaxPool2d,
  Module,
  Sequential,
  functional as F,
} from '../../../src/nn/index.js';
import { expectMatches, fixtures, load, type ConvCase } from './support.js';

const f64 = { dtype: 'float64' as const };
type Options = Record<string, never>;

/** The conv layer a functional conv fixture describes, with the fixture's weight and bias. */
function convLayer(c: ConvCase): Module & { forward(x: Tensor, size?: number[]): Tensor } {
  const w = c.weight!.shape;
  const groups = (c.options.groups as number | undefined) ?? 1;
  const transposed = c.fn.startsWith('convTranspose');
  const [inC, outC] = transposed ? [w[0]!, w[1]! * groups] : [w[1]! * groups, w[0]!];
  const kernel = w.slice(2);
  const options = { ...(c.options as Options), bias: c.bias !== null, ...f64 };
  const Layer = { conv1d: Conv1d, conv2d: Conv2d, convTranspose1d: ConvTranspose1d, convTranspose2d: ConvTranspose2d }[c.fn]!;
  const layer = new Layer(inC, outC, kernel, options);
  layer.loadStateDict(c.bias ? { weight: load(c.weight!), bias: load(c.bias) } : { weight: load(c.weight!) });
  return layer;
}

function checkLayer(c: ConvCase, layer: Module & { forward(x: Tensor, size?: number[]): Tensor }, outputSize?: number[]): void {
  const x = load(c.input, true);
  const out = layer.forward(x, outputSize);
  expectMatches(out, c.output, 'output');
  out.mul(load(c.gradOutput)).sum().backward();
  expectMatches(x.grad, c.gradInput, 'input gradient');
  const params = new Map(layer.namedParameters());
  expectMatches(params.get('weight')!.grad, c.gradWeight!, 'weight gradient');
  if (c.bias) expectMatches(params.get('bias')!.grad, c.gradBias!, 'bias gradient');
  else expect(params.has('bias')).toBe(false);
}

describe('conv layers match PyTorch', () => {
  for (const c of fixtures().conv) {
    it(`${c.fn}: ${c.name}`, () => checkLayer(c, convLayer(c)));
  }
  for (const c of fixtures().convModules) {
    it(`${c.fn}: ${c.name}`, () => {
      const [inC, outC, kernel] = c.args as [number, number, number];
      const Layer = { Conv1d, Conv2d, ConvTranspose1d, ConvTranspose2d }[c.fn as 'Conv2d']!;
      const layer = new Layer(inC, outC, kernel, { ...(c.options as Options), ...f64 });
      layer.loadStateDict(c.bias ? { weight: load(c.weight!), bias: load(c.bias) } : { weight: load(c.weight!) });
      checkLayer(c, layer, c.outputSize ?? undefined);
    });
  }
});

describe('pooling layers match PyTorch', () => {
  const layers: Record<string, (c: ConvCase) => (x: Tensor) => Tensor> = {
    maxPool1d: (c) => (x) => new MaxPool1d(c.args![0] as number, c.options).forward(x),
    maxPool2d: (c) => (x) => new MaxPool2d(c.args![0] as number, c.options).forward(x),
    avgPool1d: (c) => (x) => new AvgPool1d(c.args![0] as number, c.options).forward(x),
    avgPool2d: (c) => (x) => new AvgPool2d(c.args![0] as number, c.options).forward(x),
    adaptiveAvgPool1d: (c) => (x) => new AdaptiveAvgPool1d(c.args![0] as number).forward(x),
    adaptiveAvgPool2d: (c) => (x) => new AdaptiveAvgPool2d(c.args![0] as number).forward(x),
  };
  for (const c of fixtures().pool) {
    it(`${c.fn}: ${c.name}`, () => {
      const x = load(c.input, true);
      const out = layers[c.fn]!(c)(x);
      expectMatches(out, c.output, 'output');
      out.mul(load(c.gradOutput)).sum().backward();
      expectMatches(x.grad, c.gradInput, 'input gradient');
    });
  }

  it('MaxPool2d with returnIndices returns values and PyTorch indices', () => {
    const c = fixtures().pool.find((p) => p.fn === 'maxPool2d' && p.options.ceilMode)!;
    const { values, indices } = new MaxPool2d(c.args![0] as number, { ...c.options, returnIndices: true }).forward(load(c.input));
    expectMatches(values, c.output, 'output');
    expect(Array.from(indices.toTypedArray())).toEqual(c.indices!.data);
  });
});

describe('layer attributes (what summary() reads)', () => {
  it('Conv2d exposes PyTorch constructor arguments as tuples', () => {
    const conv = new Conv2d(4, 8, [3, 5], { stride: [2, 1], padding: 1, dilation: 2, groups: 2, bias: false, paddingMode: 'reflect' });
    expect(conv.inChannels).toBe(4);
    expect(conv.outChannels).toBe(8);
    expect(conv.kernelSize).toEqual([3, 5]);
    expect(conv.stride).toEqual([2, 1]);
    expect(conv.padding).toEqual([1, 1]);
    expect(conv.dilation).toEqual([2, 2]);
    expect(conv.groups).toBe(2);
    expect(conv.outputPadding).toEqual([0, 0]);
    expect(conv.transposed).toBe(false);
    expect(conv.paddingMode).toBe('reflect');
    expect(conv.bias).toBeNull();
    expect(new Conv2d(2, 2, 3, { padding: 'same' }).padding).toBe('same');
    expect(new Conv1d(2, 2, 3, { padding: 'valid' }).padding).toBe('valid');
  });

  it('ConvTranspose2d exposes outputPadding and transposed', () => {
    const conv = new ConvTranspose2d(6, 4, 3, { stride: 2, padding: [1, 0], outputPadding: 1, groups: 2 });
    expect([conv.inChannels, conv.outChannels, conv.groups]).toEqual([6, 4, 2]);
    expect(conv.kernelSize).toEqual([3, 3]);
    expect(conv.stride).toEqual([2, 2]);
    expect(conv.padding).toEqual([1, 0]);
    expect(conv.outputPadding).toEqual([1, 1]);
    expect(conv.dilation).toEqual([1, 1]);
    expect(conv.transposed).toBe(true);
  });

  it('pooling layers expose kernelSize, stride (defaulting to kernelSize), padding, dilation, ceilMode, countIncludePad', () => {
    const max = new MaxPool2d(3, { padding: 1, ceilMode: true });
    expect([max.kernelSize, max.stride, max.padding, max.dilation]).toEqual([[3, 3], [3, 3], [1, 1], [1, 1]]);
    expect([max.ceilMode, max.returnIndices]).toEqual([true, false]);
    const avg = new AvgPool2d([2, 4], { stride: 1, countIncludePad: false, divisorOverride: 3 });
    expect([avg.kernelSize, avg.stride, avg.padding]).toEqual([[2, 4], [1, 1], [0, 0]]);
    expect([avg.ceilMode, avg.countIncludePad, avg.divisorOverride]).toEqual([false, false, 3]);
    const avg1 = new AvgPool1d(3, { stride: 2, padding: 1 });
    expect([avg1.kernelSize, avg1.stride, avg1.padding, avg1.countIncludePad]).toEqual([[3], [2], [1], true]);
    expect(new MaxPool1d(2, { dilation: 2 }).dilation).toEqual([2]);
    expect(new AdaptiveAvgPool2d([3, null]).outputSize).toEqual([3, null]);
    expect(new AdaptiveAvgPool2d(5).outputSize).toEqual([5, 5]);
    expect(new AdaptiveAvgPool1d(4).outputSize).toEqual([4]);
  });
});

describe('parameters', () => {
  it('have PyTorch names and shapes: conv [out, in/groups, k…], transposed [in, out/groups, k…]', () => {
    const shapes = (m: Module): [string, number[]][] => m.namedParameters().map(([n, p]) => [n, [...p.shape]]);
    expect(shapes(new Conv2d(4, 6, [3, 2], { groups: 2 }))).toEqual([['weight', [6, 2, 3, 2]], ['bias', [6]]]);
    expect(shapes(new Conv1d(3, 5, 4))).toEqual([['weight', [5, 3, 4]], ['bias', [5]]]);
    expect(shapes(new Conv2d(3, 6, 3, { groups: 3 }))).toEqual([['weight', [6, 1, 3, 3]], ['bias', [6]]]);
    expect(shapes(new ConvTranspose2d(4, 6, [3, 2], { groups: 2 }))).toEqual([['weight', [4, 3, 3, 2]], ['bias', [6]]]);
    expect(shapes(new ConvTranspose1d(3, 5, 4, { bias: false }))).toEqual([['weight', [3, 5, 4]]]);
    expect([...new Conv2d(2, 2, 3, { bias: false }).stateDict().keys()]).toEqual(['weight']);
    expect(new Conv2d(2, 2, 3, f64).weight.dtype).toBe('float64');
    expect(new Conv2d(2, 2, 3).weight.dtype).toBe('float32');
  });

  it('are initialized as PyTorch: weight and bias U(±1/√fanIn), fanIn = weight.shape[1]·∏kernel', () => {
    // kaiming_uniform with a = √5: bound = √(2/(1+5))·√(3/fanIn) = 1/√fanIn.
    const cases: [Module & { weight: Tensor; bias: Tensor | null }, number][] = [
      [new Conv2d(16, 32, 3, { generator: new Generator(1) }), 16 * 9],
      [new Conv2d(16, 32, 3, { groups: 4, generator: new Generator(2) }), 4 * 9],
      [new ConvTranspose2d(16, 32, [3, 2], { groups: 2, generator: new Generator(3) }), 16 * 6],
      [new Conv1d(8, 64, 5, { generator: new Generator(4) }), 8 * 5],
    ];
    for (const [layer, fanIn] of cases) {
      const bound = 1 / Math.sqrt(fanIn);
      for (const p of [layer.weight, layer.bias!]) {
        const v = Array.from(p.toTypedArray());
        expect(Math.max(...v.map(Math.abs))).toBeLessThanOrEqual(bound);
        expect(Math.max(...v.map(Math.abs))).toBeGreaterThan(0.75 * bound); // the range is used, not a smaller one
      }
      // Var U(−b, b) = b²/3; thousands of draws land within 10 %.
      const w = Array.from(layer.weight.toTypedArray());
      const variance = w.reduce((s, x) => s + x * x, 0) / w.length;
      expect(variance / (bound * bound / 3)).toBeGreaterThan(0.9);
      expect(variance / (bound * bound / 3)).toBeLessThan(1.1);
    }
  });

  it('the same generator seed gives the same parameters; resetParameters redraws', () => {
    const a = new Conv2d(3, 4, 3, { generator: new Generator(7) });
    const b = new Conv2d(3, 4, 3, { generator: new Generator(7) });
    expect(Array.from(a.weight.toTypedArray())).toEqual(Array.from(b.weight.toTypedArray()));
    expect(Array.from(a.bias!.toTypedArray())).toEqual(Array.from(b.bias!.toTypedArray()));
    const before = Array.from(a.weight.toTypedArray());
    a.resetParameters(new Generator(8));
    expect(Array.from(a.weight.toTypedArray())).not.toEqual(before);
  });
});

describe('layers in models', () => {
  it('Conv2d, MaxPool2d, AvgPool2d and AdaptiveAvgPool2d compose in a Sequential', () => {
    const model = new Sequential(
      new Conv2d(1, 4, 3, { padding: 1, ...f64 }),
      new MaxPool2d(2),
      new Conv2d(4, 4, 3, { groups: 4, ...f64 }),
      new AvgPool2d(2, { ceilMode: true }),
      new AdaptiveAvgPool2d(1),
    );
    const y = model.forward(randn([2, 1, 9, 9], { dtype: 'float64', generator: new Generator(0) }));
    // 9 → conv(pad 1) 9 → pool 4 → conv 2 → avg(ceil) 1 → adaptive 1
    expect(y.shape).toEqual([2, 4, 1, 1]);
    y.sum().backward();
    expect(model.parameters().every((p) => p.grad !== null)).toBe(true);
  });

  it('ConvTranspose2d undoes the shape change of a strided Conv2d, with outputSize resolving the ambiguity', () => {
    const down = new Conv2d(2, 3, 3, { stride: 2, padding: 1, ...f64 });
    const up = new ConvTranspose2d(3, 2, 3, { stride: 2, padding: 1, ...f64 });
    const x = randn([1, 2, 8, 7], { dtype: 'float64', generator: new Generator(1) });
    const h = down.forward(x); // [1, 3, 4, 4]
    expect(h.shape).toEqual([1, 3, 4, 4]);
    expect(up.forward(h).shape).toEqual([1, 2, 7, 7]); // (4 − 1)·2 − 2 + 2 + 1
    expect(up.forward(h, [8, 7]).shape).toEqual([1, 2, 8, 7]);
    expect(up.forward(h, [1, 2, 8, 7]).shape).toEqual([1, 2, 8, 7]);
  });

  it('the functional and layer forms agree', () => {
    const conv = new Conv1d(2, 3, 3, { stride: 2, padding: 1, ...f64 });
    const x = randn([2, 2, 9], { dtype: 'float64', generator: new Generator(2) });
    const viaF = F.conv1d(x, conv.weight, conv.bias, { stride: 2, padding: 1 });
    expect(Array.from(conv.forward(x).toTypedArray())).toEqual(Array.from(viaF.toTypedArray()));
  });
});

describe('toString', () => {
  it('prints the non-default arguments like PyTorch', () => {
    expect(new Conv2d(1, 6, 3).toString()).toBe('Conv2d(1, 6, kernel_size=(3, 3), stride=(1, 1))');
    expect(new Conv2d(4, 8, [3, 5], { stride: 2, padding: 1, dilation: 2, groups: 2, bias: false, paddingMode: 'circular' }).toString()).toBe(
      'Conv2d(4, 8, kernel_size=(3, 5), stride=(2, 2), padding=(1, 1), dilation=(2, 2), groups=2, bias=False, padding_mode=circular)',
    );
    expect(new Conv1d(2, 2, 3, { padding: 'same' }).toString()).toBe('Conv1d(2, 2, kernel_size=(3,), stride=(1,), padding=same)');
    expect(new ConvTranspose2d(3, 2, 3, { stride: 2, outputPadding: 1 }).toString()).toBe(
      'ConvTranspose2d(3, 2, kernel_size=(3, 3), stride=(2, 2), output_padding=(1, 1))',
    );
    expect(new MaxPool2d(2).toString()).toBe('MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)');
    expect(new AvgPool2d(3, { stride: 1, divisorOverride: 2 }).toString()).toBe('AvgPool2d(kernel_size=3, stride=1, padding=0)'); // PyTorch prints only these
    expect(new AdaptiveAvgPool2d([2, null]).toString()).toBe('AdaptiveAvgPool2d(output_size=(2, None))');
  });
});
