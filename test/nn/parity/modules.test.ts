/**
 * issue 10's nn modules: against PyTorch 1.13 layer fixtures (state loaded through loadStateDict,
 * train/eval steps, gradients of input and parameters, running statistics), their parameter and
 * buffer names, defaults and errors, plus RMSNorm, Unflatten and ModuleDict by hand.
 */
import { describe, expect, it } from 'vitest';
import { ShapeError, ValueError, randn, tensor, type Tensor } from '../../../src/index.js';
import {
  AdaptiveMaxPool1d,
  AdaptiveMaxPool2d,
  AvgPool3d,
  Conv3d,
  ConvTranspose3d,
  MaxPool3d,
  MaxUnpool1d,
  MaxUnpool2d,
  Module,
  CosineSimilarity,
  GroupNorm,
  HuberLoss,
  InstanceNorm1d,
  InstanceNorm2d,
  InstanceNorm3d,
  KLDivLoss,
  Linear,
  ModuleDict,
  ModuleError,
  PairwiseDistance,
  PixelShuffle,
  PixelUnshuffle,
  RMSNorm,
  SmoothL1Loss,
  TripletMarginLoss,
  Unflatten,
  Upsample,
  functional as F,
} from '../../../src/nn/index.js';
import { expectMatches, fromFixture, stateOf, type LayerCase } from '../core/support.js';
import { loadParityCases } from './support.js';

const f64 = { dtype: 'float64' as const };

/** A MaxUnpool2d called with a fixed outputSize (the fixture's wrapper does the same in PyTorch). */
class WithOutputSize extends Module {
  constructor(readonly inner: MaxUnpool2d, readonly size: number[]) {
    super();
  }
  forward(x: Tensor, i: Tensor): Tensor {
    return this.inner.forward(x, i, this.size);
  }
}
const { layers } = loadParityCases();

/** Builds the chainrule module a fixture case describes (float64 parameters). */
function build(c: LayerCase): Module {
  const a = c.args as never[];
  const o = c.options as never;
  const withDtype = { ...(c.options as object), ...f64 } as never;
  switch (c.layer) {
    case 'GroupNorm': return new GroupNorm(a[0]!, a[1]!, withDtype);
    case 'InstanceNorm1d': return new InstanceNorm1d(a[0]!, withDtype);
    case 'InstanceNorm2d': return new InstanceNorm2d(a[0]!, withDtype);
    case 'Upsample': return new Upsample(o);
    case 'PixelShuffle': return new PixelShuffle(a[0]!);
    case 'PixelUnshuffle': return new PixelUnshuffle(a[0]!);
    case 'CosineSimilarity': return new CosineSimilarity(o);
    case 'PairwiseDistance': return new PairwiseDistance(o);
    case 'SmoothL1Loss': return new SmoothL1Loss(o);
    case 'HuberLoss': return new HuberLoss(o);
    case 'KLDivLoss': return new KLDivLoss(o);
    case 'TripletMarginLoss': return new TripletMarginLoss(o);
    case 'Unflatten': return new Unflatten(a[0]!, a[1]!);
    case 'Conv3d': return new Conv3d(a[0]!, a[1]!, a[2]!, withDtype);
    case 'ConvTranspose3d': return new ConvTranspose3d(a[0]!, a[1]!, a[2]!, withDtype);
    case 'MaxPool3d': return new MaxPool3d(a[0]!, o);
    case 'AvgPool3d': return new AvgPool3d(a[0]!, o);
    case 'AdaptiveMaxPool1d': return new AdaptiveMaxPool1d(a[0]!);
    case 'AdaptiveMaxPool2d': return new AdaptiveMaxPool2d(a[0]!);
    case 'MaxUnpool1d': return new MaxUnpool1d(a[0]!);
    case 'MaxUnpool2d': return new WithOutputSize(new MaxUnpool2d(a[0]!), [5, 5]);
    default: throw new Error(`no builder for ${c.layer}`);
  }
}

describe('modules match PyTorch (float64)', () => {
  it('covers every new layer kind', () => {
    expect([...new Set(layers.map((c) => c.layer))].sort()).toEqual([
      'AdaptiveMaxPool1d', 'AdaptiveMaxPool2d', 'AvgPool3d', 'Conv3d', 'ConvTranspose3d', 'CosineSimilarity', 'GroupNorm', 'HuberLoss',
      'InstanceNorm1d', 'InstanceNorm2d', 'KLDivLoss', 'MaxPool3d', 'MaxUnpool1d', 'MaxUnpool2d', 'PairwiseDistance', 'PixelShuffle',
      'PixelUnshuffle', 'SmoothL1Loss', 'TripletMarginLoss', 'Unflatten', 'Upsample',
    ]);
  });
  for (const c of layers) {
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
        out.backward(fromFixture(step.gradOutput));
        step.inputGrads!.forEach((g, i) => {
          if (g) expectMatches(inputs[i]!.grad, g, `${where}: grad of input ${i}`);
        });
        for (const [name, p] of params) expectMatches(p.grad, step.paramGrads![name]!, `${where}: grad of ${name}`);
        for (const [name, want] of Object.entries(step.buffers)) expectMatches(buffers.get(name)!, want, `${where}: buffer ${name}`);
      });
    });
  }
});

describe('defaults, names and errors', () => {
  it('parameters and buffers under PyTorch names, PyTorch defaults', () => {
    expect(new GroupNorm(2, 4).namedParameters().map(([n, p]) => [n, p.shape])).toEqual([['weight', [4]], ['bias', [4]]]);
    expect(new GroupNorm(2, 4, { affine: false }).parameters()).toEqual([]);
    const inorm = new InstanceNorm1d(3);
    expect([inorm.affine, inorm.trackRunningStats, inorm.eps, inorm.momentum]).toEqual([false, false, 1e-5, 0.1]);
    expect(inorm.parameters()).toEqual([]);
    expect(new InstanceNorm2d(3, { trackRunningStats: true }).namedBuffers().map(([n]) => n)).toEqual(['running_mean', 'running_var', 'num_batches_tracked']);
    expect(new RMSNorm([2, 3]).namedParameters().map(([n, p]) => [n, p.shape])).toEqual([['weight', [2, 3]]]);
    expect(new RMSNorm(3, { elementwiseAffine: false }).parameters()).toEqual([]);
    expect(String(new GroupNorm(2, 4))).toBe('GroupNorm(2, 4, eps=1e-05, affine=True)');
    expect(String(new Upsample({ scaleFactor: 2 }))).toBe('Upsample(scale_factor=2.0, mode=nearest)');
  });
  it('RMSNorm: x / √(mean(x²) + eps)·γ over the trailing dims (default eps: machine epsilon)', () => {
    const norm = new RMSNorm(2, f64);
    norm.weight!.detach().copy_(tensor([1, 2], f64));
    // mean(x²) of [3, 4] is 12.5; eps = 2^-52 for float64
    const y = norm.forward(tensor([[3, 4]], f64));
    expect(y.toArray()).toEqual([[3 / Math.sqrt(12.5 + 2 ** -52), 8 / Math.sqrt(12.5 + 2 ** -52)]]);
    const r = new RMSNorm(2, { eps: 0.5 }); // float32
    for (const v of r.forward(tensor([[1, 1]])).toTypedArray()) expect(v).toBeCloseTo(1 / Math.sqrt(1.5), 6);
  });
  it('InstanceNorm3d normalizes each (sample, channel) volume', () => {
    const x = randn([2, 2, 2, 3, 2], f64);
    expect(new InstanceNorm3d(2).forward(x).toArray()).toEqual(F.instanceNorm(x).toArray());
    const y = new InstanceNorm3d(2, { eps: 0 }).forward(x).select(0, 1).select(0, 0);
    expect(y.mean().item()).toBeCloseTo(0, 12);
    expect(y.mul(y).mean().item()).toBeCloseTo(1, 12);
    expect(() => new InstanceNorm3d(2).forward(randn([2, 2, 3]))).toThrow(/InstanceNorm3d: expected a 4-D \(unbatched\) or 5-D input/);
  });
  it('module forward equals the functional form', () => {
    const x = randn([2, 4, 3], f64);
    expect(new GroupNorm(2, 4, { ...f64, affine: false }).forward(x).toArray()).toEqual(F.groupNorm(x, 2).toArray());
    expect(new InstanceNorm1d(4).forward(x).toArray()).toEqual(F.instanceNorm(x).toArray());
    expect(new InstanceNorm1d(4).forward(x.select(0, 1)).toArray()).toEqual(F.instanceNorm(x.narrow(0, 1, 1)).squeeze(0).toArray());
  });
  it('layer examples from the TSDoc', () => {
    expect(new SmoothL1Loss({ beta: 0.5 }).forward(tensor([0.2, 2], f64), tensor([0, 0], f64)).item()).toBeCloseTo(0.895, 12);
    expect(new HuberLoss({ delta: 2, reduction: 'sum' }).forward(tensor([0.5, 3], f64), tensor([0, 0], f64)).item()).toBe(4.125);
    expect(new KLDivLoss({ reduction: 'batchmean' }).forward(tensor([[0.25, 0.75]], f64).log(), tensor([[0.5, 0.5]], f64)).item())
      .toBeCloseTo(0.5 * Math.log(2) + 0.5 * Math.log(2 / 3), 12);
    expect(new TripletMarginLoss({ margin: 0.5 }).forward(randn([8, 16]), randn([8, 16]), randn([8, 16])).shape).toEqual([]);
    expect(new PixelShuffle(3).forward(randn([1, 9, 4, 4])).shape).toEqual([1, 1, 12, 12]);
    expect(new PixelUnshuffle(2).forward(randn([1, 1, 4, 4])).shape).toEqual([1, 4, 2, 2]);
    expect(new Upsample({ scaleFactor: 2, mode: 'bilinear' }).forward(randn([1, 3, 4, 4])).shape).toEqual([1, 3, 8, 8]);
  });
  it('Unflatten splits one dim, inferring a -1', () => {
    const x = tensor([[1, 2, 3, 4, 5, 6]]);
    expect(new Unflatten(1, [2, 3]).forward(x).toArray()).toEqual([[[1, 2, 3], [4, 5, 6]]]);
    expect(new Unflatten(-1, [3, -1]).forward(x).toArray()).toEqual([[[1, 2], [3, 4], [5, 6]]]);
    expect(() => new Unflatten(1, [4, 2]).forward(x)).toThrow(/Unflatten: unflattenedSize \[4, 2\] does not match size 6 of dim 1|Unflatten: unflattenedSize/);
    expect(() => new Unflatten(1, [-1, -1])).toThrow(ValueError);
  });
  it('ModuleDict registers its modules under their keys, in order', () => {
    const heads = new ModuleDict({ cls: new Linear(8, 3), box: new Linear(8, 4) });
    expect([...heads.keys()]).toEqual(['cls', 'box']);
    expect(heads.namedParameters().map(([n]) => n)).toEqual(['cls.weight', 'cls.bias', 'box.weight', 'box.bias']);
    expect(heads.get('box').forward(randn([2, 8])).shape).toEqual([2, 4]);
    heads.set('extra', new Linear(1, 1));
    expect(heads.size).toBe(3);
    expect(heads.has('extra')).toBe(true);
    expect(() => heads.get('nope')).toThrow(/ModuleDict: no module under 'nope' \(keys: cls, box, extra\)/);
    expect(() => heads.set('cls', new Linear(1, 1))).toThrow(ModuleError);
    expect(() => heads.forward()).toThrow(/has no forward/);
    expect([...new ModuleDict([['a', new Linear(1, 1)]])].map(([k]) => k)).toEqual(['a']);
  });
  it('constructor and input errors name the module', () => {
    expect(() => new GroupNorm(3, 4)).toThrow(/GroupNorm: numChannels \(4\) must be divisible by numGroups \(3\)/);
    expect(() => new GroupNorm(2, 4).forward(randn([2, 3, 5]))).toThrow(/GroupNorm: expected input \[N, 4, \.\.\.\], got \[2,3,5\]/);
    expect(() => new InstanceNorm1d(3).forward(randn([2, 3, 4, 4]))).toThrow(/InstanceNorm1d: expected a 2-D \(unbatched\) or 3-D input/);
    expect(() => new InstanceNorm2d(3, { affine: true }).forward(randn([2, 2, 4, 4]))).toThrow(ShapeError);
    expect(() => new InstanceNorm1d(3, { momentum: 2 })).toThrow(/InstanceNorm1d: momentum must be in \[0, 1\]/);
    expect(() => new Upsample()).toThrow(/Upsample: give exactly one of size and scaleFactor/);
    expect(() => new PixelShuffle(0)).toThrow(/PixelShuffle: upscaleFactor must be a positive integer/);
    expect(() => new HuberLoss({ delta: 0 })).toThrow(/HuberLoss: delta must be positive/);
    expect(() => new SmoothL1Loss({ reduction: 'avg' as never })).toThrow(/SmoothL1Loss: reduction must be/);
    expect(() => new KLDivLoss({ reduction: 'avg' as never })).toThrow(/KLDivLoss: reduction must be/);
    expect(() => new TripletMarginLoss({ p: 0 })).toThrow(/TripletMarginLoss: p must be a positive number/);
    expect(() => new RMSNorm([])).toThrow(/RMSNorm: normalizedShape must have at least one dim/);
  });
});
