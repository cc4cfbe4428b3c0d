import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The op suite, parameterised by backend: these directories run once per backend. The ref project
 * sets CHAINRULE_BACKEND=ref (the library's default is 'auto'). In the wasm
 * run the registry starts on wasm (CHAINRULE_BACKEND) and the fixture tests compute in float32,
 * the wasm kernels' dtype (test/support/suite-backend.ts); float64 gradchecks stay on ref there
 * by design, so that run adds the float32 kernels' agreement with PyTorch and the float32 forward
 * properties.
 */
const PER_BACKEND = ['test/ops/**/*.test.ts', 'test/pytorch/**/*.test.ts', 'test/nn/**/*.test.ts', 'test/optim/**/*.test.ts', 'test/support/**/*.test.ts'];

/**
 * The report (src/report) imports chainrule by package name, like a user's code: resolve those
 * names to the sources, so tests and report share one copy of the library (tsconfig.json's `paths`
 * does the same for tsc; at run time Node resolves them through package.json's exports map).
 */
const SOURCES = fileURLToPath(new URL('../src/', import.meta.url));
const chainruleSources = [
  { find: /^chainrule$/, replacement: `${SOURCES}index.ts` },
  { find: /^chainrule\/([\w-]+)$/, replacement: `${SOURCES}$1/index.ts` },
];

export default defineConfig({
  resolve: { alias: chainruleSources },
  test: {
    // This file lives in test/; paths are relative to the repository root.
    root: fileURLToPath(new URL('..', import.meta.url)),
    // Two cores on CI: keep workers modest, and give property tests room.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      // The default backend is 'auto'; the ref project names ref explicitly, so ref stays the oracle.
      { extends: true, test: { name: 'ref', include: ['test/**/*.test.ts'], env: { CHAINRULE_BACKEND: 'ref' } } },
      { extends: true, test: { name: 'wasm', include: PER_BACKEND, env: { CHAINRULE_BACKEND: 'wasm' } } },
      // Threads (issue 11): the wasm parity suite again with 1, 2 and 4 threads, every splittable
      // call split (with 4 threads on 2 cores the workers interleave, which is what must not matter).
      ...[1, 2, 4].map((threads) => ({
        extends: true as const,
        test: {
          name: `threads-${threads}`,
          include: ['test/backend/wasm/**/*.test.ts'],
          exclude: ['test/backend/wasm/build.test.ts'],
          env: { CHAINRULE_THREADS: String(threads), CHAINRULE_THREAD_MIN_MACS: '0', CHAINRULE_THREAD_MIN_ELEMENTS: '0' },
        },
      })),
    ],
  },
});
