/**
 * Issue 10's indexing ops and einsum against PyTorch (test/fixtures/selection.json from
 * test/fixtures/generate_selection.py).
 */
import { describe, it } from 'vitest';
import * as cr from '../../src/index.js';
import type { IndexEntry, ScatterReduce, Tensor } from '../../src/index.js';
import { checkWith, fixtureCases, type Args, type Runner } from './order-check.js';

/** The fixture's subscript spec with {t: k} replaced by the k-th tensor after x. */
function entries(xs: Tensor[], spec: unknown[]): IndexEntry[] {
  return spec.map((e) => (e !== null && typeof e === 'object' ? xs[1 + (e as { t: number }).t]! : (e as IndexEntry)));
}

const RUNNERS: Record<string, Runner> = {
  maskedFill: ([x, m, v], a) => x!.maskedFill(m!, v ?? (a.value as number)),
  indexFill: ([x, i], a) => x!.indexFill(a.dim as number, i!, a.value as number),
  maskedSelect: ([x, m]) => cr.maskedSelect(x!, m!),
  nonzero: ([x]) => x!.nonzero(),
  take: ([x, i]) => x!.take(i!),
  takeAlongDim: ([x, i], a) => cr.takeAlongDim(x!, i!, a.dim as number | undefined),
  scatter: ([x, i, s], a) => x!.scatter(a.dim as number, i!, s ?? (a.value as number)),
  scatterReduce: ([x, i, s], a) => x!.scatterReduce(a.dim as number, i!, s!, a.reduce as ScatterReduce, { includeSelf: a.includeSelf as boolean }),
  index: (xs, a) => xs[0]!.index(entries(xs, a.spec as unknown[])),
  indexPut: (xs, a) => xs[0]!.indexPut(xs.slice(1, -1), xs[xs.length - 1]!, { accumulate: a.accumulate as boolean }),
  einsum: (xs, a: Args) => cr.einsum(a.equation as string, ...xs),
};

describe('PyTorch fixtures: indexing and einsum (issue 10)', () => {
  for (const c of fixtureCases('selection.json')) it(c.name, () => checkWith(c, RUNNERS));
});
