/**
 * Bad input to chainrule/plot: a chainrule error naming the builder and the argument, thrown
 * before any spec is built.
 */
import { describe, expect, it } from 'vitest';
import { ChainruleError, ShapeError, ValueError, tensor, zeros } from '../../src/index.js';
import { barPlot, heatmap, imageGrid, linePlot, panels, renderSvg, saveSvg, scatterPlot } from '../../src/plot/index.js';

/** Asserts `f` throws an error of `kind` whose message starts with `op:` and contains every part. */
function expectError(f: () => unknown, kind: typeof ChainruleError, op: string, ...parts: string[]): void {
  let error: unknown;
  try {
    f();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(kind);
  const message = (error as Error).message;
  expect(message.startsWith(`${op}: `), message).toBe(true);
  for (const part of parts) expect(message).toContain(part);
}

const any = (x: unknown) => x as never;

describe('the builders reject bad input, naming themselves and the argument', () => {
  it('linePlot / scatterPlot', () => {
    expectError(() => linePlot({ series: [] }), ValueError, 'linePlot', 'series must be a non-empty array');
    expectError(() => linePlot({ series: [{ name: 'a', y: zeros([2, 2]) }] }), ShapeError, 'linePlot', 'series[0].y must be a 1-d tensor', '[2,2]');
    expectError(() => linePlot({ series: [{ name: 'a', x: [1, 2, 3], y: [1, 2] }] }), ShapeError, 'linePlot', "series[0] ('a') has 3 x values but 2 y values");
    expectError(() => linePlot({ series: [{ name: 'a', y: [1] }, { name: 'a', y: [2] }] }), ValueError, 'linePlot', "series[1].name 'a' is used twice");
    expectError(() => linePlot({ series: [{ name: 'a', y: any([1, '2']) }] }), ValueError, 'linePlot', 'series[0].y[1] must be a number');
    expectError(() => linePlot(any({ series: [{ name: 'a', y: [1] }], logY: true })), ValueError, 'linePlot', "unknown option 'logY'");
    expectError(() => linePlot({ series: [{ name: 'a', y: [1] }], y: { domain: [2, 1] } }), ValueError, 'linePlot', 'domain must have lo < hi', '[2, 1]');
    expectError(() => linePlot({ series: [{ name: 'a', y: [1] }], y: any('log') }), ValueError, 'linePlot', 'y must be an object');
    expectError(() => linePlot({ series: [{ name: 'a', y: [1] }], width: -1 }), ValueError, 'linePlot', 'width must be a positive number');
    expectError(() => scatterPlot({ series: [{ name: 'a', y: [1] }], points: true } as never), ValueError, 'scatterPlot', "unknown option 'points'");
  });

  it('barPlot', () => {
    expectError(() => barPlot({ bars: [] }), ValueError, 'barPlot', 'bars must be a non-empty array');
    expectError(() => barPlot({ bars: [{ label: 'a', value: any('1') }] }), ValueError, 'barPlot', 'value must be a number');
    expectError(() => barPlot({ bars: [{ label: 'a', value: 1, group: 'g' }, { label: 'b', value: 2 }] }), ValueError, 'barPlot', 'every bar has a group or none');
  });

  it('heatmap', () => {
    expectError(() => heatmap({ values: tensor([1, 2]) }), ShapeError, 'heatmap', 'values must be a 2-d tensor', '[2]');
    expectError(() => heatmap({ values: [[1, 2], [3]] }), ShapeError, 'heatmap', 'row 0 has 2 values, row 1 has 1');
    expectError(() => heatmap({ values: [] }), ValueError, 'heatmap', 'at least one row and one column');
    expectError(() => heatmap({ values: [[1, 2]], xLabels: ['a'] }), ValueError, 'heatmap', 'xLabels must have one label per entry: 2 expected, got 1');
    expectError(() => heatmap({ values: [[1]], color: any({ scale: 'log' }) }), ValueError, 'heatmap', "unknown option 'scale'");
  });

  it('imageGrid', () => {
    expectError(() => imageGrid({ images: zeros([2, 3, 4, 4]) }), ShapeError, 'imageGrid', 'images must have shape [N,H,W] or [N,1,H,W]', '[2,3,4,4]');
    expectError(() => imageGrid({ images: [zeros([3, 3]), zeros([2, 3])] }), ShapeError, 'imageGrid', 'images[1] is 2×3');
    expectError(() => imageGrid({ images: [] }), ValueError, 'imageGrid', 'at least one non-empty image');
    expectError(() => imageGrid({ images: zeros([2, 3, 3]), labels: ['a'] }), ValueError, 'imageGrid', 'labels must have one label per entry');
    expectError(() => imageGrid({ images: zeros([2, 3, 3]), columns: 0 }), ValueError, 'imageGrid', 'columns must be at least 1');
  });

  it('panels', () => {
    expectError(() => panels([]), ValueError, 'panels', 'specs must be a non-empty array');
    expectError(() => panels([any(null)]), ValueError, 'panels', 'specs[0] must be a Vega-Lite spec object');
  });
});

describe('renderSvg and saveSvg', () => {
  it('reject what is not a spec, and a spec Vega-Lite cannot compile', async () => {
    await expect(renderSvg(any('line'))).rejects.toThrow(/^renderSvg: spec must be a Vega-Lite spec object/);
    await expect(renderSvg({ mark: 'nonsense', data: { values: [] } })).rejects.toThrow(ValueError);
    await expect(renderSvg({ mark: 'nonsense', data: { values: [] } })).rejects.toThrow(/^renderSvg: spec is not a valid Vega-Lite spec/);
    await expect(saveSvg({ mark: 'point' }, any(42))).rejects.toThrow(/^saveSvg: path must be a non-empty string/);
  });
});
