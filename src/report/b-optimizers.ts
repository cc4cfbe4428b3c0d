/**
 * Section B of the catalog: optimizers. Momentum's two forms are iterated with chainrule tensors
 * and compared with chainrule's SGD; optimizer memory is read from `stateBytes()`; gradient
 * accumulation is run for real with Linear/LayerNorm/BatchNorm1d models, mseLoss and SGD.
 * @module
 */
import fc from 'fast-check';
import { Generator, noGrad, randn, tensor, type Tensor } from 'chainrule';
import { BatchNorm1d, LayerNorm, Linear, Sequential, functional as F, type Module } from 'chainrule/nn';
import { Adam, SGD } from 'chainrule/optim';
import { allOf, checkFormula, compareValues, defineClaim, type Claim, type ClaimOutcome } from './claims.js';

const f64 = (v: number[]): Tensor => tensor(v, { dtype: 'float64' });

/** A gradient sequence (vectors of one length), a step size and a momentum. */
const momentumRuns = fc.record({
  grads: fc.integer({ min: 1, max: 3 }).chain((d) => fc.array(fc.array(fc.integer({ min: -5, max: 5 }), { minLength: d, maxLength: d }), { minLength: 1, maxLength: 8 })),
  theta0: fc.integer({ min: -5, max: 5 }),
  alpha: fc.constantFrom(0.5, 0.25, 0.1),
  beta: fc.constantFrom(0, 0.5, 0.9),
});
type MomentumRun = { grads: number[][]; theta0: number; alpha: number; beta: number };

/** Form I: θ⁺ = θ − α·g + β·(θ − θ⁻), θ⁻¹ = θ⁰. Returns every iterate. */
function heavyBallFormI({ grads, theta0, alpha, beta }: MomentumRun): number[][] {
  let prev = f64(grads[0]!.map(() => theta0));
  let theta = prev;
  const out: number[][] = [];
  for (const g of grads) {
    const next = theta.sub(f64(g).mul(alpha)).add(theta.sub(prev).mul(beta));
    [prev, theta] = [theta, next];
    out.push(theta.toArray() as number[]);
  }
  return out;
}

/** Form II: v⁺ = g + β·v, θ⁺ = θ − α·v⁺, v⁰ = 0. */
function heavyBallFormII({ grads, theta0, alpha, beta }: MomentumRun): number[][] {
  let theta = f64(grads[0]!.map(() => theta0));
  let v = f64(grads[0]!.map(() => 0));
  const out: number[][] = [];
  for (const g of grads) {
    v = f64(g).add(v.mul(beta));
    theta = theta.sub(v.mul(alpha));
    out.push(theta.toArray() as number[]);
  }
  return out;
}

/** chainrule's SGD({ momentum: β }) fed the same gradients through `.grad`. */
function sgdIterates({ grads, theta0, alpha, beta }: MomentumRun): number[][] {
  const theta = f64(grads[0]!.map(() => theta0)).requiresGrad_(true);
  const opt = new SGD([theta], { lr: alpha, momentum: beta });
  return grads.map((g) => {
    theta.grad = f64(g);
    opt.step();
    return theta.toArray() as number[];
  });
}

const momentumTwoForms = defineClaim({
  id: 'momentum-two-forms',
  section: 'B',
  title: 'heavy-ball form I θ⁺ = θ − αg + β(θ − θ⁻) and form II v⁺ = g + βv, θ⁺ = θ − αv⁺ give the same iterates; so does SGD({momentum})',
  check: () =>
    allOf({
      'form I = form II': checkFormula({ args: momentumRuns, numRuns: 150, claimed: heavyBallFormI, computed: heavyBallFormII, atol: 1e-9 }),
      'SGD = form II': checkFormula({ args: momentumRuns, numRuns: 150, claimed: heavyBallFormII, computed: sgdIterates, atol: 1e-9, note: 'SGD with momentum β, dampening 0 (the default), gradients supplied directly' }),
    }),
});

/** A float32 MLP with P parameters. */
function mlp(gen: Generator): Module {
  return new Sequential(new Linear(10, 20, { generator: gen }), new Linear(20, 5, { generator: gen }));
}

const optimizerStateMemory = defineClaim({
  id: 'optimizer-state-memory',
  section: 'B',
  title: 'training memory ranks SGD < SGD with momentum < Adam, because of the optimizer state each keeps',
  check: () => {
    const measure = (make: (params: Tensor[]) => { step(): void; stateBytes(): number }): number => {
      const model = mlp(new Generator(0));
      const opt = make(model.parameters());
      const x = randn([4, 10], { generator: new Generator(1) });
      F.mseLoss(model.forward(x as never) as Tensor, randn([4, 5], { generator: new Generator(2) })).backward();
      opt.step();
      return opt.stateBytes();
    };
    const P = mlp(new Generator(0)).parameters().reduce((n, p) => n + p.numel(), 0);
    const bytes = {
      SGD: measure((ps) => new SGD(ps, { lr: 0.1 })),
      'SGD+momentum': measure((ps) => new SGD(ps, { lr: 0.1, momentum: 0.9 })),
      Adam: measure((ps) => new Adam(ps, { lr: 0.1 })),
    };
    const ranked = bytes.SGD < bytes['SGD+momentum'] && bytes['SGD+momentum'] < bytes.Adam;
    const perParameter = Object.fromEntries(Object.entries(bytes).map(([k, b]) => [k, b / P]));
    return {
      verdict: ranked ? 'holds' : 'refuted',
      claimed: 'SGD < SGD+momentum < Adam',
      computed: { parameters: P, stateBytes: bytes, bytesPerParameter: perParameter },
      note: 'float32 parameters; state after one step: none (SGD), a momentum buffer (4 B/param), exp_avg and exp_avg_sq (8 B/param); Adam’s step count is a number, not a tensor',
    };
  },
});

/** One SGD step's parameter change with the full batch, and with K micro-batches of loss/K accumulated. */
function accumulationGap(makeModel: () => Module, K: number, zeroEveryMicroBatch = false): number {
  const gen = new Generator(5);
  const x = randn([8, 4], { dtype: 'float64', generator: gen });
  const y = randn([8, 3], { dtype: 'float64', generator: gen });
  const run = (micro: number, zeroEach: boolean): number[] => {
    const model = makeModel();
    const opt = new SGD(model.parameters(), { lr: 0.1 });
    opt.zeroGrad();
    const size = 8 / micro;
    for (let k = 0; k < micro; k++) {
      if (zeroEach) opt.zeroGrad();
      const xs = x.narrow(0, k * size, size);
      const ys = y.narrow(0, k * size, size);
      F.mseLoss(model.forward(xs as never) as Tensor, ys).div(micro).backward();
    }
    opt.step();
    return noGrad(() => model.parameters().flatMap((p) => Array.from(p.toTypedArray())));
  };
  const full = run(1, false);
  const accumulated = run(K, zeroEveryMicroBatch);
  return Math.max(...full.map((v, i) => Math.abs(v - accumulated[i]!)));
}

const make = (norm: 'layer' | 'batch' | 'none') => (): Module => {
  const gen = new Generator(3);
  const layers: Module[] = [new Linear(4, 6, { dtype: 'float64', generator: gen })];
  if (norm === 'layer') layers.push(new LayerNorm(6, { dtype: 'float64' }));
  if (norm === 'batch') layers.push(new BatchNorm1d(6, { dtype: 'float64' }));
  layers.push(new Linear(6, 3, { dtype: 'float64', generator: gen }));
  return new Sequential(...(layers as Linear[]));
};

const equivalent = (gap: number): boolean => gap < 1e-12;

const gradAccumulationLayerNorm = defineClaim({
  id: 'grad-accumulation-layernorm',
  section: 'B',
  title: 'K micro-batches (loss/K, one step) = one full-batch step, but a model with LayerNorm fails this',
  check: () => {
    const gaps = { layerNorm: accumulationGap(make('layer'), 4), batchNormTrain: accumulationGap(make('batch'), 4), noNorm: accumulationGap(make('none'), 4) };
    const outcome: ClaimOutcome = {
      verdict: equivalent(gaps.layerNorm) ? 'refuted' : 'holds',
      claimed: { layerNorm: 'fails', batchNormTrain: 'not stated (checked too)' },
      computed: {
        layerNorm: equivalent(gaps.layerNorm) ? 'equivalent' : 'fails',
        batchNormTrain: equivalent(gaps.batchNormTrain) ? 'equivalent' : 'fails',
        maxParameterDifference: Object.fromEntries(Object.entries(gaps).map(([k, g]) => [k, Number(g.toPrecision(3))])),
      },
      note: 'Linear(4→6) → norm → Linear(6→3), float64, batch 8 split into K = 4 micro-batches, mseLoss, one SGD step; equivalent means every parameter agrees within 1e-12. LayerNorm normalizes each sample by its own statistics, so per-sample losses do not depend on the rest of the batch and accumulation is exact; it is BatchNorm (training mode, batch statistics) that breaks the equivalence',
    };
    return outcome;
  },
});

const gradAccumulationZeroGrad = defineClaim({
  id: 'grad-accumulation-zero-grad',
  section: 'B',
  title: 'zeroing grads only after each optimizer step gives the full-batch update; zeroing every micro-batch does not',
  check: () => {
    const afterStep = accumulationGap(make('none'), 4, false);
    const everyMicroBatch = accumulationGap(make('none'), 4, true);
    return allOf({
      'zero after step': compareValues(0, afterStep, { atol: 1e-12 }, 'max |Δparameter| vs the full-batch step'),
      'zero every micro-batch differs': {
        verdict: everyMicroBatch > 1e-6 ? 'holds' : 'refuted',
        claimed: 'differs from the full-batch update',
        computed: Number(everyMicroBatch.toPrecision(4)),
        note: 'max |Δparameter| vs the full-batch step: only the last micro-batch’s gradient (scaled by 1/K) survives',
      },
    });
  },
});

/** Section B claims, in catalog order. */
export const sectionB: readonly Claim[] = [momentumTwoForms, optimizerStateMemory, gradAccumulationLayerNorm, gradAccumulationZeroGrad];
