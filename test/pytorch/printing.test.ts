/**
 * toString() against PyTorch's str(tensor) (test/fixtures/printing.json), after mapping PyTorch's
 * spellings to chainrule's: `dtype=torch.float64` → `dtype=float64`, `requires_grad=True` →
 * `requiresGrad=true`, `grad_fn=<MulBackward0>` → `gradFn=<MulBackward>`, `True/False` →
 * `true/false`, `size=(0, 3)` → `shape=[0, 3]`. The fixtures avoid rows whose suffix would wrap
 * onto a new line with one spelling but not the other (PyTorch wraps at 80 columns).
 */
import { describe, expect, it } from 'vitest';
import { tensor, type DType, type NestedArray, type Tensor } from '../../src/index.js';
import { num, printCases, type PrintCase } from './fixtures.js';

/** PyTorch's text with chainrule's spellings. */
export function toChainruleSpelling(text: string): string {
  return text
    .replace(/dtype=torch\.(\w+)/g, 'dtype=$1')
    .replace(/requires_grad=True/g, 'requiresGrad=true')
    .replace(/grad_fn=<(\w+?)\d*>/g, 'gradFn=<$1>')
    .replace(/\bTrue\b/g, 'true')
    .replace(/\bFalse\b/g, 'false')
    .replace(/size=\(([\d, ]+?),?\)/g, 'shape=[$1]');
}

function build(c: PrintCase): Tensor {
  const flat = c.arange ? Array.from({ length: c.arange[2] }, (_, i) => c.arange![0] + i * c.arange![1]) : c.values!.map((v) => (typeof v === 'boolean' ? v : num(v)));
  const base = c.shape.length === 0 ? tensor(flat[0]!, { dtype: c.dtype as DType }) : tensor(flat as NestedArray, { dtype: c.dtype as DType }).reshape(c.shape);
  const leaf = c.requiresGrad ? base.detach().requiresGrad_(true) : base.detach();
  return c.gradFn === 'mul2' ? leaf.mul(2) : leaf;
}

describe('toString matches PyTorch str(tensor)', () => {
  it('maps PyTorch spellings', () => {
    expect(toChainruleSpelling('tensor([], size=(0, 3), dtype=torch.float64)')).toBe('tensor([], shape=[0, 3], dtype=float64)');
    expect(toChainruleSpelling('tensor([ True, False], requires_grad=True)')).toBe('tensor([ true, false], requiresGrad=true)');
    expect(toChainruleSpelling('tensor(2.5000, grad_fn=<MulBackward0>)')).toBe('tensor(2.5000, gradFn=<MulBackward>)');
  });
  for (const c of printCases()) {
    it(c.name, () => {
      expect(build(c).toString()).toBe(toChainruleSpelling(c.torch));
    });
  }
});
