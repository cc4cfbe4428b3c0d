/**
 * Issue 12: the one formatter of user values in error messages (formatValue, src/errors.ts)
 * never throws and stays short; ops handed such values give chainrule errors, not a TypeError
 * from their own message.
 */
import { describe, expect, it } from 'vitest';
import * as cr from '../../src/index.js';
import { ChainruleError, formatValue } from '../../src/errors.js';
import * as nn from '../../src/nn/index.js';
import * as optim from '../../src/optim/index.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

const cyclic: Record<string, unknown> = { a: 1 };
cyclic.self = cyclic;
const revoked = Proxy.revocable({}, {});
revoked.revoke();

describe('formatValue', () => {
  it('prints values that break String() and template literals', () => {
    expect(formatValue(Object.create(null))).toBe('an object');
    expect(formatValue(Object.assign(Object.create(null), { k: 1 }))).toBe('an object with keys k');
    expect(formatValue(Symbol('s'))).toBe('Symbol(s)');
    expect(formatValue(10n)).toBe('10n');
    expect(formatValue(cyclic)).toBe('an object with keys a, self');
    expect(formatValue([cyclic, [cyclic]])).toBe('[an object with keys a, self,[an object with keys a, self]]');
    expect(formatValue(revoked.proxy)).toBe('a value that cannot be printed');
  });

  it('truncates huge arrays and long strings', () => {
    expect(formatValue(new Array(1e6).fill(0))).toBe('[0,0,0,0,0,0,0,0,… (1000000 items)]');
    expect(formatValue('x'.repeat(100))).toBe(JSON.stringify(`${'x'.repeat(40)}…`));
    expect(formatValue(new Float64Array(1e6))).toBe('a Float64Array of length 1000000');
  });

  it('prints tensors, functions and plain values plainly', () => {
    expect(formatValue(cr.zeros([2, 3]))).toBe('a float32 tensor [2,3]');
    expect(formatValue(function f() {})).toBe('the function f');
    expect(formatValue([1, 'a', null, undefined])).toBe('[1,"a",null,undefined]');
    expect(formatValue(-0)).toBe('0');
    expect(formatValue(new Map())).toBe('a Map');
  });
});

describe('ops handed unprintable values throw chainrule errors naming the op', () => {
  const x = cr.zeros([2, 3]);
  // (a revoked proxy is left out here: Array.isArray and instanceof themselves throw on it)
  const odd = [Object.create(null), Symbol('s'), 10n, cyclic];
  const calls: [string, (v: unknown) => unknown][] = [
    ['zeros', (v) => cr.zeros([2], { dtype: v } as Any)],
    ['full', (v) => cr.full([2], v as Any)],
    ['arange', (v) => cr.arange(v as Any)],
    ['sum', (v) => x.sum(v as Any)],
    ['pad', (v) => x.pad(v as Any)],
    ['reshape', (v) => x.reshape(v as Any)],
    ['topk', (v) => cr.topk(x, v as Any)],
    ['narrow', (v) => x.narrow(0, v as Any, 1)],
    ['conv1d', (v) => nn.functional.conv1d(cr.zeros([1, 1, 4]), cr.zeros([1, 1, 2]), { padding: v } as Any)],
    ['Conv2d', (v) => new nn.Conv2d(1, 1, v as Any)],
    ['Softmax', (v) => new nn.Softmax(v as Any)],
    ['interpolate', (v) => nn.functional.interpolate(cr.zeros([1, 1, 4]), { size: v } as Any)],
    ['StepLR', (v) => new optim.StepLR(new optim.SGD([cr.zeros([1], { requiresGrad: true })], { lr: 1 }), v as Any)],
  ];
  for (const [op, call] of calls) {
    it(op, () => {
      for (const v of odd) {
        let caught: unknown;
        try {
          call(v);
        } catch (e) {
          caught = e;
        }
        expect(caught, `${op} with ${formatValue(v)}`).toBeInstanceOf(ChainruleError);
        expect((caught as ChainruleError).op).toBe(op);
      }
    });
  }
});
