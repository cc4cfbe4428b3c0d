/**
 * setBackend(object): a user's Backend is validated (every kernel method, a name), installed, named
 * by getBackend() and the kernel trace, and actually runs every kernel call.
 */
import { afterEach, describe, expect, test } from 'vitest';
import type { Backend } from '../../src/backend/backend.js';
import { KERNEL_NAMES } from '../../src/backend/kernels.js';
import { refBackend } from '../../src/backend/ref/index.js';
import { getBackend, ValueError, matmul, setBackend, tensor, traceKernels } from '../../src/index.js';

afterEach(() => setBackend('ref'));

/** A backend that forwards every kernel to ref and counts the calls per kernel. */
function countingBackend(): { backend: Backend; counts: Map<string, number> } {
  const counts = new Map<string, number>();
  const backend: Record<string, unknown> = { name: 'counting' };
  for (const kernel of KERNEL_NAMES) {
    backend[kernel] = (...args: unknown[]) => {
      counts.set(kernel, (counts.get(kernel) ?? 0) + 1);
      (refBackend[kernel] as (...a: unknown[]) => void)(...args);
    };
  }
  return { backend: backend as unknown as Backend, counts };
}

describe('setBackend with a Backend object', () => {
  test('the object runs the kernels; getBackend() and the trace show its name', () => {
    const { backend, counts } = countingBackend();
    setBackend(backend);
    expect(getBackend()).toBe('counting');
    // [[1, 2], [3, 4]]·[[5, 6], [7, 8]] = [[1·5 + 2·7, 1·6 + 2·8], [3·5 + 4·7, 3·6 + 4·8]]
    const { result, calls } = traceKernels(() => matmul(tensor([[1, 2], [3, 4]]), tensor([[5, 6], [7, 8]])));
    expect(result.toArray()).toEqual([[19, 22], [43, 50]]);
    expect(counts.get('matmul')).toBe(1);
    expect(calls.filter((c) => c.kernel === 'matmul')).toEqual([{ backend: 'counting', kernel: 'matmul', op: undefined, shape: [1, 2, 2] }]);
    const before = counts.get('unary') ?? 0;
    expect(tensor([0]).exp().toArray()).toEqual([1]);
    expect(counts.get('unary')).toBe(before + 1);
  });

  test('a class instance whose kernels use `this` works too', () => {
    class Logged {
      readonly name = 'logged';
      readonly log: string[] = [];
      constructor() {
        for (const kernel of KERNEL_NAMES) {
          (this as unknown as Record<string, unknown>)[kernel] = function (this: Logged, ...args: unknown[]) {
            this.log.push(kernel);
            (refBackend[kernel] as (...a: unknown[]) => void)(...args);
          };
        }
      }
    }
    const logged = new Logged();
    setBackend(logged as unknown as Backend);
    traceKernels(() => tensor([1, 2]).add(tensor([3, 4])));
    expect(logged.log).toContain('binary');
  });

  test('an incomplete object is refused with the missing kernels named, and nothing changes', () => {
    setBackend('wasm');
    const partial = { name: 'partial', matmul: refBackend.matmul, copy: refBackend.copy };
    const missing = KERNEL_NAMES.filter((k) => k !== 'matmul' && k !== 'copy');
    expect(() => setBackend(partial as unknown as Backend)).toThrow(ValueError);
    expect(() => setBackend(partial as unknown as Backend)).toThrow(`setBackend: backend "partial" lacks the kernel methods ${missing.join(', ')}`);
    expect(getBackend()).toBe('wasm');
    const oneShort: Record<string, unknown> = { ...refBackend, name: 'almost' };
    delete oneShort.softmax;
    expect(() => setBackend(oneShort as unknown as Backend)).toThrow(/backend "almost" lacks the kernel method softmax$/);
  });

  test('an object without a name is refused', () => {
    const { backend } = countingBackend();
    expect(() => setBackend({ ...backend, name: '' })).toThrow(/setBackend: a backend object needs a non-empty string `name`/);
    expect(getBackend()).toBe('ref');
  });

  test('switching back by name restores a built-in backend', () => {
    setBackend(countingBackend().backend);
    setBackend('ref');
    expect(getBackend()).toBe('ref');
    expect(traceKernels(() => tensor([1]).neg()).calls.map((c) => c.backend)).toEqual(['ref']);
  });
});
