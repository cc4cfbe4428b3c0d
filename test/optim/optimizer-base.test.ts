/**
 * The Optimizer base: parameter groups, zeroGrad, step's checks (all before any change),
 * stateDict/loadStateDict, addParamGroup, and stateBytes.
 */
import { describe, expect, it } from 'vitest';
import { DTypeError, ShapeError, Tensor, isGradEnabled, tensor, zeros } from '../../src/index.js';
import { Adagrad, Adam, AdamW, RMSprop, SGD } from '../../src/optim/index.js';
import { expectClose, param } from './support.js';

function grads(...pairs: [Tensor, number[]][]): void {
  for (const [p, g] of pairs) p.grad = tensor(g, { dtype: p.dtype });
}

describe('parameter groups', () => {
  it('a plain list makes one group with the defaults', () => {
    const a = param([1]);
    const opt = new SGD([a], { lr: 0.1, momentum: 0.9 });
    expect(opt.paramGroups).toHaveLength(1);
    expect(opt.paramGroups[0]).toMatchObject({ lr: 0.1, momentum: 0.9, dampening: 0, weightDecay: 0, nesterov: false, maximize: false });
    expect(opt.paramGroups[0]!.params).toEqual([a]);
  });

  it('per-group options override the defaults; each group steps with its own', () => {
    const a = param([1]);
    const b = param([1]);
    const opt = new SGD([{ params: [a] }, { params: b, lr: 0.5 }], { lr: 0.1 });
    grads([a, [1]], [b, [1]]);
    opt.step();
    expectClose(a, [0.9]); // 1 − 0.1·1
    expectClose(b, [0.5]); // 1 − 0.5·1
  });

  it('accepts any iterable of tensors (a Module.parameters() array, a generator)', () => {
    const a = param([1]);
    function* gen(): Generator<Tensor> {
      yield a;
    }
    expect(new SGD(gen(), { lr: 1 }).paramGroups[0]!.params).toEqual([a]);
  });

  it('rejects bad parameter lists with a message naming the problem', () => {
    const a = param([1]);
    expect(() => new SGD([], { lr: 1 })).toThrow(/SGD: got an empty parameter list/);
    expect(() => new SGD(a as unknown as Tensor[], { lr: 1 })).toThrow(/not a single Tensor/);
    expect(() => new SGD([a, 3 as unknown as Tensor], { lr: 1 })).toThrow(/params\[0\] is a Tensor but params\[1\] is number 3/);
    expect(() => new SGD([{ params: [a] }, { lr: 1 } as never], { lr: 1 })).toThrow(/paramGroups\[1\] must be an object \{ params, \.\.\.options \}/);
    expect(() => new SGD([{ params: [a, 'x' as unknown as Tensor] }], { lr: 1 })).toThrow(/paramGroups\[0\]\.params\[1\] is not a Tensor/);
    expect(() => new SGD([a, a], { lr: 1 })).toThrow(/appears more than once/);
    expect(() => new SGD([{ params: [a] }, { params: [a] }], { lr: 1 })).toThrow(/paramGroups\[1\]\.params\[0\].*appears more than once/);
    expect(() => new SGD([{ params: new Set([a]) }], { lr: 1 })).toThrow(/is a Set/);
    expect(() => new SGD([param([1]).mul(2)], { lr: 1 })).toThrow(/not a leaf tensor/);
    expect(() => new SGD([tensor([1], { dtype: 'int32' })], { lr: 1 })).toThrow(DTypeError);
  });

  it('rejects bad options, PyTorch validations included, and unknown keys', () => {
    const a = param([1]);
    expect(() => new SGD([a], { lr: -0.1 })).toThrow(/SGD: lr must be a finite number >= 0, got -0.1/);
    expect(() => new SGD([a], {} as { lr: number })).toThrow(/lr is required/);
    expect(() => new SGD([a], { lr: 0.1, nesterov: true })).toThrow(/Nesterov momentum requires momentum > 0 and dampening 0, got momentum=0/);
    expect(() => new SGD([a], { lr: 0.1, nesterov: true, momentum: 0.9, dampening: 0.1 })).toThrow(/dampening=0.1/);
    expect(() => new SGD([a], { lr: 0.1, momentum: -1 })).toThrow(/momentum must be/);
    expect(() => new SGD([a], { lr: 0.1, learningRate: 1 } as never)).toThrow(/unknown option 'learningRate'/);
    expect(() => new SGD([{ params: [a], lr: 0.1, momentun: 0.9 } as never], { lr: 0.1 })).toThrow(/unknown option 'momentun' \(paramGroups\[0\]\)/);
    expect(() => new SGD([{ params: [a], lr: -1 }], { lr: 0.1 })).toThrow(/lr must be .* got -1 \(paramGroups\[0\]\)/);
    expect(() => new Adam([a], { betas: [0.9, 1] })).toThrow(/Adam: betas\[1\] must be a number in \[0, 1\), got 1/);
    expect(() => new Adam([a], { betas: [0.9] as never })).toThrow(/betas must be a pair/);
    expect(() => new Adam([a], { eps: -1 })).toThrow(/eps must be/);
    expect(() => new AdamW([a], { weightDecay: -1 })).toThrow(/AdamW: weightDecay/);
    expect(() => new RMSprop([a], { alpha: -1 })).toThrow(/RMSprop: alpha/);
    expect(() => new RMSprop([a], { centered: 1 as never })).toThrow(/centered must be true or false/);
    expect(() => new Adagrad([a], { lrDecay: -1 })).toThrow(/Adagrad: lrDecay/);
    expect(() => new Adagrad([a], { initialAccumulatorValue: -1 })).toThrow(/initialAccumulatorValue/);
  });

  it('addParamGroup trains new parameters with their own options, after the same checks', () => {
    const a = param([1]);
    const b = param([1]);
    const opt = new SGD([a], { lr: 0.1 });
    opt.addParamGroup({ params: [b], lr: 0.3 });
    expect(() => opt.addParamGroup({ params: [a] })).toThrow(/paramGroups\[2\]\.params\[0\].*appears more than once/);
    expect(() => opt.addParamGroup({ params: [param([0])], lr: -1 })).toThrow(/paramGroups\[2\]/);
    expect(opt.paramGroups).toHaveLength(2);
    grads([a, [1]], [b, [1]]);
    opt.step();
    expectClose(a, [0.9]);
    expectClose(b, [0.7]);
  });

  it('Adagrad creates its accumulator for groups added later too', () => {
    const a = param([1]);
    const b = param([1, 2]);
    const opt = new Adagrad([a], { initialAccumulatorValue: 0.5 });
    opt.addParamGroup({ params: [b] });
    expectClose(opt.state.get(b)!.sum as Tensor, [0.5, 0.5]);
  });
});

describe('zeroGrad and step', () => {
  it('zeroGrad() sets gradients to null; zeroGrad(false) zeros them in place', () => {
    const a = param([1, 2]);
    const opt = new SGD([a], { lr: 1 });
    grads([a, [3, 4]]);
    const g = a.grad!;
    opt.zeroGrad(false);
    expect(a.grad).toBe(g);
    expectClose(a.grad!, [0, 0]);
    opt.zeroGrad();
    expect(a.grad).toBeNull();
  });

  it('skips parameters without a gradient (no update, no state)', () => {
    const a = param([1]);
    const b = param([1]);
    const opt = new Adam([a, b], { lr: 0.1 });
    grads([a, [1]]);
    opt.step();
    expectClose(b, [1]);
    expect(opt.state.has(b)).toBe(false);
    expect(opt.state.has(a)).toBe(true);
  });

  it('runs a closure with grad enabled and returns its loss', () => {
    const a = param([2]);
    const opt = new SGD([a], { lr: 0.25 });
    let enabled = false;
    const loss = opt.step(() => {
      enabled = isGradEnabled();
      opt.zeroGrad();
      const l = a.square().sum(); // dl/da = 2a = 4
      l.backward();
      return l;
    });
    expect(enabled).toBe(true);
    expect(loss!.item()).toBe(4);
    expectClose(a, [1]); // 2 − 0.25·4
  });

  it('updates in place without recording: same tensor, still a leaf, version bumped', () => {
    const a = param([1]);
    const opt = new SGD([a], { lr: 1 });
    grads([a, [1]]);
    const version = a.versionCounter.value;
    opt.step();
    expect(a.isLeaf).toBe(true);
    expect(a.gradFn).toBeNull();
    expect(a.versionCounter.value).toBeGreaterThan(version);
  });

  it('a step that would fail changes nothing: bad gradient shape in a later parameter', () => {
    const a = param([1, 2]);
    const b = param([1, 2]);
    const opt = new SGD([a, b], { lr: 0.1, momentum: 0.9 });
    grads([a, [1, 1]], [b, [1, 1, 1]]);
    expect(() => opt.step()).toThrow(ShapeError);
    expect(() => opt.step()).toThrow(/SGD\.step: the gradient of paramGroups\[0\]\.params\[1\] has shape \[3\] but the parameter has shape \[2\]/);
    expectClose(a, [1, 2]);
    expect(opt.state.size).toBe(0);
  });

  it('a step that would fail changes nothing: bad gradient dtype, or an option changed to a bad value', () => {
    const a = param([1]);
    const b = param([1]);
    const opt = new Adam([{ params: [a] }, { params: [b] }], { lr: 0.1 });
    grads([a, [1]]);
    b.grad = tensor([1], { dtype: 'float32' });
    expect(() => opt.step()).toThrow(/the gradient of paramGroups\[1\]\.params\[0\] is float32 but the parameter is float64/);
    grads([b, [1]]);
    opt.paramGroups[1]!.lr = -1;
    expect(() => opt.step()).toThrow(/Adam: lr must be .* got -1 \(paramGroups\[1\]\)/);
    expectClose(a, [1]);
    expectClose(b, [1]);
    expect(opt.state.size).toBe(0);
  });

  it('uses the gradient outside any graph built with createGraph', () => {
    const a = param([3]);
    const opt = new SGD([a], { lr: 0.1 });
    a.square().sum().backward(undefined, { createGraph: true }); // grad 6, recorded
    expect(a.grad!.requiresGrad).toBe(true);
    opt.step();
    expectClose(a, [2.4]);
    expect(a.isLeaf).toBe(true);
  });
});

describe('stateDict / loadStateDict', () => {
  function train(opt: Adam | SGD, p: Tensor, steps: number): void {
    for (let i = 0; i < steps; i++) {
      opt.zeroGrad();
      p.sub(tensor([1, -1, 0.5], { dtype: 'float64' })).square().mul(tensor([1, 2, 3], { dtype: 'float64' })).sum().backward();
      opt.step();
    }
  }

  it('round-trips: resuming from a snapshot gives exactly the uninterrupted run', () => {
    const p = param([0.5, 0.2, -1]);
    const opt = new Adam([p], { lr: 0.1, amsgrad: true });
    train(opt, p, 3);
    const snapshot = opt.stateDict();
    const resumed = param(p.toArray() as number[]);
    train(opt, p, 2);

    const opt2 = new Adam([resumed], { lr: 0.9 }); // options come from the snapshot
    opt2.loadStateDict(snapshot);
    expect(opt2.paramGroups[0]).toMatchObject({ lr: 0.1, amsgrad: true });
    train(opt2, resumed, 2);
    expect(resumed.toArray()).toEqual(p.toArray());
  });

  it('is a snapshot: later steps do not change it, and parameters are indices', () => {
    const p = param([1, 2, 3]);
    const opt = new SGD([p], { lr: 0.1, momentum: 0.9 });
    train(opt, p, 1);
    const snapshot = opt.stateDict();
    const before = (snapshot.state.get(0)!.momentumBuffer as Tensor).toArray();
    train(opt, p, 1);
    expect((snapshot.state.get(0)!.momentumBuffer as Tensor).toArray()).toEqual(before);
    expect(snapshot.paramGroups).toEqual([{ lr: 0.1, momentum: 0.9, dampening: 0, weightDecay: 0, nesterov: false, maximize: false, params: [0] }]);
  });

  it('converts state tensors to the parameter dtype', () => {
    const p = param([1, 2, 3]);
    const opt = new SGD([p], { lr: 0.1, momentum: 0.9 });
    opt.loadStateDict({ state: new Map([[0, { momentumBuffer: tensor([1, 2, 3], { dtype: 'float32' }) }]]), paramGroups: [{ ...opt.stateDict().paramGroups[0]!, params: [0] }] });
    expect((opt.state.get(p)!.momentumBuffer as Tensor).dtype).toBe('float64');
  });

  it('rejects a mismatched snapshot and changes nothing', () => {
    const p = param([1, 2, 3]);
    const q = param([1]);
    const opt = new SGD([p], { lr: 0.1, momentum: 0.9 });
    train(opt, p, 1);
    const good = opt.stateDict();
    const two = new SGD([{ params: [p] }, { params: [q] }], { lr: 0.1 });
    expect(() => two.loadStateDict(good)).toThrow(/has 1 parameter groups but the optimizer has 2/);
    const other = new SGD([p, q], { lr: 0.2 });
    expect(() => other.loadStateDict(good)).toThrow(/paramGroups\[0\] has 1 parameters in the state dict but 2 in the optimizer/);
    const fresh = new SGD([p], { lr: 0.2 });
    const badShape = { state: new Map([[0, { momentumBuffer: zeros([2], { dtype: 'float64' }) }]]), paramGroups: good.paramGroups };
    expect(() => fresh.loadStateDict(badShape)).toThrow(/state 'momentumBuffer' of parameter 0 has shape \[2\] but the parameter has shape \[3\]/);
    const badOption = { state: new Map(), paramGroups: [{ ...good.paramGroups[0]!, lr: -3 }] };
    expect(() => fresh.loadStateDict(badOption)).toThrow(/lr must be .* got -3/);
    const badIndex = { state: new Map([[5, {}]]), paramGroups: good.paramGroups };
    expect(() => fresh.loadStateDict(badIndex)).toThrow(/parameter 5, which no group lists/);
    expect(fresh.paramGroups[0]!.lr).toBe(0.2);
    expect(fresh.state.size).toBe(0);
  });
});

describe('stateBytes: the optimizer state held, Σ numel × element size over state tensors', () => {
  // P = 6 + 4 = 10 parameters. Step counters are numbers, not counted.
  function stepped(make: (ps: Tensor[]) => { step(): unknown; stateBytes(): number }, dtype: 'float32' | 'float64' = 'float32'): number {
    const ps = [zeros([2, 3], { dtype, requiresGrad: true }), zeros([4], { dtype, requiresGrad: true })];
    const opt = make(ps);
    for (const p of ps) p.grad = zeros(p.shape, { dtype }).add(1);
    opt.step();
    return opt.stateBytes();
  }

  it('ranks SGD (0) < SGD with momentum (1 buffer) < Adam (2 moments)', () => {
    const sgd = stepped((ps) => new SGD(ps, { lr: 0.1 }));
    const momentum = stepped((ps) => new SGD(ps, { lr: 0.1, momentum: 0.9 }));
    const adam = stepped((ps) => new Adam(ps));
    expect(sgd).toBe(0);
    expect(momentum).toBe(1 * 10 * 4);
    expect(adam).toBe(2 * 10 * 4);
    expect(sgd < momentum && momentum < adam).toBe(true);
  });

  it('counts every kept tensor exactly', () => {
    expect(stepped((ps) => new Adam(ps, { amsgrad: true }))).toBe(3 * 10 * 4);
    expect(stepped((ps) => new AdamW(ps))).toBe(2 * 10 * 4);
    expect(stepped((ps) => new Adam(ps), 'float64')).toBe(2 * 10 * 8);
    expect(stepped((ps) => new RMSprop(ps))).toBe(1 * 10 * 4);
    expect(stepped((ps) => new RMSprop(ps, { momentum: 0.9, centered: true }))).toBe(3 * 10 * 4);
    expect(stepped((ps) => new Adagrad(ps))).toBe(1 * 10 * 4);
  });

  it('is 0 before the first step, except for Adagrad, which allocates its sums up front', () => {
    const p = zeros([5], { requiresGrad: true });
    expect(new Adam([p]).stateBytes()).toBe(0);
    expect(new Adagrad([p]).stateBytes()).toBe(5 * 4);
  });
});
