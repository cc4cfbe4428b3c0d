/**
 * toDot's node labels (output shape, gradient norm after backward) and toSvg: the graph drawn by
 * Graphviz compiled to WebAssembly, as well-formed SVG carrying every op, shape and norm.
 *
 * The graph: h = tanh(W x + b) (h retains its gradient), loss = Σ h². By hand, with z = W x + b:
 * ∂loss/∂h = 2h, ∂loss/∂z = 2h ⊙ (1 − h²) = ∂loss/∂b, ∂loss/∂W = (∂loss/∂z) xᵀ, so
 * ‖∂loss/∂W‖ = ‖∂loss/∂z‖·‖x‖.
 */
import { describe, expect, it } from 'vitest';
import { ValueError, tensor, toDot, toSvg, type Tensor } from '../../src/index.js';
import { expectWellFormedSvg } from '../examples/smoke.js';

const W = [[0.5, -1], [2, 0.25]];
const X = [1, 2];
const B = [0.1, -0.2];

function graph(): { loss: Tensor; h: Tensor } {
  const w = tensor(W, { dtype: 'float64', requiresGrad: true });
  const x = tensor(X, { dtype: 'float64' });
  const b = tensor(B, { dtype: 'float64', requiresGrad: true });
  w.name = 'W';
  b.name = 'b';
  const h = w.matmul(x).add(b).tanh();
  h.retainGrad();
  const loss = h.square().sum();
  loss.name = 'loss';
  return { loss, h };
}

/** The norms by hand (plain arithmetic), as the labels print them (4 significant digits). */
function expectedNorms(): { h: string; b: string; w: string } {
  const z = W.map((row, i) => row[0]! * X[0]! + row[1]! * X[1]! + B[i]!);
  const h = z.map(Math.tanh);
  const dh = h.map((v) => 2 * v);
  const dz = h.map((v) => 2 * v * (1 - v * v));
  const norm = (v: number[]) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));
  const fmt = (v: number) => String(Number(v.toPrecision(4)));
  return { h: fmt(norm(dh)), b: fmt(norm(dz)), w: fmt(norm(dz) * norm(X)) };
}

describe('toDot labels', () => {
  it('show each node output shape; before backward, no gradient norms', () => {
    const dot = toDot(graph().loss);
    expect(dot).toContain('TanhBackward\\ntanhVjp\\nsaved: [2]\\nout [2]"');
    expect(dot).toContain('SumBackward\\nsumVjp\\nout []"');
    expect(dot).toContain('label="W [2,2] float64"');
    expect(dot).not.toContain('‖grad‖');
  });

  it('after backward, the norms of the kept gradients: leaves and retainGrad tensors', () => {
    const { loss } = graph();
    loss.backward();
    const norms = expectedNorms();
    const dot = toDot(loss);
    expect(dot).toContain(`label="W [2,2] float64\\n‖grad‖ ${norms.w}"`);
    expect(dot).toContain(`label="b [2] float64\\n‖grad‖ ${norms.b}"`);
    expect(dot).toContain(`TanhBackward\\ntanhVjp\\nsaved: 1 freed\\nout [2]\\n‖grad‖ ${norms.h}"`);
  });
});

describe('toSvg', () => {
  it('draws the graph as well-formed SVG naming every op, shape and gradient norm', async () => {
    const { loss } = graph();
    loss.backward();
    const svg = await toSvg(loss);
    expectWellFormedSvg(svg, 'toSvg');
    const texts = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    const norms = expectedNorms();
    for (const text of ['loss []', 'SumBackward', 'MulBackward', 'TanhBackward', 'AddBackward', 'MatmulBackward', 'out [2]', 'W [2,2] float64', 'b [2] float64']) {
      expect(texts).toContain(text);
    }
    for (const norm of [norms.w, norms.b, norms.h]) expect(texts).toContain(`‖grad‖ ${norm}`);
    // one Graphviz node per graph node (out, Sum, Mul, Tanh, Add, Squeeze, Matmul, W, b)
    expect(svg.match(/<g id="node\d+" class="node">/g)).toHaveLength(9);
  });

  it('lays out left to right when asked', async () => {
    const { loss } = graph();
    const [tb, lr] = [await toSvg(loss), await toSvg(loss, { rankdir: 'LR' })];
    const size = (svg: string) => /width="(\d+)" height="(\d+)"/.exec(svg)!.slice(1).map(Number);
    const [tbW, tbH] = size(tb);
    const [lrW, lrH] = size(lr);
    expect(tbH! > tbW!).toBe(true); // a chain: tall top to bottom
    expect(lrW! > lrH!).toBe(true); // and wide left to right
  });

  it('rejects what is not a tensor, and unknown options, naming toSvg', async () => {
    await expect(toSvg(5 as never)).rejects.toThrow(ValueError);
    await expect(toSvg(5 as never)).rejects.toThrow(/^toSvg: t must be a Tensor, got 5/);
    await expect(toSvg(graph().loss, { rankdir: 'up' } as never)).rejects.toThrow(/^toSvg: rankdir must be one of 'TB', 'LR', 'BT', 'RL'/);
  });
});
