/**
 * Rendering chainrule/plot's specs to SVG headlessly (vega-lite compile → vega View, no renderer):
 * well-formed SVG with the marks the data asks for, in the places the data puts them.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { tensor } from '../../src/index.js';
import { barPlot, heatmap, imageGrid, linePlot, panels, renderSvg, saveSvg, scatterPlot } from '../../src/plot/index.js';
import { expectWellFormedSvg } from '../examples/smoke.js';
import { axisLabels, markGroups, titleTexts } from './svg-marks.js';

let warn: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  warn = vi.spyOn(console, 'warn');
});
afterEach(() => {
  // Vega and Vega-Lite warn on console about specs they must fix up: the builders' specs need none.
  expect(warn).not.toHaveBeenCalled();
  warn.mockRestore();
});

describe('renderSvg', () => {
  it('draws one line per series (3 series → 3 line paths), with a legend of their names', async () => {
    const spec = linePlot({
      series: [
        { name: 'linear', y: [1, 2, 3] },
        { name: 'tanh', y: [3, 2, 1] },
        { name: 'ReLU', y: [2, 2, 2] },
      ],
      title: 'three',
    });
    const svg = await renderSvg(spec);
    expectWellFormedSvg(svg, 'linePlot');
    const lines = markGroups(svg, 'line');
    expect(lines.map((group) => group.length)).toEqual([1, 1, 1]);
    for (const name of ['linear', 'tanh', 'ReLU', 'three']) expect(svg).toContain(`>${name}</text>`);
  });

  it('a line joins its points in the order given, not sorted by x', async () => {
    const svg = await renderSvg(linePlot({ series: [{ name: 'path', x: [0, 2, 1], y: [0, 0, 1] }], width: 200, height: 100 }));
    const d = /<g class="mark-line role-mark[^>]*>.*?\sd="([^"]+)"/.exec(svg)![1]!;
    const points = [...d.matchAll(/[ML](-?[\d.]+),(-?[\d.]+)/g)].map(([, x, y]) => [Number(x), Number(y)]);
    // x 0 → 2 → 1 on a 200 px axis over [0, 2]; y 0, 0, 1 on a 100 px axis over [0, 1] (up is smaller)
    expect(points).toEqual([
      [0, 100],
      [200, 100],
      [100, 0],
    ]);
  });

  it('a log axis labels the powers of ten 1 … 1000, a whole-number x axis ticks at 0, 1, 2, 3', async () => {
    const svg = await renderSvg(linePlot({ series: [{ name: 'a', y: [1, 10, 100, 1000] }], y: { log: true } }));
    expectWellFormedSvg(svg, 'log axis');
    expect(axisLabels(svg)).toEqual([
      ['0', '1', '2', '3'],
      ['1', '10', '100', '1000'],
    ]);
  });

  it('scatterPlot draws one symbol per point', async () => {
    const svg = await renderSvg(scatterPlot({ series: [{ name: 'a', x: [1, 2, 3], y: [1, 4, 9] }, { name: 'b', x: [0], y: [0] }] }));
    expectWellFormedSvg(svg, 'scatterPlot');
    expect(markGroups(svg, 'symbol').flat()).toHaveLength(4);
  });

  it('barPlot draws one rect per bar', async () => {
    const bars = [
      { label: 'SGD', group: 'params', value: 4 },
      { label: 'Adam', group: 'params', value: 4 },
      { label: 'Adam', group: 'state', value: 8 },
    ];
    const svg = await renderSvg(barPlot({ bars, y: { title: 'bytes' } }));
    expectWellFormedSvg(svg, 'barPlot');
    expect(markGroups(svg, 'rect').flat()).toHaveLength(3);
  });

  it('heatmap: row 0 at the top, column 0 at the left, annotations writing each value', async () => {
    const values = tensor([
      [50, 2, 0],
      [3, 40, 7],
    ]);
    const svg = await renderSvg(heatmap({ values, annotate: true, xLabels: ['a', 'b', 'c'], yLabels: ['a', 'b'] }));
    expectWellFormedSvg(svg, 'heatmap');
    const cells = markGroups(svg, 'rect').flat();
    expect(cells).toHaveLength(6);
    const at = (value: number) => cells.find((cell) => cell.label.endsWith(`value: ${value}`))!;
    // annotated cells are 36 px squares: (row i, col j) at x = 36 j, y = 36 i
    expect([at(50).x, at(50).y]).toEqual([0, 0]);
    expect([at(0).x, at(0).y]).toEqual([72, 0]);
    expect([at(3).x, at(3).y]).toEqual([0, 36]);
    expect([at(7).x, at(7).y]).toEqual([72, 36]);
    expect(markGroups(svg, 'text').flat().map((mark) => mark.text)).toEqual(['50', '2', '0', '3', '40', '7']);
  });

  it('imageGrid: one group of H×W pixels per image, with its title', async () => {
    const images = tensor([[[1, -1], [0, 2]], [[0, 0], [1, 1]], [[3, 2], [1, 0]]]);
    const svg = await renderSvg(imageGrid({ images, labels: ['h', 'v', 'none'], symmetric: true, title: 'filters' }));
    expectWellFormedSvg(svg, 'imageGrid');
    expect(markGroups(svg, 'rect').map((group) => group.length)).toEqual([4, 4, 4]);
    expect(titleTexts(svg)).toEqual(expect.arrayContaining(['filters', 'h', 'v', 'none']));
  });

  it('panels draws every figure', async () => {
    const svg = await renderSvg(
      panels([linePlot({ series: [{ name: 'a', y: [1, 2] }, { name: 'b', y: [2, 1] }] }), heatmap({ values: [[1, 2]] }), imageGrid({ images: tensor([[[1]]]) })], { columns: 2 }),
    );
    expectWellFormedSvg(svg, 'panels');
    expect(markGroups(svg, 'line')).toHaveLength(2);
    expect(markGroups(svg, 'rect').flat()).toHaveLength(3);
  });
});

describe('saveSvg', () => {
  it('writes the rendered SVG, creating folders', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chainrule-plot-'));
    try {
      const path = join(dir, 'a', 'b', 'loss.svg');
      const spec = linePlot({ series: [{ name: 'loss', y: [3, 2, 1] }] });
      await saveSvg(spec, path);
      const svg = readFileSync(path, 'utf8');
      expectWellFormedSvg(svg, path);
      expect(svg).toBe(await renderSvg(spec));
      // a file where a folder should be: a chainrule error naming the path
      await expect(saveSvg(spec, join(path, 'inside-a-file.svg'))).rejects.toThrow(/^saveSvg: cannot write '.*inside-a-file\.svg': /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
