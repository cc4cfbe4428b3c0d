/**
 * chainrule/plot and toSvg in a real browser: headless Chromium (Debian's `chromium`, driven by
 * playwright-core, as test/backend/browser) loads the built package from a throwaway HTTP server,
 * with an import map resolving vega, vega-lite, @viz-js/viz and their dependencies to the repo's
 * node_modules (as a bundler or a CDN would), and renders a line plot, a heat map and an autograd
 * graph to SVG strings. Skips, saying why, where /usr/bin/chromium is missing.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext } from 'playwright-core';
import { afterAll, expect, test } from 'vitest';
import { expectWellFormedSvg } from '../examples/smoke.js';
import { markGroups } from './svg-marks.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
/** The optional peers and what they import, served from node_modules. */
const PACKAGES = /^(vega|d3-|delaunator$|robust-predicates$|topojson-client$|internmap$|json-stringify-pretty-compact$|@viz-js\/viz$|@viz-js$)/;

/** The ES module entry of `pkg` (its exports' browser/import/default condition, else module/main). */
function entry(pkg: string): string {
  const json = JSON.parse(readFileSync(join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')) as { exports?: unknown; module?: string; main?: string };
  const pick = (x: unknown): string | undefined => {
    if (typeof x === 'string') return x;
    if (x === null || typeof x !== 'object') return undefined;
    const c = x as Record<string, unknown>;
    return pick(c['.']) ?? pick(c.browser) ?? pick(c.import) ?? pick(c.module) ?? pick(c.default);
  };
  const target = pick(json.exports) ?? json.module ?? json.main ?? 'index.js';
  return `/node_modules/${pkg}/${target.replace(/^\.\//, '')}`;
}

/**
 * topojson-client (for vega's geo functions) ships only a UMD build, which a bundler would wrap:
 * this module does the same, running it with a CommonJS `module` and re-exporting what vega imports.
 */
const TOPOJSON_SHIM = () =>
  `const module = { exports: {} }; const exports = module.exports;\n${readFileSync(join(ROOT, 'node_modules/topojson-client/dist/topojson-client.js'), 'utf8')}\n` +
  'export const { feature, mesh } = module.exports;\n';

function importMap(): Record<string, string> {
  const names = readdirSync(join(ROOT, 'node_modules'))
    .filter((name) => PACKAGES.test(name))
    .flatMap((name) => (name.startsWith('@') ? readdirSync(join(ROOT, 'node_modules', name)).map((sub) => `${name}/${sub}`) : [name]));
  return { ...Object.fromEntries(names.map((name) => [name, entry(name)])), 'topojson-client': '/shim/topojson-client.js' };
}

const PAGE = () => `<!doctype html><title>chainrule/plot</title>
<script type="importmap">${JSON.stringify({ imports: importMap() })}</script>
<script type="module">
  import * as cr from '/dist/index.js';
  import { linePlot, heatmap, renderSvg } from '/dist/plot/index.js';
  window.draw = async () => {
    const line = await renderSvg(linePlot({ series: [{ name: 'a', y: [1, 10, 100] }, { name: 'b', y: [3, 2, 1] }], y: { log: true } }));
    const heat = await renderSvg(heatmap({ values: [[1, 2], [3, 4]], annotate: true }));
    const x = cr.tensor([1, 2], { requiresGrad: true });
    x.name = 'x';
    const loss = x.tanh().sum();
    loss.backward();
    const graph = await cr.toSvg(loss);
    return { line, heat, graph };
  };
</script>`;

function serve(): Promise<Server> {
  const types: Record<string, string> = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.map': 'application/json', '.json': 'application/json' };
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE());
      return;
    }
    if (path === '/shim/topojson-client.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(TOPOJSON_SHIM());
      return;
    }
    const file = resolve(ROOT, `.${path}`);
    const [scope, name] = file.startsWith(join(ROOT, 'node_modules') + sep) ? file.slice(join(ROOT, 'node_modules').length + 1).split(sep) : [];
    const inModules = scope !== undefined && PACKAGES.test(scope.startsWith('@') ? `${scope}/${name}` : scope);
    const allowed = (file.startsWith(join(ROOT, 'dist') + sep) || inModules) && !file.includes(`${sep}..${sep}`);
    if (!allowed || !statSync(file, { throwIfNoEntry: false })?.isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  setTimeout(() => server.close(), 90_000).unref();
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

let server: Server | null = null;
let context: BrowserContext | null = null;
let profile: string | null = null;
afterAll(async () => {
  await context?.close();
  server?.closeAllConnections();
  server?.close();
  if (profile !== null) rmSync(profile, { recursive: true, force: true });
});

test('renderSvg and toSvg draw in headless Chromium', async (ctx) => {
  if (!existsSync(CHROMIUM)) ctx.skip(`${CHROMIUM} not found: install it (apt-get install -y chromium) to run the browser test`);
  if (!existsSync(join(ROOT, 'dist', 'plot', 'index.js'))) execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
  server = await serve();
  profile = mkdtempSync(join(tmpdir(), 'chainrule-chromium-'));
  const { chromium } = await import('playwright-core');
  context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS, timeout: 20_000 });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  await page.waitForFunction('typeof window.draw === "function"', undefined, { timeout: 20_000 });
  const { line, heat, graph } = (await page.evaluate('window.draw()')) as { line: string; heat: string; graph: string };
  expect(errors).toEqual([]);
  expectWellFormedSvg(line, 'line in Chromium');
  expect(markGroups(line, 'line')).toHaveLength(2);
  expectWellFormedSvg(heat, 'heatmap in Chromium');
  expect(markGroups(heat, 'rect').flat()).toHaveLength(4);
  expect(markGroups(heat, 'text').flat().map((m) => m.text)).toEqual(['1', '2', '3', '4']);
  expectWellFormedSvg(graph, 'toSvg in Chromium');
  for (const text of ['TanhBackward', 'x [2] float32', 'SumBackward']) expect(graph).toContain(`>${text}</text>`);
}, 90_000);
