/**
 * einsum: Einstein summation over any number of operands, with '...' and repeated indices
 * (traces, diagonals). Built from diagonal, sum, expand, permute, reshape and matmul, so its
 * gradients are theirs.
 * @module
 */
import { ShapeError, ValueError, fmtShape } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { diagonal } from './diagonal.js';
import { matmul } from './matmul.js';
import { sum } from './reduce.js';
import { requireFloat } from './util.js';
import { expand, permute, reshape } from './views.js';

/** A tensor and the label of each of its dims. */
interface Labeled {
  t: Tensor;
  labels: string[];
}

/** The label of ellipsis dim j (of `count`, right-aligned), outside the letters' range. */
const ellipsisLabel = (j: number): string => String.fromCharCode(0x100 + j);

function parseTerm(term: string, t: Tensor | null, ellipsisDims: number, what: string): string[] {
  const parts = term.split('...');
  if (parts.length > 2) throw new ValueError('einsum', `${what} '${term}' has more than one '...'`);
  for (const c of parts.join('')) {
    if (!/[a-zA-Z]/.test(c)) throw new ValueError('einsum', `${what} '${term}' has '${c}', not a letter`);
  }
  if (parts.length === 1) {
    if (t && term.length !== t.ndim) throw new ShapeError('einsum', `${what} '${term}' names ${term.length} dims but the operand has shape ${fmtShape(t.shape)}`);
    return [...term];
  }
  const k = t ? t.ndim - parts[0]!.length - parts[1]!.length : ellipsisDims;
  if (k < 0) throw new ShapeError('einsum', `${what} '${term}' names more dims than the operand's shape ${fmtShape(t!.shape)}`);
  const dots = Array.from({ length: k }, (_, j) => ellipsisLabel(ellipsisDims - k + j));
  return [...parts[0]!, ...dots, ...parts[1]!];
}

/** Takes the diagonal over each label repeated within one operand. */
function diagonalize({ t, labels }: Labeled): Labeled {
  for (let p = 0; p < labels.length; p++) {
    const q = labels.indexOf(labels[p]!, p + 1);
    if (q < 0) continue;
    if (t.shape[p] !== t.shape[q]) throw new ShapeError('einsum', `index '${labels[p]}' repeats with sizes ${t.shape[p]} and ${t.shape[q]}`);
    const rest = labels.filter((_, k) => k !== p && k !== q);
    return diagonalize({ t: diagonal(t, 0, p, q), labels: [...rest, labels[p]!] });
  }
  return { t, labels };
}

/** Sums out the labels not in `keep`. */
function sumOut(x: Labeled, keep: Set<string>): Labeled {
  const dims = x.labels.map((l, d) => (keep.has(l) ? -1 : d)).filter((d) => d >= 0);
  if (dims.length === 0) return x;
  return { t: sum(x.t, dims), labels: x.labels.filter((l) => keep.has(l)) };
}

/** x permuted to `order` (labels) and broadcast to `sizes`. */
function arrange(x: Labeled, order: readonly string[], sizes: Map<string, number>): Tensor {
  const p = permute(x.t, order.map((l) => x.labels.indexOf(l)));
  return expand(p, order.map((l) => sizes.get(l)!));
}

/** A ⊗ B contracted over their shared labels not in `keep`, as one batched matmul. */
function contract(a: Labeled, b: Labeled, keep: Set<string>, sizes: Map<string, number>): Labeled {
  const inB = new Set(b.labels);
  const batch = a.labels.filter((l) => inB.has(l) && keep.has(l));
  const summed = a.labels.filter((l) => inB.has(l) && !keep.has(l));
  const aOnly = a.labels.filter((l) => !inB.has(l));
  const bOnly = b.labels.filter((l) => !a.labels.includes(l));
  const size = (ls: readonly string[]): number => ls.reduce((p, l) => p * sizes.get(l)!, 1);
  const left = reshape(arrange(a, [...batch, ...aOnly, ...summed], sizes), [size(batch), size(aOnly), size(summed)]);
  const right = reshape(arrange(b, [...batch, ...summed, ...bOnly], sizes), [size(batch), size(summed), size(bOnly)]);
  const labels = [...batch, ...aOnly, ...bOnly];
  return { t: reshape(matmul(left, right), labels.map((l) => sizes.get(l)!)), labels };
}

/**
 * Einstein summation, PyTorch's `torch.einsum`: `'ij,jk->ik'` multiplies matrices, `'ii->'` is a
 * trace, `'ii->i'` a diagonal, `'...ij->...ji'` a batched transpose, `'bi,bj->bij'` an outer
 * product per batch. Without '->', the output is the ellipsis dims then the letters used once, in
 * alphabetical order. Size-1 dims broadcast. Operands may also be passed as one array.
 *
 * @example
 * ```ts
 * einsum('ij,jk->ik', a, b); // a.matmul(b)
 * einsum('ii', m);            // the trace of m
 * ```
 */
export function einsum(equation: string, ...operands: (Tensor | readonly Tensor[])[]): Tensor {
  const tensors = (operands.length === 1 && Array.isArray(operands[0]) ? operands[0] : operands) as readonly Tensor[];
  if (typeof equation !== 'string') throw new ValueError('einsum', `equation must be a string such as 'ij,jk->ik', got ${typeof equation}`);
  tensors.forEach((t, i) => requireFloat('einsum', t, `operand ${i}`));
  const eq = equation.replace(/\s+/g, '');
  const arrow = eq.split('->');
  if (arrow.length > 2) throw new ValueError('einsum', `equation '${equation}' has more than one '->'`);
  const terms = arrow[0]!.split(',');
  if (terms.length !== tensors.length) {
    throw new ValueError('einsum', `equation '${equation}' has ${terms.length} operand terms but ${tensors.length} tensors were given`);
  }
  const ellipsisDims = Math.max(0, ...terms.map((term, i) => (term.includes('...') ? tensors[i]!.ndim - term.replace('...', '').length : 0)));
  const inputs = terms.map((term, i) => diagonalize({ t: tensors[i]!, labels: parseTerm(term, tensors[i]!, ellipsisDims, `term ${i}`) }));
  const counts = new Map<string, number>();
  terms.forEach((term, i) => parseTerm(term, tensors[i]!, ellipsisDims, `term ${i}`).forEach((l) => counts.set(l, (counts.get(l) ?? 0) + 1)));
  const dots = Array.from({ length: ellipsisDims }, (_, j) => ellipsisLabel(j));
  const output = arrow.length === 2
    ? parseTerm(arrow[1]!, null, ellipsisDims, 'the output')
    : [...dots, ...[...counts.keys()].filter((l) => counts.get(l) === 1 && !dots.includes(l)).sort()];
  if (new Set(output).size !== output.length) throw new ValueError('einsum', `the output '${arrow[1]}' repeats an index`);
  const sizes = new Map<string, number>();
  for (const x of inputs) {
    x.labels.forEach((l, d) => {
      const s = x.t.shape[d]!;
      const known = sizes.get(l);
      if (known !== undefined && known !== s && known !== 1 && s !== 1) throw new ShapeError('einsum', `index '${l.charCodeAt(0) >= 0x100 ? '...' : l}' has sizes ${known} and ${s}`);
      sizes.set(l, known === undefined || known === 1 ? s : known);
    });
  }
  for (const l of output) if (!sizes.has(l)) throw new ValueError('einsum', `output index '${l}' appears in no operand`);
  // fold left to right, summing each label out as soon as nothing later needs it
  const needed = (from: number): Set<string> => new Set([...output, ...inputs.slice(from).flatMap((x) => x.labels)]);
  let acc = sumOut(inputs[0]!, needed(1));
  for (let i = 1; i < inputs.length; i++) {
    const keep = needed(i + 1);
    const next = sumOut(inputs[i]!, new Set([...keep, ...acc.labels]));
    acc = contract(sumOut(acc, new Set([...keep, ...next.labels])), next, keep, sizes);
  }
  return arrange(acc, output, sizes);
}
