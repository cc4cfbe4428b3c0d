/**
 * Section D of the catalog: dropout as regularization. Toy data x = [10, 1], y = 11, ŷ = w·x.
 * Expectations over dropout masks are computed exactly by enumerating the masks with chainrule
 * tensors; minimizers come from one Newton step with chainrule's gradient and Hessian; the
 * Gaussian-noise claim is settled by Monte Carlo with a fixed seed and a stated tolerance.
 * (The two claims that train with real Dropout/SGD/Adam live in d-dropout-training.ts.)
 * @module
 */
import fc from 'fast-check';
import { Generator, randn, stack, tensor, type Tensor } from 'chainrule';
import { allOf, checkFormula, compareValues, defineClaim, type Claim, type ClaimOutcome } from './claims.js';
import { determinant, quadraticMinimizer } from './linalg.js';

/** The homework's single example. */
export const TOY_X = [10, 1] as const;
export const TOY_Y = 11;

const f64 = (v: number[] | number[][] | number): Tensor => tensor(v, { dtype: 'float64' });

/** All 0/1 masks of length n, as rows. */
function allMasks(n: number): number[][] {
  return Array.from({ length: 2 ** n }, (_, k) => Array.from({ length: n }, (_, j) => (k >> (n - 1 - j)) & 1));
}

/** Dropout with an explicit keep-mask and inverted scaling 1/(1 − p), as in training. */
function dropoutWithMask(x: Tensor, mask: Tensor, dropProbability: number): Tensor {
  return x.mul(mask).div(1 - dropProbability);
}

/** E over masks of (y − dropout(x)·w)², enumerated exactly (p is the drop probability). */
function expectedDropoutLoss(w: Tensor, dropProbability: number): Tensor {
  const x = f64([...TOY_X]);
  let total: Tensor | null = null;
  for (const m of allMasks(2)) {
    const probability = m.reduce((pr, keep) => pr * (keep ? 1 - dropProbability : dropProbability), 1);
    if (probability === 0) continue;
    const r = dropoutWithMask(x, f64(m), dropProbability).mul(w).sum().neg().add(TOY_Y);
    const term = r.mul(r).mul(probability);
    total = total === null ? term : total.add(term);
  }
  return total!;
}

/** Gradient descent from zero on (y − w·x)² with chainrule's autograd. */
function gradientDescentFromZero(steps: number, lr: number): number[] {
  const w = f64([0, 0]).requiresGrad_(true);
  const x = f64([...TOY_X]);
  for (let i = 0; i < steps; i++) {
    const r = w.mul(x).sum().neg().add(TOY_Y);
    r.mul(r).backward();
    w.detach().sub_(w.grad!.mul(lr));
    w.grad = null;
  }
  return w.toArray() as number[];
}

const olsMinNorm = defineClaim({
  id: 'dropout-ols-minnorm',
  section: 'D',
  title: 'no dropout: min-norm least squares w = [1.08910891, 0.10891089]; GD from 0 converges to it',
  check: () => {
    const gd = gradientDescentFromZero(2000, 0.004);
    return compareValues([1.08910891, 0.10891089], gd, { atol: 5e-9 }, 'computed: 2000 steps of gradient descent from 0 (lr 0.004) on (y − w·x)²; the min-norm solution is x·y/‖x‖² = [110/101, 11/101]; tolerance: half a unit in the claimed last digit');
  },
});

const augmentedOls = defineClaim({
  id: 'dropout-augmented-ols',
  section: 'D',
  title: 'p = 0.5 masks with 1/(1−p) give rows [[0,2],[20,0],[0,0],[20,2]]; least squares w = [0.36666667, 3.6666667]',
  check: () => {
    const x = f64([...TOY_X]);
    const rows = allMasks(2).map((m) => dropoutWithMask(x, f64(m), 0.5).toArray() as number[]);
    const sorted = (rs: number[][]): number[][] => [...rs].sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
    const data = stack(rows.map((r) => f64(r)));
    const { w } = quadraticMinimizer((v) => {
      const r = data.matmul(v).neg().add(TOY_Y);
      return r.mul(r).sum();
    }, 2);
    return allOf({
      rows: compareValues(sorted([[0, 2], [20, 0], [0, 0], [20, 2]]), sorted(rows), { atol: 0 }, 'rows compared as a set'),
      solution: compareValues([0.36666667, 3.6666667], w, { atol: 0, rtol: 1.4e-8 }, 'exact: [11/30, 11/3]; tolerance half a unit in the claimed last digit of each (relative 1.4e-8)'),
    });
  },
});

const rateDiscontinuity = defineClaim({
  id: 'dropout-rate-discontinuity',
  section: 'D',
  title: 'the dropout solution is smooth in p > 0 (unique minimizer) but jumps at p = 0 (min-norm)',
  check: () => {
    const rates = [0.5, 0.2, 0.1, 0.01, 1e-3, 1e-4, 1e-6];
    const sweep = rates.map((p) => {
      const { w, hessian } = quadraticMinimizer((v) => expectedDropoutLoss(v, p), 2);
      return { p, w, det: determinant(hessian) };
    });
    const atZero = quadraticMinimizerOrNull(0);
    const minNorm = gradientDescentFromZero(2000, 0.004);
    const limit = sweep[sweep.length - 1]!.w;
    const unique = sweep.every((s) => s.det > 0);
    const singularAtZero = atZero === null;
    const jump = Math.hypot(limit[0]! - minNorm[0]!, limit[1]! - minNorm[1]!);
    // smooth: successive solutions move by amounts that shrink with the change in p
    const steps = sweep.slice(1).map((s, i) => Math.hypot(s.w[0]! - sweep[i]!.w[0]!, s.w[1]! - sweep[i]!.w[1]!));
    const smooth = steps[steps.length - 1]! < 1e-3;
    const outcome: ClaimOutcome = {
      verdict: unique && singularAtZero && jump > 1 && smooth ? 'holds' : 'refuted',
      claimed: 'unique minimizer for p > 0, continuous in p; jump at p = 0 to the min-norm solution',
      computed: {
        sweep: sweep.map((s) => ({ p: s.p, w: s.w.map((v) => Number(v.toPrecision(8))), hessianDet: Number(s.det.toPrecision(4)) })),
        limitAsPToZero: limit.map((v) => Number(v.toPrecision(6))),
        atPZero: minNorm.map((v) => Number(v.toPrecision(9))),
        jumpSize: Number(jump.toPrecision(6)),
      },
      note: 'p is the drop probability with 1/(1−p) rescaling; E over the 4 masks computed exactly; for p > 0 the minimizer is w₂ = 10·w₁ = 10·11/(20 + 10p/(1−p)) → [0.55, 5.5] as p → 0⁺; at p = 0 the Hessian is singular (rank 1) and GD from 0 gives the min-norm [1.0891, 0.1089]',
    };
    return outcome;
  },
});

function quadraticMinimizerOrNull(p: number): number[] | null {
  try {
    return quadraticMinimizer((v) => expectedDropoutLoss(v, p), 2).w;
  } catch {
    return null; // singular Hessian: no unique minimizer
  }
}

/** Random small regression problems: X (n×d, n·d ≤ 8), y, w and a keep probability p. */
const smallProblems = fc
  .record({
    n: fc.integer({ min: 1, max: 3 }),
    d: fc.integer({ min: 1, max: 3 }),
    seed: fc.integer({ min: 0, max: 1e6 }),
    p: fc.constantFrom(0.1, 0.25, 0.5, 0.75, 0.9),
  })
  .filter(({ n, d }) => n * d <= 8)
  .map(({ n, d, seed, p }) => {
    const g = new Generator(seed);
    const draw = (): number => Math.round(g.normal() * 3);
    return {
      X: Array.from({ length: n }, () => Array.from({ length: d }, draw)),
      y: Array.from({ length: n }, draw),
      w: Array.from({ length: d }, draw),
      p,
    };
  });

type Problem = { X: number[][]; y: number[]; w: number[]; p: number };

/** E_R ‖y − (R⊙X)w‖² over independent Bernoulli(p) keep masks R, by enumerating every mask. */
function expectedMaskedLoss(X: Tensor, y: Tensor, w: Tensor, p: number): Tensor {
  const [n, d] = X.shape as [number, number];
  const masks = allMasks(n * d);
  const R = f64(masks.map((m) => m)).reshape([masks.length, n, d]);
  const probs = f64(masks.map((m) => m.reduce((pr, k) => pr * (k ? p : 1 - p), 1)));
  const residual = y.sub(R.mul(X).matmul(w)); // [masks, n]
  return residual.mul(residual).sum(1).mul(probs).sum();
}

/** diag(XᵀX)^{1/2} as a vector: the column norms of X. */
function columnNorms(X: Tensor): Tensor {
  return X.mul(X).sum(0).sqrt();
}

/** The claimed right-hand side ‖y − pXw‖² + p(1−p)‖Γ̃w‖². */
function tikhonovRhs(X: Tensor, y: Tensor, w: Tensor, p: number): Tensor {
  const r = y.sub(X.matmul(w).mul(p));
  const penalty = columnNorms(X).mul(w);
  return r.mul(r).sum().add(penalty.mul(penalty).sum().mul(p * (1 - p)));
}

const tikhonov = defineClaim({
  id: 'dropout-tikhonov',
  section: 'D',
  title: 'E_R‖y − (R⊙X)w̃‖² = ‖y − pXw̃‖² + p(1−p)‖Γ̃w̃‖², Γ̃ = diag(XᵀX)^{1/2}',
  check: () => {
    const sides = (prob: Problem, which: 'lhs' | 'rhs', wantGrad: boolean): number[] => {
      const X = f64(prob.X);
      const y = f64(prob.y);
      const w = f64(prob.w).requiresGrad_(true);
      const value = which === 'lhs' ? expectedMaskedLoss(X, y, w, prob.p) : tikhonovRhs(X, y, w, prob.p);
      if (!wantGrad) return [value.item()];
      value.backward();
      return w.grad!.toArray() as number[];
    };
    const example: Problem = { X: [[1, 2], [3, -1]], y: [2, 1], w: [1, -2], p: 0.5 };
    return allOf({
      value: checkFormula({ args: smallProblems, numRuns: 60, claimed: (a) => sides(a, 'rhs', false), computed: (a) => sides(a, 'lhs', false), example, note: 'computed: every keep-mask R of an n×d X (n·d ≤ 8) enumerated with its probability' }),
      gradient: checkFormula({ args: smallProblems, numRuns: 60, claimed: (a) => sides(a, 'rhs', true), computed: (a) => sides(a, 'lhs', true), example, note: 'gradients w.r.t. w̃ of both sides by autograd' }),
    });
  },
});

const rescale = defineClaim({
  id: 'dropout-rescale',
  section: 'D',
  title: 'with w = p·w̃ the objective is ridge-like: ‖y − Xw‖² + ‖Γw‖², Γ = sqrt((1−p)/p)·Γ̃',
  check: () =>
    checkFormula({
      args: smallProblems,
      numRuns: 100,
      claimed: ({ X, y, w, p }) => {
        const Xt = f64(X);
        const wt = f64(w).mul(p); // w = p·w̃
        const r = f64(y).sub(Xt.matmul(wt));
        const gw = columnNorms(Xt).mul(Math.sqrt((1 - p) / p)).mul(wt);
        return r.mul(r).sum().add(gw.mul(gw).sum()).item();
      },
      computed: ({ X, y, w, p }) => tikhonovRhs(f64(X), f64(y), f64(w), p).item(),
      note: 'computed: the dropout objective ‖y − pXw̃‖² + p(1−p)‖Γ̃w̃‖² at w̃; claimed: the ridge form at w = p·w̃ (p = keep probability)',
    }),
});

/** Random ridge problems with a positive diagonal Γ and square X (so every claimed product is defined). */
const ridgeProblems = fc
  .record({ d: fc.integer({ min: 1, max: 3 }), seed: fc.integer({ min: 0, max: 1e6 }), lambda: fc.constantFrom(0.5, 1, 2) })
  .map(({ d, seed, lambda }) => {
    const g = new Generator(seed);
    const draw = (): number => Math.round(g.normal() * 3);
    return {
      X: Array.from({ length: d }, () => Array.from({ length: d }, draw)),
      y: Array.from({ length: d }, draw),
      v: Array.from({ length: d }, draw),
      gamma: Array.from({ length: d }, () => 1 + Math.floor(g.uniform() * 4)),
      lambda,
    };
  });
type Ridge = { X: number[][]; y: number[]; v: number[]; gamma: number[]; lambda: number };

/** The original objective ‖y − Xw‖² + λ‖Γw‖² at w = Γ⁻¹v. */
function ridgeInW({ X, y, v, gamma, lambda }: Ridge): number {
  const w = f64(v).div(f64(gamma));
  const r = f64(y).sub(f64(X).matmul(w));
  const gw = f64(gamma).mul(w);
  return r.mul(r).sum().add(gw.mul(gw).sum().mul(lambda)).item();
}

/** ‖y − X̃v‖² + (penalty) for a given X̃ and penalty function. */
function ridgeInV(Xt: Tensor, { y, v }: Ridge, penalty: (v: Tensor) => Tensor): number {
  const r = f64(y).sub(Xt.matmul(f64(v)));
  return r.mul(r).sum().add(penalty(f64(v))).item();
}

const changeOfVariablesA = defineClaim({
  id: 'dropout-ridge-change-of-variables-a',
  section: 'D',
  title: 'with w̃ = Γw the problem becomes classical ridge with X̃ = √Γ·Γ⁻¹·X',
  check: () =>
    checkFormula({
      args: ridgeProblems,
      numRuns: 100,
      claimed: (r) => {
        // √Γ·Γ⁻¹·X = Γ^{−1/2}·X: rows of X scaled (a left product)
        const Xt = f64(r.X).mul(f64(r.gamma).pow(-0.5).unsqueeze(1));
        return ridgeInV(Xt, r, (v) => v.mul(v).sum().mul(r.lambda));
      },
      computed: ridgeInW,
      example: { X: [[1, 0], [0, 1]], y: [1, 1], v: [1, 1], gamma: [1, 4], lambda: 1 },
      note: 'reading: Γ diagonal positive, w̃ = Γw, classical ridge ‖y − X̃w̃‖² + λ‖w̃‖²; compared with the original objective at w = Γ⁻¹w̃. Square X so the claimed left product is defined (for n ≠ d it is not). The correct data matrix is X̃ = XΓ⁻¹ (columns scaled)',
    }),
});

const changeOfVariablesB = defineClaim({
  id: 'dropout-ridge-change-of-variables-b',
  section: 'D',
  title: 'X̃Γ = X (X̃ = XΓ⁻¹) and the ridge weight becomes λ̃ = λ·Γ⁻¹',
  check: () =>
    allOf({
      dataMatrix: checkFormula({
        args: ridgeProblems,
        numRuns: 100,
        claimed: (r) => ridgeInV(f64(r.X).div(f64(r.gamma)), r, (v) => v.mul(v).sum().mul(r.lambda)),
        computed: ridgeInW,
        note: 'X̃ = XΓ⁻¹ with the plain penalty λ‖w̃‖²',
      }),
      ridgeWeight: checkFormula({
        args: ridgeProblems,
        numRuns: 100,
        claimed: (r) => ridgeInV(f64(r.X).div(f64(r.gamma)), r, (v) => v.mul(v).mul(f64(r.gamma).reciprocal()).sum().mul(r.lambda)),
        computed: ridgeInW,
        example: { X: [[1, 0], [0, 1]], y: [1, 1], v: [1, 1], gamma: [1, 4], lambda: 1 },
        note: 'penalty w̃ᵀ(λΓ⁻¹)w̃ as claimed; the change of variables leaves the ridge weight a scalar, λ̃ = λ',
      }),
    }),
});

const columnNormsClaim = defineClaim({
  id: 'dropout-column-norms',
  section: 'D',
  title: 'after the change of variables every column of X̃ has the same norm, growing with keep probability p',
  check: () => {
    const X = f64([[3, 0.5, -2], [1, 4, 0.25], [-2, 1, 5], [0, -3, 1]]);
    const ps = [0.1, 0.25, 0.5, 0.75, 0.9];
    const norms = ps.map((p) => {
      const gamma = columnNorms(X).mul(Math.sqrt((1 - p) / p)); // Γ = sqrt((1−p)/p)·Γ̃
      return columnNorms(X.div(gamma)).toArray() as number[]; // X̃ = XΓ⁻¹
    });
    const equal = norms.every((ns) => ns.every((n) => Math.abs(n - ns[0]!) < 1e-12));
    const growing = norms.every((ns, i) => i === 0 || ns[0]! > norms[i - 1]![0]!);
    return {
      verdict: equal && growing ? 'holds' : 'refuted',
      claimed: 'equal column norms, increasing in p',
      computed: Object.fromEntries(ps.map((p, i) => [`p=${p}`, norms[i]!.map((n) => Number(n.toPrecision(8)))])),
      note: 'X a fixed 4×3 matrix with unequal column norms; each column of X̃ has norm sqrt(p/(1−p)): 1/3, 0.577…, 1, 1.732…, 3',
    };
  },
});

const gaussianNoise = defineClaim({
  id: 'gaussian-multiplicative-noise',
  section: 'D',
  title: 'R_ij ~ N(μ, σ²): E‖y − (R⊙X)w‖² = ‖y − μXw‖² + σ²‖Γw‖², Γ = diag(XᵀX)^{1/2}',
  check: () => {
    const X = f64([[1, 2], [-1, 0.5], [3, -2]]);
    const y = f64([1, -2, 0.5]);
    const w = f64([0.7, -1.3]);
    const configs = [
      { mu: 1, sigma: 0.5 },
      { mu: 0.5, sigma: 1 },
    ];
    const samples = 200_000;
    const parts: Record<string, ClaimOutcome> = {};
    configs.forEach(({ mu, sigma }, k) => {
      const gen = new Generator(1234 + k);
      const R = randn([samples, 3, 2], { dtype: 'float64', generator: gen }).mul(sigma).add(mu);
      const residual = y.sub(R.mul(X).matmul(w));
      const losses = residual.mul(residual).sum(1);
      const mean = losses.mean().item();
      const se = losses.std().item() / Math.sqrt(samples);
      const r = y.sub(X.matmul(w).mul(mu));
      const g = columnNorms(X).mul(w);
      const formula = r.mul(r).sum().add(g.mul(g).sum().mul(sigma * sigma)).item();
      const ok = Math.abs(mean - formula) <= 5 * se;
      parts[`mu=${mu},sigma=${sigma}`] = {
        verdict: ok ? 'holds' : 'refuted',
        claimed: Number(formula.toPrecision(8)),
        computed: { monteCarloMean: Number(mean.toPrecision(8)), standardError: Number(se.toPrecision(3)) },
        note: `${samples} samples (seed ${1234 + k}); holds if |mean − formula| ≤ 5 standard errors`,
      };
    });
    return allOf(parts);
  },
});

/** Section D claims that need no training, in catalog order (the training ones are added in catalog.ts). */
export const sectionDAnalytic = {
  olsMinNorm,
  augmentedOls,
  rateDiscontinuity,
  tikhonov,
  rescale,
  changeOfVariablesA,
  changeOfVariablesB,
  columnNorms: columnNormsClaim,
  gaussianNoise,
} satisfies Record<string, Claim>;
