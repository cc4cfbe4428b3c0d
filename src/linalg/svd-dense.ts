/**
 * The thin SVD of one small matrix by one-sided (Hestenes) Jacobi, in float64.
 * @module
 */
import { scaled, unitScale } from './dense.js';

const MAX_SWEEPS = 100;

/** The thin SVD of an m×n matrix (row-major): U m×k, S (k, descending, ≥ 0), V n×k (not Vᵀ), k = min(m, n). */
export function jacobiSvd(a: Float64Array, m: number, n: number): { u: Float64Array; s: Float64Array; v: Float64Array } {
  if (m < n) {
    const t = transposeDense(a, m, n);
    const r = jacobiSvd(t, n, m);
    return { u: r.v, s: r.s, v: r.u };
  }
  // m ≥ n: orthogonalize the columns of W = A·V by plane rotations, at unit scale (exact power of 2)
  const f = unitScale(a);
  const w = scaled(a, f);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let rotated = false;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        let alpha = 0;
        let beta = 0;
        let gamma = 0;
        for (let k = 0; k < m; k++) {
          const wp = w[k * n + p]!;
          const wq = w[k * n + q]!;
          alpha += wp * wp;
          beta += wq * wq;
          gamma += wp * wq;
        }
        if (gamma === 0 || Math.abs(gamma) <= 1e-15 * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        rotateColumns(w, m, n, p, q, c, s);
        rotateColumns(v, n, n, p, q, c, s);
      }
    }
    if (!rotated) break;
  }
  const norms = Array.from({ length: n }, (_, j) => {
    let t = 0;
    for (let k = 0; k < m; k++) t += w[k * n + j]! ** 2;
    return Math.sqrt(t);
  });
  const order = norms.map((_, j) => j).sort((i, j) => norms[j]! - norms[i]!);
  const s = Float64Array.from(order, (j) => norms[j]! / f);
  const u = new Float64Array(m * n);
  const vs = new Float64Array(n * n);
  const tol = (norms[order[0]!] ?? 0) * 1e-13;
  order.forEach((src, col) => {
    const sv = norms[src]!;
    // sign convention: V's column has its largest-magnitude entry positive
    let big = 0;
    for (let r = 0; r < n; r++) if (Math.abs(v[r * n + src]!) > Math.abs(big) * (1 + 1e-12)) big = v[r * n + src]!;
    const sgn = big < 0 ? -1 : 1;
    for (let r = 0; r < n; r++) vs[r * n + col] = sgn * v[r * n + src]!;
    if (sv > tol && sv > 0) for (let r = 0; r < m; r++) u[r * n + col] = (sgn * w[r * n + src]!) / sv;
  });
  completeColumns(u, m, n, order.map((src) => norms[src]! > tol && norms[src]! > 0));
  return { u, s, v: vs };
}

/** Fills the columns of the m×k matrix `q` not marked `filled` so that all k are orthonormal (Gram–Schmidt on eᵢ). */
export function completeColumns(q: Float64Array, m: number, k: number, filled: boolean[]): void {
  let candidate = 0;
  for (let col = 0; col < k; col++) {
    if (filled[col]) continue;
    while (candidate < m) {
      const e = new Float64Array(m);
      e[candidate++] = 1;
      for (let pass = 0; pass < 2; pass++) {
        for (let j = 0; j < k; j++) {
          if (!filled[j]) continue;
          let dot = 0;
          for (let r = 0; r < m; r++) dot += q[r * k + j]! * e[r]!;
          for (let r = 0; r < m; r++) e[r]! -= dot * q[r * k + j]!;
        }
      }
      const norm = Math.sqrt(e.reduce((t, x) => t + x * x, 0));
      if (norm < 1e-8) continue;
      for (let r = 0; r < m; r++) q[r * k + col] = e[r]! / norm;
      filled[col] = true;
      break;
    }
  }
}

/** The n×m transpose of an m×n row-major matrix. */
export function transposeDense(a: Float64Array, m: number, n: number): Float64Array {
  const t = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) t[j * m + i] = a[i * n + j]!;
  return t;
}

function rotateColumns(a: Float64Array, rows: number, cols: number, p: number, q: number, c: number, s: number): void {
  for (let k = 0; k < rows; k++) {
    const ap = a[k * cols + p]!;
    const aq = a[k * cols + q]!;
    a[k * cols + p] = c * ap - s * aq;
    a[k * cols + q] = s * ap + c * aq;
  }
}
