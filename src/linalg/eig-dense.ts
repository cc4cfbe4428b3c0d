/**
 * Eigenvalues of a general real square matrix: Householder reduction to upper Hessenberg form,
 * then the Francis double-shift QR iteration (EISPACK's hqr, as in Numerical Recipes §11.6).
 * @module
 */
import { scaled, unitScale } from './dense.js';

/** The eigenvalues (real and imaginary parts; conjugate pairs adjacent) of an n×n row-major matrix. */
export function hqrEigenvalues(input: Float64Array, n: number): { re: Float64Array; im: Float64Array } {
  const f = unitScale(input);
  const a = hessenberg(scaled(input, f), n);
  const at = (i: number, j: number): number => a[i * n + j]!;
  const set = (i: number, j: number, v: number): void => {
    a[i * n + j] = v;
  };
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  let anorm = 0;
  for (let i = 0; i < n; i++) for (let j = Math.max(i - 1, 0); j < n; j++) anorm += Math.abs(at(i, j));
  let nn = n - 1;
  let t = 0;
  while (nn >= 0) {
    let its = 0;
    let l: number;
    do {
      for (l = nn; l >= 1; l--) {
        let s = Math.abs(at(l - 1, l - 1)) + Math.abs(at(l, l));
        if (s === 0) s = anorm;
        if (Math.abs(at(l, l - 1)) + s === s) {
          set(l, l - 1, 0);
          break;
        }
      }
      let x = at(nn, nn);
      if (l === nn) {
        re[nn] = x + t;
        im[nn--] = 0;
      } else {
        let y = at(nn - 1, nn - 1);
        let w = at(nn, nn - 1) * at(nn - 1, nn);
        if (l === nn - 1) {
          const p = 0.5 * (y - x);
          const q = p * p + w;
          let z = Math.sqrt(Math.abs(q));
          x += t;
          if (q >= 0) {
            z = p + (p >= 0 ? Math.abs(z) : -Math.abs(z));
            re[nn - 1] = re[nn] = x + z;
            if (z !== 0) re[nn] = x - w / z;
            im[nn - 1] = im[nn] = 0;
          } else {
            re[nn - 1] = re[nn] = x + p;
            im[nn - 1] = z;
            im[nn] = -z;
          }
          nn -= 2;
        } else {
          // LAPACK's budget (30·max(10, n) sweeps), with an exceptional shift every 10 sweeps: matrices
          // near a cyclic permutation (±2 off the diagonal, the rest tiny) stall the Francis shifts
          if (its === 30 * Math.max(10, n)) throw new Error('hqr: no convergence');
          if (its > 0 && its % 10 === 0) {
            // exceptional shift
            t += x;
            for (let i = 0; i <= nn; i++) set(i, i, at(i, i) - x);
            const s = Math.abs(at(nn, nn - 1)) + Math.abs(at(nn - 1, nn - 2));
            y = x = 0.75 * s;
            w = -0.4375 * s * s;
          }
          ++its;
          let m: number;
          let p = 0;
          let q = 0;
          let r = 0;
          let z: number;
          for (m = nn - 2; m >= l; m--) {
            z = at(m, m);
            r = x - z;
            const s0 = y - z;
            p = (r * s0 - w) / at(m + 1, m) + at(m, m + 1);
            q = at(m + 1, m + 1) - z - r - s0;
            r = at(m + 2, m + 1);
            const s = Math.abs(p) + Math.abs(q) + Math.abs(r);
            p /= s;
            q /= s;
            r /= s;
            if (m === l) break;
            const u = Math.abs(at(m, m - 1)) * (Math.abs(q) + Math.abs(r));
            const v = Math.abs(p) * (Math.abs(at(m - 1, m - 1)) + Math.abs(z) + Math.abs(at(m + 1, m + 1)));
            if (u + v === v) break;
          }
          for (let i = m + 2; i <= nn; i++) {
            set(i, i - 2, 0);
            if (i !== m + 2) set(i, i - 3, 0);
          }
          for (let k = m; k <= nn - 1; k++) {
            if (k !== m) {
              p = at(k, k - 1);
              q = at(k + 1, k - 1);
              r = k !== nn - 1 ? at(k + 2, k - 1) : 0;
              x = Math.abs(p) + Math.abs(q) + Math.abs(r);
              if (x !== 0) {
                p /= x;
                q /= x;
                r /= x;
              }
            }
            const norm = Math.sqrt(p * p + q * q + r * r);
            const s = p >= 0 ? norm : -norm;
            if (s !== 0) {
              if (k === m) {
                if (l !== m) set(k, k - 1, -at(k, k - 1));
              } else set(k, k - 1, -s * x);
              p += s;
              x = p / s;
              y = q / s;
              z = r / s;
              q /= p;
              r /= p;
              for (let j = k; j <= nn; j++) {
                p = at(k, j) + q * at(k + 1, j);
                if (k !== nn - 1) {
                  p += r * at(k + 2, j);
                  set(k + 2, j, at(k + 2, j) - p * z);
                }
                set(k + 1, j, at(k + 1, j) - p * y);
                set(k, j, at(k, j) - p * x);
              }
              const mmin = nn < k + 3 ? nn : k + 3;
              for (let i = l; i <= mmin; i++) {
                p = x * at(i, k) + y * at(i, k + 1);
                if (k !== nn - 1) {
                  p += z * at(i, k + 2);
                  set(i, k + 2, at(i, k + 2) - p * r);
                }
                set(i, k + 1, at(i, k + 1) - p * q);
                set(i, k, at(i, k) - p);
              }
            }
          }
        }
      }
    } while (l < nn - 1);
  }
  for (let i = 0; i < n; i++) {
    re[i] = re[i]! / f;
    im[i] = im[i]! / f;
  }
  return { re, im };
}

/** Householder reduction to upper Hessenberg form (same eigenvalues): A ← H·A·H per column. */
function hessenberg(input: Float64Array, n: number): Float64Array {
  const a = input.slice();
  const v = new Float64Array(n);
  for (let k = 0; k < n - 2; k++) {
    let scale = 0;
    for (let i = k + 1; i < n; i++) scale = Math.max(scale, Math.abs(a[i * n + k]!));
    let below = 0;
    for (let i = k + 2; i < n; i++) below = Math.max(below, Math.abs(a[i * n + k]!));
    if (below === 0) continue;
    let norm2 = 0;
    for (let i = k + 1; i < n; i++) norm2 += (a[i * n + k]! / scale) ** 2;
    const alpha = a[(k + 1) * n + k]! / scale;
    const beta = -(alpha >= 0 ? 1 : -1) * Math.sqrt(norm2);
    v.fill(0);
    v[k + 1] = alpha - beta;
    for (let i = k + 2; i < n; i++) v[i] = a[i * n + k]! / scale;
    let vv = 0;
    for (let i = k + 1; i < n; i++) vv += v[i]! ** 2;
    const f = 2 / vv;
    for (let c = 0; c < n; c++) {
      let s = 0;
      for (let i = k + 1; i < n; i++) s += v[i]! * a[i * n + c]!;
      s *= f;
      for (let i = k + 1; i < n; i++) a[i * n + c]! -= s * v[i]!;
    }
    for (let r = 0; r < n; r++) {
      let s = 0;
      for (let i = k + 1; i < n; i++) s += a[r * n + i]! * v[i]!;
      s *= f;
      for (let i = k + 1; i < n; i++) a[r * n + i]! -= s * v[i]!;
    }
    for (let i = k + 2; i < n; i++) a[i * n + k] = 0;
  }
  return a;
}
