/**
 * Strided float32 copies done on the JavaScript side, where that beats a trip through linear
 * memory: the two views are collapsed together (size-1 dims dropped, dims both walk as one merged),
 * then walked as runs along the last dim. A run that is contiguous on both sides is one
 * `TypedArray.set` (a native memcpy), so a slice of rows — an LSTM gate chunk, its `embedSlice`
 * gradient, a `cat` piece — costs one memcpy per row and never enters wasm. Other runs are a tight
 * scalar loop with no offset table (ref's `elementOffsets` allocates one per call).
 * @module
 */
import type { View } from '../backend.js';
import { collapse, contiguousStrides, numel } from './layout.js';

/** A contiguous run shorter than this is copied by the scalar loop (a `set` costs a subarray). */
export const MIN_SET_RUN = 16;

/**
 * Contiguous runs at least this long are copied by `set`, one per run, rather than gathered in
 * wasm (the source's range in, the gather, the result out) when the source's range is dense.
 * Measured (bench/copy-runs.mjs, bench/results/2026-12-06-copy-runs.txt; a permute
 * [C, N, L] → [N, C, L], one `set` a run against the gather): runs of 16 took 650 µs against 164
 * (0.8 MB), 64: 334 against 185, 128: 183 against 143, 256: 107 against 142, 1024: 60 against 137.
 */
export const MIN_SET_RUN_BEFORE_GATHER = 192;

/** The collapsed walk of a copy from `src` to `dst`: run length and strides of the last dim. */
export interface RunPattern {
  /** Collapsed shape; the last dim is the run. Empty for a one-element copy. */
  readonly shape: readonly number[];
  readonly srcStrides: readonly number[];
  readonly dstStrides: readonly number[];
}

/** Collapses a copy's two stride patterns (same shape) into runs. */
export function runPattern(shape: readonly number[], srcStrides: readonly number[], dstStrides: readonly number[]): RunPattern {
  const c = collapse(shape, [srcStrides, dstStrides]);
  return { shape: c.shape, srcStrides: c.strides[0]!, dstStrides: c.strides[1]! };
}

/**
 * True when the pattern's runs are contiguous on both sides and at least `minRun` long: worth a
 * `set` each (MIN_SET_RUN against a scalar loop, MIN_SET_RUN_BEFORE_GATHER against a gather in wasm).
 */
export function copiesByRuns(p: RunPattern, minRun = MIN_SET_RUN): boolean {
  const last = p.shape.length - 1;
  return last < 0 || (p.srcStrides[last] === 1 && p.dstStrides[last] === 1 && p.shape[last]! >= minRun);
}

/**
 * `dst[dstOffset + Σ i_d·dstStrides[d]] = src[srcOffset + Σ i_d·srcStrides[d]]` over the pattern.
 * The arrays must not overlap (callers check).
 */
export function copyRuns(src: Float32Array, srcOffset: number, dst: Float32Array, dstOffset: number, p: RunPattern): void {
  const { shape, srcStrides, dstStrides } = p;
  const rank = shape.length;
  if (numel(shape) === 0) return;
  if (rank === 0) {
    dst[dstOffset] = src[srcOffset]!;
    return;
  }
  const last = rank - 1;
  const n = shape[last]!;
  const ss = srcStrides[last]!;
  const ds = dstStrides[last]!;
  const bySet = ss === 1 && ds === 1 && n >= MIN_SET_RUN;
  const index = new Array<number>(last).fill(0);
  let so = srcOffset;
  let dO = dstOffset;
  for (;;) {
    if (bySet) dst.set(src.subarray(so, so + n), dO);
    else for (let i = 0; i < n; i++) dst[dO + i * ds] = src[so + i * ss]!;
    // odometer over the outer dims
    let d = last - 1;
    for (; d >= 0; d--) {
      so += srcStrides[d]!;
      dO += dstStrides[d]!;
      if (++index[d]! < shape[d]!) break;
      so -= srcStrides[d]! * shape[d]!;
      dO -= dstStrides[d]! * shape[d]!;
      index[d] = 0;
    }
    if (d < 0) return;
  }
}

/** Copies view `src` into contiguous `dst` from `dstOffset` in row-major order. */
export function packInto(src: View, dst: Float32Array, dstOffset: number): void {
  const pattern = runPattern(src.shape, src.strides, contiguousStrides(src.shape));
  copyRuns(src.storage as Float32Array, src.offset, dst, dstOffset, pattern);
}
