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
];
