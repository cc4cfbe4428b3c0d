/**
 * Finite differences in float64 (gradcheck: full Jacobians, central differences) for every layer
 * and cell on tiny sizes, w.r.t. the input, the initial states and every parameter (the module
 * reads its parameters' storage, which gradcheck perturbs in place). gradgradcheck on the LSTM and
 * GRU cells checks second derivatives through the composites.
 */
import { describe, expect, it } from 'vitest';
import { Generator, gradcheck, gradgradcheck, randn, type Tensor } from '../../../src/index.js';
import { GRU, GRUCell, LSTM, LSTMCell, RNN, RNNCell } from '../../../src/nn/index.js';

const g = new Generator(11);
const leaf = (shape: number[]): Tensor => randn(shape, { dtype: 'float64', generator: g, requiresGrad: true });

describe('gradcheck of the recurrent layers (float64, tiny sizes)', () => {
  const cases: [string, () => RNN | LSTM | GRU][] = [
    ['RNN tanh, 2 layers, bidirectional', () => new RNN(2, 2, { numLayers: 2, bidirectional: true, dtype: 'float64', generator: g })],
    ['RNN relu, batchFirst', () => new RNN(2, 3, { nonlinearity: 'relu', batchFirst: true, dtype: 'float64', generator: g })],
    ['LSTM, 2 layers', () => new LSTM(2, 2, { numLayers: 2, dtype: 'float64', generator: g })],
    ['LSTM projSize 1, bidirectional', () => new LSTM(2, 2, { projSize: 1, bidirectional: true, dtype: 'float64', generator: g })],
    ['GRU, 2 layers, bidirectional, bias false', () => new GRU(2, 2, { numLayers: 2, bidirectional: true, bias: false, dtype: 'float64', generator: g })],
  ];
  for (const [name, make] of cases) {
    it(name, () => {
      const layer = make();
      const [T, N] = [3, 2];
      const x = leaf(layer.batchFirst ? [N, T, 2] : [T, N, 2]);
      const slots = layer.numLayers * layer.numDirections;
      const h0 = leaf([slots, N, layer.outputSize]);
      const params = layer.parameters();
      if (layer instanceof LSTM) {
        const c0 = leaf([slots, N, layer.hiddenSize]);
        const f = (xi: Tensor, hi: Tensor, ci: Tensor): Tensor[] => {
          const [out, [hN, cN]] = layer.forward(xi, [hi, ci]);
          return [out, hN, cN];
        };
        expect(gradcheck(f, [x, h0, c0, ...params]).ok).toBe(true);
      } else {
        const f = (xi: Tensor, hi: Tensor): Tensor[] => layer.forward(xi, hi);
        expect(gradcheck(f, [x, h0, ...params]).ok).toBe(true);
      }
    });
  }
});

describe('gradcheck of the recurrent cells (float64, tiny sizes)', () => {
  it('RNNCell tanh and relu', () => {
    for (const nonlinearity of ['tanh', 'relu'] as const) {
      const cell = new RNNCell(3, 2, { nonlinearity, dtype: 'float64', generator: g });
      const report = gradcheck((x, h) => cell.forward(x, h), [leaf([2, 3]), leaf([2, 2]), ...cell.parameters()]);
      expect(report.ok).toBe(true);
    }
  });

  it('LSTMCell', () => {
    const cell = new LSTMCell(3, 2, { dtype: 'float64', generator: g });
    const report = gradcheck((x, h, c) => cell.forward(x, [h, c]), [leaf([2, 3]), leaf([2, 2]), leaf([2, 2]), ...cell.parameters()]);
    expect(report.ok).toBe(true);
  });

  it('GRUCell, unbatched', () => {
    const cell = new GRUCell(3, 2, { dtype: 'float64', generator: g });
    const report = gradcheck((x, h) => cell.forward(x, h), [leaf([3]), leaf([2]), ...cell.parameters()]);
    expect(report.ok).toBe(true);
  });

  // The weight is an input of gradcheck (perturbed in place) and reaches the function through the cell.
  it('second derivatives (gradgradcheck) of LSTMCell and GRUCell', () => {
    const lstm = new LSTMCell(2, 2, { dtype: 'float64', generator: g });
    expect(gradgradcheck((x, h, c, _weightHh) => lstm.forward(x, [h, c]), [leaf([1, 2]), leaf([1, 2]), leaf([1, 2]), lstm.weightHh]).ok).toBe(true);
    const gru = new GRUCell(2, 2, { dtype: 'float64', generator: g });
    expect(gradgradcheck((x, h, _weightHh) => gru.forward(x, h), [leaf([1, 2]), leaf([1, 2]), gru.weightHh]).ok).toBe(true);
  });
});
