/**
 * Section C, the Inception counting claims: the modules are built from real layers and counted
 * with `summary()` (a shape-only pass with one documented counting rule per layer type; see
 * docs/summary.md: a dot product of K terms is K multiplications and K − 1 additions, plus one
 * addition for the bias).
 * @module
 */
import { cat, type Tensor } from 'chainrule';
import { Conv2d, MaxPool2d, Module, ReLU, Sequential, summary } from 'chainrule/nn';
import { compareValues, defineClaim, type Claim } from './claims.js';

/** Parallel branches whose outputs are concatenated along the channels. */
class Branches extends Module {
  private readonly branches: Sequential[];
  constructor(branches: Sequential[]) {
    super();
    this.branches = branches;
    branches.forEach((b, i) => this.registerModule(`branch${i + 1}`, b));
  }
  forward(x: Tensor): Tensor {
    return cat(this.branches.map((b) => b.forward(x)), 1);
  }
}

/** conv k×k with "same" padding and a bias, followed by ReLU. */
const convRelu = (cin: number, cout: number, k: number): Sequential[] => [new Sequential(new Conv2d(cin, cout, k, { padding: 'same' }), new ReLU())];
const pool = (): MaxPool2d => new MaxPool2d(3, { stride: 1, padding: 1 });

function counts(module: Module): number[] {
  const s = summary(module, [1, 256, 32, 32]);
  return [s.totals.parameters, s.totals.multiplications, s.totals.additions, s.totals.activations];
}

const NOTE =
  'counted by summary() on a 1×256×32×32 input; reading: "same" padding keeps 32×32, a ReLU follows every convolution (the pooling branch has none), one multiplication per weight per output position and as many additions (K − 1 for the dot product plus 1 for the bias); values are [parameters, multiplications, additions, activation evaluations]';

const inceptionNaiveCounts = defineClaim({
  id: 'inception-naive-counts',
  section: 'C',
  title: 'naive Inception (1×1→128, 3×3→192, 5×5→96, 3×3 max-pool) on 256×32×32: 1,089,952 params; 1,115,684,864 mults and adds; 425,984 activations',
  check: () => {
    const m = new Branches([...convRelu(256, 128, 1), ...convRelu(256, 192, 3), ...convRelu(256, 96, 5), new Sequential(pool())]);
    return compareValues([1_089_952, 1_115_684_864, 1_115_684_864, 425_984], counts(m), { atol: 0 }, NOTE);
  },
});

const inceptionBottleneckCounts = defineClaim({
  id: 'inception-bottleneck-counts',
  section: 'C',
  title: 'Inception with 1×1 bottlenecks: 346,720 params; 354,418,688 mults and as many adds; 622,592 activations',
  check: () => {
    const m = new Branches([
      new Sequential(new Conv2d(256, 128, 1), new ReLU()),
      new Sequential(new Conv2d(256, 64, 1), new ReLU(), new Conv2d(64, 192, 3, { padding: 'same' }), new ReLU()),
      new Sequential(new Conv2d(256, 64, 1), new ReLU(), new Conv2d(64, 96, 5, { padding: 'same' }), new ReLU()),
      new Sequential(pool(), new Conv2d(256, 64, 1), new ReLU()),
    ]);
    return compareValues([346_720, 354_418_688, 354_418_688, 622_592], counts(m), { atol: 0 }, NOTE);
  },
});

/** The two Inception counting claims. */
export const sectionCInception = { inceptionNaiveCounts, inceptionBottleneckCounts } satisfies Record<string, Claim>;
