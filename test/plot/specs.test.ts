/**
 * chainrule/plot's spec builders: the Vega-Lite they write, checked field by field against
 * hand-written expectations (the data rows are the inputs, a log axis is a log scale, row 0 of a
 * heat map is the first y category, …). Rendering is render.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { tensor } from '../../src/index.js';
import { barPlot, heatmap, imageGrid, linePlot, panels, scatterPlot, type VegaLiteSpec } from '../../src/plot/index.js';

/** Reads a nested field: get(spec, 'encoding', 'y', 'scale'). */
function get(spec: unknown, ...path: string[]): any {
  return path.reduce((node: any, key) => node?.[key], spec);
}

function rows(spec: VegaLiteSpec): unknown[] {
  return get(spec, 'data', 'values') as unknown[];
}

describe('linePlot', () => {
  it('writes one row per point, x defaulting to 0..n-1, a tensor giving the same rows as an array', () => {
    const fromArray = linePlot({ series: [{ name: 'loss', y: [3, 2.5, 1] }] });
    const fromTensor = linePlot({ series: [{ name: 'loss', y: tensor([3, 2.5, 1], { dtype: 'float64' }) }] });
    const expected = [
      { series: 'loss', x: 0, y: 3 },
      { series: 'loss', x: 1, y: 2.5 },
      { series: 'loss', x: 2, y: 1 },
    ];
    expect(rows(fromArray)).toEqual(expected);
    expect(rows(fromTensor)).toEqual(expected);
    expect(fromArray.$schema).toBe('https://vega.github.io/schema/vega-lite/v6.json');
    expect(get(fromArray, 'mark', 'type')).toBe('line');
  });

  it('a log axis is a log scale, and drops the points it cannot show (≤ 0, NaN)', () => {
    const spec = linePlot({ series: [{ name: 'norm', x: [1, 2, 3, 4, 5], y: [1, 0, -1, Number.NaN, 100] }], y: { log: true, title: '‖g‖' }, x: { title: 't' } });
    expect(get(spec, 'encoding', 'y', 'scale', 'type')).toBe('log');
    expect(get(spec, 'encoding', 'x', 'scale')).toBeUndefined();
    expect(get(spec, 'encoding', 'y', 'title')).toBe('‖g‖');
    expect(get(spec, 'encoding', 'x', 'title')).toBe('t');
    expect(rows(spec)).toEqual([
      { series: 'norm', x: 1, y: 1 },
      { series: 'norm', x: 5, y: 100 },
    ]);
  });

  it('a domain fixes the scale; several series get a colour legend in the order given', () => {
    const spec = linePlot({
      series: [
        { name: 'tanh', y: [1, 2] },
        { name: 'ReLU', x: [10, 20], y: [3, 4] },
      ],
      x: { domain: [0, 30] },
      width: 500,
      height: 200,
      title: 'two',
      points: true,
    });
    expect(get(spec, 'encoding', 'x', 'scale', 'domain')).toEqual([0, 30]);
    expect(get(spec, 'encoding', 'color')).toMatchObject({ field: 'series', type: 'nominal', sort: ['tanh', 'ReLU'] });
    expect(rows(spec)).toEqual([
      { series: 'tanh', x: 0, y: 1 },
      { series: 'tanh', x: 1, y: 2 },
      { series: 'ReLU', x: 10, y: 3 },
      { series: 'ReLU', x: 20, y: 4 },
    ]);
    expect([spec.width, spec.height, spec.title]).toEqual([500, 200, 'two']);
    expect(get(spec, 'mark', 'point')).toBe(true);
  });

  it('one series has no legend', () => {
    expect(get(linePlot({ series: [{ name: 'a', y: [1, 2] }] }), 'encoding', 'color')).toBeUndefined();
  });

  it('is plain JSON', () => {
    const spec = linePlot({ series: [{ name: 'a', y: tensor([1, 2, 3]) }], y: { log: true } });
    expect(JSON.parse(JSON.stringify(spec))).toEqual(spec);
  });
});

describe('scatterPlot', () => {
  it('draws points at the given (x, y)', () => {
    const spec = scatterPlot({ series: [{ name: 'w', x: [1, 2], y: [-1, 0.5] }] });
    expect(get(spec, 'mark', 'type')).toBe('point');
    expect(rows(spec)).toEqual([
      { series: 'w', x: 1, y: -1 },
      { series: 'w', x: 2, y: 0.5 },
    ]);
  });
});

describe('barPlot', () => {
  it('one bar per entry, labels in first-seen order, grouped bars offset and coloured by group', () => {
    const spec = barPlot({
      bars: [
        { label: 'SGD', group: 'params', value: 4 },
        { label: 'Adam', group: 'params', value: 4 },
        { label: 'Adam', group: 'state', value: 8 },
      ],
      y: { title: 'bytes' },
    });
    expect(rows(spec)).toEqual([
      { label: 'SGD', value: 4, group: 'params' },
      { label: 'Adam', value: 4, group: 'params' },
      { label: 'Adam', value: 8, group: 'state' },
    ]);
    expect(get(spec, 'encoding', 'x', 'sort')).toEqual(['SGD', 'Adam']);
    expect(get(spec, 'encoding', 'xOffset', 'field')).toBe('group');
    expect(get(spec, 'encoding', 'color', 'sort')).toEqual(['params', 'state']);
    expect(get(spec, 'encoding', 'y', 'title')).toBe('bytes');
  });

  it('ungrouped bars have one colour and no legend', () => {
    const spec = barPlot({ bars: [{ label: 'a', value: 1 }, { label: 'b', value: 2 }] });
    expect(get(spec, 'encoding', 'color')).toBeUndefined();
    expect(get(spec, 'encoding', 'xOffset')).toBeUndefined();
  });
});

describe('heatmap', () => {
  it('one row per cell; rows on y and columns on x, both in index order (row 0 first: the top)', () => {
    const spec = heatmap({ values: [[1, 2, 3], [4, 5, 6]], xLabels: ['a', 'b', 'c'], yLabels: ['top', 'bottom'] });
    expect(rows(spec)).toEqual([
      { row: 0, col: 0, value: 1 },
      { row: 0, col: 1, value: 2 },
      { row: 0, col: 2, value: 3 },
      { row: 1, col: 0, value: 4 },
      { row: 1, col: 1, value: 5 },
      { row: 1, col: 2, value: 6 },
    ]);
    expect(get(spec, 'encoding', 'y')).toMatchObject({ field: 'row', type: 'ordinal' });
    expect(get(spec, 'encoding', 'x')).toMatchObject({ field: 'col', type: 'ordinal' });
    expect(get(spec, 'encoding', 'y', 'axis', 'labelExpr')).toBe('["top","bottom"][datum.value]');
    const cells = get(spec, 'layer', '0');
    expect(get(cells, 'mark', 'type')).toBe('rect');
    expect(get(cells, 'encoding', 'color', 'scale')).toEqual({ scheme: 'viridis', domain: [1, 6] });
    expect(spec.layer).toHaveLength(1);
  });

  it('a 2-d tensor gives the same cells as its nested array; a colour scheme and domain are kept', () => {
    const m = [[0.5, -1], [2, 0]];
    const a = heatmap({ values: m, color: { scheme: 'blues', domain: [-2, 2] } });
    const b = heatmap({ values: tensor(m), color: { scheme: 'blues', domain: [-2, 2] } });
    expect(rows(b)).toEqual(rows(a));
    expect(get(a, 'layer', '0', 'encoding', 'color', 'scale')).toEqual({ scheme: 'blues', domain: [-2, 2] });
  });

  it('slants x labels wider than their cell (36 px when annotated: 7 letters at ~6.5 px do not fit, 3 do)', () => {
    const wide = heatmap({ values: [[1, 2]], xLabels: ['English', 'French'], annotate: true });
    const narrow = heatmap({ values: [[1, 2]], xLabels: ['en', 'fr'], annotate: true });
    expect(get(wide, 'encoding', 'x', 'axis', 'labelAngle')).toBe(-40);
    expect(get(narrow, 'encoding', 'x', 'axis', 'labelAngle')).toBe(0);
    expect(get(wide, 'width')).toEqual({ step: 36 });
  });

  it('annotate adds a text layer writing each value, whole numbers without decimals', () => {
    const spec = heatmap({ values: [[50, 2], [3, 40]], annotate: true, x: { title: 'predicted' }, y: { title: 'true' } });
    expect(spec.layer).toHaveLength(2);
    expect(get(spec, 'layer', '1', 'mark', 'type')).toBe('text');
    expect(get(spec, 'layer', '1', 'encoding', 'text')).toMatchObject({ field: 'value', format: 'd' });
    expect(get(spec, 'encoding', 'x', 'title')).toBe('predicted');
    expect(get(spec, 'encoding', 'y', 'title')).toBe('true');
  });
});

describe('imageGrid', () => {
  // two 2×3 images: image i, pixel (r, c) = 10i + 3r + c − 5
  const pixels = [0, 1].map((i) => [0, 1].map((r) => [0, 1, 2].map((c) => 10 * i + 3 * r + c - 5)));

  it('[N,1,H,W] and [N,H,W] tensors and a list of [H,W] tensors give the same pixels, row-major', () => {
    const a = imageGrid({ images: tensor(pixels) });
    const b = imageGrid({ images: tensor(pixels).unsqueeze(1) });
    const c = imageGrid({ images: pixels.map((p) => tensor(p)) });
    expect(rows(a)).toHaveLength(12);
    expect(rows(a)[0]).toEqual({ image: 0, row: 0, col: 0, value: -5 });
    expect(rows(a)[5]).toEqual({ image: 0, row: 1, col: 2, value: 0 });
    expect(rows(a)[7]).toEqual({ image: 1, row: 0, col: 1, value: 6 });
    expect(rows(b)).toEqual(rows(a));
    expect(rows(c)).toEqual(rows(a));
  });

  it('symmetric colours are centred on 0 with limits ±max|value|; grey levels span the data otherwise', () => {
    const sym = imageGrid({ images: tensor(pixels), symmetric: true });
    expect(get(sym, 'spec', 'encoding', 'color', 'scale')).toMatchObject({ domain: [-10, 10], domainMid: 0 });
    const grey = imageGrid({ images: tensor(pixels) });
    expect(get(grey, 'spec', 'encoding', 'color', 'scale')).toMatchObject({ scheme: 'greys', domain: [-5, 10] });
  });

  it('labels the images and lays them out in the columns asked for', () => {
    const spec = imageGrid({ images: tensor(pixels), labels: ['edge', 'none'], columns: 1, title: 'filters' });
    expect(get(spec, 'facet', 'header', 'labelExpr')).toBe('["edge","none"][datum.value]');
    expect(spec.columns).toBe(1);
    expect(spec.title).toBe('filters');
  });
});

describe('panels', () => {
  it('concatenates the figures, each without its own $schema and config', () => {
    const a = linePlot({ series: [{ name: 'a', y: [1, 2] }] });
    const b = heatmap({ values: [[1]] });
    const spec = panels([a, b], { columns: 1, title: 'both' });
    const { $schema: _s, config: _c, ...innerA } = a;
    const { $schema: _s2, config: _c2, ...innerB } = b;
    expect(spec.concat).toEqual([innerA, innerB]);
    expect(spec.columns).toBe(1);
    expect(spec.title).toBe('both');
    expect(spec.$schema).toBe(a.$schema);
  });
});
