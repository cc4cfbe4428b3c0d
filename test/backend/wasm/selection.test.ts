import { afterEach, describe, expect, test } from 'vitest';
import { ValueError, getBackend, matmul, randn, setBackend, tensor, traceKernels } from '../../../src/index.js';
import { WASM_CROSSOVER } from '../../../src/backend/auto.js';

afterEach(() => setBackend('ref'));

describe('backend selection and the kernel trace', () => {
  test('setBackend / getBackend round-trip; unknown names are rejected before anything changes', () => {
    setBackend('wasm');
    expect(getBackend()).toBe('wasm');
    expect(() => setBackend('gpu' as never)).toThrow(ValueError);
    expect(() => setBackend('gpu' as never)).toThrow(/setBackend: unknown backend "gpu"/);
    expect(getBackend()).toBe('wasm');
    setBackend('auto');
    expect(getBackend()).toBe('auto');
  });

  test('the trace shows which backend ran each kernel', () => {
    const a = randn([40, 50]);
    const b = randn([50, 60]);
    setBackend('ref');
    expect(traceKernels(() => matmul(a, b)).calls).toEqual([{ backend: 'ref', kernel: 'matmul', op: undefined, shape: [1, 40, 50] }]);
    setBackend('wasm');
    const { result, calls } = traceKernels(() => matmul(a, b).exp().lt(0));
    expect(result.shape).toEqual([40, 60]);
    expect(calls.map((c) => `${c.backend}:${c.kernel}:${c.op ?? ''}`)).toEqual(['wasm:matmul:', 'wasm:unary:exp', 'wasm:compare:lt']);
    // a kernel the wasm backend delegates shows up as ref
    expect(traceKernels(() => a.pow(a)).calls.map((c) => `${c.backend}:${c.kernel}:${c.op ?? ''}`)).toEqual(['ref:binary:pow']);
  });

  test("'auto' keeps tensors below the crossover on ref and sends larger ones to wasm", () => {
    setBackend('auto');
    const small = randn([3, 3]);
    const big = randn([WASM_CROSSOVER.elements]);
    const calls = traceKernels(() => [small.add(small), big.add(big), matmul(small, small), matmul(randn([64, 64]), randn([64, 64]))]).calls;
    expect(calls.map((c) => c.backend)).toEqual(['ref', 'wasm', 'ref', 'wasm']);
  });

  test("'auto' sizes elementwise, reductions, softmax, comparisons and where by the main operand; gather always goes to wasm", () => {
    setBackend('auto');
    const small = randn([3, 3]);
    const big = randn([WASM_CROSSOVER.elements]);
    const ran = (fn: () => unknown) => traceKernels(fn).calls.map((c) => `${c.backend}:${c.kernel}`);
    expect(ran(() => [small.exp(), big.exp()])).toEqual(['ref:unary', 'wasm:unary']);
    expect(ran(() => [small.sum(), big.sum()])).toEqual(['ref:reduce', 'wasm:reduce']);
    expect(ran(() => [small.softmax(-1), big.softmax(-1)])).toEqual(['ref:softmax', 'wasm:softmax']);
    expect(ran(() => [small.lt(small), big.lt(big)])).toEqual(['ref:compare', 'wasm:compare']);
    expect(ran(() => [small.where(small.gt(0), small), big.where(big.gt(0), big)])).toEqual(['ref:compare', 'ref:where', 'wasm:compare', 'wasm:where']);
    expect(ran(() => small.gather(1, tensor([[0], [2], [1]], { dtype: 'int32' })))).toEqual(['wasm:gather']);
  });

  test('traces nest and stop when fn throws', () => {
    setBackend('wasm');
    const x = randn([5]);
    const outer = traceKernels(() => {
      const inner = traceKernels(() => x.exp());
      expect(inner.calls).toHaveLength(1);
      return x.neg();
    });
    expect(outer.calls.map((c) => c.op)).toEqual(['exp', 'neg']);
    expect(() => traceKernels(() => { throw new Error('boom'); })).toThrow('boom');
    expect(traceKernels(() => x.abs()).calls).toHaveLength(1);
  });
});
