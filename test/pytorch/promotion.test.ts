/**
 * Type promotion against PyTorch (test/fixtures/promotion.json, written by
 * test/fixtures/generate_promotion.py): for every op and every pair of operand dtypes (tensors
 * with dims, 0-d tensors, numbers), the result's dtype, shape and values, or an error where
 * PyTorch refuses.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as cr from '../../src/index.js';
import { ChainruleError, tensor, type DType, type NestedArray, type Tensor, type TensorLike } from '../../src/index.js';
import { nest, num, type FixtureNumber } from './fixtures.js';

interface PTensor {
  shape: number[];
  dtype: DType;
  data: (FixtureNumber | boolean)[];
}
type Operand = PTensor | { number: number };
interface PromotionCase {
  op: string;
  operands: Operand[];
  result?: PTensor;
  error?: string;
}

const fixture = JSON.parse(readFileSync(new URL('../fixtures/promotion.json', import.meta.url), 'utf8')) as { cases: PromotionCase[] };

function make(o: Operand): TensorLike {
  if ('number' in o) return o.number;
  const values = o.dtype === 'bool' ? o.data : o.data.map(num);
  return tensor(nest(values, o.shape) as NestedArray, { dtype: o.dtype });
}

type Run = (xs: TensorLike[]) => Tensor;
const t = (x: TensorLike): Tensor => x as Tensor;
const RUNS: Record<string, Run> = {
  add: ([a, b]) => t(a).add(b!),
  sub: ([a, b]) => t(a).sub(b!),
  mul: ([a, b]) => t(a).mul(b!),
  div: ([a, b]) => t(a).div(b!),
  maximum: ([a, b]) => cr.maximum(a!, b!),
  minimum: ([a, b]) => cr.minimum(a!, b!),
  pow: ([a, b]) => t(a).pow(b!),
  eq: ([a, b]) => t(a).eq(b!),
  ne: ([a, b]) => cr.ne(a!, b!),
  lt: ([a, b]) => t(a).lt(b!),
  le: ([a, b]) => cr.le(a!, b!),
  gt: ([a, b]) => t(a).gt(b!),
  ge: ([a, b]) => cr.ge(a!, b!),
  logicalAnd: ([a, b]) => cr.logicalAnd(t(a), t(b)),
  logicalOr: ([a, b]) => t(a).logicalOr(t(b)),
  logicalXor: ([a, b]) => cr.logicalXor(t(a), t(b)),
  logicalNot: ([a]) => t(a).logicalNot(),
  where: ([c, a, b]) => cr.where(t(c), a!, b!),
  sum: ([a]) => cr.sum(t(a)),
  sumDim: ([a]) => t(a).sum(1),
  amax: ([a]) => cr.amax(t(a)),
  amin: ([a]) => cr.amin(t(a), 0),
  maxValues: ([a]) => cr.max(t(a), 1).values,
  maxIndices: ([a]) => cr.max(t(a), 1).indices,
  minValues: ([a]) => cr.min(t(a), 0).values,
  any: ([a]) => cr.any(t(a)),
  all: ([a]) => t(a).all(),
  anyDim: ([a]) => t(a).any(1),
  allDim: ([a]) => cr.all(t(a), 0),
};

const describeOperand = (o: Operand): string => ('number' in o ? String(o.number) : `${o.dtype}${JSON.stringify(o.shape)}`);

describe('PyTorch fixtures: type promotion', () => {
  const cases = fixture.cases;
  it('has cases for every op', () => {
    expect(new Set(cases.map((c) => c.op))).toEqual(new Set(Object.keys(RUNS)));
  });
  for (const c of cases) {
    it(`${c.op}(${c.operands.map(describeOperand).join(', ')})${c.error ? ' throws' : ` → ${c.result!.dtype}`}`, () => {
      const run = () => RUNS[c.op]!(c.operands.map(make));
      if (c.error !== undefined) {
        expect(run).toThrow(ChainruleError);
        return;
      }
      const want = c.result!;
      const got = run();
      expect(got.dtype).toBe(want.dtype);
      expect(got.shape).toEqual(want.shape);
      const values = Array.from(got.toTypedArray(), Number);
      const expected = want.data.map((v) => (typeof v === 'boolean' ? Number(v) : num(v)));
      // Inputs are exact in every dtype; float32 pow may differ from powf by an ulp.
      const tol = want.dtype === 'float32' ? 2e-7 : want.dtype === 'float64' ? 1e-15 : 0;
      values.forEach((v, i) => {
        const e = expected[i]!;
        if (Number.isNaN(e)) expect(v).toBeNaN();
        else if (tol === 0 || !Number.isFinite(e)) expect(v).toBe(e);
        else expect(Math.abs(v - e)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(e)));
      });
    });
  }
});
