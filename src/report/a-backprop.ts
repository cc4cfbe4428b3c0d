/**
 * Section A of the catalog: backprop through small graphs. The scalar RNN h_t = w·(u_t + h_{t−1}),
 * h_0 = 0, y = h_3 is built from chainrule tensors; gradients come from backward(), retainGrad()
 * on the intermediate nodes, and one leaf per use of w for the per-edge contributions.
 * @module
 */
import fc from 'fast-check';
import { Generator, gradients, tensor, type Tensor } from 'chainrule';
import { allOf, checkFormula, compareValues, defineClaim, type Claim } from './claims.js';
import { f64, wholeNumber } from './scalars.js';

type RnnArgs = [number, number, number, number];
// [w, u₁, u₂, u₃] drawn from the integers in [−4, 4]: every claim below is a polynomial identity, so a
// false one fails on most integer points and shrinks to a readable counterexample.
const rnnArgs = fc.tuple(wholeNumber(), wholeNumber(), wholeNumber(), wholeNumber());
const rnnExample: RnnArgs = [0.5, 1.5, -2, 3];

/** The homework's graph: p = u₁, q = w·p, r = u₂ + q, s = w·r, t = s + u₃, y = w·t, each use of w a separate leaf. */
function scalarRnn([w, u1, u2, u3]: RnnArgs) {
  const w1 = f64(w, true); // the use in y = w·t
  const w2 = f64(w, true); // the use in s = w·r
  const w3 = f64(w, true); // the use in q = w·p
  const p = f64(u1, true);
  const q = w3.mul(p).retainGrad();
  const r = f64(u2).add(q).retainGrad();
  const s = w2.mul(r).retainGrad();
  const t = s.add(f64(u3)).retainGrad();
  const y = w1.mul(t);
  y.backward();
  const g = (x: Tensor): number => x.grad!.item();
  return {
    y: y.item(),
    dydw: g(w1) + g(w2) + g(w3), // the total derivative: sum over the uses of w
    uses: { viaY: g(w1), viaS: g(w2), viaQ: g(w3) },
    values: { p: p.item(), q: q.item(), r: r.item(), s: s.item(), t: t.item() },
    nodeGrads: { t: g(t), s: g(s), r: g(r), q: g(q), p: g(p) },
  };
}

/** y and dy/dw with a single shared w, the way a student would write the loop. */
function unrolled([w, ...us]: RnnArgs): { y: number; dydw: number } {
  const W = f64(w, true);
  let h = f64(0);
  for (const u of us) h = W.mul(f64(u).add(h));
  h.backward();
  return { y: h.item(), dydw: W.grad!.item() };
}

const rnnScalarForward = defineClaim({
  id: 'rnn-scalar-forward',
  section: 'A',
  title: 'y = w³u₁ + w²u₂ + w·u₃',
  check: () =>
    checkFormula({
      args: rnnArgs,
      claimed: ([w, u1, u2, u3]) => w ** 3 * u1 + w ** 2 * u2 + w * u3,
      computed: (a) => unrolled(a).y,
      example: rnnExample,
      note: 'args are [w, u₁, u₂, u₃]',
    }),
});

const rnnScalarDydw = defineClaim({
  id: 'rnn-scalar-dydw',
  section: 'A',
  title: 'dy/dw = u₂ + 2w·u₂ + 3w²·u₁',
  check: () =>
    checkFormula({
      args: rnnArgs,
      claimed: ([w, u1, u2]) => u2 + 2 * w * u2 + 3 * w ** 2 * u1,
      computed: (a) => unrolled(a).dydw,
      example: rnnExample,
      note: 'args are [w, u₁, u₂, u₃]; autograd gives dy/dw = 3w²u₁ + 2w·u₂ + u₃ (the first term is u₃, not u₂)',
    }),
});

const rnnScalarNodeGrads = defineClaim({
  id: 'rnn-scalar-node-grads',
  section: 'A',
  title: '∂y/∂t = w, ∂y/∂s = w, ∂y/∂r = w², ∂y/∂q = w², ∂y/∂p = w³',
  check: () =>
    checkFormula({
      args: rnnArgs,
      claimed: ([w]) => [w, w, w ** 2, w ** 2, w ** 3],
      computed: (a) => {
        const g = scalarRnn(a).nodeGrads;
        return [g.t, g.s, g.r, g.q, g.p];
      },
      example: rnnExample,
      note: 'values are [∂y/∂t, ∂y/∂s, ∂y/∂r, ∂y/∂q, ∂y/∂p], read with retainGrad() on each node',
    }),
});

const rnnScalarEdgeSum = defineClaim({
  id: 'rnn-scalar-edge-sum',
  section: 'A',
  title: 'the uses of w contribute t, (∂y/∂s)·r, (∂y/∂q)·p; t + s + w·q = dy/dw',
  check: () =>
    allOf({
      contributions: checkFormula({
        args: rnnArgs,
        claimed: (a) => {
          const { values: v, nodeGrads: g } = scalarRnn(a);
          return [v.t, g.s * v.r, g.q * v.p];
        },
        computed: (a) => {
          const u = scalarRnn(a).uses;
          return [u.viaY, u.viaS, u.viaQ];
        },
        example: rnnExample,
        note: 'computed: the gradient of a separate leaf for each use of w',
      }),
      sum: checkFormula({
        args: rnnArgs,
        claimed: (a) => {
          const v = scalarRnn(a).values;
          return v.t + v.s + a[0] * v.q;
        },
        computed: (a) => unrolled(a).dydw,
        example: rnnExample,
      }),
    }),
});

/** A random MLP y_i = σ(A_i y_{i−1} + b_i) for i < L, y_L = A_L y_{L−1} + b_L, as plain arrays. */
interface Mlp {
  A: number[][][];
  b: number[][];
  x: number[];
}

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

function randomMlp(sizes: number[], seed: number, scale = 1): Mlp {
  const gen = new Generator(seed);
  const A: number[][][] = [];
  const b: number[][] = [];
  for (let i = 1; i < sizes.length; i++) {
    A.push(Array.from({ length: sizes[i]! }, () => Array.from({ length: sizes[i - 1]! }, () => scale * gen.normal())));
    b.push(Array.from({ length: sizes[i]! }, () => gen.normal()));
  }
  return { A, b, x: Array.from({ length: sizes[0]! }, () => gen.normal()) };
}

const matVec = (M: number[][], v: number[]): number[] => M.map((row) => row.reduce((s, m, j) => s + m * v[j]!, 0));
const matMul = (M: number[][], N: number[][]): number[][] => M.map((row) => N[0]!.map((_, j) => row.reduce((s, m, k) => s + m * N[k]![j]!, 0)));

/** The hand-written backprop of the claim: ∂y_L/∂b_i = A_L diag(σ'(ỹ_{L−1})) A_{L−1} ⋯ A_{i+1} diag(σ'(ỹ_i)), ∂y_L/∂A_i = (∂y_L/∂b_i) ⊗ y_{i−1}. */
function handBackprop(mlp: Mlp): { db: number[][][]; dA: number[][][][] } {
  const L = mlp.A.length;
  const ys: number[][] = [mlp.x];
  const pre: number[][] = [];
  for (let i = 0; i < L; i++) {
    const z = matVec(mlp.A[i]!, ys[i]!).map((v, k) => v + mlp.b[i]![k]!);
    pre.push(z);
    ys.push(i < L - 1 ? z.map(sigmoid) : z);
  }
  const db: number[][][] = new Array(L);
  const outSize = mlp.A[L - 1]!.length;
  let J: number[][] = Array.from({ length: outSize }, (_, r) => Array.from({ length: outSize }, (_, c) => (r === c ? 1 : 0)));
  for (let i = L - 1; i >= 0; i--) {
    db[i] = J;
    if (i > 0) {
      const dsig = pre[i - 1]!.map((z) => sigmoid(z) * (1 - sigmoid(z)));
      J = matMul(J, mlp.A[i]!).map((row) => row.map((v, k) => v * dsig[k]!));
    }
  }
  const dA = db.map((Jb, i) => Jb.map((row) => row.map((v) => ys[i]!.map((y) => v * y))));
  return { db, dA };
}

/** The same Jacobians by autograd: one backward per output element. */
function autogradBackprop(mlp: Mlp): { db: number[][][]; dA: number[][][][] } {
  const As = mlp.A.map((a) => tensor(a, { dtype: 'float64', requiresGrad: true }));
  const bs = mlp.b.map((b) => tensor(b, { dtype: 'float64', requiresGrad: true }));
  let y = tensor(mlp.x, { dtype: 'float64' });
  As.forEach((A, i) => {
    const z = A.matmul(y).add(bs[i]!);
    y = i < As.length - 1 ? z.sigmoid() : z;
  });
  const rows = Array.from({ length: y.numel() }, (_, k) => {
    const v = tensor(Array.from({ length: y.numel() }, (_, j) => (j === k ? 1 : 0)), { dtype: 'float64' });
    return gradients(y, [...bs, ...As], { gradOutputs: [v], retainGraph: true });
  });
  const L = As.length;
  const db = bs.map((_, i) => rows.map((g) => g[i]!.toArray() as number[]));
  const dA = As.map((_, i) => rows.map((g) => g[L + i]!.toArray() as number[][]));
  return { db, dA };
}

const mlpManualBackprop = defineClaim({
  id: 'mlp-manual-backprop',
  section: 'A',
  title: "hand backprop ∂y_L/∂b_i = A_L diag(σ'(ỹ_{L−1}))⋯diag(σ'(ỹ_i)) matches autograd",
  check: () => {
    const args = fc.record({
      sizes: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 2, maxLength: 5 }),
      seed: fc.integer({ min: 0, max: 1_000_000 }),
    });
    const outcome = checkFormula({
      args,
      numRuns: 40,
      claimed: ({ sizes, seed }) => {
        const h = handBackprop(randomMlp(sizes, seed));
        return [h.db.flat(2), h.dA.flat(3)];
      },
      computed: ({ sizes, seed }) => {
        const a = autogradBackprop(randomMlp(sizes, seed));
        return [a.db.flat(2), a.dA.flat(3)];
      },
      atol: 1e-10,
      rtol: 1e-9,
      example: { sizes: [3, 4, 4, 2], seed: 1 },
      note: 'reading: y_i = σ(A_i y_{i−1} + b_i) for i < L and a linear output layer y_L = A_L y_{L−1} + b_L; full Jacobians compared',
    });
    // The full Jacobians are long: when they agree, report their sizes instead of every entry.
    if (outcome.verdict !== 'holds') return outcome;
    const size = (v: unknown): number => (Array.isArray(v) ? v.reduce((n: number, x) => n + size(x), 0) : 1);
    return { ...outcome, claimed: `${size(outcome.claimed)} Jacobian entries`, computed: `${size(outcome.computed)} Jacobian entries` };
  },
});

/** ‖∂y_L/∂b_i‖ (Frobenius) for each layer i of a deep sigmoid MLP, by autograd. */
function biasGradientNorms(depth: number, width: number, scale: number, seed: number): number[] {
  const sizes = Array.from({ length: depth + 1 }, () => width);
  const { db } = autogradBackprop(randomMlp(sizes, seed, scale));
  return db.map((J) => Math.sqrt(J.flat().reduce((s, v) => s + v * v, 0)));
}

const sigmoidDerivativeBound = defineClaim({
  id: 'sigmoid-derivative-bound',
  section: 'A',
  title: "σ'(z) ≤ 1/4, σ'(z) → 0 as |z| → ∞; deep sigmoid MLP: ‖∂y_L/∂b_i‖ shrinks as L − i grows (small weights)",
  check: () => {
    // σ' by autograd on a grid of 80,001 points in [−40, 40] (step 0.001).
    const z = tensor(Array.from({ length: 80001 }, (_, i) => -40 + i * 0.001), { dtype: 'float64', requiresGrad: true });
    z.sigmoid().sum().backward();
    const d = z.grad!.toArray() as number[];
    const max = Math.max(...d);
    const argmax = -40 + d.indexOf(max) * 0.001;
    const tails = [d[0]!, d[d.length - 1]!];
    const norms = biasGradientNorms(12, 4, 0.5, 7);
    // Layers 1..L: norms[i] for b_{i+1}; "shrinks as L − i grows" means increasing in i.
    const increasing = norms.every((n, i) => i === 0 || n > norms[i - 1]!);
    return allOf({
      bound: compareValues(0.25, max, { atol: 1e-12 }, `max over the grid at z = ${argmax.toFixed(3)}`),
      tails: {
        verdict: tails.every((t) => t < 1e-15) ? 'holds' : 'refuted',
        claimed: '→ 0',
        computed: tails,
        note: "σ'(−40) and σ'(40)",
      },
      deepMlp: {
        verdict: increasing ? 'holds' : 'refuted',
        claimed: 'decreasing as L − i grows',
        computed: norms.map((n) => Number(n.toPrecision(4))),
        note: 'an MLP of 12 layers of width 4 (11 sigmoid layers and a linear output), weights N(0, 0.5²) (seed 7); ‖∂y_L/∂b_i‖ listed for i = 1..12 (the last is ‖I₄‖ = 2)',
      },
    });
  },
});

/** Section A claims, in catalog order. */
export const sectionA: readonly Claim[] = [
  rnnScalarForward,
  rnnScalarDydw,
  rnnScalarNodeGrads,
  rnnScalarEdgeSum,
  mlpManualBackprop,
  sigmoidDerivativeBound,
];

