/**
 * The public API under fuzz: each entry is a public op, how to call it with generated arguments,
 * and (rarely) other op names its errors may carry. `self` entries are Tensor methods, called on
 * a generated tensor. `finite` marks ops that never turn finite inputs into NaN (creation, shape,
 * selection, sums): a NaN from one of them can only come from a bad argument.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import * as cr from '../../src/index.js';
import * as nn from '../../src/nn/index.js';
import * as optim from '../../src/optim/index.js';
import type { Entry } from './harness.js';

type Any = any;
const F = nn.functional as Any;
const C = cr as Any;

export type { Entry };

const fn = (op: string, arity: number, extra: Partial<Entry> = {}): Entry => ({ op, arity, call: (...a) => C[op](...a), ...extra });
const method = (op: string, arity: number, extra: Partial<Entry> = {}): Entry => ({
  op,
  arity,
  self: true,
  call: (x, ...a) => x[op](...a),
  ...extra,
});
const functional = (op: string, arity: number, extra: Partial<Entry> = {}): Entry => ({ op, arity, call: (...a) => F[op](...a), ...extra });
const layer = (name: string, arity: number): Entry => ({ op: name, arity, call: (...a) => new (nn as Any)[name](...a) });
const L = (cr as Any).linalg;
const linalg = (op: string, arity: number): Entry => ({ op: `linalg.${op}`, arity, call: (...a) => L[op](...a) });

// Well-formed pieces built from a generated argument (never throwing: a non-tensor passes through).
const zeroIndex = (x: unknown): Any => (x instanceof cr.Tensor ? cr.zeros(x.shape, { dtype: 'int32' }) : x);
const mask = (x: unknown): Any => (x instanceof cr.Tensor ? cr.tensor(Array.from({ length: x.numel() }, (_, i) => i % 2 === 0), { dtype: 'bool' }).reshape(x.shape) : x);
const sorted = (x: unknown): Any => (x instanceof cr.Tensor && x.dtype !== 'bool' && x.ndim > 0 ? cr.sort(x).values : x);
/** x's elements as a square matrix (batched over dim 0 when it is 3-D): the shapes linalg accepts. */
const square = (x: unknown): Any => {
  if (!(x instanceof cr.Tensor) || x.ndim === 0) return x;
  const n = Math.floor(Math.sqrt(x.shape[x.ndim - 1]! * (x.ndim > 1 ? x.shape[x.ndim - 2]! : 1)));
  const flat = x.ndim > 1 ? x.reshape([-1]) : x;
  return flat.shape[0]! >= n * n && n > 0 ? cr.narrow(flat, 0, 0, n * n).reshape([n, n]) : x;
};

const UNARY = ['neg', 'exp', 'log', 'log1p', 'expm1', 'sqrt', 'rsqrt', 'square', 'reciprocal', 'abs', 'sign', 'sin', 'cos', 'tanh', 'sigmoid', 'relu', 'erf'];

export const ENTRIES: Entry[] = [
  // Creation.
  fn('tensor', 2, { finite: true }),
  fn('zeros', 3, { finite: true }),
  fn('ones', 3, { finite: true }),
  fn('rand', 3, { finite: true }),
  fn('randn', 3, { finite: true }),
  fn('full', 3),
  fn('arange', 4, { finite: true }),
  fn('linspace', 4),
  fn('eye', 3, { finite: true }),
  fn('randint', 4, { finite: true }),
  fn('zerosLike', 2, { finite: true }),
  fn('onesLike', 2, { finite: true }),
  fn('fullLike', 3),
  // Elementwise, function and method forms.
  ...UNARY.map((op) => fn(op, 1)),
  ...UNARY.map((op) => method(op, 1)),
  fn('clamp', 3),
  fn('leakyRelu', 2),
  fn('softplus', 2),
  ...['add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum'].map((op) => fn(op, 2)),
  ...['add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum', 'matmul'].map((op) => method(op, 2)),
  fn('where', 3),
  ...['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'logicalAnd', 'logicalOr'].map((op) => fn(op, 2, { finite: true })),
  fn('isnan', 1, { finite: true }),
  fn('logicalNot', 1, { finite: true }),
  // Reductions.
  ...['sum', 'amax', 'amin', 'max', 'min', 'argmax', 'argmin'].map((op) => fn(op, 3, { finite: true })),
  ...['sum', 'amax', 'amin'].map((op) => method(op, 3, { finite: true })),
  method('mean', 3), // the mean over an empty dim is 0/0 = NaN, as in PyTorch
  fn('mean', 3),
  fn('var', 3),
  fn('std', 3),
  fn('logsumexp', 3),
  fn('cumsum', 2, { finite: true }),
  fn('softmax', 2),
  fn('logSoftmax', 2),
  fn('gelu', 2),
  fn('matmul', 2),
  // Shape.
  ...['reshape', 'view', 'permute', 'expand', 'squeeze', 'unsqueeze', 'flip'].map((op) => fn(op, 2, { finite: true })),
  ...['transpose', 'flatten', 'split', 'chunk', 'select'].map((op) => fn(op, 3, { finite: true })),
  fn('narrow', 4, { finite: true }),
  fn('slice', 5, { finite: true }),
  fn('contiguous', 1, { finite: true }),
  fn('clone', 1, { finite: true }),
  fn('unbind', 2, { finite: true }),
  fn('cat', 2, { finite: true }),
  fn('stack', 2, { finite: true }),
  fn('pad', 4),
  method('slice', 5, { finite: true }),
  method('flip', 2, { finite: true }),
  // Indexing.
  fn('indexSelect', 3, { finite: true }),
  fn('gather', 3, { finite: true }),
  fn('indexAdd', 4, { finite: true }),
  fn('scatterAdd', 4, { finite: true }),
  // In place.
  ...['add_', 'sub_'].map((op) => method(op, 3, { inPlace: true })),
  ...['mul_', 'div_', 'fill_', 'copy_'].map((op) => method(op, 2, { inPlace: true })),
  method('clamp_', 3, { inPlace: true }),
  method('zero_', 1, { inPlace: true, finite: true }),
  // Tensor methods beyond the ops.
  method('to', 2),
  method('reshape', 3, { finite: true }),
  method('view', 3, { finite: true }),
  method('permute', 3, { finite: true }),
  method('expand', 3, { finite: true }),
  method('transpose', 3, { finite: true }),
  method('max', 3, { finite: true }),
  method('argmax', 3, { finite: true }),
  method('var', 3),
  method('softmax', 2),
  method('cumsum', 2, { finite: true }),
  method('gather', 3, { finite: true }),
  method('indexSelect', 3, { finite: true }),
  method('requiresGrad_', 2),
  method('backward', 2, { inPlace: true }),
  method('item', 1),
  // nn.functional.
  functional('mseLoss', 3),
  functional('l1Loss', 3),
  functional('crossEntropy', 3),
  functional('nllLoss', 3),
  functional('layerNorm', 3),
  functional('adaptiveAvgPool1d', 2),
  functional('conv1d', 4),
  functional('maxPool1d', 3),
  functional('avgPool1d', 3),
  functional('linear', 3),
  functional('bilinear', 4),
  functional('dropout', 3),
  functional('embedding', 3),
  functional('batchNorm', 4),
  functional('conv2d', 4),
  functional('convTranspose1d', 4),
  functional('maxPool2d', 3),
  functional('avgPool2d', 3),
  functional('adaptiveAvgPool2d', 2),
  functional('binaryCrossEntropy', 3),
  functional('binaryCrossEntropyWithLogits', 3),
  functional('unfold', 3),
  functional('lstmCell', 4),
  // Layer forward passes with generated inputs (the error may name the functional form the layer calls).
  { op: 'Linear', arity: 1, call: (x) => new nn.Linear(3, 2).forward(x), alsoNamed: ['linear'] },
  { op: 'Conv1d', arity: 1, call: (x) => new nn.Conv1d(2, 2, 2).forward(x), alsoNamed: ['conv1d'] },
  { op: 'LSTM', arity: 2, call: (x, h) => new nn.LSTM(3, 2).forward(x, h) },
  { op: 'Embedding', arity: 1, call: (x) => new nn.Embedding(4, 2).forward(x), alsoNamed: ['embedding'] },
  { op: 'LayerNorm', arity: 1, call: (x) => new nn.LayerNorm(3).forward(x), alsoNamed: ['layerNorm'] },
  { op: 'BatchNorm1d', arity: 1, call: (x) => new nn.BatchNorm1d(3).forward(x), alsoNamed: ['batchNorm'] },
  { op: 'MaxPool1d', arity: 1, call: (x) => new nn.MaxPool1d(2).forward(x), alsoNamed: ['maxPool1d'] },
  { op: 'CrossEntropyLoss', arity: 2, call: (x, y) => new nn.CrossEntropyLoss().forward(x, y), alsoNamed: ['crossEntropy'] },
  // Optimizers (they reject unknown keys already; values and params must be checked too).
  { op: 'SGD', arity: 1, call: (o) => new optim.SGD([cr.zeros([2], { requiresGrad: true })], o) },
  { op: 'Adam', arity: 1, call: (o) => new optim.Adam([cr.zeros([2], { requiresGrad: true })], o) },
  { op: 'SGD', arity: 2, call: (p, o) => new optim.SGD(p, o) },
  // Layers.
  layer('Linear', 3),
  layer('Bilinear', 4),
  layer('Conv2d', 4),
  layer('ConvTranspose1d', 4),
  layer('GRU', 3),
  layer('RNN', 3),
  layer('LSTMCell', 3),
  layer('RNNCell', 3),
  layer('AvgPool1d', 2),
  layer('AdaptiveAvgPool1d', 1),
  layer('BatchNorm2d', 2),
  layer('Flatten', 2),
  layer('Softmax', 1),
  layer('MSELoss', 1),
  layer('NLLLoss', 1),
  layer('Embedding', 3),
  layer('LSTM', 3),
  layer('Conv1d', 4),
  layer('MaxPool1d', 2),
  layer('BatchNorm1d', 2),
  layer('LayerNorm', 2),
  layer('Dropout', 2),
  // I/O.
  fn('saveSafetensors', 2),
  fn('loadSafetensors', 1),
  // Session 18: ops the generic fuzz (functions.test.ts) calls with at most fn.length + 1
  // arguments, which counts no defaulted parameter: here with their full arity (dims, options).
  ...[
    ['scatter', 5], ['scatterReduce', 6], ['indexPut', 4], ['maskedFill', 3], ['indexFill', 4], ['takeAlongDim', 3], ['take', 2],
    ['repeatInterleave', 4], ['roll', 3], ['tile', 2], ['diagEmbed', 4], ['diagonal', 4], ['trace', 1], ['kron', 2], ['tensordot', 3],
    ['einsum', 3], ['cross', 3], ['cdist', 3], ['dist', 3], ['histc', 4], ['bincount', 2], ['searchsorted', 3], ['bucketize', 3],
    ['unique', 2], ['quantile', 4], ['topk', 3], ['kthvalue', 4], ['sort', 3], ['argsort', 3], ['median', 3], ['cummax', 2], ['cumprod', 2],
    ['logcumsumexp', 2], ['diff', 5], ['rot90', 3], ['tril', 2], ['triu', 2], ['triuIndices', 3], ['trilIndices', 3], ['trapezoid', 2],
    ['cumulativeTrapezoid', 2], ['vander', 3], ['lerp', 3], ['addcmul', 4], ['addcdiv', 4], ['addmm', 4], ['baddbmm', 4], ['addmv', 4],
    ['xlogy', 2], ['heaviside', 2], ['copysign', 2], ['fmod', 2], ['remainder', 2], ['floorDivide', 2], ['div', 3], ['round', 2],
    ['nanToNum', 2], ['clip', 3], ['logit', 2], ['multinomial', 3], ['combinations', 3], ['unflatten', 3], ['movedim', 3],
    ['tensorSplit', 3], ['nansum', 3], ['nanmean', 3], ['aminmax', 2], ['varMean', 3], ['stdMean', 3], ['countNonzero', 2],
    ['norm', 4], ['logspace', 5], ['isclose', 3], ['fullLike', 3], ['randintLike', 4], ['normal', 4], ['bernoulli', 2], ['histc', 4],
  ].map(([op, arity]) => fn(op as string, arity as number)),
  ...['det', 'slogdet', 'inv', 'cholesky', 'qr', 'eigh', 'eigvalsh', 'eigvals', 'svd', 'svdvals', 'pinv', 'matrixRank'].map((op) => linalg(op, 2)),
  ...['solve', 'lstsq', 'matrixPower'].map((op) => linalg(op, 3)),
  ...['vectorNorm', 'matrixNorm', 'norm'].map((op) => linalg(op, 4)),
  ...[
    ['interpolate', 2], ['fold', 4], ['pixelShuffle', 2], ['pixelUnshuffle', 2], ['groupNorm', 5], ['instanceNorm', 2],
    ['rmsNorm', 4], ['klDiv', 3], ['smoothL1Loss', 3], ['huberLoss', 3], ['tripletMarginLoss', 4], ['cosineEmbeddingLoss', 4],
    ['gaussianNllLoss', 4], ['poissonNllLoss', 3], ['multiMarginLoss', 3], ['multilabelSoftMarginLoss', 3], ['marginRankingLoss', 4],
    ['hingeEmbeddingLoss', 3], ['softMarginLoss', 3], ['hardshrink', 2], ['softshrink', 2], ['threshold', 3], ['glu', 2], ['prelu', 2],
    ['normalize', 2], ['cosineSimilarity', 3], ['pairwiseDistance', 3], ['oneHot', 2], ['conv3d', 4], ['convTranspose2d', 4],
    ['maxPool3d', 3], ['avgPool3d', 3], ['adaptiveMaxPool1d', 3], ['adaptiveMaxPool2d', 3], ['maxUnpool1d', 4], ['maxUnpool2d', 4],
    ['channelShuffle', 2], ['elu', 2], ['celu', 2], ['hardtanh', 2], ['softmin', 2], ['gruCell', 4], ['rnnTanhCell', 4], ['dropout2d', 2],
  ].map(([op, arity]) => functional(op as string, arity as number)),
  // The same ops with one argument made well-formed, so the generated ones reach past the first
  // check: an index of zeros of the input's shape, a sorted sequence, a square matrix.
  { op: 'scatter', arity: 3, call: (x, d, v) => cr.scatter(x, d, zeroIndex(x), v) },
  { op: 'scatterReduce', arity: 4, call: (x, d, r, o) => cr.scatterReduce(x, d, zeroIndex(x), x, r, o) },
  { op: 'indexPut', arity: 3, call: (x, v, o) => cr.indexPut(x, [zeroIndex(x)], v, o) },
  { op: 'indexFill', arity: 3, call: (x, d, v) => cr.indexFill(x, d, zeroIndex(x), v) },
  { op: 'gather', arity: 2, call: (x, d) => cr.gather(x, d, zeroIndex(x)) },
  { op: 'takeAlongDim', arity: 2, call: (x, d) => cr.takeAlongDim(x, zeroIndex(x), d) },
  { op: 'searchsorted', arity: 3, call: (s, v, o) => C.searchsorted(sorted(s), v, o) },
  { op: 'bucketize', arity: 3, call: (v, s, o) => C.bucketize(v, sorted(s), o) },
  { op: 'maskedFill', arity: 2, call: (x, v) => cr.maskedFill(x, mask(x), v) },
  { op: 'maxUnpool1d', arity: 3, call: (x, k, o) => F.maxUnpool1d(x, zeroIndex(x), k, o) },
  ...['det', 'inv', 'solve', 'cholesky', 'eigh', 'matrixPower', 'slogdet'].map((op) => ({ op: `linalg.${op}`, arity: 2, call: (x: Any, b: Any) => L[op](square(x), b) })),
];
