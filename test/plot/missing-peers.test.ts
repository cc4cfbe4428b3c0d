/**
 * The optional peer dependencies (vega, vega-lite, @viz-js/viz) are loaded only when rendering; when
 * one is missing the user gets a chainrule error saying what to install. The failed import is
 * simulated with vi.doMock (a factory that throws as Node does for a missing package), on a fresh
 * module registry so the real packages were never loaded first.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ChainruleError } from '../../src/index.js';
import { importOptional } from '../../src/viz/optional-import.js';

function notFound(name: string): never {
  throw Object.assign(new Error(`Cannot find package '${name}' imported from /app/node_modules/chainrule/dist/plot/render.js`), { code: 'ERR_MODULE_NOT_FOUND' });
}

afterEach(() => {
  vi.doUnmock('vega');
  vi.doUnmock('vega-lite');
  vi.doUnmock('@viz-js/viz');
  vi.resetModules();
});

describe('a missing optional peer dependency', () => {
  it('renderSvg without vega: a chainrule error naming renderSvg and what to install', async () => {
    vi.resetModules();
    vi.doMock('vega', () => notFound('vega'));
    const plot = await import('../../src/plot/index.js');
    const spec = plot.linePlot({ series: [{ name: 'a', y: [1, 2] }] }); // building a spec needs no vega
    const error = await plot.renderSvg(spec).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(error?.name).toBe('ChainruleError');
    expect(error?.message).toMatch(/^renderSvg: needs the optional peer dependency 'vega', which is not installed: run `npm install vega vega-lite`/);
  });

  it('toSvg without @viz-js/viz: a chainrule error naming toSvg and the package', async () => {
    vi.resetModules();
    vi.doMock('@viz-js/viz', () => notFound('@viz-js/viz'));
    const root = await import('../../src/index.js');
    const x = root.tensor([1, 2], { requiresGrad: true });
    const error = await root.toSvg(x.mul(2).sum()).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(error?.name).toBe('ChainruleError');
    expect(error?.message).toMatch(/^toSvg: needs the optional peer dependency '@viz-js\/viz', which is not installed: run `npm install @viz-js\/viz`/);
  });

  it('saveSvg where there is no file system (a browser): a chainrule error pointing to renderSvg', async () => {
    vi.resetModules();
    vi.doMock('node:fs/promises', () => {
      throw new TypeError("Failed to resolve module specifier 'node:fs/promises'");
    });
    const plot = await import('../../src/plot/index.js');
    const error = await plot.saveSvg(plot.linePlot({ series: [{ name: 'a', y: [1, 2] }] }), 'a.svg').then(
      () => null,
      (e: unknown) => e as Error,
    );
    vi.doUnmock('node:fs/promises');
    expect(error?.name).toBe('ChainruleError');
    expect(error?.message).toMatch(/^saveSvg: writes files, in Node only .*; in a browser, use renderSvg and insert or download its string$/);
  });

  it('a package that is there but fails to load is reported as such, with the cause kept', async () => {
    const cause = new SyntaxError('Unexpected token');
    const error = await importOptional('renderSvg', 'vega', 'vega vega-lite', () => Promise.reject(cause)).then(
      () => null,
      (e: unknown) => e as ChainruleError & { cause?: unknown },
    );
    expect(error).toBeInstanceOf(ChainruleError);
    expect(error?.message).toBe("renderSvg: loading the optional peer dependency 'vega' failed: Unexpected token");
    expect(error?.cause).toBe(cause);
  });

  it('browsers word a missing module differently: still the install message', async () => {
    const browser = new TypeError("Failed to resolve module specifier 'vega'. Relative references must start with either '/', './', or '../'.");
    await expect(importOptional('renderSvg', 'vega', 'vega vega-lite', () => Promise.reject(browser))).rejects.toThrow(/^renderSvg: needs the optional peer dependency 'vega'/);
  });
});
