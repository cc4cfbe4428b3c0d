/**
 * The public surface under fuzz, enumerated from the package's entry points rather than listed by
 * hand: every exported function, every exported class (constructed), every Tensor method, every
 * public method of nn.Module. Adding an entry point (chainrule/data, chainrule/plot) is ONE line
 * in {@link ENTRY_POINTS}; surface.test.ts fails while package.json exports an entry point that is
 * missing here, or while a name is on {@link NOT_FUZZED} without existing.
 */
import * as cr from '../../src/index.js';
import * as nn from '../../src/nn/index.js';
import * as optim from '../../src/optim/index.js';
import * as testing from '../../src/testing/index.js';
import * as models from '../../src/models/index.js';
import * as data from '../../src/data/index.js';
import * as plot from '../../src/plot/index.js';
import type { Any } from './harness.js';

/** package.json's export path → the module it resolves to. */
export const ENTRY_POINTS: Record<string, object> = {
  '.': cr,
  './nn': nn,
  './optim': optim,
  './testing': testing,
  './models': models,
  './data': data,
  './plot': plot,
  // One line per new entry point.
};

/**
 * Public names the generic fuzz does not call, each with its reason (a short list, on purpose:
 * everything else exported is called with generated arguments).
 */
export const NOT_FUZZED: Record<string, string> = {
  Tensor: 'its constructor is @internal (users build tensors with the creation functions); its methods are fuzzed',
  initWasm: 'async (a promise); its only argument-free call is exercised by the wasm suites',
  ChainruleError: 'error classes are built by chainrule itself; they take any message',
  ShapeError: 'error class',
  DTypeError: 'error class',
  IndexError: 'error class',
  ValueError: 'error class',
  AutogradError: 'error class',
  AnomalyError: 'error class',
  GradcheckError: 'error class',
  'nn.ModuleError': 'error class',
  'nn.HookError': 'error class',
  'testing.PropertyCheckError': 'error class',
  'models.resnet18': 'builds 11 M parameters (seconds per call); models.ResNet, fuzzed, holds its argument checks',
  'models.resnet34': 'as resnet18 (21 M parameters)',
  'models.resnet50': 'as resnet18 (25 M parameters)',
  'models.resnet152': 'as resnet18 (60 M parameters)',
  'nn.BatchNorm': 'abstract base class of BatchNorm1d/2d (fuzzed)',
  'nn.InstanceNorm': 'abstract base class of InstanceNorm1d/2d/3d (fuzzed)',
  'nn.RNNBase': 'abstract base class of RNN, LSTM and GRU (fuzzed)',
  'optim.Optimizer': 'abstract base class (protected constructor): SGD, Adam, AdamW, RMSprop and Adagrad are fuzzed',
  'optim.LRScheduler': 'abstract base class (protected constructor): StepLR, ExponentialLR, CosineAnnealingLR and LambdaLR are fuzzed',
  'Tensor.setGradFn': '@internal (called by the op recorder)',
  'Tensor.gradEdge': '@internal (called by the engine)',
  'Module.assignAttribute': '@internal (called by the property proxy)',
  'Module.collect': 'private',
  'Module.setBuffer': 'protected (for subclasses)',
};

/** Generated-argument counts that differ from `fn.length + 1` (rest parameters, variadic shapes). */
export const ARITY: Record<string, number> = {
  zeros: 4, ones: 4, rand: 4, randn: 4, einsum: 4, meshgrid: 3, tensor: 2, permute: 4,
  'Tensor.reshape': 4, 'Tensor.view': 4, 'Tensor.permute': 4, 'Tensor.expand': 4, 'Tensor.repeat': 4, 'Tensor.tile': 4,
};

export interface PublicName {
  /** Qualified name: `zeros`, `linalg.det`, `nn.functional.relu`, `nn.Linear`, `Tensor.sum`. */
  name: string;
  /** The bare name (what a chainrule error names). */
  bare: string;
  value: Any;
  isClass: boolean;
}

const isClass = (f: unknown): boolean => typeof f === 'function' && /^class\b/.test(Function.prototype.toString.call(f));
const isNamespace = (v: unknown): boolean => v !== null && typeof v === 'object' && Object.prototype.toString.call(v) === '[object Module]';

/** Every exported function and class of every entry point, namespaces (linalg, nn.functional, nn.init) included. */
export function publicNames(): PublicName[] {
  const out: PublicName[] = [];
  const seen = new Set<unknown>();
  const walk = (prefix: string, m: object): void => {
    for (const [k, v] of Object.entries(m)) {
      if (isNamespace(v)) walk(`${prefix}${k}.`, v as object);
      else if (typeof v === 'function' && !seen.has(v)) {
        seen.add(v); // re-exports and aliases (var = variance, moveaxis = movedim) are fuzzed once
        out.push({ name: `${prefix}${k}`, bare: k, value: v, isClass: isClass(v) });
      }
    }
  };
  for (const [path, m] of Object.entries(ENTRY_POINTS)) walk(path === '.' ? '' : `${path.slice(2)}.`, m);
  return out;
}

/** Public Tensor methods (own and inherited prototype functions, getters excluded). */
export function tensorMethods(): string[] {
  const names = new Set<string>();
  for (let p = cr.Tensor.prototype; p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    for (const k of Object.getOwnPropertyNames(p)) {
      const d = Object.getOwnPropertyDescriptor(p, k)!;
      if (k !== 'constructor' && typeof d.value === 'function' && !k.startsWith('_') && !(`Tensor.${k}` in NOT_FUZZED)) names.add(k);
    }
  }
  return [...names].sort();
}

/** Public methods of nn.Module (what every layer inherits). */
export function moduleMethods(): string[] {
  const p = nn.Module.prototype as Any;
  return Object.getOwnPropertyNames(p)
    .filter((k) => k !== 'constructor' && typeof Object.getOwnPropertyDescriptor(p, k)!.value === 'function' && !(`Module.${k}` in NOT_FUZZED))
    .sort();
}

/** Generated-argument count for a public function. */
export function arityOf(name: string, f: Any): number {
  return ARITY[name] ?? Math.min(5, Math.max(1, f.length + 1));
}

/**
 * Ops that never turn finite inputs into NaN (selection, shape, order, counting): a NaN in their
 * result can only come from a bad argument.
 */
export const FINITE = new Set([
  'sort', 'argsort', 'topk', 'kthvalue', 'median', 'cummax', 'cummin', 'countNonzero', 'diagonal', 'diag', 'diagEmbed',
  'movedim', 'swapaxes', 'broadcastTo', 'unflatten', 'tril', 'triu', 'roll', 'repeat', 'tile', 'repeatInterleave', 'meshgrid',
  'index', 'at', 'maskedFill', 'indexFill', 'maskedSelect', 'nonzero', 'take', 'takeAlongDim', 'scatter',
  'floor', 'ceil', 'round', 'trunc', 'any', 'all', 'isinf', 'isfinite', 'isclose', 'abs', 'neg', 'sign',
  'zeros', 'ones', 'eye', 'arange', 'reshape', 'view', 'permute', 'transpose', 'flatten', 'squeeze', 'unsqueeze', 'expand',
  'narrow', 'slice', 'contiguous', 'clone', 'cat', 'stack', 'split', 'chunk', 'select', 'unbind', 'flip', 'gather',
  'indexSelect', 'eq', 'ne', 'lt', 'le', 'gt', 'ge', 'isnan', 'logicalAnd', 'logicalOr', 'logicalNot', 'logicalXor',
  'amax', 'amin', 'max', 'min', 'argmax', 'argmin', 'zerosLike', 'onesLike', 'relu', 'oneHot',
]);
