/**
 * Section D, the claims that train for real: x = [10, 1] through nn.Dropout(p = 0.5) (seeded) into a
 * bias-free Linear(2 → 1), loss (ŷ − 11)², trained from w = 0 with chainrule's SGD or Adam. The
 * average of the iterates over the second half of training estimates where training converges
 * in expectation.
 * @module
 */
import { Generator, tensor } from 'chainrule';
import { Dropout, Linear, init } from 'chainrule/nn';
import { Adam, SGD } from 'chainrule/optim';
import { allOf, compareValues, defineClaim, type Claim, type ClaimOutcome } from './claims.js';
import { TOY_X, TOY_Y } from './d-dropout.js';

/** The minimizer of the expected dropout loss at p = 0.5: [11/30, 11/3] (see dropout-augmented-ols). */
const EXPECTED_SOLUTION = [11 / 30, 11 / 3];

interface Run {
  average: number[];
  steps: number;
}

/** Trains w on the toy example through real dropout; returns the average iterate over the second half. */
function trainWithDropout(optimizer: 'sgd' | 'adam', steps: number, seed: number): Run {
  const gen = new Generator(seed);
  const dropout = new Dropout(0.5, { generator: gen });
  const model = new Linear(2, 1, { bias: false, dtype: 'float64' });
  init.zeros_(model.weight);
  const opt = optimizer === 'sgd' ? new SGD(model.parameters(), { lr: 0.001 }) : new Adam(model.parameters(), { lr: 0.01 });
  const x = tensor([[...TOY_X]], { dtype: 'float64' });
  const sum = [0, 0];
  let counted = 0;
  for (let step = 0; step < steps; step++) {
    opt.zeroGrad();
    const r = model.forward(dropout.forward(x)).sub(TOY_Y);
    r.mul(r).sum().backward();
    opt.step();
    if (step >= steps / 2) {
      const w = model.weight.toArray() as number[][];
      sum[0]! += w[0]![0]!;
      sum[1]! += w[0]![1]!;
      counted++;
    }
  }
  return { average: sum.map((s) => s / counted), steps };
}

function solutionOutcome(run: Run, label: string, tolerance: number): ClaimOutcome {
  const [w1, w2] = run.average as [number, number];
  return allOf({
    solution: compareValues(
      EXPECTED_SOLUTION.map((v) => Number(v.toPrecision(8))),
      run.average.map((v) => Number(v.toPrecision(6))),
      { atol: 0, rtol: tolerance },
      `${label}: mean of the iterates over steps ${run.steps / 2}..${run.steps} (${run.steps} steps, seed 11); tolerance ${tolerance * 100} % relative — the iterates fluctuate around the fixed point with the dropout noise`,
    ),
    // the ratio of two noisy averages spreads more (about 1.1 % here), so "≈" gets 5 %: 4.7 standard deviations
    'w₂ ≈ 10·w₁ (equal contributions 10·w₁ and w₂)': compareValues(1, w2 / (10 * w1), { atol: 0, rtol: 0.05 }, 'ratio w₂ / (10·w₁); tolerance 5 % relative'),
  });
}

const sgdConverges = defineClaim({
  id: 'dropout-sgd-converges',
  section: 'D',
  title: 'SGD with real dropout (p = 0.5) converges in expectation to [0.3667, 3.667]; w₂ ≈ 10·w₁, equal contributions',
  check: () => solutionOutcome(trainWithDropout('sgd', 40_000, 11), 'SGD, lr 0.001', 0.03),
});

const adamSameSolution = defineClaim({
  id: 'dropout-adam-same-solution',
  section: 'D',
  title: 'at p = 0.5, Adam reaches the same solution as SGD',
  check: () => {
    const sgd = trainWithDropout('sgd', 40_000, 11);
    const adam = trainWithDropout('adam', 40_000, 11);
    const outcome = compareValues(
      sgd.average.map((v) => Number(v.toPrecision(6))),
      adam.average.map((v) => Number(v.toPrecision(6))),
      { atol: 0, rtol: 0.03 },
      'claimed: the SGD run’s average iterate; computed: Adam (lr 0.01, default betas) from the same start, same dropout seed; mean over the second half of 40,000 steps; tolerance 3 % relative',
    );
    return outcome;
  },
});

/** Section D claims that train with Dropout and an optimizer. */
export const sectionDTraining = { sgdConverges, adamSameSolution } satisfies Record<string, Claim>;

