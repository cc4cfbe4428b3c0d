/**
 * graphMemory: bytes of the distinct storages saved by the nodes reachable from a tensor. Expected
 * values are derived from what each op saves (see the comments).
 */
import { describe, expect, it } from 'vitest';
import { graphMemory, randn, tensor, type Tensor } from '../../src/index.js';

describe('graphMemory', () => {
  it('counts each saved storage once, per op', () => {
    const x = tensor([1, 2], { dtype: 'float64', requiresGrad: true });
    // x·x saves x twice (one 16-byte storage); exp saves its output (16 bytes).
    const y = x.mul(x).exp();
    const m = graphMemory(y);
    expect(m.bytes).toBe(32);
    expect(m.storages).toBe(2);
    expect(m.nodes).toBe(3); // ExpBackward, MulBackward, AccumulateGrad
    expect(Object.fromEntries(m.byOp)).toEqual({ MulBackward: 16, ExpBackward: 16 });
  });

  it('is 0 for a tensor without a graph, and after backward freed the saved tensors', () => {
    expect(graphMemory(tensor([1, 2])).bytes).toBe(0);
    const x = tensor([1, 2], { requiresGrad: true });
    const y = x.exp().sum();
    expect(graphMemory(y).bytes).toBe(8);
    y.backward();
    expect(graphMemory(y).bytes).toBe(0);
  });

  it('counts a view by its whole storage, shared with other saves', () => {
    const x = tensor([1, 2, 3, 4], { requiresGrad: true });
    const big = x.exp(); // saves its output: 16 bytes
    const part = big.narrow(0, 1, 2).log(); // log saves its input, a view of the same storage
    expect(graphMemory(part).bytes).toBe(16);
  });

  it('grows linearly with the batch size for an MLP', () => {
    // loss = mean((relu(x·W1 + b1)·W2 + b2 − y)²), float32, x and y not requiring grad. Saved:
    //   matmul 1: x (for W1's gradient)               4·B·I
    //   relu: its output r                             4·B·H
    //   matmul 2: r (already counted) and W2           4·H·O
    //   square = d·d: d (once)                         4·B·O
    //   mean = sum / count: the 0-d sum and the count  4 + 4
    // bytes(B) = 4·(I + H + O)·B + 4·H·O + 8
    const [I, H, O] = [3, 7, 2];
    const W1 = randn([I, H], { requiresGrad: true });
    const b1 = randn([H], { requiresGrad: true });
    const W2 = randn([H, O], { requiresGrad: true });
    const b2 = randn([O], { requiresGrad: true });
    const loss = (B: number): Tensor => randn([B, I]).matmul(W1).add(b1).relu().matmul(W2).add(b2).sub(randn([B, O])).square().mean();
    for (const B of [1, 2, 5, 16, 33]) {
      const m = graphMemory(loss(B));
      expect(m.bytes, `batch ${B}`).toBe(4 * (I + H + O) * B + 4 * H * O + 8);
      expect(m.byOp.get('ReluBackward')).toBe(4 * B * H);
      expect(m.byOp.get('MatmulBackward')).toBe(4 * B * I + 4 * H * O);
    }
  });

  it('accepts several roots and counts shared storages once', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const e = x.exp(); // saves e (8 bytes)
    const a = e.sin(); // saves e again
    const b = e.cos(); // saves e again
    expect(graphMemory([a, b]).bytes).toBe(8);
  });
});
