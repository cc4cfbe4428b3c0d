/**
 * retainGraph: a second backward through freed saved tensors throws an AutogradError naming the
 * node and suggesting retainGraph; with retainGraph the second pass works.
 */
import { describe, expect, it } from 'vitest';
import { AutogradError } from '../../src/index.js';
import { expectClose, f64 } from './support.js';

function catchError(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a throw');
}

describe('retainGraph', () => {
  it('a second backward through freed buffers throws, naming the op and suggesting retainGraph', () => {
    const x = f64([0, 1], true);
    const y = x.exp().sum();
    y.backward();
    const err = catchError(() => y.backward());
    expect(err).toBeInstanceOf(AutogradError);
    expect((err as AutogradError).op).toBe('ExpBackward');
    expect(err.message).toMatch(/^ExpBackward: .*second time/);
    expect(err.message).toContain('retainGraph');
  });

  it('the failed second pass leaves the first pass’s gradient as it was', () => {
    // d Σ eˣ = eˣ = [1, e]
    const x = f64([0, 1], true);
    const y = x.exp().sum();
    y.backward();
    expect(() => y.backward()).toThrow(AutogradError);
    expectClose(x.grad!, [1, Math.E]);
  });

  it('with retainGraph the second pass works and accumulates', () => {
    const x = f64([0, 1], true);
    const y = x.exp().sum();
    y.backward(undefined, { retainGraph: true });
    y.backward();
    expectClose(x.grad!, [2, 2 * Math.E]);
    // …and the buffers are now freed
    expect(() => y.backward()).toThrow(/retainGraph/);
  });

  it('a graph whose nodes saved nothing can be run again (as in PyTorch)', () => {
    // y = Σ (x + 1): AddBackward and SumBackward save nothing; dy/dx = 1 per pass, 2 after two
    const x = f64([1, 2], true);
    const y = x.add(1).sum();
    y.backward();
    y.backward();
    expectClose(x.grad!, [2, 2]);
  });

  it('createGraph implies retainGraph', () => {
    // y = Σ x³: dy/dx = 3x² = [3, 12]; twice → [6, 24]
    const x = f64([1, 2], true);
    const y = x.pow(3).sum();
    y.backward(undefined, { createGraph: true });
    y.backward(undefined, { createGraph: true });
    expectClose(x.grad!, [6, 24]);
  });

  it('a second backward from another output sharing freed nodes also throws', () => {
    const x = f64(2, true);
    const h = x.exp();
    const y1 = h.mul(2);
    const y2 = h.mul(3);
    y1.backward();
    expect(() => y2.backward()).toThrow(/ExpBackward: .*retainGraph/s);
  });
});
