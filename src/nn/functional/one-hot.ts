/**
 * One-hot encoding of class indices (PyTorch's F.one_hot).
 * @module
 */
import { checkInt, checkNumel, checkTensor } from '../../checks/index.js';
import { DTypeError, IndexError, ValueError, fmtShape } from '../../errors.js';
import { formatValue } from '../../errors.js';
import { empty } from '../../ops/util.js';
import type { Tensor } from '../../tensor/tensor.js';

/**
 * Class indices of shape S → an int32 tensor of shape [...S, numClasses] with a 1 at each index
 * and 0 elsewhere (PyTorch returns int64; chainrule's integer dtype is int32). `numClasses` −1
 * (default) means one more than the largest index. Indices may be int32 or a float tensor
 * holding whole numbers (what `tensor([0, 2, 1])` or `arange` gives). Not differentiable.
 *
 * ```ts
 * import { tensor } from 'chainrule';
 * import { functional as F } from 'chainrule/nn';
 * F.oneHot(tensor([0, 2])).toArray(); // [[1, 0, 0], [0, 0, 1]]
 * ```
 */
export function oneHot(input: Tensor, numClasses = -1): Tensor {
  const op = 'oneHot';
  checkTensor(op, 'input', input);
  checkInt(op, 'numClasses', numClasses, -1);
  if (input.dtype === 'bool') {
    throw new DTypeError(op, `input must hold class indices as int32 or whole-number floats, got bool (shape ${fmtShape(input.shape)})`);
  }
  if (!Number.isInteger(numClasses) || numClasses < -1) {
    throw new ValueError(op, `numClasses must be a non-negative integer or -1, got ${formatValue(numClasses)}`);
  }
  const values = input.toTypedArray();
  let largest = -1;
  for (let i = 0; i < values.length; i++) {
    const v = Number(values[i]);
    if (!Number.isInteger(v)) throw new ValueError(op, `class indices must be whole numbers, got ${formatValue(v)} at flat position ${i} (shape ${fmtShape(input.shape)})`);
    if (v < 0) throw new IndexError(op, `class indices must be non-negative, got ${formatValue(v)} at flat position ${i}`);
    if (numClasses >= 0 && v >= numClasses) throw new IndexError(op, `class index ${v} at flat position ${i} is out of range for numClasses=${numClasses}`);
    largest = Math.max(largest, v);
  }
  if (numClasses === -1 && values.length === 0) throw new ValueError(op, 'cannot infer numClasses (-1) from an empty input; pass numClasses');
  const classes = numClasses === -1 ? largest + 1 : numClasses;
  checkNumel(op, values.length * classes, 'the result');
  const out = empty([...input.shape, classes], 'int32');
  for (let i = 0; i < values.length; i++) out.storage[i * classes + Number(values[i])] = 1;
  return out;
}
