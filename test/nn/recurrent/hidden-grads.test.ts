/**
 * Reading ∂L/∂h_t at every step of an unrolled recurrence, by `retainGrad()` and by
 * `registerHook()` on each hidden state a cell returns, against hand formulas computed with plain
 * JavaScript arithmetic.
 *
 * The linear RNN h_t = W_h h_{t−1} + W_x x_t + b (derivation rnn-linear-gradient-criterion) is
 * built from a ReLU RNNCell whose pre-activations are all positive: with positive inputs, h0,
 * weights and biases, relu is the identity on every step (the test asserts it), so the cell is
 * exactly linear. With L = Σ g ⊙ h_T, ∂L/∂h_T = g and ∂L/∂h_{t−1} = W_hᵀ ∂L/∂h_t, so
 * ∂L/∂h_t = (W_hᵀ)^{T−t} g.
 */
import { describe, expect, it } from 'vitest';
import { Generator, eye, noGrad, rand, randn, type Tensor } from '../../../src/index.js';
import { RNNCell } from '../../../src/nn/index.js';

type Mat = number[][];

/** Wᵀv for W [rows, cols] and v [rows]: (Wᵀv)_j = Σ_i W_ij v_i. */
function matTVec(W: Mat, v: readonly number[]): number[] {
  return W[0]!.map((_, j) => W.reduce((s, row, i) => s + row[j]! * v[i]!, 0));
}

function rows(t: Tensor): Mat {
  return t.toArray() as Mat;
}

function expectRowsClose(label: string, got: Mat, want: Mat, rtol = 1e-12): void {
  expect(got.length).toBe(want.length);
  got.forEach((row, n) =>
    row.forEach((v, j) => {
      const w = want[n]![j]!;
      expect(Math.abs(v - w) <= 1e-300 + rtol * Math.abs(w), `${label}[${n}][${j}]: got ${v}, want ${w}`).toBe(true);
    }),
  );
}

/** A ReLU RNNCell with positive parameters (so it is linear on positive inputs), float64. */
function positiveReluCell(inputSize: number, hiddenSize: number, g: Generator, weightHh?: Tensor): RNNCell {
  const cell = new RNNCell(inputSize, hiddenSize, { nonlinearity: 'relu', dtype: 'float64', generator: g });
  noGrad(() => {
    for (const p of cell.parameters()) p.copy_(rand(p.shape, { dtype: 'float64', generator: g }).mul(0.4).add(0.05));
    if (weightHh) cell.weightHh.copy_(weightHh);
  });
  return cell;
}

/**
 * Runs the cell T steps on positive inputs from a positive h0; returns h_1..h_T (h_t at index t−1)
 * and h0. Asserts every hidden value is strictly positive, i.e. relu acted as the identity.
 */
function unroll(cell: RNNCell, T: number, N: number, g: Generator): { h0: Tensor; hs: Tensor[] } {
  const h0 = rand([N, cell.hiddenSize], { dtype: 'float64', generator: g, requiresGrad: true });
  const hs: Tensor[] = [];
  let h = h0;
  for (let t = 1; t <= T; t++) {
    const x = rand([N, cell.inputSize], { dtype: 'float64', generator: g });
    h = cell.forward(x, h);
    expect(Math.min(...(h.toTypedArray() as Float64Array)), `h_${t} must be positive`).toBeGreaterThan(0);
    hs.push(h);
  }
  return { h0, hs };
}

describe('∂L/∂h_t of a linear RNN is (W_hᵀ)^{T−t} ∂L/∂h_T', () => {
  it('read with retainGrad() on every h_t (and h0.grad for t = 0)', () => {
    const g = new Generator(3);
    const [T, N, I, H] = [6, 2, 3, 4];
    const cell = positiveReluCell(I, H, g);
    const { h0, hs } = unroll(cell, T, N, g);
    for (const h of hs) h.retainGrad();
    const gT = randn([N, H], { dtype: 'float64', generator: g });
    hs[T - 1]!.mul(gT).sum().backward();

    const Wh = rows(cell.weightHh);
    let expected = rows(gT); // ∂L/∂h_T, one row per sample
    for (let t = T; t >= 1; t--) {
      expectRowsClose(`dL/dh_${t}`, rows(hs[t - 1]!.grad!), expected);
      expected = expected.map((v) => matTVec(Wh, v)); // ∂L/∂h_{t−1} = W_hᵀ ∂L/∂h_t
    }
    expectRowsClose('dL/dh_0', rows(h0.grad!), expected);
  });

  it('explodes for W_h = 1.5·I and vanishes for W_h = 0.5·I: ‖∂L/∂h_0‖ = s^T ‖∂L/∂h_T‖', () => {
    const g = new Generator(4);
    const [T, N, H] = [20, 1, 3];
    for (const s of [1.5, 0.5]) {
      const cell = positiveReluCell(2, H, g, eye(H, H, { dtype: 'float64' }).mul(s));
      const { h0, hs } = unroll(cell, T, N, g);
      const gT = randn([N, H], { dtype: 'float64', generator: g });
      hs[T - 1]!.mul(gT).sum().backward();
      const norm = (v: readonly number[]): number => Math.hypot(...v);
      const ratio = norm(rows(h0.grad!)[0]!) / norm(rows(gT)[0]!);
      expect(ratio / s ** T).toBeCloseTo(1, 10);
    }
  });
});

describe('∂L/∂h_t of a tanh RNN, read with registerHook()', () => {
  it('follows ∂L/∂h_{t−1} = W_hᵀ ((1 − h_t²) ⊙ ∂L/∂h_t)', () => {
    const g = new Generator(5);
    const [T, N, I, H] = [5, 2, 3, 4];
    const cell = new RNNCell(I, H, { dtype: 'float64', generator: g });
    const h0 = randn([N, H], { dtype: 'float64', generator: g, requiresGrad: true });
    const hs: Tensor[] = [];
    const seen = new Map<number, Mat>();
    let h = h0;
    for (let t = 1; t <= T; t++) {
      h = cell.forward(randn([N, I], { dtype: 'float64', generator: g }), h);
      h.registerHook((grad) => void seen.set(t, rows(grad)));
      hs.push(h);
    }
    const gT = randn([N, H], { dtype: 'float64', generator: g });
    hs[T - 1]!.mul(gT).sum().backward();

    expect([...seen.keys()].sort()).toEqual([1, 2, 3, 4, 5]);
    const Wh = rows(cell.weightHh);
    let expected = rows(gT);
    for (let t = T; t >= 1; t--) {
      expectRowsClose(`dL/dh_${t}`, seen.get(t)!, expected, 1e-11);
      const ht = rows(hs[t - 1]!);
      expected = expected.map((v, n) => matTVec(Wh, v.map((d, j) => d * (1 - ht[n]![j]! ** 2))));
    }
    expectRowsClose('dL/dh_0', rows(h0.grad!), expected, 1e-11);
  });
});
