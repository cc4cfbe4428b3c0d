/**
 * Gradient checkpointing: counters, gradients equal to the plain computation (inputs and closed-over
 * parameters), random ops replayed identically, higher-order gradients, and the documented limits.
 */
import { describe, expect, it } from 'vitest';
import {
  AutogradError,
  Tensor,
  checkpoint,
  defaultGenerator,
  gradients,
  graphMemory,
  manualSeed,
  rand,
  randn,
  tensor,
  type CheckpointCounters,
} from '../../src/index.js';

function counters(): CheckpointCounters {
  return { forwards: 0, recomputations: 0 };
}

/** A two-layer block whose weights fn reaches through a closure, as a Module's would be. */
function makeBlock(seed: number): { w1: Tensor; b1: Tensor; w2: Tensor; forward: (h: Tensor) => Tensor } {
  manualSeed(seed);
  const w1 = randn([3, 5], { dtype: 'float64', requiresGrad: true });
  const b1 = randn([5], { dtype: 'float64', requiresGrad: true });
  const w2 = randn([5, 3], { dtype: 'float64', requiresGrad: true });
  return { w1, b1, w2, forward: (h) => h.matmul(w1).add(b1).tanh().matmul(w2) };
}

function values(t: Tensor | null): unknown {
  return t === null ? null : t.toArray();
}

describe('checkpoint', () => {
  it('runs fn once forward and once more per backward; gradients equal the plain computation', () => {
    const block = makeBlock(1);
    const x = randn([4, 3], { dtype: 'float64', requiresGrad: true });

    block.forward(block.forward(x)).square().sum().backward();
    const plain = [x, block.w1, block.b1, block.w2].map((t) => values(t.grad));
    for (const t of [x, block.w1, block.b1, block.w2]) t.grad = null;

    const c = counters();
    const h = checkpoint(block.forward, x, { counters: c });
    const y = checkpoint(block.forward, h, { counters: c });
    expect(c).toEqual({ forwards: 2, recomputations: 0 });
    expect(y.gradFn!.name).toBe('CheckpointBackward');
    y.square().sum().backward();
    expect(c).toEqual({ forwards: 2, recomputations: 2 });
    // Same operations in the same order: equal to the last bit.
    expect([x, block.w1, block.b1, block.w2].map((t) => values(t.grad))).toEqual(plain);
  });

  it('saves only its inputs: the segment holds no activations', () => {
    const block = makeBlock(2);
    const x = randn([64, 3], { dtype: 'float64', requiresGrad: true });
    const plain = graphMemory(block.forward(x).sum());
    const y = checkpoint(block.forward, x);
    expect(y.gradFn!.savedForInspection).toEqual([x]);
    const checkpointed = graphMemory(y.sum());
    expect(checkpointed.bytes).toBe(64 * 3 * 8); // x alone
    expect(checkpointed.bytes).toBeLessThan(plain.bytes);
  });

  it('replays random ops with the same numbers, and leaves the generator where the forward left it', () => {
    // fn multiplies by a random mask from the default generator, like dropout.
    const noisy = (h: Tensor): Tensor => h.mul(rand(h.shape, { dtype: 'float64' }).add(0.5)).sin();
    const x = tensor([0.1, 0.2, 0.3, 0.4], { dtype: 'float64', requiresGrad: true });

    manualSeed(7);
    noisy(x).sum().backward();
    const after = rand([1]).item();
    const plain = values(x.grad);
    x.grad = null;

    manualSeed(7);
    const y = checkpoint(noisy, x);
    const afterCheckpoint = rand([1]).item();
    y.sum().backward();
    expect(values(x.grad)).toEqual(plain);
    expect(afterCheckpoint).toBe(after);
    expect(rand([1]).item()).not.toBe(after); // the recomputation did not rewind the generator for later draws
  });

  it('without preserveRngState the recomputation draws new numbers (and the gradient is wrong)', () => {
    const noisy = (h: Tensor): Tensor => h.mul(rand(h.shape, { dtype: 'float64' })).sin();
    const x = tensor([0.1, 0.2, 0.3, 0.4], { dtype: 'float64', requiresGrad: true });
    manualSeed(7);
    noisy(x).sum().backward();
    const plain = values(x.grad);
    x.grad = null;
    manualSeed(7);
    checkpoint(noisy, x, { preserveRngState: false }).sum().backward();
    expect(values(x.grad)).not.toEqual(plain);
  });

  it('gradients() w.r.t. the inputs works, with several inputs and one that needs no gradient', () => {
    const a = tensor([1, 2], { dtype: 'float64', requiresGrad: true });
    const b = tensor([3, 4], { dtype: 'float64', requiresGrad: true });
    const k = tensor([10, 100], { dtype: 'float64' });
    // f = Σ a·b·k: ∂f/∂a = b·k = [30, 400], ∂f/∂b = a·k = [10, 200]
    const f = checkpoint((p, q, r) => p.mul(q).mul(r).sum(), a, b, k);
    const [ga, gb] = gradients(f, [a, b]);
    expect(ga!.toArray()).toEqual([30, 400]);
    expect(gb!.toArray()).toEqual([10, 200]);
  });

  it('supports higher-order gradients (createGraph): equal to the plain ones', () => {
    // f(x) = Σ tanh(x)²: f′ = 2·tanh·(1 − tanh²); the second derivative is compared with the plain graph.
    const fn = (x: Tensor): Tensor => x.tanh().square().sum();
    const x = tensor([0.3, -0.8, 1.1], { dtype: 'float64', requiresGrad: true });
    const [g] = gradients(fn(x), [x], { createGraph: true });
    const [hv] = gradients(g!.sum(), [x]);

    const c = counters();
    const [gc] = gradients(checkpoint(fn, x, { counters: c }), [x], { createGraph: true });
    const [hvc] = gradients(gc!.sum(), [x]);
    expect(c.recomputations).toBe(1);
    const t = [0.3, -0.8, 1.1].map(Math.tanh);
    t.forEach((ti, i) => expect(gc!.toArray()[i as never]).toBeCloseTo(2 * ti * (1 - ti * ti), 14));
    expect(values(gc!)).toEqual(values(g!));
    expect(values(hvc!)).toEqual(values(hv!));
  });

  it('a second backward needs retainGraph, and recomputes again', () => {
    const x = tensor([1, 2], { dtype: 'float64', requiresGrad: true });
    const c = counters();
    const y = checkpoint((h) => h.square().sum(), x, { counters: c });
    y.backward(undefined, { retainGraph: true });
    y.backward();
    expect(c.recomputations).toBe(2);
    expect(x.grad!.toArray()).toEqual([4, 8]); // 2·(2x)
    expect(() => y.backward()).toThrow(/CheckpointBackward: trying to backward through the graph a second time/);
  });

  it('nested checkpoints: the inner one recomputes inside the outer recomputation', () => {
    const x = tensor([0.5, -1], { dtype: 'float64', requiresGrad: true });
    const inner = counters();
    const outer = counters();
    const y = checkpoint((h) => checkpoint((u) => u.exp(), h, { counters: inner }).mul(h), x, { counters: outer });
    y.sum().backward();
    expect(outer).toEqual({ forwards: 1, recomputations: 1 });
    expect(inner).toEqual({ forwards: 2, recomputations: 1 }); // forward, outer recomputation; one backward
    // d(x·eˣ) = (1 + x)·eˣ
    expect(x.grad!.toArray()).toEqual([1.5 * Math.exp(0.5), 0 * Math.exp(-1)]);
  });

  it('as in PyTorch, when no input requires grad the output does not either', () => {
    const block = makeBlock(3);
    const y = checkpoint(block.forward, randn([2, 3], { dtype: 'float64' }));
    expect(y.requiresGrad).toBe(false);
  });

  it('the output is a new tensor even when fn returns its input', () => {
    const x = tensor([1, 2], { dtype: 'float64', requiresGrad: true });
    const y = checkpoint((h) => h, x);
    expect(y).not.toBe(x);
    expect(x.isLeaf).toBe(true);
    y.sum().backward();
    expect(x.grad!.toArray()).toEqual([1, 1]);
  });

  it('rejects a recorded tensor from outside fn, changing an input in place, and bad arguments', () => {
    const x = tensor([1, 2], { dtype: 'float64', requiresGrad: true });
    const outside = x.exp();
    const y = checkpoint((h) => h.mul(outside).sum(), x);
    expect(() => y.backward()).toThrow(/checkpoint: fn uses a tensor made by ExpBackward outside fn that requires grad; pass it to checkpoint as an input/);

    const z = tensor([1, 2], { dtype: 'float64' });
    const w = tensor([3, 4], { dtype: 'float64', requiresGrad: true });
    const out = checkpoint((a, b) => a.mul(b).sum(), z, w);
    z.add_(1);
    expect(() => out.backward()).toThrow(/CheckpointBackward: a tensor it saved for backward/);

    expect(() => checkpoint(3 as never, x)).toThrow(AutogradError);
    expect(() => checkpoint((h) => h, x, { count: 1 } as never)).toThrow(/unknown option 'count'/);
    expect(() => checkpoint((() => 3) as never, x)).toThrow(/fn must return a Tensor/);
  });

  it('keeps the default generator state intact when fn draws nothing', () => {
    const before = defaultGenerator.getState();
    const x = tensor([1], { dtype: 'float64', requiresGrad: true });
    checkpoint((h) => h.square(), x).sum().backward();
    expect(defaultGenerator.getState()).toEqual(before);
  });
});
