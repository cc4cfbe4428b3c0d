/**
 * chainrule/plot's surface: exactly the agreed names (issue 13's API), none of them also exported
 * by another entry point; toSvg is chainrule's, next to toDot.
 */
import { expect, it } from 'vitest';
import * as root from '../../src/index.js';
import * as nn from '../../src/nn/index.js';
import * as optim from '../../src/optim/index.js';
import * as plot from '../../src/plot/index.js';
import * as testing from '../../src/testing/index.js';

it('chainrule/plot exports the agreed builders and renderers, and nothing another entry exports', () => {
  expect(Object.keys(plot).sort()).toEqual(['barPlot', 'heatmap', 'imageGrid', 'linePlot', 'panels', 'renderSvg', 'saveSvg', 'scatterPlot']);
  const others = new Set([...Object.keys(root), ...Object.keys(nn), ...Object.keys(optim), ...Object.keys(testing)]);
  expect(Object.keys(plot).filter((name) => others.has(name))).toEqual([]);
  expect(typeof root.toSvg).toBe('function');
  expect(Object.keys(plot)).not.toContain('toSvg');
});
