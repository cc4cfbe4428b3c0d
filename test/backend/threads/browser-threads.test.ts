/**
 * Threads in headless Chromium (Debian's `chromium` via playwright-core), the built package served
 * from 127.0.0.1:
 * - a cross-origin isolated page (COOP same-origin + COEP require-corp): on the page's main thread
 *   one thread (it may not Atomics.wait) and a working matmul; in a dedicated worker,
 *   `setNumThreads(2)` starts a nested worker over the shared memory, which computes blocks of a
 *   matmul whose bits equal the one-thread product;
 * - a page that is not isolated (no SharedArrayBuffer): one thread everywhere, no error.
 * Skips where /usr/bin/chromium is missing. Needs dist/ (`npm test` builds it first).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext } from 'playwright-core';
import { afterAll, describe, expect, test } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const LIFETIME_MS = 90_000;

/** What the page and its worker report. */
type Report = { isolated: boolean; threads: number; sum: number; worker: { isolated: boolean; threads: number; workerItems: number; identical: boolean; checksum: number } };

/** Runs in a dedicated worker (module): the product on 1 thread and on 2, every block to the nested worker. */
const WORKER = `
import * as cr from '/dist/index.js';
import { threadPool } from '/dist/backend/threads/pool.js';
import { setThreadMinMatmulMacs } from '/dist/backend/threads/settings.js';
import { sharedKernels } from '/dist/backend/wasm/module.js';
await cr.initWasm();
cr.setBackend('wasm');
const a = cr.arange(0, 97 * 131).reshape([97, 131]).sin();
const b = cr.arange(0, 131 * 75).reshape([131, 75]).cos();
setThreadMinMatmulMacs(0);
cr.setNumThreads(1);
const one = a.matmul(b).toTypedArray();
cr.setNumThreads(2);
const threads = cr.getNumThreads();
const pool = threadPool(sharedKernels());
let identical = false;
let workerItems = 0;
if (pool !== null) {
  const deadline = Date.now() + 20000;
  while (pool.readyWorkers < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  pool.callerWorks = false;
  const two = a.matmul(b).toTypedArray();
  pool.callerWorks = true;
  workerItems = pool.workerItems;
  identical = new Uint32Array(one.buffer).every((bits, i) => bits === new Uint32Array(two.buffer)[i]);
}
postMessage({ isolated: self.crossOriginIsolated === true, threads, workerItems, identical, checksum: one.reduce((s, v) => s + v, 0) });
`;

/** The page: main-thread facts and a matmul, then the worker's report. */
const PAGE = `<!doctype html><title>chainrule threads</title>
<script type="module">
  import * as cr from '/dist/index.js';
  await cr.initWasm();
  cr.setBackend('wasm');
  cr.setNumThreads(2);
  const sum = cr.ones([40, 50]).matmul(cr.ones([50, 30])).sum().item();
  const worker = new Worker('/worker.mjs', { type: 'module' });
  worker.onerror = (e) => { window.report = { error: String(e.message) }; };
  worker.onmessage = (e) => { window.report = { isolated: self.crossOriginIsolated === true, threads: cr.getNumThreads(), sum, worker: e.data }; };
</script>`;

/** Serves dist/, the page and the worker; with `isolated`, every response carries COOP and COEP. */
function serve(isolated: boolean): Promise<Server> {
  const headers = isolated ? { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' } : {};
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (path === '/') return void res.writeHead(200, { ...headers, 'content-type': 'text/html' }).end(PAGE);
    if (path === '/worker.mjs') return void res.writeHead(200, { ...headers, 'content-type': 'text/javascript' }).end(WORKER);
    const file = resolve(ROOT, `.${path}`);
    if (!file.startsWith(join(ROOT, 'dist', sep)) || file.includes(`${sep}..${sep}`) || !existsSync(file)) return void res.writeHead(404).end();
    const type = extname(file) === '.js' ? 'text/javascript' : 'application/octet-stream';
    res.writeHead(200, { ...headers, 'content-type': type }).end(readFileSync(file));
  });
  setTimeout(() => server.close(), LIFETIME_MS).unref();
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

const servers: Server[] = [];
let browser: BrowserContext | null = null;
let profile: string | null = null;
afterAll(async () => {
  await browser?.close();
  for (const s of servers) {
    s.closeAllConnections();
    s.close();
  }
  if (profile !== null) rmSync(profile, { recursive: true, force: true });
});

/** Loads the page from a server (isolated or not) and returns its report. */
async function report(isolated: boolean): Promise<Report> {
  const server = await serve(isolated);
  servers.push(server);
  if (browser === null) {
    profile = mkdtempSync(join(tmpdir(), 'chainrule-chromium-'));
    const { chromium } = await import('playwright-core');
    browser = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS, timeout: 20_000 });
    const context = browser;
    setTimeout(() => void context.close(), LIFETIME_MS).unref();
  }
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  await page.waitForFunction('window.report !== undefined', undefined, { timeout: 30_000 });
  const result = (await page.evaluate('window.report')) as Report & { error?: string };
  expect(errors).toEqual([]);
  expect(result.error).toBeUndefined();
  return result;
}

describe.skipIf(!existsSync(CHROMIUM) || !existsSync(join(ROOT, 'dist', 'index.js')))('threads in headless Chromium', () => {
  test('cross-origin isolated: one thread on the page, two in a worker, identical bits', async () => {
    const r = await report(true);
    expect(r.isolated).toBe(true);
    expect(r.threads).toBe(1); // a page's main thread may not block in Atomics.wait
    expect(r.sum).toBe(40 * 30 * 50);
    expect(r.worker.isolated).toBe(true);
    expect(r.worker.threads).toBe(2);
    expect(r.worker.workerItems).toBeGreaterThan(0);
    expect(r.worker.identical).toBe(true);
    expect(Number.isFinite(r.worker.checksum)).toBe(true);
  }, 60_000);

  test('not isolated: one thread on the page and in a worker, no error', async () => {
    const r = await report(false);
    expect(r.isolated).toBe(false);
    expect(r.threads).toBe(1);
    expect(r.sum).toBe(40 * 30 * 50);
    expect(r.worker.isolated).toBe(false);
    expect(r.worker.threads).toBe(1);
    expect(r.worker.workerItems).toBe(0);
  }, 60_000);
});
