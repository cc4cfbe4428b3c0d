// Entry point of the WebAssembly kernels. Kernels take raw pointers into linear memory; the
// TypeScript side (../arena.ts) copies operands in and results out. Nothing here allocates.

export { matmul, matmulWorkBytes } from './matmul';
export { binary, scaledAdd } from './binary';
export { unary } from './unary';
export { reduce, reduceWorkBytes } from './reduce';
export { softmax, softmaxWorkBytes } from './softmax';
export { gather } from './copy';
export { compare, where } from './compare';
export { argReduce, gatherAlong, scatterAddAlong } from './indexing';
export { im2col, col2im, maxPoolIndices } from './conv';
export { lstmCell, lstmCellBackward } from './lstm-cell';
export { peakProbe } from './probe';

/** First byte after the module's static data: where the arena starts. */
export function heapBase(): usize {
  return __heap_base;
}
