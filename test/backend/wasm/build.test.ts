/**
 * The wasm build script: it writes nothing on stdout (so `npm run verify -- --json` prints pure
 * JSON), and the typings it generates list every kernel the TypeScript side calls.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { KERNELS_WASM_BASE64 } from '../../../src/backend/wasm/generated/kernels-wasm.js';
import { KERNELS_WASM_SHARED_BASE64 } from '../../../src/backend/wasm/generated/kernels-wasm-shared.js';

const script = 'src/backend/wasm/build.mjs';

describe('src/backend/wasm/build.mjs', () => {
  test('compiles with nothing on stdout, its report on stderr', () => {
    const { status, stdout, stderr } = spawnSync(process.execPath, [script, '--force'], { encoding: 'utf8' });
    expect(status).toBe(0);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^wasm kernels: \d+ bytes -> .*kernels-wasm\.ts\n$/);
  });

  test('up to date, it does nothing and prints nothing', () => {
    expect(execFileSync(process.execPath, [script], { encoding: 'utf8' })).toBe('');
  });

  test('generates the exports interface from the AssemblyScript signatures', () => {
    const typings = readFileSync('src/backend/wasm/generated/kernel-exports.ts', 'utf8');
    expect(typings).toMatch(/export interface WasmKernelExports \{/);
    expect(typings).toMatch(/readonly memory: WasmMemory;/);
    expect(typings).toMatch(/\n {2}cumsum\(x: number, outer: number, size: number, inner: number, out: number, work: number\): void;/);
    expect(typings).toMatch(/\n {2}matmul\(a: number, .*accumulate: boolean\): void;/);
    expect(typings).not.toMatch(/export function|declare/);
  });

  test('also builds the kernels for threads: same functions, memory imported (shared) instead of owned', () => {
    const plain = new WebAssembly.Module(Buffer.from(KERNELS_WASM_BASE64, 'base64'));
    const threaded = new WebAssembly.Module(Buffer.from(KERNELS_WASM_SHARED_BASE64, 'base64'));
    const functions = (m: WebAssembly.Module) => WebAssembly.Module.exports(m).filter((e) => e.kind === 'function').map((e) => e.name);
    expect(functions(threaded)).toEqual(functions(plain));
    expect(WebAssembly.Module.imports(plain)).toEqual([]);
    expect(WebAssembly.Module.imports(threaded)).toEqual([{ module: 'env', name: 'memory', kind: 'memory' }]);
    const memory = new WebAssembly.Memory({ initial: 4, maximum: 32768, shared: true });
    expect(() => new WebAssembly.Instance(threaded, { env: { memory } })).not.toThrow();
    const unshared = new WebAssembly.Memory({ initial: 4, maximum: 32768 });
    expect(() => new WebAssembly.Instance(threaded, { env: { memory: unshared } })).toThrow();
  });
});
