/**
 * Every functional convolution, pooling and unfold/fold op against PyTorch 1.13 in float64:
 * the output, the max-pooling indices, and the gradients of input, weight and bias for
 * loss = Σ output · gradOutput (fixtures from test/fixtures/generate_nn_conv.py).
 */
import { describe, expect, it } from 'vitest';
import type { Tensor } from '../../../src/index.js';
import * as F from '../../../src/nn/functional/index.js';
import { expectMatches, fixtures, load, type ConvCase } from './support.js';

type Call = (c: ConvCase, x: Tensor, w: Tensor | null, b: Tensor | null) => { out: Tensor; indices?: Tensor };

/* eslint-disable @typescript-eslint/no-explicit-any */
const calls: Record<string, Call> = {
  conv1d: (c, x, w, b) => ({ out: F.conv1d(x, w!, b, c.options) }),
  conv2d: (c, x, w, b) => ({ out: F.conv2d(x, w!, b, c.options) }),
  convTranspose1d: (c, x, w, b) => ({ out: F.convTranspose1d(x, w!, b, c.options) }),
  convTranspose2d: (c, x, w, b) => ({ out: F.convTranspose2d(x, w!, b, c.options) }),
  maxPool1d: (c, x) => {
    const r = F.maxPool1d(x, c.args![0] as number, { ...c.options, returnIndices: true });
    return { out: r.values, indices: r.indices };
  },
  maxPool2d: (c, x) => {
    const r = F.maxPool2d(x, c.args![0] as number, { ...c.options, returnIndices: true });
    return { out: r.values, indices: r.indices };
  },
  avgPool1d: (c, x) => ({ out: F.avgPool1d(x, c.args![0] as number, c.options) }),
  avgPool2d: (c, x) => ({ out: F.avgPool2d(x, c.args![0] as number, c.options) }),
  adaptiveAvgPool1d: (c, x) => ({ out: F.adaptiveAvgPool1d(x, c.args![0] as number) }),
  adaptiveAvgPool2d: (c, x) => ({ out: F.adaptiveAvgPool2d(x, c.args![0] as number) }),
  unfold: (c, x) => ({ out: F.unfold(x, c.args![0] as number, c.options) }),
  fold: (c, x) => ({ out: F.fold(x, c.args![0] as number[], c.args![1] as number, c.options) }),
};

function check(c: ConvCase): void {
  const x = load(c.input, true);
  const w = c.weight ? load(c.weight, true) : null;
  const b = c.bias ? load(c.bias, true) : null;
  const { out, indices } = calls[c.fn]!(c, x, w, b);
  expectMatches(out, c.output, 'output');
  if (c.indices) {
    expect(indices!.dtype).toBe('int32');
    expect(indices!.shape).toEqual(c.indices.shape);
    expect(Array.from(indices!.toTypedArray())).toEqual(c.indices.data);
  }
  out.mul(load(c.gradOutput)).sum().backward();
  expectMatches(x.grad, c.gradInput, 'input gradient');
  if (w) expectMatches(w.grad, c.gradWeight!, 'weight gradient');
  if (b) expectMatches(b.grad, c.gradBias!, 'bias gradient');
}

describe('functional ops match PyTorch (float64, values and gradients)', () => {
  const all = [...fixtures().conv, ...fixtures().pool, ...fixtures().fold];
  for (const fn of Object.keys(calls)) {
    const cases = all.filter((c) => c.fn === fn);
    describe(fn, () => {
      it('has fixtures', () => expect(cases.length).toBeGreaterThan(0));
      for (const c of cases) it(c.name, () => check(c));
    });
  }
});
