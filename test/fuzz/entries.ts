/**
 * The public API under fuzz: each entry is a public op, how to call it with generated arguments,
 * and (rarely) other op names its errors may carry. `self` entries are Tensor methods, called on
 * a generated tensor. `finite` marks ops that never turn finite inputs into NaN (creation, shape,
 * selection, sums): a NaN from one of them can only come from a bad argument.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import * as cr from '../../src/index.js';
import * as nn from '../../src/nn/index.js';

type Any = any;
const F = nn.functional as Any;
const C = cr as Any;

export interface Entry {
  /** The public op: every chainrule error must name it (or one of `alsoNamed`). */
  op: string;
  /** Number of generated arguments. */
  arity: number;
  /** Called with the generated arguments (for `self` entries, the first one is a tensor). */
  call: (...args: Any[]) => unknown;
  self?: boolean;
  finite?: boolean;
  /** In-place: the first argument may change when the call succeeds. */
  inPlace?: boolean;
  alsoNamed?: string[];
}

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
  // Layers.
  layer('Linear', 3),
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
