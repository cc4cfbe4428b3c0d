/**
 * Bad input to issue 10's elementwise ops: every rejection is a chainrule error naming the op,
 * never a raw TypeError, whatever junk is passed (null, strings, arrays, plain objects).
 */
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as cr from '../../src/index.js';
import { ChainruleError, tensor } from '../../src/index.js';
import * as F from '../../src/nn/functional/index.js';

type Fn = (...args: unknown[]) => unknown;
const unaryFns: Record<string, Fn> = {
  floor: cr.floor, ceil: cr.ceil, round: cr.round, trunc: cr.trunc, frac: cr.frac,
  tan: cr.tan, asin: cr.asin, acos: cr.acos, atan: cr.atan, sinh: cr.sinh, cosh: cr.cosh, asinh: cr.asinh,
  acosh: cr.acosh, atanh: cr.atanh, exp2: cr.exp2, log2: cr.log2, log10: cr.log10, bitwiseNot: cr.bitwiseNot,
  any: cr.any, all: cr.all, isinf: cr.isinf, isfinite: cr.isfinite, logicalNot: cr.logicalNot,
  silu: F.silu, elu: F.elu, selu: F.selu, celu: F.celu, mish: F.mish, hardswish: F.hardswish, hardsigmoid: F.hardsigmoid,
  hardtanh: F.hardtanh, relu6: F.relu6, softsign: F.softsign, logsigmoid: F.logsigmoid, glu: F.glu,
  exp: cr.exp, neg: cr.neg, abs: cr.abs, clamp: (x: unknown) => cr.clamp(x as never, 0, 1),
} as Record<string, Fn>;
const binaryFns: Record<string, Fn> = {
  remainder: cr.remainder, fmod: cr.fmod, copysign: cr.copysign, floorDivide: cr.floorDivide, atan2: cr.atan2,
  logaddexp: cr.logaddexp, hypot: cr.hypot, bitwiseAnd: cr.bitwiseAnd, bitwiseOr: cr.bitwiseOr, bitwiseXor: cr.bitwiseXor,
  add: cr.add, sub: cr.sub, mul: cr.mul, div: cr.div, maximum: cr.maximum, eq: cr.eq, lt: cr.lt,
  logicalAnd: cr.logicalAnd, logicalXor: cr.logicalXor, isclose: cr.isclose, allclose: cr.allclose,
  prelu: F.prelu, lerp: (a: unknown, b: unknown) => cr.lerp(a as never, b as never, 0.5),
  resultType: cr.resultType,
} as Record<string, Fn>;

const junk = fc.constantFrom<unknown>(null, undefined, 'x', [1, 2], {}, { dtype: 'float32' }, true, () => 1);

function expectChainruleError(name: string, call: () => unknown): void {
  try {
    call();
  } catch (e) {
    if (!(e instanceof ChainruleError)) throw new Error(`${name} threw ${(e as Error).name}: ${(e as Error).message}`);
    expect(e.message.startsWith(`${e.op}: `)).toBe(true);
    return;
  }
  throw new Error(`${name} accepted junk`);
}

describe('junk arguments give chainrule errors', () => {
  it('unary ops', () => {
    fc.assert(fc.property(junk, (x) => {
      for (const [name, f] of Object.entries(unaryFns)) expectChainruleError(name, () => f(x));
    }), { numRuns: 20 });
  });
  it('binary ops, junk in either position', () => {
    const t = tensor([1, 2]);
    fc.assert(fc.property(junk, (x) => {
      for (const [name, f] of Object.entries(binaryFns)) {
        expectChainruleError(`${name}(tensor, junk)`, () => f(t, x));
        expectChainruleError(`${name}(junk, tensor)`, () => f(x, t));
      }
    }), { numRuns: 20 });
  });
});
