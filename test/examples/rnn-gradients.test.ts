/**
 * rnn-gradients in quick mode, plus the example's known answers checked by hand-written float64
 * arithmetic (not by chainrule): for the LINEAR recurrence with the loss on the last step,
 * ∂L/∂h_t = (W_hhᵀ)^(T−t) ∂L/∂h_T exactly; and the rescaled W_hh has the requested spectral radius
 * (Gelfand's formula ρ = lim ‖W^k‖^(1/k), independent of linalg.eigvals).
 */
import { expect, it } from 'vitest';
import { runQuickExample } from './smoke.js';

interface Gradients {
  norms: number[];
  radius: number;
  grads: number[][][];
  recurrent: number[][];
}
interface RnnGradientsModule {
  hiddenStateGradients(config: {
    model: 'linear' | 'tanh' | 'relu' | 'lstm';
    radius: number | null;
    placement: 'every' | 'last';
    steps: number;
    batch: number;
    hidden: number;
    seed: number;
  }): Gradients;
}
const load = async (): Promise<RnnGradientsModule> => {
  const path = '../../docs/examples/rnn-gradients.mjs';
  return (await import(path)) as RnnGradientsModule;
};

/** Row vectors times a matrix, in float64: G · W. */
function rowsTimes(G: number[][], W: number[][]): number[][] {
  return G.map((row) => W[0]!.map((_, j) => row.reduce((s, g, k) => s + g * W[k]![j]!, 0)));
}
const frobenius = (G: number[][]): number => Math.sqrt(G.flat().reduce((s, v) => s + v * v, 0));

it('rnn-gradients trains and draws in quick mode', async () => {
  const result = await runQuickExample('rnn-gradients');
  const linear = result.rows.filter((row) => row.model === 'linear');
  expect(linear.length).toBeGreaterThan(0);
  for (const row of linear) expect(row['gap to (Wᵀ)^(T−t)g_T']).toBeLessThan(1e-5);
}, 120_000);

it('linear recurrence, loss on the last step: ∂L/∂h_t = (W_hhᵀ)^(T−t) ∂L/∂h_T', async () => {
  const { hiddenStateGradients } = await load();
  for (const radius of [0.7, 1.0, 1.3]) {
    const steps = 12;
    const { grads, recurrent, norms } = hiddenStateGradients({ model: 'linear', radius, placement: 'last', steps, batch: 3, hidden: 5, seed: 3 });
    expect(grads.length).toBe(steps);
    // With the batch as rows: G_t = G_{t+1} · W_hh, so G_t = G_T · W_hh^(T−t).
    let predicted = grads[steps - 1]!;
    for (let t = steps - 2; t >= 0; t--) {
      predicted = rowsTimes(predicted, recurrent);
      const gap = frobenius(grads[t]!.map((row, i) => row.map((v, j) => v - predicted[i]![j]!)));
      expect(gap / frobenius(predicted)).toBeLessThan(1e-5);
      expect(norms[t]).toBeCloseTo(frobenius(grads[t]!), 5);
    }
  }
});

it('tanh and ReLU recurrences, loss on the last step: ‖∂L/∂h_t‖ ≤ ‖W_hh‖_F ‖∂L/∂h_{t+1}‖', async () => {
  // h_{t+1} = φ(W_ih x + b + W_hh h_t) with 0 ≤ φ' ≤ 1, and only h_{t+1} depends on h_t, so
  // ∂L/∂h_t = (∂L/∂h_{t+1} ⊙ φ') W_hh (rows) and its norm is at most ‖W_hh‖₂ ≤ ‖W_hh‖_F times the next.
  const { hiddenStateGradients } = await load();
  for (const model of ['tanh', 'relu'] as const) {
    for (const radius of [0.5, 1.5]) {
      const steps = 15;
      const { norms, recurrent } = hiddenStateGradients({ model, radius, placement: 'last', steps, batch: 4, hidden: 6, seed: 5 });
      const bound = frobenius(recurrent);
      for (let t = 0; t < steps - 1; t++) expect(norms[t]!).toBeLessThanOrEqual(norms[t + 1]! * bound * (1 + 1e-5));
      expect(norms[steps - 1]!).toBeGreaterThan(0);
    }
  }
});

it('the rescaled W_hh has the requested spectral radius (Gelfand: ‖W^k‖^(1/k) → ρ)', async () => {
  const { hiddenStateGradients } = await load();
  for (const radius of [0.5, 1.1]) {
    const { recurrent, radius: reported } = hiddenStateGradients({ model: 'tanh', radius, placement: 'last', steps: 2, batch: 1, hidden: 6, seed: 9 });
    expect(reported).toBeCloseTo(radius, 5);
    // ‖W^k‖ in float64 as a product of norms, renormalizing each step to stay finite.
    const k = 400;
    let logNorm = Math.log(frobenius(recurrent));
    let power = recurrent.map((row) => row.map((v) => v / Math.exp(logNorm)));
    for (let i = 1; i < k; i++) {
      power = rowsTimes(power, recurrent);
      const n = frobenius(power);
      logNorm += Math.log(n);
      power = power.map((row) => row.map((v) => v / n));
    }
    expect(Math.abs(Math.exp(logNorm / k) - radius) / radius).toBeLessThan(0.02);
  }
});

it('a hook on each h_t sees the same ∂L/∂h_t as retainGrad', async () => {
  const path = '../../docs/examples/rnn-gradients.mjs';
  const ex = (await import(path)) as {
    StudentRNN: new (hidden: number, activation: string) => unknown;
    StepLSTM: new (hidden: number) => unknown;
    runningAverageBatch(steps: number, batch: number, generator: unknown): unknown;
    gradientNormsOf(model: unknown, data: unknown, via: 'hook' | 'retainGrad'): number[];
  };
  const { Generator, manualSeed } = await import('chainrule');
  for (const make of [() => new ex.StudentRNN(5, 'tanh'), () => new ex.StepLSTM(5)]) {
    manualSeed(1);
    const model = make();
    const data = ex.runningAverageBatch(7, 4, new Generator(2));
    const viaHook = ex.gradientNormsOf(model, data, 'hook');
    const viaRetain = ex.gradientNormsOf(model, data, 'retainGrad');
    expect(viaHook.length).toBe(7);
    viaHook.forEach((v, t) => {
      expect(v).toBeGreaterThan(0);
      expect(v).toBeCloseTo(viaRetain[t]!, 12);
    });
  }
});
