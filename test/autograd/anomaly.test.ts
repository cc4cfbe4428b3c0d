/**
 * Anomaly mode: the first NaN/Inf in the forward pass throws naming the op; a NaN/Inf that only
 * appears in the backward pass throws naming the node and its VJP, with the stack where the node
 * was created (which must point into this file).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { AnomalyError, defineFunction, detectAnomaly, isAnomalyEnabled, setDetectAnomaly, tensor } from '../../src/index.js';
import { f64, thrown } from './support.js';


afterEach(() => setDetectAnomaly(false));

describe('anomaly mode in the forward pass', () => {
  it('the first op producing NaN throws, naming it; the ops before it ran', () => {
    setDetectAnomaly(true);
    const x = f64([1, -1], true);
    const h = x.mul(2); // finite
    const err = thrown(() => h.log()); // log(−2) = NaN
    expect(err).toBeInstanceOf(AnomalyError);
    expect((err as AnomalyError).op).toBe('LogBackward');
    expect(err.message).toMatch(/^LogBackward: anomaly mode: the forward output \(shape \[2\]\) has NaN at flat index 1/);
  });

  it('an overflow to Inf throws too, also for tensors that do not require grad', () => {
    setDetectAnomaly(true);
    expect(() => f64([1, 1000]).exp()).toThrow(/ExpBackward: .*Infinity at flat index 1/);
  });

  it('a view holding NaN is blamed on the view op, at its row-major index', () => {
    const a = f64([[1, Number.NaN], [2, 3]]); // creation is not an op: not checked
    setDetectAnomaly(true);
    // aᵀ = [[1, 2], [NaN, 3]]: the NaN is at row-major index 2
    expect(() => a.t()).toThrow(/^TransposeBackward: .*NaN at flat index 2/);
  });

  it('is off by default and NaN passes silently', () => {
    expect(isAnomalyEnabled()).toBe(false);
    const y = f64([-1]).log();
    expect(Number.isNaN(y.item())).toBe(true);
  });

  it('detectAnomaly(fn) turns it on only for fn, also when fn throws', () => {
    expect(detectAnomaly(() => isAnomalyEnabled())).toBe(true);
    expect(isAnomalyEnabled()).toBe(false);
    expect(() => detectAnomaly(() => f64([0]).log())).toThrow(AnomalyError); // log 0 = −Inf
    expect(isAnomalyEnabled()).toBe(false);
  });
});

describe('anomaly mode in the backward pass', () => {
  it('sqrt at 0: the forward is finite, the VJP gives 1/(2·0) = Inf; the error names the node, the VJP and where it was created', () => {
    setDetectAnomaly(true);
    const x = f64([4, 0], true);
    const y = x.sqrt().sum(); // forward: [2, 0] — finite
    const err = thrown(() => y.backward());
    expect(err).toBeInstanceOf(AnomalyError);
    const a = err as AnomalyError;
    expect(a.op).toBe('SqrtBackward');
    expect(a.message).toContain('sqrtVjp');
    expect(a.message).toContain('backward pass');
    expect(a.message).toContain('Infinity at flat index 1');
    expect(a.creationStack).toContain('anomaly.test.ts');
    expect(a.message).toContain('The node was created at:');
  });

  it('Inf gradient times 0: sqrt(x)·0 gives 0/0 = NaN in SqrtBackward', () => {
    setDetectAnomaly(true);
    const x = f64([0], true);
    const y = x.sqrt().mul(0).sum();
    expect(() => y.backward()).toThrow(/SqrtBackward: .*NaN/s);
  });

  it('a custom function whose backward returns NaN is named by its node and VJP', () => {
    const Bad = defineFunction({
      name: 'Bad',
      forward: (_ctx, x) => x.mul(2),
      backward: (_ctx, g) => [g.mul(Number.NaN)],
    });
    setDetectAnomaly(true);
    const x = f64([1, 2], true);
    const y = Bad.apply(x).sum();
    const err = thrown(() => y.backward()) as AnomalyError;
    expect(err).toBeInstanceOf(AnomalyError);
    expect(err.op).toBe('BadBackward');
    expect(err.message).toContain('BadVjp');
    expect(err.creationStack).toContain('anomaly.test.ts');
    expect(x.grad).toBeNull();
  });

  it('without anomaly mode the same backward silently gives NaN, and nodes record no stack', () => {
    const x = f64([0], true);
    const r = x.sqrt();
    expect(r.gradFn!.creationStack).toBeUndefined();
    r.mul(0).sum().backward();
    expect(Number.isNaN(x.grad!.item())).toBe(true);
  });

  it('a node created with anomaly mode off has no creation stack in its error', () => {
    const x = tensor([0], { dtype: 'float64', requiresGrad: true });
    const y = x.sqrt().sum(); // created with anomaly mode off
    setDetectAnomaly(true);
    const err = thrown(() => y.backward()) as AnomalyError;
    expect(err.op).toBe('SqrtBackward');
    expect(err.creationStack).toBeUndefined();
  });
});
