/**
 * chainrule.linalg: float64 gradcheck of every differentiable function over random batches of
 * matrices (batch dims of size 0, 1 and more, n from 0 to 3, non-contiguous views), made
 * well-conditioned by a diagonal shift: diagonally dominant for det/inv/solve, SPD for cholesky,
 * spread-out diagonals for distinct eigenvalues and singular values. Sign-ambiguous outputs
 * (eigenvectors, singular vectors) are checked through V⊙V, U⊙U, which any sign convention gives.
 */
import * as fc from 'fast-check';
import { describe, it } from 'vitest';
import { linalg, type Tensor } from '../../src/index.js';
import { checkGradcheck as check, shapes, tensors } from '../../src/testing/index.js';
import { fromValues } from '../../src/linalg/batch.js';

const RUNS = { numRuns: 20 } as const;

/** checkGradcheck, rethrowing its report as a plain Error (its counterexample tensors hold graphs vitest cannot serialize). */
const checkGradcheck = ((options: Parameters<typeof check>[0]): void => {
  try {
    check(options);
  } catch (e) {
    throw new Error(String(e));
  }
}) as typeof check;

/** Batch shapes: none, size 0, size 1, up to [2, 2]. */
const batches = shapes({ maxRank: 2, minSide: 0, maxSide: 2 });

/** The [rows, cols] matrix with `shift + spread·i` at (i, i). */
function diagonal(rows: number, cols: number, shift: number, spread: number): Tensor {
  const d = new Float64Array(rows * cols);
  for (let i = 0; i < Math.min(rows, cols); i++) d[i * cols + i] = shift + spread * i;
  return fromValues(d, [rows, cols], 'float64');
}

/**
 * A + diag(shift + spread·i), handed on as a transposed (non-contiguous) view: computed as
 * (Aᵀ + Dᵀ)ᵀ, so the linalg op always sees strides that are not row-major.
 */
function shifted(A: Tensor, shift: number, spread = 0): Tensor {
  const [r, c] = A.shape.slice(-2) as [number, number];
  return A.transpose(-2, -1).add(diagonal(c, r, shift, spread)).transpose(-2, -1);
}

/** Random [...batch, rows, cols] float64 matrices in any layout, entries in [−range, range]. */
function matrices(rows: fc.Arbitrary<number>, cols: fc.Arbitrary<number> | null, range = 1): fc.Arbitrary<Tensor> {
  return fc.tuple(batches, rows, cols ?? fc.constant(-1)).chain(([b, r, c]) =>
    tensors({ shape: [...b, r, c < 0 ? r : c], dtype: 'float64', layout: 'any', min: -range, max: range }),
  );
}

/** Whether all values differ pairwise by more than 1e-3 (stricter than needed across batch elements, which is fine). */
function apart(values: ArrayLike<number>): boolean {
  const v = Array.from(values).sort((a, b) => a - b);
  return v.every((x, i) => i === 0 || x - v[i - 1]! > 1e-3);
}

const n03 = fc.integer({ min: 0, max: 3 });
const n13 = fc.integer({ min: 1, max: 3 });
const square = matrices(n03, null);

describe('linalg gradcheck (float64)', () => {
  it('det', () => checkGradcheck({ input: square, f: (A) => linalg.det(shifted(A, 4)), ...RUNS }));
  it('slogdet (logabsdet; a negative determinant too)', () => {
    checkGradcheck({ input: square, f: (A) => linalg.slogdet(shifted(A, -4)).logabsdet, ...RUNS });
  });
  it('inv', () => checkGradcheck({ input: square, f: (A) => linalg.inv(shifted(A, 4)), ...RUNS }));
  it('solve with a matrix B and broadcast batch dims', () => {
    const inputs = fc.tuple(n13, fc.integer({ min: 0, max: 2 }), batches).chain(([n, k, bb]) =>
      fc.tuple(
        tensors({ shape: [n, n], dtype: 'float64', layout: 'any', min: -1, max: 1 }),
        tensors({ shape: [...bb, n, k], dtype: 'float64', layout: 'any', min: -2, max: 2 }),
      ),
    );
    checkGradcheck({ inputs, f: (A: Tensor, B: Tensor) => linalg.solve(shifted(A, 4), B), ...RUNS });
  });
  it('solve with a vector b (B.ndim = 1, broadcast over the batch of A)', () => {
    const inputs = n03.chain((n) => fc.tuple(matrices(fc.constant(n), null), tensors({ shape: [n], dtype: 'float64', layout: 'any' })));
    checkGradcheck({ inputs, f: (A: Tensor, b: Tensor) => linalg.solve(shifted(A, 4), b), ...RUNS });
  });
  it('cholesky of X·Xᵀ + 2I', () => {
    checkGradcheck({ input: square, f: (X) => linalg.cholesky(shifted(X.matmul(X.transpose(-2, -1)), 2)), ...RUNS });
  });
  it('qr (reduced, m ≥ n)', () => {
    // no exact zeros: a column already upper triangular below the diagonal takes H = I (LAPACK's
    // tau = 0) and any nonzero entry there flips R's sign, so QR jumps at such points (in PyTorch too)
    const input = fc.tuple(batches, n13, fc.integer({ min: 0, max: 2 })).chain(([b, n, extra]) =>
      tensors({ shape: [...b, n + extra, n], dtype: 'float64', layout: 'any', min: -1, max: 1, avoid: [0], margin: 0.05 }),
    );
    checkGradcheck({ input, f: (A) => [...linalg.qr(shifted(A, 2))], ...RUNS });
  });
  it('eigh of X + Xᵀ with distinct eigenvalues (eigenvalues and V⊙V)', () => {
    checkGradcheck({
      input: matrices(n03, null, 0.25), // off-diagonals ≤ 0.5, so the diagonal spread of 4 keeps eigenvalues apart
      f: (X) => {
        const [L, V] = linalg.eigh(shifted(X.add(X.transpose(-2, -1)), 0, 4));
        return [L, V.mul(V)];
      },
      ...RUNS,
    });
  });
  const rect = matrices(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), 0.25);
  it('svd with distinct singular values (S, U⊙U, Vh⊙Vh), tall and wide', () => {
    checkGradcheck({
      input: rect,
      f: (A) => {
        const [U, S, Vh] = linalg.svd(shifted(A, 1, 2), { fullMatrices: false });
        return [S, U.mul(U), Vh.mul(Vh)];
      },
      ...RUNS,
    });
  });
  it('svdvals and matrixNorm nuc / 2 / -2', () => {
    checkGradcheck({
      input: rect,
      f: (X) => {
        const A = shifted(X, 1, 2);
        return [linalg.svdvals(A), linalg.matrixNorm(A, 'nuc'), linalg.matrixNorm(A, 2), linalg.matrixNorm(A, -2)];
      },
      ...RUNS,
    });
  });
  it('pinv (full rank, tall and wide)', () => {
    checkGradcheck({ input: matrices(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 })), f: (A) => linalg.pinv(shifted(A, 3, 1)), ...RUNS });
  });
  it('lstsq solution (full column rank)', () => {
    const inputs = fc.tuple(fc.integer({ min: 1, max: 2 }), fc.integer({ min: 0, max: 2 }), fc.integer({ min: 1, max: 2 })).chain(([n, extra, k]) =>
      fc.tuple(
        tensors({ shape: [n + extra, n], dtype: 'float64', layout: 'any', min: -1, max: 1 }),
        tensors({ shape: [n + extra, k], dtype: 'float64', layout: 'any' }),
      ),
    );
    checkGradcheck({ inputs, f: (A: Tensor, B: Tensor) => linalg.lstsq(shifted(A, 3, 1), B).solution, ...RUNS });
  });
  it('matrixPower for n in −2..3', () => {
    checkGradcheck({ inputs: [square, fc.integer({ min: -2, max: 3 })], f: (A: Tensor, n: number) => linalg.matrixPower(shifted(A, 3), n), ...RUNS });
  });
  it('vectorNorm for ord 2, 1, 3, 0.5, ±inf over dims; fro, ±1, ±inf matrix norms', () => {
    // distinct positive magnitudes (no ties for the max/min norms), then alternating signs
    const x = tensors({ shape: shapes({ minRank: 2, maxRank: 3, maxSide: 3 }), dtype: 'float64', layout: 'any', min: 0.1, max: 3, distinct: 0.01 });
    const signed = (t: Tensor): Tensor => t.mul(fromValues(Array.from({ length: t.numel() }, (_, i) => (i % 3 === 1 ? -1 : 1)), t.shape, 'float64'));
    checkGradcheck({
      input: x,
      f: (t) => [2, 1, 3, 0.5, Infinity, -Infinity].flatMap((ord) => [linalg.vectorNorm(signed(t), ord), linalg.vectorNorm(signed(t), ord, -1, true)]),
      ...RUNS,
    });
    // no ties between the row sums or the column sums of |x| either (max/min of them)
    const untied = x.filter((t) => [-1, -2].every((d) => apart(t.abs().sum(d).toTypedArray())));
    checkGradcheck({ input: untied, f: (t) => (['fro', 1, -1, Infinity, -Infinity] as const).map((ord) => linalg.matrixNorm(signed(t), ord)), ...RUNS });
  });
});
