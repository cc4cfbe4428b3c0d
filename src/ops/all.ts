/**
 * The op families as namespaces, for the Tensor methods.
 * @module
 */
export * as unary from './unary.js';
export * as binary from './binary.js';
export * as compare from './compare.js';
export * as reduce from './reduce.js';
export * as matmulOp from './matmul.js';
export * as views from './views.js';
export * as indexing from './indexing.js';
export * as join from './join.js';
export * as padOp from './pad.js';
export * as flipOp from './flip.js';
export * as cast from './cast.js';
export * as inplace from './inplace.js';
export * as statistics from '../functional/statistics.js';
export * as activations from '../functional/activations.js';
