/**
 * Grad mode (noGrad / enableGrad / setGradEnabled), detach / detach_, requiresGrad_, isLeaf,
 * gradFn names and what a Node exposes (ordered inputs, input shapes, saved tensors, vjp name).
 */
import { describe, expect, it } from 'vitest';
import {
  AutogradError,
  DTypeError,
  enableGrad,
  isGradEnabled,
  noGrad,
  setGradEnabled,
  tensor,
} from '../../src/index.js';
import { AccumulateGrad } from '../../src/autograd/node.js';
import { expectClose, f64 } from './support.js';

describe('grad mode', () => {
  it('noGrad: results do not require grad and have no gradFn; the mode is restored', () => {
    const x = f64([1, 2], true);
    const y = noGrad(() => {
      expect(isGradEnabled()).toBe(false);
      return x.mul(2);
    });
    expect(isGradEnabled()).toBe(true);
    expect(y.requiresGrad).toBe(false);
    expect(y.gradFn).toBeNull();
    expect(y.isLeaf).toBe(true);
  });

  it('noGrad restores the mode when its function throws', () => {
    expect(() =>
      noGrad(() => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(isGradEnabled()).toBe(true);
  });

  it('enableGrad inside noGrad records again', () => {
    const x = f64([3], true);
    const y = noGrad(() => enableGrad(() => x.mul(x)));
    expect(y.gradFn!.name).toBe('MulBackward');
    y.sum().backward();
    expectClose(x.grad!, [6]);
  });

  it('setGradEnabled(false) turns recording off globally until turned back on', () => {
    const x = f64([1], true);
    setGradEnabled(false);
    try {
      expect(x.exp().requiresGrad).toBe(false);
    } finally {
      setGradEnabled(true);
    }
    expect(x.exp().requiresGrad).toBe(true);
  });
});

describe('detach, detach_, requiresGrad_', () => {
  it('detach shares storage, does not require grad and stops the gradient', () => {
    // y = Σ x·detach(x): only the first factor is differentiated → dy/dx = x
    const x = f64([2, -3], true);
    const d = x.detach();
    expect(d.storage).toBe(x.storage);
    expect(d.requiresGrad).toBe(false);
    expect(d.isLeaf).toBe(true);
    x.mul(d).sum().backward();
    expectClose(x.grad!, [2, -3]);
  });

  it('detach_ cuts a non-leaf from the graph in place', () => {
    const x = f64([1, 2], true);
    const h = x.mul(2);
    expect(h.detach_()).toBe(h);
    expect(h.isLeaf).toBe(true);
    expect(h.requiresGrad).toBe(false);
    expect(h.gradFn).toBeNull();
    expect(h.mul(3).requiresGrad).toBe(false);
    expectClose(h, [2, 4]);
  });

  it('requiresGrad_ makes a leaf require grad and returns it; the setter does the same', () => {
    const x = f64([1]);
    expect(x.requiresGrad_()).toBe(x);
    expect(x.requiresGrad).toBe(true);
    x.requiresGrad = false;
    expect(x.requiresGrad).toBe(false);
  });

  it('requiresGrad_ on a non-leaf throws, naming the op that made it and suggesting detach', () => {
    const h = f64([1], true).mul(2);
    expect(() => h.requiresGrad_(false)).toThrow(AutogradError);
    expect(() => h.requiresGrad_(false)).toThrow(/^requiresGrad_: .*MulBackward.*detach\(\)/);
    expect(() => {
      h.requiresGrad = false;
    }).toThrow(AutogradError);
  });

  it('requiresGrad_ on an int32 or bool tensor throws a DTypeError naming the dtype', () => {
    expect(() => tensor([1, 2], { dtype: 'int32' }).requiresGrad_()).toThrow(DTypeError);
    expect(() => tensor([1, 2], { dtype: 'int32' }).requiresGrad_()).toThrow(/this one is int32/);
    expect(() => tensor([true]).requiresGrad_()).toThrow(/this one is bool/);
    // turning it off is always allowed
    expect(tensor([1], { dtype: 'int32' }).requiresGrad_(false).requiresGrad).toBe(false);
  });
});

describe('leaves, gradFn names and Node introspection', () => {
  it('isLeaf: created tensors and results of ops on tensors not requiring grad are leaves', () => {
    const x = f64([1], true);
    const c = f64([2]);
    expect(x.isLeaf).toBe(true);
    expect(c.mul(2).isLeaf).toBe(true);
    expect(x.mul(c).isLeaf).toBe(false);
  });

  it('gradFn names follow PyTorch', () => {
    const x = f64([[1, 2], [3, 4]], true);
    const y = f64([[5, 6], [7, 8]], true);
    expect(x.mul(y).gradFn!.name).toBe('MulBackward');
    expect(x.add(y).gradFn!.name).toBe('AddBackward');
    expect(x.sub(y).gradFn!.name).toBe('SubBackward');
    expect(x.div(y).gradFn!.name).toBe('DivBackward');
    expect(x.matmul(y).gradFn!.name).toBe('MatmulBackward');
    expect(x.exp().gradFn!.name).toBe('ExpBackward');
    expect(x.tanh().gradFn!.name).toBe('TanhBackward');
    expect(x.sum().gradFn!.name).toBe('SumBackward');
    expect(x.t().gradFn!.name).toBe('TransposeBackward');
    expect(x.reshape([4]).gradFn!.name).toBe('ReshapeBackward');
    expect(x.pow(2).gradFn!.name).toBe('PowBackward');
  });

  it('a node lists its inputs in order, with null for inputs that need no gradient', () => {
    const a = f64([1, 2], true);
    const b = f64([3, 4], true);
    const c = f64([5, 6]);
    const ab = a.mul(b).gradFn!;
    expect(ab.inputs).toHaveLength(2);
    expect(ab.inputs[0]).toBeInstanceOf(AccumulateGrad);
    expect((ab.inputs[0] as AccumulateGrad).variable).toBe(a);
    expect((ab.inputs[1] as AccumulateGrad).variable).toBe(b);
    const ba = b.mul(a).gradFn!;
    expect((ba.inputs[0] as AccumulateGrad).variable).toBe(b);
    const cb = c.sub(b).gradFn!;
    expect(cb.inputs[0]).toBeNull();
    expect(cb.needsInputGrad(0)).toBe(false);
    expect(cb.needsInputGrad(1)).toBe(true);
  });

  it('the same leaf always flows into the same AccumulateGrad node', () => {
    const a = f64([1], true);
    const n = a.mul(a).gradFn!;
    expect(n.inputs[0]).toBe(n.inputs[1]);
    expect(n.inputs[0]).toBe(a.gradEdge());
  });

  it('inputShapes, vjp.name and saved: mul saves each operand for the other’s gradient', () => {
    const a = f64([[1, 2, 3], [4, 5, 6]], true);
    const b = f64([7, 8, 9], true);
    const node = a.mul(b).gradFn!;
    expect(node.vjp.name).toBe('mulVjp');
    // b is broadcast by an explicit expand, so both inputs of MulBackward are [2,3]
    expect(node.inputShapes).toEqual([[2, 3], [2, 3]]);
    expect(node.inputs[1]!.name).toBe('ExpandBackward');
    expect(node.inputs[1]!.inputShapes).toEqual([[3]]);
    expect(node.saved[0]).toBe(a);
    expect(node.saved[1]!.shape).toEqual([2, 3]);
    expect(node.saved[1]!.storage).toBe(b.storage);
  });

  it('mul by a constant saves nothing of the input that requires grad', () => {
    const x = f64([1, 2], true);
    const node = x.mul(3).gradFn!;
    expect(node.savedForInspection![0]).toBeNull();
    expect(node.savedCount).toBe(1);
  });

  it('exp saves its output; sum saves nothing and keeps its axes as attributes', () => {
    const x = f64([[1, 2], [3, 4]], true);
    const e = x.exp();
    expect(e.gradFn!.saved[0]).toBe(e);
    expect(e.gradFn!.vjp.name).toBe('expVjp');
    const s = x.sum(1);
    expect(s.gradFn!.savedCount).toBe(0);
    expect(s.gradFn!.attrs).toMatchObject({ axes: [1], keepdim: false });
    expect(s.gradFn!.vjp.name).toBe('sumVjp');
  });

  it('later nodes have larger sequence numbers', () => {
    const x = f64([1], true);
    const a = x.exp();
    const b = a.sin();
    expect(b.gradFn!.sequenceNr).toBeGreaterThan(a.gradFn!.sequenceNr);
  });
});
