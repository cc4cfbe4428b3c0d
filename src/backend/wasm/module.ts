/**
 * Loading the embedded WebAssembly kernels. The bytes are compiled into the package as base64
 * (see build.mjs), so nothing is fetched. SIMD support is detected first; where it is missing the
 * kernels are reported unavailable and callers stay on the reference backend.
 * @module
 */
import { KERNELS_WASM_BASE64 } from './generated/kernels-wasm.js';

/**
 * The part of `WebAssembly.Memory` the backend uses. Named structurally so the published .d.ts
 * files type-check without the DOM lib (TypeScript declares the WebAssembly namespace only there).
 */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

/** The functions the AssemblyScript module exports (pointers are byte offsets in `memory`). */
export interface WasmKernelExports {
  readonly memory: WasmMemory;
  heapBase(): number;
  matmulWorkBytes(): number;
  // prettier-ignore
  matmul(a: number, aB: number, aM: number, aK: number, b: number, bB: number, bK: number, bN: number,
    c: number, batch: number, m: number, n: number, k: number, work: number, accumulate: boolean): void;
  // prettier-ignore
  binary(op: number, a: number, aRow: number, aCol: number, b: number, bRow: number, bCol: number,
    out: number, rows: number, cols: number): void;
  unary(op: number, x: number, xRow: number, out: number, rows: number, cols: number, a: number, b: number): void;
  scaledAdd(y: number, x: number, alpha: number, out: number, n: number): void;
  reduceWorkBytes(inner: number): number;
  reduce(op: number, x: number, outer: number, reduced: number, inner: number, out: number, work: number): void;
  softmaxWorkBytes(inner: number): number;
  softmax(op: number, x: number, outer: number, size: number, inner: number, out: number, work: number): void;
  gather(src: number, rank: number, shape: number, strides: number, index: number, dst: number): void;
  // prettier-ignore
  compare(op: number, a: number, aRow: number, aCol: number, b: number, bRow: number, bCol: number,
    out: number, rows: number, cols: number): void;
  // prettier-ignore
  where(cond: number, cRow: number, cCol: number, a: number, aRow: number, aCol: number, b: number, bRow: number,
    bCol: number, out: number, rows: number, cols: number): void;
  argReduce(op: number, x: number, outer: number, xO: number, size: number, xS: number, inner: number, xI: number, out: number): void;
  // prettier-ignore
  gatherAlong(x: number, xO: number, xD: number, xI: number, index: number, iO: number, iK: number, iI: number,
    out: number, outer: number, along: number, inner: number): void;
  // prettier-ignore
  scatterAddAlong(dst: number, dO: number, dD: number, dI: number, index: number, iO: number, iK: number, iI: number,
    src: number, sO: number, sK: number, sI: number, outer: number, along: number, inner: number): void;
  // prettier-ignore
  im2col(x: number, batch: number, channels: number, xN: number, xC: number, xH: number, xW: number,
    geometry: number, padValue: number, out: number): void;
  col2im(cols: number, batch: number, channels: number, cN: number, cR: number, cL: number, geometry: number, out: number): void;
  // prettier-ignore
  maxPoolIndices(x: number, batch: number, channels: number, xN: number, xC: number, xH: number, xW: number,
    geometry: number, out: number): void;
  lstmCell(gates: number, c: number, batch: number, hidden: number, out: number, acts: number): void;
  lstmCellBackward(acts: number, c: number, grad: number, batch: number, hidden: number, outGates: number, outC: number): void;
  peakProbe(iterations: number): number;
}

/** A module with one function returning a v128 constant: validates only where SIMD128 exists. */
// prettier-ignore
const SIMD_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version
  0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, // type section: () -> v128
  0x03, 0x02, 0x01, 0x00, // function section: one function of type 0
  0x0a, 0x16, 0x01, 0x14, 0x00, 0xfd, 0x0c, // code section: v128.const …
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x0b,
]);

/** True when this JavaScript engine runs WebAssembly with the SIMD128 proposal. */
export function simdSupported(): boolean {
  return typeof WebAssembly === 'object' && WebAssembly.validate(SIMD_PROBE);
}

function kernelBytes(): Uint8Array {
  const text = atob(KERNELS_WASM_BASE64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

let instance: WasmKernelExports | null = null;
let failure: string | null = null;

/**
 * The kernels' exports, instantiated on first use (synchronously), or null when this engine has
 * no SIMD or refused to compile the module (`wasmUnavailableReason()` says why). Browsers that
 * forbid synchronous compilation of large modules on the main thread need `await initWasm()` first.
 */
export function wasmKernels(): WasmKernelExports | null {
  if (instance !== null || failure !== null) return instance;
  if (!simdSupported()) {
    failure = 'this JavaScript engine does not support WebAssembly SIMD128';
    return null;
  }
  try {
    const module = new WebAssembly.Module(kernelBytes() as BufferSource);
    instance = new WebAssembly.Instance(module, {}).exports as unknown as WasmKernelExports;
  } catch (e) {
    failure = `the WebAssembly module could not be instantiated synchronously (${(e as Error).message}); call initWasm() first`;
  }
  return instance;
}

/** Instantiates the kernels asynchronously (needed on browser main threads); resolves to availability. */
export async function initWasm(): Promise<boolean> {
  if (instance !== null) return true;
  if (!simdSupported()) return wasmKernels() !== null;
  const { instance: inst } = await WebAssembly.instantiate(kernelBytes() as BufferSource, {});
  instance = inst.exports as unknown as WasmKernelExports;
  failure = null;
  return true;
}

/** Why the WebAssembly kernels are unavailable, or null if they are (or were never asked for). */
export function wasmUnavailableReason(): string | null {
  return failure;
}
