/**
 * The gap-scan ops after issue 10 (products, elementwise helpers, NumPy-style joins) against
 * PyTorch: values and the gradient of every float input (test/fixtures/gap.json from
 * test/fixtures/generate_gap.py).
 */
import { describe, it } from 'vitest';
import * as cr from '../../src/index.js';
import * as nn from '../../src/nn/index.js';
import { functional as F } from '../../src/nn/index.js';
import { checkWith, fixtureCases, type Runner } from './order-check.js';
import { SUITE_FLOAT } from '../support/suite-backend.js';

const num = (v: unknown): number => (v === 'inf' ? Infinity : (v as number));

const RUNNERS: Record<string, Runner> = {
  mm: ([a, b]) => a!.mm(b!),
  bmm: ([a, b]) => cr.bmm(a!, b!),
  mv: ([a, v]) => a!.mv(v!),
  dot: ([a, b]) => cr.dot(a!, b!),
  inner: ([a, b]) => a!.inner(b!),
  outer: ([a, b]) => cr.outer(a!, b!),
  addmm: ([x, a, b], o) => x!.addmm(a!, b!, { beta: o.beta as number | undefined, alpha: o.alpha as number | undefined }),
  addmv: ([x, a, v], o) => cr.addmv(x!, a!, v!, { beta: o.beta as number, alpha: o.alpha as number }),
  baddbmm: ([x, a, b], o) => x!.baddbmm(a!, b!, { beta: o.beta as number, alpha: o.alpha as number }),
  addcmul: ([x, a, b], o) => x!.addcmul(a!, b!, { value: o.value as number }),
  addcdiv: ([x, a, b], o) => cr.addcdiv(x!, a!, b!, { value: o.value as number }),
  kron: ([a, b]) => a!.kron(b!),
  tensordot: ([a, b], o) => cr.tensordot(a!, b!, o.dims as number | [number[], number[]]),
  cross: ([a, b], o) => a!.cross(b!, (o.dim as number | undefined) ?? -1),
  dist: ([a, b], o) => a!.dist(b!, num(o.p ?? 2)),
  cdist: ([a, b], o) => cr.cdist(a!, b!, num(o.p ?? 2)),
  clip: ([x], o) => x!.clip(o.min as number, o.max as number),
  xlogy: ([x, y]) => x!.xlogy(y!),
  sinc: ([x]) => x!.sinc(),
  deg2rad: ([x]) => cr.deg2rad(x!),
  rad2deg: ([x]) => x!.rad2deg(),
  logit: ([x], o) => x!.logit((o.eps as number | undefined) ?? null),
  heaviside: ([x, v]) => x!.heaviside(v!),
  fmax: ([a, b]) => a!.fmax(b!),
  fmin: ([a, b]) => cr.fmin(a!, b!),
  nanToNum: ([x], o) => x!.nanToNum({ nan: o.nan as number | undefined, posinf: o.posinf as number | undefined, neginf: o.neginf as number | undefined }),
  nansum: ([x], o) => x!.nansum(o.dim as number | undefined, (o.keepdim as boolean | undefined) ?? false),
  nanmean: ([x], o) => cr.nanmean(x!, o.dim as number | undefined, (o.keepdim as boolean | undefined) ?? false),
  hstack: (xs) => cr.hstack(xs),
  vstack: (xs) => cr.vstack(xs),
  dstack: (xs) => cr.dstack(xs),
  columnStack: (xs) => cr.columnStack(xs),
  fliplr: ([x]) => x!.fliplr(),
  flipud: ([x]) => cr.flipud(x!),
  rot90: ([x], o) => x!.rot90(o.k as number, o.dims as [number, number]),
  diff: (xs, o) => xs[0]!.diff((o.n as number | undefined) ?? 1, {
    dim: o.dim as number | undefined,
    ...(o.prepend ? { prepend: xs[1]! } : {}),
    ...(o.append ? { append: xs[xs.length - 1]! } : {}),
  }),
  ravel: ([x]) => x!.ravel(),
  atleast3d: ([x]) => cr.atleast3d(x!),
  trapezoid: ([y, x], o) => cr.trapezoid(y!, { ...(x ? { x } : { dx: (o.dx as number | undefined) ?? 1 }), dim: o.dim as number | undefined }),
  cumulativeTrapezoid: ([y, x], o) => cr.cumulativeTrapezoid(y!, { ...(x ? { x } : { dx: (o.dx as number | undefined) ?? 1 }), dim: o.dim as number | undefined }),
  vander: ([x], o) => cr.vander(x!, o.N as number | undefined, (o.increasing as boolean | undefined) ?? false),
  sgn: ([x]) => x!.sgn(),
  tensorSplit: ([x], o) => x!.tensorSplit((o.sections as number | undefined) ?? (o.indices as number[]), (o.dim as number | undefined) ?? 0),
  combinations: ([x], o) => cr.combinations(x!, (o.r as number | undefined) ?? 2, (o.withReplacement as boolean | undefined) ?? false),
  quantile: ([x, q], o) => x!.quantile(q ? q.detach() : (o.q as number), { dim: o.dim as number | undefined, keepdim: o.keepdim as boolean | undefined, interpolation: o.interpolation as cr.QuantileOptions['interpolation'] }),
  softshrink: ([x], o) => F.softshrink(x!, (o.lambd as number | undefined) ?? 0.5),
  hardshrink: ([x], o) => new nn.Hardshrink((o.lambd as number | undefined) ?? 0.5).forward(x!),
  tanhshrink: ([x]) => new nn.Tanhshrink().forward(x!),
  padModule: ([x], o) => {
    const Cls = (nn as unknown as Record<string, new (...a: unknown[]) => { forward(t: cr.Tensor): cr.Tensor }>)[o.cls as string]!;
    return (o.value === undefined ? new Cls(o.padding) : new Cls(o.padding, o.value)).forward(x!);
  },
  layerModule: ([x], o) => {
    const Cls = (nn as unknown as Record<string, new (...a: unknown[]) => { forward(t: cr.Tensor): cr.Tensor; to(d: string): unknown }>)[o.cls as string]!;
    const m = new Cls(...((o.args as unknown[] | undefined) ?? []));
    m.to(x!.dtype);
    return m.forward(x!);
  },
  multiMarginLoss: ([x, y, w], o) => F.multiMarginLoss(x!, y!, { p: o.p as 1 | 2 | undefined, margin: o.margin as number | undefined, weight: w?.detach() ?? null, reduction: o.reduction as F.Reduction | undefined }),
  multilabelSoftMarginLoss: ([x, y], o) => new nn.MultiLabelSoftMarginLoss({ reduction: o.reduction as F.Reduction | undefined }).forward(x!, y!.detach()),
  unfoldModule: ([x], o) => new nn.Unfold(o.kernel as number[], { stride: o.stride as number[], padding: o.padding as number }).forward(x!),
  foldModule: ([x], o) => new nn.Fold(o.output as number[], o.kernel as number).forward(x!),
  cov: ([x], o) => x!.cov(o.correction === undefined ? {} : { correction: o.correction as number }),
  corrcoef: ([x]) => cr.corrcoef(x!),
  blockDiag: (xs) => cr.blockDiag(...xs),
  cartesianProd: (xs) => cr.cartesianProd(...xs),
  logspace: (_xs, o) => cr.logspace(o.start as number, o.end as number, o.steps as number, (o.base as number | undefined) ?? 10, { dtype: SUITE_FLOAT }),
  triuIndices: (_xs, o) => cr.triuIndices(o.row as number, o.col as number, o.offset as number),
  trilIndices: (_xs, o) => cr.trilIndices(o.row as number, o.col as number, o.offset as number),
  bincount: ([x, w], o) => x!.bincount({ weights: w?.detach() ?? null, minlength: o.minlength as number | undefined }),
  histc: ([x], o) => x!.detach().histc(o.bins as number, o.min as number | undefined, o.max as number | undefined),
  searchsorted: ([s, v], o) => cr.searchsorted(s!.detach(), v!.detach(), { right: o.right as boolean | undefined }),
  bucketize: ([v, b], o) => cr.bucketize(v!.detach(), b!.detach(), { right: o.right as boolean | undefined }),
  unique: ([x], o) => cr.unique(x!.detach(), { returnInverse: o.returnInverse as boolean | undefined, returnCounts: o.returnCounts as boolean | undefined }),
  marginRankingLoss: ([a, b, y], o) => F.marginRankingLoss(a!, b!, y!.detach(), { margin: o.margin as number | undefined, reduction: o.reduction as F.Reduction | undefined }),
  hingeEmbeddingLoss: ([x, y], o) => F.hingeEmbeddingLoss(x!, y!.detach(), { margin: o.margin as number | undefined, reduction: o.reduction as F.Reduction | undefined }),
  softMarginLoss: ([x, y], o) => F.softMarginLoss(x!, y!.detach(), { reduction: o.reduction as F.Reduction | undefined }),
  cosineEmbeddingLoss: ([a, b, y], o) => F.cosineEmbeddingLoss(a!, b!, y!.detach(), { margin: o.margin as number | undefined, reduction: o.reduction as F.Reduction | undefined }),
  gaussianNllLoss: ([x, t, v], o) => F.gaussianNllLoss(x!, t!, v!, { full: o.full as boolean | undefined, eps: o.eps as number | undefined, reduction: o.reduction as F.Reduction | undefined }),
  poissonNllLoss: ([x, t], o) => F.poissonNllLoss(x!, t!, { logInput: o.logInput as boolean | undefined, full: o.full as boolean | undefined, reduction: o.reduction as F.Reduction | undefined }),
};

describe('PyTorch fixtures: the gap-scan ops (products, elementwise helpers, joins)', () => {
  for (const c of fixtureCases('gap.json')) {
    // the float64 defaults (±Number.MAX_VALUE) are not float32's (±3.4e38, tested in test/ops/gap.test.ts)
    const dtypeSpecific = c.name === 'nanToNum defaults' && SUITE_FLOAT !== 'float64';
    (dtypeSpecific ? it.skip : it)(c.name, () => checkWith(c, RUNNERS));
  }
});
