import { afterEach, describe, expect, test } from 'vitest';
import { Generator, ValueError, matmul, noGrad, randn, setBackend, tanh, type Tensor } from '../../../src/index.js';
import { createWasmBackend, wasmBackend } from '../../../src/backend/wasm/backend.js';
import { kernels, useBackend } from '../../../src/backend/registry.js';
import type { FloatView } from '../../../src/backend/backend.js';

afterEach(() => setBackend('ref'));

describe('wasm arena memory', () => {
  test('linear memory stays flat over 10,000 training steps of a small MLP', () => {
    setBackend('wasm');
    const g = new Generator(7);
    const x = randn([16, 8], { generator: g });
    const y = randn([16, 4], { generator: g });
    const w1 = randn([8, 32], { generator: g }).mul(0.3).detach().requiresGrad_(true);
    const w2 = randn([32, 4], { generator: g }).mul(0.3).detach().requiresGrad_(true);
    const step = (): number => {
      const loss = matmul(tanh(matmul(x, w1)), w2).sub(y).square().mean();
      loss.backward();
      noGrad(() => {
        for (const w of [w1, w2] as Tensor[]) {
          w.sub_(w.grad!.mul(0.05));
          w.grad = null;
        }
      });
      return loss.item();
    };
    const first = step();
    for (let i = 0; i < 9; i++) step();
    const settled = wasmBackend.memoryBytes();
    let last = first;
    for (let i = 0; i < 9990; i++) last = step();
    expect(wasmBackend.memoryBytes()).toBe(settled);
    expect(last).toBeLessThan(first); // it trained, so the kernels did real work
  }, 30_000);

  test('a call needing more memory than allowed throws a ValueError naming the op and bytes, and leaves the backend usable', () => {
    const small = createWasmBackend({ maxMemoryBytes: 4 * 2 ** 20 });
    const before = small.memoryBytes();
    const n = 700; // two 700×700 float32 operands + the product ≈ 5.9 MB > 4 MiB
    const view = (): FloatView => ({ storage: new Float32Array(n * n).fill(1), offset: 0, shape: [1, n, n], strides: [0, n, 1] });
    const out = new Float32Array(n * n).fill(-1);
    expect(() => small.matmul(view(), view(), out)).toThrow(ValueError);
    expect(() => small.matmul(view(), view(), out)).toThrow(/^matmul: needs \d+ bytes of WebAssembly memory/);
    expect(out[0]).toBe(-1); // nothing written
    expect(small.memoryBytes()).toBe(before); // nothing grown
    const ok = new Float32Array(4);
    small.matmul({ storage: Float32Array.from([1, 2, 3, 4]), offset: 0, shape: [1, 2, 2], strides: [0, 2, 1] }, { storage: Float32Array.from([1, 0, 0, 1]), offset: 0, shape: [1, 2, 2], strides: [0, 2, 1] }, ok);
    expect(Array.from(ok)).toEqual([1, 2, 3, 4]);
  });

  test('the op-level error comes through a Tensor op too', () => {
    const prev = kernels();
    useBackend(createWasmBackend({ maxMemoryBytes: 2 ** 20 }));
    try {
      expect(() => randn([400, 400]).exp()).toThrow(/^exp: needs \d+ bytes of WebAssembly memory/);
    } finally {
      useBackend(prev);
    }
  });
});
