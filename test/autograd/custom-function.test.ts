/**
 * defineFunction: custom ops with a hand-written VJP (PyTorch's autograd.Function) — saved
 * tensors, values, needsInputGrad, naming, createGraph through a VJP written with tensor ops.
 */
import { describe, expect, it } from 'vitest';
import { AutogradError, defineFunction, gradcheck, gradgradcheck, gradients, noGrad, type Tensor } from '../../src/index.js';
import { expectClose, f64 } from './support.js';

// y = x², dy = 2x·g
const Square = defineFunction({
  name: 'Square',
  forward(ctx, x) {
    ctx.saveForBackward(x);
    return x.mul(x);
  },
  backward(ctx, g) {
    const [x] = ctx.saved;
    return [g.mul(x!).mul(2)];
  },
});

// y = a·x + b with a constant `a` passed through ctx.values; d/dx = a·g, d/db = g
function affine(a: number): ReturnType<typeof defineFunction> {
  return defineFunction({
    name: 'Affine',
    forward(ctx, x, b) {
      ctx.values.a = a;
      return x.mul(a).add(b!);
    },
    backward(ctx, g) {
      return [g.mul(ctx.values.a as number), g];
    },
  });
}

describe('defineFunction', () => {
  it('computes the forward and its hand VJP: d Σ x² = 2x', () => {
    const x = f64([1, -2, 3], true);
    const y = Square.apply(x);
    expectClose(y, [1, 4, 9]);
    y.sum().backward();
    expectClose(x.grad!, [2, -4, 6]);
  });

  it('is named like a built-in op: SquareBackward with vjp SquareVjp, ordered inputs', () => {
    const x = f64([1], true);
    const y = Square.apply(x);
    expect(Square.name).toBe('Square');
    expect(y.gradFn!.name).toBe('SquareBackward');
    expect(y.gradFn!.vjp.name).toBe('SquareVjp');
    expect(y.gradFn!.inputs[0]).toBe(x.gradEdge());
    expect(y.gradFn!.saved[0]).toBe(x);
  });

  it('forward runs without recording, so only the custom node is in the graph', () => {
    const x = f64([2], true);
    const y = Square.apply(x);
    expect(y.gradFn!.inputs).toHaveLength(1);
    expect(y.gradFn!.inputs[0]!.name).toBe('AccumulateGrad');
  });

  it('does not record when no input requires grad, or under noGrad', () => {
    expect(Square.apply(f64([2])).requiresGrad).toBe(false);
    expect(noGrad(() => Square.apply(f64([2], true))).requiresGrad).toBe(false);
  });

  it('values stash non-tensor arguments; composes with built-in ops', () => {
    // y = Σ (3x + b)²: dy/dx = 2(3x + b)·3, dy/db = 2(3x + b)
    const x = f64([1, 2], true);
    const b = f64([0.5, -1], true);
    affine(3).apply(x, b).pow(2).sum().backward();
    expectClose(x.grad!, [21, 30]);
    expectClose(b.grad!, [7, 10]);
  });

  it('needsInputGrad tells forward and backward which inputs need a gradient', () => {
    const seen: boolean[][] = [];
    const Mul = defineFunction({
      name: 'MyMul',
      forward(ctx, a, b) {
        seen.push([...ctx.needsInputGrad]);
        ctx.saveForBackward(a!, b!);
        return a!.mul(b!);
      },
      backward(ctx, g) {
        seen.push([...ctx.needsInputGrad]);
        const [a, b] = ctx.saved;
        return [ctx.needsInputGrad[0] ? g.mul(b!) : null, ctx.needsInputGrad[1] ? g.mul(a!) : null];
      },
    });
    const a = f64([2, 3], true);
    const b = f64([5, 7]);
    Mul.apply(a, b).sum().backward();
    expect(seen).toEqual([[true, false], [true, false]]);
    expectClose(a.grad!, [5, 7]);
    expect(b.grad).toBeNull();
  });

  it('saved tensors are checked against in-place changes, naming the custom node', () => {
    const x = f64([1, 2], true);
    const y = Square.apply(x);
    noGrad(() => x.add_(1));
    expect(() => y.sum().backward()).toThrow(/SquareBackward.*add_/s);
  });

  it('a VJP returning the wrong number of gradients is reported by name', () => {
    const Broken = defineFunction({ name: 'Broken', forward: (_c, x) => x.mul(1), backward: () => [] });
    expect(() => Broken.apply(f64([1], true)).sum().backward()).toThrow(/BrokenBackward: BrokenVjp returned 0 gradients for 1 inputs/);
  });

  it('a VJP returning a gradient of the wrong shape is reported with both shapes', () => {
    const Broken = defineFunction({ name: 'Wide', forward: (_c, x) => x.mul(1), backward: (_c, g) => [g.reshape([1, 2])] });
    expect(() => Broken.apply(f64([1, 2], true)).sum().backward()).toThrow(/WideBackward: .*shape \[1,2\] for input 0 of shape \[2\]/);
  });

  it('rejects non-tensor inputs and a forward that returns something else', () => {
    expect(() => Square.apply(3 as unknown as Tensor)).toThrow(AutogradError);
    const NoTensor = defineFunction({ name: 'NoTensor', forward: () => 1 as unknown as Tensor, backward: () => [null] });
    expect(() => NoTensor.apply(f64([1], true))).toThrow(/NoTensor: forward must return a Tensor/);
  });

  it('a forward that returns its input unchanged still gets its own node (the input is not hijacked)', () => {
    const Identity = defineFunction({ name: 'Identity', forward: (_c, x) => x, backward: (_c, g) => [g.mul(2)] });
    const x = f64([1, 2], true);
    const y = Identity.apply(x);
    expect(y).not.toBe(x);
    expect(x.isLeaf).toBe(true);
    y.sum().backward();
    expectClose(x.grad!, [2, 2]);
  });
});

describe('createGraph through a custom VJP', () => {
  // y = x³ with dy = 3x²·g written with tensor ops: differentiable again
  const Cube = defineFunction({
    name: 'Cube',
    forward(ctx, x) {
      ctx.saveForBackward(x);
      return x.mul(x).mul(x);
    },
    backward(ctx, g) {
      const [x] = ctx.saved;
      return [g.mul(x!).mul(x!).mul(3)];
    },
  });

  it('second derivative of the custom x³ is 6x', () => {
    const x = f64([1, -2], true);
    const [g1] = gradients(Cube.apply(x).sum(), x, { createGraph: true });
    expectClose(g1!, [3, 12]);
    const [g2] = gradients(g1!.sum(), x);
    expectClose(g2!, [6, -12]);
  });

  it('passes gradcheck and gradgradcheck', () => {
    const x = f64([0.3, -1.2, 2], true);
    expect(gradcheck((t) => Cube.apply(t), [x]).ok).toBe(true);
    expect(gradgradcheck((t) => Cube.apply(t), [x]).ok).toBe(true);
    expect(gradgradcheck((t) => Square.apply(t), [x]).ok).toBe(true);
  });
});
