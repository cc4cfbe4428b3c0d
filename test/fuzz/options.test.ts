/**
 * Issue 12, item 1: option objects have only known keys. Every public function or class whose
 * parameter list has an `options` parameter (read from its source, so new ones are covered
 * without an edit) is called with arguments it accepts plus `{}`, then with an unknown key added:
 * that must be a chainrule error naming the op (and, for a misspelling, the key it meant).
 */
import { describe, expect, it } from 'vitest';
import * as cr from '../../src/index.js';
import { type Any } from './harness.js';
import { NOT_FUZZED, publicNames, tensorMethods } from './surface.js';

/** The parameter list of a function or of a class's constructor, from its source text. */
function parameters(f: Any): string {
  const src = Function.prototype.toString.call(f);
  const m = /^class\b/.test(src) ? /constructor\s*\(([^)]*)\)/.exec(src) : /^[^(]*\(([^)]*)\)/.exec(src);
  return m?.[1] ?? '';
}

const x = (): cr.Tensor => cr.randn([2, 3], { dtype: 'float64' });
const x4 = (): cr.Tensor => cr.randn([1, 2, 4, 4]);
const idx = (): cr.Tensor => cr.tensor([0, 1], { dtype: 'int32' });
/** Leading arguments to try, in order; the first that makes `f(...args, {})` succeed is used. */
const CANDIDATES: (() => unknown[])[] = [
  () => [], () => [x()], () => [x(), 0], () => [x(), x()], () => [x(), 1, 0], () => [[x(), x()]], () => [x(), [2, 3]], () => [[2, 3]], () => [x(), 2],
  () => [x4(), 2], () => [x4(), x4()], () => [cr.randn([3, 3], { dtype: 'float64' })], () => [idx(), 3], () => [x(), idx()], () => [x(), x(), x()],
  () => [2, 3], () => [3], () => [3, 2], () => [x(), 1, idx()], () => [x(), 0, idx(), x()], () => [cr.randn([1, 2, 4]), cr.randn([2, 2, 2])],
  () => [x4(), cr.randn([2, 2, 2, 2])], () => [cr.randn([2, 3]), cr.tensor([0, 2], { dtype: 'int32' })], () => [cr.randn([2, 3]), 3], () => [cr.randn([4, 2, 3]), 2],
  () => [cr.randn([2, 4, 3]), 2], () => [3, 2, 2], () => [cr.randn([1, 2, 4]), 2],
];

describe('unknown option keys are errors', () => {
  it('every public function or class with an options parameter rejects an unknown key, naming the op', async () => {
    const withOptions = publicNames().filter((p) => !(p.name in NOT_FUZZED) && /\boptions\b/.test(parameters(p.value)));
    const covered: string[] = [];
    const silent: string[] = [];
    for (const p of withOptions) {
      // An async function (toSvg) reports its errors by rejecting: awaited like a throw.
      const call = async (a: unknown[]): Promise<unknown> => (p.isClass ? new p.value(...a) : await p.value(...a));
      let works: unknown[] | undefined;
      for (const a of CANDIDATES.map((c) => c())) {
        try {
          await call([...a, {}]);
          works = a;
          break;
        } catch {
          // try the next candidate
        }
      }
      if (works === undefined) continue;
      covered.push(p.name);
      let error: unknown;
      try {
        await call([...works, { zzNotAnOption: 1 }]);
      } catch (e) {
        error = e;
      }
      if (!(error instanceof cr.ChainruleError) || ![p.bare, p.name, ...(p.bare === 'variance' ? ['var'] : [])].includes(error.op) || !/zzNotAnOption/.test(error.message)) silent.push(p.name);
    }
    expect(silent).toEqual([]);
    expect(covered.length).toBeGreaterThan(100);
  });

  it('every Tensor method with an options parameter rejects an unknown key, naming the method', () => {
    const proto = cr.Tensor.prototype as Any;
    const covered: string[] = [];
    const silent: string[] = [];
    for (const m of tensorMethods().filter((k) => /\boptions\b/.test(parameters(proto[k])))) {
      const self = (): Any => (m.endsWith('_') ? cr.randn([2, 3]) : x());
      const works = CANDIDATES.map((c) => c().slice(1)).find((a) => {
        try {
          self()[m](...a, {});
          return true;
        } catch {
          return false;
        }
      });
      if (works === undefined) continue;
      covered.push(m);
      let error: unknown;
      try {
        self()[m](...works, { zzNotAnOption: 1 });
      } catch (e) {
        error = e;
      }
      if (!(error instanceof cr.ChainruleError) || !/zzNotAnOption/.test(error.message)) silent.push(m);
    }
    expect(silent).toEqual([]);
    expect(covered.length).toBeGreaterThan(10);
  });
});
