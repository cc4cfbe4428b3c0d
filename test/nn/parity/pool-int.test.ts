/**
 * Max pooling of int32 and bool inputs (issue 10): the result keeps the input's dtype, as newer
 * PyTorch's CPU kernels do. Values and arg-max indices from PyTorch 1.13 run on the exact float64
 * copy of each input and cast back (test/fixtures/pool_int.json from generate_pool_int.py; torch
 * 1.13 itself refuses int/bool pooling), plus hand-derived cases, modules and the no-gradient rule.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { tensor, type Tensor } from '../../../src/index.js';
import { functional as F, MaxPool1d, MaxPool2d, MaxPool3d, AdaptiveMaxPool1d, AdaptiveMaxPool2d } from '../../../src/nn/index.js';

interface Enc { shape: number[]; dtype: 'int32' | 'bool'; data: (number | boolean)[] }
interface Case { name: string; fn: string; size: number | number[]; options: Record<string, unknown>; input: Enc; values: Enc; indices?: Enc }

const fixture = JSON.parse(readFileSync(new URL('../../fixtures/pool_int.json', import.meta.url), 'utf8')) as { cases: Case[] };
const decode = (e: Enc): Tensor => tensor(e.data.map(Number), { dtype: e.dtype }).reshape(e.shape);
const flat = (t: Tensor): number[] => Array.from(t.contiguous().toTypedArray(), Number);

type Pool = (x: Tensor, size: never, options: never) => Tensor | { values: Tensor; indices: Tensor };
const FNS: Record<string, Pool> = {
  maxPool1d: F.maxPool1d as Pool,
  maxPool2d: F.maxPool2d as Pool,
  maxPool3d: F.maxPool3d as Pool,
  adaptiveMaxPool1d: F.adaptiveMaxPool1d as Pool,
  adaptiveMaxPool2d: F.adaptiveMaxPool2d as Pool,
};

describe('max pooling of int32 and bool inputs against PyTorch', () => {
  it('the fixture has every function, both dtypes', () => {
    expect(new Set(fixture.cases.map((c) => c.fn)).size).toBe(5);
    expect(new Set(fixture.cases.map((c) => c.input.dtype))).toEqual(new Set(['int32', 'bool']));
  });
  for (const c of fixture.cases) {
    it(c.name, () => {
      const x = decode(c.input);
      const pool = FNS[c.fn]!;
      const out = c.indices ? pool(x, c.size as never, { ...c.options, returnIndices: true } as never) : pool(x, c.size as never, c.options as never);
      const values = 'values' in out ? out.values : out;
      expect(values.dtype).toBe(c.input.dtype);
      expect(values.shape).toEqual(c.values.shape);
      expect(flat(values)).toEqual(c.values.data.map(Number));
      expect(values.requiresGrad).toBe(false);
      if (c.indices) {
        const indices = (out as { indices: Tensor }).indices;
        expect(indices.dtype).toBe('int32');
        expect(flat(indices)).toEqual(c.indices.data);
      }
    });
  }
});

describe('max pooling of int32 and bool inputs, by hand', () => {
  it('maxPool1d of int [1, −7, 5, 5, −2] with kernel 2: [1, 5] int32; the first of tied maxima wins the index', () => {
    const { values, indices } = F.maxPool1d(tensor([[1, -7, 5, 5, -2]], { dtype: 'int32' }), 2, { returnIndices: true });
    expect(values.dtype).toBe('int32');
    expect(values.toArray()).toEqual([[1, 5]]);
    expect(indices.toArray()).toEqual([[0, 2]]);
  });
  it('maxPool2d of a bool mask is the OR over each window, bool', () => {
    const mask = tensor([[false, false, true, false], [false, false, false, false]], { dtype: 'bool' }).reshape([1, 2, 4]);
    const out = F.maxPool2d(mask, 2);
    expect(out.dtype).toBe('bool');
    expect(out.toArray()).toEqual([[[false, true]]]);
  });
  it('int values beyond float32 precision stay exact (2²⁴ + 1)', () => {
    const big = 2 ** 24 + 1;
    expect(F.maxPool1d(tensor([[big, big - 1]], { dtype: 'int32' }), 2).toArray()).toEqual([[big]]);
  });
  it('the modules pool int and bool too (MaxPool1d/2d/3d, AdaptiveMaxPool1d/2d)', () => {
    const x = tensor([[[3, 1], [2, 4]]], { dtype: 'int32' }); // [1, 2, 2]
    expect(new MaxPool1d(2).forward(x).toArray()).toEqual([[[3], [4]]]);
    expect(new MaxPool2d(2).forward(x).toArray()).toEqual([[[4]]]);
    expect(new AdaptiveMaxPool1d(1).forward(x).toArray()).toEqual([[[3], [4]]]);
    expect(new AdaptiveMaxPool2d(1).forward(x).toArray()).toEqual([[[4]]]);
    const b = tensor([false, true, false, false, false, false, false, false], { dtype: 'bool' }).reshape([1, 2, 2, 2]);
    const out = new MaxPool3d(2).forward(b);
    expect(out.dtype).toBe('bool');
    expect(out.toArray()).toEqual([[[[true]]]]);
  });
  it('the average poolings still refuse int input, naming the op (PyTorch: not implemented for Int)', () => {
    expect(() => F.avgPool2d(tensor([[[1, 2]]], { dtype: 'int32' }), 1)).toThrow(/avgPool2d: input must be float32 or float64, got int32/);
    expect(() => F.avgPool3d(tensor([1], { dtype: 'int32' }).reshape([1, 1, 1, 1]), 1)).toThrow(/avgPool3d: input must be float32 or float64/);
  });
  it('a non-tensor input is a clear error naming the op', () => {
    expect(() => F.maxPool2d([[1]] as unknown as Tensor, 1)).toThrow(/maxPool2d: input must be a Tensor/);
  });
});
