/**
 * Bad arguments to the recurrent layers, cells and cell functions: each throws the right error
 * class, naming the layer, the argument and the shapes or values involved.
 */
import { describe, expect, it } from 'vitest';
import { DTypeError, ShapeError, ValueError, randn, zeros } from '../../../src/index.js';
import { GRU, GRUCell, LSTM, LSTMCell, RNN, RNNCell } from '../../../src/nn/index.js';
import { gruCell, lstmCell, rnnTanhCell } from '../../../src/nn/functional/recurrent.js';

/** Asserts fn throws an instance of `type` whose message contains every fragment. */
function expectError(fn: () => unknown, type: new (...args: never[]) => Error, ...fragments: string[]): void {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught, 'expected an error').toBeInstanceOf(type);
  for (const f of fragments) expect((caught as Error).message).toContain(f);
}

describe('constructor arguments', () => {
  it('rejects an unknown nonlinearity', () => {
    expectError(() => new RNN(3, 4, { nonlinearity: 'sigmoid' as 'tanh' }), ValueError, 'RNN:', '"sigmoid"', "'tanh' or 'relu'");
    expectError(() => new RNNCell(3, 4, { nonlinearity: 'gelu' as 'relu' }), ValueError, 'RNNCell:', '"gelu"');
  });

  it('rejects non-positive or fractional sizes and layer counts', () => {
    expectError(() => new LSTM(0, 4), ValueError, 'LSTM:', 'inputSize', 'got 0');
    expectError(() => new GRU(3, 2.5), ValueError, 'GRU:', 'hiddenSize', '2.5');
    expectError(() => new RNN(3, 4, { numLayers: 0 }), ValueError, 'RNN:', 'numLayers');
    expectError(() => new GRUCell(3, -1), ValueError, 'GRUCell:', 'hiddenSize');
  });

  it('rejects a dropout outside [0, 1], a bad projSize and a non-float dtype', () => {
    expectError(() => new LSTM(3, 4, { dropout: 1.5 }), ValueError, 'LSTM:', 'dropout', '1.5');
    expectError(() => new GRU(3, 4, { dropout: -0.1 }), ValueError, 'GRU:', 'dropout');
    expectError(() => new LSTM(3, 4, { projSize: 4 }), ValueError, 'LSTM:', 'projSize', 'smaller than hiddenSize');
    expectError(() => new GRU(3, 4, { projSize: 2 } as never), ValueError, 'GRU:', 'projSize is only supported by LSTM');
    expectError(() => new RNN(3, 4, { dtype: 'int32' as 'float32' }), DTypeError, 'RNN:', 'int32');
  });
});

describe('layer forward arguments', () => {
  it('names the input size mismatch with the shape', () => {
    const lstm = new LSTM(3, 4);
    expectError(() => lstm.forward(randn([5, 2, 2])), ShapeError, 'LSTM:', 'input has 2 features', '[5,2,2]', 'inputSize is 3');
  });

  it('rejects inputs that are not 2-D or 3-D, and empty sequences', () => {
    const rnn = new RNN(3, 4, { batchFirst: true });
    expectError(() => rnn.forward(randn([2, 5, 3, 1])), ShapeError, 'RNN:', '[2,5,3,1]', '[batch, seq, 3]');
    expectError(() => rnn.forward(randn([3])), ShapeError, 'RNN:', '[3]');
    expectError(() => new GRU(3, 4).forward(zeros([0, 2, 3])), ShapeError, 'GRU:', 'empty', '[0,2,3]');
  });

  it('names a wrong h0 shape with the expected one', () => {
    const gru = new GRU(3, 4, { numLayers: 2 });
    expectError(() => gru.forward(randn([5, 2, 3]), zeros([1, 2, 4])), ShapeError, 'GRU:', 'h0 has shape [1,2,4]', 'expected [2,2,4]');
    const bi = new RNN(3, 4, { bidirectional: true });
    expectError(() => bi.forward(randn([5, 2, 3]), zeros([1, 2, 4])), ShapeError, 'RNN:', 'expected [2,2,4]');
    // Unbatched input needs a 2-D h0.
    expectError(() => new RNN(3, 4).forward(randn([5, 3]), zeros([1, 1, 4])), ShapeError, 'RNN:', 'expected [1,4]', 'input [5,3]');
  });

  it('checks both LSTM states (c0 has hiddenSize features even with a projection)', () => {
    const lstm = new LSTM(3, 4, { projSize: 2 });
    const x = randn([5, 2, 3]);
    expectError(() => lstm.forward(x, [zeros([1, 2, 4]), zeros([1, 2, 4])]), ShapeError, 'LSTM:', 'h0 has shape [1,2,4]', 'expected [1,2,2]');
    expectError(() => lstm.forward(x, [zeros([1, 2, 2]), zeros([1, 2, 2])]), ShapeError, 'LSTM:', 'c0 has shape [1,2,2]', 'expected [1,2,4]');
    expectError(() => lstm.forward(x, zeros([1, 2, 2]) as never), ValueError, 'LSTM:', 'pair [h0, c0]');
  });

  it('rejects a dtype other than the parameters’', () => {
    const rnn = new RNN(3, 4, { dtype: 'float64' });
    expectError(() => rnn.forward(randn([5, 2, 3])), DTypeError, 'RNN:', 'input is float32', 'float64');
    expectError(() => rnn.forward(randn([5, 2, 3], { dtype: 'float64' }), zeros([1, 2, 4])), DTypeError, 'RNN:', 'h0 is float32');
  });
});

describe('cell forward arguments', () => {
  it('names input size, rank and hx shape problems', () => {
    const cell = new RNNCell(3, 4);
    expectError(() => cell.forward(randn([2, 5])), ShapeError, 'RNNCell:', 'input has 5 features', 'inputSize is 3');
    expectError(() => cell.forward(randn([1, 2, 3])), ShapeError, 'RNNCell:', '[1,2,3]');
    expectError(() => cell.forward(randn([2, 3]), zeros([3, 4])), ShapeError, 'RNNCell:', 'hx has shape [3,4]', 'expected [2,4]');
    expectError(() => new GRUCell(3, 4).forward(randn([3]), zeros([1, 4])), ShapeError, 'GRUCell:', 'expected [4]');
    expectError(() => new LSTMCell(3, 4).forward(randn([2, 3]), [zeros([2, 4]), zeros([2, 5])]), ShapeError, 'LSTMCell:', 'c0', '[2,5]');
  });
});

describe('cell functions', () => {
  const w = (r: number, c: number) => zeros([r, c]);
  it('check weights, biases and states against each other', () => {
    expectError(() => rnnTanhCell(zeros([2, 3]), zeros([2, 4]), w(4, 2), w(4, 4)), ShapeError, 'rnnTanhCell:', 'input has shape [2,3]', 'weightIh [4,2]');
    expectError(() => gruCell(zeros([2, 3]), zeros([2, 4]), w(12, 3), w(12, 5)), ShapeError, 'gruCell:', 'weightHh has shape [12,5]');
    expectError(() => lstmCell(zeros([2, 3]), [zeros([2, 4]), zeros([2, 3])], w(16, 3), w(16, 4)), ShapeError, 'lstmCell:', 'cx has shape [2,3]', 'expected [2,4]');
    expectError(() => gruCell(zeros([2, 3]), zeros([2, 4]), w(12, 3), w(12, 4), zeros([11])), ShapeError, 'gruCell:', 'biasIh', '[12]');
    expectError(() => rnnTanhCell(zeros([2, 3], { dtype: 'float64' }), zeros([2, 4]), w(4, 3), w(4, 4)), DTypeError, 'rnnTanhCell:', 'input is float64');
  });
});
