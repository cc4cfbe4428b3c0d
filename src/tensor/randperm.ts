/**
 * `randperm`: a seeded random permutation of 0..n-1 (PyTorch's `torch.randperm`).
 * @module
 */
import { allocate, checkDType, type DType } from '../dtype.js';
import { DTypeError, ValueError } from '../errors.js';
import { defaultGenerator, Generator } from '../random.js';
import { contiguousStrides } from '../shape.js';
import { checkInt, checkOptions, type OptionSchema } from '../checks/index.js';
import { checkNumel } from '../checks/limits.js';
import { Tensor } from './tensor.js';
import type { RandomOptions } from './creation.js';

const RANDPERM_OPTIONS: OptionSchema = { dtype: 'any', requiresGrad: 'bool', generator: 'generator' };

/** The largest integer every value of a float32 permutation can hold exactly (PyTorch 2's check). */
const FLOAT32_EXACT = 2 ** 24;

/**
 * A random permutation of the integers 0, 1, …, n − 1 (PyTorch's `torch.randperm`), drawn with
 * a Fisher–Yates shuffle from `options.generator` (default: the global generator that
 * `manualSeed` seeds), so the same seed gives the same permutation on every platform.
 *
 * The result is int32 (PyTorch: int64, which chainrule stores as int32), or `options.dtype`
 * (`'float32'`/`'float64'` too; `'bool'` is refused, as in PyTorch). Not differentiable.
 *
 * ```ts
 * import { randperm, Generator } from 'chainrule';
 * const p = randperm(5, { generator: new Generator(0) });
 * p.dtype; // 'int32'
 * [...p.toTypedArray()].sort(); // [0, 1, 2, 3, 4]
 * ```
 */
export function randperm(n: number, options: RandomOptions = {}): Tensor {
  checkInt('randperm', 'n', n, 0);
  checkNumel('randperm', n, `n=${n}`);
  checkOptions('randperm', options, RANDPERM_OPTIONS);
  const dtype: DType = options.dtype === undefined ? 'int32' : checkDType('randperm', options.dtype);
  if (dtype === 'bool') throw new DTypeError('randperm', "dtype 'bool' is not supported (as in PyTorch); use 'int32', 'float32' or 'float64'");
  if (dtype === 'float32' && n - 1 > FLOAT32_EXACT) {
    throw new ValueError('randperm', `n=${n} is too large for dtype float32: values above 2^24 are not exact; use 'int32' or 'float64'`);
  }
  if (options.requiresGrad === true && dtype === 'int32') {
    throw new DTypeError('randperm', 'only float32/float64 tensors can require gradients, got requiresGrad with dtype int32');
  }
  const generator = options.generator ?? defaultGenerator;
  const perm = permutation(n, generator);
  const storage = dtype === 'int32' ? perm : allocate(dtype, n);
  if (storage !== perm) storage.set(perm);
  const t = new Tensor(storage, [n], contiguousStrides([n]), 0, dtype);
  if (options.requiresGrad) t.requiresGrad_(true);
  return t;
}

/** 0..n-1 shuffled in place from the last position down: position i swaps with a uniform j ≤ i. */
function permutation(n: number, generator: Generator): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = generator.integer(0, i + 1);
    const t = p[i]!;
    p[i] = p[j]!;
    p[j] = t;
  }
  return p;
}
