/**
 * The built package (dist/) in a real browser: headless Chromium (Debian's `chromium`, driven by
 * playwright-core) loads it from a throwaway HTTP server on 127.0.0.1, runs one SGD step of a tiny
 * MLP on the wasm backend (`await initWasm()`, then `setBackend('wasm')`), and the parameters must
 * match the same step (./mlp-step.mjs, shared verbatim) run in Node on wasm and on ref.
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

/** Serves dist/ and test/backend/browser/ (read-only, nothing else) plus the page, on a free port. */
function serve(): Promise<Server> {
  const roots = ['/dist/', '/test/backend/browser/'];
  const types: Record<string, string> = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.map': 'application/json' };
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
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

describe('the built package in headless Chromium', () => {
  test('one SGD step of an MLP on wasm in the browser equals the same step in Node', async (ctx) => {
    if (!existsSync(CHROMIUM)) ctx.skip(`${CHROMIUM} not found: install it (apt-get install -y chromium) to run the browser test`);
    if (!existsSync(join(ROOT, 'dist', 'index.js'))) execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });

    server = await serve();
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    profile = mkdtempSync(join(tmpdir(), 'chainrule-chromium-'));
    const { chromium } = await import('playwright-core');
    const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS, timeout: 20_000 });
    browser = context;
    setTimeout(() => void context.close(), LIFETIME_MS).unref();

    const page = context.pages()[0] ?? (await context.newPage());
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${origin}/`);
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
});
