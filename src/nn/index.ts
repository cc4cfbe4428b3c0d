/**
 * `chainrule/nn`: modules, layers, initializers and losses with PyTorch's semantics and names.
 * @module chainrule/nn
 */
export { Module, ModuleError } from './module.js';
export type { StateDict, LoadStateDictOptions, LoadStateDictResult } from './module.js';
export { Sequential, ModuleList } from './containers.js';
export type { TensorModule } from './containers.js';
