/**
 * The recurrent modules as modules: public attributes, PyTorch's parameter names, shapes and
 * order, the default initialization, dropout between layers, shapes of outputs and states, and
 * printing.
 */
import { describe, expect, it } from 'vitest';
import { Generator, manualSeed, noGrad, rand, randn, type Tensor } from '../../../src/index.js';
import { GRU, GRUCell, LSTM, LSTMCell, RNN, RNNCell } from '../../../src/nn/index.js';
import { expectTensor } from './support.js';

const values = (t: Tensor): number[] => Array.from(t.toTypedArray() as Float32Array | Float64Array);

describe('attributes and parameters', () => {
  it('exposes the constructor arguments as readonly fields', () => {
    const lstm = new LSTM(3, 5, { numLayers: 2, bias: false, batchFirst: true, dropout: 0.25, bidirectional: true, projSize: 2 });
    expect([lstm.inputSize, lstm.hiddenSize, lstm.numLayers, lstm.bias, lstm.batchFirst, lstm.dropout, lstm.bidirectional, lstm.projSize]).toEqual([
      3, 5, 2, false, true, 0.25, true, 2,
    ]);
    expect([lstm.mode, lstm.numDirections, lstm.outputSize, lstm.dtype]).toEqual(['LSTM', 2, 2, 'float32']);
    const rnn = new RNN(2, 3, { nonlinearity: 'relu' });
    expect([rnn.nonlinearity, rnn.mode, rnn.numLayers, rnn.bias, rnn.batchFirst, rnn.dropout, rnn.bidirectional, rnn.projSize]).toEqual([
      'relu', 'RNN_RELU', 1, true, false, 0, false, 0,
    ]);
    expect(new GRU(2, 3).mode).toBe('GRU');
    const cell = new RNNCell(2, 3);
    expect([cell.inputSize, cell.hiddenSize, cell.bias, cell.nonlinearity]).toEqual([2, 3, true, 'tanh']);
  });

  it('names, shapes and orders parameters as PyTorch (layer, then direction, then w_ih, w_hh, b_ih, b_hh, w_hr)', () => {
    const gru = new GRU(3, 4, { numLayers: 2, bidirectional: true });
    expect(gru.namedParameters().map(([n, p]) => `${n} ${p.shape.join('x')}`)).toEqual([
      'weight_ih_l0 12x3', 'weight_hh_l0 12x4', 'bias_ih_l0 12', 'bias_hh_l0 12',
      'weight_ih_l0_reverse 12x3', 'weight_hh_l0_reverse 12x4', 'bias_ih_l0_reverse 12', 'bias_hh_l0_reverse 12',
      'weight_ih_l1 12x8', 'weight_hh_l1 12x4', 'bias_ih_l1 12', 'bias_hh_l1 12',
      'weight_ih_l1_reverse 12x8', 'weight_hh_l1_reverse 12x4', 'bias_ih_l1_reverse 12', 'bias_hh_l1_reverse 12',
    ]);
    const lstm = new LSTM(3, 4, { projSize: 2, bias: false });
    expect(lstm.namedParameters().map(([n, p]) => `${n} ${p.shape.join('x')}`)).toEqual(['weight_ih_l0 16x3', 'weight_hh_l0 16x2', 'weight_hr_l0 2x4']);
    expect(lstm.allWeights).toEqual([lstm.parameters()]);
    expect(new LSTMCell(3, 4).namedParameters().map(([n, p]) => `${n} ${p.shape.join('x')}`)).toEqual([
      'weight_ih 16x3', 'weight_hh 16x4', 'bias_ih 16', 'bias_hh 16',
    ]);
    expect(new RNNCell(3, 4, { bias: false }).namedParameters().map(([n]) => n)).toEqual(['weight_ih', 'weight_hh']);
  });

  it('layerWeights gives one layer and direction, and names a missing one', () => {
    const rnn = new RNN(3, 4, { numLayers: 2 });
    expect(rnn.layerWeights(1).weightIh).toBe(rnn.parameters()[4]);
    expect(() => rnn.layerWeights(0, true)).toThrow(/RNN: no weights for layer 0 \(reverse\)/);
  });
});

describe('default initialization: uniform in [−1/√hiddenSize, 1/√hiddenSize)', () => {
  it('stays inside the bound, fills it, and has the uniform variance bound²/3', () => {
    const H = 16;
    const bound = 1 / Math.sqrt(H);
    const all = new LSTM(8, H, { numLayers: 2, generator: new Generator(1) }).parameters().flatMap(values);
    expect(all.length).toBe(64 * 8 + 64 * 16 + 2 * 64 + (64 * 16 + 64 * 16 + 2 * 64)); // layer 0, layer 1
    expect(Math.min(...all)).toBeGreaterThanOrEqual(-bound);
    expect(Math.max(...all)).toBeLessThan(bound);
    expect(Math.min(...all)).toBeLessThan(-0.99 * bound);
    expect(Math.max(...all)).toBeGreaterThan(0.99 * bound);
    const mean = all.reduce((a, b) => a + b, 0) / all.length;
    const variance = all.reduce((a, b) => a + (b - mean) ** 2, 0) / all.length;
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(variance / (bound ** 2 / 3)).toBeCloseTo(1, 1);
  });

  it('is reproducible from the generator option or the default generator, and resetParameters redraws', () => {
    const a = new GRUCell(3, 4, { generator: new Generator(9) });
    const b = new GRUCell(3, 4, { generator: new Generator(9) });
    const c = new GRUCell(3, 4, { generator: new Generator(10) });
    expect(a.parameters().map(values)).toEqual(b.parameters().map(values));
    expect(a.parameters().map(values)).not.toEqual(c.parameters().map(values));
    manualSeed(123);
    const d = new RNN(3, 4);
    manualSeed(123);
    const e = new RNN(3, 4);
    expect(d.parameters().map(values)).toEqual(e.parameters().map(values));
    const before = d.parameters().map(values);
    d.resetParameters();
    expect(d.parameters().map(values)).not.toEqual(before);
  });
});

describe('shapes', () => {
  it('output [L, N, D·H_out] (batchFirst [N, L, D·H_out]) and states [layers·D, N, ·]', () => {
    const lstm = new LSTM(3, 5, { numLayers: 2, bidirectional: true, projSize: 2, batchFirst: true });
    const [out, [hN, cN]] = lstm.forward(randn([4, 7, 3]));
    expect([out.shape, hN.shape, cN.shape]).toEqual([[4, 7, 4], [4, 4, 2], [4, 4, 5]]);
    const [o2, h2] = new GRU(3, 5).forward(randn([7, 3]));
    expect([o2.shape, h2.shape]).toEqual([[7, 5], [1, 5]]);
    expect(new RNNCell(3, 5).forward(randn([3])).shape).toEqual([5]);
  });

  it('batchFirst is the same computation on the transposed input; hN is the last step of the output', () => {
    const g = new Generator(2);
    const a = new GRU(3, 4, { numLayers: 2, dtype: 'float64', generator: g });
    const b = new GRU(3, 4, { numLayers: 2, batchFirst: true, dtype: 'float64' });
    b.loadStateDict(a.stateDict());
    const x = randn([5, 2, 3], { dtype: 'float64', generator: g });
    const [outA, hA] = a.forward(x);
    const [outB, hB] = b.forward(x.transpose(0, 1));
    expectTensor('output', outB.transpose(0, 1), outA.toArray(), 0, 0);
    expectTensor('hN', hB, hA.toArray(), 0, 0);
    expectTensor('hN of the last layer', hA.select(0, 1), outA.select(0, 4).toArray(), 0, 0);
  });

  it('the reverse direction of a bidirectional layer ends at t = 0', () => {
    const rnn = new RNN(3, 4, { bidirectional: true, dtype: 'float64', generator: new Generator(3) });
    const [out, hN] = rnn.forward(randn([5, 2, 3], { dtype: 'float64' }));
    expectTensor('forward hN', hN.select(0, 0), out.select(0, 4).narrow(1, 0, 4).toArray(), 0, 0);
    expectTensor('reverse hN', hN.select(0, 1), out.select(0, 0).narrow(1, 4, 4).toArray(), 0, 0);
  });
});

describe('dropout between layers', () => {
  /**
   * A 2-layer ReLU RNN whose first layer has positive parameters (so its output o is positive on
   * positive input) and whose second layer is the identity on its input (W_ih = I, W_hh = 0,
   * no effective bias): the second layer returns exactly the dropped-out o, and eval mode returns o.
   */
  function probe(dropout: number, seed: number): RNN {
    const H = 8;
    const rnn = new RNN(4, H, { numLayers: 2, nonlinearity: 'relu', dropout, dtype: 'float64', generator: new Generator(seed) });
    noGrad(() => {
      const bottom = rnn.layerWeights(0);
      for (const p of [bottom.weightIh, bottom.weightHh, bottom.biasIh!, bottom.biasHh!]) {
        p.copy_(rand(p.shape, { dtype: 'float64', generator: new Generator(0) }).mul(0.3).add(0.01));
      }
      const top = rnn.layerWeights(1);
      top.weightIh.zero_();
      for (let i = 0; i < H; i++) top.weightIh.narrow(0, i, 1).narrow(1, i, 1).fill_(1);
      top.weightHh.zero_();
      top.biasIh!.zero_();
      top.biasHh!.zero_();
    });
    return rnn;
  }
  const x = rand([10, 20, 4], { dtype: 'float64', generator: new Generator(8) });

  it('zeroes each element with probability p and scales the rest by 1/(1 − p), in training mode only', () => {
    const rnn = probe(0.5, 1);
    const o = values(rnn.eval().forward(x)[0]);
    expect(Math.min(...o)).toBeGreaterThan(0);
    const dropped = values(rnn.train().forward(x)[0]);
    const ratios = dropped.map((v, i) => v / o[i]!);
    for (const r of ratios) expect(Math.abs(r) < 1e-12 || Math.abs(r - 2) < 1e-12, `ratio ${r}`).toBe(true);
    const zeroFraction = ratios.filter((r) => r < 1).length / ratios.length;
    expect(zeroFraction).toBeGreaterThan(0.45); // 1600 Bernoulli(0.5) draws: 0.5 ± 0.0125 (1σ)
    expect(zeroFraction).toBeLessThan(0.55);
  });

  it('draws from the generator option: same seed, same masks; another seed, other masks', () => {
    const a = values(probe(0.3, 5).forward(x)[0]);
    expect(values(probe(0.3, 5).forward(x)[0])).toEqual(a);
    expect(values(probe(0.3, 6).forward(x)[0])).not.toEqual(a);
  });

  it('p = 1 drops everything (the second layer sees zeros); no dropout after the last layer', () => {
    expect(values(probe(1, 1).forward(x)[0]).every((v) => v === 0)).toBe(true);
    const single = new RNN(4, 8, { dropout: 0.9, generator: new Generator(1) });
    const z = rand([3, 2, 4], { generator: new Generator(4) });
    expect(values(single.train().forward(z)[0])).toEqual(values(single.eval().forward(z)[0]));
  });
});

describe('printing', () => {
  it('shows the non-default options', () => {
    expect(new LSTM(10, 20, { numLayers: 2, batchFirst: true }).toString()).toBe('LSTM(10, 20, num_layers=2, batch_first=True)');
    expect(new RNN(3, 4, { nonlinearity: 'relu', bias: false }).toString()).toBe('RNN(3, 4, bias=False)'); // PyTorch's repr leaves out the nonlinearity
    expect(new GRUCell(3, 4).toString()).toBe('GRUCell(3, 4)');
    expect(new RNNCell(3, 4, { nonlinearity: 'relu' }).toString()).toBe('RNNCell(3, 4, nonlinearity=relu)');
  });
});
