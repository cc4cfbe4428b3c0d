/**
 * Issue 10's reductions, scans, sorting and structure ops against PyTorch
 * (test/fixtures/order.json from test/fixtures/generate_order.py).
 */
import { describe, it } from 'vitest';
import * as cr from '../../src/index.js';
import type { NormOrder } from '../../src/index.js';
import { checkWith, fixtureCases, type Args, type Runner } from './order-check.js';

const dim = (a: Args): number | undefined => a.dim as number | undefined;
const keepdim = (a: Args): boolean => (a.keepdim as boolean | undefined) ?? false;
const varOptions = (a: Args) => ({ correction: a.correction as number | undefined, keepdim: keepdim(a) });
const normOrder = (p: unknown): NormOrder => (p === 'inf' ? Infinity : p === '-inf' ? -Infinity : (p as NormOrder));

const RUNNERS: Record<string, Runner> = {
  cumprod: ([x], a) => x!.cumprod(a.dim as number),
  logcumsumexp: ([x], a) => cr.logcumsumexp(x!, a.dim as number),
  cummax: ([x], a) => x!.cummax(a.dim as number),
  cummin: ([x], a) => cr.cummin(x!, a.dim as number),
  prod: ([x], a) => (a.dim === undefined ? cr.prod(x!) : x!.prod(a.dim as number, keepdim(a))),
  median: ([x], a) => (a.dim === undefined ? x!.median() : x!.median(a.dim as number, keepdim(a))),
  kthvalue: ([x], a) => x!.kthvalue(a.k as number, dim(a), keepdim(a)),
  varMean: ([x], a) => cr.varMean(x!, dim(a), varOptions(a)),
  stdMean: ([x], a) => cr.stdMean(x!, dim(a), varOptions(a)),
  aminmax: ([x], a) => x!.aminmax({ dim: dim(a), keepdim: keepdim(a) }),
  countNonzero: ([x], a) => x!.countNonzero(dim(a)),
  norm: ([x], a) => x!.norm(a.p === undefined ? undefined : normOrder(a.p), a.dim as number | number[] | undefined, keepdim(a)),
  sort: ([x], a) => x!.sort(dim(a), { descending: a.descending as boolean | undefined, stable: true }),
  argsort: ([x], a) => cr.argsort(x!, dim(a), { descending: a.descending as boolean | undefined }),
  topk: ([x], a) => x!.topk(a.k as number, dim(a), { largest: a.largest as boolean | undefined }),
  tril: ([x], a) => x!.tril(a.diagonal as number),
  triu: ([x], a) => cr.triu(x!, a.diagonal as number),
  diag: ([x], a) => x!.diag(a.diagonal as number),
  diagonal: ([x], a) => x!.diagonal(a.offset as number | undefined, a.dim1 as number | undefined, a.dim2 as number | undefined),
  diagEmbed: ([x], a) => x!.diagEmbed(a.offset as number),
  trace: ([x]) => x!.trace(),
  roll: ([x], a) => x!.roll(a.shifts as number | number[], a.dims as number | number[] | undefined),
  repeat: ([x], a) => x!.repeat(a.sizes as number[]),
  tile: ([x], a) => x!.tile(...(a.dims as number[])),
  repeatInterleave: ([x, r], a) => x!.repeatInterleave(r ?? (a.repeats as number), dim(a)),
  meshgrid: (xs, a) => cr.meshgrid(xs, { indexing: a.indexing as 'ij' | 'xy' }),
  unflatten: ([x], a) => x!.unflatten(a.dim as number, a.sizes as number[]),
  movedim: ([x], a) => x!.movedim(a.source as number[], a.destination as number[]),
  swapaxes: ([x], a) => x!.swapaxes(a.axis0 as number, a.axis1 as number),
  broadcastTo: ([x], a) => x!.broadcastTo(a.shape as number[]),
  unfold: ([x], a) => x!.unfold(a.dim as number, a.size as number, a.step as number),
};

describe('PyTorch fixtures: reductions, scans, sorting, structure (issue 10)', () => {
  for (const c of fixtureCases('order.json')) it(c.name, () => checkWith(c, RUNNERS));
});
