/**
 * Section F, the claims about memory and training: rematerialization counts (src/report/memory/recompute.ts
 * on a real 10-layer chain), ResNet-152's size, the graph's memory against batch size
 * (graphMemory), and memorizing random labels.
 * @module
 */
import { Generator, graphMemory, noGrad, randint, randn, type Tensor } from 'chainrule';
import { backwardWithRecomputation, type ChainLayer } from './memory/recompute.js';
import { syntheticDigits } from 'chainrule/data';
import { LeNet, resnet152 } from 'chainrule/models';
import { Linear, ReLU, Sequential, Tanh, functional as F } from 'chainrule/nn';
import { Adam } from 'chainrule/optim';
import { allOf, compareValues, defineClaim, type Claim, type ClaimOutcome } from './claims.js';

const rematCounts = defineClaim({
  id: 'remat-counts',
  section: 'F',
  title: '10-layer chain keeping input and layer-5 activation, recompute from the nearest kept one: 20 forward evals, 8 loads, 480 ns; disk breaks even at 48 ns/load',
  check: () => {
    const gen = new Generator(21);
    const layers: ChainLayer[] = Array.from({ length: 10 }, () => new Sequential(new Linear(6, 6, { dtype: 'float64', generator: gen }), new Tanh()));
    const x = randn([3, 6], { dtype: 'float64', generator: gen });
    const g = randn([3, 6], { dtype: 'float64', generator: gen });
    const { counters, inputGrad, parameterGrads } = backwardWithRecomputation(layers, x, new Set([0, 5]), g);
    // plain backprop, for the gradients
    const xr = x.detach().requiresGrad_(true);
    let a: Tensor = xr;
    for (const layer of layers) a = layer.forward(a);
    a.backward(g);
    const gap = Math.max(
      inputGrad.sub(xr.grad!).abs().max().item(),
      ...layers.flatMap((layer, i) => layer.parameters().map((p, k) => parameterGrads[i]![k]!.sub(p.grad!).abs().max().item())),
    );
    const cost = 20 * counters.recomputations + 10 * counters.loads;
    // with every activation stored, backward recomputes nothing and loads each input it needs
    const storeAll = backwardWithRecomputation(layers, x, new Set(Array.from({ length: 11 }, (_, i) => i)), g).counters;
    const storeAllLoads = storeAll.loads;
    const outcome = allOf({
      counts: compareValues([20, 8], [counters.recomputations, counters.loads], { atol: 0 }, 'values are [layer evaluations during backward, loads of kept activations]'),
      cost: compareValues([480, 48], [cost, cost / storeAllLoads], { atol: 0 }, 'values are [ns of recomputation + loads, break-even ns per load when all 10 activations are stored]'),
      gradients: compareValues(0, gap, { atol: 1e-12 }, 'the walk’s gradients equal plain backprop (max |difference|)'),
    });
    return {
      ...outcome,
      note: `reading: the backward of layer j needs its input a_{j−1}; a kept activation read directly (layers 6 and 1 read a_5 and a_0) is a load too. Then 4+3+2+1 recomputations from a_5 and 4+3+2+1 from a_0 = 20 (as claimed), but 10 loads, not 8 (the claim counts only the eight recomputation chains); 20·20 + 10·10 = 500 ns, and storing all 10 activations (10 loads) breaks even at 50 ns per load. Counted on a real chain of 10 Linear+tanh layers (src/report/memory/recompute.ts; ${counters.forwardEvaluations} evaluations in the first forward pass) | ${outcome.note ?? ''}`,
    };
  },
});

const resnet152Params = defineClaim({
  id: 'resnet152-params',
  section: 'F',
  title: 'ResNet-152 with a 10-class head has 58,164,298 trainable parameters, 232.657192 MB in float32',
  check: () => {
    const model = resnet152({ numClasses: 10 });
    const params = model.parameters();
    const count = params.reduce((n, p) => n + (p.requiresGrad ? p.numel() : 0), 0);
    const bytes = params.reduce((n, p) => n + p.numel() * p.storage.BYTES_PER_ELEMENT, 0);
    return compareValues([58_164_298, 232.657192], [count, bytes / 1e6], { atol: 0, rtol: 1e-12 }, 'chainrule’s resnet152 (torchvision’s architecture and names, checked against torchvision in the tests); MB = 10⁶ bytes; BatchNorm running statistics are buffers, not parameters');
  },
});

const activationMemoryBatch = defineClaim({
  id: 'activation-memory-batch',
  section: 'F',
  title: 'the memory held for the backward pass grows linearly with batch size',
  check: () => {
    const model = new LeNet({ generator: new Generator(3) });
    const batches = [1, 2, 4, 8, 16];
    const bytes = batches.map((b) => {
      const x = randn([b, 1, 28, 28], { generator: new Generator(b) });
      const y = randint(0, 10, [b], { generator: new Generator(b + 100) });
      return graphMemory(F.crossEntropy(model.forward(x), y)).bytes;
    });
    // affine fit through the first two points, checked on the others
    const slope = bytes[1]! - bytes[0]!;
    const intercept = bytes[0]! - slope;
    const predicted = batches.map((b) => intercept + slope * b);
    const outcome: ClaimOutcome = compareValues(predicted, bytes, { atol: 0 }, `graphMemory(loss) of LeNet + cross-entropy at batch ${batches.join(', ')}: bytes = ${intercept} + ${slope}·batch exactly (the constant part is the weights that matmul/conv save, the per-sample part the activations)`);
    return { ...outcome, claimed: 'bytes = a + b·batch', computed: Object.fromEntries(batches.map((b, i) => [`batch ${b}`, bytes[i]!])) };
  },
});

const randomLabelMemorization = defineClaim({
  id: 'random-label-memorization',
  section: 'F',
  title: 'a large enough network drives training accuracy on randomly labelled digits close to 100 %',
  check: ({ progress }) => {
    const gen = new Generator(8);
    const { inputs } = syntheticDigits(30, { seed: 4 }); // 300 digits, 8×8
    const labels = randint(0, 10, [300], { generator: gen }); // labels ignore the images
    const model = new Sequential(new Linear(64, 512, { generator: gen }), new ReLU(), new Linear(512, 512, { generator: gen }), new ReLU(), new Linear(512, 10, { generator: gen }));
    const opt = new Adam(model.parameters(), { lr: 2e-3 });
    const accuracy = (): number =>
      noGrad(() => {
        const predicted = model.forward(inputs).argmax(1);
        return predicted.eq(labels).to('float32').mean().item();
      });
    let epochs = 0;
    for (; epochs < 400 && accuracy() < 0.99; epochs++) {
      progress(`full-batch epoch ${epochs + 1} (stops at 99 % accuracy or 400)`);
      opt.zeroGrad();
      F.crossEntropy(model.forward(inputs), labels).backward();
      opt.step();
    }
    const acc = accuracy();
    return {
      verdict: acc >= 0.99 ? 'holds' : 'refuted',
      claimed: 'close to 100 %',
      computed: { trainingAccuracy: acc, fullBatchEpochs: epochs, chanceLevel: 0.1 },
      note: '300 synthetic 8×8 digits (syntheticDigits of chainrule/data) with labels drawn uniformly at random (seed 8); MLP 64-512-512-10 ReLU, Adam lr 2e-3, full-batch; stops at ≥ 99 % training accuracy or 400 epochs',
    };
  },
});

/** Section F claims about memory and training. */
export const sectionFTraining = { rematCounts, resnet152Params, activationMemoryBatch, randomLabelMemorization } satisfies Record<string, Claim>;

