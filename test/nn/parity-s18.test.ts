/**
 * Session 18's PyTorch parity audit of the nn modules a course uses: each test pins one
 * difference found against torch 1.13 and fixed. Expected values are PyTorch's (noted per test),
 * small enough to check by hand, or from test/fixtures/parity_s18.json
 * (test/fixtures/generate_parity_s18.py).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Generator, arange, manualSeed, ones, rand, randn, tensor, zeros } from '../../src/index.js';
import { ASGD, Adadelta, Adam, LBFGS, Rprop, Adamax, NAdam, RAdam, ConstantLR, CosineAnnealingLR, CosineAnnealingWarmRestarts, ExponentialLR, SequentialLR, StepLR, LinearLR, MultiStepLR, MultiplicativeLR, OneCycleLR, PolynomialLR, RMSprop, ReduceLROnPlateau, SGD, type LRScheduler, type Optimizer } from '../../src/optim/index.js';
import { ValueError } from '../../src/errors.js';
import { AdaptiveMaxPool2d, AlphaDropout, Dropout, Embedding, MaxUnpool3d, MaxPool3d, Module, Parameter, ParameterDict, ParameterList, Upsample, init, Linear, MaxPool1d, MaxPool2d, ReLU, Sequential, functional as F } from '../../src/nn/index.js';

describe('max pooling with returnIndices returns a (values, indices) tuple, as PyTorch', () => {
  it('destructures as an array and still reads .values / .indices (it was a plain object)', () => {
    // torch: nn.MaxPool2d(2, return_indices=True)(arange(1, 26).reshape(1, 1, 5, 5))
    // → ([[7, 9], [17, 19]], [[6, 8], [16, 18]])
    const x = arange(1, 26).reshape(1, 1, 5, 5);
    const [values, indices] = new MaxPool2d(2, { returnIndices: true }).forward(x);
    expect(values.toArray()).toEqual([[[[7, 9], [17, 19]]]]);
    expect([indices.dtype, indices.toArray()]).toEqual(['int32', [[[[6, 8], [16, 18]]]]]);
    const r = F.maxPool2d(x, 2, { returnIndices: true });
    expect(r.values).toBe(r[0]);
    expect(r.indices).toBe(r[1]);
    const [v1, i1] = new MaxPool1d(2, { returnIndices: true }).forward(tensor([[[3, 1, 2, 5]]]));
    expect([v1.toArray(), i1.toArray()]).toEqual([[[[3, 5]]], [[[0, 3]]]]);
    const [v2, i2] = F.maxPool1d(tensor([[[3, 1, 2, 5]]]), 2, { returnIndices: true });
    expect([v2.toArray(), i2.toArray()]).toEqual([[[[3, 5]]], [[[0, 3]]]]);
  });

  it('adaptive max pooling too', () => {
    // torch: nn.AdaptiveMaxPool2d(1, return_indices=True)(arange(1, 26).reshape(1, 1, 5, 5)) → (25, 24)
    const [values, indices] = new AdaptiveMaxPool2d(1, { returnIndices: true }).forward(arange(1, 26).reshape(1, 1, 5, 5));
    expect([values.toArray(), indices.toArray()]).toEqual([[[[[25]]]], [[[[24]]]]]);
    const [v, i] = F.adaptiveMaxPool1d(tensor([[[3, 1, 2, 5]]]), 2, { returnIndices: true });
    expect([v.toArray(), i.toArray()]).toEqual([[[[3, 5]]], [[[0, 3]]]]);
  });
});

describe('Sequential iterates and appends, as PyTorch\'s', () => {
  it('for…of and spread give the modules in order (it was "not iterable")', () => {
    const a = new Linear(2, 3);
    const r = new ReLU();
    const seq = new Sequential(a, r);
    expect([...seq]).toEqual([a, r]);
    const seen = [];
    for (const m of seq) seen.push(m.typeName);
    expect(seen).toEqual(['Linear', 'ReLU']);
  });

  it('takes named children from one object or Map, as Sequential(OrderedDict(...)) (an object was "not a Module")', () => {
    const fc = new Linear(2, 3);
    const act = new ReLU();
    const seq = new Sequential({ fc, act });
    expect(seq.namedChildren().map(([n]) => n)).toEqual(['fc', 'act']);
    expect(seq.namedParameters().map(([n]) => n)).toEqual(['fc.weight', 'fc.bias']);
    expect([...seq]).toEqual([fc, act]);
    const x = ones([1, 2]);
    expect(seq.forward(x).toArray()).toEqual(act.forward(fc.forward(x)).toArray());
    // torch: repr(nn.Sequential(OrderedDict(fc=nn.Linear(2, 3), act=nn.ReLU())))
    expect(String(seq)).toBe('Sequential(\n  (fc): Linear(in_features=2, out_features=3, bias=True)\n  (act): ReLU()\n)');
    const fromMap = new Sequential(new Map([['first', new Linear(2, 2, { bias: false })]]));
    expect(fromMap.append(new ReLU()).namedChildren().map(([n]) => n)).toEqual(['first', '1']);
    expect(() => new Sequential({ fc, bad: 3 as unknown as ReLU })).toThrow(/^Sequential: 'bad' is not a Module/);
  });

  it('append registers the module under the next index and runs it last', () => {
    const seq = new Sequential(new Linear(2, 3, { bias: false }));
    const last = new Linear(3, 1, { bias: false });
    expect(seq.append(last)).toBe(seq);
    expect(seq.namedParameters().map(([n]) => n)).toEqual(['0.weight', '1.weight']);
    expect(seq.at(-1)).toBe(last);
    const x = ones([1, 2]);
    expect(seq.forward(x).toArray()).toEqual(last.forward(seq.at(0).forward(x)).toArray());
    expect(() => seq.append({} as Linear)).toThrow(/^Sequential: append expects a Module/);
  });
});

interface SchedulerCase {
  name: string;
  scheduler: string;
  args: unknown[];
  options: Record<string, unknown>;
  optimizer: 'SGD' | 'Adam' | 'RMSprop';
  groups: number[];
  steps: number;
  lrs: number[][];
  momenta: number[][];
}
interface PlateauCase {
  options: Record<string, unknown>;
  metrics: number[];
  lrs: number[][];
}
interface MaxNormCase {
  options: { maxNorm: number; normType?: number | 'Infinity'; paddingIdx?: number };
  weight: number[][];
  indices: number[] | number[][];
  output: number[][] | number[][][];
  weightAfter: number[][];
}
interface BicubicCase {
  options: Record<string, unknown>;
  dtype: 'float32' | 'float64';
  shape: number[];
  input: number[];
  outputShape: number[];
  output: number[];
  gradOutput: number[];
  inputGrad: number[];
}
const FIXTURE = JSON.parse(readFileSync(new URL('../fixtures/parity_s18.json', import.meta.url), 'utf8')) as {
  schedulers: SchedulerCase[];
  plateau: PlateauCase[];
  embedding_max_norm: MaxNormCase[];
  bicubic: BicubicCase[];
  max_pool3d: { kernel: number | number[]; options: Record<string, unknown>; shape: number[]; input: (number | 'NaN')[]; outputShape: number[]; output: (number | 'NaN')[]; indices: number[]; unpooled?: (number | 'NaN')[]; unpoolGrad?: number[] }[];
  optimizers: { optimizer: 'Adadelta' | 'Adamax' | 'NAdam' | 'RAdam' | 'Rprop' | 'ASGD'; options: Record<string, unknown>; dtype: 'float32' | 'float64'; params: number[][][][] }[];
  lbfgs: { options: Record<string, unknown>; steps: number; params: number[][][][]; losses: number[] }[];
  sequential: { name: string; parts: { scheduler: string; args: unknown[]; options: Record<string, unknown> }[]; milestones: number[]; steps: number; lrs: number[][] }[];
};

/** The fixture's optimizer: two groups of one scalar each, with the given lrs (SGD with momentum 0.9). */
function makeOptimizer(kind: SchedulerCase['optimizer'], lrs: number[]): Optimizer {
  const groups = lrs.map((lr) => ({ params: [zeros([1], { dtype: 'float64', requiresGrad: true })], lr }));
  if (kind === 'SGD') return new SGD(groups, { lr: lrs[0]!, momentum: 0.9 });
  if (kind === 'Adam') return new Adam(groups, { lr: lrs[0]! });
  return new RMSprop(groups, { lr: lrs[0]! });
}

function momenta(opt: Optimizer): number[] {
  return opt.paramGroups.map((g) => {
    const group = g as unknown as { betas?: [number, number]; momentum?: number };
    return group.betas ? group.betas[0] : group.momentum!;
  });
}

function expectClose(actual: number[][], expected: number[][], label: string): void {
  expect(actual.length, label).toBe(expected.length);
  actual.forEach((row, t) => row.forEach((v, i) => {
    const want = expected[t]![i]!;
    expect(Math.abs(v - want), `${label}: step ${t}, group ${i}: ${v} vs ${want}`).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(want)));
  }));
}

/** The fixture's scheduler, built as chainrule spells it. */
function makeScheduler(c: SchedulerCase, opt: Optimizer): LRScheduler {
  const o = c.options;
  switch (c.scheduler) {
    case 'MultiStepLR': return new MultiStepLR(opt, c.args[0] as number[], o);
    case 'OneCycleLR': return new OneCycleLR(opt, c.args[0] as number | number[], o);
    case 'LinearLR': return new LinearLR(opt, o);
    case 'ConstantLR': return new ConstantLR(opt, o);
    case 'MultiplicativeLR': return new MultiplicativeLR(opt, () => 0.9, o); // the fixture's 'times0.9'
    case 'PolynomialLR': return new PolynomialLR(opt, o);
    case 'CosineAnnealingWarmRestarts': return new CosineAnnealingWarmRestarts(opt, c.args[0] as number, o);
    case 'CosineAnnealingLR': return new CosineAnnealingLR(opt, c.args[0] as number, o);
    case 'ExponentialLR': return new ExponentialLR(opt, c.args[0] as number, o);
    case 'StepLR': return new StepLR(opt, c.args[0] as number, o);
    default: throw new Error(`unknown scheduler ${c.scheduler}`);
  }
}

describe('MultiStepLR, OneCycleLR, LinearLR, ConstantLR, MultiplicativeLR, PolynomialLR, CosineAnnealingWarmRestarts step by step against torch 1.13 (they did not exist)', () => {
  it.each(FIXTURE.schedulers.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const opt = makeOptimizer(c.optimizer, c.groups);
    const sched = makeScheduler(c, opt);
    const lrs = [opt.paramGroups.map((g) => g.lr)];
    const ms = [momenta(opt)];
    for (let t = 0; t < c.steps; t++) {
      opt.step();
      sched.step();
      lrs.push(opt.paramGroups.map((g) => g.lr));
      ms.push(momenta(opt));
    }
    expectClose(lrs, c.lrs, 'lr');
    expectClose(ms, c.momenta, 'momentum');
    expect(sched.getLastLr()).toEqual(lrs[lrs.length - 1]);
  });

  it('OneCycleLR refuses a step past the cycle, and a cycle it cannot define, as PyTorch', () => {
    const opt = makeOptimizer('SGD', [0.1, 0.1]);
    const sched = new OneCycleLR(opt, 0.1, { totalSteps: 3 });
    for (let t = 0; t < 3; t++) sched.step(); // PyTorch allows totalSteps steps after the constructor's
    const before = opt.paramGroups.map((g) => g.lr);
    expect(() => sched.step()).toThrow(new ValueError('OneCycleLR', 'tried to step 5 times; the cycle has totalSteps=3'));
    expect(opt.paramGroups.map((g) => g.lr)).toEqual(before);
    expect(() => new OneCycleLR(makeOptimizer('SGD', [0.1, 0.1]), 0.1)).toThrow(/^OneCycleLR: give totalSteps, or epochs and stepsPerEpoch/);
    expect(() => new OneCycleLR(makeOptimizer('SGD', [0.1, 0.1]), [0.1], { totalSteps: 5 })).toThrow(/^OneCycleLR: expected 2 values for maxLr \(one per group\), got 1/);
    expect(() => new OneCycleLR(makeOptimizer('SGD', [0.1, 0.1]), 0.1, { totalSteps: 5, annealStrategy: 'step' as 'cos' })).toThrow(/^OneCycleLR: annealStrategy must be 'cos' or 'linear'/);
  });

  it('LinearLR, ConstantLR and CosineAnnealingWarmRestarts refuse what PyTorch refuses', () => {
    expect(() => new LinearLR(makeOptimizer('SGD', [0.1, 0.1]), { startFactor: 1.5 })).toThrow(/^LinearLR: startFactor must be a number in \[0, 1\], got 1.5/);
    expect(() => new ConstantLR(makeOptimizer('SGD', [0.1, 0.1]), { factor: -0.1 })).toThrow(/^ConstantLR: factor must be a number in \[0, 1\]/);
    expect(() => new CosineAnnealingWarmRestarts(makeOptimizer('SGD', [0.1, 0.1]), 0)).toThrow(/^CosineAnnealingWarmRestarts: t0 must be an integer >= 1, got 0/);
    expect(() => new CosineAnnealingWarmRestarts(makeOptimizer('SGD', [0.1, 0.1]), 2, { tMult: 1.5 })).toThrow(/^CosineAnnealingWarmRestarts: tMult must be an integer >= 1/);
  });

  it('MultiStepLR refuses milestones that are not epochs', () => {
    expect(() => new MultiStepLR(makeOptimizer('SGD', [0.1, 0.1]), [2, 1.5])).toThrow(/^MultiStepLR: milestones\[1\] must be an integer >= 0, got 1.5/);
    expect(() => new MultiStepLR(makeOptimizer('SGD', [0.1, 0.1]), 3 as unknown as number[])).toThrow(/^MultiStepLR: milestones must be an array/);
  });
});

describe('ReduceLROnPlateau against torch 1.13 (it did not exist)', () => {
  it.each(FIXTURE.plateau.map((c) => [JSON.stringify(c.options), c] as const))('%s', (_name, c) => {
    const opt = makeOptimizer('SGD', [0.1, 0.05]);
    const sched = new ReduceLROnPlateau(opt, c.options);
    const lrs = c.metrics.map((m, t) => {
      sched.step(t % 2 === 0 ? m : tensor(m, { dtype: 'float64' })); // a number or a loss tensor
      return sched.getLastLr();
    });
    expectClose(lrs, c.lrs, 'lr');
  });

  it('saves and restores its progress; refuses factor ≥ 1 and unknown modes, as PyTorch', () => {
    const opt = makeOptimizer('SGD', [0.1, 0.05]);
    const a = new ReduceLROnPlateau(opt, { patience: 1 });
    a.step(1);
    a.step(2);
    const b = new ReduceLROnPlateau(opt, { patience: 1 });
    b.loadStateDict(a.stateDict());
    expect(b.stateDict()).toEqual({ best: 1, numBadEpochs: 1, cooldownCounter: 0, lastEpoch: 2 });
    b.step(3); // the second bad epoch in a row: past patience 1
    expect(opt.paramGroups.map((g) => g.lr)).toEqual([0.1 * 0.1, 0.05 * 0.1]);
    expect(() => new ReduceLROnPlateau(opt, { factor: 1 })).toThrow(/^ReduceLROnPlateau: factor must be a number in \[0, 1\), got 1/);
    expect(() => new ReduceLROnPlateau(opt, { mode: 'up' as 'min' })).toThrow(/^ReduceLROnPlateau: mode must be 'min' or 'max'/);
    expect(() => new ReduceLROnPlateau(opt, { minLr: [0.1] })).toThrow(/^ReduceLROnPlateau: expected 2 minLr values \(one per group\), got 1/);
  });
});

describe('Embedding maxNorm and normType, as torch 1.13 (they were unknown options)', () => {
  it.each(FIXTURE.embedding_max_norm.map((c) => [JSON.stringify(c.options), c] as const))('%s: the output and the rows renormalized in place', (_name, c) => {
    const options = { ...c.options, normType: c.options.normType === 'Infinity' ? Infinity : c.options.normType, dtype: 'float64' as const };
    const e = new Embedding(5, 3, options);
    e.weight.detach().copy_(tensor(c.weight, { dtype: 'float64' }));
    const out = e.forward(tensor(c.indices, { dtype: 'int32' }));
    const close = (a: unknown, b: unknown) => expect((a as number[]).flat(2) as number[]).toEqual(((b as number[]).flat(2) as number[]).map((v) => expect.closeTo(v, 12)));
    close(out.toArray(), c.output);
    close(e.weight.toArray(), c.weightAfter);
  });

  it('a renormalized row still gets its gradient, and the repr names the options as PyTorch', () => {
    const e = new Embedding(3, 2, { maxNorm: 1, dtype: 'float64' });
    e.weight.detach().copy_(tensor([[3, 4], [0.3, 0.4], [0, 2]], { dtype: 'float64' }));
    e.forward(tensor([0, 0, 2], { dtype: 'int32' })).sum().backward();
    expect(e.weight.grad!.toArray()).toEqual([[2, 2], [0, 0], [1, 1]]);
    // torch: repr(nn.Embedding(5, 3, padding_idx=-1, max_norm=1.0)) and with norm_type=1.0
    expect(String(new Embedding(5, 3, { paddingIdx: -1, maxNorm: 1 }))).toBe('Embedding(5, 3, padding_idx=4, max_norm=1.0)');
    expect(String(new Embedding(5, 3, { maxNorm: 0.5, normType: 1 }))).toBe('Embedding(5, 3, max_norm=0.5, norm_type=1.0)');
    expect(() => new Embedding(5, 3, { maxNorm: -1 })).toThrow(/^Embedding: maxNorm must be a number >= 0 or null, got -1/);
    expect(() => F.embedding(tensor([0], { dtype: 'int32' }), e.weight, { maxNorm: 1, normType: 'two' as unknown as number })).toThrow(/^embedding: normType must be a number/);
  });
});

describe('F.pad exists and takes mode/value as options, as torch.nn.functional.pad(x, p, mode=…, value=…)', () => {
  const x = arange(4).reshape(1, 1, 4);
  it('options give the same result as the positional form (F.pad was undefined; { mode } was refused)', () => {
    // torch: F.pad(arange(4.).reshape(1, 1, 4), (2, 1), mode='reflect') → [2, 1, 0, 1, 2, 3, 2]
    expect(F.pad(x, [2, 1], { mode: 'reflect' }).toArray()).toEqual([[[2, 1, 0, 1, 2, 3, 2]]]);
    expect(F.pad(x, [2, 1], { mode: 'circular' }).toArray()).toEqual([[[2, 3, 0, 1, 2, 3, 0]]]);
    expect(x.pad([2, 1], { mode: 'replicate' }).toArray()).toEqual([[[0, 0, 0, 1, 2, 3, 3]]]);
    // torch: F.pad(ones(2), (1, 1), value=3.0) → [3, 1, 1, 3]
    expect(F.pad(ones([2]), [1, 1], { value: 3 }).toArray()).toEqual([3, 1, 1, 3]);
    expect(F.pad(ones([2]), [1, 1], 'constant', 3).toArray()).toEqual([3, 1, 1, 3]);
    expect(F.pad(ones([2]), [1, 0], {}).toArray()).toEqual([0, 1, 1]);
  });

  it('refuses unknown options and modes', () => {
    expect(() => F.pad(x, [1, 1], { fill: 2 } as unknown as { value: number })).toThrow(/^pad: unknown option 'fill'/);
    expect(() => F.pad(x, [1, 1], { mode: 'wrap' as 'reflect' })).toThrow(/^pad: mode must be one of/);
  });
});

describe('init.truncNormal_, as torch.nn.init.trunc_normal_ (it did not exist)', () => {
  it('draws inside [a, b] with the truncated law\'s spread', () => {
    const w = zeros([20000], { dtype: 'float64' });
    expect(init.truncNormal_(w, 0, 1, -2, 2, { generator: new Generator().manualSeed(18) })).toBe(w);
    const v = Array.from(w.toTypedArray());
    expect(Math.min(...v)).toBeGreaterThanOrEqual(-2);
    expect(Math.max(...v)).toBeLessThanOrEqual(2);
    // N(0, 1) cut to [−2, 2]: variance 1 − 2·2·φ(2)/(Φ(2) − Φ(−2)) = 1 − 4·0.053991/0.954500 = 0.773741
    expect(w.mean().item()).toBeCloseTo(0, 1);
    expect(Math.abs(w.std().item() - Math.sqrt(0.773741))).toBeLessThan(0.02);
    init.truncNormal_(w, 1, 2, 0, 3);
    const u = Array.from(w.toTypedArray());
    expect([Math.min(...u) >= 0, Math.max(...u) <= 3]).toEqual([true, true]);
  });

  it('refuses bounds that are not an interval', () => {
    expect(() => init.truncNormal_(zeros([2]), 0, 1, 2, -2)).toThrow(/^truncNormal_: needs a finite mean, a finite std >= 0 and finite bounds a < b/);
  });
});

describe('Module.requiresGrad_, as PyTorch\'s requires_grad_ (freezing a layer; it did not exist)', () => {
  it('sets requiresGrad on every parameter, returns the module, and frozen parameters get no gradient', () => {
    const net = new Sequential(new Linear(2, 3), new ReLU(), new Linear(3, 1));
    expect(net.at(0).requiresGrad_(false)).toBe(net.at(0));
    expect(net.parameters().map((p) => p.requiresGrad)).toEqual([false, false, true, true]);
    net.forward(ones([4, 2])).sum().backward();
    expect(net.parameters().map((p) => p.grad === null)).toEqual([true, true, false, false]);
    net.requiresGrad_();
    expect(net.parameters().every((p) => p.requiresGrad)).toBe(true);
    expect(() => net.requiresGrad_(0 as unknown as boolean)).toThrow(/^requiresGrad_: requiresGrad must be true or false/);
  });
});

describe("interpolate mode 'bicubic' against torch 1.13 (it was refused)", () => {
  it.each(FIXTURE.bicubic.map((c) => [`${JSON.stringify(c.options)} ${c.dtype} ${JSON.stringify(c.shape)}`, c] as const))('%s: values and input gradient', (_name, c) => {
    const leaf = tensor(c.input, { dtype: c.dtype, requiresGrad: true });
    const y = F.interpolate(leaf.reshape(c.shape), { ...c.options, mode: 'bicubic' });
    expect(y.shape).toEqual(c.outputShape);
    // float64: PyTorch sums the 4 × 4 taps at once, chainrule one dim after the other (rounding only);
    // float32: both round each step to float32
    const tol = c.dtype === 'float64' ? 1e-12 : 2e-6;
    const close = (actual: Float32Array | Float64Array | Int32Array | Uint8Array, expected: number[]) => {
      expect(actual.length).toBe(expected.length);
      expected.forEach((v, i) => expect(Math.abs(actual[i]! - v), `at ${i}: ${actual[i]} vs ${v}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(v))));
    };
    close(y.toTypedArray(), c.output);
    y.mul(tensor(c.gradOutput, { dtype: c.dtype }).reshape(c.outputShape)).sum().backward();
    close(leaf.grad!.toTypedArray(), c.inputGrad);
  });

  it('Upsample takes it, and bicubic needs a 4-D input', () => {
    const up = new Upsample({ scaleFactor: 2, mode: 'bicubic', alignCorners: true });
    // the cubic weights sum to 1, so a constant image stays constant (up to float32 rounding)
    const y = up.forward(ones([1, 1, 2, 2]));
    expect(y.shape).toEqual([1, 1, 4, 4]);
    expect(Array.from(y.toTypedArray()).every((v) => Math.abs(v - 1) < 1e-6)).toBe(true);
    expect(String(up)).toBe('Upsample(scale_factor=2.0, mode=bicubic)');
    expect(() => F.interpolate(ones([1, 1, 4]), { scaleFactor: 2, mode: 'bicubic' })).toThrow(/^interpolate: mode 'bicubic' needs a 4-D input/);
  });
});

describe('SequentialLR against torch 1.13 (it did not exist)', () => {
  it.each(FIXTURE.sequential.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const opt = makeOptimizer('SGD', [0.1, 0.05]);
    const parts = c.parts.map((p) => makeScheduler({ ...p, name: '', optimizer: 'SGD', groups: [], steps: 0, lrs: [], momenta: [] }, opt));
    const sched = new SequentialLR(opt, parts, c.milestones);
    const lrs = [opt.paramGroups.map((g) => g.lr)];
    for (let t = 0; t < c.steps; t++) {
      opt.step();
      sched.step();
      lrs.push(opt.paramGroups.map((g) => g.lr));
    }
    expectClose(lrs, c.lrs, 'lr');
    expect(sched.getLastLr()).toEqual(lrs[lrs.length - 1]);
  });

  it('resumes from its state dict; refuses schedulers of another optimizer and a wrong milestone count', () => {
    const build = (opt: Optimizer) => new SequentialLR(opt, [new LinearLR(opt, { startFactor: 0.1, totalIters: 3 }), new CosineAnnealingLR(opt, 5)], [3]);
    const a = makeOptimizer('SGD', [0.1, 0.05]);
    const first = build(a);
    for (let t = 0; t < 4; t++) first.step();
    const b = makeOptimizer('SGD', [0.1, 0.05]);
    const second = build(b);
    second.loadStateDict(first.stateDict());
    b.paramGroups.forEach((g, i) => (g.lr = a.paramGroups[i]!.lr));
    first.step();
    second.step();
    expect(b.paramGroups.map((g) => g.lr)).toEqual(a.paramGroups.map((g) => g.lr));
    const other = makeOptimizer('SGD', [0.1, 0.05]);
    expect(() => new SequentialLR(a, [new StepLR(other, 2)], [])).toThrow(/^SequentialLR: schedulers\[0\] belongs to another optimizer/);
    expect(() => new SequentialLR(a, [new StepLR(a, 2), new StepLR(a, 3)], [])).toThrow(/^SequentialLR: expected 1 milestones/);
  });
});

describe('maxPool3d and MaxPool3d with returnIndices (it was refused), and maxUnpool3d / MaxUnpool3d, as torch 1.13', () => {
  const num = (v: number | 'NaN') => (v === 'NaN' ? NaN : v);
  it.each(FIXTURE.max_pool3d.map((c) => [`${JSON.stringify(c.kernel)} ${JSON.stringify(c.options)} ${JSON.stringify(c.shape)}`, c] as const))('%s: values and flat d·H·W + h·W + w indices', (_name, c) => {
    const x = tensor(c.input.map(num), { dtype: 'float64' }).reshape(c.shape);
    const [values, indices] = F.maxPool3d(x, c.kernel, { ...c.options, returnIndices: true });
    expect([values.shape, indices.shape, indices.dtype]).toEqual([c.outputShape, c.outputShape, 'int32']);
    expect(Array.from(values.toTypedArray())).toEqual(c.output.map(num));
    expect(Array.from(indices.toTypedArray())).toEqual(c.indices);
    // the values without indices are the same, and the layer gives the same tuple
    expect(Array.from(F.maxPool3d(x, c.kernel, c.options).toTypedArray())).toEqual(c.output.map(num));
    const [v2, i2] = new MaxPool3d(c.kernel, { ...c.options, returnIndices: true }).forward(x);
    expect([Array.from(v2.toTypedArray()), Array.from(i2.toTypedArray())]).toEqual([c.output.map(num), c.indices]);
    if (c.unpooled === undefined) return;
    // maxUnpool3d / MaxUnpool3d back to the input's size (they did not exist), and the gradient
    const { stride, padding } = c.options as { stride?: number; padding?: number };
    const leaf = tensor(c.output.map(num), { dtype: 'float64', requiresGrad: true });
    const u = F.maxUnpool3d(leaf.reshape(c.outputShape), indices, c.kernel, { stride, padding, outputSize: c.shape.slice(-3) });
    expect(u.shape).toEqual(c.shape);
    expect(Array.from(u.toTypedArray())).toEqual(c.unpooled.map(num));
    u.mul(arange(1, u.numel() + 1, { dtype: 'float64' }).reshape(c.shape)).sum().backward();
    expect(Array.from(leaf.grad!.toTypedArray())).toEqual(c.unpoolGrad);
    const u2 = new MaxUnpool3d(c.kernel, { stride, padding }).forward(values, indices, c.shape.slice(-3));
    expect(Array.from(u2.toTypedArray())).toEqual(c.unpooled.map(num));
  });
});

describe('Adadelta, Adamax, NAdam, RAdam, Rprop and ASGD, six steps against torch 1.13 (they did not exist)', () => {
  const OPTIMIZERS = { Adadelta, Adamax, NAdam, RAdam, Rprop, ASGD };
  it.each(FIXTURE.optimizers.map((c) => [`${c.optimizer} ${JSON.stringify(c.options)} ${c.dtype}`, c] as const))('%s', (_name, c) => {
    const dtype = c.dtype;
    // generate_optim.py's problem: L = 0.5·Σa0(p0 − c0)² + Σcos(p0) + 0.5·Σa1(p1 − c1)²; p2 gets no gradient
    const ps = [[[0.5, -1.2, 2.0], [0.0, 0.3, -0.7]], [1.5, -0.25, 0.8, -2.0], [0.1, -0.1]].map((v) => tensor(v, { dtype, requiresGrad: true }));
    const [a0, c0, a1, c1] = [[[1, 2, 0.5], [3, 1.5, 0.25]], [[1, 0, -1], [0.5, -0.5, 2]], [2, 0.5, 1, 4], [0, 1, -1, 0.5]].map((v) => tensor(v, { dtype }));
    const Cls = OPTIMIZERS[c.optimizer] as unknown as new (p: typeof ps, o: Record<string, unknown>) => Optimizer;
    const opt = new Cls(ps, c.options);
    const tol = dtype === 'float64' ? 1e-12 : 2e-6;
    c.params.forEach((expected, step) => {
      opt.zeroGrad();
      const d0 = ps[0]!.sub(c0!);
      const d1 = ps[1]!.sub(c1!);
      a0!.mul(d0.mul(d0)).sum().mul(0.5).add(ps[0]!.cos().sum()).add(a1!.mul(d1.mul(d1)).sum().mul(0.5)).backward();
      opt.step();
      ps.forEach((p, i) => {
        const want = (expected[i] as unknown as number[]).flat() as number[];
        Array.from(p.toTypedArray()).forEach((v, k) => expect(Math.abs(v - want[k]!), `step ${step + 1}, p${i}[${k}]: ${v} vs ${want[k]}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(want[k]!))));
      });
    });
  });

  it('refuses what PyTorch refuses', () => {
    const p = [zeros([2], { requiresGrad: true })];
    expect(() => new Adadelta(p, { rho: 1.5 })).toThrow(/^Adadelta: rho must be a number in \[0, 1\], got 1.5/);
    expect(() => new Adamax(p, { betas: [1, 0.9] })).toThrow(/^Adamax: betas\[0\] must be a number in \[0, 1\)/);
    expect(() => new NAdam(p, { lr: -1 })).toThrow(/^NAdam: lr must be a finite number >= 0, got -1/);
    expect(() => new RAdam(p, { amsgrad: true } as never)).toThrow(/^RAdam: unknown option 'amsgrad'/);
    expect(() => new Rprop(p, { etas: [1.2, 0.5] })).toThrow(/^Rprop: etas must be \[etaminus, etaplus\] with 0 < etaminus < 1 < etaplus/);
    expect(() => new ASGD(p, { lambd: -1 })).toThrow(/^ASGD: lambd must be a finite number >= 0, got -1/);
  });
});

describe('ParameterList and ParameterDict, as PyTorch\'s (they did not exist)', () => {
  it('register their tensors as parameters, by position or by name, with PyTorch\'s repr', () => {
    const list = new ParameterList([zeros([3]), new Parameter(zeros([2, 2], { dtype: 'float64' }))]);
    expect(list.append(ones([1])).length).toBe(3);
    expect(list.namedParameters().map(([n]) => n)).toEqual(['0', '1', '2']);
    expect([list.at(0) instanceof Parameter, list.at(-1).requiresGrad]).toEqual([true, true]);
    // torch: repr(nn.ParameterList([...3 parameters])) and the same list inside a module
    expect(String(list)).toBe('ParameterList(\n    (0): Parameter containing: [torch.float32 of size 3]\n    (1): Parameter containing: [torch.float64 of size 2x2]\n    (2): Parameter containing: [torch.float32 of size 1]\n)');
    class Holder extends Module {
      ps = list;
      forward(): never { throw new Error('unused'); }
    }
    const m = new Holder();
    expect(m.namedParameters().map(([n]) => n)).toEqual(['ps.0', 'ps.1', 'ps.2']);
    expect(String(m)).toBe('Holder(\n  (ps): ParameterList(\n      (0): Parameter containing: [torch.float32 of size 3]\n      (1): Parameter containing: [torch.float64 of size 2x2]\n      (2): Parameter containing: [torch.float32 of size 1]\n  )\n)');
    expect(String(new ParameterList())).toBe('ParameterList()');
    const dict = new ParameterDict({ a: zeros([3]), b: new Parameter(zeros([2])) });
    expect([...dict.keys()]).toEqual(['a', 'b']);
    expect(dict.namedParameters().map(([n]) => n)).toEqual(['a', 'b']);
    expect(dict.get('a').requiresGrad).toBe(true);
    // torch: repr(nn.ParameterDict({'a': ..., 'b': ...})) names the legacy tensor types
    expect(String(dict)).toBe('ParameterDict(\n    (a): Parameter containing: [torch.FloatTensor of size 3]\n    (b): Parameter containing: [torch.FloatTensor of size 2]\n)');
    expect(() => list.append(3 as unknown as ReturnType<typeof zeros>)).toThrow(/^ParameterList: value 3 must be a Tensor or a Parameter/);
    expect(() => dict.get('c')).toThrow(/^ParameterDict: no parameter under 'c'/);
  });
});

describe('LBFGS against torch 1.13 (it did not exist)', () => {
  it.each(FIXTURE.lbfgs.map((c) => [JSON.stringify(c.options), c] as const))('%s: parameters and returned losses step by step', (_name, c) => {
    const ps = [[[0.5, -1.2, 2.0], [0.0, 0.3, -0.7]], [1.5, -0.25, 0.8, -2.0], [0.1, -0.1]].map((v) => tensor(v, { dtype: 'float64', requiresGrad: true }));
    const [a0, c0, a1, c1] = [[[1, 2, 0.5], [3, 1.5, 0.25]], [[1, 0, -1], [0.5, -0.5, 2]], [2, 0.5, 1, 4], [0, 1, -1, 0.5]].map((v) => tensor(v, { dtype: 'float64' }));
    const opt = new LBFGS(ps, c.options);
    const closure = () => {
      opt.zeroGrad();
      const d0 = ps[0]!.sub(c0!);
      const d1 = ps[1]!.sub(c1!);
      const loss = a0!.mul(d0.mul(d0)).sum().mul(0.5).add(ps[0]!.cos().sum()).add(a1!.mul(d1.mul(d1)).sum().mul(0.5));
      loss.backward();
      return loss;
    };
    // the dot products sum in another order than PyTorch's: agreement to 1e-9 over the iterations
    c.params.forEach((expected, step) => {
      expect(opt.step(closure).item()).toBeCloseTo(c.losses[step]!, 9);
      ps.forEach((p, i) => {
        const want = (expected[i] as unknown as number[]).flat() as number[];
        Array.from(p.toTypedArray()).forEach((v, k) => expect(Math.abs(v - want[k]!), `step ${step + 1}, p${i}[${k}]: ${v} vs ${want[k]}`).toBeLessThanOrEqual(1e-9));
      });
    });
  });

  it('needs a closure and one parameter group; refuses the strong Wolfe line search it does not have', () => {
    const x = zeros([2], { requiresGrad: true });
    expect(() => new LBFGS([x]).step()).toThrow(/^LBFGS.step: LBFGS needs a closure/);
    expect(() => new LBFGS([{ params: [x] }, { params: [zeros([1], { requiresGrad: true })] }])).toThrow(/^LBFGS: LBFGS doesn't support per-parameter options/);
    expect(() => new LBFGS([x], { lineSearchFn: 'strong_wolfe' as never })).toThrow(/^LBFGS: lineSearchFn: only null/);
  });
});

describe('Dropout and F.dropout take inplace, as PyTorch\'s (it was an unknown option)', () => {
  it('writes the dropped-out values into the input and returns it, with the same gradient as out of place', () => {
    const w = tensor([1, 2, 3, 4, 5, 6, 7, 8], { dtype: 'float64', requiresGrad: true });
    const expected = F.dropout(w.mul(1), { p: 0.5, generator: new Generator().manualSeed(4) });
    const h = w.mul(1);
    const out = F.dropout(h, { p: 0.5, inplace: true, generator: new Generator().manualSeed(4) });
    expect(out).toBe(h);
    expect(h.toArray()).toEqual(expected.toArray());
    h.sum().backward();
    // d/dw of Σ dropout(w) = mask/(1 − p): 2 where kept, 0 where dropped
    expect(w.grad!.toArray()).toEqual((expected.toArray() as number[]).map((v) => (v === 0 ? 0 : 2)));
    const layer = new Dropout(0.5, { inplace: true, generator: new Generator().manualSeed(4) });
    const h2 = w.mul(1);
    expect(layer.forward(h2)).toBe(h2);
    expect(h2.toArray()).toEqual(expected.toArray());
    // torch: repr(nn.Dropout(0.5, inplace=True)); eval returns the input untouched
    expect(String(layer)).toBe('Dropout(p=0.5, inplace=True)');
    const h3 = w.mul(1);
    expect(layer.eval().forward(h3)).toBe(h3);
    expect(h3.toArray()).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('refuses a leaf that requires grad, as PyTorch', () => {
    expect(() => F.dropout(zeros([2], { requiresGrad: true }), { inplace: true })).toThrow(/^mul_: a leaf tensor that requires grad/);
  });
});

describe('Embedding.fromPretrained, as PyTorch\'s from_pretrained (it did not exist)', () => {
  it('holds the given rows (the padding row too), frozen unless freeze: false, and draws no random numbers', () => {
    manualSeed(9);
    const e = Embedding.fromPretrained(tensor([[1, 2], [3, 4], [5, 6]]), { paddingIdx: 1 });
    const next = rand([1]).item();
    manualSeed(9);
    expect(rand([1]).item()).toBe(next);
    // torch: nn.Embedding.from_pretrained(tensor([[1., 2], [3, 4], [5, 6]]), padding_idx=1)
    expect(String(e)).toBe('Embedding(3, 2, padding_idx=1)');
    expect(e.weight.requiresGrad).toBe(false);
    expect(e.forward(tensor([1, 2], { dtype: 'int32' })).toArray()).toEqual([[3, 4], [5, 6]]);
    const trainable = Embedding.fromPretrained(tensor([[1, 2]], { dtype: 'float64' }), { freeze: false });
    expect([trainable.weight.requiresGrad, trainable.weight.dtype]).toEqual([true, 'float64']);
    expect(() => Embedding.fromPretrained(tensor([1, 2]))).toThrow(/^Embedding.fromPretrained: embeddings must be a 2-D float tensor/);
  });
});

describe('AlphaDropout and F.alphaDropout, as PyTorch\'s (they did not exist)', () => {
  it('keeps a·x + λα·a·p, drops to λα·a·(p − 1), and keeps a N(0, 1) input\'s mean and variance', () => {
    // torch (p = 0.5): a = 1/√((λα²·p + 1)(1 − p)) = 0.8864048946659319, λα = 1.7580993408473766
    const a = 0.8864048946659319;
    const la = 1.7580993408473766;
    const x = tensor([1, -2, 0.5, 3, 2, -1], { dtype: 'float64' });
    const y = Array.from(F.alphaDropout(x, { p: 0.5, training: true, generator: new Generator().manualSeed(2) }).toTypedArray());
    const dropped = la * a * (0.5 - 1);
    const xs = Array.from(x.toTypedArray());
    y.forEach((v, i) => expect([dropped, a * xs[i]! + la * a * 0.5].some((w) => Math.abs(v - w) < 1e-12)).toBe(true));
    expect(y.filter((v) => Math.abs(v - dropped) < 1e-12).length).toBeGreaterThan(0);
    const big = randn([200000], { dtype: 'float64', generator: new Generator().manualSeed(3) });
    const out = F.alphaDropout(big, { p: 0.2, training: true, generator: new Generator().manualSeed(4) });
    expect(Math.abs(out.mean().item())).toBeLessThan(0.01);
    expect(Math.abs(out.std().item() - 1)).toBeLessThan(0.01);
  });

  it('is the identity by default (F.alpha_dropout\'s training=False) and in eval, with PyTorch\'s repr', () => {
    const x = tensor([1, 2]);
    expect(F.alphaDropout(x)).toBe(x);
    const layer = new AlphaDropout(0.2);
    expect(layer.eval().forward(x)).toBe(x);
    expect(String(layer)).toBe('AlphaDropout(p=0.2, inplace=False)');
    expect(layer.train().forward(zeros([0])).shape).toEqual([0]);
  });
});
