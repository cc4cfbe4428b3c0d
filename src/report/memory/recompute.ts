/**
 * Rematerialization without caching, as a homework describes it: the forward pass keeps only some
 * activations; during backward, every activation a layer needs is recomputed from the nearest
 * kept one, and nothing recomputed is kept for later. The walk counts layer evaluations and loads
 * of kept activations, and returns real gradients (checked against plain backprop by the caller).
 * For the usual segment-wise strategy, see `checkpoint()` in src/autograd/checkpoint.ts.
 * @module
 */
import { ValueError, gradients, noGrad, type Tensor } from 'chainrule';

/** A layer of the chain: a function of one tensor, with the parameters it uses. */
export interface ChainLayer {
  forward(x: Tensor): Tensor;
  parameters(): Tensor[];
}

/** What the walk did. */
export interface RecomputeCounters {
  /** Layer evaluations in the initial forward pass. */
  forwardEvaluations: number;
  /** Layer evaluations during backward to rebuild activations that were not kept. */
  recomputations: number;
  /** Reads of a kept activation (to start a recomputation, or used directly). */
  loads: number;
}

/** Result: the counters, the gradient w.r.t. the input, and each layer's parameter gradients. */
export interface RecomputeResult {
  counters: RecomputeCounters;
  inputGrad: Tensor;
  parameterGrads: Tensor[][];
}

/**
 * Backpropagates `outputGrad` through `layers` keeping only activations `kept` (indices into
 * a_0 = input, a_1, …, a_L; a_0 must be kept). Layer j's backward needs its input a_{j−1}; that
 * activation is loaded if kept, else recomputed from the nearest kept a_k (k < j − 1), costing
 * j − 1 − k layer evaluations and one load.
 */
export function backwardWithRecomputation(layers: readonly ChainLayer[], input: Tensor, kept: ReadonlySet<number>, outputGrad: Tensor): RecomputeResult {
  if (!kept.has(0)) throw new ValueError('backwardWithRecomputation', 'the input a_0 must be kept');
  const counters: RecomputeCounters = { forwardEvaluations: 0, recomputations: 0, loads: 0 };
  const store = new Map<number, Tensor>([[0, input.detach()]]);
  noGrad(() => {
    let a = input.detach();
    layers.forEach((layer, i) => {
      a = layer.forward(a);
      counters.forwardEvaluations++;
      if (kept.has(i + 1)) store.set(i + 1, a);
    });
  });
  const parameterGrads: Tensor[][] = layers.map(() => []);
  let g = outputGrad;
  for (let j = layers.length; j >= 1; j--) {
    let k = j - 1;
    while (!store.has(k)) k--;
    counters.loads++;
    let a = store.get(k)!;
    noGrad(() => {
      for (let m = k + 1; m <= j - 1; m++) {
        a = layers[m - 1]!.forward(a);
        counters.recomputations++;
      }
    });
    // layer j's VJP at its input a_{j−1}
    const x = a.detach().requiresGrad_(true);
    const params = layers[j - 1]!.parameters();
    const grads = gradients(layers[j - 1]!.forward(x), [x, ...params], { gradOutputs: [g], allowUnused: true });
    parameterGrads[j - 1] = grads.slice(1).map((pg, i) => pg ?? params[i]!.detach().mul(0));
    g = grads[0]!;
  }
  return { counters, inputGrad: g, parameterGrads };
}
