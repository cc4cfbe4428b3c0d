/**
 * RNN, LSTM, GRU and their cells against PyTorch 1.13 in float64 (test/fixtures/nn_recurrent.json,
 * written by test/fixtures/generate_nn_recurrent.py): outputs, final states, and the gradients of
 * the input, the initial states and every parameter for
 * L = Σ output⊙gOutput + Σ hN⊙gHN (+ Σ cN⊙gCN), with PyTorch's parameters loaded by name.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { NestedArray, Tensor } from '../../../src/index.js';
import { GRU, GRUCell, LSTM, LSTMCell, RNN, RNNCell, type Module } from '../../../src/nn/index.js';
import { expectTensor, f64 } from './support.js';

type Arr = NestedArray;

interface LayerCase {
  name: string;
  kind: 'RNN' | 'LSTM' | 'GRU';
  options: {
    inputSize: number;
    hiddenSize: number;
    numLayers: number;
    bias: boolean;
    batchFirst: boolean;
    bidirectional: boolean;
    projSize: number;
    nonlinearity: 'tanh' | 'relu';
  };
  params: Record<string, Arr>;
  input: Arr;
  h0: Arr | null;
  c0: Arr | null;
  gOutput: Arr;
  gHN: Arr;
  gCN: Arr | null;
  output: Arr;
  hN: Arr;
  cN: Arr | null;
  grads: { input: Arr; h0: Arr | null; c0: Arr | null; params: Record<string, Arr> };
}

interface CellCase {
  name: string;
  kind: 'RNNCell' | 'LSTMCell' | 'GRUCell';
  options: { inputSize: number; hiddenSize: number; bias: boolean; nonlinearity: 'tanh' | 'relu' };
  params: Record<string, Arr>;
  input: Arr;
  h0: Arr | null;
  c0: Arr | null;
  gH: Arr;
  gC: Arr | null;
  h: Arr;
  c: Arr | null;
  grads: { input: Arr; h0: Arr | null; c0: Arr | null; params: Record<string, Arr> };
}

const fixtures = JSON.parse(readFileSync(new URL('../../fixtures/nn_recurrent.json', import.meta.url), 'utf8')) as {
  layers: LayerCase[];
  cells: CellCase[];
};

/** Loads PyTorch's parameters by name; the module must have exactly these names. */
function loadParams(module: Module, params: Record<string, Arr>): void {
  expect(module.namedParameters().map(([n]) => n)).toEqual(Object.keys(params));
  module.loadStateDict(Object.fromEntries(Object.entries(params).map(([k, v]) => [k, f64(v)])));
}

/** Compares every parameter's .grad with PyTorch's. */
function expectParamGrads(module: Module, grads: Record<string, Arr>): void {
  for (const [name, p] of module.namedParameters()) expectTensor(`grad of ${name}`, p.grad, grads[name]!);
}

function buildLayer(c: LayerCase): RNN | LSTM | GRU {
  const { inputSize, hiddenSize, numLayers, bias, batchFirst, bidirectional, projSize, nonlinearity } = c.options;
  const common = { numLayers, bias, batchFirst, bidirectional, dtype: 'float64' as const };
  if (c.kind === 'RNN') return new RNN(inputSize, hiddenSize, { ...common, nonlinearity });
  if (c.kind === 'LSTM') return new LSTM(inputSize, hiddenSize, { ...common, projSize });
  return new GRU(inputSize, hiddenSize, common);
}

describe('recurrent layers match PyTorch (float64 fixtures)', () => {
  it('covers every layer kind and option', () => {
    const kinds = new Set(fixtures.layers.map((c) => c.kind));
    expect([...kinds].sort()).toEqual(['GRU', 'LSTM', 'RNN']);
    const o = fixtures.layers.map((c) => c.options);
    expect(o.some((x) => x.numLayers === 2) && o.some((x) => x.batchFirst) && o.some((x) => !x.bias)).toBe(true);
    expect(o.some((x) => x.nonlinearity === 'relu') && o.some((x) => x.bidirectional) && o.some((x) => x.projSize > 0)).toBe(true);
  });

  for (const c of fixtures.layers) {
    it(c.name, () => {
      const layer = buildLayer(c);
      loadParams(layer, c.params);
      const x = f64(c.input, true);
      const h0 = c.h0 === null ? null : f64(c.h0, true);
      const c0 = c.c0 === null ? null : f64(c.c0, true);
      let output: Tensor;
      let hN: Tensor;
      let cN: Tensor | null = null;
      if (layer instanceof LSTM) {
        [output, [hN, cN]] = layer.forward(x, h0 === null ? null : [h0, c0!]);
      } else {
        [output, hN] = layer.forward(x, h0);
      }
      expectTensor('output', output, c.output);
      expectTensor('hN', hN, c.hN);
      if (c.cN !== null) expectTensor('cN', cN, c.cN);

      let loss = output.mul(f64(c.gOutput)).sum().add(hN.mul(f64(c.gHN)).sum());
      if (c.gCN !== null) loss = loss.add(cN!.mul(f64(c.gCN)).sum());
      loss.backward();
      expectTensor('grad of input', x.grad, c.grads.input);
      if (h0 !== null) expectTensor('grad of h0', h0.grad, c.grads.h0!);
      if (c0 !== null) expectTensor('grad of c0', c0.grad, c.grads.c0!);
      expectParamGrads(layer, c.grads.params);
    });
  }
});

function buildCell(c: CellCase): RNNCell | LSTMCell | GRUCell {
  const { inputSize, hiddenSize, bias, nonlinearity } = c.options;
  if (c.kind === 'RNNCell') return new RNNCell(inputSize, hiddenSize, { bias, nonlinearity, dtype: 'float64' });
  if (c.kind === 'LSTMCell') return new LSTMCell(inputSize, hiddenSize, { bias, dtype: 'float64' });
  return new GRUCell(inputSize, hiddenSize, { bias, dtype: 'float64' });
}

describe('recurrent cells match PyTorch (float64 fixtures)', () => {
  for (const c of fixtures.cells) {
    it(c.name, () => {
      const cell = buildCell(c);
      loadParams(cell, c.params);
      const x = f64(c.input, true);
      const h0 = c.h0 === null ? null : f64(c.h0, true);
      const c0 = c.c0 === null ? null : f64(c.c0, true);
      let h: Tensor;
      let cOut: Tensor | null = null;
      if (cell instanceof LSTMCell) [h, cOut] = cell.forward(x, h0 === null ? null : [h0, c0!]);
      else h = cell.forward(x, h0);
      expectTensor('h', h, c.h);
      if (c.c !== null) expectTensor('c', cOut, c.c);

      let loss = h.mul(f64(c.gH)).sum();
      if (c.gC !== null) loss = loss.add(cOut!.mul(f64(c.gC)).sum());
      loss.backward();
      expectTensor('grad of input', x.grad, c.grads.input);
      if (h0 !== null) expectTensor('grad of h0', h0.grad, c.grads.h0!);
      if (c0 !== null) expectTensor('grad of c0', c0.grad, c.grads.c0!);
      expectParamGrads(cell, c.grads.params);
    });
  }
});
