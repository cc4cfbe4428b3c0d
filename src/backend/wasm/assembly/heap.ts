// Where the arena starts. Kernels take raw pointers into linear memory; the TypeScript side
// (../arena.ts) copies operands in and results out. No kernel allocates.

/** First byte after the module's static data: where the arena starts. */
export function heapBase(): usize {
  return __heap_base;
}
