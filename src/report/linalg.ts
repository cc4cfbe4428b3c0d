/**
 * Tiny dense linear algebra for the derivation checks: Gaussian elimination for the Newton step
 * of a quadratic objective whose gradient and Hessian come from chainrule's autograd.
 * @module
 */
import { grad, hessian, type Tensor, tensor } from 'chainrule';

/** Solves A·x = b by Gaussian elimination with partial pivoting; throws if A is (numerically) singular. */
export function solve(A: readonly (readonly number[])[], b: readonly number[]): number[] {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r]![c]!) > Math.abs(M[pivot]![c]!)) pivot = r;
    if (Math.abs(M[pivot]![c]!) < 1e-12) throw new Error(`solve: singular matrix (column ${c})`);
    [M[c], M[pivot]] = [M[pivot]!, M[c]!];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = M[r]![c]! / M[c]![c]!;
      for (let k = c; k <= n; k++) M[r]![k]! -= f * M[c]![k]!;
    }
  }
  return M.map((row, i) => row[n]! / row[i]!);
}

/**
 * The minimizer of a strictly convex quadratic objective f(w) = ½wᵀHw + gᵀw + c: one Newton step
 * from 0, w* = −H⁻¹·∇f(0), with ∇f and H computed by chainrule's autograd.
 */
export function quadraticMinimizer(f: (w: Tensor) => Tensor, dim: number): { w: number[]; hessian: number[][] } {
  const zero = tensor(new Array<number>(dim).fill(0), { dtype: 'float64' });
  const H = hessian(f)(zero).toArray() as number[][];
  const g = (grad(f)(zero) as Tensor).toArray() as number[];
  return { w: solve(H, g.map((v) => -v)), hessian: H };
}

/** Determinant of a small square matrix (by elimination). */
export function determinant(A: readonly (readonly number[])[]): number {
  const n = A.length;
  const M = A.map((row) => [...row]);
  let det = 1;
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r]![c]!) > Math.abs(M[pivot]![c]!)) pivot = r;
    if (M[pivot]![c] === 0) return 0;
    if (pivot !== c) {
      [M[c], M[pivot]] = [M[pivot]!, M[c]!];
      det = -det;
    }
    det *= M[c]![c]!;
    for (let r = c + 1; r < n; r++) {
      const f = M[r]![c]! / M[c]![c]!;
      for (let k = c; k < n; k++) M[r]![k]! -= f * M[c]![k]!;
    }
  }
  return det;
}
