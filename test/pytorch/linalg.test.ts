/**
 * chainrule.linalg against PyTorch (test/fixtures/linalg.json, written by
 * test/fixtures/generate_linalg.py): forward quantities and the gradient of every input under a
 * weighted sum of them. Where PyTorch's choice is arbitrary (signs of eigenvectors, singular
 * vectors, Q's columns) the fixture holds sign-invariant quantities (Q⊙Q, V⊙V, Q·R), so
 * both the values and the gradients compare.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { linalg, type Tensor } from '../../src/index.js';
import type { MatrixOrd } from '../../src/linalg/index.js';
import { SUITE_FLOAT } from '../support/suite-backend.js';
import { expectMatches as expectClose, makeConstant, makeInput, num, type FixtureNumber, type FixtureTensor } from './fixtures.js';

interface LinalgCase {
  name: string;
  op: string;
  args: Record<string, unknown>;
  inputs: FixtureTensor[];
  quantities: Record<string, FixtureTensor>;
  weights: Record<string, FixtureTensor>;
  grads: (FixtureTensor | null)[] | null;
}

const fixtures = JSON.parse(readFileSync(new URL('../fixtures/linalg.json', import.meta.url), 'utf8')) as { cases: LinalgCase[] };

/**
 * PyTorch's values: expectMatches' tolerances in float64; in float32 runs (the wasm project) the
 * inputs' rounding is amplified by the condition number of the factorizations, so absolute errors
 * are allowed relative to the largest entry (1e-5·max|want|) as well.
 */
function expectMatches(actual: Tensor, want: FixtureTensor, what: string): void {
  if (SUITE_FLOAT === 'float64' || want.dtype !== 'float64') return expectClose(actual, want, what);
  const scale = Math.max(1, ...want.data.map((v) => Math.abs(num(v as FixtureNumber))).filter(Number.isFinite));
  expect(actual.shape, `${what}: shape`).toEqual(want.shape);
  const got = Array.from(actual.toTypedArray(), Number);
  want.data.forEach((v, i) => {
    const e = num(v as FixtureNumber);
    if (!(Math.abs(got[i]! - e) <= 1e-5 * scale + 1e-4 * Math.abs(e) || got[i] === e)) expect.fail(`${what}: element ${i} is ${got[i]}, PyTorch has ${e}`);
  });
}

const ordArg = (v: unknown): number | MatrixOrd | undefined => (v === undefined ? undefined : typeof v === 'string' && v !== 'fro' && v !== 'nuc' ? num(v as FixtureNumber) : (v as MatrixOrd));

/** The same named quantities as the generator's `quantities`, computed by chainrule. */
function quantities(op: string, args: Record<string, unknown>, [a, b]: Tensor[]): Record<string, Tensor> {
  const A = a!;
  switch (op) {
    case 'det': return { out: linalg.det(A) };
    case 'slogdet': { const [sign, logabsdet] = linalg.slogdet(A); return { sign, logabsdet }; }
    case 'inv': return { out: linalg.inv(A) };
    case 'solve': return { out: linalg.solve(A, b!) };
    case 'cholesky': return { out: linalg.cholesky(A) };
    case 'qr': { const [Q, R] = linalg.qr(A, { mode: args.mode as 'reduced' | undefined }); return { QQ: Q.mul(Q), RR: R.mul(R), QR: Q.matmul(R) }; }
    case 'eigh': { const [L, V] = linalg.eigh(A); return { L, VV: V.mul(V) }; }
    case 'eigvalsh': return { out: linalg.eigvalsh(A) };
    case 'svd': {
      const full = args.fullMatrices as boolean;
      const [U, S, Vh] = linalg.svd(A, { fullMatrices: full });
      if (!full) return { S, UU: U.mul(U), VhVh: Vh.mul(Vh) };
      const k = S.shape[S.ndim - 1]!;
      const Uk = U.narrow(-1, 0, k);
      const Vhk = Vh.narrow(-2, 0, k);
      return { S, UUt: U.matmul(U.transpose(-2, -1)), VhtVh: Vh.transpose(-2, -1).matmul(Vh), UkUk: Uk.mul(Uk), VhkVhk: Vhk.mul(Vhk) };
    }
    case 'svdvals': return { out: linalg.svdvals(A) };
    case 'eigvals': return sortedEigenvalues(A);
    case 'pinv': return { out: linalg.pinv(A) };
    case 'lstsq': { const r = linalg.lstsq(A, b!); return { solution: r.solution, residuals: r.residuals, rank: r.rank }; }
    case 'matrixPower': return { out: linalg.matrixPower(A, args.n as number) };
    case 'matrixRank': return { out: linalg.matrixRank(A) };
    case 'vectorNorm': return { out: linalg.vectorNorm(A, ordArg(args.ord) as number | undefined, args.dim as number | number[] | undefined, args.keepdim as boolean | undefined) };
    case 'matrixNorm': return { out: linalg.matrixNorm(A, ordArg(args.ord), args.dim as [number, number] | undefined, args.keepdim as boolean | undefined) };
    case 'norm': return { out: linalg.norm(A, ordArg(args.ord), args.dim as number | number[] | undefined, args.keepdim as boolean | undefined) };
    default: throw new Error(`no chainrule call for ${op}`);
  }
}

/** linalg.eigvals sorted by (real, imag) per matrix, as the generator sorts PyTorch's. */
function sortedEigenvalues(A: Tensor): Record<string, Tensor> {
  const { real, imag } = linalg.eigvals(A);
  const n = real.shape[real.ndim - 1]!;
  const re = Array.from(real.toTypedArray());
  const im = Array.from(imag.toTypedArray());
  const outRe: number[] = [];
  const outIm: number[] = [];
  for (let b = 0; b < re.length; b += n) {
    const idx = Array.from({ length: n }, (_, i) => b + i).sort((i, j) => Math.round(re[i]! * 1e8) - Math.round(re[j]! * 1e8) || im[i]! - im[j]!);
    for (const i of idx) {
      outRe.push(re[i]!);
      outIm.push(im[i]!);
    }
  }
  return { re: makeConstant(outRe, real.shape), im: makeConstant(outIm, real.shape) };
}

describe('chainrule.linalg matches PyTorch', () => {
  expect(fixtures.cases.length).toBeGreaterThan(50);
  for (const c of fixtures.cases) {
    it(c.name, () => {
      const inputs = c.inputs.map((t) => {
        const x = makeInput(t);
        return c.grads === null ? x.detach() : x;
      });
      const got = quantities(c.op, c.args, inputs);
      expect(Object.keys(got).sort()).toEqual(Object.keys(c.quantities).sort());
      for (const [k, want] of Object.entries(c.quantities)) expectMatches(got[k]!, want, `${c.name}: ${k}`);
      if (c.grads === null) return;
      let loss: Tensor | null = null;
      for (const [k, w] of Object.entries(c.weights)) {
        const term = got[k]!.mul(makeConstant(w.data as FixtureNumber[], w.shape)).sum();
        loss = loss === null ? term : loss.add(term);
      }
      loss!.backward();
      c.grads.forEach((g, i) => {
        if (g === null) expect(inputs[i]!.grad, `${c.name}: grad ${i} unused`).toBeNull();
        else expectMatches(inputs[i]!.grad!, g, `${c.name}: grad of input ${i}`);
      });
    });
  }
});
