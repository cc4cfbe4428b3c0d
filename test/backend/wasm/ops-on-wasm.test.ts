/**
 * Op-level spot checks: forward values and float32 gradients of a handful of ops and composites
 * computed on the wasm backend match those computed on ref. (To run the whole op suite on wasm,
 * set CHAINRULE_BACKEND=wasm: the registry starts on that backend.)
 */
import { afterEach, describe, expect, test } from 'vitest';
import { Generator, logSoftmax, matmul, randn, setBackend, softmax, type Tensor } from '../../../src/index.js';

afterEach(() => setBackend('ref'));

type Case = [name: string, shapes: number[][], f: (...xs: Tensor[]) => Tensor];

const CASES: Case[] = [
  ['matmul (batched, broadcast)', [[3, 17, 9], [9, 13]], (a, b) => matmul(a!, b!)],
  ['matmul of transposes', [[9, 17], [13, 9]], (a, b) => matmul(a!.t(), b!.t())],
  ['add row broadcast', [[33, 7], [7]], (a, b) => a!.add(b!)],
  ['mul column broadcast', [[33, 7], [33, 1]], (a, b) => a!.mul(b!)],
  ['div', [[5, 11], [5, 11]], (a, b) => a!.div(b!.abs().add(0.5))],
  ['maximum', [[6, 9], [9]], (a, b) => a!.maximum(b!)],
  ['exp·tanh·sigmoid', [[4, 37]], (a) => a!.exp().mul(a!.tanh()).add(a!.sigmoid())],
  ['log·sqrt of |x|+1', [[41]], (a) => a!.abs().add(1).log().mul(a!.abs().sqrt())],
  ['relu + leakyRelu', [[8, 9]], (a) => a!.relu().add(a!.leakyRelu(0.1))],
  ['sum / amax over dims', [[5, 6, 7]], (a) => a!.sum(-1).add(a!.amax(0).sum())],
  ['softmax, logSoftmax', [[6, 10]], (a) => softmax(a!, -1).mul(logSoftmax(a!.t(), 0).t())],
  ['MLP layer', [[16, 8], [8, 32], [32]], (x, w, b) => matmul(x!, w!).add(b!).tanh()],
];

function run(backend: 'ref' | 'wasm', c: Case): { out: Float32Array; grads: Float32Array[] } {
  setBackend(backend);
  const g = new Generator(11);
  const inputs = c[1].map((s) => randn(s, { generator: g }).requiresGrad_(true));
  const out = c[2](...inputs);
  const weights = randn(out.shape, { generator: g });
  out.mul(weights).sum().backward();
  return { out: out.contiguous().storage as Float32Array, grads: inputs.map((t) => t.grad!.contiguous().storage as Float32Array) };
}

function expectClose(got: Float32Array, want: Float32Array): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const tol = 1e-5 * (1 + Math.abs(want[i]!));
    if (!(Math.abs(got[i]! - want[i]!) <= tol)) expect({ i, got: got[i] }).toEqual({ i, got: want[i] });
  }
}

describe('ops on the wasm backend match ref in float32 (values and gradients)', () => {
  for (const c of CASES) {
    test(c[0], () => {
      const ref = run('ref', c);
      const wasm = run('wasm', c);
      expectClose(wasm.out, ref.out);
      wasm.grads.forEach((g, i) => expectClose(g, ref.grads[i]!));
    });
  }
});
