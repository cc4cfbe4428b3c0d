/**
 * Issue 12's examples, one test each: every bad call gives a chainrule error naming the PUBLIC
 * op the user called (and, where PyTorch computes, PyTorch's result), and leaves its inputs as
 * they were. Expected values are hand-derived (PyTorch: `torch.zeros(2, 3).shape == (2, 3)`,
 * `torch.tensor(np.uint8([0, 7, 255]))` keeps the bytes).
 */
import { describe, expect, it } from 'vitest';
import * as cr from '../../src/index.js';
import { ChainruleError, DTypeError, MAX_ELEMENTS, Tensor, tensor } from '../../src/index.js';
import * as nn from '../../src/nn/index.js';

const F = nn.functional;
// Plain-JavaScript callers: the point is what happens with arguments TypeScript would reject.
/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

function x23(): Tensor {
  return tensor([[1, -2, 3], [-4, 5, -6]]);
}

/** Runs `fn`, which must throw a ChainruleError from `op` whose message matches `pattern`; returns it. */
function rejects(fn: () => unknown, op: string, pattern: RegExp): ChainruleError {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught, 'expected a chainrule error').toBeInstanceOf(ChainruleError);
  const e = caught as ChainruleError;
  expect(e.op).toBe(op);
  expect(e.message.startsWith(`${op}: `)).toBe(true);
  expect(e.message).toMatch(pattern);
  return e;
}

/** `fn(x)` must reject and leave x's values (and version) unchanged. */
function rejectsUnchanged(fn: (x: Tensor) => unknown, op: string, pattern: RegExp): void {
  const x = x23();
  const before = x.toArray();
  const version = x.versionCounter.value;
  rejects(() => fn(x), op, pattern);
  expect(x.toArray()).toEqual(before);
  expect(x.versionCounter.value).toBe(version);
}

describe('issue 12: a process crash and raw RangeErrors become errors naming the op and the size', () => {
  it('F.adaptiveAvgPool1d(x, 1e8) fails fast (no giant JS array), and 1e12 too', () => {
    const x = cr.randn([1, 1, 4]);
    const t0 = Date.now();
    rejects(() => F.adaptiveAvgPool1d(x, 1e8), 'adaptiveAvgPool1d', /outputSize 100000000 .*400000000 elements, more than MAX_ELEMENTS \(268435456\)/);
    rejects(() => F.adaptiveAvgPool1d(x, 1e12), 'adaptiveAvgPool1d', /MAX_ELEMENTS/);
    expect(Date.now() - t0).toBeLessThan(1000);
  });
  it('zeros([1e6, 1e6])', () => rejects(() => cr.zeros([1e6, 1e6]), 'zeros', /\[1000000,1000000\] has 1000000000000 elements, more than MAX_ELEMENTS/));
  it('new nn.Linear(1e6, 1e6)', () => rejects(() => new nn.Linear(1e6, 1e6), 'Linear', /inFeatures=1000000 × outFeatures=1000000 has 1000000000000 elements/));
  it('new nn.Embedding(1e9, 1000)', () => rejects(() => new nn.Embedding(1e9, 1000), 'Embedding', /numEmbeddings=1000000000 × embeddingDim=1000/));
  it('arange(0, 1e12)', () => rejects(() => cr.arange(0, 1e12), 'arange', /1000000000000 elements/));
  it('conv padding 1e7', () =>
    rejects(() => F.conv2d(cr.randn([1, 1, 3, 3]), cr.randn([1, 1, 2, 2]), null, { padding: 1e7 }), 'conv2d', /output size \[20000002,20000002\].*MAX_ELEMENTS/));
  it('MAX_ELEMENTS is 2^28 and exactly that many is not refused by the check', () => {
    expect(MAX_ELEMENTS).toBe(2 ** 28);
    rejects(() => cr.zeros([MAX_ELEMENTS + 1]), 'zeros', /268435457 elements/);
  });
});

describe('issue 12: silent garbage becomes an error (x unchanged)', () => {
  it("x.add_(y, 'a')", () => rejectsUnchanged((x) => (x as Any).add_(x23(), 'a'), 'add_', /alpha must be a number, got the string 'a'/));
  it('x.sub_(y, {})', () => rejectsUnchanged((x) => (x as Any).sub_(x23(), {}), 'sub_', /alpha must be a number, got an object/));
  it("x.clamp_('a')", () => rejectsUnchanged((x) => (x as Any).clamp_('a'), 'clamp_', /min must be a number, got the string 'a'/));
  it("x.fill_('a')", () => rejectsUnchanged((x) => (x as Any).fill_('a'), 'fill_', /value must be a number, got the string 'a'/));
  it('x.fill_()', () => rejectsUnchanged((x) => (x as Any).fill_(), 'fill_', /value must be a number, got undefined/));
  it('x.add_(y, null)', () => rejectsUnchanged((x) => (x as Any).add_(x23(), null), 'add_', /alpha must be a number, got null/));
  it('x.slice(0, NaN, 3) and a non-integer end', () => {
    rejectsUnchanged((x) => x.slice(0, Number.NaN, 3), 'slice', /start must be an integer, got NaN/);
    rejectsUnchanged((x) => x.slice(0, 0, 1.5), 'slice', /end must be an integer, got 1.5/);
  });
  it("x.clamp(-1, 'b')", () => rejectsUnchanged((x) => (x as Any).clamp(-1, 'b'), 'clamp', /max must be a number, got the string 'b'/));
  it("cr.full([2], 'a')", () => rejects(() => (cr as Any).full([2], 'a'), 'full', /fillValue must be a number, got the string 'a'/));
  it("x.pad([1, 1], 'constant', 'a')", () => rejectsUnchanged((x) => (x as Any).pad([1, 1], 'constant', 'a'), 'pad', /value must be a number, got the string 'a'/));
  it("x.var(0, { correction: 'a' })", () => rejectsUnchanged((x) => (x as Any).var(0, { correction: 'a' }), 'var', /correction must be a finite number, got the string 'a'/));
});

describe('issue 12: function forms check for tensors; wrong-type dims', () => {
  it('cr.exp(3)', () => rejects(() => (cr as Any).exp(3), 'exp', /input must be a Tensor, got 3/));
  it("cr.add('a', 2)", () => rejects(() => (cr as Any).add('a', 2), 'add', /input must be a Tensor or a number, got the string 'a'/));
  it('x.matmul(2.5)', () => rejectsUnchanged((x) => (x as Any).matmul(2.5), 'matmul', /other must be a Tensor, got 2.5/));
  it('F.mseLoss(x, null)', () => rejectsUnchanged((x) => (F as Any).mseLoss(x, null), 'mseLoss', /target must be a Tensor, got null/));
  it('x.sum({})', () => rejectsUnchanged((x) => (x as Any).sum({}), 'sum', /dim must be a dim or an array of dims, got an object/));
  it('x.amax(true)', () => rejectsUnchanged((x) => (x as Any).amax(true), 'amax', /dim must be a dim or an array of dims, got true/));
  it('x.flip(null)', () => rejectsUnchanged((x) => (x as Any).flip(null), 'flip', /dims must be a dim or an array of dims, got null/));
  it('F.layerNorm(x, null)', () => rejectsUnchanged((x) => (F as Any).layerNorm(x, null), 'layerNorm', /normalizedShape must be a size or an array of sizes, got null/));
  it('crossEntropy(logits, [0])', () => rejects(() => (F as Any).crossEntropy(cr.randn([1, 3]), [0]), 'crossEntropy', /target must be a Tensor, got an array of length 1/));
});

describe('issue 12: errors name the public op, not an internal one', () => {
  it('var(5) says var', () => rejects(() => (cr as Any).var(5), 'var', /input must be a Tensor, got 5/));
  it('std(5) says std', () => rejects(() => (cr as Any).std(5), 'std', /input must be a Tensor/));
  it('mean([0, 0]) says mean', () => rejectsUnchanged((x) => x.mean([0, 0]), 'mean', /dim 0 appears more than once in dims \[0,0\]/));
  it('stack with mixed dtypes says stack', () =>
    rejects(() => cr.stack([x23(), x23().to('float64')]), 'stack', /tensors\[1\] is float64 but tensors\[0\] is float32/));
  it('isnan(3) says isnan', () => rejects(() => (cr as Any).isnan(3), 'isnan', /input must be a Tensor, got 3/));
  it("Linear(…, { dtype: 'int32' }) says Linear", () => {
    const e = rejects(() => new nn.Linear(2, 3, { dtype: 'int32' as 'float32' }), 'Linear', /dtype must be 'float32' or 'float64'.*got the string 'int32'/);
    expect(e).toBeInstanceOf(DTypeError);
  });
});

describe('issue 12: options are never silently ignored', () => {
  it('new nn.LSTM(3, 4, { num_layers: 2 }) names numLayers', () =>
    rejects(() => new nn.LSTM(3, 4, { num_layers: 2 } as Any), 'LSTM', /unknown option 'num_layers' \(did you mean 'numLayers'\?\)/));
  it('Conv2d({ strides: 2 }) names stride', () =>
    rejects(() => new nn.Conv2d(1, 1, 3, { strides: 2 } as Any), 'Conv2d', /unknown option 'strides' \(did you mean 'stride'\?\)/));
  it("x.sum(0, 'false') is not keepdim", () => rejectsUnchanged((x) => (x as Any).sum(0, 'false'), 'sum', /keepdim must be true or false, got the string 'false'/));
  it("{ ceilMode: 'no' } is not ceil mode", () => rejects(() => new nn.MaxPool2d(2, { ceilMode: 'no' } as Any), 'MaxPool2d', /ceilMode must be true or false, got the string 'no'/));
  it("padding_mode: 'reflect' names paddingMode", () =>
    rejects(() => new nn.Conv2d(1, 1, 3, { padding_mode: 'reflect' } as Any), 'Conv2d', /unknown option 'padding_mode' \(did you mean 'paddingMode'\?\)/));
  it('batch_first: true names batchFirst', () =>
    rejects(() => new nn.LSTM(3, 4, { batch_first: true } as Any), 'LSTM', /unknown option 'batch_first' \(did you mean 'batchFirst'\?\)/));
  it('an unknown key on a creation function and on a loss', () => {
    rejects(() => cr.zeros([2], { requires_grad: true } as Any), 'zeros', /did you mean 'requiresGrad'/);
    rejects(() => F.mseLoss(x23(), x23(), { reductoin: 'sum' } as Any), 'mseLoss', /did you mean 'reduction'/);
  });
});

describe('issue 12: variadic shapes like PyTorch', () => {
  it('randn(2, 3) and zeros(2, 3) have shape [2, 3], as torch.randn(2, 3)', () => {
    expect(cr.randn(2, 3).shape).toEqual([2, 3]);
    expect(cr.zeros(2, 3).shape).toEqual([2, 3]);
    expect(cr.zeros(2, 3).toArray()).toEqual([[0, 0, 0], [0, 0, 0]]);
    expect(cr.ones(4).toArray()).toEqual([1, 1, 1, 1]);
    expect(cr.rand(1, 2, 3).shape).toEqual([1, 2, 3]);
  });
  it('both forms take the trailing options object', () => {
    expect(cr.zeros(2, 3, { dtype: 'float64' }).dtype).toBe('float64');
    expect(cr.ones([2, 3], { dtype: 'int32' }).dtype).toBe('int32');
    const g1 = new cr.Generator(7);
    const g2 = new cr.Generator(7);
    expect(cr.randn(2, 2, { generator: g1 }).toArray()).toEqual(cr.randn([2, 2], { generator: g2 }).toArray());
  });
  it('a mix of a list and loose sizes, or a non-number size, is an error (never a wrong shape)', () => {
    rejects(() => (cr as Any).zeros([2], 3), 'zeros', /size argument 0 must be a number/);
    rejects(() => (cr as Any).ones(2, '3'), 'ones', /size argument 1 must be a number/);
    rejects(() => (cr as Any).randn(), 'randn', /needs a size/);
    rejects(() => cr.zeros(2, 1.5), 'zeros', /non-negative integers/);
  });
});

describe('issue 12: typed arrays keep their values', () => {
  it('tensor(new Uint8Array(pixels)) is int32 with the same values, as torch.tensor(np.uint8(...)) keeps them', () => {
    const t = tensor(new Uint8Array([0, 7, 128, 255]));
    expect(t.dtype).toBe('int32');
    expect(t.toArray()).toEqual([0, 7, 128, 255]);
  });
  it('bool only from booleans or an explicit dtype', () => {
    expect(tensor([true, false]).dtype).toBe('bool');
    expect(tensor(new Uint8Array([0, 3]), { dtype: 'bool' }).toArray()).toEqual([false, true]);
  });
});

describe('issue 12: safetensors and anomaly mode', () => {
  it('saveSafetensors(null) is a chainrule error', () => rejects(() => (cr as Any).saveSafetensors(null), 'saveSafetensors', /tensors must be a Map or an object/));
  it('y.mul_(NaN) in anomaly mode blames mul_ and carries the stack', () => {
    const y = x23();
    const e = cr.detectAnomaly(() => rejects(() => y.mul_(Number.NaN), 'mul_', /anomaly mode: .*NaN/)) as cr.AnomalyError;
    expect(e.creationStack).toContain('issue12-examples.test.ts');
  });
});
