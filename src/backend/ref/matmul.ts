/**
 * Batched matrix product of the reference backend: the textbook i-k-j loop over strided operands
 * (with `accumulate`, each output row starts from out's values instead of 0).
 * @module
 */
import type { FloatArray } from '../../dtype.js';
import type { FloatView } from '../backend.js';

export function matmul(a: FloatView, b: FloatView, out: FloatArray, accumulate: boolean): void {
  const [batch, m, k] = a.shape as [number, number, number];
  const n = b.shape[2]!;
  const [aB, aM, aK] = a.strides as [number, number, number];
  const [bB, bK, bN] = b.strides as [number, number, number];
  const A = a.storage;
  const B = b.storage;
  const row = new Float64Array(n); // accumulate each output row in float64
  for (let p = 0; p < batch; p++) {
    const aBase = a.offset + p * aB;
    const bBase = b.offset + p * bB;
    for (let i = 0; i < m; i++) {
      const at = (p * m + i) * n;
      if (accumulate) for (let j = 0; j < n; j++) row[j] = out[at + j]!;
      else row.fill(0);
      for (let q = 0; q < k; q++) {
        const aiq = A[aBase + i * aM + q * aK]!;
        const bRow = bBase + q * bK;
        for (let j = 0; j < n; j++) row[j] += aiq * B[bRow + j * bN]!;
      }
      out.set(row, at);
    }
  }
}
