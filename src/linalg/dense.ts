/**
 * Dense float64 factorizations of one small matrix (row-major `Float64Array`), used by
 * chainrule.linalg's forwards: LU with partial pivoting, Cholesky, Householder QR, cyclic Jacobi
 * for symmetric eigenproblems and one-sided (Hestenes) Jacobi for the SVD. Plain, readable loops:
 * accurate to float64 at course sizes (tens to a few hundreds of rows), not tuned for speed.
 * @module
 */

/** LU factors of a square matrix: `P·A = L·U` packed in `lu`, `perm[i]` the source row of row i. */
export interface LuFactors {
  lu: Float64Array;
  perm: Int32Array;
  /** +1 or −1: the sign of the row permutation. */
  sign: number;
  /** The first zero pivot's index, or −1 when A is non-singular. */
  zeroPivot: number;
}

/** Gaussian elimination with partial pivoting (LAPACK's getrf, unblocked). */
export function luFactor(a: Float64Array, n: number): LuFactors {
  const lu = a.slice();
  const perm = Int32Array.from({ length: n }, (_, i) => i);
  let sign = 1;
  let zeroPivot = -1;
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(lu[r * n + c]!) > Math.abs(lu[p * n + c]!)) p = r;
    if (p !== c) {
      for (let k = 0; k < n; k++) [lu[c * n + k], lu[p * n + k]] = [lu[p * n + k]!, lu[c * n + k]!];
      [perm[c], perm[p]] = [perm[p]!, perm[c]!];
      sign = -sign;
    }
    const pivot = lu[c * n + c]!;
    if (pivot === 0) {
      if (zeroPivot < 0) zeroPivot = c;
      continue;
    }
    for (let r = c + 1; r < n; r++) {
      const f = (lu[r * n + c]! /= pivot);
      if (f !== 0) for (let k = c + 1; k < n; k++) lu[r * n + k]! -= f * lu[c * n + k]!;
    }
  }
  return { lu, perm, sign, zeroPivot };
}

/** Solves A·X = B (B is n×k, row-major) from A's LU factors; A must be non-singular. */
export function luSolve(f: LuFactors, n: number, b: Float64Array, k: number): Float64Array {
  const { lu, perm } = f;
  const x = new Float64Array(n * k);
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) x[i * k + j] = b[perm[i]! * k + j]!;
  for (let i = 0; i < n; i++) {
    for (let r = 0; r < i; r++) {
      const l = lu[i * n + r]!;
      if (l !== 0) for (let j = 0; j < k; j++) x[i * k + j]! -= l * x[r * k + j]!;
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    for (let r = i + 1; r < n; r++) {
      const u = lu[i * n + r]!;
      if (u !== 0) for (let j = 0; j < k; j++) x[i * k + j]! -= u * x[r * k + j]!;
    }
    const d = lu[i * n + i]!;
    for (let j = 0; j < k; j++) x[i * k + j]! /= d;
  }
  return x;
}

/**
 * The power of two f that brings max|a| into [0.5, 1) (as near as 2^±1000 allows; 1 for an
 * all-zero or non-finite a).
 * Multiplying by it is exact, so the iterative solvers can work at unit scale: sums of squares of
 * tiny (subnormal) or huge entries then neither underflow nor overflow.
 */
export function unitScale(a: Float64Array): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]!));
  if (max === 0 || !Number.isFinite(max)) return 1;
  // clamped so that f itself is a normal double (2^±1000): entries far below eps·max stay tiny
  const e = Math.min(1000, Math.max(-1000, Math.floor(Math.log2(max)) + 1));
  return Math.pow(2, -e);
}

/** a·f elementwise, as a new array. */
export function scaled(a: Float64Array, f: number): Float64Array {
  return f === 1 ? a.slice() : a.map((x) => x * f);
}

/** The n×n identity. */
export function identity(n: number): Float64Array {
  const e = new Float64Array(n * n);
  for (let i = 0; i < n; i++) e[i * n + i] = 1;
  return e;
}

/**
 * Lower Cholesky factor of a symmetric positive-definite matrix, reading only its lower triangle
 * (LAPACK's potrf with uplo 'L'). Returns the order (1-based) of the first leading minor that is
 * not positive-definite instead, as a number.
 */
export function choleskyFactor(a: Float64Array, n: number): Float64Array | number {
  const l = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j]!;
    for (let k = 0; k < j; k++) d -= l[j * n + k]! ** 2;
    if (!(d > 0)) return j + 1;
    const ljj = Math.sqrt(d);
    l[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j]!;
      for (let k = 0; k < j; k++) s -= l[i * n + k]! * l[j * n + k]!;
      l[i * n + j] = s / ljj;
    }
  }
  return l;
}

/**
 * Householder QR of an m×n matrix (LAPACK's geqrf + orgqr conventions: R's diagonal is
 * −sign(pivot column head)·norm). Returns the full m×m Q and the m×n R.
 */
export function householderQr(a: Float64Array, m: number, n: number): { q: Float64Array; r: Float64Array } {
  const r = a.slice();
  const q = identity(m);
  const v = new Float64Array(m);
  for (let j = 0; j < Math.min(m - 1, n); j++) {
    let below = 0;
    for (let i = j + 1; i < m; i++) below = Math.max(below, Math.abs(r[i * n + j]!));
    if (below === 0) continue; // already upper triangular in this column: H = I (LAPACK's tau = 0)
    // scaled by the column's largest magnitude, so tiny or huge entries neither underflow nor overflow
    const scale = Math.max(below, Math.abs(r[j * n + j]!));
    let norm2 = 0;
    for (let i = j; i < m; i++) norm2 += (r[i * n + j]! / scale) ** 2;
    const alpha = r[j * n + j]! / scale;
    const beta = -(alpha >= 0 ? 1 : -1) * Math.sqrt(norm2);
    v[j] = alpha - beta;
    for (let i = j + 1; i < m; i++) v[i] = r[i * n + j]! / scale;
    let vv = 0;
    for (let i = j; i < m; i++) vv += v[i]! ** 2;
    const twoOverVv = 2 / vv;
    // R ← H·R on rows j.., H = I − 2vvᵀ/vᵀv
    for (let c = j; c < n; c++) {
      let s = 0;
      for (let i = j; i < m; i++) s += v[i]! * r[i * n + c]!;
      s *= twoOverVv;
      for (let i = j; i < m; i++) r[i * n + c]! -= s * v[i]!;
    }
    // Q ← Q·H on columns j..
    for (let row = 0; row < m; row++) {
      let s = 0;
      for (let i = j; i < m; i++) s += q[row * m + i]! * v[i]!;
      s *= twoOverVv;
      for (let i = j; i < m; i++) q[row * m + i]! -= s * v[i]!;
    }
    for (let i = j + 1; i < m; i++) r[i * n + j] = 0;
  }
  return { q, r };
}

const MAX_SWEEPS = 100;

/** Eigenvalues (ascending) and orthonormal eigenvectors (columns) of a symmetric n×n matrix, by cyclic Jacobi. */
export function jacobiEigh(a: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const f = unitScale(a);
  const s = scaled(a, f);
  const v = identity(n);
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let off = 0;
    let diag = 0;
    for (let p = 0; p < n; p++) {
      diag += s[p * n + p]! ** 2;
      for (let q = p + 1; q < n; q++) off += s[p * n + q]! ** 2;
    }
    if (off <= 1e-34 * diag || off === 0) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = s[p * n + q]!;
        if (apq === 0) continue;
        const theta = (s[q * n + q]! - s[p * n + p]!) / (2 * apq);
        const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        rotate(s, v, n, p, q, c, t * c);
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => s[i * n + i]! - s[j * n + j]!);
  const values = Float64Array.from(order, (i) => s[i * n + i]! / f);
  const vectors = new Float64Array(n * n);
  order.forEach((src, col) => {
    const sgn = columnSign(v, n, n, src);
    for (let r = 0; r < n; r++) vectors[r * n + col] = sgn * v[r * n + src]!;
  });
  return { values, vectors };
}

/** S ← JᵀSJ and V ← VJ for the plane rotation J with J_pp = J_qq = c, J_pq = s, J_qp = −s. */
function rotate(sm: Float64Array, v: Float64Array, n: number, p: number, q: number, c: number, s: number): void {
  for (let k = 0; k < n; k++) {
    const kp = sm[k * n + p]!;
    const kq = sm[k * n + q]!;
    sm[k * n + p] = c * kp - s * kq;
    sm[k * n + q] = s * kp + c * kq;
  }
  for (let k = 0; k < n; k++) {
    const pk = sm[p * n + k]!;
    const qk = sm[q * n + k]!;
    sm[p * n + k] = c * pk - s * qk;
    sm[q * n + k] = s * pk + c * qk;
  }
  for (let k = 0; k < n; k++) {
    const kp = v[k * n + p]!;
    const kq = v[k * n + q]!;
    v[k * n + p] = c * kp - s * kq;
    v[k * n + q] = s * kp + c * kq;
  }
}

/** +1 or −1 so that the column's largest-magnitude entry (first on ties) is positive: a fixed sign convention. */
function columnSign(a: Float64Array, rows: number, cols: number, col: number): number {
  let best = 0;
  for (let r = 0; r < rows; r++) if (Math.abs(a[r * cols + col]!) > Math.abs(best) + 1e-12 * Math.abs(best)) best = a[r * cols + col]!;
  return best < 0 ? -1 : 1;
}
