/**
 * The reference check of the derivation catalog (rnn-layer-matches-reference): the textbook RNN
 *   h_t = tanh(W_h h_{t−1} + W_x x_t + b),   y_t = V h_t + c,
 * unrolled by hand below with plain tensor ops on column vectors, one sample at a time, equals
 * chainrule's RNN followed by the same head, where b = b_ih + b_hh (PyTorch keeps two biases),
 * W_x = weight_ih_l0 and W_h = weight_hh_l0. Values and gradients both agree.
 */
import { describe, expect, it } from 'vitest';
import { Generator, randn, stack, type Tensor } from '../../../src/index.js';
import { RNN } from '../../../src/nn/index.js';
import { expectTensor } from './support.js';

const [T, N, I, H, O] = [6, 3, 2, 4, 2];

describe('RNN equals the hand-unrolled h_t = tanh(W_h h_{t−1} + W_x x_t + b)', () => {
  it('with a linear head per step: outputs, hN and gradients', () => {
    const g = new Generator(7);
    const rnn = new RNN(I, H, { dtype: 'float64', generator: g });
    const x = randn([T, N, I], { dtype: 'float64', generator: g });
    const h0 = randn([1, N, H], { dtype: 'float64', generator: g });
    const V = randn([O, H], { dtype: 'float64', generator: g, requiresGrad: true });
    const c = randn([O], { dtype: 'float64', generator: g, requiresGrad: true });

    // chainrule's layer, then the head on every step: y = output·Vᵀ + c.
    const [output, hN] = rnn.forward(x, h0);
    const y = output.matmul(V.t()).add(c);
    expect(y.shape).toEqual([T, N, O]);

    // By hand, per sample n, on column vectors.
    const Wx = rnn.layerWeights(0).weightIh.detach().requiresGrad_(true); // [H, I]
    const Wh = rnn.layerWeights(0).weightHh.detach().requiresGrad_(true); // [H, H]
    const bLeaf = rnn.layerWeights(0).biasIh!.add(rnn.layerWeights(0).biasHh!).detach().requiresGrad_(true); // [H]
    const b = bLeaf.reshape([H, 1]);
    const Vr = V.detach().requiresGrad_(true);
    const cLeaf = c.detach().requiresGrad_(true);
    const cr = cLeaf.reshape([O, 1]);
    const ys: Tensor[][] = []; // ys[t][n]: [O, 1]
    const hLast: Tensor[] = [];
    for (let t = 0; t < T; t++) ys.push([]);
    for (let n = 0; n < N; n++) {
      let h = h0.select(0, 0).select(0, n).reshape([H, 1]);
      for (let t = 0; t < T; t++) {
        const xt = x.select(0, t).select(0, n).reshape([I, 1]);
        h = Wh.matmul(h).add(Wx.matmul(xt)).add(b).tanh();
        ys[t]!.push(Vr.matmul(h).add(cr));
      }
      hLast.push(h);
    }
    const yRef = stack(ys.map((row) => stack(row.map((v) => v.reshape([O])))));
    const hNRef = stack(hLast.map((h) => h.reshape([H]))).unsqueeze(0);
    expectTensor('y', y, yRef.toArray(), 1e-13, 1e-12);
    expectTensor('hN', hN, hNRef.toArray(), 1e-13, 1e-12);

    // Same loss on both sides; gradients w.r.t. W_x, W_h, b (= either bias), V and c agree.
    const weights = randn([T, N, O], { dtype: 'float64', generator: g });
    y.mul(weights).sum().add(hN.sum()).backward();
    yRef.mul(weights).sum().add(hNRef.sum()).backward();
    const w = rnn.layerWeights(0);
    expectTensor('dL/dW_x', w.weightIh.grad, Wx.grad!.toArray(), 1e-12, 1e-10);
    expectTensor('dL/dW_h', w.weightHh.grad, Wh.grad!.toArray(), 1e-12, 1e-10);
    // dL/db_ih = dL/db_hh = dL/db, since b = b_ih + b_hh.
    expectTensor('dL/db_ih', w.biasIh!.grad, bLeaf.grad!.toArray(), 1e-12, 1e-10);
    expectTensor('dL/db_hh', w.biasHh!.grad, bLeaf.grad!.toArray(), 1e-12, 1e-10);
    expectTensor('dL/dV', V.grad, Vr.grad!.toArray(), 1e-12, 1e-10);
    expectTensor('dL/dc', c.grad, cLeaf.grad!.toArray(), 1e-12, 1e-10);
  });
});
