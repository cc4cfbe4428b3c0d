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
    expect(() => small.matmul(view(), view(), out, false)).toThrow(ValueError);
    expect(() => small.matmul(view(), view(), out, false)).toThrow(/^matmul: needs \d+ bytes of WebAssembly memory/);
    expect(out[0]).toBe(-1); // nothing written
    expect(small.memoryBytes()).toBe(before); // nothing grown
    const ok = new Float32Array(4);
    small.matmul({ storage: Float32Array.from([1, 2, 3, 4]), offset: 0, shape: [1, 2, 2], strides: [0, 2, 1] }, { storage: Float32Array.from([1, 0, 0, 1]), offset: 0, shape: [1, 2, 2], strides: [0, 2, 1] }, ok, false);
    expect(Array.from(ok)).toEqual([1, 2, 3, 4]);
  });

  test('the op-level error comes through a Tensor op too', () => {
    const prev = kernels();
    useBackend(createWasmBackend({ maxMemoryBytes: 2 ** 20 }));
    try {
      expect(() => randn([600, 600]).sum()).toThrow(/^reduce\(sum\): needs \d+ bytes of WebAssembly memory/);
    } finally {
      useBackend(prev);
    }
  });

  test('large elementwise calls run chunk by chunk: 2^20 elements fit a 1 MiB arena', () => {
    // unchunked, mul would need 12 MiB of arena (two operands and the result) and throw
    const small = createWasmBackend({ maxMemoryBytes: 2 ** 20 });
    const n = 2 ** 20 + 3;
    const x: FloatView = { storage: Float32Array.from({ length: n }, (_, i) => Math.sin(i)), offset: 0, shape: [n], strides: [1] };
    const got = new Float32Array(n);
    const want = new Float32Array(n);
    small.binary('mul', x, x, got);
    kernels().binary('mul', x, x, want);
    expect(got.every((v, i) => v === want[i])).toBe(true);
    small.unary('neg', x, got, 0, 0);
    expect(got[n - 1]).toBe(-x.storage[n - 1]!);
  });

  test('two backends over the one module memory stay correct when the other grows it', () => {
    const a = createWasmBackend();
    const b = createWasmBackend();
    const v = (n: number): FloatView => ({ storage: Float32Array.from({ length: n }, (_, i) => i % 7), offset: 0, shape: [n], strides: [1] });
    const small = v(100);
    const out = new Float32Array(100);
    a.unary('neg', small, out, 0, 0); // a caches its views of the current buffer
    const before = a.memoryBytes();
    const big = v(before / 4 + 1000); // b must grow memory past what a has seen
    b.reduce('sum', big, [0], new Float32Array(1));
    expect(b.memoryBytes()).toBeGreaterThan(before);
    a.unary('neg', small, out, 0, 0);
    expect(out[6]).toBe(-6);
  });
});
