/**
 * chainrule.linalg: hand-derived values and gradients, invariants (A = Q·R, V·diag(L)·Vᵀ = A,
 * U·diag(S)·Vh = A, orthonormality), empty and 1×1 matrices, float32 in → float32 out, second
 * derivatives of the LU family, and the errors (naming the public op, the argument and the shapes).
 */
import { describe, expect, it } from 'vitest';
import { DTypeError, ShapeError, ValueError, AutogradError, linalg, tensor, zeros, hypot, type Tensor } from '../../src/index.js';
import { checkGradgradcheck, shapes, tensors } from '../../src/testing/index.js';
import * as fc from 'fast-check';

const f64 = { dtype: 'float64' } as const;
const close = (t: Tensor, want: unknown, digits = 12): void => {
  const flat = (v: unknown): number[] => (Array.isArray(v) ? v.flatMap(flat) : [v as number]);
  const got = flat(t.toArray());
  const exp = flat(want);
  expect(got.length).toBe(exp.length);
  got.forEach((g, i) => expect(g).toBeCloseTo(exp[i]!, digits));
};
const maxAbsDiff = (a: Tensor, b: Tensor): number => a.sub(b).abs().amax().item();

describe('hand-derived values', () => {
  it('det, slogdet, inv and solve of [[2, 1], [1, 3]] (det 5, inverse [[3, −1], [−1, 2]]/5)', () => {
    const A = tensor([[2, 1], [1, 3]], f64);
    expect(linalg.det(A).item()).toBeCloseTo(5, 14);
    const [sign, logabsdet] = linalg.slogdet(A);
    expect(sign.item()).toBe(1);
    expect(logabsdet.item()).toBeCloseTo(Math.log(5), 14);
    close(linalg.inv(A), [[0.6, -0.2], [-0.2, 0.4]]);
    // [[2, 1], [1, 3]]·[1, 2] = [4, 7]
    close(linalg.solve(A, tensor([4, 7], f64)), [1, 2]);
    expect(linalg.slogdet(tensor([[0, 2], [3, 0]], f64)).sign.item()).toBe(-1);
    const singular = linalg.slogdet(tensor([[1, 2], [2, 4]], f64));
    expect([singular.sign.item(), singular.logabsdet.item()]).toEqual([0, -Infinity]);
    expect(linalg.det(tensor([[1, 2], [2, 4]], f64)).item()).toBe(0);
  });

  it("det's gradient is det(A)·A⁻ᵀ: [[3, −1], [−1, 2]] for [[2, 1], [1, 3]]", () => {
    const A = tensor([[2, 1], [1, 3]], { dtype: 'float64', requiresGrad: true });
    linalg.det(A).backward();
    close(A.grad!, [[3, -1], [-1, 2]]);
  });

  it('cholesky of [[4, 2], [2, 5]] is [[2, 0], [1, 2]], reading only the lower triangle', () => {
    close(linalg.cholesky(tensor([[4, 2], [2, 5]], f64)), [[2, 0], [1, 2]]);
    close(linalg.cholesky(tensor([[4, 999], [2, 5]], f64)), [[2, 0], [1, 2]]);
  });

  it('eigh of [[2, 1], [1, 2]]: eigenvalues [1, 3], eigenvectors (1, −1)/√2 and (1, 1)/√2 up to sign', () => {
    const [L, V] = linalg.eigh(tensor([[2, 1], [1, 2]], f64));
    close(L, [1, 3]);
    close(V.abs(), [[Math.SQRT1_2, Math.SQRT1_2], [Math.SQRT1_2, Math.SQRT1_2]]);
    // columns: first is ∝ (1, −1), second ∝ (1, 1)
    const v = V.toArray() as number[][];
    expect(Math.sign(v[0]![0]!) * Math.sign(v[1]![0]!)).toBe(-1);
    expect(Math.sign(v[0]![1]!) * Math.sign(v[1]![1]!)).toBe(1);
    close(linalg.eigvalsh(tensor([[2, 1], [1, 2]], f64)), [1, 3]);
  });

  it('svd of diag(3, −2): S = [3, 2], and matrix norms of [[1, −2], [3, 4]]', () => {
    close(linalg.svdvals(tensor([[3, 0], [0, -2]], f64)), [3, 2]);
    const M = tensor([[1, -2], [3, 4]], f64);
    expect(linalg.matrixNorm(M, 1).item()).toBe(6); // column abs-sums 4, 6
    expect(linalg.matrixNorm(M, -1).item()).toBe(4);
    expect(linalg.matrixNorm(M, Infinity).item()).toBe(7); // row abs-sums 3, 7
    expect(linalg.matrixNorm(M, -Infinity).item()).toBe(3);
    expect(linalg.matrixNorm(M).item()).toBeCloseTo(Math.sqrt(30), 14);
    // MᵀM = [[10, 10], [10, 20]]: eigenvalues 15 ± 5√5, singular values their square roots
    expect(linalg.matrixNorm(M, 2).item()).toBeCloseTo(Math.sqrt(15 + 5 * Math.sqrt(5)), 13);
    expect(linalg.matrixNorm(M, 'nuc').item()).toBeCloseTo(Math.sqrt(15 + 5 * Math.sqrt(5)) + Math.sqrt(15 - 5 * Math.sqrt(5)), 13);
    expect(linalg.vectorNorm(tensor([3, -4], f64)).item()).toBe(5);
    expect(linalg.vectorNorm(tensor([3, -4], f64), 1).item()).toBe(7);
    expect(linalg.vectorNorm(tensor([3, -4, 0], f64), 0).item()).toBe(2);
    expect(linalg.norm(tensor([[3, 0], [0, 4]], f64)).item()).toBe(5);
    expect(linalg.norm(tensor([[3, 0], [0, 4]], f64), 2).item()).toBeCloseTo(4, 14);
  });

  it('eigvals: a rotation by 90° has ±i; a companion matrix has its polynomial\'s roots; Σλ = trace, Πλ = det', () => {
    const [re, im] = linalg.eigvals(tensor([[0, -1], [1, 0]], f64));
    close(re, [0, 0]);
    close(im, [1, -1]);
    // x³ − 6x² + 11x − 6 = (x − 1)(x − 2)(x − 3): companion matrix
    const roots = Array.from(linalg.eigvals(tensor([[6, -11, 6], [1, 0, 0], [0, 1, 0]], f64)).real.toTypedArray()).sort();
    roots.forEach((r, i) => expect(r).toBeCloseTo(i + 1, 10));
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 7 }), fc.integer(), (n, seed) => {
        const A = fc.sample(tensors({ shape: [n, n], dtype: 'float64', min: -2, max: 2 }), { seed, numRuns: 1 })[0]!;
        const { real, imag } = linalg.eigvals(A);
        const r = Array.from(real.toTypedArray());
        const i = Array.from(imag.toTypedArray());
        expect(r.reduce((a, b) => a + b, 0)).toBeCloseTo(Array.from({ length: n }, (_, k) => (A.toArray() as number[][])[k]![k]!).reduce((a, b) => a + b, 0), 9);
        // Π λ = det(A), multiplying complex numbers
        let pr = 1;
        let pi = 0;
        for (let k = 0; k < n; k++) [pr, pi] = [pr * r[k]! - pi * i[k]!, pr * i[k]! + pi * r[k]!];
        expect(pi).toBeCloseTo(0, 8);
        expect(pr).toBeCloseTo(linalg.det(A).item(), 8);
      }),
      { numRuns: 40 },
    );
  });

  it('eigvals as documented: [real, imag] in A\'s dtype, modulus = hypot(real, imag), never requires grad', () => {
    // [[1, −2], [2, 1]] = 1·I + 2·J: eigenvalues 1 ± 2i, modulus √5 (PyTorch: eigvals(A).abs())
    const A = tensor([[1, -2], [2, 1]], { requiresGrad: true });
    const [re, im] = linalg.eigvals(A);
    expect(re.dtype).toBe('float32');
    expect(im.dtype).toBe('float32');
    expect(re.requiresGrad || im.requiresGrad).toBe(false);
    close(re, [1, 1], 6);
    close(im, [2, -2], 6);
    close(hypot(re, im), [Math.sqrt(5), Math.sqrt(5)], 6);
  });

  it('eigvals of a near cyclic permutation that stalls plain Francis shifts (found by the property above)', () => {
    // PyTorch 1.13 torch.linalg.eigvals of this matrix: −3.2361, 1.2361, ±2i, 0
    const A = tensor(
      [
        [-2, 1.5e-323, -1.999999999999997, 4.476323532469047e-24, 6.657621260482891e-160],
        [8.4e-323, 1.1573829377626485e-155, -4.4e-323, -1.9999999999999971, 1.5e-323],
        [-1.9999999999999958, -1.9999999999999971, 1.6597102748510482e-156, -1.0966649331924616e-152, 5e-323],
        [-9e-323, 1.9999999999999996, -2.589782652196514e-58, -5e-324, -6.4e-323],
        [-5.4e-323, 5.4e-323, 1.286630692026004e-270, 2, -6e-323],
      ],
      { dtype: 'float64' },
    );
    const { real, imag } = linalg.eigvals(A);
    const pairs = Array.from(real.toTypedArray(), (r, k) => [r, imag.toTypedArray()[k]!] as [number, number]).sort((a, b) => Math.round((a[0] - b[0]) * 1e9) || a[1] - b[1]);
    const expected: [number, number][] = [[-3.23606797749979, 0], [0, -2], [0, 0], [0, 2], [1.2360679774997898, 0]];
    pairs.forEach(([r, i], k) => {
      expect(r).toBeCloseTo(expected[k]![0], 9);
      expect(i).toBeCloseTo(expected[k]![1], 9);
    });
  });

  it('pinv, lstsq, matrixPower and matrixRank', () => {
    close(linalg.pinv(tensor([[1, 0], [0, 0]], f64)), [[1, 0], [0, 0]]);
    // least squares of y = a + b·x through (0, 1), (1, 2), (2, 2): a = 7/6, b = 1/2
    const A = tensor([[1, 0], [1, 1], [1, 2]], f64);
    close(linalg.lstsq(A, tensor([[1], [2], [2]], f64)).solution, [[7 / 6], [0.5]]);
    expect(linalg.lstsq(A, tensor([[1], [2], [2]], f64)).rank.item()).toBe(2);
    close(linalg.matrixPower(tensor([[1, 1], [0, 1]], f64), 3), [[1, 3], [0, 1]]);
    close(linalg.matrixPower(tensor([[1, 1], [0, 1]], f64), -2), [[1, -2], [0, 1]]);
    close(linalg.matrixPower(tensor([[5, 1], [0, 1]], f64), 0), [[1, 0], [0, 1]]);
    expect(linalg.matrixRank(tensor([[1, 2], [2, 4]], f64)).toArray()).toEqual(1);
    expect(linalg.matrixRank(tensor([[1, 2], [2, 4]], f64)).dtype).toBe('int32');
  });

  it('the 2-norm has gradient 0 at a zero vector (as PyTorch), x/‖x‖ elsewhere', () => {
    const x = zeros([3], { dtype: 'float64', requiresGrad: true });
    linalg.vectorNorm(x).backward();
    expect(x.grad!.toArray()).toEqual([0, 0, 0]);
    const y = tensor([3, 4], { dtype: 'float64', requiresGrad: true });
    linalg.vectorNorm(y).backward();
    close(y.grad!, [0.6, 0.8]);
  });
});

describe('invariants on random batches', () => {
  const mats = (rows: number, cols: number): fc.Arbitrary<Tensor> =>
    shapes({ maxRank: 2, maxSide: 2 }).chain((b) => tensors({ shape: [...b, rows, cols], dtype: 'float64', layout: 'any', min: -2, max: 2 }));
  it('Q·R = A with QᵀQ = I and R upper triangular; U·diag(S)·Vh = A with orthonormal U, V', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }), fc.integer(), (m, n, seed) => {
        const A = fc.sample(mats(m, n), { seed, numRuns: 1 })[0]!;
        const [Q, R] = linalg.qr(A);
        expect(maxAbsDiff(Q.matmul(R), A)).toBeLessThan(1e-12);
        const k = Math.min(m, n);
        expect(maxAbsDiff(Q.transpose(-2, -1).matmul(Q), linalg.matrixPower(zeros([k, k], f64).add(0), 0))).toBeLessThan(1e-12);
        const below = (R.toTypedArray() as Float64Array).filter((_, i) => Math.floor(i / n) % k > i % n);
        expect(below.every((v) => v === 0), `R below the diagonal: ${String(R)}`).toBe(true);
        for (const full of [false, true]) {
          const [U, S, Vh] = linalg.svd(A, { fullMatrices: full });
          const Uk = U.narrow(-1, 0, k);
          const Vk = Vh.narrow(-2, 0, k);
          expect(maxAbsDiff(Uk.mul(S.unsqueeze(-2)).matmul(Vk), A)).toBeLessThan(1e-12);
          const ur = U.shape.at(-1)!;
          const vr = Vh.shape.at(-2)!;
          expect(maxAbsDiff(U.transpose(-2, -1).matmul(U), linalg.matrixPower(zeros([ur, ur], f64), 0))).toBeLessThan(1e-12);
          expect(maxAbsDiff(Vh.matmul(Vh.transpose(-2, -1)), linalg.matrixPower(zeros([vr, vr], f64), 0))).toBeLessThan(1e-12);
          const s = Array.from(S.toTypedArray());
          expect(s.every((v, i) => v >= 0 && (i % k === 0 || v <= s[i - 1]!)), `S descending: ${String(S)}`).toBe(true);
        }
      }),
      { numRuns: 30 },
    );
  });
  it('V·diag(L)·Vᵀ = A for symmetric A, eigenvalues ascending', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.integer(), (n, seed) => {
        const X = fc.sample(mats(n, n), { seed, numRuns: 1 })[0]!;
        const A = X.add(X.transpose(-2, -1));
        const [L, V] = linalg.eigh(A);
        expect(maxAbsDiff(V.mul(L.unsqueeze(-2)).matmul(V.transpose(-2, -1)), A)).toBeLessThan(1e-12);
        const l = Array.from(L.toTypedArray());
        expect(l.every((v, i) => i % n === 0 || v >= l[i - 1]!)).toBe(true);
      }),
      { numRuns: 30 },
    );
  });
});

describe('shapes and dtypes', () => {
  it('empty and 1×1 matrices: det of a 0×0 matrix is 1 (as PyTorch)', () => {
    expect(linalg.det(zeros([0, 0], f64)).item()).toBe(1);
    expect(linalg.det(zeros([2, 0, 0], f64)).toArray()).toEqual([1, 1]);
    expect(linalg.inv(zeros([3, 0, 0], f64)).shape).toEqual([3, 0, 0]);
    expect(linalg.det(zeros([0, 3, 3], f64)).shape).toEqual([0]);
    expect(linalg.inv(tensor([[4]], f64)).item()).toBe(0.25);
    expect(linalg.svd(zeros([0, 2], f64)).S.shape).toEqual([0]);
  });
  it('float32 in, float32 out (computed in float64 inside)', () => {
    const A = tensor([[2, 1], [1, 3]]);
    expect(linalg.inv(A).dtype).toBe('float32');
    expect(linalg.eigh(A).eigenvalues.dtype).toBe('float32');
    expect(linalg.svd(A).U.dtype).toBe('float32');
  });
  it('second derivatives of det, inv and solve (gradgradcheck)', () => {
    const A = tensors({ shape: [2, 2], dtype: 'float64', min: -1, max: 1 }).map((t) => t.add(tensor([[3, 0], [0, 3]], f64)).detach());
    checkGradgradcheck({ input: A, f: (a) => [linalg.det(a), linalg.inv(a)], numRuns: 5 });
    checkGradgradcheck({ inputs: [A, tensors({ shape: [2], dtype: 'float64' })], f: (a: Tensor, b: Tensor) => linalg.solve(a, b), numRuns: 5 });
  });
});

describe('errors name the op, the argument and the shapes', () => {
  it('rejects non-matrices, non-square, int tensors, singular and indefinite matrices', () => {
    expect(() => linalg.det(tensor([1, 2]))).toThrow(ShapeError);
    expect(() => linalg.det(tensor([1, 2]))).toThrow(/linalg\.det: A must have at least 2 dimensions.*\[2\]/);
    expect(() => linalg.inv(zeros([2, 3]))).toThrow(/linalg\.inv: A must be batches of square matrices, got shape \[2,3\]/);
    expect(() => linalg.det(tensor([[1, 2], [3, 4]], { dtype: 'int32' }))).toThrow(DTypeError);
    expect(() => linalg.inv(tensor([[1, 2], [2, 4]]))).toThrow(ValueError);
    expect(() => linalg.inv(tensor([[1, 2], [2, 4]]))).toThrow(/linalg\.inv: the matrix of shape \[2,2\] is singular/);
    expect(() => linalg.solve(tensor([[1, 0], [0, 1]]), tensor([1, 2, 3]))).toThrow(/linalg\.solve: A \[2,2\] and B \[3\] do not match/);
    expect(() => linalg.cholesky(tensor([[1, 2], [2, 1]]))).toThrow(/linalg\.cholesky: .*not positive-definite: its leading minor of order 2/);
    expect(() => linalg.qr(zeros([2, 2]), { mode: 'full' as 'reduced' })).toThrow(/linalg\.qr: mode must be/);
    expect(() => linalg.qr(zeros([2, 3], { requiresGrad: true }))).toThrow(AutogradError);
    expect(() => linalg.matrixPower(zeros([2, 2]), 1.5)).toThrow(/linalg\.matrixPower: n must be an integer, got 1\.5/);
    expect(() => linalg.vectorNorm(zeros([2]), -1)).toThrow(/linalg\.vectorNorm: ord must be/);
    expect(() => linalg.matrixNorm(zeros([2, 2]), 3)).toThrow(/linalg\.matrixNorm: ord must be/);
    expect(() => linalg.norm(zeros([2, 2, 2]), 2)).toThrow(/linalg\.norm: with ord and no dim, A must be 1-D or 2-D, got shape \[2,2,2\]/);
    expect(() => linalg.matrixRank(zeros([2, 2]), { atol: -1 })).toThrow(/linalg\.matrixRank: atol must be a number ≥ 0/);
  });
});
