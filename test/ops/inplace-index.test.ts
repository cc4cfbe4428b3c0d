/**
 * The in-place indexing ops (maskedFill_, indexFill_, indexPut_, indexAdd_, scatter_, scatterAdd_,
 * scatterReduce_): values and gradients against PyTorch 1.13 (test/fixtures/inplace_index.json from
 * generate_inplace_index.py), hand-derived values, float64 gradcheck through the in-place op over
 * random shapes (size-0/1 dims, repeated indices, non-contiguous src), and the in-place rules:
 * version counter, leaf refusal, invalidated saved tensors, errors before any change.
 */
import { readFileSync } from 'node:fs';
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AutogradError, IndexError, ShapeError, noGrad, ones, tensor, zeros, type ScatterReduce, type Tensor } from '../../src/index.js';
import { checkGradcheck, shapes, tensors } from '../../src/testing/index.js';
import { RUNS, indexTensor } from './support.js';

const i32 = (v: number[] | number[][]) => tensor(v, { dtype: 'int32' });

interface Enc { shape: number[]; dtype: 'float64' | 'int32' | 'bool'; data: (number | boolean)[] }
interface Case { name: string; op: string; args: Record<string, unknown>; x: Enc; src?: Enc; out: Enc; w: Enc; gradX?: Enc; gradSrc?: Enc }
const fixture = JSON.parse(readFileSync(new URL('../fixtures/inplace_index.json', import.meta.url), 'utf8')) as { cases: Case[] };
const dec = (e: Enc): Tensor => tensor(e.data.map(Number), { dtype: e.dtype }).reshape(e.shape);
const flat = (t: Tensor): number[] => Array.from(t.contiguous().toTypedArray(), Number);
const closeTo = (got: Tensor, want: Enc): void => {
  expect(got.shape).toEqual(want.shape);
  flat(got).forEach((g, i) => expect(g).toBeCloseTo(want.data[i] as number, 12));
};

/** Runs the fixture's op in place on h with src (chainrule's spelling of the call). */
function call(h: Tensor, c: Case, src: Tensor | null): Tensor {
  const a = c.args;
  const T = (k: string): Tensor => dec(a[k] as Enc);
  switch (c.op) {
    case 'maskedFill_': return h.maskedFill_(T('mask'), src ?? (a.value as number));
    case 'indexFill_': return h.indexFill_(a.dim as number, T('index'), a.value as number);
    case 'indexPut_': return h.indexPut_((a.indices as Enc[]).map(dec), src!, { accumulate: a.accumulate as boolean });
    case 'indexAdd_': return h.indexAdd_(a.dim as number, T('index'), src!);
    case 'scatter_': return h.scatter_(a.dim as number, T('index'), src ?? (a.value as number), a.reduce ? { reduce: a.reduce as 'add' } : {});
    case 'scatterAdd_': return h.scatterAdd_(a.dim as number, T('index'), src!);
    case 'scatterReduce_': return h.scatterReduce_(a.dim as number, T('index'), src!, a.reduce as ScatterReduce, { includeSelf: a.includeSelf as boolean });
    default: throw new Error(`unknown op ${c.op}`);
  }
}

describe('in-place indexing against PyTorch (values and gradients through the in-place op)', () => {
  it('covers all seven ops', () => expect(new Set(fixture.cases.map((c) => c.op)).size).toBe(7));
  for (const c of fixture.cases) {
    it(c.name, () => {
      const x = dec(c.x).requiresGrad_(true);
      const src = c.src ? dec(c.src).requiresGrad_(true) : null;
      const h = x.mul(1);
      const version = h.versionCounter.value;
      expect(call(h, c, src)).toBe(h); // returns the tensor itself
      expect(h.versionCounter.value).toBe(version + 1);
      closeTo(h, c.out);
      if (!c.gradX) return; // torch 1.13 does not differentiate scatter_ with reduce
      h.mul(dec(c.w)).sum().backward();
      closeTo(x.grad!, c.gradX);
      if (src && c.gradSrc) closeTo(src.grad!, c.gradSrc);
    });
  }
});

describe('in-place indexing by hand (the TSDoc examples)', () => {
  it('values', () => {
    const x = tensor([1, 2, 3]);
    x.maskedFill_(x.gt(1), 0);
    expect(x.toArray()).toEqual([1, 0, 0]);
    expect(zeros([2, 3]).indexFill_(1, i32([0, 2]), 5).toArray()).toEqual([[5, 0, 5], [5, 0, 5]]);
    expect(zeros([3]).indexPut_([i32([0, 0])], tensor([1, 2]), { accumulate: true }).toArray()).toEqual([3, 0, 0]);
    expect(zeros([3]).indexAdd_(0, i32([0, 0, 2]), tensor([1, 2, 5])).toArray()).toEqual([3, 0, 5]);
    expect(zeros([3]).scatter_(0, i32([2, 0]), tensor([7, 8])).toArray()).toEqual([8, 0, 7]);
    expect(ones([3]).scatter_(0, i32([1, 1]), tensor([2, 3]), { reduce: 'multiply' }).toArray()).toEqual([1, 6, 1]);
    expect(zeros([3]).scatterAdd_(0, i32([1, 1]), tensor([2, 3])).toArray()).toEqual([0, 5, 0]);
    const m = tensor([1, 1], { dtype: 'float64' }).scatterReduce_(0, i32([0, 0, 1]), tensor([4, 6, 3], { dtype: 'float64' }), 'mean');
    expect(m.toArray()).toEqual([11 / 3, 2]);
  });
  it('writes through a non-contiguous view into its base (outside autograd)', () => {
    const base = zeros([3, 2]);
    base.transpose(0, 1).scatter_(1, i32([[2], [0]]), tensor([[7], [9]])); // column view: t[0][2] = 7, t[1][0] = 9
    expect(base.toArray()).toEqual([[0, 9], [0, 0], [7, 0]]);
    const b = zeros([2, 4]);
    b.at(':, ::2').maskedFill_(tensor([true, false]), 1); // columns 0 and 2, the first of them
    expect(b.toArray()).toEqual([[1, 0, 0, 0], [1, 0, 0, 0]]);
  });
});

describe('in-place indexing rules (shared with add_, mul_, …)', () => {
  it('refuses a leaf that requires grad while grad mode is on, unchanged; works under noGrad, bumping the version', () => {
    const w = tensor([1, 2, 3]).requiresGrad_(true);
    expect(() => w.scatter_(0, i32([0]), tensor([9]))).toThrow(AutogradError);
    expect(() => w.maskedFill_(tensor([true, false, false]), 0)).toThrow(/maskedFill_: a leaf tensor that requires grad/);
    expect(w.toArray()).toEqual([1, 2, 3]);
    const v = w.versionCounter.value;
    noGrad(() => w.indexFill_(0, i32([1]), 0));
    expect(w.toArray()).toEqual([1, 0, 3]);
    expect(w.versionCounter.value).toBe(v + 1);
  });
  it('a node that saved the old values refuses to run backward, naming the in-place op', () => {
    const x = tensor([1, 2, 3], { dtype: 'float64', requiresGrad: true });
    const h = x.mul(1);
    const y = h.mul(h); // saves h
    h.indexAdd_(0, i32([0]), tensor([1], { dtype: 'float64' }));
    expect(() => y.sum().backward()).toThrow(/MulBackward.*indexAdd_/s);
  });
  it('the op saving self (scatterReduce prod) still differentiates: self enters as a recorded copy', () => {
    // h = [2, 3]; h[0] *= 5 → [10, 3]; d/dx Σ h = [5, 1], d/dsrc = h_old[0] = 2
    const x = tensor([2, 3], { dtype: 'float64', requiresGrad: true });
    const src = tensor([5], { dtype: 'float64', requiresGrad: true });
    const h = x.mul(1).scatterReduce_(0, i32([0]), src, 'prod');
    h.sum().backward();
    expect(x.grad!.toArray()).toEqual([5, 1]);
    expect(src.grad!.toArray()).toEqual([2]);
  });
  it('bad arguments throw (naming the in-place op) before anything changes', () => {
    const x = zeros([2, 3]);
    const v = x.versionCounter.value;
    expect(() => x.scatter_(0, i32([[5, 0, 0]]), tensor([[1, 2, 3]]))).toThrow(IndexError);
    expect(() => x.scatter_(0, i32([[5, 0, 0]]), tensor([[1, 2, 3]]))).toThrow(/^scatter_: /);
    expect(() => x.indexAdd_(1, i32([0]), zeros([3, 1]))).toThrow(/^indexAdd_: /);
    expect(() => x.maskedFill_(tensor([true, false]), 1)).toThrow(ShapeError);
    expect(() => x.maskedFill_(tensor([true, false]), 1)).toThrow(/^maskedFill_: /);
    expect(() => (null as unknown as Tensor).indexFill_(0, i32([0]), 1)).toThrow(TypeError); // no method on null: JS itself
    expect(x.toArray()).toEqual([[0, 0, 0], [0, 0, 0]]);
    expect(x.versionCounter.value).toBe(v);
  });
});

describe('gradcheck through the in-place op (float64, random shapes)', () => {
  const norm = (d: number, rank: number) => (d < 0 ? d + rank : d);
  const shape3 = shapes({ minRank: 1, maxRank: 3, maxSide: 3 });
  const away = { avoid: [0], margin: 0.1 } as const;
  /** x, dim, an index no larger than x outside dim (entries < x's size along dim), src of the index's shape or larger. */
  const scatterCases = shape3.chain((s) =>
    fc.integer({ min: -s.length, max: s.length - 1 }).chain((dim) => {
      const d = norm(dim, s.length);
      const sizes = s.map((n, k) => fc.integer({ min: k === d ? 1 : Math.min(1, n), max: k === d ? 3 : n }));
      return fc.tuple(...sizes).chain((is) => {
        const srcShape = fc.tuple(...is.map((n) => fc.integer({ min: n, max: n + 1 })));
        // src distinct and away from 0: amax/amin ties and prod's exact zeros are not differentiable points
        return fc.tuple(tensors({ shape: s, layout: 'any', ...away }), fc.constant(dim), indexTensor(is, s[d]!), srcShape.chain((ss) => tensors({ shape: ss, layout: 'any', distinct: 0.05, ...away })));
      });
    }),
  );
  const f = (op: (h: Tensor, dim: number, index: Tensor, src: Tensor) => Tensor) => (x: Tensor, dim: number, index: Tensor, src: Tensor) => op(x.clone(), dim, index, src);

  it('scatter_, scatter_ with reduce add, scatterAdd_', () => {
    checkGradcheck({ inputs: scatterCases, f: f((h, d, i, s) => h.scatter_(d, i, s)), ...RUNS });
    checkGradcheck({ inputs: scatterCases, f: f((h, d, i, s) => h.scatter_(d, i, s, { reduce: 'add' })), ...RUNS });
    checkGradcheck({ inputs: scatterCases, f: f((h, d, i, s) => h.scatterAdd_(d, i, s)), ...RUNS });
  });
  it('scatterReduce_ with every reduction, with and without self', () => {
    for (const reduce of ['sum', 'prod', 'mean', 'amax', 'amin'] as const) {
      for (const includeSelf of [true, false]) {
        // self shifted out of the range of src for amax/amin (so self never ties with src), as in selection.test.ts
        const shift = reduce === 'amax' ? -10 : reduce === 'amin' ? 10 : 0;
        const inputs = scatterCases.map(([x, d, i, s]) => [x.add(shift).detach(), d, i, s] as [Tensor, number, Tensor, Tensor]);
        checkGradcheck({ inputs, f: f((h, d, i, s) => h.scatterReduce_(d, i, s, reduce, { includeSelf })), numRuns: 8 });
      }
    }
  });
  /** x, dim, a 1-D index along dim, source of x's shape with that dim the index's length. */
  const alongCases = shape3.chain((s) =>
    fc.integer({ min: 0, max: s.length - 1 }).chain((d) =>
      fc.integer({ min: 0, max: 4 }).chain((k) =>
        fc.tuple(tensors({ shape: s, layout: 'any' }), fc.constant(d), s[d]! === 0 ? fc.constant(i32([])) : indexTensor([k], s[d]!), tensors({ shape: s.map((n, j) => (j === d ? (s[d]! === 0 ? 0 : k) : n)), layout: 'any' })),
      ),
    ),
  );
  it('indexAdd_, indexFill_, indexPut_ (accumulate and write)', () => {
    checkGradcheck({ inputs: alongCases, f: (x: Tensor, d: number, i: Tensor, s: Tensor) => x.clone().indexAdd_(d, i, s), ...RUNS });
    checkGradcheck({ inputs: alongCases, f: (x: Tensor, d: number, i: Tensor, _s: Tensor) => x.clone().indexFill_(d, i, -1), wrt: [0], ...RUNS });
    const putCases = alongCases.filter(([, d]) => d === 0);
    checkGradcheck({ inputs: putCases, f: (x: Tensor, _d: number, i: Tensor, s: Tensor) => x.clone().indexPut_([i], s, { accumulate: true }), ...RUNS });
    checkGradcheck({ inputs: putCases, f: (x: Tensor, _d: number, i: Tensor, s: Tensor) => x.clone().indexPut_([i], s), ...RUNS });
  });
  it('maskedFill_ with a number and with a 0-d tensor value, the mask broadcast', () => {
    const cases = tensors({ shape: shapes({ maxRank: 3, maxSide: 3 }), layout: 'any' }).chain((x) =>
      fc.tuple(fc.constant(x), fc.array(fc.boolean(), { minLength: x.shape.at(-1) ?? 1, maxLength: x.shape.at(-1) ?? 1 }), tensors({ shape: [] })),
    );
    const mask = (x: Tensor, bits: boolean[]) => tensor(bits, { dtype: 'bool' }).reshape(x.ndim === 0 ? [] : [bits.length]);
    checkGradcheck({ inputs: cases, f: (x: Tensor, bits: boolean[], _v: Tensor) => x.clone().maskedFill_(mask(x, bits), 0.5), wrt: [0], ...RUNS });
    checkGradcheck({ inputs: cases, f: (x: Tensor, bits: boolean[], v: Tensor) => x.clone().maskedFill_(mask(x, bits), v), wrt: [0, 2], ...RUNS });
  });
});
