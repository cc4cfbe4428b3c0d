/**
 * Section E of the catalog (recurrent networks and sequences), the claims that need only tensors
 * and autograd: the linear-RNN gradient criterion, read with retainGrad() on every hidden state,
 * and beam search (src/report/sequence/beam-search.ts) against exhaustive search.
 * @module
 */
import fc from 'fast-check';
import { Generator, randn, tensor, type Tensor } from 'chainrule';
import { beamSearch, exhaustiveSearch, greedySearch, type NextTokenLogProbs } from './sequence/beam-search.js';
import { allOf, checkFormula, defineClaim, type Claim } from './claims.js';

const f64 = (v: number[] | number[][]): Tensor => tensor(v, { dtype: 'float64' });

/** ‖∂L/∂h_t‖ for t = 1..T of a linear RNN h_t = W_h h_{t−1} + W_x x_t with L = cᵀh_T. */
function linearRnnGradientNorms(Wh: number[][], T: number, seed: number): { norms: number[]; formulaError: number } {
  const H = Wh.length;
  const gen = new Generator(seed);
  const W = f64(Wh);
  const Wx = randn([H, H], { dtype: 'float64', generator: gen });
  const xs = Array.from({ length: T }, () => randn([H], { dtype: 'float64', generator: gen }));
  const c = randn([H], { dtype: 'float64', generator: gen });
  let h: Tensor = f64(new Array<number>(H).fill(0));
  const hs: Tensor[] = [];
  for (const x of xs) {
    h = W.matmul(h).add(Wx.matmul(x));
    if (!h.requiresGrad) h = h.detach().requiresGrad_(true); // h_1 is where the recorded graph starts
    hs.push(h.isLeaf ? h : h.retainGrad());
  }
  h.mul(c).sum().backward();
  const grads = hs.map((ht) => ht.grad!);
  // the formula ∂L/∂h_t = (W_hᵀ)^{T−t} ∂L/∂h_T, applied step by step from the end
  let predicted = grads[T - 1]!;
  let formulaError = 0;
  for (let t = T - 2; t >= 0; t--) {
    predicted = W.t().matmul(predicted);
    formulaError = Math.max(formulaError, predicted.sub(grads[t]!).abs().max().item() / (1 + predicted.abs().max().item()));
  }
  return { norms: grads.map((g) => Math.sqrt(g.mul(g).sum().item())), formulaError };
}

function largestSingularValue(W: number[][]): number {
  // power iteration on WᵀW
  const M = f64(W);
  const MtM = M.t().matmul(M);
  let v = f64(W.map((_, i) => 1 + i * 0.1));
  for (let i = 0; i < 200; i++) {
    const next = MtM.matmul(v);
    const n = Math.sqrt(next.mul(next).sum().item());
    if (n === 0) return 0;
    v = next.div(n);
  }
  return Math.sqrt(v.mul(MtM.matmul(v)).sum().item());
}

type Behaviour = 'explode' | 'vanish' | 'neither';

/** Growth of the gradient norm from the last step back to the first, over T = 60 steps. */
function observed(norms: number[]): Behaviour {
  const ratio = norms[0]! / norms[norms.length - 1]!;
  if (!(ratio > 1e-6)) return 'vanish'; // includes an exact 0
  if (ratio > 1e6) return 'explode';
  return ratio < 1e-3 ? 'vanish' : ratio > 1e3 ? 'explode' : 'neither';
}

const criterion = defineClaim({
  id: 'rnn-linear-gradient-criterion',
  section: 'E',
  title: '∂L/∂h_t = (W_hᵀ)^{T−t}∂L/∂h_T; some singular value of W_h > 1 ⇒ explode, otherwise vanish',
  check: () => {
    const T = 60;
    const halves = fc.integer({ min: -4, max: 4 }).map((k) => k / 2);
    const matrices = fc.tuple(halves, halves, halves, halves).map(([a, b, c, d]) => [[a, b], [c, d]]);
    return allOf({
      formula: checkFormula({
        args: matrices,
        numRuns: 60,
        claimed: () => 0,
        computed: (W) => linearRnnGradientNorms(W, 12, 3).formulaError,
        atol: 1e-9,
        note: 'max relative gap between ∂L/∂h_t read with retainGrad() and (W_hᵀ)^{T−t}∂L/∂h_T over 12 steps',
      }),
      criterion: checkFormula({
        args: matrices,
        numRuns: 200,
        claimed: (W) => (largestSingularValue(W) > 1 + 1e-9 ? 1 : -1),
        computed: (W) => ({ explode: 1, vanish: -1, neither: 0 })[observed(linearRnnGradientNorms(W, T, 3).norms)],
        atol: 0,
        example: [[0.5, 0], [0, 0.5]],
        note: `1 = explode, −1 = vanish, 0 = neither: the claim's prediction from σ_max(W_h) vs the behaviour of ‖∂L/∂h_1‖/‖∂L/∂h_T‖ over T = ${T} steps (explode > 10³, vanish < 10⁻³); what decides it for long sequences is the spectral radius, not the largest singular value (e.g. [[0, 2], [0, 0]] has σ_max = 2 yet gradients vanish after two steps; an orthogonal W neither explodes nor vanishes)`,
      }),
    });
  },
});

/** A random "language model" over a small vocabulary: next-token log-probs depend on the whole prefix. */
function randomModel(vocab: number, seed: number): NextTokenLogProbs {
  const cache = new Map<string, Tensor>();
  return (prefix) => {
    const key = prefix.join(',');
    let out = cache.get(key);
    if (!out) {
      const gen = new Generator(seed * 7919 + hashPrefix(prefix));
      out = randn([vocab], { dtype: 'float64', generator: gen }).mul(2).logSoftmax(0);
      cache.set(key, out);
    }
    return out;
  };
}

function hashPrefix(prefix: readonly number[]): number {
  return prefix.reduce((h, t) => (Math.imul(h, 31) + t + 1) >>> 0, 17);
}

const models = fc.record({ vocab: fc.integer({ min: 2, max: 4 }), length: fc.integer({ min: 2, max: 4 }), seed: fc.integer({ min: 0, max: 1e6 }) });

const beamSearchNotOptimal = defineClaim({
  id: 'beam-search-not-optimal',
  section: 'E',
  title: 'beam search (k = 2) need not find the most likely sequence; greedy = beam k = 1; k ≥ #sequences is exact',
  check: () => {
    const optimalWithK2 = checkFormula({
      args: models,
      numRuns: 300,
      claimed: ({ vocab, length, seed }) => exhaustiveSearch(randomModel(vocab, seed), { length }).logProb,
      computed: ({ vocab, length, seed }) => beamSearch(randomModel(vocab, seed), { beamWidth: 2, length }).logProb,
      note: 'looking for a model where beam search with k = 2 misses the most likely sequence',
    });
    const found = optimalWithK2.verdict === 'refuted';
    const example = optimalWithK2.counterexample as { vocab: number; length: number; seed: number } | undefined;
    const describe = example && {
      model: example,
      best: exhaustiveSearch(randomModel(example.vocab, example.seed), { length: example.length }),
      beam2: beamSearch(randomModel(example.vocab, example.seed), { beamWidth: 2, length: example.length }),
    };
    return allOf({
      'k=2 can miss the optimum': {
        verdict: found ? 'holds' : 'refuted',
        claimed: 'a model exists where beam(k=2) is not optimal',
        computed: describe ?? 'beam(k=2) was optimal on every model tried',
        ...(describe ? { counterexample: example } : {}),
        note: 'random 2–4-token vocabularies, sequences of 2–4 tokens (seed 42); the shrunk model is shown with both decodings',
      },
      'greedy = beam(k=1)': checkFormula({
        args: models,
        numRuns: 200,
        claimed: ({ vocab, length, seed }) => greedySearch(randomModel(vocab, seed), { length }).tokens,
        computed: ({ vocab, length, seed }) => beamSearch(randomModel(vocab, seed), { beamWidth: 1, length }).tokens,
        atol: 0,
      }),
      'k ≥ #sequences is exact': checkFormula({
        args: models,
        numRuns: 200,
        claimed: ({ vocab, length, seed }) => exhaustiveSearch(randomModel(vocab, seed), { length }).tokens,
        computed: ({ vocab, length, seed }) => beamSearch(randomModel(vocab, seed), { beamWidth: vocab ** length, length }).tokens,
        atol: 0,
      }),
    });
  },
});

/** Section E claims that need no recurrent layer. */
export const sectionECore = { criterion, beamSearchNotOptimal } satisfies Record<string, Claim>;
