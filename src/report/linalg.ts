/**
 * Dense linear algebra for the derivation checks, through chainrule.linalg: the Newton step of a
 * quadratic objective whose gradient and Hessian come from chainrule's autograd.
 * @module
 */
import { grad, hessian, linalg, type Tensor, tensor } from 'chainrule';

/**
 * Solves A·x = b with `linalg.solve` (float64 LU with partial pivoting); throws if A is
 * numerically singular (`linalg.matrixRank` below n: a singular value under eps·n·σ_max).
 */
export function solve(A: readonly (readonly number[])[], b: readonly number[]): number[] {
  const n = b.length;
  const M = tensor(A.map((row) => [...row]), { dtype: 'float64' });
  const rank = linalg.matrixRank(M).item();
  if (rank < n) throw new Error(`solve: singular matrix (rank ${rank} < ${n})`);
  return linalg.solve(M, tensor([...b], { dtype: 'float64' })).toArray() as number[];
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

/** Determinant of a small square matrix (`linalg.det`, by LU). */
export function determinant(A: readonly (readonly number[])[]): number {
  return linalg.det(tensor(A.map((row) => [...row]), { dtype: 'float64' })).item();
}
