/**
 * The built package (dist/) in a real browser: headless Chromium (Debian's `chromium`, driven by
 * playwright-core) loads it from a throwaway HTTP server on 127.0.0.1, runs one SGD step of a tiny
 * MLP on the wasm backend (`await initWasm()`, then `setBackend('wasm')`), and the parameters must
 * match the same step (./mlp-step.mjs, shared verbatim) run in Node on wasm and on ref. Pages
 * that never call initWasm or setBackend run on the default 'auto' backend at once and on wasm once
 * the module is ready, also where synchronous compilation is refused; after `await initWasm()`
 * the default backend runs large ops on wasm.
 *
 * Skips, saying why, where /usr/bin/chromium is missing (install: `apt-get install -y chromium`).
 * Needs dist/ (`npm test` builds it first; if it is missing this file builds it).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrowserContext } from 'playwright-core';
import { tmpdir } from 'node:os';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const CHROMIUM = '/usr/bin/chromium';
/** Flags for a quiet, sandbox-free, network-free headless run (playwright adds its own, e.g. the pipe). */
const CHROMIUM_FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
/** The server and browser never outlive this, even if a hook fails to run. */
const LIFETIME_MS = 60_000;

type StepResult = { backend: string; kernelBackends: string[]; loss: number; params: number[][] };
type StepData = { x: number[]; labels: number[]; w1: number[]; b1: number[]; w2: number[]; b2: number[] };

const wave = (n: number, seed: number): number[] => Array.from({ length: n }, (_, i) => Math.sin(i * 1.7 + seed) * 0.5);
const DATA: StepData = { x: wave(32, 1), labels: [0, 1, 2, 1, 0, 2, 2, 1], w1: wave(64, 2), b1: wave(16, 3), w2: wave(48, 4), b2: wave(3, 5) };

/** The page: a module script, as a user would write it, that exposes the step once wasm is ready. */
const PAGE = `<!doctype html><title>chainrule</title>
<script type="module">
  import * as cr from '/dist/index.js';
  import * as optim from '/dist/optim/index.js';
  import { mlpStep } from '/test/backend/browser/mlp-step.mjs';
  const simd = await cr.initWasm();
  cr.setBackend('wasm');
  window.runStep = (data) => ({ simd, ...mlpStep(cr, optim, data) });
</script>`;

/**
 * A page that never calls initWasm or setBackend, as a new user writes it: the default 'auto'
 * backend. Its first large matmul must work at once; `probe()` shows which backend a large matmul
 * runs on now, and `diff` the largest difference from float64. `refuse` first installs Chromium's
 * old main-thread rule (before version ~115 it refused synchronous compilation of modules over
 * 4 KB; Debian's current Chromium allows 8 MB, so the 30 KB module compiles at once there), under
 * which the first op must run on ref while the asynchronous compile runs.
 */
const lazyPage = (refuse: boolean) => `<!doctype html><title>chainrule lazy</title>
${refuse ? REFUSE_SYNC_COMPILE : ''}
<script type="module">
  import * as cr from '/dist/index.js';
  const a = cr.randn([256, 256]);
  const b = cr.randn([256, 256]);
  const run = () => cr.traceKernels(() => cr.matmul(a, b).tanh());
  const first = run();
  const exact = cr.matmul(a.to('float64'), b.to('float64')).tanh();
  const diff = (t) => t.to('float64').sub(exact).abs().max().item();
  window.lazy = { backend: cr.getBackend(), first: first.calls.map((c) => c.backend + ':' + c.kernel), firstDiff: diff(first.result) };
  window.probe = () => { const t = run(); return { calls: t.calls.map((c) => c.backend + ':' + c.kernel), diff: diff(t.result) }; };
</script>`;

/** A classic script that makes `new WebAssembly.Module(bytes)` throw for bytes over 4 KB, as Chromium's main thread did. */
const REFUSE_SYNC_COMPILE = `<script>
  const SyncModule = WebAssembly.Module;
  WebAssembly.Module = function (bytes, ...rest) {
    if (bytes.byteLength > 4096) throw new RangeError('WebAssembly.Module(): Buffer size is larger than 4KB. Use WebAssembly.compile, or compile on a worker thread.');
    return new SyncModule(bytes, ...rest);
  };
</script>`;

/** A page that awaits initWasm() and then relies on the default backend (no setBackend). */
const INIT_PAGE = `<!doctype html><title>chainrule init</title>
<script type="module">
  import * as cr from '/dist/index.js';
  const ready = await cr.initWasm();
  const t = cr.traceKernels(() => cr.matmul(cr.randn([256, 256]), cr.randn([256, 256])).exp().sum());
  window.afterInit = { ready, backend: cr.getBackend(), calls: t.calls.map((c) => c.backend + ':' + c.kernel) };
</script>`;

/** Serves dist/ and test/backend/browser/ (read-only, nothing else) plus the pages, on a free port. */
function serve(): Promise<Server> {
  const roots = ['/dist/', '/test/backend/browser/'];
  const types: Record<string, string> = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.map': 'application/json' };
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const page = ({ '/': PAGE, '/lazy': lazyPage(false), '/lazy-refused': lazyPage(true), '/init': INIT_PAGE } as Record<string, string>)[path];
    if (page !== undefined) {
      res.writeHead(200, { 'content-type': 'text/html' }).end(page);
      return;
    }
    const file = resolve(ROOT, `.${path}`);
    const allowed = roots.some((r) => file.startsWith(join(ROOT, r))) && !file.includes(`${sep}..${sep}`);
    if (!allowed || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  setTimeout(() => server.close(), LIFETIME_MS).unref();
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

let server: Server | null = null;
let browser: BrowserContext | null = null;
let profile: string | null = null;
afterAll(async () => {
  await browser?.close();
  server?.closeAllConnections();
  server?.close();
  if (profile !== null) rmSync(profile, { recursive: true, force: true });
});

/** The server and browser, started by the first test that needs them, shared by the others. */
async function launch(): Promise<{ origin: string; context: BrowserContext }> {
  if (!existsSync(join(ROOT, 'dist', 'index.js'))) execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
  server ??= await serve();
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  if (browser === null) {
    profile = mkdtempSync(join(tmpdir(), 'chainrule-chromium-'));
    const { chromium } = await import('playwright-core');
    const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS, timeout: 20_000 });
    browser = context;
    setTimeout(() => void context.close(), LIFETIME_MS).unref();
  }
  return { origin, context: browser };
}

/** Opens `path` in a fresh page, collecting its uncaught errors. */
async function open(path: string) {
  const { origin, context } = await launch();
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${origin}${path}`);
  return { page, errors };
}

const skipWithoutChromium = (ctx: { skip: (note: string) => void }) => {
  if (!existsSync(CHROMIUM)) ctx.skip(`${CHROMIUM} not found: install it (apt-get install -y chromium) to run the browser test`);
};

describe('the built package in headless Chromium', () => {
  test('one SGD step of an MLP on wasm in the browser equals the same step in Node', async (ctx) => {
    skipWithoutChromium(ctx);
    const { page, errors } = await open('/');
    await page.waitForFunction('typeof window.runStep === "function"', undefined, { timeout: 15_000 });
    // a string, so the test runner's transforms leave the page's code alone
    const inBrowser = (await page.evaluate(`window.runStep(${JSON.stringify(DATA)})`)) as StepResult & { simd: boolean };
    expect(errors).toEqual([]);

    // the same step in Node, on the same built files
    const cr = await import(pathToFileURL(join(ROOT, 'dist', 'index.js')).href);
    const optim = await import(pathToFileURL(join(ROOT, 'dist', 'optim', 'index.js')).href);
    const { mlpStep } = await import(pathToFileURL(join(ROOT, 'test', 'backend', 'browser', 'mlp-step.mjs')).href);
    const before = cr.getBackend();
    let onWasm: StepResult, onRef: StepResult;
    try {
      cr.setBackend('wasm');
      onWasm = mlpStep(cr, optim, DATA);
      cr.setBackend('ref');
      onRef = mlpStep(cr, optim, DATA);
    } finally {
      cr.setBackend(before);
    }

    expect(inBrowser.simd).toBe(true);
    expect(inBrowser.backend).toBe('wasm');
    expect(inBrowser.kernelBackends).toEqual(expect.arrayContaining(['wasm:matmul', 'wasm:unary', 'wasm:binary']));
    expect(inBrowser.kernelBackends).toEqual(onWasm.kernelBackends);
    expect(Math.abs(inBrowser.loss - onRef.loss)).toBeLessThan(1e-5);
    for (const [p, values] of inBrowser.params.entries()) {
      expect(values).toHaveLength(onRef.params[p]!.length);
      values.forEach((v, i) => {
        expect(Math.abs(v - onWasm.params[p]![i]!)).toBeLessThanOrEqual(1e-6 * (1 + Math.abs(v)));
        expect(Math.abs(v - onRef.params[p]![i]!)).toBeLessThanOrEqual(1e-5 * (1 + Math.abs(v)));
      });
    }
    // the step changed the parameters (a test that cannot fail is a defect)
    expect(inBrowser.params[0]).not.toEqual(DATA.w1.map(Math.fround));
  }, 45_000);

  const lazyCases: [path: string, what: string, firstCalls: string[]][] = [
    ['/lazy', 'Chromium as it is (synchronous compilation allowed): wasm from the first op', ['wasm:matmul', 'wasm:unary']],
    ['/lazy-refused', 'synchronous compilation refused: ref first, then wasm by itself', ['ref:matmul', 'ref:unary']],
  ];
  for (const [path, what, firstCalls] of lazyCases) {
    test(`a page that never calls initWasm runs on 'auto' (${path}): ${what}`, async (ctx) => {
      skipWithoutChromium(ctx);
      const { page, errors } = await open(path);
      await page.waitForFunction('window.lazy !== undefined', undefined, { timeout: 15_000 });
      const lazy = (await page.evaluate('window.lazy')) as { backend: string; first: string[]; firstDiff: number };
      expect(errors).toEqual([]);
      expect(lazy.backend).toBe('auto');
      expect(lazy.first).toEqual(firstCalls);
      expect(lazy.firstDiff).toBeLessThan(1e-4); // float32 sums of 256 products (the wasm suite's tolerance)
      // the asynchronous compile the first op started (if any) finishes on its own: the op runs on wasm
      await page.waitForFunction('window.probe().calls[0] === "wasm:matmul"', undefined, { timeout: 15_000, polling: 50 });
      const now = (await page.evaluate('window.probe()')) as { calls: string[]; diff: number };
      expect(now.calls).toEqual(['wasm:matmul', 'wasm:unary']);
      expect(now.diff).toBeLessThan(1e-4);
      expect(errors).toEqual([]);
    }, 45_000);
  }

  test("after `await initWasm()` the default backend runs large ops on wasm", async (ctx) => {
    skipWithoutChromium(ctx);
    const { page, errors } = await open('/init');
    await page.waitForFunction('window.afterInit !== undefined', undefined, { timeout: 15_000 });
    const after = (await page.evaluate('window.afterInit')) as { ready: boolean; backend: string; calls: string[] };
    expect(errors).toEqual([]);
    expect(after).toEqual({ ready: true, backend: 'auto', calls: ['wasm:matmul', 'wasm:unary', 'wasm:reduce'] });
  }, 45_000);
});
