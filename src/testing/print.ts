/**
 * Printing for counterexamples: every value at full precision, as source text that rebuilds the
 * tensor, so a failing case can be pasted into a test.
 * @module
 */
import { checkTensor } from '../checks/index.js';
import * as fc from 'fast-check';
import { Tensor } from '../tensor/tensor.js';

/** Tensors with more elements print only their first ones. */
const MAX_PRINTED = 256;

function numberText(v: number | boolean): string {
  if (typeof v === 'boolean') return String(v);
  if (Object.is(v, -0)) return '-0';
  return Number.isNaN(v) ? 'NaN' : String(v);
}

function nestedText(value: unknown): string {
  return Array.isArray(value) ? `[${value.map(nestedText).join(', ')}]` : numberText(value as number | boolean);
}

/**
 * `tensor([[0.5, -1.25]], { dtype: 'float64' })`, with a comment giving strides and offset when
 * the tensor is a non-contiguous view.
 */
export function tensorSource(t: Tensor): string {
  checkTensor('tensorSource', 'tensor', t);
  const layout = t.isContiguous() ? '' : ` /* view: strides [${t.strides.join(', ')}], offset ${t.offset} */`;
  if (t.numel() > MAX_PRINTED) {
    const flat = Array.from(t.toTypedArray().subarray(0, MAX_PRINTED), numberText).join(', ');
    return `tensor(/* shape [${t.shape.join(', ')}], ${t.dtype}; first ${MAX_PRINTED} values: */ [${flat}, ...])${layout}`;
  }
  const data = nestedText(t.toArray());
  // A shaped-but-empty tensor cannot be rebuilt from its nested array alone.
  const reshape = t.numel() === 0 && t.ndim > 1 ? `.reshape([${t.shape.join(', ')}])` : '';
  return `tensor(${data}, { dtype: '${t.dtype}' })${reshape}${layout}`;
}

/** Any generated value as text: tensors via {@link tensorSource}, the rest as fast-check prints it. */
export function valueSource(value: unknown): string {
  if (value instanceof Tensor) return tensorSource(value);
  if (Array.isArray(value)) return `[${value.map(valueSource).join(', ')}]`;
  return fc.stringify(value);
}
