/**
 * The chainrule call for each op name of ops.json, mirroring `OPS` in test/fixtures/generate.py.
 * Every runner returns its outputs as a list (max/min along a dim: [values, indices]).
 */
import { expect } from 'vitest';
import {
  amax,
  amin,
  argmax,
  argmin,
  cat,
  chunk,
  flip,
  gather,
  gelu,
  indexAdd,
  indexSelect,
  leakyRelu,
  logSoftmax,
  logsumexp,
  matmul,
  max,
  mean,
  min,
  pad,
  scatterAdd,
  softmax,
  softplus,
  split,
  stack,
  std,
  sum,
  unbind,
  variance,
  where,
  type PadMode,
  type Tensor,
} from '../../src/index.js';
import * as chainrule from '../../src/index.js';
import { expectMatches, opCases, makeConstant, makeInput, suiteDtype, type OpCase } from './fixtures.js';
import { SUITE_FLOAT } from '../support/suite-backend.js';

type Args = Record<string, unknown>;
type Runner = (xs: Tensor[], a: Args) => Tensor | Tensor[];

const dims = (a: Args): number | number[] | undefined => a.dim as number | number[] | undefined;
const keepdim = (a: Args): boolean => (a.keepdim as boolean | undefined) ?? false;
const other = (xs: Tensor[], a: Args): Tensor | number => (a.other !== undefined ? (a.other as number) : xs[1]!);
const varOptions = (a: Args) => ({ correction: a.correction as number | undefined, keepdim: keepdim(a) });

const unaryNames = [
  'neg', 'exp', 'log', 'log1p', 'expm1', 'sqrt', 'rsqrt', 'square', 'reciprocal', 'abs', 'sign',
  'sin', 'cos', 'tanh', 'sigmoid', 'relu', 'erf',
] as const;

const RUNNERS: Record<string, Runner> = {
  add: (xs, a) => xs[0]!.add(other(xs, a)),
  sub: (xs, a) => xs[0]!.sub(other(xs, a)),
  mul: (xs, a) => xs[0]!.mul(other(xs, a)),
  div: (xs, a) => xs[0]!.div(other(xs, a)),
  pow: (xs, a) => xs[0]!.pow(other(xs, a)),
  maximum: (xs) => xs[0]!.maximum(xs[1]!),
  minimum: (xs) => xs[0]!.minimum(xs[1]!),
  where: (xs) => where(xs[0]!, xs[1]!, xs[2]!),
  leakyRelu: (xs, a) => (a.slope === undefined ? leakyRelu(xs[0]!) : leakyRelu(xs[0]!, a.slope as number)),
  gelu: (xs, a) => gelu(xs[0]!, a.approximate === undefined ? {} : { approximate: a.approximate as 'none' | 'tanh' }),
  softplus: (xs, a) => softplus(xs[0]!, { beta: a.beta as number | undefined, threshold: a.threshold as number | undefined }),
  clamp: (xs, a) => xs[0]!.clamp(a.min as number | undefined, a.max as number | undefined),
  sum: (xs, a) => sum(xs[0]!, dims(a), keepdim(a)),
  mean: (xs, a) => mean(xs[0]!, dims(a), keepdim(a)),
  max: (xs, a) => (a.dim === undefined ? max(xs[0]!) : valuesIndices(max(xs[0]!, a.dim as number, keepdim(a)))),
  min: (xs, a) => (a.dim === undefined ? min(xs[0]!) : valuesIndices(min(xs[0]!, a.dim as number, keepdim(a)))),
  amax: (xs, a) => amax(xs[0]!, dims(a), keepdim(a)),
  amin: (xs, a) => amin(xs[0]!, dims(a), keepdim(a)),
  argmax: (xs, a) => argmax(xs[0]!, a.dim as number | undefined, keepdim(a)),
  argmin: (xs, a) => argmin(xs[0]!, a.dim as number | undefined, keepdim(a)),
  var: (xs, a) => variance(xs[0]!, dims(a), varOptions(a)),
  std: (xs, a) => std(xs[0]!, dims(a), varOptions(a)),
  logsumexp: (xs, a) => logsumexp(xs[0]!, dims(a)!, keepdim(a)),
  softmax: (xs, a) => softmax(xs[0]!, a.dim as number),
  logSoftmax: (xs, a) => logSoftmax(xs[0]!, a.dim as number),
  matmul: (xs) => matmul(xs[0]!, xs[1]!),
  reshape: (xs, a) => xs[0]!.reshape(a.shape as number[]),
  view: (xs, a) => xs[0]!.view(a.shape as number[]),
  select: (xs, a) => xs[0]!.select(a.dim as number, a.index as number),
  permute: (xs, a) => xs[0]!.permute(a.dims as number[]),
  transpose: (xs, a) => xs[0]!.transpose(a.dim0 as number, a.dim1 as number),
  flatten: (xs, a) => xs[0]!.flatten(a.start as number | undefined, a.end as number | undefined),
  squeeze: (xs, a) => xs[0]!.squeeze(a.dim as number | undefined),
  unsqueeze: (xs, a) => xs[0]!.unsqueeze(a.dim as number),
  expand: (xs, a) => xs[0]!.expand(a.sizes as number[]),
  narrow: (xs, a) => xs[0]!.narrow(a.dim as number, a.start as number, a.length as number),
  slice: (xs, a) => xs[0]!.slice(a.dim as number, a.start as number | undefined, a.end as number | undefined, a.step as number | undefined),
  indexSelect: (xs, a) => indexSelect(xs[0]!, a.dim as number, xs[1]!),
  gather: (xs, a) => gather(xs[0]!, a.dim as number, xs[1]!),
  scatterAdd: (xs, a) => scatterAdd(xs[0]!, a.dim as number, xs[1]!, xs[2]!),
  indexAdd: (xs, a) => indexAdd(xs[0]!, a.dim as number, xs[1]!, xs[2]!),
  cat: (xs, a) => cat(xs, a.dim as number | undefined),
  stack: (xs, a) => stack(xs, a.dim as number | undefined),
  split: (xs, a) => split(xs[0]!, a.split as number | number[], a.dim as number | undefined),
  chunk: (xs, a) => chunk(xs[0]!, a.chunks as number, a.dim as number | undefined),
  unbind: (xs, a) => unbind(xs[0]!, a.dim as number | undefined),
  pad: (xs, a) => pad(xs[0]!, a.pad as number[], (a.mode as PadMode | undefined) ?? 'constant', (a.value as number | undefined) ?? 0),
  flip: (xs, a) => flip(xs[0]!, a.dims as number[]),
  // -mean(logSoftmax(tanh(x·W1 + b1)·W2 + b2)[i, target_i])
  mlp: ([x, w1, b1, w2, b2, target]) => {
    const h = x!.matmul(w1!).add(b1!).tanh();
    const logp = h.matmul(w2!).add(b2!).logSoftmax(1);
    return logp.gather(1, target!.unsqueeze(1)).mean().neg();
  },
  // softmax(Q·Kᵀ/√d)·V
  attention: ([q, k, v]) => {
    const scores = q!.matmul(k!.transpose(-1, -2)).div(Math.sqrt(q!.shape[q!.ndim - 1]!));
    return scores.softmax(-1).matmul(v!);
  },
};
for (const name of unaryNames) RUNNERS[name] = (xs) => chainrule[name](xs[0]!);

function valuesIndices(r: { values: Tensor; indices: Tensor }): Tensor[] {
  return [r.values, r.indices];
}

/** The leaves for a case, and the operands after the optional `pre` transform. */
export function buildInputs(c: OpCase): { leaves: Tensor[]; operands: Tensor[] } {
  const leaves = c.inputs.map(makeInput);
  const operands = leaves.map((t) => (c.args.pre === 'transpose' && t.dtype === SUITE_FLOAT && t.ndim >= 2 ? t.transpose(-1, -2) : t));
  return { leaves, operands };
}

/** Runs a case's op in chainrule. */
export function runOp(c: OpCase, operands: Tensor[]): Tensor[] {
  const runner = RUNNERS[c.op];
  if (!runner) throw new Error(`no chainrule runner for fixture op ${c.op}`);
  const out = runner(operands, c.args);
  return Array.isArray(out) ? out : [out];
}

/**
 * Checks one case end to end: forward values (indices exactly), then the gradient of every float
 * input for PyTorch's upstream gradients. A single output goes through `backward()` and `.grad`;
 * several go through `gradients()` at once.
 */
export function checkCase(c: OpCase): void {
  const { leaves, operands } = buildInputs(c);
  const outs = runOp(c, operands);
  expect(outs.length, 'number of outputs').toBe(c.outputs.length);
  outs.forEach((o, i) => {
    // PyTorch's int64 indices are stored as int32 in the fixtures: chainrule's index dtype is int32.
    expect(o.dtype, `output ${i} dtype`).toBe(suiteDtype(c.outputs[i]!.dtype));
    expectMatches(o, c.outputs[i]!, `output ${i}`);
  });

  const diff = c.outputs.map((o, i) => ({ out: outs[i]!, upstream: o.upstream })).filter((o) => o.upstream !== undefined);
  const floatLeaves = leaves.filter((t) => t.dtype === SUITE_FLOAT);
  const expected = c.inputs.filter((x) => x.dtype === 'float64');
  if (diff.length === 0) {
    // Nothing differentiable came out (argmax/argmin): PyTorch has no gradients either.
    expected.forEach((x) => expect(x.grad).toBeNull());
    return;
  }
  const seeds = diff.map((d) => makeConstant(d.upstream!, d.out.shape));
  let grads: (Tensor | null)[];
  if (diff.length === 1) {
    diff[0]!.out.backward(seeds[0]);
    grads = floatLeaves.map((t) => t.grad);
  } else {
    grads = chainrule.gradients(
      diff.map((d) => d.out),
      floatLeaves,
      { gradOutputs: seeds, allowUnused: true },
    );
  }
  grads.forEach((g, i) => {
    const want = expected[i]!.grad;
    if (want === null || want === undefined) {
      expect(g, `gradient of input ${i} (PyTorch: unused)`).toBeNull();
      return;
    }
    expect(g, `gradient of input ${i}`).not.toBeNull();
    expectMatches(g!, { shape: expected[i]!.shape, data: want }, `gradient of input ${i}`);
  });
}

export { opCases };
