/**
 * Bad input gets a clear error: the right class, the op (as `error.op` and the message prefix),
 * the argument and the shapes/values involved; and a failing in-place op changes nothing.
 */
import { describe, expect, it } from 'vitest';
import {
  AutogradError,
  ChainruleError,
  DTypeError,
  IndexError,
  ShapeError,
  ValueError,
  arange,
  cat,
  grad,
  gradients,
  linspace,
  noGrad,
  stack,
  tensor,
  zeros,
  type Tensor,
} from '../src/index.js';

type ErrorClass = new (...args: never[]) => ChainruleError;

/** Runs fn, asserting it throws `cls` from `op` with a message containing every fragment. */
function expectError(fn: () => unknown, cls: ErrorClass, op: string, ...fragments: (string | RegExp)[]): void {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught, 'expected a throw').toBeInstanceOf(cls);
  const err = caught as ChainruleError;
  expect(err).toBeInstanceOf(ChainruleError);
  expect(err.op).toBe(op);
  expect(err.message.startsWith(`${op}: `)).toBe(true);
  expect(err.name).toBe(cls.name);
  for (const f of fragments) {
    if (typeof f === 'string') expect(err.message).toContain(f);
    else expect(err.message).toMatch(f);
  }
}

const f64 = (data: number[] | number[][], requiresGrad = false): Tensor => tensor(data, { dtype: 'float64', requiresGrad });

describe('shape errors', () => {
  it('matmul with differing inner dimensions', () => {
    expectError(() => zeros([2, 3]).matmul(zeros([4, 5])), ShapeError, 'matmul', '[2,3] @ [4,5]', 'inner dimensions 3 and 4 differ');
  });

  it('matmul of a 0-d tensor', () => {
    expectError(() => zeros([]).matmul(zeros([2])), ShapeError, 'matmul', '[] @ [2]', 'at least 1 dim');
  });

  it('reshape to a different number of elements', () => {
    expectError(() => zeros([2, 3]).reshape([4]), ShapeError, 'reshape', 'cannot reshape [2,3] (6 elements) into [4] (4 elements)');
    expectError(() => zeros([2, 3]).reshape([4, -1]), ShapeError, 'reshape', '[2,3]', '[4,-1]');
    expectError(() => zeros([2, 3]).reshape([-1, -1]), ShapeError, 'reshape', 'only one dimension can be -1');
  });

  it('view of a non-contiguous tensor that needs a copy', () => {
    expectError(() => zeros([2, 3]).t().view([6]), ShapeError, 'view', 'shape [3,2]', 'strides [1,3]', 'as [6]', 'reshape()');
  });

  it('add of shapes that do not broadcast', () => {
    expectError(() => zeros([2, 3]).add(zeros([4])), ShapeError, 'add', 'shapes [2,3] and [4] cannot be broadcast', 'dim -1 has sizes 3 and 4');
    expectError(() => zeros([2, 3]).mul(zeros([3, 3])), ShapeError, 'mul', '[2,3] and [3,3]', 'dim -2 has sizes 2 and 3');
  });

  it('expand to an incompatible size', () => {
    expectError(() => zeros([3]).expand(2, 4), ShapeError, 'expand', 'expanded size 4', 'existing size 3', 'shape [3]', 'sizes [2,4]');
  });

  it('cat with mismatched shapes', () => {
    expectError(() => cat([zeros([2, 3]), zeros([2, 4])], 0), ShapeError, 'cat', 'tensors[1] has shape [2,4]', 'tensors[0] [2,3]', 'dim 0');
    expectError(() => cat([zeros([2, 3]), zeros([3])], 1), ShapeError, 'cat', 'tensors[1] has shape [3]');
    expectError(() => stack([zeros([2]), zeros([3])]), ShapeError, 'stack', 'tensors[1] has shape [3]', 'tensors[0] has [2]');
  });

  it('ragged nested arrays in tensor()', () => {
    expectError(() => tensor([[1, 2], [3]]), ShapeError, 'tensor', 'ragged', 'inferred shape [2,2]', 'got 1');
    expectError(() => tensor([[1, 2], 3] as unknown as number[][]), ShapeError, 'tensor', 'ragged');
    expectError(() => tensor([1, [2]] as unknown as number[]), ShapeError, 'tensor', 'ragged', 'depth 1');
  });
});

describe('dim and index errors', () => {
  it('a dim out of range names the dim, the rank and the valid range', () => {
    expectError(() => zeros([2, 3]).sum(2), IndexError, 'sum', 'dim=2', 'rank 2', '-2..1');
    expectError(() => zeros([2, 3]).softmax(-3), IndexError, 'softmax', 'dim=-3');
    expectError(() => zeros([2, 3]).transpose(0, 5), IndexError, 'transpose', 'dim1=5');
  });

  it('a repeated dim is rejected', () => {
    expectError(() => zeros([2, 3]).sum([0, -2]), IndexError, 'sum', 'dim -2 appears more than once in dims [0,-2]');
    expectError(() => zeros([2, 3]).permute(1, 1), IndexError, 'permute', 'dims [1,1] repeat a dim', 'shape [2,3]');
  });

  it('gather with an out-of-range index names the index, its position and the dim size', () => {
    const x = zeros([3, 2]);
    const index = tensor([[0, 1], [3, 0]], { dtype: 'int32' });
    expectError(() => x.gather(0, index), IndexError, 'gather', 'index 3 (at flat position 2)', 'dim 0 of size 3', 'shape [3,2]');
  });

  it('indexSelect with a negative or too large index', () => {
    expectError(() => zeros([3, 2]).indexSelect(1, tensor([0, 2], { dtype: 'int32' })), IndexError, 'indexSelect', 'index 2', 'dim 1 of size 2');
    expectError(() => zeros([3]).indexSelect(0, tensor([-1], { dtype: 'int32' })), IndexError, 'indexSelect', 'index -1');
  });

  it('scatterAdd with an out-of-range index', () => {
    const index = tensor([[0], [4]], { dtype: 'int32' });
    expectError(() => zeros([3, 1]).scatterAdd(0, index, zeros([2, 1])), IndexError, 'scatterAdd', 'index 4', 'dim 0 of size 3');
  });

  it('an index tensor must be int32 or hold whole numbers', () => {
    expectError(() => zeros([3]).indexSelect(0, tensor([0, 0.5])), DTypeError, 'indexSelect', 'index must hold whole numbers, got 0.5 at flat position 1');
    expectError(() => zeros([3]).gather(0, tensor([NaN])), DTypeError, 'gather', 'index must hold whole numbers, got NaN');
  });

  it('narrow and slice outside the tensor', () => {
    expectError(() => zeros([1, 2]).narrow(1, 1, 2), IndexError, 'narrow', 'start=1, length=2', 'dim 1 of size 2', 'shape [1,2]');
    expectError(() => zeros([4]).narrow(0, -5, 1), IndexError, 'narrow', 'start=-5');
    expectError(() => zeros([1, 2]).slice(2, 0, 1), IndexError, 'slice', 'dim=2', 'rank 2');
    expectError(() => zeros([4]).slice(0, 0, 4, 0), ValueError, 'slice', 'step must be a positive integer, got 0');
  });

  it('item() of a tensor with several elements', () => {
    expectError(() => zeros([2, 2]).item(), ValueError, 'item', 'shape is [2,2]');
  });
});

describe('dtype errors', () => {
  it('mixing float32 and float64 in matmul (elementwise ops promote: test/ops/promotion.test.ts)', () => {
    expectError(() => zeros([2, 2]).matmul(zeros([2, 2], { dtype: 'float64' })), DTypeError, 'matmul', 'float32', 'float64');
  });

  it('cat of different dtypes', () => {
    expectError(() => cat([zeros([2]), zeros([2], { dtype: 'float64' })]), DTypeError, 'cat', 'tensors[1] is float64 but tensors[0] is float32');
  });

  it('an int tensor cannot require grad', () => {
    expectError(() => tensor([1, 2], { dtype: 'int32', requiresGrad: true }), DTypeError, 'tensor', 'int32');
    expectError(() => arange(3, undefined, 1, { dtype: 'int32', requiresGrad: true }), DTypeError, 'arange', 'int32');
  });

  it('an unknown dtype name', () => {
    expectError(() => zeros([2], { dtype: 'float16' as 'float32' }), DTypeError, 'zeros', '"float16"');
  });

  it('float-only ops reject int tensors', () => {
    expectError(() => tensor([1, 2], { dtype: 'int32' }).leakyRelu(), DTypeError, 'leakyRelu', 'int32', 'shape [2]');
    expectError(() => tensor([true], { dtype: 'bool' }).neg(), DTypeError, 'neg', 'bool', 'shape [1]');
    expectError(() => tensor([true], { dtype: 'bool' }).sub(1), DTypeError, 'sub', 'bool');
  });
});

describe('value errors', () => {
  it('var with a non-finite correction (too few elements give NaN/inf as PyTorch, issue 10)', () => {
    expectError(() => tensor([1]).var(undefined, { correction: Number.NaN }), ValueError, 'var', 'correction must be a finite number, got NaN');
  });

  it('clamp with a NaN bound, or without bounds', () => {
    expectError(() => tensor([1]).clamp(Number.NaN, 1), ValueError, 'clamp', 'min=NaN');
    expectError(() => tensor([1]).clamp(0, Number.NaN), ValueError, 'clamp', 'max=NaN');
    expectError(() => tensor([1]).clamp(), ValueError, 'clamp', 'at least one of min and max');
  });

  it('arange with a zero, non-finite or backwards step', () => {
    expectError(() => arange(0, 5, 0), ValueError, 'arange', 'step=0');
    expectError(() => arange(0, Infinity), ValueError, 'arange', 'end=Infinity');
    expectError(() => arange(0, 5, -1), ValueError, 'arange', 'step=-1 points away from end=5');
  });

  it('linspace with a bad number of steps', () => {
    expectError(() => linspace(0, 1, -1), ValueError, 'linspace', 'got -1');
    expectError(() => linspace(0, 1, 2.5), ValueError, 'linspace', 'got 2.5');
  });

  it('negative or fractional sizes', () => {
    expectError(() => zeros([2, -1]), ValueError, 'zeros', '[2,-1]');
    expectError(() => zeros([1.5]), ValueError, 'zeros', 'non-negative integers');
  });
});

describe('autograd errors', () => {
  it('non-scalar backward without a gradient', () => {
    expectError(() => f64([1, 2], true).mul(2).backward(), AutogradError, 'backward', 'one-element outputs', 'shape [2]');
  });

  it('backward with a gradient of the wrong shape or dtype', () => {
    const y = f64([1, 2], true).mul(2);
    expectError(() => y.backward(f64([1, 2, 3])), ShapeError, 'backward', 'gradient 0 has shape [3] but the output has shape [2]');
    expectError(() => y.backward(tensor([1, 2])), AutogradError, 'backward', 'gradient 0 is float32 but the output is float64');
  });

  it('backward of a tensor that does not require grad', () => {
    expectError(() => f64([1]).sum().backward(), AutogradError, 'backward', 'does not require grad');
  });

  it('gradients() w.r.t. an input the output does not use, without allowUnused', () => {
    const x = f64([1], true);
    const u = f64([1, 2], true);
    expectError(() => gradients(x.sum(), [x, u]), AutogradError, 'gradients', 'inputs[1] (shape [2]) was not used', 'allowUnused');
  });

  it('grad() with argnums out of range', () => {
    expectError(() => grad((x: Tensor) => x.sum(), { argnums: 1 })(f64([1])), AutogradError, 'grad', 'argnums 1 is out of range for 1 arguments');
  });

  it('in-place on a view while autograd records', () => {
    const h = f64([1, 2], true).mul(1);
    expectError(() => h.narrow(0, 0, 1).add_(1), AutogradError, 'add_', 'view', 'shape [1]');
  });
});

describe('a failing in-place op changes nothing', () => {
  it('add_ with an operand that would broadcast self: values and version unchanged', () => {
    const x = f64([1, 2, 3]);
    expectError(() => x.add_(f64([[1, 2, 3], [4, 5, 6]])), ShapeError, 'add_', 'operand of shape [2,3] would broadcast the tensor of shape [3] to [2,3]');
    expect(x.toArray()).toEqual([1, 2, 3]);
    expect(x.versionCounter.value).toBe(0);
  });

  it('mul_ with a result of a higher kind (promotion), copy_ from a non-broadcastable source', () => {
    const i = tensor([1, 2, 3], { dtype: 'int32' });
    expectError(() => i.mul_(tensor([1, 2, 3])), DTypeError, 'mul_', "result type float32 can't be cast to the tensor's dtype int32", 'shape [3]');
    expect(i.toArray()).toEqual([1, 2, 3]);
    expect(i.versionCounter.value).toBe(0);
    const x = f64([1, 2, 3]);
    expectError(() => x.copy_(f64([1, 2])), ShapeError, 'copy_', '[3]', '[2]');
    expect(x.toArray()).toEqual([1, 2, 3]);
    expect(x.versionCounter.value).toBe(0);
  });

  it('in-place on a leaf requiring grad: values, version and grad unchanged', () => {
    const w = f64([1, 2], true);
    expectError(() => w.mul_(2), AutogradError, 'mul_', 'leaf', 'noGrad()');
    expect(w.toArray()).toEqual([1, 2]);
    expect(w.versionCounter.value).toBe(0);
    expect(w.isLeaf).toBe(true);
  });

  it('writing into an expanded view (elements sharing memory) is refused, leaving the base as it was', () => {
    const base = f64([[1, 2]]);
    const e = base.expand(3, 2);
    expectError(() => e.add_(f64([[1], [2], [3]])), ValueError, 'add_', 'expanded view', 'shape [3,2]', 'strides [0,1]', 'clone()');
    expectError(() => noGrad(() => e.fill_(0)), ValueError, 'fill_', 'expanded view');
    expect(base.toArray()).toEqual([[1, 2]]);
    expect(base.versionCounter.value).toBe(0);
  });
});
