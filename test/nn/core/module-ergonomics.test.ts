/**
 * Modules that feel like PyTorch's (issue 10, items 3–4): callable modules, registration by
 * property assignment (in assignment order), the printed tree (PyTorch's own str() from
 * test/fixtures/nn_module.json), state dicts as Maps and objects loading both ways with
 * PyTorch's names and casting float64 → float32, module.to / double / float, devices,
 * deepcopy, and `weight.data = t`.
 */
import { readFileSync } from 'node:fs';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ValueError, ones, randn, tensor, zeros, type Tensor } from '../../../src/index.js';
import { Embedding, Flatten, LeakyReLU, Linear, Module, Parameter, ReLU, RNN, Sequential, Sigmoid, Softmax, StateDict, Tanh } from '../../../src/nn/index.js';
import { SGD } from '../../../src/optim/index.js';

interface FixtureTensor { shape: number[]; data: number[] }
const fixture = JSON.parse(readFileSync(new URL('../../fixtures/nn_module.json', import.meta.url), 'utf8')) as {
  prints: { name: string; torch: string }[];
  net: { stateDict: [string, FixtureTensor][]; parameters: string[]; input: FixtureTensor; output: FixtureTensor; upstream: FixtureTensor; inputGrad: FixtureTensor; scaleGrad: FixtureTensor };
};
const f64 = (t: FixtureTensor): Tensor => tensor(t.data, { dtype: 'float64' }).reshape(t.shape);
const maxDiff = (a: Tensor, b: Tensor): number => a.to('float64').sub(b.to('float64')).abs().amax().item();

/** The fixture's Net, written the PyTorch way: attributes assigned, no registerModule call. */
class Net extends Module {
  fc1 = new Linear(4, 3);
  scale = new Parameter(tensor([1, 2, 3]));
  act = new Tanh();
  head: Sequential;
  constructor() {
    super();
    this.head = new Sequential(new Linear(3, 2, { bias: false }), new Sigmoid());
  }
  forward(x: Tensor): Tensor {
    return this.head(this.act(this.fc1(x)).mul(this.scale)) as Tensor;
  }
}

const printed: Record<string, () => Module> = {
  sequential: () => new Sequential(new Linear(4, 8), new ReLU(), new Linear(8, 2, { bias: false })),
  net: () => new Net(),
  embedding: () => new Embedding(10, 3, { paddingIdx: 0 }),
  leaky: () => new LeakyReLU(0.2),
  flatten: () => new Flatten(),
  softmax: () => new Softmax(-1),
  nested: () => new Sequential(new Sequential(new Linear(2, 2), new Tanh()), new Linear(2, 1)),
};

describe('printing', () => {
  for (const { name, torch } of fixture.prints) {
    it(`${name}: String(model) and console.log(model) print PyTorch's text`, () => {
      const model = printed[name]!();
      expect(String(model)).toBe(torch);
      expect(inspect(model)).toBe(torch); // what console.log shows
    });
  }
});

describe('registration by assignment, callable modules', () => {
  it("registers fields and constructor assignments in assignment order, with PyTorch's names", () => {
    const net = new Net();
    expect(net.namedParameters().map(([k]) => k)).toEqual(fixture.net.parameters);
    expect([...net.stateDict().keys()]).toEqual(fixture.net.stateDict.map(([k]) => k));
    expect(net.namedChildren().map(([k]) => k)).toEqual(['fc1', 'act', 'head']);
    expect(net.parameters()).toContain(net.fc1.weight);
  });

  it('a sub-module assigned after construction reaches parameters() and the optimizer', () => {
    class Late extends Module {
      body: Module | null = null;
      forward(x: Tensor): Tensor { return this.body!(x) as Tensor; }
    }
    const m = new Late();
    m.body = new Linear(2, 1);
    expect(m.parameters().length).toBe(2);
    const w = (m.body as Linear).weight;
    const before = w.toArray();
    const opt = new SGD(m.parameters(), { lr: 0.1 });
    m(ones([1, 2])).sum().backward();
    opt.step();
    // d(sum)/dw = x = [1, 1]: w ← w − 0.1
    expect((w.toArray() as number[][])[0]![0]).toBeCloseTo((before as number[][])[0]![0]! - 0.1, 6);
    m.body = null;
    expect(m.parameters().length).toBe(0);
  });

  it('modules registered with registerModule keep working, and are not registered twice', () => {
    class Old extends Module {
      inner: Linear;
      constructor() {
        super();
        this.inner = this.registerModule('renamed', new Linear(2, 2));
      }
      forward(x: Tensor): Tensor { return this.inner.forward(x); }
    }
    expect([...new Old().stateDict().keys()]).toEqual(['renamed.weight', 'renamed.bias']);
  });

  it('model(x) is model.forward(x); instanceof, methods and getters still work', () => {
    const seq = new Sequential(new Linear(3, 2), new ReLU());
    const x = randn([4, 3]);
    expect(maxDiff(seq(x) as Tensor, seq.forward(x))).toBe(0);
    expect(seq instanceof Sequential && seq instanceof Module).toBe(true);
    expect(seq.length).toBe(2);
    expect(seq.at(0)).toBeInstanceOf(Linear);
    expect(typeof seq).toBe('function');
  });
  // The cost of the proxy is measured by bench/module-call.mjs (a timing bound here would be flaky on a loaded machine).
});

describe('state dicts', () => {
  it('is a Map and an object: Object.entries, property access, get', () => {
    const sd = new Linear(2, 3).stateDict();
    expect(sd).toBeInstanceOf(Map);
    expect(sd).toBeInstanceOf(StateDict);
    expect(Object.keys(sd)).toEqual(['weight', 'bias']);
    expect(Object.entries(sd).map(([k, v]) => [k, (v as Tensor).shape])).toEqual([['weight', [3, 2]], ['bias', [3]]]);
    expect(sd['weight']).toBe(sd.get('weight'));
  });

  it("PyTorch's float64 state dict loads into a float64 model and (cast) into a float32 one, giving PyTorch's output", () => {
    const sd = Object.fromEntries(fixture.net.stateDict.map(([k, v]) => [k, f64(v)]));
    const x = f64(fixture.net.input);
    for (const dtype of ['float64', 'float32'] as const) {
      const net = new Net().to(dtype);
      net.loadStateDict(sd); // a plain object with PyTorch's names
      expect(net.fc1.weight.dtype).toBe(dtype);
      const input = x.to(dtype).detach().requiresGrad_(true);
      const y = net(input) as Tensor;
      expect(maxDiff(y, f64(fixture.net.output))).toBeLessThan(dtype === 'float64' ? 1e-12 : 1e-6);
      y.backward(f64(fixture.net.upstream).to(dtype));
      expect(maxDiff(input.grad!, f64(fixture.net.inputGrad))).toBeLessThan(dtype === 'float64' ? 1e-12 : 1e-5);
      expect(maxDiff(net.scale.grad!, f64(fixture.net.scaleGrad))).toBeLessThan(dtype === 'float64' ? 1e-12 : 1e-5);
    }
  });

  it('loads both ways: chainrule → plain object → chainrule; float32 values rounded as Math.fround', () => {
    const a = new Linear(2, 1, { dtype: 'float64' });
    a.loadStateDict({ weight: tensor([[0.1, 0.2]], { dtype: 'float64' }), bias: tensor([0.3], { dtype: 'float64' }) });
    const b = new Linear(2, 1);
    b.loadStateDict(Object.fromEntries(a.stateDict()));
    expect(Array.from(b.weight.toTypedArray())).toEqual([Math.fround(0.1), Math.fround(0.2)]);
    expect(() => b.loadStateDict({ weight: zeros([1, 2], { dtype: 'int32' }), bias: zeros([1]) })).toThrow(/'weight' is int32 in the state dict but float32 in the model/);
  });
});

describe('dtypes and devices', () => {
  it('to(float64) converts in place: same tensor objects, grads converted, optimizer still updates them', () => {
    const m = new Linear(2, 2);
    const w = m.weight;
    m(ones([1, 2])).sum().backward();
    const opt = new SGD(m.parameters(), { lr: 1 });
    expect(m.double()).toBe(m);
    expect(m.weight).toBe(w);
    expect([w.dtype, w.grad!.dtype, m.bias!.dtype]).toEqual(['float64', 'float64', 'float64']);
    const before = (w.toArray() as number[][])[0]![0]!;
    opt.step(); // grad of sum wrt w[0][0] is x = 1
    expect((w.toArray() as number[][])[0]![0]).toBeCloseTo(before - 1, 6);
    expect(m(ones([1, 2], { dtype: 'float64' })).dtype).toBe('float64');
    expect(m.float().weight.dtype).toBe('float32');
  });

  it('recurrent layers follow (they check inputs against their dtype)', () => {
    const rnn = new RNN(3, 4).to('float64');
    const [out] = rnn(randn([2, 5, 3], { dtype: 'float64' })) as Tensor[];
    expect(out!.dtype).toBe('float64');
  });

  it("'cpu' is accepted by module.to and tensor.to; other devices are a clear error", () => {
    const m = new Linear(2, 2);
    expect(m.to('cpu')).toBe(m);
    const t = ones([2]);
    expect(t.to('cpu')).toBe(t);
    expect(() => m.to('cuda' as 'cpu')).toThrow(ValueError);
    expect(() => m.to('cuda' as 'cpu')).toThrow(/Linear\.to: device 'cuda' is not available: chainrule computes on the CPU only/);
    expect(() => t.to('cuda:0' as 'cpu')).toThrow(/Tensor\.to: device 'cuda:0' is not available/);
    expect(() => m.to('int32' as 'cpu')).toThrow(/Linear\.to: expected 'float32', 'float64' or 'cpu', got "int32"/);
  });
});

describe('deepcopy and data', () => {
  it('deepcopy gives an independent model with equal values, the same tree, callable', () => {
    const net = new Net();
    net(randn([2, 4])).sum().backward();
    const copy = net.deepcopy();
    expect(copy).not.toBe(net);
    expect(copy).toBeInstanceOf(Net);
    expect(String(copy)).toBe(String(net));
    expect(copy.fc1.weight).not.toBe(net.fc1.weight);
    expect(copy.parameters().map((p) => p.toArray())).toEqual(net.parameters().map((p) => p.toArray()));
    expect(copy.fc1.weight.grad!.toArray()).toEqual(net.fc1.weight.grad!.toArray());
    expect(copy.fc1.weight.requiresGrad).toBe(true);
    // the attribute and the registered parameter are one tensor in the copy too
    expect(copy.parameters()).toContain(copy.fc1.weight);
    const x = randn([3, 4]);
    expect(maxDiff(copy(x) as Tensor, net(x) as Tensor)).toBe(0);
    copy.fc1.weight.data = zeros([3, 4]);
    expect(net.fc1.weight.abs().sum().item()).toBeGreaterThan(0);
  });

  it('weight.data = t replaces the values in place (same object, still a leaf requiring grad)', () => {
    const m = new Linear(2, 1);
    const w = m.weight;
    w.data = tensor([[2, 3]]);
    expect(m.weight).toBe(w);
    expect(w.toArray()).toEqual([[2, 3]]);
    expect(w.requiresGrad && w.isLeaf).toBe(true);
    expect(w.data.requiresGrad).toBe(false);
    m.bias!.data = tensor([1]);
    // 2·1 + 3·2 + 1 = 9
    expect(m(tensor([[1, 2]])).item()).toBe(9);
    expect(() => { w.data = 3 as unknown as Tensor; }).toThrow(/Tensor\.data: expected a Tensor, got number/);
  });
});
