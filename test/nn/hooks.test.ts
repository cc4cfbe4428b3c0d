/**
 * Module hooks (src/nn/hooks.ts), as PyTorch's: forward pre-hooks and forward hooks (capturing
 * and replacing), full backward hooks checked against PyTorch's gradInput / gradOutput
 * (test/fixtures/hooks.json, from generate_hooks.py), full backward pre-hooks, removal, order,
 * hooks of children firing inside containers and zoo models, and never on `.forward()`.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { gradcheck, gradgradcheck, noGrad, randn, tensor, ValueError, type Tensor } from '../../src/index.js';
import { HookError, Linear, LSTM, Module, ReLU, RemovableHandle, Sequential, summary, Tanh } from '../../src/nn/index.js';
import { BasicBlock, LeNet, resnet18 } from '../../src/models/index.js';
import { expectMatches, fromFixture, type FixtureTensor } from './core/support.js';

type Grads = (FixtureTensor | null)[];
interface Seen {
  gradInput: Grads;
  gradOutput: Grads;
}
const fixture = JSON.parse(readFileSync(new URL('../fixtures/hooks.json', import.meta.url), 'utf8')) as {
  linear: { stateDict: [string, FixtureTensor][]; input: FixtureTensor; upstream: FixtureTensor; inputGrad: FixtureTensor } & Seen;
  linearNoGradInput: { stateDict: [string, FixtureTensor][]; input: FixtureTensor; upstream: FixtureTensor } & Seen;
  sequential: {
    stateDict: [string, FixtureTensor][];
    input: FixtureTensor;
    upstream: FixtureTensor;
    activations: Record<string, FixtureTensor>;
    backward: Record<string, Seen>;
    backwardOrder: string[];
    inputGrad: FixtureTensor;
    inputGradTanhDoubled: FixtureTensor;
  };
};

function loaded<M extends Module>(model: M, state: [string, FixtureTensor][]): M {
  model.to('float64').loadStateDict(new Map(state.map(([k, v]) => [k, fromFixture(v)])));
  return model;
}

/** Asserts a hook's gradients equal PyTorch's, position by position (null where PyTorch had None). */
function expectGrads(actual: (Tensor | null)[] | undefined, expected: Grads, what: string): void {
  expect(actual, what).toBeDefined();
  expect(actual!.length, `${what}: length`).toBe(expected.length);
  expected.forEach((e, i) => (e === null ? expect(actual![i], `${what}[${i}]`).toBeNull() : expectMatches(actual![i]!, e, `${what}[${i}]`)));
}

function sequential(): Sequential {
  return loaded(new Sequential(new Linear(3, 4), new Tanh(), new Linear(4, 2)), fixture.sequential.stateDict);
}

describe('forward hooks', () => {
  it("capture the activations of a Sequential's layers (PyTorch's values)", () => {
    const seq = sequential();
    const seen = new Map<string, Tensor>();
    for (const [name, m] of seq.namedModules()) m.registerForwardHook((_m, _inputs, out: Tensor) => void seen.set(name, out));
    seq(fromFixture(fixture.sequential.input));
    expect([...seen.keys()]).toEqual(['0', '1', '2', '']); // each when its call returns
    for (const [name, expected] of Object.entries(fixture.sequential.activations)) expectMatches(seen.get(name)!, expected, `activation '${name}'`);
  });

  it("capture a zoo model's sublayers: LeNet's conv1 and its ReLU (called four times), a ResNet block's conv", () => {
    const net = new LeNet();
    const shapes: number[][] = [];
    let reluCalls = 0;
    net.conv1.registerForwardHook((_m, inputs, out: Tensor) => void shapes.push([...(inputs[0] as Tensor).shape], [...out.shape]));
    net.relu.registerForwardHook(() => void reluCalls++);
    noGrad(() => net(randn([2, 1, 28, 28])));
    expect(shapes).toEqual([[2, 1, 28, 28], [2, 6, 28, 28]]);
    expect(reluCalls).toBe(4);

    const resnet = resnet18({ numClasses: 3 }).eval();
    const seen: number[][] = [];
    ((resnet.layer2 as Sequential).at(0) as unknown as BasicBlock).conv1.registerForwardHook((_m: Module, _i: unknown[], out: Tensor) => void seen.push([...out.shape]));
    noGrad(() => resnet(randn([1, 3, 32, 32])));
    expect(seen).toEqual([[1, 128, 4, 4]]); // 32 → conv1 /2 → maxpool /2 → layer2 /2
  });

  it('a forward pre-hook replaces the inputs: an array as the list, any other value as the one input', () => {
    const lin = new Linear(2, 1, { bias: false });
    lin.weight.data = tensor([[1, 10]]);
    const x = tensor([[1, 2]]);
    const handle = lin.registerForwardPreHook((_m, inputs) => (inputs[0] as Tensor).mul(2));
    expect(lin(x).toArray()).toEqual([[42]]); // (2·1 + 20·2)
    handle.remove();
    lin.registerForwardPreHook(() => [tensor([[0, 1]])]);
    expect(lin(x).toArray()).toEqual([[10]]);
    lin.registerForwardPreHook(() => undefined); // nothing returned: inputs unchanged
    expect(lin(x).toArray()).toEqual([[10]]);
  });

  it('a forward hook replaces the output, and sees the inputs forward got', () => {
    const relu = new ReLU();
    let seenInput: Tensor | null = null;
    relu.registerForwardPreHook(() => tensor([-1, 3]));
    relu.registerForwardHook((_m, inputs, out: Tensor) => {
      seenInput = inputs[0] as Tensor;
      return out.add(1);
    });
    expect(relu(tensor([5, 5])).toArray()).toEqual([1, 4]);
    expect(seenInput!.toArray()).toEqual([-1, 3]);
  });

  it('run in registration order, each kind in its place; remove() unregisters one registration', () => {
    const log: string[] = [];
    const relu = new ReLU();
    const h1 = relu.registerForwardHook(() => void log.push('post 1'));
    relu.registerForwardPreHook(() => void log.push('pre 1'));
    const same = (): void => void log.push('post 2');
    const h2 = relu.registerForwardHook(same);
    relu.registerForwardHook(same);
    relu.registerForwardPreHook(() => void log.push('pre 2'));
    relu(tensor([1]));
    expect(log).toEqual(['pre 1', 'pre 2', 'post 1', 'post 2', 'post 2']);
    expect(h1).toBeInstanceOf(RemovableHandle);
    h1.remove();
    h2.remove();
    h2.remove(); // a second remove does nothing (the other registration of `same` stays)
    log.length = 0;
    relu(tensor([1]));
    expect(log).toEqual(['pre 1', 'pre 2', 'post 2']);
  });

  it('do not fire on .forward(), as in PyTorch; a parent calling forward directly still calls its children', () => {
    const seq = new Sequential(new Linear(2, 2), new ReLU());
    const fired: string[] = [];
    seq.registerForwardHook(() => void fired.push('seq'));
    seq.at(0).registerForwardHook(() => void fired.push('0'));
    seq.forward(randn([1, 2]));
    expect(fired).toEqual(['0']);
    seq.at(0).forward(randn([1, 2]));
    expect(fired).toEqual(['0']);
  });

  it('leave stateDict, summary() and printing as they were', () => {
    const seq = sequential();
    const keys = [...seq.stateDict().keys()];
    const text = String(seq);
    const rows = summary(seq, [5, 3]).rows.length;
    seq.at(0).registerForwardHook(() => undefined);
    seq.at(1).registerFullBackwardHook(() => undefined);
    expect([...seq.stateDict().keys()]).toEqual(keys);
    expect(String(seq)).toBe(text);
    expect(summary(seq, [5, 3]).rows.length).toBe(rows);
  });

  it("are kept by deepcopy, as by PyTorch's copy.deepcopy; the original's handle removes the original's only", () => {
    const relu = new ReLU();
    const fired: string[] = [];
    const handle = relu.registerForwardHook((m) => void fired.push(m === relu ? 'original' : 'copy'));
    const copy = relu.deepcopy();
    handle.remove();
    relu(tensor([1]));
    copy(tensor([1]));
    expect(fired).toEqual(['copy']);
  });

  it('a deep copy is wrapped like a module built with new (registered names readable, here an LSTM weight)', () => {
    const copy = new LSTM(2, 3).deepcopy() as LSTM & Record<string, unknown>;
    expect(copy.weight_hh_l0).toBe(new Map(copy.namedParameters()).get('weight_hh_l0'));
  });

  it('name the registering method when the hook is not a function', () => {
    const lin = new Linear(1, 1);
    for (const method of ['registerForwardPreHook', 'registerForwardHook', 'registerFullBackwardHook', 'registerFullBackwardPreHook'] as const) {
      expect(() => lin[method](42 as never)).toThrow(ValueError);
      expect(() => lin[method](42 as never)).toThrow(new RegExp(`${method}.*hook must be a function, got`));
    }
  });
});

describe('full backward hooks', () => {
  it("on a Linear: PyTorch's gradInput and gradOutput, and the input's gradient", () => {
    const c = fixture.linear;
    const lin = loaded(new Linear(3, 2), c.stateDict);
    let seen: [(Tensor | null)[], (Tensor | null)[]] | null = null;
    let module: Module | null = null;
    lin.registerFullBackwardHook((m, gradInput, gradOutput) => {
      module = m;
      seen = [gradInput, gradOutput];
    });
    const x = fromFixture(c.input, true);
    lin(x).backward(fromFixture(c.upstream));
    expect(module).toBe(lin);
    expectGrads(seen![0], c.gradInput, 'gradInput');
    expectGrads(seen![1], c.gradOutput, 'gradOutput');
    expectMatches(x.grad, c.inputGrad, 'x.grad');
  });

  it('on a Linear whose input needs no grad: gradInput is [null], and a returned gradient is refused', () => {
    const c = fixture.linearNoGradInput;
    const lin = loaded(new Linear(3, 2), c.stateDict);
    let seen: [(Tensor | null)[], (Tensor | null)[]] | null = null;
    const handle = lin.registerFullBackwardHook((_m, gradInput, gradOutput) => void (seen = [gradInput, gradOutput]));
    lin(fromFixture(c.input)).backward(fromFixture(c.upstream));
    expectGrads(seen![0], c.gradInput, 'gradInput');
    expectGrads(seen![1], c.gradOutput, 'gradOutput');
    handle.remove();
    lin.registerFullBackwardHook(() => [tensor([1])]);
    expect(() => lin(fromFixture(c.input)).backward(fromFixture(c.upstream))).toThrow(HookError);
  });

  it("on a Sequential and its layers: PyTorch's gradients, in PyTorch's order; a returned gradInput replaces it", () => {
    const c = fixture.sequential;
    const seq = sequential();
    const seen = new Map<string, [(Tensor | null)[], (Tensor | null)[]]>();
    const order: string[] = [];
    for (const [name, m] of seq.namedModules()) {
      m.registerFullBackwardHook((_m, gradInput, gradOutput) => {
        order.push(name);
        seen.set(name, [gradInput, gradOutput]);
      });
    }
    const x = fromFixture(c.input, true);
    seq(x).backward(fromFixture(c.upstream));
    expect(order).toEqual(c.backwardOrder);
    for (const [name, expected] of Object.entries(c.backward)) {
      expectGrads(seen.get(name)![0], expected.gradInput, `'${name}' gradInput`);
      expectGrads(seen.get(name)![1], expected.gradOutput, `'${name}' gradOutput`);
    }
    expectMatches(x.grad, c.inputGrad, 'x.grad');

    x.grad = null;
    seq.at(1).registerFullBackwardHook((_m, gradInput) => [gradInput[0]!.mul(2)]);
    seq(x).backward(fromFixture(c.upstream));
    expectMatches(x.grad, c.inputGradTanhDoubled, 'x.grad with the Tanh hook doubling its gradInput');
  });

  it('with several inputs: one gradient per argument, null for non-tensors and tensors needing none', () => {
    // forward(a, scale, b, c) = sum(a · b) · scale + sum(c): d/da = b · scale, d/db = a · scale
    class Dot extends Module {
      forward(a: Tensor, scale: number, b: Tensor, c: Tensor): Tensor {
        return a.mul(b).sum().mul(scale).add(c.sum());
      }
    }
    const dot = new Dot();
    const a = tensor([1, 2], { requiresGrad: true });
    const b = tensor([3, 5], { requiresGrad: true });
    let seen: (Tensor | null)[] = [];
    dot.registerFullBackwardHook((_m, gradInput) => void (seen = gradInput));
    dot(a, 10, b, tensor([7])).backward();
    expect(seen.map((g) => g?.toArray() ?? null)).toEqual([[30, 50], null, [10, 20], null]);
    // a hook returning the wrong number of gradients is refused with its method's name
    dot.registerFullBackwardHook(() => [null]);
    expect(() => dot(a, 10, b, tensor([7])).backward()).toThrow(/registerFullBackwardHook.*4 gradients/);
  });

  it('still run for a call made before their handle was removed, and never under noGrad', () => {
    const lin = new Linear(2, 2);
    let calls = 0;
    const handle = lin.registerFullBackwardHook(() => void calls++);
    const y = lin(randn([3, 2], { requiresGrad: true }));
    handle.remove();
    y.sum().backward();
    expect(calls).toBe(1);
    lin.registerFullBackwardHook(() => void calls++);
    const z = noGrad(() => lin(randn([3, 2])));
    expect(z.requiresGrad).toBe(false);
    expect(calls).toBe(1);
  });
});

describe('the nodes backward hooks add', () => {
  it('pass gradients through unchanged, first and second order (gradcheck, gradgradcheck), one input or several', () => {
    const seq = new Sequential(new Linear(2, 3), new Tanh(), new Linear(3, 1)).to('float64');
    let calls = 0;
    for (const m of seq.modules()) m.registerFullBackwardHook(() => void calls++);
    const z = randn([2, 2], { requiresGrad: true, dtype: 'float64' });
    expect(gradcheck((x: Tensor) => seq(x), [z]).ok).toBe(true);
    expect(gradgradcheck((x: Tensor) => seq(x), [z]).ok).toBe(true);
    // two inputs requiring grad go through one joined node
    class Product extends Module {
      forward(a: Tensor, b: Tensor): Tensor {
        return a.mul(b).tanh();
      }
    }
    const product = new Product();
    product.registerFullBackwardHook(() => void calls++);
    const a = randn([3], { requiresGrad: true, dtype: 'float64' });
    const b = randn([2, 3], { requiresGrad: true, dtype: 'float64' });
    expect(gradcheck((x: Tensor, y: Tensor) => product(x, y), [a, b]).ok).toBe(true);
    expect(gradgradcheck((x: Tensor, y: Tensor) => product(x, y), [a, b]).ok).toBe(true);
    expect(calls).toBeGreaterThan(0);
    // joined in one flat tensor, they must share a dtype
    expect(() => product(a, b.to('float32'))).toThrow(HookError);
    expect(() => product(a, b.to('float32'))).toThrow(/must share one dtype, got float64, float32/);
  });
});

describe('full backward pre-hooks', () => {
  it("run before the module's backward with gradOutput; a returned gradOutput replaces it", () => {
    // y = W x with W = [[1, 2]]: dL/dx = Wᵀ · gradOutput, so doubling gradOutput doubles x.grad
    const lin = new Linear(2, 1, { bias: false });
    lin.weight.data = tensor([[1, 2]]);
    const log: string[] = [];
    lin.registerFullBackwardPreHook((_m, gradOutput) => {
      log.push(`pre ${gradOutput[0]!.item()}`);
      return [gradOutput[0]!.mul(2)];
    });
    lin.registerFullBackwardHook((_m, gradInput, gradOutput) => void log.push(`full ${gradOutput[0]!.item()} ${JSON.stringify(gradInput[0]!.toArray())}`));
    const x = tensor([[3, 4]], { requiresGrad: true });
    lin(x).mul(5).sum().backward();
    expect(log).toEqual(['pre 5', 'full 10 [[10,20]]']);
    expect(x.grad!.toArray()).toEqual([[10, 20]]);
  });
});
