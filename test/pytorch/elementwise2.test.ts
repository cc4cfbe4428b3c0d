/**
 * Issue 10's elementwise ops against PyTorch (test/fixtures/elementwise2.json, written by
 * test/fixtures/generate_elementwise2.py in ops.json's format): forward values and dtypes, and the
 * gradient of every float input for PyTorch's upstream gradient.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as cr from '../../src/index.js';
import * as F from '../../src/nn/functional/index.js';
import type { Tensor, TensorLike } from '../../src/index.js';
import { expectMatches, makeConstant, num, suiteDtype, type OpCase } from './fixtures.js';
import { buildInputs } from './runners.js';
import { SUITE_FLOAT } from '../support/suite-backend.js';

type Args = Record<string, unknown>;
type Runner = (xs: Tensor[], a: Args) => Tensor;
const other = (xs: Tensor[], a: Args): TensorLike => (a.other !== undefined ? (a.other as number) : xs[1]!);

const RUNNERS: Record<string, Runner> = {
  floor: ([x]) => cr.floor(x!),
  ceil: ([x]) => x!.ceil(),
  round: ([x], a) => x!.round({ decimals: a.decimals as number | undefined }),
  trunc: ([x]) => cr.trunc(x!),
  frac: ([x]) => x!.frac(),
  divMode: (xs, a) => xs[0]!.div(other(xs, a), { roundingMode: a.mode as 'trunc' | 'floor' }),
  floorDivide: (xs, a) => cr.floorDivide(xs[0]!.detach(), a.other !== undefined ? (a.other as number) : xs[1]!.detach()),
  remainder: (xs, a) => xs[0]!.remainder(other(xs, a)),
  fmod: (xs, a) => cr.fmod(xs[0]!, other(xs, a)),
  copysign: (xs, a) => xs[0]!.copysign(other(xs, a)),
  tan: ([x]) => x!.tan(),
  asin: ([x]) => cr.asin(x!),
  acos: ([x]) => x!.acos(),
  atan: ([x]) => cr.atan(x!),
  atan2: ([y, x]) => y!.atan2(x!),
  sinh: ([x]) => x!.sinh(),
  cosh: ([x]) => cr.cosh(x!),
  asinh: ([x]) => x!.asinh(),
  acosh: ([x]) => cr.acosh(x!),
  atanh: ([x]) => x!.atanh(),
  exp2: ([x]) => cr.exp2(x!),
  log2: ([x]) => x!.log2(),
  log10: ([x]) => cr.log10(x!),
  logaddexp: ([a, b]) => a!.logaddexp(b!),
  hypot: ([a, b]) => cr.hypot(a!, b!),
  lerp: (xs, a) => xs[0]!.lerp(xs[1]!, a.weight !== undefined ? (a.weight as number) : xs[2]!),
  addAlpha: ([x, y], a) => cr.add(x!, y!, { alpha: a.alpha as number }),
  subAlpha: ([x, y], a) => x!.sub(y!, { alpha: a.alpha as number }),
  isclose: ([x, y], a) => x!.isclose(y!, { rtol: a.rtol as number | undefined, atol: a.atol as number | undefined, equalNan: a.equalNan as boolean | undefined }),
  isinf: ([x]) => cr.isinf(x!),
  isfinite: ([x]) => x!.isfinite(),
  bitwiseAnd: ([x, y]) => cr.bitwiseAnd(x!, y!),
  bitwiseOr: ([x, y]) => x!.bitwiseOr(y!),
  bitwiseXor: ([x, y]) => cr.bitwiseXor(x!, y!),
  bitwiseNot: ([x]) => x!.bitwiseNot(),
  silu: ([x]) => F.silu(x!),
  elu: ([x], a) => F.elu(x!, a.alpha as number | undefined),
  selu: ([x]) => F.selu(x!),
  celu: ([x], a) => F.celu(x!, a.alpha as number | undefined),
  mish: ([x]) => F.mish(x!),
  hardswish: ([x]) => F.hardswish(x!),
  hardsigmoid: ([x]) => F.hardsigmoid(x!),
  hardtanh: ([x], a) => F.hardtanh(x!, a.min as number | undefined, a.max as number | undefined),
  relu6: ([x]) => F.relu6(x!),
  softsign: ([x]) => F.softsign(x!),
  logsigmoid: ([x]) => F.logsigmoid(x!),
  softmin: ([x], a) => F.softmin(x!, a.dim as number),
  glu: ([x], a) => F.glu(x!, a.dim as number | undefined),
  prelu: ([x, w]) => F.prelu(x!, w!),
  threshold: ([x], a) => F.threshold(x!, a.threshold as number, a.value as number),
};

/** float32 results of float32 arithmetic on both sides: within an ulp or two. */
function expectFloat32(out: Tensor, want: number[]): void {
  const got = Array.from(out.toTypedArray(), Number);
  expect(got.length).toBe(want.length);
  got.forEach((v, i) => expect(Math.abs(v - want[i]!), `element ${i}: ${v} vs ${want[i]}`).toBeLessThanOrEqual(2.5e-7 * Math.max(1, Math.abs(want[i]!))));
}

const fixture = JSON.parse(readFileSync(new URL('../fixtures/elementwise2.json', import.meta.url), 'utf8')) as { cases: OpCase[] };

/**
 * PyTorch 1.13's float64 hardsigmoid_backward multiplies by the float32 constant 1.0f/6
 * (relative error 3e-8); chainrule's gradient is the exact 1/6, checked here to 1e-7.
 */
const GRAD_RTOL: Record<string, number> = { hardsigmoid: 1e-7 };

/** isclose's tolerance makes its answer depend on the dtype; float32 runs compare it only in float64. */
const FLOAT64_ONLY = new Set(['isclose']);

describe('PyTorch fixtures: issue 10 elementwise ops', () => {
  it('has a runner for every op and a case for every runner', () => {
    expect(new Set(fixture.cases.map((c) => c.op))).toEqual(new Set(Object.keys(RUNNERS)));
  });
  for (const c of fixture.cases) {
    it.skipIf(FLOAT64_ONLY.has(c.op) && SUITE_FLOAT !== 'float64')(c.name, () => {
      const { leaves, operands } = buildInputs(c);
      const out = RUNNERS[c.op]!(operands, c.args);
      const want = c.outputs[0]!;
      // int inputs promoted to a float result: PyTorch's float32 (the fixtures spell every float as float64)
      const promoted = want.dtype === 'float64' && !c.inputs.some((x) => x.dtype === 'float64');
      expect(out.dtype, 'dtype').toBe(promoted ? 'float32' : suiteDtype(want.dtype));
      if (promoted) expectFloat32(out, want.data.map(num));
      else expectMatches(out, want, 'output');
      const floatLeaves = leaves.filter((t) => t.dtype === SUITE_FLOAT);
      const expected = c.inputs.filter((x) => x.dtype === 'float64');
      if (want.upstream === undefined) return; // not differentiable (logic, bitwise, int results)
      out.backward(makeConstant(want.upstream, out.shape));
      floatLeaves.forEach((t, i) => {
        const g = expected[i]!.grad;
        if (g === null || g === undefined) {
          expect(t.grad, `gradient of input ${i} (PyTorch: unused)`).toBeNull();
          return;
        }
        expect(t.grad, `gradient of input ${i}`).not.toBeNull();
        const rtol = GRAD_RTOL[c.op];
        if (rtol === undefined || SUITE_FLOAT !== 'float64') {
          expectMatches(t.grad!, { shape: expected[i]!.shape, data: g }, `gradient of input ${i}`);
          return;
        }
        const got = Array.from(t.grad!.toTypedArray(), Number);
        g.map(num).forEach((e, k) => expect(Math.abs(got[k]! - e), `gradient element ${k}`).toBeLessThanOrEqual(rtol * Math.abs(e)));
      });
    });
  }
});
