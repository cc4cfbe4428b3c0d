/**
 * The core layers as Modules: state dict names (as PyTorch's), strict loading and its errors
 * (which leave the model unchanged), train()/eval() switching, toString, the public
 * constructor attributes, and the loss modules.
 */
import { describe, expect, it } from 'vitest';
import { Generator, ShapeError, tensor, zeros, type Tensor } from '../../../src/index.js';
import {
  BatchNorm1d,
  BatchNorm2d,
  BCELoss,
  BCEWithLogitsLoss,
  CrossEntropyLoss,
  Dropout,
  Embedding,
  Flatten,
  GELU,
  Identity,
  L1Loss,
  LayerNorm,
  LeakyReLU,
  Linear,
  Bilinear,
  LogSoftmax,
  MSELoss,
  ModuleError,
  NLLLoss,
  ReLU,
  Sequential,
  Sigmoid,
  Softmax,
  Tanh,
  functional as F,
} from '../../../src/nn/index.js';

const f64 = { dtype: 'float64' as const };

function mlp(seed: number): Sequential {
  const generator = new Generator(seed);
  return new Sequential(
    new Linear(4, 3, { ...f64, generator }),
    new BatchNorm1d(3, f64),
    new ReLU(),
    new Dropout(0.5, { generator }),
    new Linear(3, 2, { ...f64, generator, bias: false }),
  );
}

function snapshot(model: Sequential): Record<string, unknown> {
  return Object.fromEntries([...model.stateDict()].map(([k, t]) => [k, t.toArray()]));
}

describe('state dicts', () => {
  it("use PyTorch's names and order", () => {
    expect([...mlp(0).stateDict().keys()]).toEqual([
      '0.weight', '0.bias',
      '1.weight', '1.bias', '1.running_mean', '1.running_var', '1.num_batches_tracked',
      '4.weight',
    ]);
    expect([...new LayerNorm([2, 3]).stateDict().keys()]).toEqual(['weight', 'bias']);
    expect([...new LayerNorm(3, { elementwiseAffine: false }).stateDict().keys()]).toEqual([]);
    expect([...new LayerNorm(3, { bias: false }).stateDict().keys()]).toEqual(['weight']);
    expect([...new BatchNorm2d(2, { affine: false, trackRunningStats: false }).stateDict().keys()]).toEqual([]);
    expect([...new Embedding(3, 2).stateDict().keys()]).toEqual(['weight']);
    expect([...new Bilinear(2, 3, 4).stateDict().keys()]).toEqual(['weight', 'bias']);
    const bce = new BCEWithLogitsLoss({ weight: tensor([1, 2]), posWeight: tensor([3, 4]) });
    expect([...bce.stateDict().keys()]).toEqual(['weight', 'pos_weight']);
    expect(mlp(0).stateDict().get('1.num_batches_tracked')!.dtype).toBe('int32');
  });

  it('round-trip between models', () => {
    const a = mlp(1);
    a.forward(tensor([[1, 2, 3, 4], [0, 1, 0, -1]], f64)); // moves the running stats
    const b = mlp(2);
    expect(snapshot(b)).not.toEqual(snapshot(a));
    expect(b.loadStateDict(a.stateDict())).toEqual({ missingKeys: [], unexpectedKeys: [] });
    expect(snapshot(b)).toEqual(snapshot(a));
    expect(snapshot(b)['1.num_batches_tracked']).toBe(1);
  });

  it('strict loading names missing, unexpected and mis-shaped keys, and changes nothing', () => {
    const model = mlp(3);
    const before = snapshot(model);
    const source = mlp(4).stateDict();
    const missing = new Map(source);
    missing.delete('1.running_var');
    expect(() => model.loadStateDict(missing)).toThrow(ModuleError);
    expect(() => model.loadStateDict(missing)).toThrow(/missing keys: '1\.running_var'/);
    const unexpected = new Map(source).set('5.weight', zeros([2]));
    expect(() => model.loadStateDict(unexpected)).toThrow(/unexpected keys: '5\.weight'/);
    const misShaped = new Map(source).set('0.weight', zeros([4, 3], f64));
    expect(() => model.loadStateDict(misShaped)).toThrow(ShapeError);
    expect(() => model.loadStateDict(misShaped)).toThrow(/'0\.weight' has shape \[4,3\] in the state dict but \[3,4\] in the model/);
    expect(snapshot(model)).toEqual(before);
    // Non-strict loading skips the missing key and reports both lists.
    expect(model.loadStateDict(missing, { strict: false })).toEqual({ missingKeys: ['1.running_var'], unexpectedKeys: [] });
    expect(snapshot(model)['0.weight']).toEqual(snapshot(mlp(4))['0.weight']);
  });
});

describe('train() and eval()', () => {
  it('switch Dropout between masking and the identity', () => {
    const drop = new Dropout(0.5, { generator: new Generator(0) });
    const x = tensor(new Array(100).fill(1), f64);
    const trained = Array.from(drop.forward(x).toTypedArray());
    expect(new Set(trained)).toEqual(new Set([0, 2])); // kept ones scaled by 1/(1 − 0.5)
    drop.eval();
    expect(drop.training).toBe(false);
    expect(drop.forward(x)).toBe(x);
    drop.train();
    expect(Array.from(drop.forward(x).toTypedArray())).not.toEqual(Array.from(x.toTypedArray()));
  });

  it('switch BatchNorm between batch and running statistics, updating them only in training', () => {
    const bn = new BatchNorm1d(1, { ...f64, affine: false });
    const x = tensor([[1], [3]], f64); // mean 2, biased var 1, unbiased var 2
    // training: (x − 2)/√(1 + 1e-5)
    expect(bn.forward(x).toArray()).toEqual([[-1 / Math.sqrt(1 + 1e-5)], [1 / Math.sqrt(1 + 1e-5)]]);
    // running_mean = 0.9·0 + 0.1·2, running_var = 0.9·1 + 0.1·2
    expect(bn.runningMean!.toArray()).toEqual([0.2]);
    expect(bn.runningVar!.toArray()).toEqual([0.9 + 0.2]);
    expect(bn.numBatchesTracked!.item()).toBe(1);
    bn.eval();
    const y = bn.forward(x);
    expect(y.toArray()).toEqual([[(1 - 0.2) / Math.sqrt(1.1 + 1e-5)], [(3 - 0.2) / Math.sqrt(1.1 + 1e-5)]]);
    expect(bn.runningMean!.toArray()).toEqual([0.2]);
    expect(bn.numBatchesTracked!.item()).toBe(1);
    // A whole model switches with its children.
    const model = mlp(5).eval();
    expect(model.modules().every((m) => !m.training)).toBe(true);
    expect(model.train().modules().every((m) => m.training)).toBe(true);
  });

  it('momentum null averages all batches so far', () => {
    const bn = new BatchNorm1d(1, { ...f64, affine: false, momentum: null });
    bn.forward(tensor([[0], [2]], f64)); // mean 1
    bn.forward(tensor([[4], [6]], f64)); // mean 5
    bn.forward(tensor([[-3], [-3]], f64)); // mean -3
    expect(bn.runningMean!.item()).toBeCloseTo((1 + 5 - 3) / 3, 14);
    expect(bn.numBatchesTracked!.item()).toBe(3);
    bn.resetRunningStats();
    expect([bn.runningMean!.item(), bn.runningVar!.item(), bn.numBatchesTracked!.item()]).toEqual([0, 1, 0]);
  });
});

describe('toString and attributes', () => {
  it("prints like PyTorch's repr, with PyTorch's argument spelling (in_features=, bias=True, None)", () => {
    const model = new Sequential(
      new Flatten(),
      new Linear(64, 32),
      new BatchNorm1d(32),
      new LeakyReLU(0.2),
      new Dropout(0.1),
      new Linear(32, 10, { bias: false }),
      new LogSoftmax(1),
    );
    expect(model.toString()).toBe(
      [
        'Sequential(',
        '  (0): Flatten(start_dim=1, end_dim=-1)',
        '  (1): Linear(in_features=64, out_features=32, bias=True)',
        '  (2): BatchNorm1d(32, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)',
        '  (3): LeakyReLU(negative_slope=0.2)',
        '  (4): Dropout(p=0.1, inplace=False)',
        '  (5): Linear(in_features=32, out_features=10, bias=False)',
        '  (6): LogSoftmax(dim=1)',
        ')',
      ].join('\n'),
    );
    expect(new LayerNorm([3, 4], { eps: 1e-3 }).toString()).toBe('LayerNorm((3, 4), eps=0.001, elementwise_affine=True)');
    expect(new Embedding(10, 3, { paddingIdx: 0 }).toString()).toBe('Embedding(10, 3, padding_idx=0)');
    expect(new Embedding(10, 3).toString()).toBe('Embedding(10, 3)');
    expect(new Bilinear(2, 3, 4).toString()).toBe('Bilinear(in1_features=2, in2_features=3, out_features=4, bias=True)');
    expect(new GELU({ approximate: 'tanh' }).toString()).toBe("GELU(approximate='tanh')");
    expect(new Softmax(-1).toString()).toBe('Softmax(dim=-1)');
    expect([new ReLU(), new Tanh(), new Sigmoid(), new Identity()].map(String)).toEqual(['ReLU()', 'Tanh()', 'Sigmoid()', 'Identity()']);
    expect(new BatchNorm2d(3, { momentum: null }).toString()).toBe('BatchNorm2d(3, eps=1e-05, momentum=None, affine=True, track_running_stats=True)');
  });

  it('expose the constructor arguments as fields', () => {
    const lin = new Linear(5, 6);
    expect([lin.inFeatures, lin.outFeatures, lin.weight.shape, lin.bias!.shape]).toEqual([5, 6, [6, 5], [6]]);
    const bn = new BatchNorm2d(4, { eps: 1e-3, momentum: 0.2, affine: false, trackRunningStats: false });
    expect([bn.numFeatures, bn.eps, bn.momentum, bn.affine, bn.trackRunningStats]).toEqual([4, 1e-3, 0.2, false, false]);
    expect([bn.weight, bn.bias, bn.runningMean, bn.runningVar, bn.numBatchesTracked]).toEqual([null, null, null, null, null]);
    const ln = new LayerNorm(7);
    expect([ln.normalizedShape, ln.eps, ln.elementwiseAffine]).toEqual([[7], 1e-5, true]);
    const emb = new Embedding(9, 4, { paddingIdx: 2 });
    expect([emb.numEmbeddings, emb.embeddingDim, emb.paddingIdx]).toEqual([9, 4, 2]);
    expect(new Dropout(0.3).p).toBe(0.3);
    expect(new Dropout().p).toBe(0.5);
    expect(new LeakyReLU().negativeSlope).toBe(0.01);
    expect([new Flatten().startDim, new Flatten().endDim]).toEqual([1, -1]);
    expect(new GELU().approximate).toBe('none');
    const ce = new CrossEntropyLoss({ ignoreIndex: 3, labelSmoothing: 0.1, reduction: 'sum' });
    expect([ce.ignoreIndex, ce.labelSmoothing, ce.reduction, ce.weight]).toEqual([3, 0.1, 'sum', null]);
  });
});

describe('loss modules', () => {
  it('call their functional forms with their options', () => {
    const x = tensor([[0.2, -1, 0.5], [1.5, 0.3, -0.2]], f64);
    const cls = tensor([2, 0], { dtype: 'int32' });
    const w = tensor([1, 2, 0.5], f64);
    const same = (a: Tensor, b: Tensor) => expect(a.toArray()).toEqual(b.toArray());
    same(new CrossEntropyLoss({ weight: w, labelSmoothing: 0.1 }).forward(x, cls), F.crossEntropy(x, cls, { weight: w, labelSmoothing: 0.1 }));
    same(new NLLLoss({ reduction: 'none', ignoreIndex: 0 }).forward(x, cls), F.nllLoss(x, cls, { reduction: 'none', ignoreIndex: 0 }));
    const y = tensor([[0, 1, 1], [1, 0, 0.5]], f64);
    same(new MSELoss({ reduction: 'sum' }).forward(x, y), F.mseLoss(x, y, { reduction: 'sum' }));
    same(new L1Loss().forward(x, y), F.l1Loss(x, y));
    same(new BCELoss({ weight: w }).forward(x.sigmoid(), y), F.binaryCrossEntropy(x.sigmoid(), y, { weight: w }));
    same(new BCEWithLogitsLoss({ posWeight: w }).forward(x, y), F.binaryCrossEntropyWithLogits(x, y, { posWeight: w }));
  });
  it('reject an unknown reduction', () => {
    expect(() => new MSELoss({ reduction: 'avg' as never })).toThrow(/MSELoss: reduction must be 'mean', 'sum' or 'none', got "avg"/);
  });
});
