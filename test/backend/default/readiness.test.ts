/**
 * 'auto' (the default backend) while the WebAssembly module is not ready: every op runs on ref,
 * the asynchronous compile starts once, nothing throws, and wasm takes over when it is ready. The
 * loader is injected, so the browser-only case (synchronous compilation refused) runs in Node.
 */
import { afterEach, describe, expect, test, vi } from 'vitest';
import { matmul, randn, setBackend, traceKernels } from '../../../src/index.js';
import { createAutoBackend } from '../../../src/backend/auto.js';
import { createWasmReadiness, type WasmLoader } from '../../../src/backend/readiness.js';
import { wasmBackend } from '../../../src/backend/wasm/backend.js';

afterEach(() => setBackend('ref'));

/** A loader whose synchronous instantiation is refused until `finish(ok)` settles the compile. */
function refusingLoader(simd = true) {
  let instance: object | null = null;
  let settle: (ok: boolean) => void = () => {};
  let fail: (e: Error) => void = () => {};
  const loader = {
    sync: vi.fn(() => instance),
    simd: vi.fn(() => simd),
    compile: vi.fn(
      () =>
        new Promise<boolean>((resolve, reject) => {
          settle = (ok) => {
            if (ok) instance = {};
            resolve(ok);
          };
          fail = reject;
        }),
    ),
  } satisfies WasmLoader;
  return { loader, finish: (ok: boolean) => settle(ok), reject: (e: Error) => fail(e) };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('wasm readiness', () => {
  test('synchronous instantiation: ready at once, no asynchronous compile', () => {
    const { loader } = refusingLoader();
    loader.sync.mockReturnValue({});
    const ready = createWasmReadiness(loader);
    expect(ready()).toBe(true);
    expect(ready()).toBe(true);
    expect(loader.compile).not.toHaveBeenCalled();
  });

  test('refused synchronously: false while compiling (compile started once), true after', async () => {
    const { loader, finish } = refusingLoader();
    const ready = createWasmReadiness(loader);
    expect(ready()).toBe(false);
    expect(ready()).toBe(false);
    expect(loader.compile).toHaveBeenCalledTimes(1);
    finish(true);
    await tick();
    expect(ready()).toBe(true);
    expect(loader.compile).toHaveBeenCalledTimes(1);
  });

  test('no SIMD: stays false, never compiles', () => {
    const { loader } = refusingLoader(false);
    const ready = createWasmReadiness(loader);
    expect(ready()).toBe(false);
    expect(ready()).toBe(false);
    expect(loader.compile).not.toHaveBeenCalled();
  });

  test('a failed or rejected compile leaves it on ref without throwing or retrying', async () => {
    for (const outcome of ['false', 'reject'] as const) {
      const { loader, finish, reject } = refusingLoader();
      const ready = createWasmReadiness(loader);
      expect(ready()).toBe(false);
      if (outcome === 'false') finish(false);
      else reject(new Error('CompileError: out of memory'));
      await tick();
      expect(ready()).toBe(false);
      expect(ready()).toBe(false);
      expect(loader.compile).toHaveBeenCalledTimes(1);
    }
  });

  test('a loader that throws counts as not ready', () => {
    const ready = createWasmReadiness({ sync: () => { throw new RangeError('sync compile refused'); }, simd: () => true, compile: async () => true });
    expect(ready()).toBe(false);
  });
});

describe("'auto' over a module that is not ready yet", () => {
  test('large ops run on ref until ready, then on wasm, with the same results', async () => {
    const { loader, finish } = refusingLoader();
    setBackend(createAutoBackend(wasmBackend, createWasmReadiness(loader)));
    const a = randn([256, 256]);
    const b = randn([256, 256]);
    const before = traceKernels(() => matmul(a, b).tanh());
    expect(before.calls.map((c) => `${c.backend}:${c.kernel}`)).toEqual(['ref:matmul', 'ref:unary']);
    expect(loader.compile).toHaveBeenCalledTimes(1);
    finish(true);
    await tick();
    const after = traceKernels(() => matmul(a, b).tanh());
    expect(after.calls.map((c) => `${c.backend}:${c.kernel}`)).toEqual(['wasm:matmul', 'wasm:unary']);
    const x = before.result.toTypedArray();
    const y = after.result.toTypedArray();
    for (let i = 0; i < x.length; i += 97) expect(Math.abs(x[i]! - y[i]!)).toBeLessThan(1e-5);
  });
});
