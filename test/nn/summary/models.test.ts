/**
 * summary() on whole models: an Inception-style module and LeNet derived by hand, bytes saved for
 * backward against graphMemory after a real forward, containers and unknown modules, the model
 * left untouched, the pass running no kernels, the table, and argument errors.
 */
import { describe, expect, it } from 'vitest';
import { cat, defaultGenerator, Generator, graphMemory, isGradEnabled, manualSeed, noGrad, randn, type Tensor } from '../../../src/index.js';
import type { Backend } from '../../../src/backend/backend.js';
import { kernels, useBackend } from '../../../src/backend/registry.js';
import {
  BatchNorm2d,
  Conv2d,
  Dropout,
  Flatten,
  Linear,
  LSTM,
  MaxPool2d,
  Module,
  ReLU,
  Sequential,
  summary,
  type ModelSummary,
} from '../../../src/nn/index.js';
import { BasicBlock, LeNet } from '../../../src/nn/zoo/index.js';

/** The naive Inception module: 1×1, 3×3 and 5×5 convolutions ('same', bias, ReLU) and a 3×3 max pool, concatenated. */
class Inception extends Module {
  readonly branch1: Sequential;
  readonly branch3: Sequential;
  readonly branch5: Sequential;
  readonly pool: MaxPool2d;

  constructor(inChannels: number, c1: number, c3: number, c5: number) {
    super();
    this.branch1 = this.registerModule('branch1', new Sequential(new Conv2d(inChannels, c1, 1), new ReLU()));
    this.branch3 = this.registerModule('branch3', new Sequential(new Conv2d(inChannels, c3, 3, { padding: 'same' }), new ReLU()));
    this.branch5 = this.registerModule('branch5', new Sequential(new Conv2d(inChannels, c5, 5, { padding: 'same' }), new ReLU()));
    this.pool = this.registerModule('pool', new MaxPool2d(3, { stride: 1, padding: 1 }));
  }

  forward(x: Tensor): Tensor {
    return cat([this.branch1.forward(x), this.branch3.forward(x), this.branch5.forward(x), this.pool.forward(x)], 1);
  }
}

/** A container whose own forward adds (the residual add is not any layer's work). */
class Residual extends Module {
  readonly fc: Linear;
  constructor() {
    super();
    this.fc = this.registerModule('fc', new Linear(3, 3));
  }
  forward(x: Tensor): Tensor {
    return x.add(this.fc.forward(x));
  }
}

/** A leaf module chainrule has no counting rule for. */
class Swish extends Module {
  forward(x: Tensor): Tensor {
    return x.mul(x.sigmoid());
  }
}

/** Row name → [mults, adds, activations]. */
function opsByName(s: ModelSummary): Record<string, [number, number, number]> {
  return Object.fromEntries(s.rows.map((r) => [r.name, [r.multiplications, r.additions, r.activations]]));
}

describe('an Inception module on a 256×32×32 input (batch 1)', () => {
  // Every branch keeps 32×32 = 1024 positions ('same' padding; the pool has stride 1, padding 1).
  // Parameters (weight + bias):
  //   1×1 → 128: 128·256·1·1 + 128 =  32,768 + 128 =    32,896
  //   3×3 → 192: 192·256·3·3 + 192 = 442,368 + 192 =   442,560
  //   5×5 →  96:  96·256·5·5 +  96 = 614,400 +  96 =   614,496
  //   max pool: 0                                 total 1,089,952
  // Multiplications = outputs · K, K = 256·kH·kW:
  //   1×1: 128·1024 = 131,072 outputs ·  256 =    33,554,432
  //   3×3: 192·1024 = 196,608 outputs · 2304 =   452,984,832
  //   5×5:  96·1024 =  98,304 outputs · 6400 =   629,145,600
  //   max pool: comparisons only         total 1,115,684,864
  // Additions: K − 1 per dot product + 1 for the bias = K per output, the same 1,115,684,864.
  // ReLU evaluations: (128 + 192 + 96)·1024 = 416·1024 = 425,984.
  // Output channels 128 + 192 + 96 + 256 (the pool keeps all input channels) = 672.
  it('parameters, multiplications, additions and ReLU evaluations match the hand derivation, in well under a second', () => {
    const model = new Inception(256, 128, 192, 96);
    const started = performance.now();
    const s = summary(model, [1, 256, 32, 32]);
    const elapsed = performance.now() - started;
    expect(s.outputShapes).toEqual([[1, 672, 32, 32]]);
    expect(s.totals.parameters).toBe(1_089_952);
    expect(s.totals.multiplications).toBe(1_115_684_864);
    expect(s.totals.additions).toBe(1_115_684_864);
    expect(s.totals.activations).toBe(425_984);
    expect(s.totals.notCounted).toEqual([]);
    expect(opsByName(s)).toEqual({
      '': [1_115_684_864, 1_115_684_864, 425_984],
      branch1: [33_554_432, 33_554_432, 131_072],
      'branch1.0': [33_554_432, 33_554_432, 0],
      'branch1.1': [0, 0, 131_072],
      branch3: [452_984_832, 452_984_832, 196_608],
      'branch3.0': [452_984_832, 452_984_832, 0],
      'branch3.1': [0, 0, 196_608],
      branch5: [629_145_600, 629_145_600, 98_304],
      'branch5.0': [629_145_600, 629_145_600, 0],
      'branch5.1': [0, 0, 98_304],
      pool: [0, 0, 0],
    });
    expect(s.rows.map((r) => [r.name, r.kind, r.depth, r.parameters])).toEqual([
      ['', 'container', 0, 1_089_952],
      ['branch1', 'container', 1, 32_896],
      ['branch1.0', 'layer', 2, 32_896],
      ['branch1.1', 'layer', 2, 0],
      ['branch3', 'container', 1, 442_560],
      ['branch3.0', 'layer', 2, 442_560],
      ['branch3.1', 'layer', 2, 0],
      ['branch5', 'container', 1, 614_496],
      ['branch5.0', 'layer', 2, 614_496],
      ['branch5.1', 'layer', 2, 0],
      ['pool', 'layer', 1, 0],
    ]);
    expect(s.rows.find((r) => r.name === 'pool')!.outputShapes).toEqual([[1, 256, 32, 32]]);
    // The real arithmetic (over a billion multiply-adds in plain TypeScript) would take many seconds.
    expect(elapsed).toBeLessThan(2000);
  });

  it('the pass runs no kernel of the installed backend (a probe that does count a real forward)', () => {
    const inner = kernels();
    let calls = 0;
    const probe = new Proxy(inner, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver) as unknown;
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          calls++;
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    }) as Backend;
    const model = new Inception(8, 2, 3, 4);
    useBackend(probe);
    try {
      summary(model, [1, 8, 6, 6]);
      expect(calls).toBe(0);
      expect(kernels()).toBe(probe); // the previous backend is back in place
      model.forward(randn([1, 8, 6, 6]));
      expect(calls).toBeGreaterThan(0);
    } finally {
      useBackend(inner);
    }
  });
});

describe('LeNet (28×28, padding 2) on [1, 1, 28, 28]', () => {
  // conv1 Conv2d(1, 6, 5, padding 2): [1, 6, 28, 28], 6·784 = 4704 outputs, K = 25 → 117,600 mults
  //   and adds; params 6·25 + 6 = 156. ReLU 4704. pool → [1, 6, 14, 14].
  // conv2 Conv2d(6, 16, 5): 14 − 4 = 10 → [1, 16, 10, 10], 1600 outputs, K = 150 → 240,000;
  //   params 16·150 + 16 = 2416. ReLU 1600. pool → [1, 16, 5, 5], flattened to 400.
  // fc1 400 → 120: 48,000 mults and adds, params 48,120; ReLU 120.
  // fc2 120 → 84: 10,080, params 10,164; ReLU 84.
  // fc3 84 → 10: 840, params 850.
  // Totals: params 61,706; mults = adds = 117,600 + 240,000 + 48,000 + 10,080 + 840 = 416,520;
  // ReLU 4704 + 1600 + 120 + 84 = 6508.
  it('rows in execution order, the shared relu and pool as repeated calls, and the totals', () => {
    const s = summary(new LeNet(), [1, 1, 28, 28]);
    expect(s.rows.map((r) => [r.name, r.call, r.outputShapes, r.parameters, r.multiplications, r.additions, r.activations])).toEqual([
      ['', 1, [[1, 10]], 61_706, 416_520, 416_520, 6508],
      ['conv1', 1, [[1, 6, 28, 28]], 156, 117_600, 117_600, 0],
      ['relu', 1, [[1, 6, 28, 28]], 0, 0, 0, 4704],
      ['pool', 1, [[1, 6, 14, 14]], 0, 0, 0, 0],
      ['conv2', 1, [[1, 16, 10, 10]], 2416, 240_000, 240_000, 0],
      ['relu', 2, [[1, 16, 10, 10]], 0, 0, 0, 1600],
      ['pool', 2, [[1, 16, 5, 5]], 0, 0, 0, 0],
      ['fc1', 1, [[1, 120]], 48_120, 48_000, 48_000, 0],
      ['relu', 3, [[1, 120]], 0, 0, 0, 120],
      ['fc2', 1, [[1, 84]], 10_164, 10_080, 10_080, 0],
      ['relu', 4, [[1, 84]], 0, 0, 0, 84],
      ['fc3', 1, [[1, 10]], 850, 840, 840, 0],
    ]);
    expect(s.totals).toMatchObject({ parameters: 61_706, nonTrainableParameters: 0, multiplications: 416_520, additions: 416_520, activations: 6508 });
  });

  it('the table names every row and prints the totals', () => {
    const text = summary(new LeNet(), [1, 1, 28, 28]).toString();
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^Layer \(type\)\s+Output shape\s+Params\s+Mults\s+Adds\s+Activations\s+Saved for backward$/);
    expect(lines[2]).toMatch(/^\(model\) \(LeNet\)\s+\[1, 10\]\s+61,706\s+\(416,520\)\s+\(416,520\)\s+\(6,508\)/);
    expect(lines[3]).toMatch(/^ {2}conv1 \(Conv2d\)\s+\[1, 6, 28, 28\]\s+156\s+117,600\s+117,600\s+0\s/);
    expect(lines[12]).toMatch(/^ {2}relu \(ReLU\) #4\s+\[1, 84\]\s+0\s+0\s+0\s+84\s/);
    expect(text).toContain('Trainable parameters:     61,706');
    expect(text).toContain('Multiplications:          416,520');
    expect(text).toContain('Activation evaluations:   6,508');
  });
});

describe('the example of docs/summary.md', () => {
  it('Conv2d(3, 16, 3, padding 1) + ReLU + Flatten + Linear(16384, 10) on [1, 3, 32, 32]', () => {
    // conv: 16·32·32 = 16,384 outputs, K = 3·3·3 = 27 → 442,368 mults and adds (26 + the bias);
    //   params 16·27 + 16 = 448. ReLU: 16,384. Linear: 10 outputs × 16,384 terms = 163,840 mults
    //   and adds; params 163,840 + 10 = 163,850. Totals: 164,298 params, 606,208 mults and adds.
    const model = new Sequential(new Conv2d(3, 16, 3, { padding: 1 }), new ReLU(), new Flatten(), new Linear(16 * 32 * 32, 10));
    const s = summary(model, [1, 3, 32, 32]);
    expect(s.totals).toMatchObject({ parameters: 164_298, multiplications: 606_208, additions: 606_208, activations: 16_384 });
    expect(s.rows[1]).toMatchObject({ name: '0', type: 'Conv2d', kind: 'layer', outputShapes: [[1, 16, 32, 32]], multiplications: 442_368 });
  });
});

describe('an LSTM inside a model', () => {
  class Tagger extends Module {
    readonly lstm: LSTM;
    readonly head: Linear;
    constructor() {
      super();
      this.lstm = this.registerModule('lstm', new LSTM(3, 4, { numLayers: 2 }));
      this.head = this.registerModule('head', new Linear(4, 2));
    }
    forward(x: Tensor): Tensor {
      const [out] = this.lstm.forward(x);
      return this.head.forward(out);
    }
  }

  it('LSTM(3, 4, 2 layers) then Linear(4, 2) on [5, 2, 3]', () => {
    // LSTM (derived in layers.test.ts): 2640 mults, 2800 adds, 400 activations, 304 params.
    // head: 5·2 = 10 rows × 2 outputs × 4 terms = 80 mults, 80 adds; params 10.
    const s = summary(new Tagger(), [5, 2, 3]);
    expect(opsByName(s)).toEqual({ '': [2720, 2880, 400], lstm: [2640, 2800, 400], head: [80, 80, 0] });
    expect(s.rows.map((r) => r.parameters)).toEqual([314, 304, 10]);
    expect(s.outputShapes).toEqual([[5, 2, 2]]);
  });
});

describe('bytes saved for backward', () => {
  it('an MLP, by hand: Linear saves its input, ReLU its output, the second Linear its weight', () => {
    // Linear(4, 3) on [2, 4] float32: x·Wᵀ saves x (W needs its gradient): 2·4·4 = 32 bytes.
    // ReLU saves its output [2, 3]: 24 bytes.
    // Linear(3, 2) saves its input (the ReLU output, already counted) and Wᵀ, a view of the
    // [2, 3] weight: 24 bytes. Total 80.
    const s = summary(new Sequential(new Linear(4, 3), new ReLU(), new Linear(3, 2)), [2, 4]);
    expect(s.rows.map((r) => r.bytesSavedForBackward)).toEqual([80, 32, 24, 24]);
    expect(s.totals.bytesSavedForBackward).toBe(80);
  });

  it('agrees with graphMemory after a real forward: LeNet, Inception, an LSTM, BatchNorm + Dropout in training, a residual block', () => {
    manualSeed(3);
    const lstm = new LSTM(3, 4, { numLayers: 2, dropout: 0.25 });
    const cases: [Module, number[]][] = [
      [new LeNet(), [2, 1, 28, 28]],
      [new Inception(6, 2, 3, 4), [2, 6, 5, 5]],
      [lstm, [5, 2, 3]],
      [new Sequential(new Conv2d(2, 4, 3), new BatchNorm2d(4), new ReLU(), new Dropout(0.3), new Flatten(), new Linear(4 * 4 * 4, 3)), [2, 2, 6, 6]],
      [new BasicBlock({ inplanes: 3, planes: 3, stride: 1, downsample: null, dtype: 'float32' }), [2, 3, 5, 5]],
    ];
    for (const [model, shape] of cases) {
      const predicted = summary(model, shape).totals.bytesSavedForBackward;
      const out = (model.forward as (x: Tensor) => unknown)(randn(shape));
      const roots = Array.isArray(out) ? (out.flat() as Tensor[]) : [out as Tensor];
      const measured = graphMemory(roots).bytes;
      expect(measured).toBeGreaterThan(0);
      expect(predicted).toBe(measured);
    }
  });

  it('float64 doubles every saved float storage but not the int32 arg-max indices of max pooling', () => {
    // LeNet's two max pools save one int32 index per output: 6·14·14 + 16·5·5 = 1176 + 400 = 1576
    // indices, 4 bytes in both models; everything else saved is float and doubles.
    const f32 = summary(new LeNet(), [1, 1, 28, 28]).totals.bytesSavedForBackward;
    const f64 = summary(new LeNet({ dtype: 'float64' }), [1, 1, 28, 28]).totals.bytesSavedForBackward;
    expect(f64).toBe(2 * (f32 - 4 * 1576) + 4 * 1576);
  });
});

describe('what the counts leave out is said, not guessed', () => {
  it('a residual add in a container is listed; an unknown leaf counts 0 and says so', () => {
    const s = summary(new Sequential(new Residual(), new Swish()), [2, 3]);
    expect(s.rows.map((r) => [r.name, r.kind])).toEqual([
      ['', 'container'],
      ['0', 'container'],
      ['0.fc', 'layer'],
      ['1', 'uncounted'],
    ]);
    // fc: 2·3 outputs × 3 terms = 18 mults, 18 adds; the residual add and Swish are not counted.
    expect(opsByName(s)).toEqual({ '': [18, 18, 0], '0': [18, 18, 0], '0.fc': [18, 18, 0], '1': [0, 0, 0] });
    expect(s.rows[1]!.notCounted).toEqual(['add ×1 in its own forward, outside its submodules']);
    expect(s.rows[3]!.notCounted).toEqual(['no counting rule for Swish; counted as 0 (it ran sigmoid ×1, mul ×1)']);
    expect(s.totals.notCounted).toEqual([
      '0 (Residual): add ×1 in its own forward, outside its submodules',
      '1 (Swish): no counting rule for Swish; counted as 0 (it ran sigmoid ×1, mul ×1)',
    ]);
    const text = s.toString();
    expect(text).toMatch(/^ {2}1 \(Swish\) \*\s+\[2, 3\]\s+0\s+\?\s+\?\s+\?/m);
    expect(text).toContain('* not counted:');
  });

  it('two ResNet BasicBlocks: every layer counted by hand, the two residual adds listed', () => {
    // Input [2, 4, 8, 8], training mode (BatchNorm with batch statistics and running updates).
    // BatchNorm over C channels of M values in training: mults C·(3M + 7), adds C·(4M + 1)
    // (layers.test.ts derives the per-channel terms).
    // Block 0 (4 → 4, stride 1, no downsample), 2·4·8·8 = 512 outputs per conv:
    //   conv1, conv2 Conv2d(4, 4, 3, pad 1, no bias): K = 36 → 18,432 mults, 512·35 = 17,920 adds each;
    //   bn1, bn2 (C 4, M 128): 4·391 = 1564 mults, 4·513 = 2052 adds each; two ReLUs of 512.
    //   → 39,992 mults, 39,944 adds, 1024 activations; params 2·144 + 2·8 = 304.
    // Block 1 (4 → 8, stride 2, downsample 1×1 stride 2 + BN), 2·8·4·4 = 256 outputs per conv:
    //   downsample.0 Conv2d(4, 8, 1, stride 2): K = 4 → 1024 mults, 768 adds; params 32;
    //   conv1 Conv2d(4, 8, 3, stride 2, pad 1): K = 36 → 9216 mults, 8960 adds; params 288;
    //   conv2 Conv2d(8, 8, 3, pad 1): K = 72 → 18,432 mults, 256·71 = 18,176 adds; params 576;
    //   three BN (C 8, M 32): 8·103 = 824 mults, 8·129 = 1032 adds, 16 params each; two ReLUs of 256.
    //   → 31,144 mults, 31,000 adds, 512 activations; params 944.
    // Model: 71,136 mults, 70,944 adds, 1536 activations, 1248 params.
    const down = new Sequential(new Conv2d(4, 8, 1, { stride: 2, bias: false }), new BatchNorm2d(8));
    const model = new Sequential(
      new BasicBlock({ inplanes: 4, planes: 4, stride: 1, downsample: null, dtype: 'float32' }),
      new BasicBlock({ inplanes: 4, planes: 8, stride: 2, downsample: down, dtype: 'float32' }),
    );
    const s = summary(model, [2, 4, 8, 8]);
    expect(s.outputShapes).toEqual([[2, 8, 4, 4]]);
    expect(opsByName(s)).toMatchObject({
      '': [71_136, 70_944, 1536],
      '0': [39_992, 39_944, 1024],
      '0.conv1': [18_432, 17_920, 0],
      '0.bn1': [1564, 2052, 0],
      '1': [31_144, 31_000, 512],
      '1.downsample': [1024 + 824, 768 + 1032, 0],
      '1.conv1': [9216, 8960, 0],
      '1.conv2': [18_432, 18_176, 0],
      '1.bn2': [824, 1032, 0],
    });
    expect(s.rows.filter((r) => r.depth === 1).map((r) => r.parameters)).toEqual([304, 944]);
    expect(s.totals.parameters).toBe(1248);
    expect(s.rows.filter((r) => r.name.startsWith('1')).map((r) => `${r.name}#${r.call}`)).toEqual([
      '1#1', '1.downsample#1', '1.downsample.0#1', '1.downsample.1#1',
      '1.conv1#1', '1.bn1#1', '1.relu#1', '1.conv2#1', '1.bn2#1', '1.relu#2',
    ]);
    expect(s.totals.notCounted).toEqual([
      '0 (BasicBlock): add ×1 in its own forward, outside its submodules',
      '1 (BasicBlock): add ×1 in its own forward, outside its submodules',
    ]);
  });
});

describe('the model is left as it was', () => {
  it('parameters, buffers, version counters, training flags, generators, forward methods, backend and grad mode', () => {
    const generator = new Generator(7);
    const bn = new BatchNorm2d(4);
    const model = new Sequential(
      new Conv2d(2, 4, 3),
      bn,
      new ReLU(),
      new Dropout(0.5, { generator }),
      new Flatten(),
      new Linear(4 * 4 * 4, 3),
    );
    const lstm = new LSTM(3, 4, { numLayers: 2, dropout: 0.5, generator: new Generator(11) });
    model.at(-1).eval(); // a mix of training flags
    for (const [m, shape] of [[model, [2, 2, 6, 6]], [lstm, [5, 2, 3]]] as [Module, number[]][]) {
      const before = {
        state: [...m.stateDict()].map(([k, t]) => [k, Array.from(t.toTypedArray())]),
        versions: [...m.parameters(), ...m.buffers()].map((t) => t.versionCounter.value),
        modes: m.modules().map((x) => x.training),
        defaultRng: defaultGenerator.getState(),
        rngs: [generator.getState(), (lstm as unknown as { generator: Generator }).generator.getState()],
        backend: kernels(),
      };
      noGrad(() => summary(m, shape));
      expect(isGradEnabled()).toBe(true);
      expect([...m.stateDict()].map(([k, t]) => [k, Array.from(t.toTypedArray())])).toEqual(before.state);
      expect([...m.parameters(), ...m.buffers()].map((t) => t.versionCounter.value)).toEqual(before.versions);
      expect(m.modules().map((x) => x.training)).toEqual(before.modes);
      expect(defaultGenerator.getState()).toEqual(before.defaultRng);
      expect([generator.getState(), (lstm as unknown as { generator: Generator }).generator.getState()]).toEqual(before.rngs);
      expect(kernels()).toBe(before.backend);
      expect(m.modules().filter((x) => Object.prototype.hasOwnProperty.call(x, 'forward'))).toEqual([]);
    }
    expect(bn.numBatchesTracked!.item()).toBe(0);
  });

  it('also when the forward throws', () => {
    const model = new Sequential(new Linear(4, 3), new ReLU());
    const backend = kernels();
    expect(() => summary(model, [2, 5])).toThrow(/Linear: expected input \[\.\.\., 4\]/);
    expect(kernels()).toBe(backend);
    expect(model.modules().filter((x) => Object.prototype.hasOwnProperty.call(x, 'forward'))).toEqual([]);
    expect(summary(model, [2, 4]).totals.multiplications).toBe(24); // 2·3 outputs × 4 terms
  });
});

describe('argument errors', () => {
  it('names summary and the argument', () => {
    expect(() => summary({} as Module, [1])).toThrow('summary: model must be a Module, got Object');
    expect(() => summary(new ReLU(), [2, -1])).toThrow('summary: inputShape must hold non-negative integer sizes, got [2,-1]');
    expect(() => summary(new ReLU(), [[2], [3, 1.5]])).toThrow('summary: inputShape[1] must hold non-negative integer sizes, got [3,1.5]');
    expect(() => summary(new ReLU(), [2], { inputDtype: ['float32', 'int32'] })).toThrow(
      'summary: inputDtype must be one dtype or one per input (1), got ["float32","int32"]',
    );
    expect(() => summary(new ReLU(), [2], { dtype: 'int32' as 'float32' })).toThrow("summary: dtype must be 'float32' or 'float64', got 'int32'");
  });
});
